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
import { Citations } from '../answer/citations.js';
import { normalizeDocumentNumber, parseChineseInteger } from '../ingest/metadata.js';
import { normalizeText } from '../text/tokenize.js';
import type { VerificationReport } from '../types.js';
import { withoutInstructions, type Passage, type PassageRegistry } from './passages.js';

export const UNVERIFIED_MARK = '〔未核实〕';

/** A statement of fact must share at least this share of its wording with the passage it cites. */
const SUPPORT_OVERLAP = 0.4;
/** With every number, date and 文号 confirmed, a paraphrase this close is accepted. */
const FACT_OVERLAP = 0.2;
/** A sentence with fewer content characters is a connective ("具体如下："), not a claim. */
const MIN_CLAIM_CHARS = 8;

// (Not the year of a 文号 printed with square brackets: 工信部发[2026]12号.)
const marker = /\s*(?:\[\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*\]|【\s*(\d{1,3})\s*】|［\s*(\d{1,3})\s*］)(?!\s*\d{1,4}\s*号)/g;
const enumerator = /^\s*(?:[-*•]\s+|\d+[.、．)）]\s*|[（(]\d+[)）]\s*|[一二三四五六七八九十]+、)/;
/** Words of every reply that say nothing about the source ("根据…规定"). */
const formula = /根据|依据|按照|规定|明确|提出|指出|表示|显示|文件|通知|其中|以及|包括|相关|有关|主要|如下|具体|内容|要求|方面|问题|关于|答复|口径|现有|原文|资料|来源|检索|结果|所述|提到|该|此|本/g;
/** The model saying the corpus does not cover something: a refusal, not a claim. */
const notCovered = /未(?:能)?(?:找到|检索到|查到|提及|涉及|载明|写明|作(?:出)?规定|明确)|没有(?:找到|检索到|查到|提及|涉及|相关|明确|规定|写明)|无法(?:回答|确定|确认|找到)|不包含|并未|尚无|暂无/;

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
const arabicAmount = /(?<![\d.])(\d+(?:\.\d+)?)(万亿|千亿|百亿|千万|百万|亿|万|千)?/g;
// (Clause numbers count too: 第十四条 and 第14条 both state 14.)
const chineseAmount = /(?<![零〇一二两三四五六七八九十百千])([零〇一二两三四五六七八九十百千]+)(万亿|亿|万)?(?=[余多]?[元个家项台人名次件条倍天年月日批类种部章节款%％])/g;
const isoDate = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/g;
const chineseDate = /(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?/g;
const documentNumber = /[\u4e00-\u9fff]{1,14}〔\d{4}〕\d{1,4}号/g;

function round(value: number): number {
  return Number(value.toPrecision(12));
}

interface Amount {
  value: number;
  /** As printed, for telling the user what was removed. */
  raw: string;
}

/** The numbers a text states, magnitudes multiplied out (3.5万 → 35000). */
function amounts(text: string): Amount[] {
  const found: Amount[] = [];
  for (const m of text.matchAll(arabicAmount)) found.push({ value: round(Number(m[1]) * (m[2] ? magnitudes[m[2]]! : 1)), raw: m[0] });
  for (const m of text.matchAll(chineseAmount)) {
    const value = parseChineseInteger(m[1]!.replace(/[〇零]/g, ''));
    if (Number.isFinite(value) && value > 0) found.push({ value: round(value * (m[2] ? magnitudes[m[2]]! : 1)), raw: m[0] });
  }
  return found;
}

function dates(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(isoDate)) found.push(`${m[1]}-${Number(m[2])}-${Number(m[3])}`);
  for (const m of text.matchAll(chineseDate)) found.push(m[3] ? `${m[1]}-${Number(m[2])}-${Number(m[3])}` : `${m[1]}-${Number(m[2])}`);
  return found;
}

/** Text normalised for comparison: half-width, no spaces or thousands separators, one bracket form. */
function normal(text: string): string {
  return normalizeText(text).replace(/(?<=\d),(?=\d{3})/g, '').replace(/\s+/g, '').replace(/％/g, '%');
}

interface Facts {
  amounts: Amount[];
  dates: string[];
  documentNumbers: string[];
}

