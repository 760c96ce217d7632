/** `npm start` as a real process: SIGTERM ends streamed answers and keep-alive connections, and the process exits. */
import { Agent, get } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../agent/fake-openai.js';
import { freePort, Harness, parseSse, postJson, startServerProcess, type ServerProcess } from './server-harness.js';

const harness = new Harness();
let fake: FakeOpenAI;

beforeAll(async () => {
  await harness.build();
  // A model that never answers in time: the streamed answer stays open until the server stops it.
  fake = await startFakeOpenAI(() => ({ content: '迟到的回答', delayMs: 30_000 }));
}, 120_000);

afterAll(async () => {
  await fake.close();
  harness.cleanup();
});

/** Starts src/server/main.ts with this test's settings: the model never answers in time. */
function startServer(port: number): Promise<ServerProcess> {
  return startServerProcess(harness.work, {
    PORT: String(port),
    CORPUS_DIR: harness.corpusDir,
    INDEX_DIR: harness.indexDir,
    DATA_DIR: path.join(harness.work, 'data-shutdown'),
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: fake.baseUrl,
    ANSWER_MODE: 'llm',
    LLM_MAX_RETRIES: '0',
    SSE_HEARTBEAT_MS: '100',
  });
}

describe('npm start', () => {
  it('exits promptly on SIGTERM with a streamed answer, a plain request and an idle keep-alive connection open', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child, output } = await startServer(port);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // An idle keep-alive connection, as a browser leaves one.
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => get(`${url}/api/health`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject));
    // A streamed answer waiting on the model, and a plain one.
    const streamed = await postJson(`${url}/api/chat`, { question: '第二批两重建设项目安排了多少资金？' }, { Accept: 'text/event-stream' });
    expect(streamed.status).toBe(200);
    const body = streamed.text();
    const plain = postJson(`${url}/api/chat`, { question: '第二批两重建设项目安排了多少资金？' }).then((r) => r.status, () => 'cut');

    const signalled = performance.now();
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
    const elapsed = performance.now() - signalled;
    if (code === 'still running') child.kill('SIGKILL');
    agent.destroy();

    expect(code, output()).toBe(0);
    const { events } = parseSse(await body);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'SHUTTING_DOWN' } });
    expect(await plain).toBe('cut');
    expect(output()).toContain('SIGTERM: stopping, 1 streamed answer(s) interrupted.');
    console.log(`exited ${elapsed.toFixed(0)} ms after SIGTERM`);
  }, 60_000);
});
