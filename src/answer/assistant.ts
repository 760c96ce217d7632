/**
 * The assistant: an index, its retriever and the answerers, plus the conversations in progress.
 * What the CLI, the eval harness and the server all talk to. Questions are answered offline by the
 * extractive answerer, or by the LLM agent when an endpoint is configured (see `AnswerMode`).
 */
import { LlmAnswerer } from '../agent/agent.js';
import { loadPrompts } from '../agent/prompts.js';
import { llmConfigured, type AnswerMode, type Config } from '../config.js';
import { policyError } from '../errors.js';
import { createEmbedder, type Embedder } from '../index/embed/embedder.js';
import { openPostgresIndex } from '../index/postgres/open.js';
import { loadIndex, type PolicyIndex } from '../index/store.js';
import type { QueryFilters } from '../retrieve/query.js';
import { PolicyLibrary } from '../retrieve/library.js';
import { Retriever } from '../retrieve/retriever.js';
import { tokenize } from '../text/tokenize.js';
import type { Answer, AnswerEvent } from '../types.js';
import { Answerer, type AnswererOptions, type ReaderTrace } from './answerer.js';
import { Conversation, readsAsContinuing } from './question/conversation.js';

/**
 * For a question that reads as continuing the conversation: the share of its lone answer's
 * confidence that its answer in the conversation's context needs to be preferred (0.9 for others).
 */
const CONTINUING_MARGIN = 0.5;

export interface AskOptions {
  /** Questions with the same session id form one conversation. */
  sessionId?: string;
  filters?: QueryFilters;
  /** Overrides the configured mode for this question. */
  mode?: AnswerMode;
  /** Cancels the work (a client that went away). */
  signal?: AbortSignal;
  /** Receives what the offline answer was chosen from: for `npm run train`. */
  trace?: (trace: ReaderTrace) => void;
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
  /** Documents, passages and figures, for the agent's tools and the HTTP API. */
  readonly library: PolicyLibrary;
  /** Present when an LLM endpoint is configured and the mode allows it. */
  readonly llm?: LlmAnswerer;

  constructor(
    readonly index: PolicyIndex,
    embedder: Embedder,
    private readonly config: Config,
    answererOptions: AnswererOptions = {},
    llm?: (library: PolicyLibrary) => LlmAnswerer,
    retriever?: Retriever,
  ) {
    this.retriever = retriever ?? new Retriever(index, embedder, config.retrieval);
    this.answerer = new Answerer(index, this.retriever, answererOptions);
    this.library = new PolicyLibrary(index, this.retriever);
    if (llm) this.llm = llm(this.library);
  }

  static async open(config: Config, answererOptions?: AnswererOptions): Promise<Assistant> {
    if (config.mode === 'llm' && !llmConfigured(config)) throw policyError('LLM_NOT_CONFIGURED');
    const prompts = llmConfigured(config) && config.mode !== 'extractive' ? await loadPrompts(config.promptsDir) : undefined;
    const database = config.databaseUrl ? await openPostgresIndex(config.databaseUrl) : undefined;
    const index = database ? database.index : await loadIndex(config.indexDir);
    const llm = prompts ? (library: PolicyLibrary) => new LlmAnswerer(library, config.llm, prompts) : undefined;
    const embedder = queryEmbedder(config, index);
    // Built apart, with a turn of the event loop between: on a large corpus the retriever's and the
    // answerer's tables take ~0.1 s each, and a server swapping in a new index keeps answering meanwhile.
    const turn = () => new Promise((resolve) => setTimeout(resolve, 0));
    await turn();
    const retriever = new Retriever(index, embedder, config.retrieval);
    await turn();
    const assistant = new Assistant(index, embedder, config, answererOptions, llm, retriever);
    if (database) assistant.close = database.close;
    return assistant;
  }

  /** Lets go of what the index holds open (the database's connections); a no-op for files. */
  close: () => Promise<void> = async () => undefined;