function factsOf(claim: string): Facts {
  const numbers = [...claim.matchAll(documentNumber)].map((m) => normalizeDocumentNumber(m[0]) ?? m[0]);
  // A 文号's and a date's digits are checked as a whole, not as loose numbers.
  const rest = claim.replace(documentNumber, ' ').replace(isoDate, ' ').replace(chineseDate, ' ');
  return { amounts: amounts(rest), dates: dates(claim), documentNumbers: numbers };
}

function factCount(facts: Facts): number {
  return facts.amounts.length + facts.dates.length + facts.documentNumbers.length;
}

/** What a passage can vouch for: its text plus the metadata the tools showed with it. */
interface Support {
  passage: Passage;
  text: string;
  amounts: Set<number>;
  dates: Set<string>;
}

function supportOf(passage: Passage): Support {
  const { document } = passage;
  const text = normal([withoutInstructions(passage.text), passage.chunk?.headingPath.join(' '), document.title, document.headline, document.documentNumber, document.date, document.effectiveDate, document.issuers.join('、')].filter(Boolean).join('\n'));
  const rest = text.replace(documentNumber, ' ');
  const datesOf = dates(text);
  // A date also vouches for its year and month on their own ("2026年" from 2026-03-05).
  const yearMonths = datesOf.flatMap((d) => [d.split('-').slice(0, 2).join('-')]);
  return { passage, text, amounts: new Set(amounts(rest).map((a) => a.value)), dates: new Set([...datesOf, ...yearMonths]) };
}

/**
 * Whether a support text prints the claimed 文号. The issuer code is read back from the year: the
 * characters glued before it ("文号是工信部发〔2026〕12号") are not all code, so the two must share
 * the year, the number and the end of the code (at least three characters of it, or all of a shorter one).
 */
function printsDocumentNumber(text: string, claimed: string): boolean {
  const [, code, serial] = /^(.*?)(〔\d{4}〕\d{1,4}号)$/.exec(claimed) ?? [];
  if (!code || !serial) return false;
  for (const m of text.matchAll(documentNumber)) {
    const printed = normalizeDocumentNumber(m[0]) ?? m[0];
    if (!printed.endsWith(serial)) continue;
    const other = printed.slice(0, printed.length - serial.length);
    let shared = 0;
    while (shared < Math.min(code.length, other.length) && code[code.length - 1 - shared] === other[other.length - 1 - shared]) shared++;
    if (shared >= Math.min(3, code.length, other.length)) return true;
  }
  return false;
}

function unsupportedFact(facts: Facts, supports: Support[]): string | undefined {
  for (const number of facts.documentNumbers) if (!supports.some((s) => printsDocumentNumber(s.text, number))) return number;
  for (const date of facts.dates) if (!supports.some((s) => s.dates.has(date))) return date;
  for (const { value, raw } of facts.amounts) {
    if (!supports.some((s) => s.amounts.has(value) || [...s.dates].some((d) => d.split('-').map(Number).includes(value)))) return raw;
  }
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
    const trailing = /\s*$/.exec(sentence)![0];
    const claim = sentence.replace(marker, '').trimEnd();
    const body = claim.replace(enumerator, '');
    const content = [...body.replace(formula, '')].filter((c) => cjk.test(c)).length;
    const facts = factsOf(normal(body));
    if (!claim.trim()) return '';
    this.report.sentences++;
    if (factCount(facts) === 0 && (content < MIN_CLAIM_CHARS || notCovered.test(body))) {
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
    const missing = unsupportedFact(facts, this.registry.passages.map((p) => this.support(p)));
    if (missing !== undefined) {
      this.report.removed.push({ sentence: claim.trim(), reason: `“${missing}”不见于任何检索到的原文` });
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
      facts.amounts.some((a) => support.amounts.has(a.value))
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

function supportOfText(passage: Passage, text: string): Support {
  const normalised = normal(withoutInstructions(text));
  return { passage, text: normalised, amounts: new Set(amounts(normalised.replace(documentNumber, ' ')).map((a) => a.value)), dates: new Set(dates(normalised)) };
}

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
      if (!boundary) break;
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
