/** Scoring one eval item and summarising a run. */
import { expectedAnswerType } from '../answer/question/answer-type.js';
import type { FallbackReason, TokenUsage } from '../types.js';
import type { EvalItem } from './dataset.js';

/** Compares answer and gold strings ignoring spacing, width and case. */
export function normalizeForMatch(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toLowerCase();
}

export function isCorrect(item: EvalItem, answer: string, answered: boolean): boolean {
  if (item.answers.length === 0) return !answered;
  if (!answered) return false;
  const text = normalizeForMatch(answer);
  const any = item.answers.some((gold) => text.includes(normalizeForMatch(gold)));
  const all = (item.all ?? []).every((gold) => text.includes(normalizeForMatch(gold)));
  return any && all;
}

/**
 * The answer leads with a gold answer string: its first statement, up to the first 。 or line break,
 * holds one ("53.2%（2023年）。据…", not "49.6%（2023年）。据《…》：“…53.2%…”"). Containment anywhere
 * (isCorrect) counts a right number quoted behind a wrong lead; this does not.
 */
export function leadsWithAnswer(item: EvalItem, answer: string, answered: boolean): boolean {
  if (item.answers.length === 0 || !answered) return false;
  const lead = normalizeForMatch(answer.split(/[。\n]/)[0] ?? '');
  return item.answers.some((gold) => lead.includes(normalizeForMatch(gold)));
}

/** Passages retrieved for the answer-in-passage recall: recall@1, @5 and @20 are read from one list. */
export const RECALL_DEPTH = 20;

/** 1-based rank of the first passage that contains a gold answer string, 0 when none does. */
export function answerRank(item: EvalItem, passages: string[]): number {
  if (item.answers.length === 0) return 0;
  const golds = item.answers.map(normalizeForMatch);
  return passages.findIndex((text) => golds.some((gold) => normalizeForMatch(text).includes(gold))) + 1;
}

/**
 * What a set's `source` is matched against: the title, and the version date the way law
 * collections name their files ("民事诉讼法(2023-09-01)"), so a source can pin one version.
 */
export function sourceLabel(document: { title: string; date?: string } | undefined): string {
  if (!document) return '';
  return document.date ? `${document.title}(${document.date})` : document.title;
}

