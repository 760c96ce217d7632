/** Runs an eval dataset through the assistant, and through the naive baseline beside it. */
import type { Assistant } from '../answer/assistant.js';
import type { EvalItem } from './dataset.js';
import type { NaiveBaseline } from './baseline.js';
import { askAndTrace, searchAgain } from './search.js';
import { answerRank, isCorrect, leadsWithAnswer, RECALL_DEPTH, sourceLabel, titleMatches, type ScoredItem } from './score.js';

/** One line of results.jsonl: the contract other tools read. */
export interface ResultLine {
  id: string;
  question: string;
  answer: string;
  answered: boolean;
  citations: Array<{ docId: string; title: string; heading: string; quote: string; start: number; end: number }>;
  latencyMs: number;
  correct: boolean;
  retrievalHit: boolean;
  /** 1-based rank of the first retrieved passage holding a gold answer string; 0 when none of the first 20 does. */
  answerRank: number;
}

export interface EvalRun {
  results: ResultLine[];
  scored: ScoredItem[];
  baseline?: ScoredItem[];
}

export interface RunOptions {
  /** Passages looked at for recall@k and MRR. */
  k: number;
  baseline?: NaiveBaseline;
  onItem?: (done: number, total: number) => void;
}

export async function runEval(assistant: Assistant, items: EvalItem[], options: RunOptions): Promise<EvalRun> {
  const results: ResultLine[] = [];
  const scored: ScoredItem[] = [];
  const baseline: ScoredItem[] = [];
  for (const [n, item] of items.entries()) {
    // Each item is its own conversation; earlier turns are asked first, unscored.
    const { answer, search } = await askAndTrace(assistant, item, `eval:${item.id}:${n}`);
    const retrieved = await searchAgain(assistant.retriever, search, Math.max(options.k, RECALL_DEPTH));
    const hits = retrieved.slice(0, options.k);
    const sourceRank = hits.findIndex((hit) => titleMatches(sourceLabel(hit.document), item.source)) + 1;
    const correct = isCorrect(item, answer.answer, answer.answered);
    const rank = answerRank(item, retrieved.slice(0, RECALL_DEPTH).map((hit) => hit.chunk.text));
    const latencyMs = Number(answer.latencyMs.toFixed(2));
    results.push({
      id: item.id,
      question: item.question,
      answer: answer.answer,
      answered: answer.answered,
      citations: answer.citations.map(({ docId, title, heading, quote, start, end }) => ({ docId, title, heading, quote, start, end })),
      latencyMs,
      correct,
      retrievalHit: item.source ? sourceRank > 0 : hits.length > 0,
      answerRank: rank,
    });
    scored.push({
      item,
      answered: answer.answered,
      correct,
      leadCorrect: leadsWithAnswer(item, answer.answer, answer.answered),
      sourceCorrect: answer.answered && (titleMatches(answer.citations[0]?.title ?? '', item.source) || titleMatches(sourceLabel(assistant.index.documents.get(answer.citations[0]?.docId ?? '')), item.source)),
      sourceRank,
      answerRank: rank,
      latencyMs,
      ...(answer.usage ? { usage: answer.usage } : {}),
      ...(answer.fallback ? { fallback: answer.fallback.reason } : {}),
    });

    if (options.baseline) {
      const began = performance.now();
      const passages = options.baseline.search([...(item.history ?? []), item.question].join(' '), Math.max(options.k, RECALL_DEPTH));
      const top = passages[0];
      const text = top?.text ?? '';
      baseline.push({
        item,
        answered: Boolean(top),
        correct: isCorrect(item, text, Boolean(top)),
        leadCorrect: leadsWithAnswer(item, text, Boolean(top)),
        sourceCorrect: Boolean(top) && titleMatches(top!.title, item.source),
        sourceRank: passages.slice(0, options.k).findIndex((p) => titleMatches(p.title, item.source)) + 1,
        answerRank: answerRank(item, passages.slice(0, RECALL_DEPTH).map((p) => p.text)),
        latencyMs: performance.now() - began,
      });
    }
    options.onItem?.(n + 1, items.length);
  }
  return options.baseline ? { results, scored, baseline } : { results, scored };
}
