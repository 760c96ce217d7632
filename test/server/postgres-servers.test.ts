/**
 * Two app servers on one Postgres (PGlite over its socket) serve one conversation interchangeably:
 * the index, the conversation and its feedback all live in the database.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevDatabase, type DevDatabase } from '../../src/index/postgres/dev-database.js';
import { publishFolder } from '../../src/index/postgres/publish.js';
import { PostgresConversationStore } from '../../src/server/postgres-conversations.js';
import type { Answer } from '../../src/types.js';
import { freePort, Harness, postJson, startServerProcess, type RunningApp } from './server-harness.js';

const harness = new Harness();
let database: DevDatabase;
let first: RunningApp;
let second: RunningApp;

beforeAll(async () => {
  [database] = await Promise.all([startDevDatabase({ port: 0 }), harness.build()]);
  await publishFolder(database.url, harness.indexDir);
  first = await harness.start({ DATABASE_URL: database.url });
  second = await harness.start({ DATABASE_URL: database.url });
}, 120_000);

afterAll(async () => {
  await first?.close();
  await second?.close();
  await database?.stop();
  harness.cleanup();
});

describe('two servers on one database', () => {
  it('continue one conversation turn by turn, whichever answers, and share its feedback', async () => {
    const opening = await (await postJson(`${first.url}/api/chat`, { question: '第二批两重建设项目安排了多少资金？' })).json();
    expect(opening.answer).toMatch(/^2168亿元/);
    // The follow-up reaches the other server: "它" is the first server's topic.
    const followUp = await (await postJson(`${second.url}/api/chat`, { question: '它一共支持了多少个重大项目？', sessionId: opening.sessionId })).json();
    expect(followUp.answer).toContain('336个');
    expect(followUp.turn).toBe(1);
    // Back on the first server, which had only the opening turn in memory.
    const third = await (await postJson(`${first.url}/api/chat`, { question: '它一共支持了多少个重大项目？', sessionId: opening.sessionId })).json();
    expect(third.turn).toBe(2);
    expect(third.answer).toContain('336个');

    expect((await postJson(`${second.url}/api/conversations/${opening.sessionId}/feedback`, { turn: 0, rating: 'up' })).status).toBe(204);
    const stored = await (await fetch(`${first.url}/api/conversations/${opening.sessionId}`)).json();
    expect(stored.turns.map((t: { question: string }) => t.question)).toEqual(['第二批两重建设项目安排了多少资金？', '它一共支持了多少个重大项目？', '它一共支持了多少个重大项目？']);
    expect(stored.turns[0].feedback).toMatchObject({ rating: 'up' });
    const { conversations } = await (await fetch(`${second.url}/api/conversations`)).json();
    expect(conversations[0]).toMatchObject({ id: opening.sessionId, turns: 3 });
  });
});

describe('npm start on Postgres', () => {
  it('two processes on different ports serve one conversation interchangeably', async () => {
    const env = (port: number) => ({ PORT: String(port), DATABASE_URL: database.url, INDEX_DIR: path.join(harness.work, 'unused-index'), DATA_DIR: path.join(harness.work, `data-${port}`) });
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await startServerProcess(harness.work, env(portA));
    const b = await startServerProcess(harness.work, env(portB));
    try {
      expect(a.output()).toContain('documents from the database at postgres://');
      const opening = await (await postJson(`http://127.0.0.1:${portA}/api/chat`, { question: '第二批两重建设项目安排了多少资金？' })).json();
      const followUp = await (await postJson(`http://127.0.0.1:${portB}/api/chat`, { question: '它一共支持了多少个重大项目？', sessionId: opening.sessionId })).json();
      expect(followUp.answer).toContain('336个');
      const stored = await (await fetch(`http://127.0.0.1:${portA}/api/conversations/${opening.sessionId}`)).json();
      expect(stored.turns).toHaveLength(2);
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
  }, 60_000);
});

describe('a server on Postgres', () => {
  it('publishes what its re-index built, and the other server swaps it in', async () => {
    const before = second.host.current.index.documents.size;
    writeFileSync(path.join(harness.corpusDir, '新增通知.txt'), '关于开展数据要素试点的通知\n\n各地要在2027年底前完成数据要素试点评估，试点期为两年。');
    // The first server re-indexes (as POST /api/admin/reindex does): built in files, then published.
    await first.host.reindex();
    expect(first.host.current.index.documents.size).toBeGreaterThan(before);
    const stop = second.host.followDatabase(50);
    try {
      await expect.poll(() => second.host.current.index.documents.size, { timeout: 20_000, interval: 100 }).toBeGreaterThan(before);
      const answer = await (await postJson(`${second.url}/api/chat`, { question: '数据要素试点期为多久？' })).json();
      expect(answer.answer).toContain('两年');
    } finally {
      stop();
    }
  }, 60_000);
});

describe('PostgresConversationStore', () => {
  const answer = { answer: '答', citations: [] } as unknown as Answer;

  it('applies retention at most once a minute', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const own = await startDevDatabase({ port: 0 });
    const store = new PostgresConversationStore(own.url, { maxCount: 2, maxAgeDays: 90, now: () => (now += 1000) });
    try {
      for (const id of ['r1', 'r2', 'r3']) await store.addTurn(id, `问题${id}`, answer);
      // Retention ran when the store opened; these turns all came within the minute after.
      expect((await store.list()).total).toBe(3);
      now += 61_000;
      await store.addTurn('r4', '问题r4', answer);
      expect((await store.list()).conversations.map((c) => c.id)).toEqual(['r4', 'r3']);
    } finally {
      await store.close();
      await own.stop();
    }
  });

  it('pages newest first, keeps the newest within the count, and records feedback only on a turn that exists', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const own = await startDevDatabase({ port: 0 });
    // (A minute between turns: retention runs at most once a minute.)
    const store = new PostgresConversationStore(own.url, { maxCount: 3, maxAgeDays: 90, now: () => (now += 61_000) });
    try {
      for (const id of ['c1', 'c2', 'c3', 'c4']) await store.addTurn(id, `问题${id}`, answer);
      // A NUL, which jsonb cannot hold, is dropped rather than failing the turn.
      await store.addTurn('c4', '带\u0000空字符的问题', answer);
      const page = await store.list({ limit: 2 });
      expect(page.conversations.map((c) => c.id)).toEqual(['c4', 'c3']);
      expect(page.conversations[0]!.turns).toBe(2);
      expect(page.total).toBe(3);
      const next = await store.list({ limit: 2, cursor: { updatedAt: page.conversations[1]!.updatedAt, id: 'c3' } });
      expect(next.conversations[0]!.id).toBe('c2');
      // Three kept: the oldest went.
      expect(await store.get('c1')).toBeUndefined();
      expect(await store.setFeedback('c4', 0, { rating: 'down', comment: '不对' })).toBe(true);
      expect(await store.setFeedback('c4', 2, { rating: 'up' })).toBe(false);
      expect((await store.get('c4'))!.turns[1]!.question).toBe('带空字符的问题');
      expect((await store.get('c4'))!.turns[0]!.feedback).toMatchObject({ rating: 'down', comment: '不对' });
    } finally {
      await store.close();
      await own.stop();
    }
  });
});
