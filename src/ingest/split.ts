/**
 * Splitting: one source file of a compilation (a newspaper page, a policy briefing) becomes its
 * articles and policy texts, each a PolicyDocument with the metadata its text states.
 *
 * Article starts are found from what the page prints: separators between sections, bylines
 * (□ 本报记者 …, 本报讯), policy titles followed by a 文号, a date or an addressee line, the
 * "关于印发《X》的通知" notice and the text X attached to it, and sign-offs such as "(耀文)".
 */
import type { DocumentType, PolicyDocument, SourceText } from '../types.js';
import { bigramOverlap } from '../text/bigrams.js';
import { cleanText, isSpeakerLine, structuralHeading, type TextBlock } from './clean.js';
import {
  dateLine,
  deliveredLine,
  documentNumberLine,
  documentType,
  findEffectiveDate,
  isIssuerName,
  isPolicyTitle,
  issuersFromTitle,
  normalizeDocumentNumber,
  parseDate,
  PRINTED_DAY,
  versionKey,
} from './metadata.js';

/**
 * What a source states about its document outside the text (an HTML page's 信息公开 table):
 * fallbacks for the document the source is titled by. The loaders attach it to the SourceText.
 */
export interface StatedMetadata {
  /** 文号, normalised. */
  documentNumber?: string;
  /** 发文机关. */
  issuers?: string[];
}

/** Where a document starts, and what kind of start it is. */
interface Start {
  index: number;
  kind: 'news' | 'policy' | 'attachment' | 'untitled';
  /** For an attachment: the notice it was issued with. */
  notice?: number;
}

