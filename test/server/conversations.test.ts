import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationFullError, FileConversationStore, decodeCursor, MAX_TURNS, type StoredConversation } from '../../src/server/conversations.js';
import type { Answer } from '../../src/types.js';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'policy-conversations-'));
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function answer(text: string): Answer {
  return { question: text, resolvedQuestion: text, answer: `答：${text}`, answered: true, confidence: 1, intent: 'general', citations: [], related: [], latencyMs: 1 };
}

describe('FileConversationStore', () => {
  it('keeps every turn of concurrent writes, in order, and lists conversations newest first', async () => {
    const store = new FileConversationStore(dataDir);
    const turns = await Promise.all(Array.from({ length: 30 }, (_, i) => store.addTurn('c1', `问题${i}`, answer(`问题${i}`))));
    expect(turns).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await store.addTurn('c2', '第二个对话', answer('第二个对话'));
    const reopened = new FileConversationStore(dataDir);
    expect((await reopened.get('c1'))!.turns.map((t) => t.question)).toEqual(Array.from({ length: 30 }, (_, i) => `问题${i}`));
    expect((await reopened.list()).conversations.map((c) => [c.id, c.turns])).toEqual([['c2', 1], ['c1', 30]]);
  });

  it('leaves a broken file alone and out of the list', async () => {
    mkdirSync(path.join(dataDir, 'conversations'), { recursive: true });
    const broken = path.join(dataDir, 'conversations', 'broken.json');
    writeFileSync(broken, '{"id": "broken", "turns": [');
    const store = new FileConversationStore(dataDir);
    await store.addTurn('fine', '问题', answer('问题'));
    expect((await store.list()).conversations.map((c) => c.id)).toEqual(['fine']);
    expect(readFileSync(broken, 'utf8')).toBe('{"id": "broken", "turns": [');
  });

  it('never turns an odd id into a file name', async () => {
    const store = new FileConversationStore(dataDir);
    expect(await store.get('../../etc/passwd')).toBeUndefined();
    await expect(store.addTurn('../escape', '问题', answer('问题'))).rejects.toThrow(/invalid conversation id/);
  });

  it('refuses a turn beyond the most a conversation holds', async () => {
    const store = new FileConversationStore(dataDir);
    for (let i = 0; i < MAX_TURNS; i++) await store.addTurn('long', `问题${i}`, answer('短'));
    await expect(store.addTurn('long', '再问一个', answer('短'))).rejects.toBeInstanceOf(ConversationFullError);
    expect((await store.get('long'))!.turns).toHaveLength(MAX_TURNS);
  });
});

/** Writes a stored conversation straight to disk, last updated `daysAgo` days before `now`. */
function writeStored(id: string, daysAgo: number, now = Date.now()): void {
  const at = new Date(now - daysAgo * 86_400_000).toISOString();
  const conversation: StoredConversation = { id, title: id, createdAt: at, updatedAt: at, turns: [{ question: id, answer: answer(id), askedAt: at }] };
  mkdirSync(path.join(dataDir, 'conversations'), { recursive: true });
  writeFileSync(path.join(dataDir, 'conversations', `${id}.json`), JSON.stringify(conversation));
}

const files = () => readdirSync(path.join(dataDir, 'conversations')).sort();

