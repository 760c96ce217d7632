/**
 * Evidence: the sentences of retrieved passages, scored by how much of the question they cover.
 * Coverage weighs each question term by its IDF in the corpus, so a sentence that shares the rare,
 * specific words of a question beats one that shares only common ones.
 */
import { sentenceSpans } from '../../ingest/chunk.js';
import { printsFullForm } from '../../text/abbreviations.js';
import { bigramOverlap, bigrams } from '../../text/bigrams.js';
import { citiesOf, namesPlace } from '../../text/places.js';
import type { Hit, PolicyDocument } from '../../types.js';
import { expectedAnswerType, holdsAnswerType } from '../question/answer-type.js';
import { handScore, type SentenceFeatures } from '../model/features.js';
import { periodConflict, periodsAsked, periodsOf, rateConflict, ratesAsked, relativeYears, withHeadline, withYearRanges, type Periods } from '../question/periods.js';
import { standardModel, type ReaderModel } from '../model/model.js';
import { conditionRanges, heldInBoundedRange, rangeAgreement, statedQuantities } from './ranges.js';
import { articleOpeningAt, enumerated, listLeadAt } from './lists.js';
import { isYearTerm, questionFocus, type QueryTerm } from '../question/terms.js';
import { spokenTitles } from '../question/asked.js';

export interface Evidence {
  hit: Hit;
  /** 0-based rank of the hit in retrieval. */
  rank: number;
  text: string;
  /** Offsets in the document text. */
  start: number;
  end: number;
  /** IDF-weighted share of question terms in the sentence (0–1). */
  coverage: number;
  /** The same over the sentence's whole passage with its heading path. */
  passageCoverage: number;
  /** Names the thing the question asks for (see questionFocus). */
  focused: boolean;
  /** What the sentence model scores (model/features.ts). */
  features: SentenceFeatures;
  /** The sentence model's score: higher answers the question better. */
  score: number;
}

/**
 * How much a question word its document's title states counts in a sentence: within a document the
 * title's words are given, and its sentences are told apart by the others. A report's title is its
 * headline or its opening words, and its later sentences speak of the story without naming it again
 * ("大会主题为…" under "2023ACM中国图灵大会在武汉举行开幕…"); a policy's clauses do name their matter.
 * Tuning parts, reports 0.4 → 0.15: news +22 −6 answers and +3 traps refused, all seed questions
 * +5 −1 (with TRANSMITTAL), laws unchanged (0.25: news +13; 0.05: news +12). Policies at 0.15 too: laws −5.
 */
const TITLE_WEIGHT = { report: 0.15, policy: 0.4 };

/** The title a sentence of the document is read under, with how much its words count there. */
function givenTitle(document: PolicyDocument): { text: string; weight: number } {
  return { text: document.title, weight: document.type === '新闻' ? TITLE_WEIGHT.report : TITLE_WEIGHT.policy };
}

/** IDF-weighted share of the terms found in a text (as substrings, so segmentation never hides a match). */
export function coverageOf(text: string, terms: QueryTerm[], title?: { text: string; weight: number }): number {
  const haystack = withYearRanges(text.toLowerCase());
  const implied = title?.text.toLowerCase();
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const has = (source: string) => term.forms.some((form) => source.includes(form));
    const weight = implied && has(implied) ? term.weight * title!.weight : term.weight;
    total += weight;
    if (has(haystack)) covered += weight;
    // A four-character word printed apart ("扩大…开放"): both halves present count for most of it.
    else if (term.term.length === 4 && haystack.includes(term.term.slice(0, 2)) && haystack.includes(term.term.slice(2))) covered += weight * 0.7;
    // "解释权" is printed as "负责解释", "核准权限" as "核准": the act stands for the power to do it.
    else if (/^[\u4e00-\u9fff]{2}权(?:限)?$/.test(term.term) && haystack.includes(term.term.slice(0, 2))) covered += weight * 0.7;
    // An abbreviation keeps its full form's characters in order ("大客车" ← 大型客车, "交易所" ← 证券交易场所).
    // (Not a law's short name: "公司法" is not printed in "公司依法设立". The retriever names laws.)
    else if (term.term.length >= 3 && !term.term.endsWith('法') && printsFullForm(term.term, haystack)) covered += weight * 0.7;
  }
  return total > 0 ? covered / total : 0;
}

