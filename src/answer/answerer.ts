/**
 * The offline extractive answerer: retrieves passages, picks the sentences that answer, and
 * composes a short Chinese answer that leads with the fact, every statement quoted from the
 * corpus and cited [n]. When the corpus does not support an answer it says so and shows the
 * closest passages instead.
 */
import { sentenceSpans } from '../ingest/chunk.js';
import type { PolicyIndex } from '../index/store.js';
import { analyzeQuery, namesOf, type AnalyzedQuery, type QueryFilters } from '../retrieve/query.js';
import { bigramOverlap, bigrams } from '../text/bigrams.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { Answer, Citation, Figure, Hit, Intent, PolicyDocument } from '../types.js';
import { Citations, sourceName } from './citations.js';
import { coverageOf, gatherEvidence, queryTerms, supportOf, type Evidence, type QueryTerm } from './evidence.js';
import { asksForDate, detectIntent, type IntentAnalysis, type LookupField } from './intent.js';

export interface AnswererOptions {
  /** Below this support (0–1) the answerer refuses. Calibrated on eval/seed-qa.jsonl. */
  refusalThreshold: number;
}

export const defaultAnswererOptions: AnswererOptions = { refusalThreshold: 0.35 };

export interface AnswerRequest {
  question: string;
  /** The question with earlier turns folded in, used for retrieval (defaults to the question). */
  searchText?: string;
  /** Documents an earlier turn was about. */
  focusDocIds?: string[];
  filters?: QueryFilters;
}

/** One question's composed answer with its own citations, the passages retrieved and its intent. */
interface Solved {
  composed?: Composed;
  citations: Citations;
  hits: Hit[];
  intent: Intent;
}

/** The parts of a question that asks several things, split at question marks; one part otherwise. */
export function splitQuestion(question: string): string[] {
  const parts = question
    .split(/(?<=[？?])/)
    .map((part) => part.trim())
    .filter((part) => part.replace(/[？?，,。\s]/g, '').length >= 2);
  return parts.length > 1 ? parts : [question];
}

/** Joins the answers to several parts, renumbering their citations into one list. */
function mergeParts(parts: Solved[]): { text: string; citations: Citation[] } {
  const merged = new Citations();
  const texts = parts.map((part) => {
    const renumber = new Map<number, string>();
    for (const citation of part.citations.list) renumber.set(citation.n, merged.adopt(citation));
    return part.composed!.text.replace(/\[(\d+)\]/g, (marker, n: string) => renumber.get(Number(n)) ?? marker);
  });
  return { text: texts.join('\n'), citations: merged.list };
}

/** An answer composed from evidence, and how well that evidence supports it (0–1). */
interface Composed {
  text: string;
  support: number;
}

/** Wording that states each metadata field in running text. */
const fieldCues: Record<LookupField, RegExp> = {
  documentNumber: /〔\d{4}〕\d+号/,
  issuers: /部门|联合|会同|召开|印发|发布/,
  date: /\d{1,2}月\d{1,2}日/,
  effectiveDate: /施行|实施|生效/,
  type: /通知|意见|办法|条例|方案/,
  title: /《[^》]+》/,
  issuedBy: /印发|联合/,
};

/** A list item: enumerated and a statement, not a bare section heading such as "二、严格政府投资项目审批管理". */
function isItem(evidence: Evidence): boolean {
  return enumerated.test(evidence.text) && /[，。；：]/.test(evidence.text);
}

const enumerated = /^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|\d+[.、．]|第[一二三四五六七八九十]+[，、])/;

export class Answerer {
  private readonly figuresByDocument = new Map<string, Figure[]>();

  constructor(
    private readonly index: PolicyIndex,
    private readonly retriever: Retriever,
    private readonly options: AnswererOptions = defaultAnswererOptions,
  ) {
    for (const figure of index.figures) {
      const list = this.figuresByDocument.get(figure.docId) ?? [];
      list.push(figure);
      this.figuresByDocument.set(figure.docId, list);
    }
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const began = performance.now();
    const { question } = request;
    const intent = detectIntent(question);
    const parts = intent.lookupFields && intent.lookupFields.length > 1 ? [question] : splitQuestion(question);

    // A question asking two things ("最早是哪里搞出来的？哪一年？") is answered part by part; later
    // parts carry the first part's topic and documents.
    const solved: Solved[] = [];
    for (const [n, part] of parts.entries()) {
      const first = solved[0];
      const searchText = n === 0 ? request.searchText : `${request.searchText ?? parts[0]} ${part}`;
      const focusDocIds = n === 0 ? request.focusDocIds : [...new Set([...(request.focusDocIds ?? []), ...(first?.citations.list.map((c) => c.docId) ?? [])])];
      solved.push(await this.solve(part, searchText, focusDocIds, request.filters));
    }
    const main = solved[0]!;
    const passing = solved.filter((s) => s.composed && s.composed.support >= this.options.refusalThreshold);
    const answered = passing.includes(main);
    const merged = mergeParts(answered ? passing : []);

    const related = new Citations();
    for (const hit of main.hits.slice(0, 3)) related.cite({ document: hit.document, chunk: hit.chunk, start: hit.chunk.start, end: hit.chunk.end });
    return {
      question,
      resolvedQuestion: request.searchText ?? question,
      answer: answered ? merged.text : refusal(related.list.length > 0),
      answered,
      confidence: Number((main.composed?.support ?? 0).toFixed(3)),
      intent: main.intent,
      citations: answered ? merged.citations : [],
      related: related.list,
      latencyMs: performance.now() - began,
    };
  }