export function titleMatches(title: string, source: string | undefined): boolean {
  return source !== undefined && normalizeForMatch(title).includes(normalizeForMatch(source));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface ScoredItem {
  item: EvalItem;
  answered: boolean;
  correct: boolean;
  /** The answer's first statement holds a gold answer string (leadsWithAnswer). */
  leadCorrect: boolean;
  /** The first citation names the expected document. */
  sourceCorrect: boolean;
  /** 1-based rank of the first retrieved passage from the expected document, 0 when none in top k. */
  sourceRank: number;
  /** 1-based rank of the first retrieved passage holding a gold answer string, 0 when none in the top RECALL_DEPTH. */
  answerRank: number;
  latencyMs: number;
  /** LLM mode: tokens the answer cost, and why the offline answer stood in, when it did. */
  usage?: TokenUsage;
  fallback?: FallbackReason;
}

export interface Metrics {
  items: number;
  answerable: number;
  unanswerable: number;
  /** Correct answers among answerable items. */
  answerAccuracy: number;
  /** Answerable items whose answer leads with a gold answer string. */
  leadAccuracy: number;
  /** Refusals among unanswerable items. */
  refusalAccuracy: number;
  /** Answerable items whose first citation is the expected document (items with a source). */
  sourceAccuracy: number;
  /** Answerable items whose expected document is among the top k passages. */
  retrievalRecallAtK: number;
  mrr: number;
  /** Answerable items with a gold answer string in one of the top 1, 5, 20 passages, and its MRR (any item, source or not). */
  answerRecall: { at1: number; at5: number; at20: number; mrr: number };
  latencyMs: { p50: number; p95: number };
  byType: Record<string, { items: number; accuracy: number }>;
  /**
   * Answerable items by the kind of answer their question expects (answer/question/answer-type.ts: who, when,
   * where, how many…): answered right, and led by the gold.
   */
  byAnswerType: Record<string, { items: number; accuracy: number; lead: number }>;
  /** LLM mode only: tokens used in all, and how often each failure made the offline answer stand in. */
  llm?: { inputTokens: number; outputTokens: number; totalTokens: number; fallbacks: Record<string, number> };
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : Number((n / d).toFixed(4)));

export function summarise(scored: ScoredItem[]): Metrics {
  const answerable = scored.filter((s) => s.item.answers.length > 0);
  const unanswerable = scored.filter((s) => s.item.answers.length === 0);
  const withSource = answerable.filter((s) => s.item.source);
  const byType: Metrics['byType'] = {};
  for (const s of scored) {
    const type = s.item.type ?? (s.item.answers.length === 0 ? 'unanswerable' : 'other');
    byType[type] ??= { items: 0, accuracy: 0 };
    byType[type].items++;
    byType[type].accuracy += s.correct ? 1 : 0;
  }
  for (const entry of Object.values(byType)) entry.accuracy = ratio(entry.accuracy, entry.items);
  const byAnswerType: Metrics['byAnswerType'] = {};
  for (const s of answerable) {
    const entry = (byAnswerType[expectedAnswerType(s.item.question)] ??= { items: 0, accuracy: 0, lead: 0 });
    entry.items++;
    entry.accuracy += s.correct ? 1 : 0;
    entry.lead += s.leadCorrect ? 1 : 0;
  }
  for (const entry of Object.values(byAnswerType)) Object.assign(entry, { accuracy: ratio(entry.accuracy, entry.items), lead: ratio(entry.lead, entry.items) });
  const latencies = scored.map((s) => s.latencyMs);
  const llm = scored.some((s) => s.usage)
    ? scored.reduce<NonNullable<Metrics['llm']>>(
        (sum, s) => {
          sum.inputTokens += s.usage?.inputTokens ?? 0;
          sum.outputTokens += s.usage?.outputTokens ?? 0;
          sum.totalTokens += s.usage?.totalTokens ?? 0;
          if (s.fallback) sum.fallbacks[s.fallback] = (sum.fallbacks[s.fallback] ?? 0) + 1;
          return sum;
        },
        { inputTokens: 0, outputTokens: 0, totalTokens: 0, fallbacks: {} },
      )
    : undefined;
  return {
    items: scored.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    answerAccuracy: ratio(answerable.filter((s) => s.correct).length, answerable.length),
    leadAccuracy: ratio(answerable.filter((s) => s.leadCorrect).length, answerable.length),
    refusalAccuracy: ratio(unanswerable.filter((s) => s.correct).length, unanswerable.length),
    sourceAccuracy: ratio(withSource.filter((s) => s.sourceCorrect).length, withSource.length),
    retrievalRecallAtK: ratio(withSource.filter((s) => s.sourceRank > 0).length, withSource.length),
    mrr: ratio(withSource.reduce((sum, s) => sum + (s.sourceRank > 0 ? 1 / s.sourceRank : 0), 0), withSource.length),
    answerRecall: {
      at1: ratio(answerable.filter((s) => s.answerRank === 1).length, answerable.length),
      at5: ratio(answerable.filter((s) => s.answerRank > 0 && s.answerRank <= 5).length, answerable.length),
      at20: ratio(answerable.filter((s) => s.answerRank > 0 && s.answerRank <= 20).length, answerable.length),
      mrr: ratio(answerable.reduce((sum, s) => sum + (s.answerRank > 0 ? 1 / s.answerRank : 0), 0), answerable.length),
    },
    latencyMs: { p50: Number(percentile(latencies, 50).toFixed(2)), p95: Number(percentile(latencies, 95).toFixed(2)) },
    byType,
    byAnswerType,
    ...(llm ? { llm } : {}),
  };
}
