/**
 * The assistant: an index, its retriever and the answerer, plus the conversations in progress.
 * What the CLI, the eval harness and the server all talk to.
 */
import type { Config } from '../config.js';
import { policyError } from '../errors.js';
import { createEmbedder, type Embedder } from '../index/embed/embedder.js';
import { loadIndex, type PolicyIndex } from '../index/store.js';
import type { QueryFilters } from '../retrieve/query.js';
import { Retriever } from '../retrieve/retriever.js';
import { tokenize } from '../text/tokenize.js';
import type { Answer } from '../types.js';
import { Answerer, defaultAnswererOptions, type AnswererOptions } from './answerer.js';
import { Conversation } from './conversation.js';

export interface AskOptions {
  /** Questions with the same session id form one conversation. */
  sessionId?: string;
  filters?: QueryFilters;
}

/** Conversations kept in memory; the oldest is forgotten beyond this. */
const MAX_SESSIONS = 1000;

/** The embedder the index was built with, or a clear error when the configuration names another. */
export function queryEmbedder(config: Config, index: PolicyIndex): Embedder {
  const embedder = createEmbedder(config.embedding, { segmentWords: tokenize });
  if (embedder.id !== index.manifest.embedding.id) {
    throw policyError('EMBEDDING_MISMATCH', config.indexDir, index.manifest.embedding.id, embedder.id);
  }
  return embedder;
}

export class Assistant {
  private readonly sessions = new Map<string, Conversation>();
  readonly retriever: Retriever;
  readonly answerer: Answerer;

  constructor(
    readonly index: PolicyIndex,
    embedder: Embedder,
    config: Config,
    answererOptions: AnswererOptions = defaultAnswererOptions,
  ) {
    this.retriever = new Retriever(index, embedder, config.retrieval);
    this.answerer = new Answerer(index, this.retriever, answererOptions);
  }

  static async open(config: Config, answererOptions?: AnswererOptions): Promise<Assistant> {
    const index = await loadIndex(config.indexDir);
    return new Assistant(index, queryEmbedder(config, index), config, answererOptions);
  }

  conversation(sessionId: string): Conversation {
    let conversation = this.sessions.get(sessionId);
    if (!conversation) {
      conversation = new Conversation();
      this.sessions.set(sessionId, conversation);
      if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    }
    return conversation;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const conversation = options.sessionId ? this.conversation(options.sessionId) : undefined;
    const filters = options.filters ? { filters: options.filters } : {};
    const resolved = conversation?.resolve(question);
    let answer = await this.answerer.answer({
      question: resolved?.question ?? question,
      ...(resolved?.searchText ? { searchText: resolved.searchText } : {}),
      focusDocIds: resolved?.focusDocIds ?? [],
      pinned: resolved?.pinned ?? false,
      ...filters,
    });
    // A follow-up that names no earlier subject ("中期报告最晚什么时候报？") only makes sense in
    // context: when the question alone finds no answer, ask again with the conversation's topic.
    // A question that names no document in a conversation is also tried in the conversation's context
    // ("认定机构估价要考虑哪些因素？" after a question on the 新疆 条例): when that supports an answer as
    // well, the conversation's documents win.
    const context = conversation?.context();
    if (!resolved?.searchText && context) {
      const retry = await this.answerer.answer({ question, searchText: context.searchText(question), focusDocIds: context.focusDocIds, ...filters });
      const better = retry.answered && (!answer.answered || retry.confidence >= answer.confidence * 0.9);
      if (better) answer = { ...retry, latencyMs: answer.latencyMs + retry.latencyMs };
    }
    answer = { ...answer, question };
    conversation?.record(question, answer);
    return answer;
  }
}