  /** Retrieves and composes the answer to one question. */
  private async solve(question: string, searchText: string | undefined, focusDocIds: string[] | undefined, filters: QueryFilters | undefined): Promise<Solved> {
    const intent = detectIntent(question);
    const query = analyzeQuery(searchText ?? question);
    const hits = await this.retriever.search(query, { filters, focusDocIds });
    // A follow-up is about the documents of the earlier turn: its own words pick the sentence when
    // they support an answer; otherwise the whole conversation's words are tried.
    const followUp = Boolean(searchText) && (focusDocIds?.length ?? 0) > 0;
    const termSets = [queryTerms(query, this.index), ...(followUp ? [queryTerms(analyzeQuery(question), this.index)] : [])];
    let best: { composed?: Composed; citations: Citations } | undefined;
    for (const terms of termSets.reverse()) {
      // The follow-up's own words come first: they win whenever they support an answer.
      if (best?.composed && best.composed.support >= this.options.refusalThreshold) break;
      const attempt = this.attempt(question, intent, query, hits, terms, focusDocIds);
      if (!best || (attempt.composed?.support ?? -1) > (best.composed?.support ?? -1)) best = attempt;
    }
    return { ...best!, hits, intent: intent.intent };
  }

  /** Composes an answer from the hits, with the question terms given. */
  private attempt(question: string, intent: IntentAnalysis, query: AnalyzedQuery, hits: Hit[], terms: QueryTerm[], focusDocIds?: string[]): { composed?: Composed; citations: Citations } {
    const evidence = gatherEvidence([...hits, ...this.figureHits(intent, terms, hits)], terms, question);
    const citations = new Citations();
    let composed: Composed | undefined;
    if (intent.intent === 'lookup') {
      const fields = intent.lookupFields!;
      const issued = fields[0] === 'issuedBy' ? this.issuedBy(query, citations) : undefined;
      const document = this.lookupDocument(query, fields, hits, terms, focusDocIds);
      const parts = document ? fields.map((field) => this.lookup(document, field, citations)).filter(Boolean) : [];
      // Metadata read from the document record is certain; no lexical support needed.
      if (issued) composed = { text: issued, support: 1 };
      else if (fields[0] === 'issuedBy') composed = undefined;
      else if (document && parts.length === fields.length) composed = { text: parts.join(''), support: 1 };
      else if (query.titles.length > 0 && this.retriever.namedDocuments(query).length === 0) composed = undefined;
      else composed = this.fieldFromText(fields[0]!, evidence, terms, citations);
    } else {
      composed = this.compose(question, intent, evidence, terms, citations);
    }
    return composed ? { composed, citations } : { citations };
  }

