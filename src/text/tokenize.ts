/**
 * The one tokenizer used for BM25 indexing and for queries, so both sides always agree.
 *
 * Pipeline: normalizeText → protected spans (文号, dates, numbers with units, 第X条, Latin words,
 * "人工智能+") found by one regex and kept whole → everything between them segmented by jieba
 * (precise mode, HMM on, with the policy-domain user dictionary).
 *
 * `tokenize` then adds search expansions (sub-words of long words, partial dates, numeric values,
 * 文号 parts, a few ministry aliases) and drops punctuation and stop words; `segment` does neither.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import { WordTable } from './word-table.js';

const USER_DICT_PATH = fileURLToPath(new URL('./dictionary/user.dict.utf8', import.meta.url));
const STOPWORDS_PATH = fileURLToPath(new URL('./dictionary/stopwords.txt', import.meta.url));
/**
 * A one-word IDF table for jieba's keyword extractor, which nothing here uses (nodejieba.extract):
 * its default table costs every thread that loads jieba 150 ms and 19 MB (an ingest loads it in
 * each analysis worker). One line, since cppjieba asserts the table is not empty.
 */
const KEYWORD_IDF_PATH = fileURLToPath(new URL('./dictionary/keyword-idf.utf8', import.meta.url));

/** Search tokens for BM25 indexing and for queries: normalised, segmented, stop words removed. */
export function tokenize(text: string): string[] {
  return tokenizeEach([text])[0]!;
}

/**
 * The tokens of {@link tokenize}, and which of them are only expansions: sub-words, aliases,
 * partial dates and bare numbers that no word of the text yields as itself ("石家庄市" is a word,
 * 石家庄 and 家庄 are its sub-words). A query weighs those less than its own words.
 */
export function tokenizeMarked(text: string): { tokens: string[]; expansions: Set<string> } {
  const tokens: string[] = [];
  const words = new Set<string>();
  visitTokens(text, (items) => {
    if (items.length > 0) words.add(items[0]!);
    for (const item of items) tokens.push(item);
  });
  return { tokens, expansions: new Set(tokens.filter((token) => !words.has(token))) };
}

/** A word's search tokens as the word cache keeps them: the same object for every occurrence of the word. */
export interface CachedWord {
  readonly tokens: readonly string[];
  /**
   * Free for a caller's own data derived from `tokens` (TermCounter keeps their term numbers
   * here), so that a recurring word costs it no lookup of its own: indexing looks up tens of
   * millions of words. `memoBy` says whose data it is. Kept as long as the cache keeps the word.
   */
  memo: unknown;
  memoBy: object | undefined;
}

/** Receives a text's search tokens one word (or protected span) at a time: see {@link visitTokens}. */
export type TokenVisitor = (tokens: readonly string[], cached: CachedWord | undefined) => void;

/**
 * The search tokens of `text`, the ones {@link tokenize} returns in the same order, handed to
 * `visit` one word's (or protected span's) list at a time, with its cache entry when the list
 * is cached. The first item of a non-empty list is the word itself, the rest its expansions.
 */
export function visitTokens(text: string, visit: TokenVisitor): void {
  visitTokensOfEach([text], () => visit);
}

/**
 * {@link visitTokens} over several texts, each text's tokens handed to the visitor `visitorOf`
 * gives for it, text by text. jieba cuts all the texts before any is visited: taken in turns per
 * text, jieba's dictionary and the visitors' code push each other out of the CPU's caches, which
 * slows both (an ingest's analysis of 20k news texts: 14.0 s in turns, 12.4 s in batches of 32).
 */
export function visitTokensOfEach(texts: readonly string[], visitorOf: (text: number) => TokenVisitor): void {
  ensureDictionary();
  // In runs of texts of at most BATCH_CHARACTERS, so that the words held at once stay few whatever
  // the batch (a batch of long laws is many chunks).
  for (let from = 0; from < texts.length; ) {
    let to = from;
    for (let characters = 0; to < texts.length && (to === from || characters + texts[to]!.length <= BATCH_CHARACTERS); to++) characters += texts[to]!.length;
    const pieces = texts.slice(from, to).map((text) => splitProtected(normalizeText(text)));
    const cuts = pieces.map(cutPieces);
    for (let t = from; t < to; t++) visitPieces(pieces[t - from]!, cuts[t - from]!, visitorOf(t));
    from = to;
  }
}

