/**
 * A failing endpoint costs the user little: hanging, stalling, erroring and unreachable endpoints
 * give the offline answer after one bounded attempt, and the circuit breaker then answers offline
 * with no upstream call at all. Deadlines here are short; nothing asserts a duration (the timings
 * are measured by `npm run bench:llm`), only what reaches the endpoint and what the user gets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fallbackNotice, LlmAnswerer } from '../../src/agent/agent.js';
import { CircuitBreaker } from '../../src/agent/circuit-breaker.js';
import { loadPrompts } from '../../src/agent/prompts.js';
import { Assistant, queryEmbedder } from '../../src/answer/assistant.js';
import { loadConfig } from '../../src/config.js';
import { loadIndex } from '../../src/index/store.js';
import type { Answer, AnswerEvent, FallbackReason } from '../../src/types.js';
import { openSeedIndex, type SeedIndex } from '../seed-index.js';
import { startFakeOpenAI, type FakeOpenAI, type Script } from './fake-openai.js';
import { hasToolResults, quotingModel, searchCall, sentenceMatching, userQuestion } from './scripted-model.js';

const QUESTION = '第二批两重建设项目安排了多少资金？';
/** Short deadlines, so a test waits a fraction of a second for each timeout. */
const FAST = { LLM_FIRST_TOKEN_TIMEOUT_MS: '300', LLM_IDLE_TIMEOUT_MS: '300', LLM_TIMEOUT_MS: '5000' };

let seed: SeedIndex;
let fake: FakeOpenAI;

beforeAll(async () => {
  seed = await openSeedIndex();
  fake = await startFakeOpenAI(quotingModel(/亿元/));
}, 120_000);

