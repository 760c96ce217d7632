/**
 * The offline extractive answerer: retrieves passages, picks the sentences that answer, and
 * composes a short Chinese answer that leads with the fact, every statement quoted from the
 * corpus and cited [n]. When the corpus does not support an answer it says so and shows the
 * closest passages instead.
 */
import { sentenceSpans } from '../ingest/chunk.js';
import type { PolicyIndex } from '../index/store.js';
import { analyzeQuery, type AnalyzedQuery, type QueryFilters } from '../retrieve/query.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { Answer, Figure, Hit, PolicyDocument } from '../types.js';
import { Citations, sourceName } from './citations.js';
import { gatherEvidence, queryTerms, supportOf, type Evidence, type QueryTerm } from './evidence.js';
import { detectIntent, type IntentAnalysis, type LookupField } from './intent.js';

export interface AnswererOptions {
  /** Below this support (0–1) the answerer refuses. Calibrated on eval/seed-qa.jsonl. */
  refusalThreshold: number;
}

export const defaultAnswererOptions: AnswererOptions = { refusalThreshold: 0.5 };

export interface AnswerRequest {
  question: string;
  /** The question with earlier turns folded in, used for retrieval (defaults to the question). */
  searchText?: string;
  /** Documents an earlier turn was about. */
  focusDocIds?: string[];
  filters?: QueryFilters;
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
    const query = analyzeQuery(request.searchText ?? question);
    const hits = await this.retriever.search(query, { filters: request.filters, focusDocIds: request.focusDocIds });
    const terms = queryTerms(query, this.index);
    const evidence = gatherEvidence(hits, terms);
    const citations = new Citations();

    const composed =
      intent.intent === 'lookup'
        ? this.lookup(query, intent.lookupField!, hits, request.focusDocIds, citations)
        : this.compose(intent, evidence, terms, citations);

    const support = intent.intent === 'lookup' ? (composed ? 1 : 0) : supportOf(composed ? evidence[0] : undefined, terms);
    const answered = Boolean(composed) && support >= this.options.refusalThreshold;
    const related = new Citations();
    for (const hit of hits.slice(0, 3)) related.cite({ document: hit.document, chunk: hit.chunk, start: hit.chunk.start, end: hit.chunk.end });

