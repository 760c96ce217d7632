/**
 * The LLM mode: a LangChain agent answers with the tools over the index, its answer streams out
 * sentence by sentence through the grounding verifier, and on any failure (error, timeout, 429,
 * malformed output, endless tool loop) the offline answer stands in with a short notice. A failing
 * endpoint costs little: requests have a first-token deadline and an idle limit (transport.ts), and
 * after repeated failures a circuit breaker answers offline at once for a while (circuit-breaker.ts).
 */
import { ChatOpenAICompletions } from '@langchain/openai';
import { createAgent, modelCallLimitMiddleware, type BaseMessage } from 'langchain';
import { detectIntent } from '../answer/question/intent.js';
import type { Turn } from '../answer/question/conversation.js';
import type { LlmConfig } from '../config.js';
import type { QueryFilters } from '../retrieve/query.js';
import type { Answer, AnswerEvent, FallbackReason, TokenUsage } from '../types.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { PassageRegistry } from './passages.js';
import { systemPrompt, type Prompts } from './prompts.js';
import type { PolicyLibrary } from '../retrieve/library.js';
import { policyTools } from './tools.js';
import { guardedFetch } from './transport.js';
import { GroundingVerifier, SentenceSplitter } from './verify.js';

export interface LlmAskOptions {
  /** Earlier turns of the conversation, for rewriting a follow-up as a standalone question. */
  turns: Turn[];
  /** The offline answer, used when the LLM fails or says nothing the sources support. */
  offline: () => Promise<Answer>;
  filters?: QueryFilters;
  /** Aborts the work when the client goes away. */
  signal?: AbortSignal;
}

/** Earlier turns shown to the rewriter; older ones rarely matter. */
const REWRITE_TURNS = 3;
/** Characters of an earlier answer shown to the rewriter. */
const REWRITE_ANSWER_CHARS = 300;
/** A model call whose text reaches this many sentences without a tool call is the answer: stream it. */
const STREAM_AFTER_SENTENCES = 2;

const notices: Record<FallbackReason, string> = {
  timeout: '大模型响应超时',
  rate_limit: '大模型服务繁忙（请求过于频繁）',
  http_error: '大模型服务返回错误',
  connection: '无法连接大模型服务',
  circuit_open: '大模型服务暂不可用',
  tool_loop: '大模型检索步骤过多，未能得出答案',
  malformed: '大模型返回的内容无法解析',
  unsupported: '大模型的回答未能在原文中核实',
  error: '大模型调用出错',
};

/**
 * Failures that say the endpoint is down, overloaded or hanging: they count towards opening the
 * circuit. Any other outcome means the endpoint answered, well or badly, and closes it.
 */
const ENDPOINT_FAILURES = new Set<FallbackReason>(['timeout', 'connection', 'http_error', 'rate_limit']);

export function fallbackNotice(reason: FallbackReason): string {
  return `${notices[reason]}，以下为离线检索给出的答案。`;
}

function statusOf(error: unknown): number | undefined {
  const record = error as { status?: unknown; response?: { status?: unknown }; lc_error_code?: unknown };
  const status = record?.status ?? record?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Sorts a failure into what the user is told. */
export function classifyFailure(error: unknown): { reason: FallbackReason; detail: string } {
  const name = (error as Error)?.name ?? '';
  const message = (error as Error)?.message ?? String(error);
  const status = statusOf(error);
  // What the answer records: the kind of failure only. Provider messages can carry key fragments,
  // host names and model names, and answers are shown to users and stored.
  const detail = status !== undefined ? `HTTP ${status}` : name || 'Error';
  if (process.env.DEBUG) console.error(error);
  if (/ModelCallLimit|GraphRecursion|Recursion limit/i.test(`${name} ${message}`)) return { reason: 'tool_loop', detail };
  if (status === 429 || /RateLimit/i.test(name)) return { reason: 'rate_limit', detail };
  if (/Timeout|timed out|AbortError/i.test(`${name} ${message}`)) return { reason: 'timeout', detail };
  if (status !== undefined) return { reason: 'http_error', detail };
  if (/Connection|ECONNREFUSED|ECONNRESET|ENOTFOUND|fetch failed|socket/i.test(`${name} ${message}`)) return { reason: 'connection', detail };
  if (error instanceof SyntaxError || /JSON|Unexpected token|parse|Invalid response|Unexpected end|empty response/i.test(message)) return { reason: 'malformed', detail };
  return { reason: 'error', detail };
}

function addUsage(usage: TokenUsage, message: { usage_metadata?: { input_tokens?: number; output_tokens?: number; total_tokens?: number } }): void {
  const metadata = message.usage_metadata;
  if (!metadata) return;
  usage.inputTokens += metadata.input_tokens ?? 0;
  usage.outputTokens += metadata.output_tokens ?? 0;
  usage.totalTokens += metadata.total_tokens ?? (metadata.input_tokens ?? 0) + (metadata.output_tokens ?? 0);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part as { text?: string })?.text ?? '')).join('');
  return '';
}