  /**
   * A metadata question the document records cannot answer (a news report's date, the bodies at a
   * meeting): answered from the sentence that states it, if one does.
   */
  private fieldFromText(field: LookupField, evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed | undefined {
    // Only a sentence that states such a fact can answer (a 文号, a date); none means not answered.
    const stating = evidence.filter((e) => fieldCues[field].test(e.text));
    return stating.length > 0 ? generalAnswer(stating, terms, citations) : undefined;
  }

  private compose(question: string, intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed | undefined {
    if (evidence.length === 0) return undefined;
    switch (intent.intent) {
      case 'figure': {
        const figure = this.figureAnswer(intent, evidence, terms, citations);
        if (figure) return figure;
        // A question for a number answered without one is at best related material.
        const general = generalAnswer(evidence, terms, citations);
        return { ...general, support: general.support * 0.4 };
      }
      case 'conditions':
        return conditionsAnswer(evidence, terms, citations, (e) => this.continuation(e), question);
      case 'drafting':
        return draftAnswer(this.withOfficialSources(evidence), terms, citations, question, (e) => this.figuresIn(e).length > 0);
      default: {
        if (!asksForDate(question)) {
          const cue = requiredCue(question);
          const pool = cue && !evidence.slice(0, 20).some((e) => cue.test(e.text)) ? [...this.sentencesMatching(cue, evidence, terms), ...evidence] : evidence;
          return generalAnswer(rankByAnswerType(question, pool), terms, citations);
        }
        // "几月几号开的会？": the sentence that states a date; without one the question is not answered.
        const year = /哪一?年|什么年份|几几年/.test(question);
        const date = year ? /\d{4}年/ : /\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|[〇零一二三四五六七八九十]{1,3}月[〇零一二三四五六七八九十]{1,3}日/;
        const dated = evidence.filter((e) => date.test(e.text));
        const general = generalAnswer(dated.length > 0 ? dated : evidence, terms, citations);
        return dated.length > 0 ? general : { ...general, support: general.support * 0.4 };
      }
    }
  }

  /**
   * Sentences of the passage after `evidence`'s when it continues the same list: the same heading
   * (a list cut by the chunk size), or the next item of a list whose items are headings (一、… 二、…).
   */
  private continuation(evidence: Evidence): Evidence[] {
    const { chunk, document } = evidence.hit;
    const next = this.index.chunks.get(`${document.id}#${chunk.ordinal + 1}`);
    if (!next) return [];
    const parent = (path: string[]) => path.slice(0, -1).join('>');
    const sameHeading = next.headingPath.join('>') === chunk.headingPath.join('>');
    const nextItem = parent(next.headingPath) === parent(chunk.headingPath) && enumerated.test(next.headingPath[next.headingPath.length - 1] ?? '');
    if (!sameHeading && !nextItem) return [];
    const hit = { ...evidence.hit, chunk: next };
    return sentenceSpans(next.text, next.start).map((span) => ({
      ...evidence,
      hit,
      text: document.text.slice(span.start, span.end).trim(),
      start: span.start,
      end: span.end,
    }));
  }

  /**
   * Sentences matching `cue` (a phone number, a place) anywhere in the documents of the strongest
   * evidence, scored like evidence: contact lines rarely share words with the question.
   */
  private sentencesMatching(cue: RegExp, evidence: Evidence[], terms: QueryTerm[]): Evidence[] {
    const documents = [...new Set(evidence.slice(0, 10).map((e) => e.hit.document))];
    const found: Evidence[] = [];
    for (const document of documents) {
      for (let ordinal = 0; ; ordinal++) {
        const chunk = this.index.chunks.get(`${document.id}#${ordinal}`);
        if (!chunk) break;
        const sentences = gatherEvidence([{ chunk, document, score: 0 }], terms).filter((e) => cue.test(e.text));
        found.push(...sentences);
      }
    }
    return found.sort((a, b) => b.score - a.score).slice(0, 5);
  }

  /**
   * For statements a news report quotes from a policy text ("《行动方案》提出，到2028年…"), the same
   * sentence in the policy text itself, when the corpus holds it: a reply cites the governing text.
   */
  private withOfficialSources(evidence: Evidence[]): Evidence[] {
    const official = [...new Set(evidence.map((e) => e.hit.document))].filter((d) => d.type !== '新闻');
    if (official.length === 0) return evidence;
    const extra: Evidence[] = [];
    for (const e of evidence.slice(0, 5)) {
      if (e.hit.document.type !== '新闻') continue;
      const grams = bigrams(e.text);
      for (const document of official) {
        for (let ordinal = 0; ; ordinal++) {
          const chunk = this.index.chunks.get(`${document.id}#${ordinal}`);
          if (!chunk) break;
          for (const span of sentenceSpans(chunk.text, chunk.start)) {
            const text = document.text.slice(span.start, span.end).trim();
            if (bigramOverlap(grams, text) < 0.6) continue;
            extra.push({ ...e, hit: { chunk, document, score: e.hit.score }, text, start: span.start, end: span.end, score: e.score + 0.01 });
          }
        }
      }
    }
    return extra.length > 0 ? [...extra, ...evidence].sort((a, b) => b.score - a.score) : evidence;
  }

  /**
   * Passages holding figures of the unit a question asks for (时限 → 日, 小时 …) in the documents
   * retrieved, even when the passage's wording differs from the question's ("30日内作出决定").
   */
  private figureHits(intent: IntentAnalysis, terms: QueryTerm[], hits: Hit[]): Hit[] {
    if (intent.units.length === 0 || hits.length === 0) return [];
    const seen = new Set(hits.map((h) => h.chunk.id));
    const documents = new Set(hits.map((h) => h.document.id));
    const floor = hits[hits.length - 1]!.score;
    const candidates = [...documents]
      .flatMap((id) => this.figuresByDocument.get(id) ?? [])
      .filter((f) => intent.units.includes(f.unit) && !seen.has(f.chunkId))
      .map((f) => ({ f, coverage: coverageOf(f.sentence, terms) }))
      .filter(({ coverage }) => coverage > 0)
      .sort((a, b) => b.coverage - a.coverage);
    const extra: Hit[] = [];
    for (const { f } of candidates) {
      const chunk = this.index.chunks.get(f.chunkId);
      const document = this.index.documents.get(f.docId);
      if (!chunk || !document || seen.has(chunk.id)) continue;
      seen.add(chunk.id);
      extra.push({ chunk, document, score: floor });
      if (extra.length >= 2) break;
    }
    return extra;
  }

  private figuresIn(evidence: Evidence): Figure[] {
    return (this.figuresByDocument.get(evidence.hit.document.id) ?? []).filter((f) => f.start >= evidence.start && f.end <= evidence.end);
  }

  /**
   * Leads with the number as printed, with its period, then quotes the sentence and names the
   * source. When other sources give a different number for the same thing, they are listed too.
   */
  private figureAnswer(intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed | undefined {
    const withUnits = (units: string[]) =>
      evidence
        .map((e) => ({ e, figures: this.figuresIn(e).filter((f) => units.length === 0 || units.includes(f.unit)) }))
        .filter(({ figures, e }) => figures.length > 0 && e.coverage > 0);
    // Prefer the unit the question asks for (多少家 → 家); any figure, less confidently, if none has it.
    let withFigures = withUnits(intent.units);
    let unitFactor = 1;
    if (withFigures.length === 0 && intent.units.length > 0) {
      withFigures = withUnits([]);
      unitFactor = 0.4;
    }
    const best = withFigures[0];
    // A figure of the very unit asked for ("几条" → 4条) may sit in a less prominent sentence.
    if (!best || best.e.score < evidence[0]!.score * (unitFactor === 1 && intent.units.length > 0 ? 0.6 : 0.7)) return undefined;
    // Of several figures in the sentence, the one whose clause matches the question ("数据集不少于5个", not "至少选择3个").
    const figure = best.figures.reduce((a, b) => (coverageOf(b.measure, terms) > coverageOf(a.measure, terms) ? b : a));
    const before = figure.qualifier?.split('…')[0];
    const lead = `${before && !/^[余多来]$/.test(before) && !/^(?:共|累计|合计)$/.test(before) ? before : ''}${figure.raw}`;
    const period = figure.period ? `（${figure.period}）` : '';
    let text = `${lead}${period}。据${sourceName(best.e.hit.document)}：“${best.e.text}”${citations.cite(quotable(best.e))}`;
    const others = withFigures
      .slice(1)
      .filter(({ e }) => e.hit.document.id !== best.e.hit.document.id && e.coverage >= best.e.coverage * 0.9)
      .filter(({ figures }) => figures.some((f) => f.unit === figure.unit && f.value !== figure.value))
      .slice(0, 2);
    for (const other of others) {
      text += `\n另据${sourceName(other.e.hit.document)}：“${other.e.text}”${citations.cite(quotable(other.e))}`;
    }
    if (others.length > 0) text += '\n各来源表述的数字不同，请按统计口径和时间核对。';
    // A figure for another year does not answer a question about this one.
    const askedYears = terms.filter((t) => /^(?:19|20)\d{2}年?$/.test(t.term)).map((t) => t.term.slice(0, 4));
    const statedYear = /(?:19|20)\d{2}/.exec(figure.period ?? '')?.[0];
    const otherYear = askedYears.length > 0 && statedYear !== undefined && !askedYears.includes(statedYear) && !askedYears.every((y) => best.e.text.includes(y));
    return { text, support: supportOf(best.e, terms) * (otherYear ? 0.3 : 1) * unitFactor };
  }

  /**
   * The document a metadata question is about: one it names or the conversation was about, else a
   * retrieved one whose title matches the question well and that records the field.
   */
  private lookupDocument(query: AnalyzedQuery, fields: LookupField[], hits: Hit[], terms: QueryTerm[], focusDocIds: string[] | undefined): PolicyDocument | undefined {
    const hasFields = (d: PolicyDocument) => fields.every((field) => hasField(d, field));
    const named = this.retriever.namedDocuments(query);
    const focused = (focusDocIds ?? []).map((id) => this.index.documents.get(id)).filter((d): d is PolicyDocument => Boolean(d));
    const chosen = [...named, ...focused];
    if (chosen.length > 0) return chosen.find((d) => d.type !== '新闻' && hasFields(d)) ?? chosen.find(hasFields);
    // Documents are often named informally ("物联网三年行动方案"): the retrieved one whose title
    // shares most of the question's words, if it shares enough.
    const candidates = [...new Set(hits.map((h) => h.document))]
      .filter(hasFields)
      .map((d) => ({ d, coverage: coverageOf(d.title, terms) + (d.type === '新闻' ? 0 : 0.05) }))
      .filter(({ coverage }) => coverage >= 0.35)
      .sort((a, b) => b.coverage - a.coverage);
    return candidates[0]?.d;
  }

  /** The policy texts a body issued or co-issued, each cited where its signature names the body. */
  private issuedBy(query: AnalyzedQuery, citations: Citations): string | undefined {
    const documents = [...this.index.documents.values()].filter((d) => d.type !== '新闻' && d.issuers.length > 0);
    const names = new Set(documents.flatMap((d) => d.issuers));
    const asked = query.question.replace(/\s+/g, '');
    const mentioned = [...names].filter((name) => namesOf(name).some((form) => form.length >= 2 && asked.includes(form)));
    // "工信部" names 工业和信息化部, not 工业和信息化部办公厅 as well: keep the shortest matching names.
    const issuers = mentioned.filter((name) => !mentioned.some((other) => other !== name && name.includes(other)));
    if (issuers.length === 0) return undefined;
    const issued = documents.filter((d) => d.issuers.some((issuer) => issuers.some((name) => issuer.includes(name))));
    if (issued.length === 0) return undefined;
    const lines = issued
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
      .map((d) => {
        const name = d.issuers.find((issuer) => issuers.some((n) => issuer.includes(n)))!;
        const facts = [d.documentNumber, d.date ? printedDate(d.date) : undefined].filter(Boolean).join('，');
        return `- 《${d.title}》${facts ? `（${facts}）` : ''}${this.citePrinted(d, name, citations, true)}`;
      });
    return `语料中由${issuers.join('、')}印发或参与联合印发的文件有：\n${lines.join('\n')}`;
  }

  /** One metadata fact of a document, as a sentence citing the line where it is printed. */
  private lookup(document: PolicyDocument, field: LookupField, citations: Citations): string | undefined {
    const name = sourceName(document);
    switch (field) {
      case 'documentNumber': {
        const number = document.documentNumber!;
        return `《${document.title}》的文号是${number}${this.citePrinted(document, number, citations)}。`;
      }
      case 'issuers': {
        const issuers = document.issuers;
        const marker = this.citePrinted(document, issuers[issuers.length - 1]!, citations, true) || this.citePrinted(document, issuers[0]!, citations);
        // No derived count ("共10个部门"): every number in an answer is one the sources print.
        const verb = issuers.length > 1 ? `由${issuers.join('、')}联合印发` : `由${issuers[0]}印发`;
        return `${name}${verb}${marker}。`;
      }
      case 'date': {
        const printed = printedDate(document.date!);
        return `${name}的成文日期是${printed}${this.citePrinted(document, printed, citations, true)}。`;
      }
      case 'effectiveDate': {
        const sentence = sentenceAround(document, /施行|生效/);
        const marker = sentence ? citations.cite({ document, start: sentence.start, end: sentence.end }) : '';
        return `${name}自${printedDate(document.effectiveDate!)}起施行${marker}。`;
      }
      case 'type':
        return `${name}是一份${document.type}${this.citePrinted(document, document.title.slice(-8), citations)}。`;
      case 'title':
        return `该文件全称为${name}${this.citePrinted(document, document.title.slice(0, 12), citations)}。`;
      case 'issuedBy':
        return undefined;
    }
  }

  /**
   * Cites the line where `printed` appears: in the document itself (last occurrence for signature
   * blocks), or else in a document printed with it, such as the notice a measure was issued with.
   */
  private citePrinted(document: PolicyDocument, printed: string, citations: Citations, last = false): string {
    // The notice a measure was issued with prints its 文号 and signatures: same file, same 文号.
    const companions = document.documentNumber
      ? [...this.index.documents.values()].filter(
          (d) => d.sourceFile === document.sourceFile && d.id !== document.id && d.documentNumber === document.documentNumber,
        )
      : [];
    for (const candidate of [document, ...companions]) {
      const at = last ? candidate.text.lastIndexOf(printed) : candidate.text.indexOf(printed);
      if (at < 0) continue;
      const start = candidate.text.lastIndexOf('\n', at) + 1;
      const lineEnd = candidate.text.indexOf('\n', at + printed.length);
      const end = lineEnd < 0 ? candidate.text.length : lineEnd;
      const chunk = [...this.index.chunks.values()].find((c) => c.docId === candidate.id && c.start <= start && c.end >= end);
      return citations.cite({ document: candidate, ...(chunk ? { chunk } : {}), start, end });
    }
    return '';
  }
}

function hasField(document: PolicyDocument, field: LookupField): boolean {
  switch (field) {
    case 'documentNumber':
      return Boolean(document.documentNumber);
    case 'issuers':
      return document.issuers.length > 0;
    case 'date':
      return Boolean(document.date);
    case 'effectiveDate':
      return Boolean(document.effectiveDate);
    default:
      return true;
  }
}

function printedDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

function sentenceAround(document: PolicyDocument, pattern: RegExp): { start: number; end: number } | undefined {
  const match = pattern.exec(document.text);
  if (!match) return undefined;
  const before = document.text.slice(0, match.index);
  const start = Math.max(before.lastIndexOf('。'), before.lastIndexOf('\n')) + 1;
  const after = document.text.slice(match.index).search(/[。\n]/);
  return { start, end: after < 0 ? document.text.length : match.index + after + 1 };
}

function quotable(evidence: Evidence) {
  return { document: evidence.hit.document, chunk: evidence.hit.chunk, start: evidence.start, end: evidence.end };
}

function refusal(hasRelated: boolean): string {
  return hasRelated
    ? '语料中没有找到能回答这个问题的内容。以下是最接近的段落，仅供参考，不能作为答案依据。'
    : '语料中没有找到能回答这个问题的内容。';
}

/** Re-ranks evidence by the kind of answer the question expects (who, where, contact, N-th item, may-I). */
/** A pattern the answering sentence must match, for who/where/contact questions. */
function requiredCue(question: string): RegExp | undefined {
  const who = /(?:由)?(?:谁|哪位|何人)(?:来|去|负责)?([\u4e00-\u9fff]{2})/.exec(question);
  if (who) return new RegExp(who[1]!);
  if (/哪里|在哪|什么地方|何地|哪个地方/.test(question)) {
    return /在[\u4e00-\u9fff]{2,12}(?:举行|召开|开幕|发布)|[\u4e00-\u9fff]{2,8}(?:会场|大会堂|中心|基地)|[\u4e00-\u9fff]{2,6}(?:省|市|县|区|镇|乡|村|街道)/;
  }
  if (/电话|联系方式/.test(question)) return /\d{3,4}-\d{7,8}|\d{3,4}-\d{4}\s?\d{4}/;
  if (/网址|网站|官网/.test(question)) return /https?:|www\./;
  if (/邮箱|邮件/.test(question)) return /@/;
  return undefined;
}

function rankByAnswerType(question: string, evidence: Evidence[]): Evidence[] {
  // Who did it, or where, must be said by a sentence that names the act ("谁主持的？" → "…主持会议")
  // or a place: among the strong candidates, only such sentences answer.
  const required = requiredCue(question);
  // "第二个是什么？" after a sentence introducing a list: the item printed as 第二，/二是/（二）.
  const ordinal = /第([一二三四五六七八九十])(?:个|点|条|项|方面)/.exec(question)?.[1];
  if (ordinal) {
    const item = new RegExp(`^(?:第${ordinal}[，、：]|${ordinal}是|[（(]${ordinal}[)）])`);
    const answering = evidence.filter((e) => item.test(e.text));
    if (answering.length > 0) {
      // The item is supported by the sentence that introduced its list ("…有三大亮点。"); with
      // several lists, the item whose introduction matches the question best.
      // The introduction is among the few sentences before the item: the one closest to the question.
      const introOf = (e: Evidence) =>
        evidence
          .filter((other) => other.hit.document === e.hit.document && other.start < e.start && !enumerated.test(other.text))
          .sort((a, b) => b.start - a.start)
          .slice(0, 6)
          .sort((a, b) => b.coverage - a.coverage)[0];
      const found = answering.reduce((a, b) => ((introOf(b)?.coverage ?? 0) > (introOf(a)?.coverage ?? 0) ? b : a));
      const intro = introOf(found);
      const ranked = [found, ...evidence.filter((e) => e !== found)];
      return intro ? ranked.map((e) => (e === found ? { ...e, coverage: Math.max(e.coverage, intro.coverage), passageCoverage: Math.max(e.passageCoverage, intro.passageCoverage) } : e)) : ranked;
    }
  }
  if (required) {
    const top = evidence.slice(0, 20);
    const answering = top.filter((e) => required.test(e.text));
    if (answering.length > 0) return [...answering, ...evidence.filter((e) => !answering.includes(e))];
  }
  // "能不能…？" wants the rule that allows or forbids it.
  if (/能否|能不能|可否|可不可以|是否可以|是否允许|行不行/.test(question)) {
    const bonus = (e: Evidence) => (/不得|严禁|禁止|应当|可以/.test(e.text) ? 0.15 : 0);
    return [...evidence].sort((a, b) => b.score + bonus(b) - (a.score + bonus(a)));
  }
  return evidence;
}

/** The best one or two sentences, from different passages, each cited. */
function generalAnswer(evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed {
  const best = evidence[0]!;
  // A clause of a "；" run is quoted with the rest of its run ("…开放共享；…授权使用。").
  const run = semicolonRun(evidence.filter((e) => e.hit.chunk.id === best.hit.chunk.id), best);
  const quoted = run.length >= 2 && run.length <= 4 ? run : [best];
  let answer = quoted.map((e) => `${e.text}${citations.cite(quotable(e))}`).join('');
  const second = quoted.length > 1 ? undefined : evidence.find((e) => e.hit.chunk.id !== best.hit.chunk.id && e.coverage >= best.coverage * 0.8 && e.text !== best.text);
  if (second) answer += `\n${second.text}${citations.cite(quotable(second))}`;
  return { text: `据${sourceName(best.hit.document)}：\n${answer}`, support: supportOf(best, terms) };
}

/**
 * Conditions are listed item by item, each cited: the enumerated items that follow the best
 * sentence in its passage ("有下列情形之一的…：（一）…（二）…"), or else the best sentences.
 */
function conditionsAnswer(evidence: Evidence[], terms: QueryTerm[], citations: Citations, continuation: (e: Evidence) => Evidence[], question: string): Composed {
  // Prohibitions are asked for as 禁止性规定 and printed as 不得/严禁.
  const prohibitive = /禁止|不得|不能|不允许|限制/.test(question);
  const weigh = (e: Evidence) => officialWeight(e) + (prohibitive && /不得|严禁|禁止|不允许/.test(e.text) ? 0.15 : 0);
  // The passage that answers a conditions question usually introduces a list ("有下列情形之一的…："):
  // among the strongest passages, one that does wins; the governing text wins over a report on it.
  const byPassage = new Map<string, Evidence[]>();
  for (const e of evidence) byPassage.set(e.hit.chunk.id, [...(byPassage.get(e.hit.chunk.id) ?? []), e]);
  const top = Math.max(...evidence.map(weigh));
  let chosen: Evidence[] = [];
  let chosenScore = -1;
  for (const sentences of byPassage.values()) {
    const best = Math.max(...sentences.map(weigh));
    if (best < top * 0.75) continue;
    const listed = extendedList(sentences, continuation).items.length >= 2 ? 0.15 : 0;
    if (best + listed > chosenScore) {
      chosen = sentences;
      chosenScore = best + listed;
    }
  }
  const { lead, items } = extendedList(chosen, continuation);
  const head = lead ?? chosen.reduce((a, b) => (weigh(b) > weigh(a) ? b : a));
  // Clauses separated by "；" in one paragraph are a list too: "…严格控制设立企业；…不得…；…。"
  if (items.length < 2 && !lead) items.splice(0, items.length, ...semicolonRun(chosen, head));
  // The lead sentence is quoted unless the items alone are the list (a run of "；" clauses).
  const quoteHead = Boolean(lead) || items.length < 2;
  const lines = [`据${sourceName(head.hit.document)}${headingClause(head)}：${quoteHead ? `${head.text}${citations.cite(quotable(head))}` : ''}`];
  if (items.length >= 2) {
    for (const item of items) lines.push(`- ${item.text}${citations.cite(quotable(item))}`);
  } else {
    // No printed list: the head's paragraph often states the points one sentence each
    // ("投资主管部门履行…；行业主管部门履行…；地方政府履行…"), then the next strongest sentences.
    const text = head.hit.document.text;
    const mates = evidence
      .filter((e) => e !== head && e.hit.document === head.hit.document && !text.slice(Math.min(e.end, head.end), Math.max(e.start, head.start)).includes('\n'))
      .sort((a, b) => a.start - b.start)
      .slice(0, 4);
    const others = [...evidence].sort((a, b) => weigh(b) - weigh(a)).filter((e) => e !== head && !mates.includes(e) && e.coverage >= head.coverage * 0.6);
    const more = [...mates, ...others].slice(0, 4);
    for (const item of more) lines.push(`- ${item.text}${citations.cite(quotable(item))}`);
  }
  const strongest = [head, ...items].reduce((a, b) => (b.score > a.score ? b : a));
  return { text: lines.join('\n'), support: supportOf(strongest, terms) };
}

/** A passage's list, continued into the passages that carry on with its items. */
function extendedList(sentences: Evidence[], continuation: (e: Evidence) => Evidence[]): { lead?: Evidence; items: Evidence[] } {
  const list = listOf(sentences);
  let last = list.items[list.items.length - 1];
  while (last) {
    const more = mergeByParagraph(continuation(last)).filter(isItem);
    if (more.length === 0 || list.items.length > 20) break;
    list.items.push(...more);
    last = more[more.length - 1];
  }
  return list;
}

/** The run of "；"-separated sentences around `sentence` in its paragraph, when there is one. */
function semicolonRun(sentences: Evidence[], sentence: Evidence): Evidence[] {
  const ordered = [...sentences].sort((a, b) => a.start - b.start);
  const text = sentence.hit.document.text;
  const at = ordered.indexOf(sentence);
  const joined = (a: Evidence, b: Evidence) => !text.slice(a.end, b.start).includes('\n') && /；$/.test(a.text);
  let from = at;
  while (from > 0 && joined(ordered[from - 1]!, ordered[from]!)) from--;
  let to = at;
  while (to + 1 < ordered.length && joined(ordered[to]!, ordered[to + 1]!)) to++;
  return to > from ? ordered.slice(from, to + 1) : [];
}

/**
 * A list in one passage: a sentence that introduces it ("…：") and the items after it, either
 * enumerated ((一)… 一是… 1.…) or, within the same paragraph, separated by "；".
 */
function listOf(sentences: Evidence[]): { lead?: Evidence; items: Evidence[] } {
  const ordered = [...sentences].sort((a, b) => a.start - b.start);
  const text = ordered[0]?.hit.document.text ?? '';
  const sameParagraph = (a: Evidence, b: Evidence) => !text.slice(a.end, b.start).includes('\n');
  // A paragraph ending in "：" introduces the enumerated paragraphs after it (items may hold "；").
  const paragraphs = mergeByParagraph(ordered);
  for (const [i, paragraph] of paragraphs.entries()) {
    if (!/[：:]$/.test(paragraph.text)) continue;
    const items: Evidence[] = [];
    for (const candidate of paragraphs.slice(i + 1)) {
      if (!isItem(candidate)) break;
      items.push(candidate);
    }
    if (items.length > 0) return { lead: paragraph, items };
  }
  // Items run on inside the lead's paragraph: "…应当进行价格认定：涉嫌违纪违法案件；刑事案件；…。"
  for (const [i, sentence] of ordered.entries()) {
    const next = ordered[i + 1];
    if (!next || !/[：:]/.test(sentence.text) || !/[；：:]$/.test(sentence.text) || !sameParagraph(sentence, next)) continue;
    const run = [next];
    for (const more of ordered.slice(i + 2)) {
      if (!sameParagraph(run[run.length - 1]!, more) || /。$/.test(run[run.length - 1]!.text)) break;
      run.push(more);
    }
    if (run.length >= 2 || /；/.test(sentence.text)) return { lead: sentence, items: run };
  }
  // Without a lead, only enumerated whole paragraphs are items: "（三）加强换届规范。" opening a long
  // paragraph is that paragraph's heading, not an item of a list.
  // "（六）持续深化登记制度改革。研究制定…" is a section with a heading sentence, not a list item.
  const section = (p: Evidence) => /^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)[^，。；：]{2,24}。./.test(p.text);
  return { items: paragraphs.filter((p) => isItem(p) && !section(p) && p.text.length <= 200) };
}

/** Consecutive sentences of one paragraph merged into one piece of evidence spanning the paragraph. */
function mergeByParagraph(sentences: Evidence[]): Evidence[] {
  const paragraphs: Evidence[] = [];
  for (const sentence of sentences) {
    const last = paragraphs[paragraphs.length - 1];
    const text = sentence.hit.document.text;
    if (last && last.hit.document === sentence.hit.document && !text.slice(last.end, sentence.start).includes('\n')) {
      paragraphs[paragraphs.length - 1] = {
        ...last,
        text: text.slice(last.start, sentence.end).trim(),
        end: sentence.end,
        score: Math.max(last.score, sentence.score),
        coverage: Math.max(last.coverage, sentence.coverage),
      };
    } else {
      paragraphs.push(sentence);
    }
  }
  return paragraphs;
}

/** A formal reply draft: 关于…问题，根据《…》（文号）第X条规定：“…”，each point cited. */
function draftAnswer(evidence: Evidence[], terms: QueryTerm[], citations: Citations, question: string, hasFigure: (e: Evidence) => boolean): Composed {
  // A reply quotes the governing policy text, not a news report about it; a reply on targets or
  // numbers quotes the sentence that states them; one on whether something is allowed, the rule.
  const wantsFigures = /目标|指标|数量|规模|多少|金额|资金|进展|几个|几家/.test(question);
  const wantsRule = /能否|能不能|可否|可不可以|是否可以|是否允许|行不行|允许|是否需要|要不要/.test(question);
  const weigh = (e: Evidence) =>
    officialWeight(e) + (wantsFigures && hasFigure(e) ? 0.2 : 0) + (wantsRule && /不得|严禁|禁止|应当|可以|须|原则上/.test(e.text) ? 0.15 : 0);
  const ranked = [...evidence].sort((a, b) => weigh(b) - weigh(a));
  const best = ranked[0]!;
  const topic = terms.slice(0, 4).map((t) => t.term).join('');
  const points = [best, ...ranked.filter((e) => e !== best && e.hit.document.id === best.hit.document.id && e.coverage >= best.coverage * 0.7).slice(0, 1)];
  const quoted = points.map((e) => `“${e.text}”${citations.cite(quotable(e))}`).join('；');
  const text = [
    `关于${topic}问题的答复口径（草稿）`,
    `关于${topic}问题，根据${sourceName(best.hit.document)}${headingClause(best)}规定：${quoted}`,
    '特此答复。',
  ].join('\n');
  return { text, support: supportOf(best, terms) };
}

function officialWeight(evidence: Evidence): number {
  return evidence.score + (evidence.hit.document.type === '新闻' ? 0 : 0.15);
}

/** "第十六条" or the innermost heading, as "（第十六条）"-style clause reference for a citation in prose. */
function headingClause(evidence: Evidence): string {
  const path = evidence.hit.chunk.headingPath.slice(1);
  const article = path.find((h) => /^第[一二三四五六七八九十百零]+条$/.test(h));
  if (article) return article;
  const last = path[path.length - 1];
  return last ? `“${last}”部分` : '';
}
