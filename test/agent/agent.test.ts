import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackNotice } from '../../src/agent/agent.js';
import { Assistant } from '../../src/answer/assistant.js';
import { loadConfig } from '../../src/config.js';
import type { Answer, AnswerEvent } from '../../src/types.js';
import { openSeedIndex, type SeedIndex } from '../seed-index.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type Reply } from './fake-openai.js';
import { hasToolResults, isRewrite, quotingModel, searchCall, sentenceMatching, userQuestion } from './scripted-model.js';

const QUESTION = '第二批两重建设项目安排了多少资金？';

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

/** An assistant in LLM mode over the seed index, talking to the fake endpoint. */
async function llmAssistant(env: Record<string, string> = {}, script?: (request: ChatRequest, n: number) => Reply): Promise<Assistant> {
  fake.requests.length = 0;
  fake.script = script ?? quotingModel(/亿元/);
  const config = loadConfig(
    { corpusDir: seed.config.corpusDir, indexDir: seed.config.indexDir },
    { OPENAI_BASE_URL: fake.baseUrl, LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000', ...env },
  );
  return Assistant.open(config);
}

async function collect(stream: AsyncIterable<AnswerEvent>): Promise<{ events: AnswerEvent[]; answer: Answer; streamed: string }> {
  const events: AnswerEvent[] = [];
  for await (const event of stream) events.push(event);
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('the stream did not end with a done event');
  const streamed = events.map((e) => (e.type === 'delta' ? e.text : e.type === 'reset' ? '\u0000' : '')).join('').split('\u0000').at(-1)!;
  return { events, answer: done.answer, streamed };
}

describe('LLM agent mode', () => {
  it('answers through the tools, streams verified text and cites the span that states the figure', async () => {
    const assistant = await llmAssistant();
    const { events, answer, streamed } = await collect(assistant.askStream(QUESTION));
    expect(answer).toMatchObject({ mode: 'llm', answered: true, intent: 'figure' });
    expect(answer.answer).toContain('2168亿元');
    expect(answer.citations[0]!.quote).toContain('2168亿元');
    expect(answer.citations[0]!.title).toContain('第二批“两重”');
    expect(streamed).toBe(answer.answer);
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(0);
    // Token usage of both model calls (tool call, then answer) is recorded.
    expect(answer.usage).toEqual({ inputTokens: 240, outputTokens: 60, totalTokens: 300, modelCalls: 2 });
    // The model got the system prompt from prompts/, and the five tools.
    const [first] = fake.requests;
    expect(first!.messages[0]!.content).toContain(readFileSync('prompts/system.md', 'utf8').split('\n').find((line) => line.startsWith('## 引用规则'))!);
    expect(first!.messages[0]!.content).toContain(readFileSync('prompts/modes/figure.md', 'utf8').split('\n')[0]!);
    expect(first!.tools!.map((t) => t.function.name).sort()).toEqual(['get_document', 'get_passage', 'list_documents', 'lookup_figures', 'search_policies']);
  });

  it('never lets a figure the sources do not state reach the user, not even mid-stream', async () => {
    const assistant = await llmAssistant({}, (request) => {
      if (!hasToolResults(request)) return searchCall(userQuestion(request));
      const found = sentenceMatching(request, /2168亿元/)!;
      return { content: `第二批共安排资金2168亿元[${found.n}]。其中中央预算内投资9999亿元[${found.n}]。资金支持336个重大项目[${found.n}]。` };
    });
    const { events, answer } = await collect(assistant.askStream(QUESTION));
    expect(answer.answer).toContain('2168亿元');
    expect(answer.answer).toContain('336个');
    for (const event of events) expect(JSON.stringify(event.type === 'done' ? event.answer.answer : event)).not.toContain('9999');
    expect(answer.verification!.removed).toEqual([{ sentence: '其中中央预算内投资9999亿元。', reason: '“9999亿元”不见于任何检索到的原文' }]);
  });

  it('rewrites a follow-up into a standalone question from the conversation', async () => {
    const assistant = await llmAssistant({}, (request) => {
      if (isRewrite(request)) return { content: '2026年第二批“两重”建设项目一共支持了多少个重大项目？' };
      if (!hasToolResults(request)) return searchCall(userQuestion(request).split('\n')[0]!);
      const found = sentenceMatching(request, /个重大项目/)!;
      return { content: `${found.sentence}[${found.n}]。` };
    });
    await assistant.ask(QUESTION, { sessionId: 's1' });
    const answer = await assistant.ask('它一共支持了多少个项目？', { sessionId: 's1' });
    const rewrite = fake.requests.find(isRewrite)!;
    expect(rewrite.messages.at(-1)!.content).toContain(QUESTION);
    expect(rewrite.messages.at(-1)!.content).toContain('它一共支持了多少个项目？');
    expect(answer.resolvedQuestion).toBe('2026年第二批“两重”建设项目一共支持了多少个重大项目？');
    expect(answer.answer).toContain('336个重大项目');
    expect(answer.usage!.modelCalls).toBe(3);
  });

  it('refuses when neither the model nor the offline answerer finds support', async () => {
    const assistant = await llmAssistant({}, (request) =>
      hasToolResults(request) ? { content: '现有文件中未找到关于火星移民补贴的规定。' } : searchCall(userQuestion(request)),
    );
    const answer = await assistant.ask('火星移民补贴标准是多少？');
    expect(answer).toMatchObject({ answered: false, mode: 'llm', citations: [] });
    expect(answer.answer).toBe('现有文件中未找到关于火星移民补贴的规定。');
  });

  it('gives the offline answer when the model says nothing the sources support', async () => {
    const assistant = await llmAssistant({}, (request) =>
      hasToolResults(request) ? { content: '抱歉，我无法回答这个问题。' } : searchCall(userQuestion(request)),
    );
    const answer = await assistant.ask(QUESTION);
    expect(answer).toMatchObject({ mode: 'extractive', answered: true, notice: fallbackNotice('unsupported') });
    expect(answer.answer).toContain('2168亿元');
  });

  it('withdraws text the model streams before deciding to call another tool', async () => {
    const assistant = await llmAssistant({}, (request, n) => {
      if (n === 1) return searchCall('两重 建设项目');
      if (n === 2) return { content: '好的，我再检索一下相关文件。请稍候片刻。我会仔细核对原文。', toolCalls: [{ name: 'search_policies', arguments: JSON.stringify({ query: '第二批 两重 资金' }) }] };
      return quotingModel(/亿元/)(request);
    });
    const { events, answer, streamed } = await collect(assistant.askStream(QUESTION));
    expect(events.some((e) => e.type === 'reset' && e.notice === '')).toBe(true);
    expect(answer.answer).not.toContain('请稍候');
    expect(answer.answer).toContain('2168亿元');
    expect(streamed).toBe(answer.answer);
    expect(answer.citations.every((c) => answer.answer.includes(`[${c.n}]`))).toBe(true);
  });

  it('recovers from a malformed tool call: the tool error goes back to the model, which tries again', async () => {
    const assistant = await llmAssistant({}, (request, n) => {
      if (n === 1) return { toolCalls: [{ name: 'search_policies', arguments: '{"query": ' }] };
      return quotingModel(/亿元/)(request);
    });
    const answer = await assistant.ask(QUESTION);
    expect(answer.mode, JSON.stringify(answer.fallback)).toBe('llm');
    expect(answer.answer).toContain('2168亿元');
    expect(fake.requests[1]!.messages.find((m) => m.role === 'tool')!.content).toMatch(/did not match expected schema/);
  });

  it('retries a failed request (bounded) before giving up', async () => {
    const assistant = await llmAssistant({ LLM_MAX_RETRIES: '1' }, (request, n) => (n === 1 ? { status: 503 } : quotingModel(/亿元/)(request)));
    const answer = await assistant.ask(QUESTION);
    expect(answer.mode).toBe('llm');
    expect(fake.requests.length).toBe(3);
  });
});

describe('LLM failures: the user gets the offline answer with a short notice', () => {
  const cases: Array<{ name: string; reason: string; env?: Record<string, string>; script: (request: ChatRequest, n: number) => Reply; requests?: number }> = [
    { name: 'server error (HTTP 500)', reason: 'http_error', script: () => ({ status: 500 }) },
    { name: 'rate limited (HTTP 429)', reason: 'rate_limit', script: () => ({ status: 429, message: 'Rate limit reached' }) },
    { name: 'request timeout', reason: 'timeout', env: { LLM_TIMEOUT_MS: '300' }, script: () => ({ content: '迟到的回答。', delayMs: 2000 }) },
    { name: 'whole-answer deadline', reason: 'timeout', env: { LLM_TOTAL_TIMEOUT_MS: '400' }, script: (r) => (hasToolResults(r) ? { content: '迟到的回答。', delayMs: 2000 } : searchCall('两重')) },
    { name: 'malformed response body', reason: 'malformed', script: () => ({ raw: 'data: {"choices": [{"delta": {"content": "半截' }) },
    { name: 'endless tool loop', reason: 'tool_loop', env: { LLM_MAX_STEPS: '3' }, script: () => searchCall('两重'), requests: 3 },
    { name: 'tool call with unparseable arguments', reason: 'malformed', script: () => ({ toolCalls: [{ name: 'search_policies', arguments: '{oops' }] }) },
    { name: 'tool calls the model keeps getting wrong', reason: 'tool_loop', env: { LLM_MAX_STEPS: '3' }, script: () => ({ toolCalls: [{ name: 'search_policies', arguments: '{"q": 1}' }] }), requests: 3 },
  ];
  for (const { name, reason, env, script, requests } of cases) {
    it(name, async () => {
      const assistant = await llmAssistant(env, script);
      const { events, answer, streamed } = await collect(assistant.askStream(QUESTION));
      expect(answer.fallback?.reason, answer.fallback?.detail).toBe(reason);
      // The notice comes first, so a streaming client shows it above the offline answer.
      expect(events[0]).toEqual({ type: 'reset', notice: fallbackNotice(reason as never) });
      expect(streamed).toBe(answer.answer);
      expect(answer).toMatchObject({ mode: 'extractive', answered: true, notice: fallbackNotice(answer.fallback!.reason) });
      expect(answer.answer).toContain('2168亿元');
      expect(answer.citations[0]!.quote).toContain('2168亿元');
      if (requests) expect(fake.requests.length).toBe(requests);
    });
  }

  it('records the kind of failure, never the provider\'s message (it can carry key fragments)', async () => {
    const assistant = await llmAssistant({}, () => ({ status: 401, message: 'Incorrect API key provided: sk-proj-****Xy7Q' }));
    const answer = await assistant.ask(QUESTION);
    expect(answer.fallback).toEqual({ reason: 'http_error', detail: 'HTTP 401' });
    expect(JSON.stringify(answer)).not.toContain('sk-proj');
  });

  it('endpoint unreachable', async () => {
    const closed = await startFakeOpenAI(() => ({ content: '' }));
    await closed.close();
    const config = loadConfig({ corpusDir: seed.config.corpusDir, indexDir: seed.config.indexDir }, { OPENAI_BASE_URL: closed.baseUrl, LLM_MAX_RETRIES: '0' });
    const answer = await (await Assistant.open(config)).ask(QUESTION);
    expect(answer).toMatchObject({ mode: 'extractive', answered: true, fallback: { reason: 'connection' } });
  });

  it('connection lost mid-answer: the streamed part is withdrawn, then the offline answer follows', async () => {
    const assistant = await llmAssistant({}, (request) => {
      if (!hasToolResults(request)) return searchCall(userQuestion(request));
      const found = sentenceMatching(request, /2168亿元/)!;
      const content = `第二批共安排超长期特别国债资金2168亿元[${found.n}]。支持336个重大项目[${found.n}]。第三句话还没有说完就断了`;
      return { content, cutAfterChars: content.length - 6 };
    });
    const { events, answer, streamed } = await collect(assistant.askStream(QUESTION));
    const types = events.map((e) => e.type);
    expect(types.indexOf('delta')).toBeLessThan(types.indexOf('reset'));
    expect(events.find((e) => e.type === 'reset')).toEqual({ type: 'reset', notice: fallbackNotice(answer.fallback!.reason) });
    expect(answer.mode).toBe('extractive');
    expect(streamed).toBe(answer.answer);
  });
});

describe('mode selection', () => {
  it('stays offline without an endpoint, and says so when LLM mode is asked for', async () => {
    const offline = await Assistant.open(seed.config);
    expect(offline.modeFor()).toBe('extractive');
    expect((await offline.ask(QUESTION)).mode).toBe('extractive');
    expect(() => offline.modeFor('llm')).toThrow(expect.objectContaining({ code: 'LLM_NOT_CONFIGURED' }));
    await expect(Assistant.open({ ...seed.config, mode: 'llm' })).rejects.toMatchObject({ code: 'LLM_NOT_CONFIGURED' });
  });

  it('answers offline when extractive mode is asked for, with an endpoint configured', async () => {
    const assistant = await llmAssistant();
    const answer = await assistant.ask(QUESTION, { mode: 'extractive' });
    expect(answer.mode).toBe('extractive');
    expect(fake.requests).toEqual([]);
  });
});

describe('one OpenAI-compatible endpoint for chat and embeddings', () => {
  it('builds the index with the endpoint’s embeddings (batched) and answers with the agent over it', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { buildIndex } = await import('../../src/index/build.js');
    // Character-count vectors: crude, deterministic, and enough for the hybrid retriever's vector half.
    const embedding = (text: string) => Array.from({ length: 8 }, (_, i) => [...text].filter((c) => c.charCodeAt(0) % 8 === i).length + 1);
    const endpoint = await startFakeOpenAI(quotingModel(/亿元/), embedding);
    const work = mkdtempSync(path.join(tmpdir(), 'policy-openai-embeddings-'));
    try {
      const env = { OPENAI_BASE_URL: endpoint.baseUrl, EMBEDDING_PROVIDER: 'openai', EMBEDDING_MODEL: 'bge-m3', EMBEDDING_DIMENSIONS: '8', EMBEDDING_BATCH_SIZE: '32', LLM_MAX_RETRIES: '0' };
      const config = loadConfig({ corpusDir: seed.config.corpusDir, indexDir: path.join(work, 'index') }, env);
      const summary = await buildIndex(config);
      expect(endpoint.embeddingRequests.length).toBeGreaterThan(1);
      expect(endpoint.embeddingRequests.every((r) => r.model === 'bge-m3' && r.input.length <= 32)).toBe(true);
      expect(endpoint.embeddingRequests.reduce((n, r) => n + r.input.length, 0)).toBe(summary.chunks);
      const answer = await (await Assistant.open(config)).ask(QUESTION);
      expect(answer).toMatchObject({ mode: 'llm', answered: true });
      expect(answer.answer).toContain('2168亿元');
    } finally {
      await endpoint.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