  /** The mode a question is answered in: `auto` means the LLM when one is configured. */
  modeFor(requested: AnswerMode = this.config.mode): 'llm' | 'extractive' {
    if (requested === 'extractive') return 'extractive';
    if (this.llm) return 'llm';
    if (requested === 'llm') throw policyError('LLM_NOT_CONFIGURED');
    return 'extractive';
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

  /** Drops a conversation from memory. */
  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** Puts back a conversation kept elsewhere (the server's store), unless memory holds it as stored. */
  restore(sessionId: string, turns: Array<{ question: string; answer: Answer }>): void {
    // Another server may have answered turns of this conversation since this one last saw it.
    if (this.sessions.get(sessionId)?.turns.length === turns.length) return;
    this.sessions.delete(sessionId);
    const conversation = this.conversation(sessionId);
    for (const turn of turns) conversation.record(turn.question, turn.answer);
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    let answer: Answer | undefined;
    for await (const event of this.askStream(question, options)) if (event.type === 'done') answer = event.answer;
    return answer!;
  }

  /** Answers a question as a stream of events: verified text as it comes, then the whole answer. */
  async *askStream(question: string, options: AskOptions = {}): AsyncGenerator<AnswerEvent> {
    const mode = this.modeFor(options.mode);
    const conversation = options.sessionId ? this.conversation(options.sessionId) : undefined;
    const offline = () => this.answerOffline(question, conversation, options.filters, options.trace);
    if (mode === 'extractive' || !this.llm) {
      const answer = { ...(await offline()), mode: 'extractive' as const };
      conversation?.record(question, answer);
      yield { type: 'delta', text: answer.answer };
      yield { type: 'done', answer };
      return;
    }
    const stream = this.llm.stream(question, {
      turns: conversation?.turns ?? [],
      offline,
      ...(options.filters ? { filters: options.filters } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for await (const event of stream) {
      if (event.type === 'done') conversation?.record(question, event.answer);
      yield event;
    }
  }

  private async answerOffline(question: string, conversation: Conversation | undefined, filterOptions: QueryFilters | undefined, trace?: (trace: ReaderTrace) => void): Promise<Answer> {
    const filters = filterOptions ? { filters: filterOptions } : {};
    let traced: ReaderTrace | undefined;
    let retryTraced: ReaderTrace | undefined;
    const resolved = conversation?.resolve(question);
    let answer = await this.answerer.answer({
      question: resolved?.question ?? question,
      ...(resolved?.searchText ? { searchText: resolved.searchText } : {}),
      focusDocIds: resolved?.focusDocIds ?? [],
      pinned: resolved?.pinned ?? false,
      ...filters,
      trace: (t) => (traced = t),
    });
    // A follow-up that names no earlier subject ("中期报告最晚什么时候报？") only makes sense in
    // context: when the question alone finds no answer, ask again with the conversation's topic.
    // A question that names no document in a conversation is also tried in the conversation's context
    // ("认定机构估价要考虑哪些因素？" after a question on the 新疆 条例): when that supports an answer as
    // well, the conversation's documents win.
    const context = conversation?.context();
    if (!resolved?.searchText && context) {
      const retry = await this.answerer.answer({ question, searchText: context.searchText(question), focusDocIds: context.focusDocIds, ...filters, trace: (t) => (retryTraced = t) });
      // (A question that reads as continuing the conversation, "如果过了期限还不交呢？", takes the
      // conversation's reading unless the question alone is answered far more confidently.)
      const margin = readsAsContinuing(question) ? CONTINUING_MARGIN : 0.9;
      const better = retry.answered && (!answer.answered || retry.confidence >= answer.confidence * margin);
      if (better) {
        answer = { ...retry, latencyMs: answer.latencyMs + retry.latencyMs };
        traced = retryTraced;
      }
    }
    if (trace && traced) trace(traced);
    return { ...answer, question };
  }
}
