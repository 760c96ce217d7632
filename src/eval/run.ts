/** Runs an eval dataset through the assistant, and through the naive baseline beside it. */
import type { Assistant } from '../answer/assistant.js';
import { detectIntent, plainWording } from '../answer/intent.js';
import type { EvalItem } from './dataset.js';
import type { NaiveBaseline } from './baseline.js';
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
    const sessionId = `eval:${item.id}:${n}`;
    for (const turn of item.history ?? []) await assistant.ask(turn, { sessionId });
    const answer = await assistant.ask(item.question, { sessionId });

    // Searched as the answerer searches: with the units of the figure the question asks for.
    const units = detectIntent(plainWording(answer.resolvedQuestion)).units;
    const retrieved = await assistant.retriever.search(answer.resolvedQuestion, { limit: Math.max(options.k, RECALL_DEPTH), units });
    const hits = retrieved.slice(0, options.k);
    const sourceRank = hits.findIndex((hit) => titleMatches(sourceLabel(hit.document), item.source)) + 1;
    const correct = isCorrect(item, answer.answer, answer.answered);
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
    });
    scored.push({
      item,
      answered: answer.answered,
      correct,
      leadCorrect: leadsWithAnswer(item, answer.answer, answer.answered),
      sourceCorrect: answer.answered && (titleMatches(answer.citations[0]?.title ?? '', item.source) || titleMatches(sourceLabel(assistant.index.documents.get(answer.citations[0]?.docId ?? '')), item.source)),
      sourceRank,
      answerRank: answerRank(item, retrieved.slice(0, RECALL_DEPTH).map((hit) => hit.chunk.text)),
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
