/**
 * Evidence: the sentences of retrieved passages, scored by how much of the question they cover.
 * Coverage weighs each question term by its IDF in the corpus, so a sentence that shares the rare,
 * specific words of a question beats one that shares only common ones.
 */
import { sentenceSpans } from '../ingest/chunk.js';
import type { PolicyIndex } from '../index/store.js';
import { synonymsIn, type AnalyzedQuery } from '../retrieve/query.js';
import { tokenize } from '../text/tokenize.js';
import type { Hit } from '../types.js';

/** Words that say what kind of answer is wanted, not what it is about. */
const askingWords = new Set([
  '文号', '发文字号', '印发', '发布', '出台', '施行', '实施', '生效', '日期', '时间', '部门', '哪些', '哪个', '多少', '几个',
  '条件', '要求', '情形', '答复', '口径', '起草', '回复', '拟写', '规定', '内容', '问题', '一段', '关于', '联合', '什么',
  '具体', '主要', '包括', '一共', '总共', '分别', '请问', '介绍', '说明', '有关', '相关', '文件', '政策', '如何', '怎样', '可以',
]);

export interface QueryTerm {
  term: string;
  weight: number;
  /** The term itself and its synonyms' tokens: any one present covers the term. */
  forms: string[];
  /** Years and numbers must match exactly; a passage about another year does not answer. */
  critical: boolean;
}

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
  score: number;
}

export function queryTerms(query: AnalyzedQuery, index: PolicyIndex): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const term of new Set(query.tokens)) {
    if (askingWords.has(term)) continue;
    const forms = [term, ...synonymsIn(term).flatMap((name) => tokenize(name))];
    const critical = /^(?:19|20)\d{2}年?$/.test(term);
    terms.push({ term, weight: index.bm25.idf(term), forms, critical });
  }
  // Sub-words of a longer query word add little once the word itself is counted.
  return terms.filter((t) => !terms.some((other) => other !== t && other.term.length > t.term.length && other.term.includes(t.term) && !t.critical));
}

export function coverageOf(tokens: ReadonlySet<string>, terms: QueryTerm[]): number {
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    total += term.weight;
    if (term.forms.some((form) => tokens.has(form))) covered += term.weight;
  }
  return total > 0 ? covered / total : 0;
}

/** Splits the hits' passages into sentences and scores each against the question terms. */
export function gatherEvidence(hits: Hit[], terms: QueryTerm[]): Evidence[] {
  const evidence: Evidence[] = [];
  hits.forEach((hit, rank) => {
    const passageTokens = new Set(tokenize(`${hit.chunk.headingPath.join(' ')} ${hit.chunk.text}`));
    const passageCoverage = coverageOf(passageTokens, terms);
    for (const span of sentenceSpans(hit.chunk.text, hit.chunk.start)) {
      const text = hit.document.text.slice(span.start, span.end).trim();
      if (text.length < 4) continue;
      const coverage = coverageOf(new Set(tokenize(text)), terms);
      const score = 0.65 * coverage + 0.25 * passageCoverage + 0.1 / (1 + rank);
      evidence.push({ hit, rank, text, start: span.start, end: span.end, coverage, passageCoverage, score });
    }
  });
  return evidence.sort((a, b) => b.score - a.score);
}

/**
 * How well the best evidence supports answering at all (0–1). A critical term (a year the question
 * names) missing from the best passage's document halves it.
 */
export function supportOf(best: Evidence | undefined, terms: QueryTerm[]): number {
  if (!best) return 0;
  let support = 0.6 * best.coverage + 0.4 * best.passageCoverage;
  const documentText = best.hit.document.text + best.hit.document.title;
  for (const term of terms) {
    if (term.critical && !documentText.includes(term.term.replace(/年$/, ''))) support *= 0.5;
  }
  return support;
}
