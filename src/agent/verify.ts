/**
 * The grounding verifier: every sentence of a generated answer is checked against the passages it
 * cites before the user sees it. Its numbers, dates and 文号 must be printed in a cited passage, and
 * its wording must overlap the passage enough to be a statement of it.
 *
 * - A citation that does not support its sentence is replaced by a retrieved passage that does, or
 *   dropped. A factual sentence with no marker gets the passage that supports it.
 * - A sentence with a number, date or 文号 that no retrieved passage states is removed: the user
 *   never receives a figure that is not in the sources.
 * - A claim without figures that no passage supports is kept, marked 〔未核实〕.
 * Each accepted citation quotes the sentence(s) of the passage that support the claim.
 */
import { Citations } from '../answer/compose/citations.js';
import { normalizeDocumentNumber, parseChineseInteger } from '../ingest/metadata.js';
import { normalizeText } from '../text/tokenize.js';
import type { VerificationReport } from '../types.js';
import { withoutInstructions, type Passage, type PassageRegistry } from './passages.js';

export const UNVERIFIED_MARK = '〔未核实〕';

/** A statement of fact must share at least this share of its wording with the passage it cites. */
const SUPPORT_OVERLAP = 0.4;
/** With every number, date and 文号 confirmed, a paraphrase this close is accepted. */
const FACT_OVERLAP = 0.2;
/** A sentence with fewer content characters (formula words aside) is a connective ("具体如下："), not a claim. */
const MIN_CLAIM_CHARS = 4;

// (Not the year of a 文号 printed with square brackets: 工信部发[2026]12号.) No leading \s*: a run
// of spaces would make every position a start, quadratic on a padded sentence.
const marker = /(?:\[\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*\]|【\s*(\d{1,3})\s*】|［\s*(\d{1,3})\s*］)(?!\s*\d{1,4}\s*号)/g;
/** A list item's number ("1." but not the "1." of 1.5亿元). */
const enumerator = /^\s*(?:[-*•]\s+|\d+(?:[.．](?!\d)|[、)）])\s*|[（(]\d+[)）]\s*|[一二三四五六七八九十]+、)/;
/** Words of every reply that say nothing about the source ("根据…规定"). */
const formula = /根据|依据|按照|规定|明确|提出|指出|表示|显示|文件|通知|其中|以及|包括|相关|有关|主要|如下|具体|内容|要求|方面|问题|关于|答复|口径|现有|原文|资料|来源|检索|结果|所述|提到|该|此|本/g;
/** Sentences about the answer itself ("以上内容均来自原文", "具体如下："). */
const aboutAnswer = /^(?:以上|如下|下面|综上|具体如下|详见|供参考|以下)|[:：]$/;
/** The model saying the corpus does not cover something: a refusal, not a claim. */
const notCovered = /(?:未能?|没有|并未)(?:找到|检索到|查到)|无法(?:回答|确定|确认|找到)|(?:文件|资料|原文|语料|检索结果|现有文件|所给材料)中?(?:未|没有|并未|均未|尚未)(?:提及|涉及|载明|写明|规定|明确|说明)/;

const cjk = /[\u4e00-\u9fff]/;

function bigrams(text: string): Set<string> {
  const chars = [...text.replace(formula, ' ')].map((c) => (cjk.test(c) ? c : ' ')).join('');
  const grams = new Set<string>();
  for (const run of chars.split(/\s+/)) for (let i = 0; i + 1 < run.length; i++) grams.add(run.slice(i, i + 2));
  return grams;
}

function overlap(claim: Set<string>, support: string): number {
  if (claim.size === 0) return 1;
  let found = 0;
  for (const gram of claim) if (support.includes(gram)) found++;
  return found / claim.size;
}

const magnitudes: Record<string, number> = { 万亿: 1e12, 千亿: 1e11, 百亿: 1e10, 千万: 1e7, 百万: 1e6, 亿: 1e8, 万: 1e4, 千: 1e3 };
/**
 * What a number counts, read from what follows it: units of amounts and counts, and the parts of a
 * date. A number is only vouched for by the same number of the same unit (3个 is not 3月).
 */
