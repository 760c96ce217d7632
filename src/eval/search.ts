/**
 * The search behind an eval item's answer, repeated deeper for recall@k: a follow-up as the
 * answerer searched it (with the conversation's topic and documents), any other question as asked,
 * with the units of the figure it asks for.
 */
import type { ReaderTrace } from '../answer/answerer.js';
import type { Assistant } from '../answer/assistant.js';
import { detectIntent, plainWording } from '../answer/question/intent.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { Answer, Hit } from '../types.js';
import type { EvalItem } from './dataset.js';

export interface ItemSearch {
  /** The question as the assistant resolved it. */
  question: string;
  /** For a follow-up answered offline: the answerer's own search. */
  answerer?: ReaderTrace['search'];
}

/**
 * Asks an item (its history first, in a conversation of its own): the answer, how it was searched,
 * and what the offline reader chose it from (none for an LLM agent's answer).
 */
export async function askAndTrace(assistant: Assistant, item: EvalItem, sessionId: string): Promise<{ answer: Answer; search: ItemSearch; trace?: ReaderTrace }> {
  for (const turn of item.history ?? []) await assistant.ask(turn, { sessionId });
  let trace: ReaderTrace | undefined;
  const answer = await assistant.ask(item.question, { sessionId, trace: (t) => (trace = t) });
  const search: ItemSearch = { question: answer.resolvedQuestion, ...((item.history ?? []).length > 0 && trace ? { answerer: trace.search } : {}) };
  return { answer, search, ...(trace ? { trace } : {}) };
}

/** Each item's search, for the measurement scripts. */
export async function itemSearches(assistant: Assistant, items: EvalItem[]): Promise<ItemSearch[]> {
  const searches: ItemSearch[] = [];
  for (const [n, item] of items.entries()) searches.push((await askAndTrace(assistant, item, `search:${n}`)).search);
  return searches;
}

export function searchAgain(retriever: Retriever, search: ItemSearch, limit: number): Promise<Hit[]> {
  if (search.answerer) return retriever.search(search.answerer.query, { ...search.answerer.options, limit });
  return retriever.search(search.question, { limit, units: detectIntent(plainWording(search.question)).units });
}