const aliasCache = new WeakMap<PolicyDocument, Array<{ full: string; short: string }>>();

/** A document's own abbreviations: "设立人工智能科技伦理委员会（以下简称委员会）" → 委员会. */
function aliasesOf(document: PolicyDocument): Array<{ full: string; short: string }> {
  let aliases = aliasCache.get(document);
  if (!aliases) {
    aliases = [...document.text.matchAll(/([^，。；：、（(\n]{2,24})[（(]以下(?:简称|统称)为?[“《]?([^”》）)]{2,12})[”》]?[）)]/g)].map((m) => ({
      full: m[1]!,
      short: m[2]!.replace(/\^?[①②③④⑤⑥⑦⑧⑨]/g, ''),
    }));
    aliasCache.set(document, aliases);
  }
  return aliases;
}

/** The terms with the document's abbreviation of any full name they are part of as one more form. */
function withAliases(terms: QueryTerm[], document: PolicyDocument): QueryTerm[] {
  const aliases = aliasesOf(document);
  if (aliases.length === 0) return terms;
  return terms.map((term) => {
    const extra = term.term.length >= 3 ? aliases.filter((a) => a.full.includes(term.term)).map((a) => a.short.toLowerCase()) : [];
    return extra.length > 0 ? { ...term, forms: [...term.forms, ...extra] } : term;
  });
}

/** The words a question asks the meaning of: "…里农民工是怎么定义的" → …农民工 (its head is at its end). */
const DEFINITION_ASKED = /([\u4e00-\u9fffA-Za-z]{2,12}?)(?:是怎么|怎么|如何)?(?:定义|界定)|([\u4e00-\u9fffA-Za-z]{2,12}?)(?:具体)?(?:是指什么|指什么|指的是|是什么意思|什么意思)/;

/**
 * Whether a defined term is the one asked about: the quoted term, or the head of the asked phrase;
 * undefined when the question asks about neither (then no sentence need be read for a definition).
 */
function definitionAsked(question: string, quoted: string[]): ((defined: string | undefined) => boolean) | undefined {
  const match = DEFINITION_ASKED.exec(question);
  const phrase = match?.[1] ?? match?.[2];
  if (quoted.length === 0 && !phrase) return undefined;
  return (defined) => Boolean(defined && (quoted.some((q) => defined.includes(q)) || (phrase && phrase.endsWith(defined))));
}

/** The term a sentence defines: "本条例所称农民工，是指…", "（以下简称“…”）", "X是指…"; none otherwise. */
function definedTerm(text: string): string | undefined {
  const defined = /所称([^，,。；]{1,24}?)[，,]?(?:是指|系指|包括)|(?:以下|下文)?(?:简称|统称)为?[“"]?([^”"，,。；)）]{1,16})|^(?:第[^条]{1,8}条\s*)?([^，,。；]{1,24}?)(?:是指|系指)/.exec(text);
  return defined?.[1] ?? defined?.[2] ?? defined?.[3];
}

/**
 * A notice's transmittal ("现将《…》印发给你们，请结合实际认真抓好落实", "现予印发，请遵照执行"): it names
 * the text it sends, as a heading does, and states nothing of it.
 */
const TRANSMITTAL = /现(?:将|予)[^。；]{0,60}?(?:印发|转发)/;

/** How much of a sentence's coverage its headings may add: they are context, not the statement. */
const HEADED = 0.8;
/**
 * …and a list item's lead sentence: less, since a lead words every item's case alike (0.8: laws
 * tuning +2, all seed questions −1; 0.7: laws +1; 0.6: no change).
 */
const LED = 0.7;