const UNITS = ['周岁', '千瓦', '公里', '平方米', '小时', '分钟', '个月', '季度', '工作日', '元', '个', '家', '项', '台', '人', '名', '位', '次', '件', '条', '款', '章', '节', '倍', '天', '日', '年', '月', '号', '批', '类', '种', '部', '岁', '吨', '亩', '户', '座', '所', '场', '%', '成', '折', '周', '期', '轮', '届', '例', '份', '本', '套', '辆', '艘', '架', '处', '级', '档', '步', '米', '度', '分', '点', '层', '栋', '张', '页', '字', '票', '枚', '颗', '株', '头', '只'];
const unitPattern = `(${UNITS.join('|')})?`;
const arabicAmount = new RegExp(`(?<![\\d.])(\\d+(?:\\.\\d+)?)(万亿|千亿|百亿|千万|百万|亿|万|千)?(?:余|多|左右|以上|以下|以内)?${unitPattern}`, 'g');
// (Clause numbers count too: 第十四条 and 第14条 both state 14.)
const chineseAmount = new RegExp(`(?<![零〇一二两三四五六七八九十百千万亿])([零〇一二两三四五六七八九十百千万亿]+)(?:余|多|左右|以上|以下|以内)?${unitPattern}`, 'g');
const DATE_UNITS = new Set(['年', '月', '日', '号']);
const isoDate = /(?<!\d)(\d{4})[-./．](\d{1,2})[-./．](\d{1,2})(?!\d)/g;
const chineseDate = /(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?/g;
const documentNumber = /[\u4e00-\u9fff]{1,14}〔\d{4}〕\d{1,4}号/g;

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** 三万五千 → 35000, 一百二十 → 120, 十四 → 14; NaN for what is not a number. */
function parseChineseNumber(text: string): number {
  const yi = text.split('亿');
  if (yi.length > 2) return Number.NaN;
  const upper = yi.length === 2 ? parseWan(yi[0]!) * 1e8 : 0;
  return upper + parseWan(yi.at(-1)!);
}

function parseWan(text: string): number {
  if (!text) return 0;
  const wan = text.split('万');
  if (wan.length > 2) return Number.NaN;
  const upper = wan.length === 2 ? parseChineseInteger(wan[0]!.replace(/[〇零]/g, '') || '一') * 1e4 : 0;
  const lower = wan.at(-1)!.replace(/[〇零]/g, '');
  return upper + (lower ? parseChineseInteger(lower) : 0);
}

interface Amount {
  value: number;
  /** What follows the number: 元, 个, 月 …, or '' for a bare number. */
  unit: string;
  /** As printed, for telling the user what was removed. */
  raw: string;
}

/** The numbers a text states, magnitudes multiplied out (3.5万 → 35000), each with its unit. */
function amounts(text: string): Amount[] {
  const found: Amount[] = [];
  for (const m of text.matchAll(arabicAmount)) found.push({ value: round(Number(m[1]) * (m[2] ? magnitudes[m[2]]! : 1)), unit: m[3] ?? '', raw: m[0] });
  for (const m of text.matchAll(chineseAmount)) {
    // A Chinese numeral is a number only with a unit: 一律, 统一, 十分 are words.
    if (!m[2] || m[1] === '万' || m[1] === '亿') continue;
    const value = parseChineseNumber(m[1]!);
    if (Number.isFinite(value) && value > 0) found.push({ value: round(value), unit: m[2], raw: m[0] });
  }
  return found;
}

function dates(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(isoDate)) found.push(`${m[1]}-${Number(m[2])}-${Number(m[3])}`);
  for (const m of text.matchAll(chineseDate)) found.push(m[3] ? `${m[1]}-${Number(m[2])}-${Number(m[3])}` : `${m[1]}-${Number(m[2])}`);
  return found;
}

const upperDigits: Record<string, string> = { 壹: '一', 贰: '二', 叁: '三', 肆: '四', 伍: '五', 陆: '六', 柒: '七', 捌: '八', 玖: '九', 拾: '十', 佰: '百', 仟: '千', 两: '二' };
const chineseDigit: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** 二〇二六年六月三十日 → 2026年6月30日. */
function arabicDates(text: string): string {
  return text.replace(/([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})([日号]))?/g, (_, year: string, month: string, day?: string, suffix?: string) =>
    `${[...year].map((c) => chineseDigit[c]).join('')}年${parseChineseInteger(month)}月${day ? `${parseChineseInteger(day)}${suffix}` : ''}`,
  );
}