const newsLead = /^(?:本报讯|新华社[\u4e00-\u9fff]{0,8}\d{0,2}月?\d{0,2}日?电|本报[\u4e00-\u9fff]{2,6}\d{1,2}月\d{1,2}日电|[（(]记者)/;
const addresseeLine = /^各[\u4e00-\u9fff、，（）()]{4,}[：:]$/;
const noticeTitle = /^(?:.{0,40}?关于)?印发[《<](.+?)[》>]的通知$/;
/** "附件" or "附件2" alone on its line: the label GB/T 9704 prints above an attached text. */
const attachmentLabel = /^附件\s*\d{0,2}$/;

/** A line of issuing bodies only ("某市发展和改革委员会 某市数据局"): a title's first line, or a signature. */
function isIssuerLine(text: string): boolean {
  const names = text.split(/[\s、]+/).filter(Boolean);
  return names.length > 0 && names.every(isIssuerName);
}

/** A short line without clause punctuation: a heading, a 版头 line or part of one. */
function isBareLine(block: TextBlock | undefined): boolean {
  return block?.role === 'paragraph' && block.text.length <= 30 && !/[，。；：:！？]/.test(block.text);
}

/**
 * How many blocks from `index` on are a 红头文件's head printed above its title: the 版头 (发文机关标志:
 * the issuers' names, then "文件", which a long name wraps anywhere: "某市发展和改革委员会文" / "件")
 * and the 文号 under it. 0 when the run does not end in a 文号.
 */
function headLength(blocks: TextBlock[], index: number, end = blocks.length): number {
  for (let at = index; at < end && at - index <= 4; at++) {
    if (!documentNumberLine(blocks[at]!.text)) {
      if (!isBareLine(blocks[at])) return 0;
      continue;
    }
    const masthead = blocks.slice(index, at).map((b) => b.text);
    const named = masthead.join('').replace(/\s+/g, '').endsWith('文件') || masthead.every(isIssuerLine);
    return named ? at + 1 - index : 0;
  }
  return 0;
}

/** The issuers a 版头 names: "某市发展和改革委员会文件" → 某市发展和改革委员会. */
function mastheadIssuers(lines: string[]): string[] {
  const names = lines.map((line) => line.replace(/\s+/g, '')).join('').replace(/文件$/, '');
  if (isIssuerName(names)) return [names];
  return lines.every(isIssuerLine) ? lines.flatMap((line) => line.split(/[\s、]+/).filter(Boolean)) : [];
}

/**
 * Joins a formal title the layout wrapped ("关于印发《某市…管理办法》" / "的通知", "中华人民共和国全国
 * 人民代表大会常务委员会议" / "事规则"): a title ends in its 文种, so a line that does not, or that
 * only seems to ("…案件适用法" / "律若干问题的解释"), goes on in the next lines when together they
 * do. A wrapped line is one with 关于 (发文机关 + 关于 + 事由 + 文种), or, in a PDF's lines as the page
 * set them, a full line: the lines it goes on in are about as long (glyphs differ in width: 《》),
 * and the last one shorter. (Elsewhere a line is as its author ended it.)
 */
function joinWrappedTitles(blocks: TextBlock[], typeset: boolean): TextBlock[] {
  // (A title line may be longer than other bare lines: what the cleaner joined inside its 《》.)
  const titleLine = (block: TextBlock | undefined) => block?.role === 'paragraph' && block.markdownLevel === undefined && block.text.length <= 80 && !/[，。；：:！？]/.test(block.text);
  // (Not a line in brackets under a title, which dates it, "（2025年11月1日）", nor a heading of the
  // text's parts, "第一章 总则", "二、工作安排", nor the issuers a title is printed under.)
  const continues = (block: TextBlock | undefined, width = Infinity) =>
    titleLine(block) && !/^(?:关于|[（(])/.test(block!.text) && !structuralHeading.test(block!.text) && block!.text.length <= width + 2;
  const joined: TextBlock[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const width = block.text.length;
    const full = typeset && width >= 15 && titleLine(block) && !isIssuerLine(block.text) && continues(blocks[i + 1], width);
    // (A line with 关于 goes on in one short line, as a title's 事由 and 文种 are wrapped anywhere.)
    const formal = isBareLine(block) && block.markdownLevel === undefined && /^.{0,40}关于/.test(block.text) && !isPolicyTitle(block.text) && isBareLine(blocks[i + 1]) && continues(blocks[i + 1]);
    // (A full line goes on in at most three more: a title, not a paragraph the extraction left unjoined.)
    let end = i;
    let text = block.text;
    for (let j = i + 1; (full || formal) && j <= i + 3 && continues(blocks[j], full ? width : Infinity); j++) {
      text += blocks[j]!.text;
      if (isPolicyTitle(text)) end = j;
      if (!full || blocks[j]!.text.length < width - 2) break;
    }
    if (end > i) {
      joined.push({ ...block, text: blocks.slice(i, end + 1).map((b) => b.text).join('') });
      i = end;
      continue;
    }
    joined.push(block);
  }
  return joined;
}

/**
 * Walks back from a formal title over what a 红头文件 prints above it: the issuers' line the title
 * wraps from ("某市发展和改革委员会 某市数据局" over "关于印发…的通知"), the 文号 and the 版头.
 */
function formalHeadStart(blocks: TextBlock[], index: number, floor: number): number {
  let start = index;
  const previous = blocks[start - 1];
  if (start - 1 >= floor && previous?.role === 'paragraph' && /^关于/.test(blocks[index]!.text) && isIssuerLine(previous.text)) start--;
  let head = start;
  for (let at = start - 1; at >= floor && start - at <= 5; at--) {
    if (headLength(blocks, at, start) === start - at) head = at;
  }
  return head;
}

function isHeadingLike(block: TextBlock): boolean {
  if (block.role !== 'paragraph') return false;
  if (block.markdownLevel !== undefined) return true;
  return block.text.length <= 60 && !/[，。；！？]/.test(block.text) && !structuralHeading.test(block.text);
}

/** A line naming who speaks next in a roundup of voices. */
function isSpeakerBlock(block: TextBlock | undefined): boolean {
  return block?.role === 'paragraph' && isSpeakerLine(block.text);
}

function isProse(block: TextBlock): boolean {
  return block.role !== 'separator' && /[，。；！？]/.test(block.text) && block.text.length >= 20;
}

function compact(text: string): string {
  return text.replace(/[\s（）()]/g, '');
}

/** Walks back from an article start over the headline lines printed above it. */
function headlineStart(blocks: TextBlock[], index: number, floor: number): number {
  let start = index;
  while (start - 1 >= floor && start - index > -4 && isHeadingLike(blocks[start - 1]!)) start--;
  return start;
}

function findStarts(blocks: TextBlock[], from: number, to: number): Start[] {
  const starts: Start[] = [{ index: from, kind: 'untitled' }];
  const add = (start: Start) => {
    const last = starts[starts.length - 1]!;
    if (start.index <= last.index) {
      // A more specific start at the same place wins over an untitled one.
      if (start.index === last.index && last.kind === 'untitled') starts[starts.length - 1] = start;
      return;
    }
    starts.push(start);
  };
  const attachments = new Map<string, number>();

  for (let i = from; i < to; i++) {
    const block = blocks[i]!;
    const floor = starts[starts.length - 1]!.index;
    if (block.role === 'byline') {
      // A second byline (reporter, then correspondent) belongs to the same article.
      if (blocks[i - 1]?.role === 'byline') continue;
      add({ index: headlineStart(blocks, i, floor), kind: 'news' });
      continue;
    }
    if (block.role === 'signoff') {
      if (i + 1 < to) add({ index: i + 1, kind: 'untitled' });
      continue;
    }
    if (block.role !== 'paragraph') continue;

    // A headline over a speaker's line after another article's text opens a roundup of voices
    // ("机器人领域企业家热议政府工作报告" / "优必选创始人…周剑："): a page prints these without a byline.
    if (isHeadingLike(block) && !isPolicyTitle(block.text) && isSpeakerBlock(blocks[i + 1]) && blocks[i - 1] && isProse(blocks[i - 1]!) && i - 1 > floor) {
      add({ index: i, kind: 'news' });
      continue;
    }
    if (newsLead.test(block.text) && !(blocks[i - 1]?.role === 'byline')) {
      add({ index: headlineStart(blocks, i, floor), kind: 'news' });
      continue;
    }
    const notice = noticeTitle.exec(block.text.replace(/\s+/g, ''));
    if (notice) {
      attachments.set(compact(notice[1]!), i);
      // A briefing's display headline right after a page rule ("首个省级数据科技创新政策发布") opens the notice.
      const previous = blocks[i - 1];
      const displayed = previous && i - 1 === floor && previous.role === 'paragraph' && isHeadingLike(previous) && !isPolicyTitle(previous.text) && !isIssuerLine(previous.text);
      add({ index: displayed ? i - 1 : formalHeadStart(blocks, i, floor), kind: 'policy' });
      continue;
    }
    const attachedNotice = attachments.get(compact(block.text));
    if (attachedNotice !== undefined && i > attachedNotice + 1) {
      const labelled = i - 1 > attachedNotice && attachmentLabel.test(blocks[i - 1]!.text);
      add({ index: labelled ? i - 1 : i, kind: 'attachment', notice: attachedNotice });
      attachments.delete(compact(block.text));
      continue;
    }
    if (isPolicyTitle(block.text) && isHeadingLike(block)) {
      const following = blocks.slice(i + 1, i + 3).map((b) => b.text);
      const formalStart = formalHeadStart(blocks, i, floor);
      // A 文号 printed above the title (a 红头文件) introduces it as surely as one printed below.
      const headed = blocks.slice(formalStart, i).some((b) => documentNumberLine(b.text) !== undefined);
      const introduced = headed || following.some((text) => documentNumberLine(text) || dateLine(text) || addresseeLine.test(text));
      if (introduced && formalStart < i) {
        add({ index: formalStart, kind: 'policy' });
      } else if (introduced) {
        // A briefing prints its own short headline above the formal title: keep it with the document.
        const previous = blocks[i - 1];
        const sameTitle = previous && i - 1 === floor && isHeadingLike(previous) && bigramOverlap(previous.text, block.text) >= 0.5;
        const index = sameTitle ? i - 1 : i;
        add({ index, kind: 'policy' });
      }
    }
  }
  return starts;
}

interface DraftDocument {
  blocks: TextBlock[];
  kind: Start['kind'];
  notice?: DraftDocument;
  title: string;
  headline?: string;
  /** The title was made from the body: no headline was printed above the text. */
  untitled: boolean;
  /** Several voices under one headline ("机器人领域企业家热议政府工作报告"). */
  roundup: boolean;
  /**
   * A headline printed above this article that belongs to another one: it shares almost nothing
   * with this body (page layout put the next article's headline here).
   */
  orphanHeadline?: { text: string; fit: number };
  documentNumber?: string;
  date?: string;
  /** The day a statute's 题注 says its version was made (enactedOn): weaker than a date the source states, stronger than a PDF's. */
  enacted?: string;
  issuers: string[];
}

/** What a 题注 says was done to the text on its day. */
const MADE = '通过|公布|发布|修订|修正|批准|印发';

/**
 * A statute's 题注, printed under its title: on which day it was passed, promulgated or amended,
 * by which meeting, order or decision ("2014年8月7日 中华人民共和国国务院令第654号公布", "2014年10月1日
 * 施行"). Never the title itself; a headline that names a year ("2024年政府工作报告审议通过") is not one.
 */
const enactmentNote = new RegExp(
  `^[（(]?${PRINTED_DAY}\\s*(?:[^，。；]{0,80}(?:会议|令|公告|决定|第[^，。；]{1,8}号)[^，。；]{0,40}|经[^，。；]{1,30})?(?:${MADE}|施行)[）)]?$`,
);
/** A line of a statute's 题注 (or several the cleaner joined): it opens on a day, and says what was made of the text then. */
const enactmentStep = new RegExp(`^[（(]?(?:根据)?${PRINTED_DAY}(?![，,])[^。；]*(?:${MADE}|决定|修正案)`);
/** Each day the 题注 names and what was done then, up to the next day: not the day it takes effect ("2014年10月1日 施行"). */
const madeOn = new RegExp(`(${PRINTED_DAY})(?!\\s*(?:起)?施行)(?=[^年]{0,80}?(?:${MADE}|决定))`, 'g');

/**
 * The day a statute's version was made, as its 题注 under the title states: the last day it was
 * passed, amended or promulgated, not the day it takes effect. A file that does not carry the date
 * in its name (a user's PDF of a law) is dated so, not by the day it was printed.
 */
function enactedOn(blocks: TextBlock[]): string | undefined {
  const first = blocks.slice(0, 6).findIndex((b) => enactmentStep.test(b.text));
  if (first < 0) return undefined;
  let last = first;
  while (last + 1 < blocks.length && enactmentStep.test(blocks[last + 1]!.text)) last++;
  const steps = blocks.slice(first, last + 1).map((b) => b.text).join('\n');
  return [...steps.matchAll(madeOn)]
    .map((m) => parseDate(m[1]!))
    .filter((day): day is string => day !== undefined)
    .sort()
    .at(-1);
}

/** A part of a code, as printed under the code's name: "物权编", "总则", "附则" (not a chapter, "第一章 总则"). */
const isCodePart = (text: string) => /(?:编|总则|附则)$/.test(text) && text.length <= 8 && !structuralHeading.test(text);

/** Picks the headline among the lines above an article: the formal title, a Markdown heading, or the line that best matches the body. */
function chooseTitle(headings: TextBlock[], body: TextBlock[]): string | undefined {
  const candidates = headings.filter((h) => !/[：:]$/.test(h.text) && !enactmentNote.test(h.text));
  if (candidates.length === 0) return undefined;
  // A code's part printed under the code's name ("中华人民共和国民法典" / "物权编") is titled by the
  // part, which draftDocument prints with the code's name (partOfCode), as Markdown's "# 物权编" is.
  const part = candidates.find((h, i) => i > 0 && isCodePart(h.text) && /法典$/.test(candidates[i - 1]!.text));
  if (part) return part.text;
  const policy = candidates.filter((h) => isPolicyTitle(h.text));
  if (policy.length > 0) return policy.reduce((a, b) => (b.text.length > a.text.length ? b : a)).text;
  // Of Markdown headings, the highest level's: under a case's "# …", "## 基本案情" heads a section.
  const markdown = candidates.filter((h) => h.markdownLevel !== undefined);
  const top = Math.min(...markdown.map((h) => h.markdownLevel!));
  if (markdown.length > 0) return markdown.filter((h) => h.markdownLevel === top).at(-1)!.text;
  if (candidates.length === 1) return candidates[0]!.text;
  const bodyStart = body.slice(0, 3).map((b) => b.text).join('');
  let best = candidates[0]!;
  let bestScore = -1;
  for (const candidate of candidates) {
    const score = bigramOverlap(candidate.text, bodyStart) + candidate.text.length / 200;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best.text;
}

/** First clause of the body, for articles whose headline was lost in extraction. */
function titleFromBody(body: TextBlock[]): string {
  const first = body.find((b) => b.role === 'paragraph')?.text ?? body[0]?.text ?? '';
  const sentence = first.split(/[。！？]/)[0] ?? first;
  return sentence.length > 40 ? `${sentence.slice(0, 40)}…` : sentence;
}

function draftDocument(blocks: TextBlock[], kind: Start['kind']): DraftDocument {
  // A 红头文件's 版头 and 文号 come before its title, and "附件" before an attached text's: labels,
  // not headline candidates.
  const formalHead = headLength(blocks, 0);
  const lead = formalHead || (attachmentLabel.test(blocks[0]?.text ?? '') ? 1 : 0);
  let headingCount = lead;
  while (headingCount < blocks.length && headingCount - lead < 4 && isHeadingLike(blocks[headingCount]!)) headingCount++;
  const headings = blocks.slice(lead, headingCount);
  const body = blocks.slice(headingCount);
  // A roundup of several voices is titled by the headline over its first speaker's line, not by
  // that speaker's own headline; a single voice's piece keeps the speaker's headline.
  const roundup = headingCount >= 2 && isSpeakerBlock(headings[1]) && blocks.filter(isSpeakerBlock).length >= 2;
  const chosen = roundup ? headings[0]!.text : chooseTitle(headings, body);
  const bodyStart = body.slice(0, 3).map((b) => b.text).join('');
  const chosenFit = chosen ? bigramOverlap(chosen, bodyStart) : 0;
  // (A kicker is shorter than another article's headline: under 20 characters.)
  const orphan = headings.find((h) => h.text !== chosen && h.text.length >= 20 && !/[：:]$/.test(h.text) && bigramOverlap(h.text, bodyStart) < chosenFit / 2);
  // A news headline's kicker (引题), printed right above it ("工业和信息化部高质量办理重点督办建议" over
  // "破局“人工智能+制造” 一批建议办理见成效"): readers cite either line, so the title holds both.
  const at = chosen ? headings.findIndex((h) => h.text === chosen) : -1;
  const kicker = at > 0 ? headings[at - 1]! : undefined;
  const kicked = Boolean(kicker && kicker !== orphan && kicker.text.length < 20 && !/[：:。]$/.test(kicker.text) && !isPolicyTitle(kicker.text) && !isPolicyTitle(chosen!));
  // A formal title wrapped after its issuers ("某市发展和改革委员会 某市数据局" / "关于印发…的通知")
  // is one title: 发文机关 + 关于 + 事由 + 文种.
  const wrappedIssuers = Boolean(kicker && chosen && /^关于/.test(chosen) && isIssuerLine(kicker.text));
  // A code's part under the code's name ("中华人民共和国民法典" / "人格权编") is cited with both.
  const partOfCode = Boolean(kicker && chosen && isCodePart(chosen) && /法典?$/.test(kicker.text));
  const title = chosen
    ? wrappedIssuers
      ? `${kicker!.text}${chosen}`
      : kicked || partOfCode
        ? `${kicker!.text} ${chosen}`
        : chosen
    : titleFromBody(blocks);
  // Over a formal title the same line is a briefing's display headline: kept apart from the title,
  // which lookups quote as 《…》.
  // (Also a shorter title printed over the formal one: "两部门关于联合实施…的通知".)
  const displayed = Boolean(!wrappedIssuers && kicker && kicker !== orphan && kicker.text.length < 30 && !/[：:。|｜]/.test(kicker.text) && isPolicyTitle(chosen!));
  const headline = displayed ? kicker!.text : undefined;
  const orphanHeadline = orphan ? { text: orphan.text, fit: bigramOverlap(orphan.text, bodyStart) } : undefined;

  const head = blocks.slice(0, 8);
  const documentNumber = head.map((b) => documentNumberLine(b.text)).find(Boolean);
  const issuers = [...issuersFromTitle(title.replace(/\s+/g, ' '))];
  // The 版头 names the issuers too ("某市发展和改革委员会文件"), when the title does not.
  if (issuers.length === 0 && formalHead > 1) issuers.push(...mastheadIssuers(blocks.slice(0, formalHead - 1).map((b) => b.text)));

  // The signature block: issuer names directly above the last date line.
  let date = head.slice(0, 5).map((b) => (/^[（(]/.test(b.text) ? dateLine(b.text) : deliveredLine(b.text))).find(Boolean);
  const enacted = enactedOn(blocks);
  for (let i = blocks.length - 1; i >= Math.max(0, blocks.length - 16); i--) {
    const signed = dateLine(blocks[i]!.text);
    if (!signed) continue;
    date ??= signed;
    const signatories: string[] = [];
    for (let j = i - 1; j >= 0 && isIssuerName(blocks[j]!.text); j--) signatories.unshift(blocks[j]!.text.replace(/\s+/g, ''));
    for (const name of signatories) if (!issuers.includes(name)) issuers.push(name);
    break;
  }
  return {
    blocks,
    kind,
    title,
    untitled: chosen === undefined,
    roundup,
    ...(headline ? { headline } : {}),
    ...(orphanHeadline ? { orphanHeadline } : {}),
    ...(documentNumber ? { documentNumber } : {}),
    ...(date ? { date } : {}),
    ...(enacted ? { enacted } : {}),
    issuers,
  };
}

/** One title printed with or without its issuers ("某市人民政府办公室关于…" / "关于…"). */
function sameTitle(a: string, b: string): boolean {
  const [x, y] = [compact(a), compact(b)];
  return x.length >= 4 && y.length >= 4 && (x.endsWith(y) || y.endsWith(x));
}

/** Stable, readable document ids: the source path without extension, then the position in the file. */
function documentIdBase(sourceFile: string): string {
  return sourceFile.replace(/\.[A-Za-z0-9]+$/, '');
}

/** Splits one loaded source into documents. A .jsonl record is always one document. */
export function splitDocuments(source: SourceText & StatedMetadata): PolicyDocument[] {
  const typeset = source.format === 'pdf';
  const blocks = joinWrappedTitles(cleanText(source.text, { typeset }), typeset);
  const base = documentIdBase(source.sourceFile);
  if (source.format === 'jsonl') {
    const id = `${base}#${source.externalId ?? `L${source.sourceLine ?? 1}`}`;
    const draft = draftDocument(blocks, 'untitled');
    return blocks.length === 0 ? [] : [finishDocument(draft, source, id, source.title)];
  }

  // A file that opens with its one level-1 Markdown heading is one text (a law, a regulation), however
  // many dated forms or signature blocks it carries; only news articles printed after it split it.
  const h1 = blocks.filter((b) => b.markdownLevel === 1);
  const singleText = h1.length === 1 && blocks[0]?.markdownLevel === 1;

  const drafts: DraftDocument[] = [];
  let segmentStart = 0;
  for (let i = 0; i <= blocks.length; i++) {
    if (i < blocks.length && blocks[i]!.role !== 'separator') continue;
    const found = findStarts(blocks, segmentStart, i);
    const starts = singleText ? found.filter((start, n) => n === 0 || start.kind === 'news') : found;
    const segmentDrafts: DraftDocument[] = [];
    for (let s = 0; s < starts.length; s++) {
      const start = starts[s]!;
      const end = s + 1 < starts.length ? starts[s + 1]!.index : i;
      const slice = blocks.slice(start.index, end);
      // Mastheads, column labels and lone headlines carry no text worth citing.
      if (!slice.some(isProse)) continue;
      const draft = draftDocument(slice, start.kind);
      // An article without a headline takes the stray headline printed above the previous one, if it fits.
      const previous = segmentDrafts[segmentDrafts.length - 1];
      const body = slice.slice(0, 6).map((b) => b.text).join('');
      const fit = previous?.orphanHeadline ? bigramOverlap(previous.orphanHeadline.text, body) : 0;
      if (draft.untitled && previous?.orphanHeadline && fit >= 0.25 && fit > previous.orphanHeadline.fit) {
        draft.title = previous.orphanHeadline.text;
        draft.untitled = false;
        delete previous.orphanHeadline;
      }
      if (start.kind === 'attachment' && start.notice !== undefined) {
        draft.notice = segmentDrafts.find((d) => d.blocks.includes(blocks[start.notice!]!));
      }
      segmentDrafts.push(draft);
    }
    drafts.push(...segmentDrafts);
    segmentStart = i + 1;
  }

  // The document the page states metadata for is the one its title names (a notice, not the
  // measures attached to it, which inherit from the notice anyway).
  const described = source.title ? drafts.find((d) => sameTitle(d.title, source.title!)) : undefined;
  const statedFor = described ?? (drafts.length === 1 ? drafts[0] : undefined);
  if (statedFor) {
    if (source.documentNumber) statedFor.documentNumber ??= source.documentNumber;
    if (source.issuers && statedFor.issuers.length === 0) statedFor.issuers = [...source.issuers];
  }

  const fileDate = parseDate(source.sourceFile.replace(/.*[(（]/, ''));
  return drafts.map((draft, ordinal) => {
    // A file holding one text (a law as Markdown, a single notice) may state its title and date in the file name.
    // (Or in its metadata: a PDF's Title, an HTML page's <title>, when no headline was printed.)
    const title = drafts.length === 1 && (!draft.title || draft.untitled) ? source.title : undefined;
    // …and its version date, which is what a file name like "反垄断法(2022-06-24).md" records.
    if (drafts.length === 1 && fileDate) draft.date = fileDate;
    return finishDocument(draft, source, `${base}#${ordinal + 1}`, title);
  });
}

function finishDocument(draft: DraftDocument, source: SourceText, id: string, titleOverride?: string): PolicyDocument {
  const notice = draft.notice;
  const title = (titleOverride ?? draft.title).replace(/\s+/g, ' ').trim();
  const text = draft.blocks.map((b) => b.text).join('\n');
  const isNews = draft.kind === 'news' || draft.blocks.some((b) => b.role === 'byline');
  const type: DocumentType = documentType(title, isNews);
  const documentNumber = draft.documentNumber ?? notice?.documentNumber;
  // A 题注 dates a statute, not a news report (whose lead may open on a day); a PDF's own date is the
  // day the file was made, which a 题注 beats; a page's or a record's stated date is the text's own.
  const stated = source.date ? parseDate(source.date) : undefined;
  const enacted = isNews ? undefined : draft.enacted;
  const date = draft.date ?? notice?.date ?? (source.format === 'pdf' ? (enacted ?? stated) : (stated ?? enacted));
  const issuers = draft.issuers.length > 0 ? draft.issuers : (notice?.issuers ?? []);
  // News reports quote other texts' 施行日期; only a policy text's own statement counts.
  const effectiveDate = type === '新闻' ? undefined : findEffectiveDate(text, date);
  const document: PolicyDocument = {
    id,
    title,
    sourceFile: source.sourceFile,
    text,
    issuers,
    type,
    versionKey: versionKey(title),
  };
  // A text issued with a notice is printed under the notice's headline.
  const headline = draft.headline ?? notice?.headline;
  if (headline) document.headline = headline;
  if (draft.untitled && !titleOverride) document.untitled = true;
  if (draft.roundup) document.roundup = true;
  if (source.sourceLine !== undefined) document.sourceLine = source.sourceLine;
  if (documentNumber) document.documentNumber = normalizeDocumentNumber(documentNumber);
  if (date) document.date = date;
  if (effectiveDate) document.effectiveDate = effectiveDate;
  if (source.url) document.url = source.url;
  if (source.source) document.source = source.source;
  return document;
}