/** Splits the hits' passages into sentences and scores each with the reader's sentence model, best first. */
export function gatherEvidence(hits: Hit[], questionTerms: QueryTerm[], question = '', model: ReaderModel = standardModel()): Evidence[] {
  const evidence: Evidence[] = [];
  // (A place pins the document, not the sentence: a policy's clauses rarely repeat its province.)
  const critical = questionTerms.filter((t) => t.critical && !t.place);
  const focus = questionFocus(question);
  // A term the question quotes (“提出机关”) is asked about as such: the sentence naming it, best one
  // defining it ("以下统称为提出机关"), answers.
  // ("“十五五”" is a period printed in quotes, not a term.)
  const quoted = [...question.matchAll(/[“"「]([^”"」]{2,12})[”"」]/g)].map((m) => m[1]!).filter((q) => !/^十[一二三四五六七八九]五$/.test(q));
  // What a definition must define: the quoted term, or the words before "是怎么定义的".
  const definedAsked = definitionAsked(question, quoted);
  // "哪类涉案财物不做价格认定？": what is excluded is printed as 不进行/不予/无需/除外.
  const asksExclusion = /不做|不进行|不需要|不用|无需|不予|不再|不属于|不适用|免于|例外/.test(question);
  const excludes = /不(?:进行|予|得|再|需|必|适用|属于)|无需|免于|除外|不在/;
  // Character bigrams of the question catch what word segmentation splits differently ("下放到市县").
  const questionGrams = bigrams(question);
  const answerType = question ? expectedAnswerType(question) : 'other';
  const askedPeriods = periodsAsked(question);
  // The question's words a rate may stand before (每月销售额): nouns of two characters or more.
  const askedRates = ratesAsked(question, questionTerms.filter((t) => t.term.length >= 2 && /^[\u4e00-\u9fff]+$/.test(t.term)).map((t) => t.term));
  const askedQuantities = statedQuantities(question);
  // A place asked by name (象山县, 湖南省), also printed without its suffix (象山, 湖南).
  const askedPlaces = questionTerms.filter((t) => t.place).flatMap((t) => [...t.forms, t.term.replace(/(?:省|市|自治区|州|县)$/, '')]);
  const topScore = Math.max(...hits.map((hit) => hit.score), 0);
  // Per document, not per sentence: the pinning test reads the whole text.
  const documentFacts = new Map<string, { pinning: number; titleCoverage: number; titlePeriods: Periods }>();
  const passagesOf = new Map<string, number>();
  for (const hit of hits) passagesOf.set(hit.document.id, (passagesOf.get(hit.document.id) ?? 0) + 1);
  hits.forEach((hit, rank) => {
    const terms = withAliases(questionTerms, hit.document);
    let facts = documentFacts.get(hit.document.id);
    if (!facts) {
      facts = { pinning: documentPinning(hit.document, questionTerms), titleCoverage: coverageOf(hit.document.title, questionTerms), titlePeriods: periodsOf(hit.document.title) };
      documentFacts.set(hit.document.id, facts);
    }
    // A report's sentence stands under its headings (a speaker, "优必选…周剑："): they say whose
    // words it is. (A policy text's headings name its chapters, which every clause there shares.)
    const reportHeadings = hit.document.type === '新闻' ? hit.chunk.headingPath.slice(1) : [];
    const passageCoverage = coverageOf(`${hit.chunk.headingPath.join(' ')} ${hit.chunk.text}`, terms);
    const title = givenTitle(hit.document);
    let previous = '';
    for (const span of sentenceSpans(hit.chunk.text, hit.chunk.start)) {
      const text = hit.document.text.slice(span.start, span.end).trim();
      if (text.length < 4) continue;
      const headings = reportHeadings.filter((h) => h !== text).join(' ');
      // A quantity the question states ("工龄12年") is printed as the condition bounded on both sides
      // that holds it ("已满10年不满20年的"): there its words count as printed.
      // (Its condition ranges, read once: whether they hold the stated quantities is asked twice.)
      const ranges = askedQuantities.length > 0 ? conditionRanges(text) : [];
      const held = heldInBoundedRange(askedQuantities, ranges);
      const read = held.length > 0 ? `${text} ${held.map((quantity) => quantity.raw).join(' ')}` : text;
      // A list item is read under the sentence it hangs on ("…应当符合下列条件：" over "（二）持有建设
      // 工程规划许可证"), as a report's sentence under its headings.
      // So is a case of a rule ("七十五周岁以上的，按五年计算。") that holds the quantity the question
      // states, under the sentence its article opens with.
      const lead = enumerated.test(text)
        ? listLeadAt(hit.document.text, span.start)?.text
        : rangeAgreement(askedQuantities, ranges) === 'holds'
          ? articleOpeningAt(hit.document.text, hit.chunk.headingPath.at(-1) ?? '', span.start)
          : undefined;
      const coverage = Math.max(
        coverageOf(read, terms, title),
        headings ? HEADED * coverageOf(`${headings} ${read}`, terms, title) : 0,
        lead ? LED * coverageOf(`${lead} ${read}`, terms, title) : 0,
      );
      // The sentence before sets the scene ("突发公共事件等紧急状态下…") for a short one that states the fact.
      const contextCoverage = coverageOf(previous + read, terms, title);
      previous = hit.document.text[span.start - 1] === '\n' ? text : previous + text;
      // Headlines and headings name a topic; they do not state a fact.
      const heading = hit.chunk.headingPath.includes(text.replace(/[：:]$/, ''));
      const spanned = withYearRanges(text.toLowerCase());
      const own = periodsOf(text);
      const focused = focus.some((f) => text.includes(f));
      const naming = quoted.some((q) => text.replace(/\^?[①②③④⑤⑥⑦⑧⑨]/g, '').includes(q));
      const features: SentenceFeatures = {
        coverage,
        contextCoverage,
        passageCoverage,
        bigramOverlap: questionGrams.size > 0 ? bigramOverlap(questionGrams, text) : coverage,
        reciprocalRank: 1 / (1 + rank),
        retrievalScore: topScore > 0 ? Math.max(0, hit.score) / topScore : 0,
        statement: (/[，。；：！？]/.test(text) || text.length > 80) && !heading && !TRANSMITTAL.test(text) ? 1 : 0,
        criticalShare: critical.length === 0 ? 0 : critical.filter((t) => t.forms.some((f) => spanned.includes(f))).length / critical.length,
        criticalMissing: 1 - facts.pinning,
        focused: focused ? 1 : 0,
        quotesTerm: naming ? 1 : 0,
        definesTerm: definedAsked?.(definedTerm(text)) ? 1 : 0,
        statesExclusion: asksExclusion && excludes.test(text) ? 1 : 0,
        typeMatch: holdsAnswerType(answerType, text, question) ? 1 : 0,
        // (A report's sentence is about the period its headline names, unless it names its own.)
        periodConflict:
          periodConflict(askedPeriods, hit.document.type === '新闻' ? withHeadline(own, facts.titlePeriods) : own, own) || rateConflict(askedRates, text) ? 1 : 0,
        placeConflict: askedPlaces.length > 0 && !askedPlaces.some((place) => text.includes(place)) && namesPlace(text) ? 1 : 0,
        titleCoverage: facts.titleCoverage,
        documentShare: passagesOf.get(hit.document.id)! / hits.length,
        length: Math.min(1, text.length / 200),
        leading: 1 / (1 + span.start / 500),
        conditionRange: { holds: 1, excludes: -1, none: 0 }[rangeAgreement(askedQuantities, ranges) ?? 'none'],
        relativeCoverage: 0,
        handScore: 0,
      };
      evidence.push({ hit, rank, text, start: span.start, end: span.end, coverage, passageCoverage, focused, features, score: 0 });
    }
  });
  const bestCoverage = Math.max(0, ...evidence.map((e) => e.coverage));
  for (const e of evidence) {
    e.features.relativeCoverage = bestCoverage > 0 ? e.coverage / bestCoverage : 0;
    e.features.handScore = handScore(e.features);
    e.score = model.sentenceScore(e.features);
  }
  return evidence.sort((a, b) => b.score - a.score);
}

/**
 * How well a piece of evidence supports answering at all (0–1): its coverage of the question,
 * halved for every critical term (a named year, the most specific words) its document lacks.
 */
export function supportOf(evidence: Evidence | undefined, terms: QueryTerm[]): number {
  if (!evidence) return 0;
  return (0.6 * evidence.coverage + 0.4 * evidence.passageCoverage) * pinningOf(evidence, terms);
}

/**
 * The factor (0–1) by which evidence loses support for each critical term (a named year, the most
 * specific words) its document lacks: halved, quartered for a year, another instance of the same
 * series or a place. A report's 今年 is its own year (impliedYears).
 */
export function pinningOf(evidence: Evidence, terms: QueryTerm[]): number {
  return documentPinning(evidence.hit.document, terms);
}

/** The years a dated report names by 今年, 去年, 前年, 明年 ("今年上半年" in a report of 2023-08-03 is 2023's). */
function impliedYears(document: PolicyDocument): string[] {
  const year = Number(document.date?.slice(0, 4));
  if (!(year > 1900)) return [];
  // (A news report is of its own year where it names none: "8月2日…现场查获…渔获物381条" in a report of 2023.)
  const own = document.type === '新闻' ? [String(year)] : [];
  return [...own, ...Object.entries(relativeYears)
    .filter(([word]) => document.text.includes(word))
    .map(([, offset]) => String(year + offset))];
}

/** Characters of a text (its title first) that say where it is from: a headline, a dateline, a lede. */
const OPENING = 300;

function documentPinning(document: PolicyDocument, terms: QueryTerm[]): number {
  if (!terms.some((term) => term.critical || term.kind)) return 1;
  // Not cached: a lower-cased copy of every document read would double the corpus in memory.
  const documentText = withYearRanges(`${document.title}\n${document.text}`.toLowerCase());
  let pinning = 1;
  for (const term of terms) {
    if (!(term.critical || term.kind) || term.forms.some((form) => documentText.includes(form.replace(/年$/, '')))) continue;
    // (A text whose opening names a city of the province asked is about that province: "衢州市…江山市"
    // for 浙江. Not a city named in passing further on.)
    if (term.place && citiesOf(term.term).some((city) => documentText.slice(0, OPENING).includes(city))) continue;
    const year = isYearTerm(term.term);
    if (year && impliedYears(document).includes(term.term.slice(0, 4))) continue;
    // Another instance of the same series (第二批 where 第三批 is asked), or another year, is a different
    // thing, not a paraphrase. (A year: news tuning traps +2, answers −3, two of them questions whose
    // year their source does not state.)
    const series = /^第.+([批次届期轮])$/.exec(term.term)?.[1];
    pinning *= term.place || year || (series && new RegExp(`第[一二三四五六七八九十\\d]+${series}`).test(documentText)) ? 0.25 : 0.5;
  }
  return pinning;
}

/**
 * A test for sentences about the regulations a question names, in 《》 (`titles`) or without
 * (spokenTitles); undefined when it names none.
 */
export function aboutNamedRegulations(titles: string[], question: string): ((evidence: Evidence) => boolean) | undefined {
  const spoken = spokenTitles(question);
  if (titles.length === 0 && spoken.length === 0) return undefined;
  return (evidence) => titles.some((title) => evidence.text.includes(title)) || spoken.some((name) => namesRegulation(evidence, name));
}

/**
 * The sentence is about the regulation named: it names it, or says "该条例" right after text
 * whose last regulation named is it ("《成都市水污染防治条例》的制定过程…该条例已于…施行").
 */
function namesRegulation(evidence: Evidence, name: string): boolean {
  const like = (text: string) => bigramOverlap(name, text) >= 0.8;
  if (like(evidence.text)) return true;
  if (!/[该此本](?:条例|办法|规定|细则)|《(?:条例|办法|规定|细则)》/.test(evidence.text)) return false;
  const before = evidence.hit.document.text.slice(Math.max(0, evidence.start - 300), evidence.start);
  const named = [...before.matchAll(/《([^》]{3,40}(?:条例|办法|规定|细则)(?:（[^）]*）)?)》/g)].map((m) => m[1]!);
  return named.length > 0 && like(named[named.length - 1]!);
}