/**
 * Text normalised for comparison: compatibility forms folded (full-width and circled digits),
 * 大写 numerals read as ordinary ones, Chinese dates and 百分之N written out, no spaces or
 * thousands separators, one bracket form.
 */
function normal(text: string): string {
  const folded = normalizeText(text.normalize('NFKC'))
    .replace(/[壹贰叁肆伍陆柒捌玖拾佰仟两]/g, (c) => upperDigits[c]!)
    .replace(/(?<=\d),(?=\d{3})/g, '')
    .replace(/\s+/g, '')
    .replace(/％/g, '%');
  return arabicDates(folded).replace(/百分之([零〇一二三四五六七八九十百]+|\d+(?:\.\d+)?)/g, (_, n: string) => `${/\d/.test(n) ? n : parseChineseNumber(n)}%`);
}

interface Facts {
  amounts: Amount[];
  dates: string[];
  documentNumbers: string[];
  /** Digits of another script (Arabic-Indic …) that cannot be checked: the sentence cannot stand. */
  unreadable?: string;
}

function factsOf(claim: string): Facts {
  const numbers = [...claim.matchAll(documentNumber)].map((m) => normalizeDocumentNumber(m[0]) ?? m[0]);
  // A 文号's and a date's digits are checked as a whole, not as loose numbers.
  const rest = claim.replace(documentNumber, ' ').replace(isoDate, ' ').replace(chineseDate, ' ');
  const facts: Facts = { amounts: amounts(rest), dates: dates(claim), documentNumbers: numbers };
  const unreadable = /[^\d\P{Nd}]/u.exec(claim)?.[0];
  if (unreadable) facts.unreadable = unreadable;
  return facts;
}

function factCount(facts: Facts): number {
  return facts.amounts.length + facts.dates.length + facts.documentNumbers.length + (facts.unreadable ? 1 : 0);
}

/** What a passage can vouch for: its text plus the metadata the tools showed with it. */
interface Support {
  passage: Passage;
  text: string;
  amounts: Amount[];
  dates: Set<string>;
}

function supportOfText(passage: Passage, text: string): Support {
  const normalised = normal(text);
  const datesOf = dates(normalised);
  // A date also vouches for its year and month on their own ("2026年" from 2026-03-05), but a
  // date's parts are not bare numbers: 3月5日 does not vouch for 3个.
  const yearMonths = datesOf.map((d) => d.split('-').slice(0, 2).join('-'));
  const years = datesOf.map((d) => ({ value: Number(d.slice(0, 4)), unit: '年', raw: d.slice(0, 4) }));
  return {
    passage,
    text: normalised,
    amounts: [...amounts(normalised.replace(documentNumber, ' ').replace(isoDate, ' ')), ...years],
    dates: new Set([...datesOf, ...yearMonths]),
  };
}

function supportOf(passage: Passage): Support {
  const { document } = passage;
  const metadata = [passage.chunk?.headingPath.join(' '), document.title, document.headline, document.documentNumber, document.date, document.effectiveDate, document.issuers.join('、')];
  return supportOfText(passage, [withoutInstructions(passage.text), ...metadata].filter(Boolean).join('\n'));
}

/** The same number of the same unit; a bare number on either side matches any unit but a date's. */
function vouches(support: Support, claimed: Amount): boolean {
  return support.amounts.some(
    (a) => a.value === claimed.value && (a.unit === claimed.unit || (!a.unit && !DATE_UNITS.has(claimed.unit)) || (!claimed.unit && !DATE_UNITS.has(a.unit))),
  );
}

/**
 * Whether a support text prints the claimed 文号. The issuer code is read back from the year, and
 * the characters glued before it ("文号是工信部发〔2026〕12号", "根据京政办发〔2026〕12号") are not all
 * code: one code must end with the whole of the other (工信部发 in 文号是工信部发; not 沪政办发 for 京政办发).
 */