export class LlmAnswerer {
  private readonly model: ChatOpenAICompletions;

  constructor(
    private readonly library: PolicyLibrary,
    private readonly config: LlmConfig,
    private readonly prompts: Prompts,
    /** Shared by every question this answerer gets, so one question's failure spares the next. */
    readonly breaker = new CircuitBreaker({ failureThreshold: config.breakerFailures, cooldownMs: config.breakerCooldownMs }),
  ) {
    this.model = new ChatOpenAICompletions({
      model: config.model,
      // Local servers ignore the key, but the client refuses to start without one.
      apiKey: config.apiKey || 'unused',
      configuration: {
        baseURL: config.baseUrl,
        // Deadlines and retries live in the transport, which sees each chunk; LangChain's own retries
        // (exponential from 1 s, timeouts included) would multiply what a dead endpoint costs.
        fetch: guardedFetch({
          firstTokenTimeoutMs: config.firstTokenTimeoutMs,
          idleTimeoutMs: config.idleTimeoutMs,
          timeoutMs: config.timeoutMs,
          maxRetries: config.maxRetries,
        }),
      },
      temperature: config.temperature,
      timeout: config.timeoutMs,
      maxRetries: 0,
      streamUsage: true,
    });
  }

  /** Answers one question, streaming verified text; always ends with a `done` event. */
  async *stream(question: string, options: LlmAskOptions): AsyncGenerator<AnswerEvent> {
    const began = performance.now();
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, modelCalls: 0 };
    const permit = this.breaker.acquire();
    if (!permit) {
      // The endpoint failed just now: no call, the offline answer at once.
      const detail = `next try in ${Math.ceil(this.breaker.retryInMs / 1000)} s`;
      yield { type: 'reset', notice: fallbackNotice('circuit_open') };
      const offline = await options.offline();
      yield* this.finish({ ...offline, notice: fallbackNotice('circuit_open'), fallback: { reason: 'circuit_open', detail }, usage }, began);
      return;
    }
    // Whether the breaker has heard how this call went; a call that ends without a verdict releases it.
    let settled = false;
    const settle = (reason?: FallbackReason) => {
      if (settled) return;
      settled = true;
      if (reason && ENDPOINT_FAILURES.has(reason)) this.breaker.failure(permit, reason === 'timeout');
      else this.breaker.success(permit);
    };
    const deadline = AbortSignal.timeout(this.config.totalTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let shown = '';
    try {
      const standalone = options.turns.length > 0 ? await this.rewrite(question, options.turns, usage, signal) : question;
      const { intent } = detectIntent(standalone);
      const registry = new PassageRegistry();
      let verifier = new GroundingVerifier(registry);
      const agent = createAgent({
        model: this.model,
        tools: [...policyTools(this.library, registry, options.filters)],
        middleware: [modelCallLimitMiddleware({ runLimit: this.config.maxSteps, exitBehavior: 'error' })],
      });
      const asked = standalone === question ? question : `${standalone}\n（用户原话：${question}）`;
      const stream = await agent.stream(
        { messages: [{ role: 'system', content: systemPrompt(this.prompts, intent) }, { role: 'user', content: asked }] },
        { streamMode: 'messages', signal, recursionLimit: this.config.maxSteps * 2 + 4 },
      );

      // One model call at a time: its text is held until it is clearly the answer (no tool call).
      let callId: string | undefined;
      let splitter = new SentenceSplitter();
      let held: string[] = [];
      let streaming = false;
      let callsTools = false;
      let answerText = '';
      let toolAnswered = false;
      const emit = (sentences: string[]): string => {
        let text = '';
        for (const sentence of sentences) text += verifier.verify(sentence);
        return text;
      };
      for await (const [message] of stream as AsyncIterable<[BaseMessage & { tool_call_chunks?: unknown[]; usage_metadata?: never }, unknown]>) {
        if (message.type === 'tool') {
          toolAnswered = true;
          continue;
        }
        if (message.id !== callId) {
          callId = message.id;
          splitter = new SentenceSplitter();
          held = [];
          streaming = false;
          callsTools = false;
          toolAnswered = false;
          usage.modelCalls++;
        }
        addUsage(usage, message);
        if ((message.tool_call_chunks?.length ?? 0) > 0 && !callsTools) {
          callsTools = true;
          // Text streamed before a tool call was the model thinking aloud, not the answer: withdraw it.
          if (streaming && shown) {
            yield { type: 'reset', notice: '' };
            shown = '';
            answerText = '';
            verifier = new GroundingVerifier(registry);
          }
        }
        if (callsTools) continue;
        held.push(...splitter.push(textOf(message.content)));
        // Streaming starts once the tools have returned passages and the text is clearly an answer.
        if (!streaming && registry.passages.length > 0 && held.length >= STREAM_AFTER_SENTENCES) streaming = true;
        if (streaming && held.length > 0) {
          const text = emit(held);
          held = [];
          answerText += text;
          if (text) {
            shown += text;
            yield { type: 'delta', text };
          }
        }
      }
      // The endpoint delivered every reply: whatever the model said, it is up.
      settle();
      // The last call asked for a tool, yet no tool ran: its arguments could not be parsed.
      if (callsTools && !toolAnswered) throw new SyntaxError('the model ended with a tool call whose arguments are not valid JSON');
      if (!callsTools) {
        const text = emit([...held, ...splitter.flush()]);
        answerText += text;
        if (text) {
          shown += text;
          yield { type: 'delta', text };
        }
      }
      const report = verifier.report;
      if (report.supported === 0) {
        // Nothing the sources support: the offline answer if it has one, else a plain refusal.
        const offline = await options.offline();
        if (offline.answered) {
          yield { type: 'reset', notice: fallbackNotice('unsupported') };
          yield* this.finish({ ...offline, notice: fallbackNotice('unsupported'), fallback: { reason: 'unsupported', detail: answerText.trim().slice(0, 300) }, usage, verification: report }, began);
          return;
        }
        const refusal = answerText.trim() || offline.answer;
        if (!shown) yield { type: 'delta', text: refusal };
        yield* this.finish({ ...offline, answer: refusal, answered: false, mode: 'llm', citations: [], usage, verification: report }, began, false);
        return;
      }
      const claims = report.supported + report.marked + report.removed.length;
      yield* this.finish(
        {
          question,
          resolvedQuestion: standalone,
          answer: answerText.trim(),
          answered: true,
          confidence: claims > 0 ? report.supported / claims : 1,
          intent,
          citations: verifier.citations.list,
          related: [],
          latencyMs: 0,
          mode: 'llm',
          usage,
          verification: report,
        },
        began,
        false,
      );
    } catch (error) {
      // The client went away: nothing to answer.
      if (options.signal?.aborted) throw error;
      const failure = classifyFailure(deadline.aborted && !options.signal?.aborted ? Object.assign(new Error('the answer took too long'), { name: 'TimeoutError' }) : error);
      settle(failure.reason);
      // The notice first, so a streaming client shows it above the offline answer (and drops any text shown).
      yield { type: 'reset', notice: fallbackNotice(failure.reason) };
      const offline = await options.offline();
      yield* this.finish({ ...offline, notice: fallbackNotice(failure.reason), fallback: failure, usage }, began);
    } finally {
      if (!settled) this.breaker.release(permit);
    }
  }

