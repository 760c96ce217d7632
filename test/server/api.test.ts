import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../agent/fake-openai.js';
import { quotingModel } from '../agent/scripted-model.js';
import { Harness, parseSse, postJson, type RunningApp } from './server-harness.js';

const QUESTION = '第二批两重建设项目安排了多少资金？';
const harness = new Harness();
let app: RunningApp;

beforeAll(async () => {
  await harness.build();
  app = await harness.start({ CORS_ORIGINS: 'https://intranet.example.gov.cn', BODY_LIMIT_BYTES: '2048', MAX_QUESTION_CHARS: '200' });
}, 120_000);

afterAll(async () => {
  await app.close();
  harness.cleanup();
});

/** Every error body: a code and a message, never a stack trace. */
async function expectError(response: Response, status: number, code: string): Promise<{ message: string }> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  return body.error;
}

describe('POST /api/chat', () => {
  it('answers with the answer object, its citations and the conversation it belongs to', async () => {
    const response = await postJson(`${app.url}/api/chat`, { question: QUESTION });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toMatchObject({ question: QUESTION, answered: true, mode: 'extractive', turn: 0 });
    expect(answer.answer).toContain('2168亿元');
    expect(Object.keys(answer.citations[0]).sort()).toEqual(expect.arrayContaining(['docId', 'title', 'heading', 'quote', 'start', 'end']));
    expect(answer.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await (await fetch(`${app.url}/api/conversations/${answer.sessionId}`)).json();
    expect(stored.turns).toHaveLength(1);
    expect(stored.title).toBe(QUESTION);
  });

  it('resolves a follow-up in the same session', async () => {
    const first = await (await postJson(`${app.url}/api/chat`, { question: QUESTION })).json();
    const followUp = await (await postJson(`${app.url}/api/chat`, { question: '它一共支持了多少个重大项目？', sessionId: first.sessionId })).json();
    expect(followUp.answer).toContain('336个');
    expect(followUp.turn).toBe(1);
  });

  it('streams over SSE: text, then citations, then the whole answer', async () => {
    const response = await postJson(`${app.url}/api/chat`, { question: QUESTION }, { Accept: 'text/event-stream' });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { events } = parseSse(await response.text());
    expect(events.map((e) => e.event)).toEqual(['delta', 'citations', 'done']);
    const done = events[2]!.data as { answer: string; citations: unknown[]; sessionId: string };
    expect((events[0]!.data as { text: string }).text).toBe(done.answer);
    expect((events[1]!.data as { citations: unknown[] }).citations).toEqual(done.citations);
    expect(done.sessionId).toBeTruthy();
  });

  it('rejects bad requests with a clear 4xx', async () => {
    const url = `${app.url}/api/chat`;
    expect((await expectError(await postJson(url, { question: '' }), 400, 'INVALID_REQUEST')).message).toContain('question');
    expect((await expectError(await postJson(url, { question: '问'.repeat(201) }), 400, 'INVALID_REQUEST')).message).toContain('at most 200');
    await expectError(await postJson(url, { question: QUESTION, extra: 1 }), 400, 'INVALID_REQUEST');
    await expectError(await postJson(url, { question: QUESTION, sessionId: '../../etc/passwd' }), 400, 'INVALID_REQUEST');
    await expectError(await postJson(url, { question: QUESTION, mode: 'magic' }), 400, 'INVALID_REQUEST');
    await expectError(await postJson(url, '{"question": '), 400, 'INVALID_REQUEST');
    await expectError(await postJson(url, { question: QUESTION, padding: 'x'.repeat(3000) }), 413, 'PAYLOAD_TOO_LARGE');
    await expectError(await postJson(url, { question: QUESTION, mode: 'llm' }), 400, 'LLM_NOT_CONFIGURED');
    await expectError(await fetch(`${app.url}/api/nothing-here`), 404, 'NOT_FOUND');
  });
});

describe('documents, search, figures, health', () => {
  it('GET /api/health reports the index and the mode', async () => {
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', mode: 'extractive', llmAvailable: false, reindexing: false });
    expect(health.documents).toBeGreaterThan(20);
  });

  it('GET /api/search returns passages with offsets into their documents', async () => {
    const { hits } = await (await fetch(`${app.url}/api/search?q=${encodeURIComponent('物联网 行动方案')}&limit=3`)).json();
    expect(hits).toHaveLength(3);
    const document = await (await fetch(`${app.url}/api/documents/${encodeURIComponent(hits[0].docId)}`)).json();
    expect(document.text.slice(hits[0].start, hits[0].end)).toBe(hits[0].text);
    await expectError(await fetch(`${app.url}/api/search`), 400, 'INVALID_REQUEST');
  });

  it('GET /api/documents lists and filters; /api/documents/:id gives text, passages and the highlight', async () => {
    const { total, documents } = await (await fetch(`${app.url}/api/documents?type=${encodeURIComponent('办法')}`)).json();
    expect(total).toBe(documents.length);
    expect(documents.every((d: { type: string }) => d.type === '办法')).toBe(true);
    const id = documents[0].id;
    const document = await (await fetch(`${app.url}/api/documents/${encodeURIComponent(id)}?start=0&end=10`)).json();
    expect(document.highlight).toEqual({ start: 0, end: 10, text: document.text.slice(0, 10) });
    expect(document.passages.length).toBeGreaterThan(1);
    for (const passage of document.passages) expect(passage.end).toBeLessThanOrEqual(document.text.length);
    await expectError(await fetch(`${app.url}/api/documents/${encodeURIComponent(id)}?start=5`), 400, 'INVALID_REQUEST');
    await expectError(await fetch(`${app.url}/api/documents/${encodeURIComponent(id)}?start=0&end=99999999`), 400, 'INVALID_REQUEST');
    await expectError(await fetch(`${app.url}/api/documents/no-such-document`), 404, 'NOT_FOUND');
  });

  it('GET /api/figures finds stated figures with their sentence and source', async () => {
    const { figures } = await (await fetch(`${app.url}/api/figures?q=${encodeURIComponent('第二批两重建设项目 资金')}&unit=${encodeURIComponent('元')}`)).json();
    expect(figures[0]).toMatchObject({ raw: '2168亿元', unit: '元', value: 216_800_000_000 });
    expect(figures[0].sentence).toContain('2168亿元');
    expect(figures[0].title).toContain('两重');
  });
});

describe('conversations and feedback', () => {
  it('lists conversations and stores thumbs up/down with the turn', async () => {
    const answer = await (await postJson(`${app.url}/api/chat`, { question: '物联网行动方案的文号是什么？' })).json();
    const feedbackUrl = `${app.url}/api/conversations/${answer.sessionId}/feedback`;
    expect((await postJson(feedbackUrl, { turn: 0, rating: 'down', comment: '文号不对' })).status).toBe(204);
    const stored = await (await fetch(`${app.url}/api/conversations/${answer.sessionId}`)).json();
    expect(stored.turns[0].feedback).toMatchObject({ rating: 'down', comment: '文号不对' });
    const { conversations } = await (await fetch(`${app.url}/api/conversations`)).json();
    expect(conversations.map((c: { id: string }) => c.id)).toContain(answer.sessionId);
    await expectError(await postJson(feedbackUrl, { turn: 5, rating: 'up' }), 404, 'NOT_FOUND');
    await expectError(await postJson(feedbackUrl, { turn: 0, rating: 'meh' }), 400, 'INVALID_REQUEST');
  });

  it('GET /api/conversations pages newest first with a cursor and a total', async () => {
    const restarted = await harness.start();
    try {
      const ids: string[] = [];
      for (const question of ['第一个问题', '第二个问题', '第三个问题']) ids.push((await (await postJson(`${restarted.url}/api/chat`, { question })).json()).sessionId);
      const first = await (await fetch(`${restarted.url}/api/conversations?limit=2`)).json();
      expect(first.conversations.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
      expect(first).toMatchObject({ total: 3, nextCursor: expect.any(String) });
      const second = await (await fetch(`${restarted.url}/api/conversations?limit=2&cursor=${first.nextCursor}`)).json();
      expect(second.conversations.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
      expect(second.nextCursor).toBeNull();
      await expectError(await fetch(`${restarted.url}/api/conversations?cursor=nonsense`), 400, 'INVALID_REQUEST');
      await expectError(await fetch(`${restarted.url}/api/conversations?limit=0`), 400, 'INVALID_REQUEST');
    } finally {
      await restarted.close();
    }
  });

  it('keeps a conversation across a server restart (the follow-up still resolves)', async () => {
    const first = await (await postJson(`${app.url}/api/chat`, { question: QUESTION })).json();
    const restarted = await harness.start({ DATA_DIR: app.config.server.dataDir });
    try {
      const followUp = await (await postJson(`${restarted.url}/api/chat`, { question: '它一共支持了多少个重大项目？', sessionId: first.sessionId })).json();
      expect(followUp.answer).toContain('336个');
    } finally {
      await restarted.close();
    }
  });
});

describe('POST /v1/chat/completions (OpenAI-compatible)', () => {
  it('answers a chat completion with sources written out, using earlier user turns as context', async () => {
    const response = await postJson(`${app.url}/v1/chat/completions`, {
      model: 'policy-qa',
      messages: [
        { role: 'system', content: '你是助手' },
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: '2168亿元。' },
        { role: 'user', content: [{ type: 'text', text: '它一共支持了多少个重大项目？' }] },
      ],
    });
    const completion = await response.json();
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].message.content).toContain('336个');
    expect(completion.choices[0].message.content).toContain('来源：\n\n- 《');
    expect(completion.choices[0].finish_reason).toBe('stop');
  });

  it('streams chunks ending in [DONE]', async () => {
    const response = await postJson(`${app.url}/v1/chat/completions`, { stream: true, messages: [{ role: 'user', content: QUESTION }] });
    const lines = (await response.text()).split('\n\n').filter(Boolean);
    expect(lines.at(-1)).toBe('data: [DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line.slice(6)));
    const text = chunks.map((c) => c.choices[0].delta.content ?? '').join('');
    expect(text).toContain('2168亿元');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
  });

  it('limits the question like /api/chat does', async () => {
    await expectError(await postJson(`${app.url}/v1/chat/completions`, { messages: [{ role: 'user', content: '问'.repeat(201) }] }), 400, 'INVALID_REQUEST');
  });

  it('rejects a request without a user message', async () => {
    await expectError(await postJson(`${app.url}/v1/chat/completions`, { messages: [{ role: 'system', content: 'x' }] }), 400, 'INVALID_REQUEST');
    await expectError(await postJson(`${app.url}/v1/chat/completions`, { messages: [] }), 400, 'INVALID_REQUEST');
  });
});

describe('security basics', () => {
  it('sends a CSP and the usual security headers', async () => {
    const response = await fetch(`${app.url}/`);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('allows CORS only for the configured origins', async () => {
    const allowed = await fetch(`${app.url}/api/health`, { headers: { Origin: 'https://intranet.example.gov.cn' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://intranet.example.gov.cn');
    const other = await fetch(`${app.url}/api/health`, { headers: { Origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits requests per client', async () => {
    const limited = await harness.start({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      for (let i = 0; i < 2; i++) expect((await postJson(`${limited.url}/api/chat`, { question: QUESTION })).status).toBe(200);
      const refused = await postJson(`${limited.url}/api/chat`, { question: QUESTION });
      expect((await expectError(refused, 429, 'RATE_LIMITED')).message).toContain('2 per minute');
    } finally {
      await limited.close();
    }
  });

  it('keys the limit on the socket address: a made-up X-Forwarded-For does not escape it', async () => {
    const limited = await harness.start({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const ask = (client: string) => postJson(`${limited.url}/api/chat`, { question: QUESTION }, { 'X-Forwarded-For': client });
      for (const client of ['203.0.113.1', '203.0.113.2']) expect((await ask(client)).status).toBe(200);
      await expectError(await ask('203.0.113.3'), 429, 'RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('with TRUST_PROXY believes the proxy: each forwarded client has its own budget', async () => {
    const proxied = await harness.start({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '1' });
    try {
      const ask = (client: string) => postJson(`${proxied.url}/api/chat`, { question: QUESTION }, { 'X-Forwarded-For': client });
      for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.1']) expect((await ask(client)).status).toBe(200);
      await expectError(await ask('203.0.113.1'), 429, 'RATE_LIMITED');
    } finally {
      await proxied.close();
    }
  });
});

describe('admin: upload and re-index', () => {
  function form(files: Array<{ name: string; type: string; content: string | Uint8Array<ArrayBuffer> }>): FormData {
    const body = new FormData();
    for (const file of files) body.append('files', new Blob([file.content], { type: file.type }), file.name);
    return body;
  }
  const notice = ['关于开展2026年社区养老服务补贴试点的通知', '', '一、试点地区每个社区养老服务站给予一次性建设补贴30万元。', '', '二、申报截止时间为2026年8月31日。'].join('\n');

  it('is off without ADMIN_API_KEY, and needs the right key when on', async () => {
    await expectError(await fetch(`${app.url}/api/admin/reindex`, { method: 'POST' }), 403, 'ADMIN_DISABLED');
    const admin = await harness.start({ ADMIN_API_KEY: 'right-key' });
    try {
      await expectError(await fetch(`${admin.url}/api/admin/reindex`, { method: 'POST' }), 401, 'UNAUTHORIZED');
      await expectError(await fetch(`${admin.url}/api/admin/reindex`, { method: 'POST', headers: { Authorization: 'Bearer wrong-key' } }), 401, 'UNAUTHORIZED');
    } finally {
      await admin.close();
    }
  });

  it('stores valid uploads path-safely, re-indexes, and answers from them; rejects bad files and stores none of them', async () => {
    const admin = await harness.start({ ADMIN_API_KEY: 'right-key', UPLOAD_MAX_FILES: '2', UPLOAD_MAX_BYTES: '4096' });
    const auth = { Authorization: 'Bearer right-key' };
    const uploads = path.join(harness.corpusDir, 'uploads');
    try {
      const bad = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form([{ name: 'fake.pdf', type: 'application/pdf', content: 'not a pdf' }]) });
      expect((await expectError(bad, 400, 'UPLOAD_REJECTED')).message).toContain('not a PDF');
      const mismatched = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form([{ name: 'a.txt', type: 'image/png', content: notice }]) });
      await expectError(mismatched, 400, 'UPLOAD_REJECTED');
      const binary = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form([{ name: 'a.txt', type: 'text/plain', content: new Uint8Array([0xff, 0x00, 0x41]) }]) });
      await expectError(binary, 400, 'UPLOAD_REJECTED');
      const exe = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form([{ name: 'run.exe', type: 'application/octet-stream', content: 'MZ' }]) });
      expect((await expectError(exe, 400, 'UPLOAD_REJECTED')).message).toContain('unsupported file type .exe');
      const tooMany = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form([1, 2, 3].map((n) => ({ name: `n${n}.txt`, type: 'text/plain', content: notice }))) });
      await expectError(tooMany, 400, 'UPLOAD_REJECTED');
      const tooLarge = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form([{ name: 'big.txt', type: 'text/plain', content: '政'.repeat(5000) }]) });
      await expectError(tooLarge, 413, 'PAYLOAD_TOO_LARGE');
      expect(() => readdirSync(uploads)).toThrow();

      const before = (await (await fetch(`${admin.url}/api/health`)).json()).documents;
      const saved = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form([{ name: '../../养老 补贴.txt', type: 'text/plain', content: notice }]) });
      expect(saved.status).toBe(201);
      const result = await saved.json();
      expect(result.saved).toEqual(['uploads/养老_补贴.txt']);
      expect(readdirSync(uploads)).toEqual(['养老_补贴.txt']);
      expect(result.index.files.added).toBe(1);
      expect((await (await fetch(`${admin.url}/api/health`)).json()).documents).toBe(before + 1);
      const answer = await (await postJson(`${admin.url}/api/chat`, { question: '社区养老服务站建设补贴是多少？' })).json();
      expect(answer.answer).toContain('30万元');
      expect(answer.citations[0].title).toContain('社区养老服务补贴');
      const again = await fetch(`${admin.url}/api/admin/documents?reindex=false`, { method: 'POST', headers: auth, body: form([{ name: '养老 补贴.txt', type: 'text/plain', content: notice }]) });
      expect((await again.json()).saved).toEqual(['uploads/养老_补贴-1.txt']);
    } finally {
      await admin.close();
    }
  });
});