function printsDocumentNumber(text: string, claimed: string): boolean {
  const [, code, serial] = /^(.*?)(〔\d{4}〕\d{1,4}号)$/.exec(claimed) ?? [];
  if (!code || !serial) return false;
  for (const m of text.matchAll(documentNumber)) {
    const printed = normalizeDocumentNumber(m[0]) ?? m[0];
    if (!printed.endsWith(serial)) continue;
    const other = printed.slice(0, printed.length - serial.length);
    if (code.endsWith(other) || other.endsWith(code)) return true;
  }
  return false;
}

function unsupportedFact(facts: Facts, supports: Support[]): string | undefined {
  if (facts.unreadable) return facts.unreadable;
  for (const number of facts.documentNumbers) if (!supports.some((s) => printsDocumentNumber(s.text, number))) return number;
  for (const date of facts.dates) if (!supports.some((s) => s.dates.has(date))) return date;
  for (const amount of facts.amounts) if (!supports.some((s) => vouches(s, amount))) return amount.raw;
  return undefined;
}

/** Offsets of the sentences inside a passage. */
function sentenceSpans(passage: Passage): Array<{ start: number; end: number; text: string }> {
  const spans: Array<{ start: number; end: number; text: string }> = [];
  const pattern = /[^。！？!?；;\n]+[。！？!?；;]?/g;
  for (const m of passage.text.matchAll(pattern)) {
    const text = m[0].trim();
    if (!text) continue;
    const start = passage.start + m.index! + m[0].indexOf(text);
    spans.push({ start, end: start + text.length, text });
  }
  return spans;
}

export class GroundingVerifier {
  readonly citations = new Citations();
  readonly report: VerificationReport = { sentences: 0, removed: [], corrected: 0, dropped: 0, marked: 0, supported: 0 };
  private readonly supports = new Map<number, Support>();

  constructor(private readonly registry: PassageRegistry) {}

  private support(passage: Passage): Support {
    let support = this.supports.get(passage.n);
    if (!support) this.supports.set(passage.n, (support = supportOf(passage)));
    return support;
  }

  /** Checks one sentence (with its [n] markers); returns what the user sees, '' when removed. */
  verify(sentence: string): string {
    const cited = [...sentence.matchAll(marker)]
      .flatMap((m) => (m[1] ?? m[2] ?? m[3]!).split(/[,，、]/).map((n) => Number(n.trim())))
      .filter((n, i, all) => all.indexOf(n) === i);
    const trailing = sentence.slice(sentence.trimEnd().length);
    const claim = sentence.replace(marker, '').trimEnd();
    const body = claim.replace(enumerator, '');
    const content = [...body.replace(formula, '')].filter((c) => cjk.test(c)).length;
    const facts = factsOf(normal(body));
    if (!claim.trim()) return '';
    this.report.sentences++;
    if (factCount(facts) === 0 && (content < MIN_CLAIM_CHARS || aboutAnswer.test(body.trim()) || notCovered.test(body))) {
      // A connective or a statement of what is not covered: shown as written, citations checked.
      const kept = cited.map((n) => this.registry.get(n)).filter((p): p is Passage => Boolean(p) && overlap(bigrams(body), this.support(p!).text) >= SUPPORT_OVERLAP);
      this.report.dropped += cited.length - kept.length;
      return this.withCitations(claim, body, facts, kept) + trailing;
    }

    const words = bigrams(body);
    const accepts = (supports: Support[]) => {
      if (supports.length === 0 || unsupportedFact(facts, supports)) return false;
      const best = Math.max(...supports.map((s) => overlap(words, s.text)));
      return best >= (factCount(facts) > 0 ? FACT_OVERLAP : SUPPORT_OVERLAP);
    };
    const citedPassages = cited.map((n) => this.registry.get(n)).filter((p): p is Passage => Boolean(p));
    // Cited passages that contribute: they state one of the facts or share the wording.
    const contributing = citedPassages.filter((p) => {
      const support = this.support(p);
      return overlap(words, support.text) >= FACT_OVERLAP || this.statesAnyFact(facts, support);
    });
    if (accepts(contributing.map((p) => this.support(p)))) {
      this.report.dropped += cited.length - contributing.length;
      this.report.supported++;
      return this.withCitations(claim, body, facts, contributing) + trailing;
    }
    // The best single retrieved passage that supports the sentence, if any.
    const alternative = this.registry.passages
      .map((p) => ({ passage: p, support: this.support(p) }))
      .filter(({ support }) => accepts([support]))
      .sort((a, b) => overlap(words, b.support.text) - overlap(words, a.support.text))[0];
    if (alternative) {
      this.report.corrected++;
      this.report.dropped += cited.filter((n) => n !== alternative.passage.n).length;
      this.report.supported++;
      return this.withCitations(claim, body, facts, [alternative.passage]) + trailing;
    }
    if (factCount(facts) > 0) {
      // Figures no single source states together (or at all) are never shown.
      const missing = unsupportedFact(facts, this.registry.passages.map((p) => this.support(p)));
      const reason = missing !== undefined ? `“${missing}”不见于任何检索到的原文` : '句中数字不见于同一段原文';
      this.report.removed.push({ sentence: claim.trim(), reason });
      this.report.dropped += cited.length;
      return '';
    }
    this.report.dropped += cited.length;
    this.report.marked++;
    return `${claim}${UNVERIFIED_MARK}${trailing}`;
  }