    return {
      question,
      resolvedQuestion: request.searchText ?? question,
      answer: answered ? composed! : refusal(related.list.length > 0),
      answered,
      intent: intent.intent,
      citations: answered ? citations.list : [],
      related: related.list,
      latencyMs: performance.now() - began,
    };
  }

  private compose(intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations): string | undefined {
    if (evidence.length === 0) return undefined;
    switch (intent.intent) {
      case 'figure':
        return this.figureAnswer(intent, evidence, citations) ?? generalAnswer(evidence, citations);
      case 'conditions':
        return conditionsAnswer(evidence, citations, (e) => this.continuation(e));
      case 'drafting':
        return draftAnswer(evidence, citations, terms);
      default:
        return generalAnswer(evidence, citations);
    }
  }

  /** Sentences of the passage after `evidence`'s, when it continues under the same heading (a list cut by the chunk size). */
  private continuation(evidence: Evidence): Evidence[] {
    const { chunk, document } = evidence.hit;
    const next = this.index.chunks.get(`${document.id}#${chunk.ordinal + 1}`);
    if (!next || next.headingPath.join('>') !== chunk.headingPath.join('>')) return [];
    const hit = { ...evidence.hit, chunk: next };
    return sentenceSpans(next.text, next.start).map((span) => ({
      ...evidence,
      hit,
      text: document.text.slice(span.start, span.end).trim(),
      start: span.start,
      end: span.end,
    }));
  }

  private figuresIn(evidence: Evidence): Figure[] {
    return (this.figuresByDocument.get(evidence.hit.document.id) ?? []).filter((f) => f.start >= evidence.start && f.end <= evidence.end);
  }

  /**
   * Leads with the number as printed, with its period, then quotes the sentence and names the
   * source. When other sources give a different number for the same thing, they are listed too.
   */
  private figureAnswer(intent: IntentAnalysis, evidence: Evidence[], citations: Citations): string | undefined {
    const withFigures = evidence
      .map((e) => ({ e, figures: this.figuresIn(e).filter((f) => intent.units.length === 0 || intent.units.includes(f.unit)) }))
      .filter(({ figures, e }) => figures.length > 0 && e.coverage > 0);
    const best = withFigures[0];
    if (!best || best.e.score < evidence[0]!.score * 0.7) return undefined;
    const figure = best.figures[0]!;
    const lead = [figure.qualifier?.replace('…', '').replace(/^(?:共|累计|合计)$/, ''), figure.raw].filter(Boolean).join('');
    const period = figure.period ? `（${figure.period}）` : '';
    let answer = `${lead}${period}。据${sourceName(best.e.hit.document)}：“${best.e.text}”${citations.cite(quotable(best.e))}`;
    const others = withFigures
      .slice(1)
      .filter(({ e, figures }) => e.hit.document.id !== best.e.hit.document.id && e.coverage >= best.e.coverage * 0.9)
      .filter(({ figures }) => figures.some((f) => f.unit === figure.unit && f.value !== figure.value))
      .slice(0, 2);
    for (const other of others) {
      answer += `\n另据${sourceName(other.e.hit.document)}：“${other.e.text}”${citations.cite(quotable(other.e))}`;
    }
    if (others.length > 0) answer += '\n各来源表述的数字不同，请按统计口径和时间核对。';
    return answer;
  }

  /** Metadata questions (文号, issuers, dates) are answered from the document record, citing the printed line. */
  private lookup(query: AnalyzedQuery, field: LookupField, hits: Hit[], focusDocIds: string[] | undefined, citations: Citations): string | undefined {
    const named = this.retriever.namedDocuments(query);
    const focused = (focusDocIds ?? []).map((id) => this.index.documents.get(id)).filter((d): d is PolicyDocument => Boolean(d));
    const ranked = [...named, ...focused, ...hits.map((h) => h.document)];
    const document = ranked.find((d) => d.type !== '新闻' && hasField(d, field)) ?? ranked.find((d) => hasField(d, field));
    if (!document) return undefined;
    const name = sourceName(document);
    switch (field) {
      case 'documentNumber': {
        const number = document.documentNumber!;
        return `${`《${document.title}》`}的文号是${number}${this.citePrinted(document, number, citations)}。`;
      }
      case 'issuers': {
        const issuers = document.issuers;
        const marker = this.citePrinted(document, issuers[issuers.length - 1]!, citations, true) || this.citePrinted(document, issuers[0]!, citations);
        const verb = issuers.length > 1 ? `由${issuers.join('、')}等${issuers.length}个部门联合印发` : `由${issuers[0]}印发`;
        return `${name}${verb}${marker}。`;
      }
      case 'date': {
        const printed = printedDate(document.date!);
        return `${name}的成文日期是${printed}${this.citePrinted(document, printed, citations, true)}。`;
      }
      case 'effectiveDate': {
        const sentence = sentenceAround(document, /施行|生效|实施/);
        const marker = sentence ? citations.cite({ document, start: sentence.start, end: sentence.end }) : '';
        return `${name}自${printedDate(document.effectiveDate!)}起施行${marker}。`;
      }
      case 'type':
        return `${name}是一份${document.type}${this.citePrinted(document, document.title.slice(-8), citations)}。`;
      case 'title':
        return `该文件全称为${name}${this.citePrinted(document, document.title.slice(0, 12), citations)}。`;
    }
  }

  /**
   * Cites the line where `printed` appears: in the document itself (last occurrence for signature
   * blocks), or else in a document printed with it, such as the notice a measure was issued with.
   */
  private citePrinted(document: PolicyDocument, printed: string, citations: Citations, last = false): string {
    const companions = [...this.index.documents.values()].filter((d) => d.sourceFile === document.sourceFile && d.id !== document.id);
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

/** The best one or two sentences, from different passages, each cited. */
function generalAnswer(evidence: Evidence[], citations: Citations): string {
  const best = evidence[0]!;
  let answer = `${best.text}${citations.cite(quotable(best))}`;
  const second = evidence.find((e) => e.hit.chunk.id !== best.hit.chunk.id && e.coverage >= best.coverage * 0.8 && e.text !== best.text);
  if (second) answer += `\n${second.text}${citations.cite(quotable(second))}`;
  return `据${sourceName(best.hit.document)}：\n${answer}`;
}

/**
 * Conditions are listed item by item, each cited: the enumerated items that follow the best
 * sentence in its passage ("有下列情形之一的…：（一）…（二）…"), or else the best sentences.
 */
function conditionsAnswer(evidence: Evidence[], citations: Citations, continuation: (e: Evidence) => Evidence[]): string {
  // The passage that answers a conditions question usually introduces a list ("有下列情形之一的…："):
  // among the strongest passages, one that does wins.
  const byPassage = new Map<string, Evidence[]>();
  for (const e of evidence) byPassage.set(e.hit.chunk.id, [...(byPassage.get(e.hit.chunk.id) ?? []), e]);
  const top = evidence[0]!;
  let chosen = byPassage.get(top.hit.chunk.id)!;
  let chosenScore = -1;
  for (const sentences of byPassage.values()) {
    const best = Math.max(...sentences.map((e) => e.score));
    if (best < top.score * 0.75) continue;
    const listed = listOf(sentences).items.length >= 2 ? 0.15 : 0;
    if (best + listed > chosenScore) {
      chosen = sentences;
      chosenScore = best + listed;
    }
  }
  const { lead, items } = listOf(chosen);
  const last = items[items.length - 1];
  if (last && items.length >= 2) {
    for (const next of continuation(last)) {
      if (!enumerated.test(next.text)) break;
      items.push(next);
    }
  }
  const head = lead ?? chosen.reduce((a, b) => (b.score > a.score ? b : a));
  const lines = [`据${sourceName(head.hit.document)}${headingClause(head)}：${head.text}${citations.cite(quotable(head))}`];
  if (items.length >= 2) {
    for (const item of items) lines.push(`- ${item.text}${citations.cite(quotable(item))}`);
  } else {
    const more = evidence.filter((e) => e !== head && e.coverage >= head.coverage * 0.6).slice(0, 3);
    for (const item of more) lines.push(`- ${item.text}${citations.cite(quotable(item))}`);
  }
  return lines.join('\n');
}

/** A sentence ending in "：" and the enumerated items after it, in one passage. */
function listOf(sentences: Evidence[]): { lead?: Evidence; items: Evidence[] } {
  const ordered = [...sentences].sort((a, b) => a.start - b.start);
  const leadIndex = ordered.findIndex((e, i) => /[：:]$/.test(e.text) && ordered[i + 1] && enumerated.test(ordered[i + 1]!.text));
  const from = leadIndex >= 0 ? leadIndex + 1 : 0;
  const items: Evidence[] = [];
  for (const e of ordered.slice(from)) {
    if (enumerated.test(e.text)) items.push(e);
    else if (items.length > 0) break;
  }
  return leadIndex >= 0 ? { lead: ordered[leadIndex]!, items } : { items };
}

/** A formal reply draft: 关于…问题，根据《…》（文号）第X条规定：“…”，each point cited. */
function draftAnswer(evidence: Evidence[], citations: Citations, terms: QueryTerm[]): string {
  // A reply quotes the governing policy text, not a news report about it.
  const ranked = [...evidence].sort((a, b) => officialWeight(b) - officialWeight(a));
  const best = ranked[0]!;
  const topic = terms.slice(0, 4).map((t) => t.term).join('');
  const points = [best, ...ranked.filter((e) => e !== best && e.hit.document.id === best.hit.document.id && e.coverage >= best.coverage * 0.7).slice(0, 1)];
  const quoted = points.map((e) => `“${e.text}”${citations.cite(quotable(e))}`).join('；');
  return [
    `关于${topic}问题的答复口径（草稿）`,
    `关于${topic}问题，根据${sourceName(best.hit.document)}${headingClause(best)}规定：${quoted}`,
    '特此答复。',
  ].join('\n');
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