describe('LLM mode through the API', () => {
  let fake: FakeOpenAI;
  let llmApp: RunningApp;

  beforeAll(async () => {
    fake = await startFakeOpenAI(quotingModel(/亿元/));
    llmApp = await harness.start({ OPENAI_BASE_URL: fake.baseUrl, LLM_MAX_RETRIES: '0', SSE_HEARTBEAT_MS: '50' });
  });

  afterAll(async () => {
    await llmApp.close();
    await fake.close();
  });

  it('streams the agent answer with heartbeats while the model is slow', async () => {
    fake.script = (request, n) => ({ ...quotingModel(/亿元/)(request), delayMs: n % 2 === 0 ? 300 : 0 });
    const response = await postJson(`${llmApp.url}/api/chat`, { question: QUESTION }, { Accept: 'text/event-stream' });
    const { events, heartbeats } = parseSse(await response.text());
    expect(heartbeats).toBeGreaterThan(2);
    const done = events.find((e) => e.event === 'done')!.data as { mode: string; answer: string; usage: { totalTokens: number } };
    expect(done).toMatchObject({ mode: 'llm' });
    expect(done.answer).toContain('2168亿元');
    expect(done.usage.totalTokens).toBeGreaterThan(0);
  });

  it('a client that disconnects cancels the model call', async () => {
    fake.script = (request) => ({ ...quotingModel(/亿元/)(request), delayMs: 1500 });
    fake.abandoned = 0;
    const response = await postJson(`${llmApp.url}/api/chat`, { question: QUESTION }, { Accept: 'text/event-stream' });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(fake.abandoned).toBe(1);
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it('on /v1 streams the fallback notice before the offline answer, and usage when asked for', async () => {
    fake.script = () => ({ status: 500 });
    const response = await postJson(`${llmApp.url}/v1/chat/completions`, { stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] });
    const chunks = (await response.text()).split('\n\n').filter((line) => line && line !== 'data: [DONE]').map((line) => JSON.parse(line.slice(6)));
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.startsWith('（大模型服务返回错误，以下为离线检索给出的答案。）')).toBe(true);
    expect(text).toContain('2168亿元');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 0 } });
  });

  it('offline mode can still be asked for per request', async () => {
    fake.script = quotingModel(/亿元/);
    const answer = await (await postJson(`${llmApp.url}/api/chat`, { question: QUESTION, mode: 'extractive' })).json();
    expect(answer.mode).toBe('extractive');
  });
});