/** Characters of text jieba cuts in one run of visitTokensOfEach: a few dozen news articles. */
const BATCH_CHARACTERS = 50_000;

/** Search tokens for texts as a batch: {@link tokenize} of each, jieba run over all of them first (see {@link visitTokensOfEach}). */
export function tokenizeEach(texts: readonly string[]): string[][] {
  const tokens = texts.map((): string[] => []);
  visitTokensOfEach(texts, (t) => (items) => {
    for (let i = 0; i < items.length; i++) tokens[t]!.push(items[i]!);
  });
  return tokens;
}

function visitPieces(pieces: readonly Piece[], cut: { words: string[]; ends: number[] }, visit: TokenVisitor): void {
  let at = 0;
  let next = 0;
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      const end = cut.ends[next++]!;
      for (; at < end; at++) {
        const word = cut.words[at]!;
        // jieba returns the spaces it met as words (normalised text has no other whitespace).
        if (word === ' ') continue;
        const cached = expandWord(word);
        visit(cached.tokens, cached);
      }
      at = end + 1;
    } else {
      const expanded = expandProtected(piece);
      if (Array.isArray(expanded)) visit(expanded, undefined);
      else visit((expanded as CachedWord).tokens, expanded as CachedWord);
    }
  }
}

/**
 * Segmentation keeping every word (no stop-word removal, no sub-word expansion), for display/debug
 * and phrase work. Punctuation tokens are kept (they mark phrase boundaries); whitespace is not.
 */
export function segment(text: string): string[] {
  ensureDictionary();
  const tokens: string[] = [];
  for (const piece of splitProtected(normalizeText(text))) {
    if (piece.kind === 'text') tokens.push(...cutText(piece.text));
    else tokens.push(piece.text);
  }
  return tokens;
}

const HAN = '\\u4e00-\\u9fa5';
const FULLWIDTH_ASCII = /[\uff01-\uff5e]/g;
const WHITESPACE = /\s+/g;
/** "193 号", "2026 年", "3.5 万", "30 %" and "下达 2026 年" → no space at digit/Han boundaries. */
const SPACE_AFTER_DIGIT = new RegExp(`(?<=\\d) (?=[${HAN}%‰])`, 'g');
const SPACE_BEFORE_DIGIT = new RegExp(`(?<=[${HAN}]) (?=\\d)`, 'g');
/** 文号 with any bracket style and stray spaces → canonical 〔year〕. */
const DOC_NO_BRACKETS = new RegExp(
  `(?<=[${HAN}]) ?[〔\\[(【﹝〖] ?(\\d{4}) ?[〕\\])】﹞〗] ?(\\d+) ?号`,
  'g',
);

/**
 * Normalises text before segmentation: full-width ASCII → half-width (so ％ → %), lowercase Latin,
 * whitespace collapsed to single spaces, spaces removed at digit/Han boundaries ("193 号" → "193号",
 * "下达 2026 年" → "下达2026年"), 文号 brackets canonicalised ("国发[2026]7号" → "国发〔2026〕7号").
 * Spaces between Han characters stay: in extracted text they mostly separate paragraphs and titles
 * (e.g. a 文号 on the line after its document title), which jieba must not glue together.
 */
