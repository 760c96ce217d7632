import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationFullError, ConversationStore, MAX_TURNS } from '../../src/server/conversations.js';
import type { Answer } from '../../src/types.js';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'policy-conversations-'));
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function answer(text: string): Answer {
  return { question: text, resolvedQuestion: text, answer: `答：${text}`, answered: true, confidence: 1, intent: 'general', citations: [], related: [], latencyMs: 1 };
}

describe('ConversationStore', () => {
  it('keeps every turn of concurrent writes, in order, and lists conversations newest first', async () => {
    const store = new ConversationStore(dataDir);
    const turns = await Promise.all(Array.from({ length: 30 }, (_, i) => store.addTurn('c1', `问题${i}`, answer(`问题${i}`))));
    expect(turns).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await store.addTurn('c2', '第二个对话', answer('第二个对话'));
    const reopened = new ConversationStore(dataDir);
    expect((await reopened.get('c1'))!.turns.map((t) => t.question)).toEqual(Array.from({ length: 30 }, (_, i) => `问题${i}`));
    expect((await reopened.list()).map((c) => [c.id, c.turns])).toEqual([['c2', 1], ['c1', 30]]);
  });

  it('leaves a broken file alone and out of the list', async () => {
    mkdirSync(path.join(dataDir, 'conversations'), { recursive: true });
    const broken = path.join(dataDir, 'conversations', 'broken.json');
    writeFileSync(broken, '{"id": "broken", "turns": [');
    const store = new ConversationStore(dataDir);
    await store.addTurn('fine', '问题', answer('问题'));
    expect((await store.list()).map((c) => c.id)).toEqual(['fine']);
    expect(readFileSync(broken, 'utf8')).toBe('{"id": "broken", "turns": [');
  });

  it('never turns an odd id into a file name', async () => {
    const store = new ConversationStore(dataDir);
    expect(await store.get('../../etc/passwd')).toBeUndefined();
    await expect(store.addTurn('../escape', '问题', answer('问题'))).rejects.toThrow(/invalid conversation id/);
  });

  it('refuses a turn beyond the most a conversation holds', async () => {
    const store = new ConversationStore(dataDir);
    for (let i = 0; i < MAX_TURNS; i++) await store.addTurn('long', `问题${i}`, answer('短'));
    await expect(store.addTurn('long', '再问一个', answer('短'))).rejects.toBeInstanceOf(ConversationFullError);
    expect((await store.get('long'))!.turns).toHaveLength(MAX_TURNS);
  });
});
