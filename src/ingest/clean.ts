/**
 * Cleaning: turns text extracted from PDF pages and web pages into paragraphs.
 *
 * Extracted text breaks lines mid-word ("工业和信息\n\n化部"), prints paragraphs twice, and carries
 * page furniture (separators, tables of contents, subscription blurbs, colophons). The cleaner
 * classifies each line, drops furniture, re-joins broken paragraphs and keeps the markers the
 * document splitter needs (separators, bylines, captions).
 */
import { ORDINAL_NUMBER } from '../text/regexp.js';

export type BlockRole =
  /** Body text or a heading. */
  | 'paragraph'
  /** A rule between articles, e.g. "SMART CITY | 政策动态". */
  | 'separator'
  /** "□ 本报记者 朱宁宁": starts a news article. */
  | 'byline'
  /** Photo caption or its credit line; kept as text, but never joined into a paragraph. */
  | 'caption'
  /** Author sign-off closing an article, e.g. "(耀文)". */
  | 'signoff';

export interface TextBlock {
  text: string;
  role: BlockRole;
  /** 1–6 when the source marked this line as a Markdown heading. */
  markdownLevel?: number;
}

const CJK = '\\u3400-\\u9fff';
const cjkChar = new RegExp(`[${CJK}]`);

const separatorLine = /^[A-Z][A-Z ]{3,}\s*[|｜]\s*\S{2,10}$/;
const tocEntry = /^.{2,90}?(?:\t+|\s{2,}|…{2,}|\.{3,})\s*\d{1,3}$/;
const bylineLine = new RegExp(
  `^[□▶■●◆▲]?\\s*(?:本报|新华社|人民日报|总台央视)?(?:特约|首席)?(?:记者|通讯员|实习生)[\\s${CJK}、]{2,24}(?:文图|文/图|报道)?$`,
);
const photoCredit = new RegExp(`^(?:[${CJK}]{0,6}(?:记者|通讯员|摄影)\\s*)?[${CJK}]{2,4}\\s*[/／]?\\s*摄$`);
const photoCaptionStart = /^(?:图为|上图|下图|图[:：])/;
/** A reporter's name in brackets closing a news item: "(耀文)", "（魏弘毅 魏玉坤）". */
const signoff = new RegExp(`^[(（](?!此件|印|签|盖章|完)[${CJK}]{2,4}(?:\\s[${CJK}]{2,4})*[)）]$`);
/** Colophon and contact lines printed on newsletter and newspaper pages. */
const colophonLine =
  /^(?:呈|发|抄送|打字|校对|排版|编辑|责任编辑|联系地址|联系电话|联系传真|电话|传真|邮编|网址|官网|委员会官网|投稿邮箱)\s*[:：]/;
/** Subscription blurbs and QR-code prompts. */
const promoLine = /扫码|二维码|微信号|公众号|订阅|官方店|关注我们/;