export function normalizeText(text: string): string {
  return text
    .replace(FULLWIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .replace(WHITESPACE, ' ')
    .replace(SPACE_AFTER_DIGIT, '')
    .replace(SPACE_BEFORE_DIGIT, '')
    .replace(DOC_NO_BRACKETS, '〔$1〕$2号')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Protected spans

type SpanKind = 'docNo' | 'date' | 'ordinal' | 'latin' | 'plus' | 'number';
type PieceKind = SpanKind | 'text';

interface Piece {
  kind: PieceKind;
  text: string;
}

const CN_DIGITS = '零〇一二三四五六七八九十百千两';
/** Units that may follow a number; longer alternatives first (alternation is ordered). */
const NUMBER_UNITS = [
  '个百分点', '百分点', '个工作日', '工作日', '个月', '部门', '平方公里', '平方米', '千瓦时', '千瓦',
  '公里', '千克', '公斤', '公顷', '小时', '分钟', '人次', '家次', '美元', '欧元',
  '%', '‰', '元', '倍', '个', '家', '项', '件', '起', '条', '次', '批', '名', '人', '位', '吨', '米',
  '亩', '户', '所', '座', '台', '套', '辆', '架', '艘', '种', '类', '份', '篇', '场', '届', '年', '月',
  '日', '天', '周', '款', '只', '块', '张', '例', '期', '岁', '号', '轮', '处', '枚', '组', '级', '度',
].join('|');
const ORDINAL_UNITS = '条|章|节|款|项|编|部分|批|次|届|轮|期|号|个|代|季度|阶段|名|位';
/** Words commonly written with a trailing + or × ("人工智能+制造", "数据要素×"). */
const PLUS_WORDS = '人工智能|互联网|数据要素|大数据|物联网|数智|智能';

// One capture group per kind, in this order. Order matters where two could start at the same
// place: 第十四条 before a 文号 prefix, Latin ("5g-a") before plain numbers ("5").
const GROUP_KINDS: SpanKind[] = ['ordinal', 'plus', 'docNo', 'date', 'latin', 'number'];
const ALTERNATIVES: Record<SpanKind, string> = {
  ordinal: `第(?:\\d+|[${CN_DIGITS}]+)(?:${ORDINAL_UNITS})`,
  plus: `(?:${PLUS_WORDS})[+×]`,
  // Issuer of at most 10 Han characters; a lead-in like 根据 swallowed here is given back below.
  docNo: `[${HAN}]{1,10}〔\\d{4}〕\\d+号`,
  date: `(?<!\\d)(?:\\d{4}年\\d{1,2}月(?:\\d{1,2}日)?|\\d{4}年|\\d{1,2}月\\d{1,2}日)`,
  latin: `(?<![0-9a-z])\\d*[a-z][0-9a-z]*(?:[-_.][0-9a-z]+)*\\+?`,
  number:
    `(?<![\\d.])\\d+(?:,\\d{3}(?!\\d))*(?:\\.\\d+)?[多余]?` +
    `(?:万亿|千万|百万|十万|亿|万|千|百)?[多余]?(?:${NUMBER_UNITS})?`,
};
const buildProtected = (kinds: SpanKind[]): RegExp =>
  new RegExp(kinds.map((k) => `(${ALTERNATIVES[k]})`).join('|'), 'g');
// The 文号 alternative is tried at every Han character, so it is only used when a 〔 is present.
const PROTECTED_WITH_DOC_NO = buildProtected(GROUP_KINDS);
const PROTECTED_KINDS = GROUP_KINDS.filter((k) => k !== 'docNo');
const PROTECTED = buildProtected(PROTECTED_KINDS);
const DOC_NO_LEAD_IN = /^(?:根据|依据|依照|按照|参照|对照|贯彻|落实|印发|转发|详见|参见|见|即|和|与|及|或|的|按|据|在|对|于|是|为)+/;

function splitProtected(text: string): Piece[] {
  const hasDocNo = text.includes('〔');
  const re = hasDocNo ? PROTECTED_WITH_DOC_NO : PROTECTED;
  const kinds = hasDocNo ? GROUP_KINDS : PROTECTED_KINDS;
  const pieces: Piece[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let start = m.index;
    let value = m[0];
    const kind = kinds[m.slice(1).findIndex((g) => g !== undefined)] ?? 'text';
    if (kind === 'docNo') {
      const leadIn = DOC_NO_LEAD_IN.exec(value)?.[0].length ?? 0;
      if (leadIn > 0 && leadIn < value.indexOf('〔')) {
        start += leadIn;
        value = value.slice(leadIn);
      }
    }
    if (start > last) pieces.push({ kind: 'text', text: text.slice(last, start) });
    // Thousands separators only help display; "2,168亿元" and "2168亿元" must be the same token.
    pieces.push({ kind, text: kind === 'number' ? value.replaceAll(',', '') : value });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// Search expansions

const DATE_PARTS = /^(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?$/;
const NUMBER_VALUE = /^[\d.]+(?:万亿|千万|百万|十万|亿|万|千|百)?/;
const CN_ORDINAL = new RegExp(`^第([${CN_DIGITS}]+)(.+)$`);

/** A protected span plus the partial forms a query is likely to use instead (a Latin word's: as cached). */
function expandProtected(piece: Piece): readonly string[] | CachedWord {
  const { kind, text } = piece;
  const out = [text];
  switch (kind) {
    case 'date': {
      // 2026年4月14日 also yields 2026年, 2026年4月, 4月14日, 4月: queries rarely give the full date.
      const [, y, mo, d] = DATE_PARTS.exec(text) ?? [];
      if (y && mo) out.push(`${y}年`);
      if (y && mo && d) out.push(`${y}年${mo}月`);
      if (y && mo && d) out.push(`${mo}月${d}日`);
      if (mo && (y || d)) out.push(`${mo}月`);
      break;
    }
    case 'number': {
      // Also the bare value without qualifier or unit: "2168亿元" → "2168亿", "3.5万余家" → "3.5万",
      // "30%" → "30", so "2168亿" in a query meets "2168亿元" in a document. Units stay on the
      // whole token so "30%" and "30个" remain distinguishable.
      const value = NUMBER_VALUE.exec(text)?.[0];
      if (value && value !== text) out.push(value);
      break;
    }
    case 'ordinal': {
      // 第十四条 also as 第14条, the form people type.
      const m = CN_ORDINAL.exec(text);
      const n = m?.[1] ? chineseNumeralToInt(m[1]) : undefined;
      if (m && n !== undefined) out.push(`第${n}${m[2]}`);
      break;
    }
    case 'docNo': {
      // Issuer, 〔year〕serial and serial: a 文号 quoted without its issuer (or with a stray
      // lead-in glued on) still matches.
      const open = text.indexOf('〔');
      const close = text.indexOf('〕');
      if (open > 0) out.push(text.slice(0, open));
      out.push(text.slice(open), text.slice(close + 1));
      break;
    }
    case 'plus':
    case 'latin': {
      // "人工智能+" also stands for 人工智能 (and its sub-words); "ai+" for ai.
      const base = text.replace(/[+×]$/, '');
      if (base !== text) return [text, ...expandWord(base).tokens];
      return expandWord(text);
    }
    default:
      break;
  }
  return out;
}

/**
 * Sub-words: jieba's full mode over one word from precise mode lists every dictionary word inside it,
 * so 专精特新中小企业 also yields 专精特新, 中小企业, 小企业, 企业. This beats cutForSearch, which only
 * adds 2- and 3-character sub-words (it misses 专精特新) and runs over whole sentences.
 */
const MIN_EXPAND_LENGTH = 3;
const MAX_CACHED_WORDS = 200_000;
const wordCache = new WordTable<CachedWord>();

/** Common abbreviations and their full names: both sides emit the canonical form too. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['工信部', '工业和信息化部'],
  ['国家发改委', '国家发展改革委'],
  ['国家发展和改革委员会', '国家发展改革委'],
  ['发改委', '发展改革委'],
  ['国家市场监督管理总局', '市场监管总局'],
  ['人民银行', '中国人民银行'],
  ['央行', '中国人民银行'],
  ['住建部', '住房城乡建设部'],
  ['人社部', '人力资源社会保障部'],
  ['卫健委', '卫生健康委'],
  ['国家卫健委', '国家卫生健康委'],
  ['央企', '中央企业'],
  ['ai', '人工智能'],
  ['iot', '物联网'],
]);

/** Search tokens for one segmented word (memoised: the vocabulary is small next to the corpus). */
function expandWord(word: string): CachedWord {
  const known = wordCache.get(word);
  if (known) return known;
  const stop = stopWords();
  const out: string[] = [];
  // A stop word is dropped whole, not mined for sub-words (是不是 must not leave 不是).
  if (HAS_LETTER_OR_DIGIT.test(word) && !stop.has(word)) {
    out.push(word);
    if (word.length >= MIN_EXPAND_LENGTH && !ASCII_ONLY.test(word)) {
      for (const sub of nodejieba.cutAll(word)) {
        if (sub.length >= 2 && sub !== word && !stop.has(sub) && !out.includes(sub)) out.push(sub);
      }
    }
    const alias = ALIASES.get(word);
    if (alias && !out.includes(alias)) out.push(alias);
  }
  if (wordCache.size >= MAX_CACHED_WORDS) wordCache.clear();
  // Every field set here, so that all entries share one shape.
  const cached: CachedWord = { tokens: out, memo: undefined, memoBy: undefined };
  wordCache.add(word, cached);
  return cached;
}

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ASCII_ONLY = /^[\x00-\x7f]+$/;

// ---------------------------------------------------------------------------------------------
// jieba and resources

let dictionaryLoaded = false;

/**
 * jieba over all the text pieces of one text in a single call, each piece's words ending where
 * `ends` says. jieba cuts the stretches between its separators (space, tab, newline, ，。) one by
 * one, each on its own, and returns a separator as a word of its own, so pieces joined by "\n"
 * come back cut exactly as they would be one call each, without a crossing into C++ and back per
 * piece (a text has dozens between its numbers and dates). Normalised text has no
 * "\n" of its own; should a piece hold one anyway, each piece is cut on its own.
 */
function cutPieces(pieces: readonly Piece[]): { words: string[]; ends: number[] } {
  const texts: string[] = [];
  for (const piece of pieces) if (piece.kind === 'text') texts.push(piece.text);
  if (texts.length <= 1) {
    const words = texts.length === 0 ? [] : nodejieba.cut(texts[0]!, true);
    return { words, ends: [words.length] };
  }
  const words = nodejieba.cut(texts.join('\n'), true);
  const ends: number[] = [];
  for (let i = 0; i < words.length; i++) if (words[i] === '\n') ends.push(i);
  if (ends.length === texts.length - 1) {
    ends.push(words.length);
    return { words, ends };
  }
  const separate: string[] = [];
  const separateEnds: number[] = [];
  for (const text of texts) {
    for (const word of nodejieba.cut(text, true)) separate.push(word);
    separateEnds.push(separate.length);
    // Stands for the "\n" the caller steps over between pieces.
    separate.push('\n');
  }
  return { words: separate, ends: separateEnds };
}

/** jieba precise mode with HMM; whitespace tokens dropped. */
function cutText(text: string): string[] {
  return nodejieba.cut(text, true).filter((w) => w.trim() !== '');
}

/**
 * Loads the user dictionary once, before any jieba call: nodejieba otherwise loads its defaults on
 * first use, and sub-words cached from that would lack the domain terms.
 */
function ensureDictionary(): void {
  if (dictionaryLoaded) return;
  // cppjieba aborts the whole process on a missing file, so check first.
  for (const file of [USER_DICT_PATH, KEYWORD_IDF_PATH]) if (!existsSync(file)) throw new Error(`jieba dictionary not found: ${file}`);
  // load() fills in the default main dictionary, HMM model and stop-word paths itself.
  nodejieba.load({ userDict: USER_DICT_PATH, idfDict: KEYWORD_IDF_PATH });
  dictionaryLoaded = true;
}

let stopWordSet: ReadonlySet<string> | undefined;

function stopWords(): ReadonlySet<string> {
  if (!stopWordSet) {
    stopWordSet = new Set(
      readFileSync(STOPWORDS_PATH, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#')),
    );
  }
  return stopWordSet;
}

const CN_DIGIT_VALUES: Record<string, number> = {
  一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNIT_VALUES: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十四 → 14, 一百零五 → 105; undefined for digit strings like 二〇二六. */
function chineseNumeralToInt(numeral: string): number | undefined {
  let total = 0;
  let digit: number | undefined;
  for (const ch of numeral) {
    const unit = CN_UNIT_VALUES[ch];
    if (unit !== undefined) {
      total += (digit ?? 1) * unit;
      digit = undefined;
    } else if (ch !== '零' && ch !== '〇') {
      // 零 only marks a skipped place (一百零五); two digits in a row (二〇二六) are not a clause number.
      if (digit !== undefined) return undefined;
      digit = CN_DIGIT_VALUES[ch];
    }
  }
  return total + (digit ?? 0);
}
