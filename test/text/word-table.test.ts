import { readdirSync, readFileSync } from 'node:fs';
import nodejieba from 'nodejieba';
import { describe, expect, it } from 'vitest';
import { WordTable } from '../../src/text/word-table.js';

const corpus = new URL('../../corpus/', import.meta.url);

describe('WordTable', () => {
  it('finds every word of the seed corpus as a Map does, across its growth, and forgets them when cleared', () => {
    const words = readdirSync(corpus).flatMap((file) => nodejieba.cut(readFileSync(new URL(file, corpus), 'utf8'), true));
    const table = new WordTable<number>();
    const map = new Map<string, number>();
    for (const word of words) {
      // A new string for each occurrence, as jieba returns them.
      const fresh = ` ${word}`.slice(1);
      expect(table.get(fresh)).toBe(map.get(word));
      if (!map.has(word)) {
        map.set(word, map.size);
        table.add(fresh, map.size - 1);
      }
    }
    expect(map.size).toBeGreaterThan(4000);
    expect(table.size).toBe(map.size);
    for (const [word, n] of map) expect(table.get(word)).toBe(n);
    expect(table.get('语料里没有的词')).toBeUndefined();
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(words[0]!)).toBeUndefined();
  });
});