/** Characters that may end a complete paragraph. */
const terminal = /[。！？!?；;：:…」』]$|[。！？!?]["”’』」]$|[)）]$/;
/** Structural headings that always start a new paragraph. */
export const structuralHeading = new RegExp(
  `^(?:第${ORDINAL_NUMBER}[编章节条]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\\d{1,2}[.、．]\\s*[${CJK}])`,
);

/**
 * "优必选创始人、董事会主席兼CEO周剑：" above the words it introduces: who says what follows. A
 * numbered clause that announces a list ("第八条 软件著作权人享有下列各项权利：") is not a speaker.
 */
export function isSpeakerLine(text: string): boolean {
  return text.length <= 40 && /[：:]$/.test(text) && !/[，。；！？]/.test(text) && !/^[（(]/.test(text) && !structuralHeading.test(text);
}

/** True when a line reads like running prose rather than a heading: it has clause punctuation or an open quote. */
function looksLikeProse(text: string): boolean {
  if (/[，。；！？]/.test(text)) return true;
  if (text.length > 25 && /[、：]/.test(text)) return true;
  return unbalanced(text);
}

/** Whether `next` continues the unfinished paragraph `open` (a line broken by PDF extraction). */
function continues(open: TextBlock, next: string): boolean {
  if (open.markdownLevel !== undefined) return false;
  const text = open.text;
  if (terminal.test(text) || !looksLikeProse(text)) return false;
  // A bracket or quote the next line closes was opened in the same sentence: a title wrapped
  // inside its 《》 ("关于印发《…管理办" / "法》的通知") is one line, whatever it looks like.
  if (unbalanced(text) && !unbalanced(text + next)) return true;
  if (structuralHeading.test(text) && text.length <= 30 && !/[，。；]/.test(text)) return false;
  // A short line without punctuation after a broken paragraph is more likely a heading than its tail.
  return looksLikeProse(next) || next.length > 25;
}

/** Display width of a line as typeset: a Han character or full-width mark is one em, Latin and digits half. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char.charCodeAt(0) < 0x2e80 ? 0.5 : 1;
  return width;
}

/**
 * The measure (line length) a PDF's body text was set at: the most common width among its longer
 * lines. A justified line that fills it ended where the page did, not where the author did.
 */
function typesetMeasure(lines: Line[]): number | undefined {
  const counts = new Map<number, number>();
  for (const line of lines) {
    const width = Math.round(displayWidth(line.text));
    if (width >= 10) counts.set(width, (counts.get(width) ?? 0) + 1);
  }
  let measure: number | undefined;
  let most = 2; // A measure is a width shared by several lines.
  for (const [width, count] of counts) {
    if (count > most || (count === most && measure !== undefined && width > measure)) [measure, most] = [width, count];
  }
  return measure;
}

function unbalanced(text: string): boolean {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  return count(/“/g) > count(/”/g) || count(/（/g) > count(/）/g) || count(/《/g) > count(/》/g);
}

/**
 * Normalises one line: spaces, Markdown markup, half-width punctuation inside Chinese text,
 * and spaces that PDF extraction put between digits and characters ("2026 年" → "2026年").
 */
export function normalizeLine(line: string): { text: string; markdownLevel?: number } {
  // (NUL is never text, and Postgres cannot store it: a publish or a saved conversation would fail.)
  let text = line.replace(/[\u00a0\u3000\u2002\u2003\u2009]/g, ' ').replace(/[\u200b-\u200d\ufeff\u0000]/g, '');
  text = text.trim();
  let markdownLevel: number | undefined;
  const heading = /^(#{1,6})\s+/.exec(text);
  if (heading) {
    markdownLevel = heading[1]!.length;
    text = text.slice(heading[0].length);
  }
  text = text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/^[-*+]\s+(?=\S)/, '')
    .replace(/^>\s*/, '');
  text = text.replace(COMMA_AFTER_CJK, '$1，');
  text = text.replace(COMMA_BEFORE_CJK, '，');
  text = text.replace(SEMICOLON_AFTER_CJK, '$1；');
  text = text.replace(PARENTHESES_AROUND_CJK, '（$1）');
  text = text.replace(SPACE_AFTER_DIGIT, '$1');
  text = text.replace(SPACE_BEFORE_DIGIT, '$1');
  text = text.replace(/([（(][一二三四五六七八九十]+[)）])\s+/, '$1');
  text = text.replace(SPACE_BEFORE_PARENTHESIS, '$1');
  text = text.replace(/[（(](?:下转|上接|转)第?\d+版[)）]/g, '');
  text = text.replace(/\s{2,}/g, ' ').trim();
  return markdownLevel === undefined ? { text } : { text, markdownLevel };
}

// Half-width punctuation and stray spaces in Chinese text (compiled once: every line of a corpus passes here).
const COMMA_AFTER_CJK = new RegExp(`([${CJK}])\\s*,\\s*`, 'g');
const COMMA_BEFORE_CJK = new RegExp(`,\\s*(?=[${CJK}])`, 'g');
const SEMICOLON_AFTER_CJK = new RegExp(`([${CJK}”])\\s*;\\s*`, 'g');
const PARENTHESES_AROUND_CJK = new RegExp(`\\(([^()]*[${CJK}][^()]*)\\)`, 'g');
const SPACE_AFTER_DIGIT = new RegExp(`(\\d)\\s+(?=[${CJK}%％])`, 'g');
const SPACE_BEFORE_DIGIT = new RegExp(`([${CJK}])\\s+(?=\\d)`, 'g');
const SPACE_BEFORE_PARENTHESIS = new RegExp(`([${CJK}])\\s+(?=（)`, 'g');

interface Line {
  /** The line before normalisation; table-of-contents tabs live only here. */
  raw: string;
  text: string;
  role: BlockRole | 'furniture';
  markdownLevel?: number;
}

function classify(lines: Line[]): void {
  let inToc = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.text;
    if (text === '目录' || text === '目 录') {
      line.role = 'furniture';
      inToc = true;
      continue;
    }
    if (inToc) {
      if (tocEntry.test(line.raw.trim())) {
        line.role = 'furniture';
        continue;
      }
      inToc = false;
    }
    if (separatorLine.test(text)) line.role = 'separator';
    else if (colophonLine.test(text) || (promoLine.test(text) && text.length <= 60)) line.role = 'furniture';
    else if (photoCredit.test(text)) {
      line.role = 'caption';
      const previous = lines[i - 1];
      if (previous && previous.role === 'paragraph' && previous.text.length <= 150 && terminal.test(previous.text)) {
        previous.role = 'caption';
      }
    } else if (bylineLine.test(text)) line.role = 'byline';
    else if (signoff.test(text)) line.role = 'signoff';
    else if (photoCaptionStart.test(text) && text.length <= 150) line.role = 'caption';
  }
  // Short label lines next to a blurb or colophon line belong to it ("赛迪出版物", "把握行业脉动").
  const isShortLabel = (line: Line) => line.role === 'paragraph' && line.text.length <= 14 && !looksLikeProse(line.text) && !line.markdownLevel;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.role !== 'furniture') continue;
      for (const j of [i - 1, i + 1]) {
        const neighbour = lines[j];
        if (neighbour && isShortLabel(neighbour)) neighbour.role = 'furniture';
      }
    }
  }
}

