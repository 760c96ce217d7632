import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { guardedFetch, retryAfterMs } from '../../src/agent/transport.js';
import { startFakeOpenAI, type FakeOpenAI, type Script } from './fake-openai.js';

const limits = { firstTokenTimeoutMs: 300, idleTimeoutMs: 300, timeoutMs: 5000, maxRetries: 2 };

let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI(() => ({ content: '' }));
});

afterAll(async () => {
  await fake.close();
});

/** A chat request as the OpenAI client sends it, to the fake following `script`. */
function chat(script: Script, stream = true, fetch = guardedFetch(limits)): Promise<Response> {
  fake.requests.length = 0;
  fake.script = script;
  return fetch(`${fake.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: '你好' }], stream }),
  });
}

describe('retryAfterMs', () => {
  it('reads retry-after-ms, then retry-after in seconds or as a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 60_000).toUTCString() }))).toBeGreaterThan(50_000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe('guardedFetch', () => {
  it('passes a healthy stream through whole', async () => {
    const response = await chat(() => ({ content: '第一句。第二句。' }));
    const text = await response.text();
    expect(text).toContain('第一句');
    expect(text).toContain('[DONE]');
  });

  it('retries a 503 the server asks to retry soon, and stops at maxRetries', async () => {
    expect((await chat((_, n) => (n === 1 ? { status: 503 } : { content: '好。' }))).status).toBe(200);
    expect(fake.requests.length).toBe(2);
    expect((await chat(() => ({ status: 503 }))).status).toBe(503);
    expect(fake.requests.length).toBe(3);
  });

  it('does not retry a 4xx other than 408, 409 and 429', async () => {
    expect((await chat(() => ({ status: 401 }))).status).toBe(401);
    expect(fake.requests.length).toBe(1);
  });

  it('a server that never answers: a TimeoutError at the first-token deadline, no retry', async () => {
    await expect(chat(() => ({ hang: true }))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(fake.requests.length).toBe(1);
  });

  it('a non-streamed request waits for its whole reply up to timeoutMs, not the first-token deadline', async () => {
    const response = await chat(() => ({ content: '慢一点的回答。', delayMs: 500 }), false);
    expect(response.status).toBe(200);
  });

  it('a stream that stalls: reading its body fails with a TimeoutError', async () => {
    const response = await chat(() => ({ content: '第一句。第二句。第三句。', stallAfterChunks: 2 }));
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(fake.requests.length).toBe(1);
  });

  it('a refused connection: one attempt, no retry', async () => {
    const closed = await startFakeOpenAI(() => ({ content: '' }));
    await closed.close();
    const base = vi.fn((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
    const fetch = guardedFetch(limits, base);
    await expect(fetch(`${closed.baseUrl}/chat/completions`, { method: 'POST', body: '{"stream":true}' })).rejects.toThrow();
    expect(base).toHaveBeenCalledTimes(1);
  });

  it('the caller’s abort ends the wait', async () => {
    const controller = new AbortController();
    fake.script = () => ({ hang: true });
    const pending = guardedFetch({ ...limits, firstTokenTimeoutMs: 60_000 })(`${fake.baseUrl}/chat/completions`, {
      method: 'POST',
      body: '{"stream":true}',
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