afterAll(async () => {
  await fake.close();
  seed.cleanup();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function config(env: Record<string, string>, baseUrl = fake.baseUrl) {
  return loadConfig({ corpusDir: seed.config.corpusDir, indexDir: seed.config.indexDir }, { OPENAI_BASE_URL: baseUrl, ...FAST, ...env });
}

/** An assistant in LLM mode talking to the fake endpoint, which follows `script`. */
async function llmAssistant(script: Script, env: Record<string, string> = {}): Promise<Assistant> {
  fake.requests.length = 0;
  fake.script = script;
  return Assistant.open(config(env));
}

async function collect(stream: AsyncIterable<AnswerEvent>): Promise<{ events: AnswerEvent[]; answer: Answer; streamed: string }> {
  const events: AnswerEvent[] = [];
  for await (const event of stream) events.push(event);
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('the stream did not end with a done event');
  const streamed = events.map((e) => (e.type === 'delta' ? e.text : e.type === 'reset' ? '\u0000' : '')).join('').split('\u0000').at(-1)!;
  return { events, answer: done.answer, streamed };
}

/** The offline answer, with the notice of `reason` shown first. */
async function expectFallback(assistant: Assistant, reason: FallbackReason): Promise<Answer> {
  const { events, answer, streamed } = await collect(assistant.askStream(QUESTION));
  expect(answer.fallback?.reason, answer.fallback?.detail).toBe(reason);
  expect(events[0]).toEqual({ type: 'reset', notice: fallbackNotice(reason) });
  expect(answer).toMatchObject({ mode: 'extractive', answered: true, notice: fallbackNotice(reason) });
  expect(answer.answer).toContain('2168亿元');
  expect(streamed).toBe(answer.answer);
  return answer;
}

describe('a failing endpoint: one bounded attempt, then the offline answer', () => {
  it('hanging endpoint: the first-token deadline ends the wait, with no retry; the next question makes no call', async () => {
    const assistant = await llmAssistant(() => ({ hang: true }), { LLM_MAX_RETRIES: '2' });
    await expectFallback(assistant, 'timeout');
    expect(fake.requests.length).toBe(1);
    const next = await expectFallback(assistant, 'circuit_open');
    expect(next.fallback!.detail).toMatch(/^next try in \d+ s$/);
    expect(next.usage!.modelCalls).toBe(0);
    expect(fake.requests.length).toBe(1);
  });

  it('a stream that stalls after two chunks: the idle limit ends it, with no retry', async () => {
    const assistant = await llmAssistant((request) => ({ ...searchCall(userQuestion(request)), stallAfterChunks: 2 }), { LLM_MAX_RETRIES: '2' });
    await expectFallback(assistant, 'timeout');
    expect(fake.requests.length).toBe(1);
    await expectFallback(assistant, 'circuit_open');
    expect(fake.requests.length).toBe(1);
  });

  it('an answer that stalls mid-stream: the text shown is withdrawn, then the offline answer follows', async () => {
    const assistant = await llmAssistant((request) => {
      if (!hasToolResults(request)) return searchCall(userQuestion(request));
      const found = sentenceMatching(request, /2168亿元/)!;
      const shown = `第二批共安排超长期特别国债资金2168亿元[${found.n}]。支持336个重大项目[${found.n}]。`;
      // The role chunk, the two sentences (three characters a chunk) and a little more: then silence.
      return { content: `${shown}第三句话还没有说完就停住了，再也没有下文`, stallAfterChunks: 1 + Math.ceil(shown.length / 3) + 2 };
    });
    const { events, answer } = await collect(assistant.askStream(QUESTION));
    const types = events.map((e) => e.type);
    expect(types.indexOf('delta')).toBeLessThan(types.indexOf('reset'));
    expect(answer).toMatchObject({ mode: 'extractive', fallback: { reason: 'timeout' } });
    expect(fake.requests.length).toBe(2);
  });

  it('HTTP 500: retried (the server asks for a short wait), then the circuit opens after LLM_BREAKER_FAILURES answers', async () => {
    const assistant = await llmAssistant(() => ({ status: 500 }), { LLM_MAX_RETRIES: '2', LLM_BREAKER_FAILURES: '2' });
    await expectFallback(assistant, 'http_error');
    expect(fake.requests.length).toBe(3);
    await expectFallback(assistant, 'http_error');
    expect(fake.requests.length).toBe(6);
    await expectFallback(assistant, 'circuit_open');
    expect(fake.requests.length).toBe(6);
  });

  it('no retry when the server asks for a wait longer than the first-token deadline', async () => {
    const assistant = await llmAssistant(() => ({ status: 429, message: 'Rate limit reached', headers: { 'retry-after-ms': '', 'retry-after': '20' } }), { LLM_MAX_RETRIES: '2' });
    await expectFallback(assistant, 'rate_limit');
    expect(fake.requests.length).toBe(1);
  });

  it('refused connection (a closed port): one attempt per question, none once the circuit is open', async () => {
    const closed = await startFakeOpenAI(() => ({ content: '' }));
    await closed.close();
    const fetch = vi.spyOn(globalThis, 'fetch');
    const assistant = await Assistant.open(config({ LLM_MAX_RETRIES: '2', LLM_BREAKER_FAILURES: '2' }, closed.baseUrl));
    await expectFallback(assistant, 'connection');
    expect(fetch).toHaveBeenCalledTimes(1);
    await expectFallback(assistant, 'connection');
    await expectFallback(assistant, 'circuit_open');
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('the circuit breaker across questions', () => {
  /** An assistant whose breaker runs on a clock the test moves. */
  async function withClock(script: Script, env: Record<string, string> = {}) {
    fake.requests.length = 0;
    fake.script = script;
    const cfg = config({ LLM_BREAKER_COOLDOWN_MS: '30000', ...env });
    const clock = { now: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: cfg.llm.breakerFailures, cooldownMs: cfg.llm.breakerCooldownMs, now: () => clock.now });
    const index = await loadIndex(cfg.indexDir);
    const prompts = await loadPrompts(cfg.promptsDir);
    const assistant = new Assistant(index, queryEmbedder(cfg, index), cfg, {}, (library) => new LlmAnswerer(library, cfg.llm, prompts, breaker));
    return { assistant, breaker, clock };
  }

  it('is one per assistant: the questions of every conversation share it', async () => {
    const assistant = await llmAssistant(() => ({ hang: true }));
    await assistant.ask(QUESTION, { sessionId: 'a' });
    const other = await assistant.ask(QUESTION, { sessionId: 'b' });
    expect(other.fallback?.reason).toBe('circuit_open');
    expect(fake.requests.length).toBe(1);
  });

  it('after the cool-down one question probes the endpoint; its success closes the circuit', async () => {
    const { assistant, breaker, clock } = await withClock(() => ({ hang: true }));
    await expectFallback(assistant, 'timeout');
    expect(breaker.state).toBe('open');
    fake.script = quotingModel(/亿元/);
    clock.now = 29_000;
    await expectFallback(assistant, 'circuit_open');
    expect(fake.requests.length).toBe(1);
    clock.now = 30_000;
    const probe = await assistant.ask(QUESTION);
    expect(probe).toMatchObject({ mode: 'llm', answered: true });
    expect(breaker.state).toBe('closed');
    expect((await assistant.ask(QUESTION)).mode).toBe('llm');
  });

  it('a failed probe opens the circuit for another cool-down', async () => {
    const { assistant, breaker, clock } = await withClock(() => ({ status: 503 }), { LLM_MAX_RETRIES: '0', LLM_BREAKER_FAILURES: '1' });
    await expectFallback(assistant, 'http_error');
    clock.now = 30_000;
    await expectFallback(assistant, 'http_error');
    expect(fake.requests.length).toBe(2);
    expect(breaker.state).toBe('open');
    clock.now = 59_000;
    await expectFallback(assistant, 'circuit_open');
    expect(fake.requests.length).toBe(2);
  });

  it('an answer the model gives, even one the sources do not support, counts as the endpoint being up', async () => {
    const { assistant, breaker } = await withClock(
      (request, n) => (n === 1 ? { status: 500 } : hasToolResults(request) ? { content: '抱歉，我无法回答这个问题。' } : searchCall(userQuestion(request))),
      { LLM_MAX_RETRIES: '0', LLM_BREAKER_FAILURES: '2' },
    );
    await expectFallback(assistant, 'http_error');
    expect((await assistant.ask(QUESTION)).fallback?.reason).toBe('unsupported');
    expect((await assistant.ask(QUESTION)).fallback?.reason).toBe('unsupported');
    expect(breaker.state).toBe('closed');
  });
});