/** Drops a line printed twice: the same as the previous line, or contained in one of the last few lines. */
function isRepeat(text: string, recent: string[]): boolean {
  const last = recent[recent.length - 1];
  if (last === text) return true;
  if (text.length < 20) return false;
  return recent.some((earlier) => earlier.includes(text));
}

export interface CleanOptions {
  /**
   * The text is a PDF's lines as laid out on its pages: a line that fills the measure, or ends a page
   * mid-sentence, was wrapped by the layout. Off for text files, whose line breaks are the author's.
   */
  typeset?: boolean;
}

/** Cleans raw extracted text into blocks. */
export function cleanText(raw: string, options: CleanOptions = {}): TextBlock[] {
  const lines: Line[] = [];
  for (const rawLine of raw.replace(/\r\n?/g, '\n').split('\n')) {
    const { text, markdownLevel } = normalizeLine(rawLine);
    if (!text || /^[-=_*#·•]{3,}$/.test(text) || /^\d{1,3}$/.test(text)) continue;
    const line: Line = { raw: rawLine, text, role: 'paragraph' };
    if (markdownLevel !== undefined) line.markdownLevel = markdownLevel;
    lines.push(line);
  }
  classify(lines);
  const measure = options.typeset ? typesetMeasure(lines) : undefined;
  // An indented first line is two ems short, and a space in "第三条 …" set wider than half an em.
  const fillsMeasure = (text: string) => measure !== undefined && displayWidth(text) >= measure - 3;

  const blocks: TextBlock[] = [];
  const recent: string[] = [];
  /** Captions met while a paragraph was still open; emitted after it closes. */
  let heldCaptions: TextBlock[] = [];
  let open: TextBlock | undefined;
  /** The last line joined into `open`, as printed. */
  let openLine = '';

  const closeOpen = () => {
    if (open) blocks.push(open);
    open = undefined;
    blocks.push(...heldCaptions);
    heldCaptions = [];
  };

  for (const line of lines) {
    if (line.role === 'furniture') continue;
    if (isRepeat(line.text, recent)) continue;
    recent.push(line.text);
    if (recent.length > 4) recent.shift();

    if (line.role === 'caption') {
      if (open) heldCaptions.push({ text: line.text, role: 'caption' });
      else blocks.push({ text: line.text, role: 'caption' });
      continue;
    }
    if (line.role !== 'paragraph') {
      closeOpen();
      blocks.push({ text: line.text, role: line.role });
      continue;
    }
    const startsStructure = structuralHeading.test(line.text) || line.markdownLevel !== undefined;
    const wrapped = open !== undefined && open.markdownLevel === undefined && !terminal.test(open.text) && fillsMeasure(openLine);
    if (open && !startsStructure && (wrapped || continues(open, line.text))) {
      const glue = /[A-Za-z0-9]$/.test(open.text) && /^[A-Za-z0-9]/.test(line.text) ? ' ' : '';
      open.text += glue + line.text;
      openLine = line.text;
      continue;
    }
    closeOpen();
    openLine = line.text;
    open = line.markdownLevel === undefined ? { text: line.text, role: 'paragraph' } : { text: line.text, role: 'paragraph', markdownLevel: line.markdownLevel };
  }
  closeOpen();
  return blocks.filter((block) => cjkChar.test(block.text) || /[A-Za-z]{2}/.test(block.text));
}