describe('FileConversationStore.list', () => {
  it('pages newest first; each cursor picks up after the page before, total counts them all', async () => {
    for (let i = 0; i < 7; i++) writeStored(`c${i}`, 7 - i);
    const store = new FileConversationStore(dataDir);
    const first = await store.list({ limit: 3 });
    expect(first.conversations.map((c) => c.id)).toEqual(['c6', 'c5', 'c4']);
    expect(first.total).toBe(7);
    const second = await store.list({ limit: 3, cursor: decodeCursor(first.nextCursor!)! });
    expect(second.conversations.map((c) => c.id)).toEqual(['c3', 'c2', 'c1']);
    const third = await store.list({ limit: 3, cursor: decodeCursor(second.nextCursor!)! });
    expect(third.conversations.map((c) => c.id)).toEqual(['c0']);
    expect(third.nextCursor).toBeNull();
  });

  it('a new turn moves its conversation to the top without shifting the pages after a cursor', async () => {
    for (let i = 0; i < 4; i++) writeStored(`c${i}`, 4 - i);
    // A clock that moves between saves, so each new turn is later than the one before.
    let now = Date.now();
    const store = new FileConversationStore(dataDir, { maxCount: 100, maxAgeDays: 90, now: () => (now += 1000) });
    const first = await store.list({ limit: 2 });
    await store.addTurn('fresh', '新问题', answer('新问题'));
    await store.addTurn('c0', '再问', answer('再问'));
    expect((await store.list({ limit: 3 })).conversations.map((c) => c.id)).toEqual(['c0', 'fresh', 'c3']);
    expect((await store.list({ limit: 2, cursor: decodeCursor(first.nextCursor!)! })).conversations.map((c) => c.id)).toEqual(['c1']);
  });

  it('rejects a cursor it did not make', () => {
    expect(decodeCursor('not a cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('2026-01-01T00:00:00.000Z|../x').toString('base64url'))).toBeUndefined();
  });
});

describe('FileConversationStore retention', () => {
  it('at start, deletes the least recently updated beyond the count and those past the age', async () => {
    for (let i = 0; i < 5; i++) writeStored(`c${i}`, 5 - i);
    writeStored('ancient', 100);
    const store = new FileConversationStore(dataDir, { maxCount: 3, maxAgeDays: 90 });
    await store.load();
    expect(files()).toEqual(['c2.json', 'c3.json', 'c4.json']);
    expect((await store.list()).conversations.map((c) => c.id)).toEqual(['c4', 'c3', 'c2']);
  });

  it('after each save, deletes the oldest beyond the count', async () => {
    const store = new FileConversationStore(dataDir, { maxCount: 2, maxAgeDays: 90 });
    for (const id of ['a', 'b', 'c']) await store.addTurn(id, id, answer(id));
    expect(files()).toEqual(['b.json', 'c.json']);
    expect((await store.list()).total).toBe(2);
    expect(await store.get('a')).toBeUndefined();
  });

  it('after each save, deletes those whose last turn is past the age', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const store = new FileConversationStore(dataDir, { maxCount: 100, maxAgeDays: 30, now: () => now });
    await store.addTurn('old', '旧问题', answer('旧问题'));
    now += 31 * 86_400_000;
    await store.addTurn('new', '新问题', answer('新问题'));
    expect(files()).toEqual(['new.json']);
  });

  it('keeps a conversation whose new turn was queued before its deletion', async () => {
    const store = new FileConversationStore(dataDir, { maxCount: 1, maxAgeDays: 90 });
    await store.addTurn('a', '问题', answer('问题'));
    // b's save prunes a; a's next turn, asked at the same time, brings it back as the newest.
    await Promise.all([store.addTurn('b', '问题', answer('问题')), store.addTurn('a', '追问', answer('追问'))]);
    const kept = (await store.list()).conversations.map((c) => c.id);
    expect(kept).toHaveLength(1);
    expect(existsSync(path.join(dataDir, 'conversations', `${kept[0]}.json`))).toBe(true);
    expect(files()).toEqual([`${kept[0]}.json`]);
  });

  it('leaves broken files alone: not listed, not counted, not deleted', async () => {
    mkdirSync(path.join(dataDir, 'conversations'), { recursive: true });
    writeFileSync(path.join(dataDir, 'conversations', 'broken.json'), '{"id": "broken", "turns": [');
    const store = new FileConversationStore(dataDir, { maxCount: 1, maxAgeDays: 90 });
    await store.addTurn('fine', '问题', answer('问题'));
    expect(files()).toEqual(['broken.json', 'fine.json']);
  });
});