  /** Ends the stream: the whole text when it was not streamed, then the answer. */
  private async *finish(answer: Answer, began: number, sendText = true): AsyncGenerator<AnswerEvent> {
    if (sendText) yield { type: 'delta', text: answer.answer };
    yield { type: 'done', answer: { ...answer, mode: answer.mode ?? 'extractive', latencyMs: performance.now() - began } };
  }

  /** A follow-up rewritten as a standalone question from the conversation so far. */
  private async rewrite(question: string, turns: Turn[], usage: TokenUsage, signal: AbortSignal): Promise<string> {
    const history = turns
      .slice(-REWRITE_TURNS)
      .map((turn) => `用户：${turn.question}\n助手：${turn.answer.answer.replace(/\[\d+\]/g, '').slice(0, REWRITE_ANSWER_CHARS)}`)
      .join('\n');
    // Streamed, like the agent's calls, so the first-token deadline applies to it too.
    const stream = await this.model.stream(
      [
        { role: 'system', content: this.prompts.rewrite },
        { role: 'user', content: `对话：\n${history}\n\n最新问题：${question}` },
      ],
      { signal },
    );
    usage.modelCalls++;
    let text = '';
    for await (const chunk of stream) {
      text += textOf(chunk.content);
      addUsage(usage, chunk);
    }
    const rewritten = text.trim().split('\n')[0]!.replace(/^["“「]|["”」]$/g, '').trim();
    return rewritten || question;
  }
}