  private statesAnyFact(facts: Facts, support: Support): boolean {
    return (
      facts.documentNumbers.some((n) => printsDocumentNumber(support.text, n)) ||
      facts.dates.some((d) => support.dates.has(d)) ||
      facts.amounts.some((a) => vouches(support, a))
    );
  }

  /** The claim with markers for its supporting passages, each citation quoting the supporting sentences. */
  private withCitations(claim: string, body: string, facts: Facts, passages: Passage[]): string {
    if (passages.length === 0) return claim;
    const words = bigrams(body);
    const markers = passages.map((passage) => {
      const spans = sentenceSpans(passage);
      const scored = spans.map((span) => ({ span, score: overlap(words, normal(span.text)) + (this.statesAnyFact(facts, supportOfText(passage, span.text)) ? 1 : 0) }));
      const best = scored.sort((a, b) => b.score - a.score)[0];
      const span = best && best.score > 0 ? best.span : { start: passage.start, end: passage.end };
      return this.citations.cite({ document: passage.document, ...(passage.chunk ? { chunk: passage.chunk } : {}), start: span.start, end: span.end });
    });
    // Markers go before the sentence's closing punctuation, as in the offline answers.
    const close = /[。！？!?；;：:]$/.exec(claim)?.[0] ?? '';
    return `${claim.slice(0, claim.length - close.length)}${markers.join('')}${close}`;
  }
}

/** Longest stretch checked as one sentence. */
const MAX_SENTENCE_CHARS = 600;

/**
 * Cuts streamed text into sentences: a sentence is complete at 。！？； or a line break, with the
 * citation markers that follow it, once the next sentence has begun.
 */
export class SentenceSplitter {
  private buffer = '';

  push(delta: string): string[] {
    this.buffer += delta;
    const sentences: string[] = [];
    for (;;) {
      const boundary = /[。！？!?；;]|\n/.exec(this.buffer);
      if (!boundary) {
        // Text with no sentence end is checked in bounded pieces, never as one endless sentence.
        if (this.buffer.length > MAX_SENTENCE_CHARS) {
          sentences.push(this.buffer.slice(0, MAX_SENTENCE_CHARS));
          this.buffer = this.buffer.slice(MAX_SENTENCE_CHARS);
          continue;
        }
        break;
      }
      let end = boundary.index + boundary[0].length;
      const after = /^(?:\s*(?:\[[\d,，、\s]*\]?|【\d*】?|［\d*］?))*\s*/.exec(this.buffer.slice(end))![0];
      // Wait for what follows: a marker may still be arriving.
      if (end + after.length >= this.buffer.length) break;
      end += after.length;
      sentences.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end);
    }
    return sentences;
  }

  /** The rest, at the end of the stream. */
  flush(): string[] {
    const rest = this.buffer;
    this.buffer = '';
    return rest.trim() ? [rest] : [];
  }
}
