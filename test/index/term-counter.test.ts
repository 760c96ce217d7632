import { describe, expect, it } from 'vitest';
import { TermCounter } from '../../src/index/term-counter.js';
import { tokenize } from '../../src/text/tokenize.js';
import { seedSources } from '../seeds.js';

/** (term, count) pairs of `pairs` under the counter's numbering `terms`, as a Map. */
function decode(pairs: Uint32Array, terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < pairs.length; i += 2) {
    if (counts.has(terms[pairs[i]!]!)) throw new Error(`term ${pairs[i]} counted twice`);
    counts.set(terms[pairs[i]!]!, pairs[i + 1]!);
  }
  return counts;
}

function tally(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

describe('TermCounter', () => {
  const paragraphs = seedSources()
    .flatMap((source) => source.text.split(/\n\s*\n/))
    .filter((p) => p.trim() !== '')
    .slice(0, 60);

  it('counts the tokens of tokenize, text by text in a batch, terms in order of first appearance, numbered once across texts', () => {
    const counter = new TermCounter();
    const terms: string[] = [];
    // Batches of 1 to 6 texts, one with a text that has no tokens at all in its middle.
    const batches: string[][] = [];
    for (let at = 0, size = 1; at < paragraphs.length; at += size, size = (size % 6) + 1) batches.push(paragraphs.slice(at, at + size));
    batches[3]!.splice(1, 0, '，。');
    for (const batch of batches) {
      const listed = batch.map((): string[] => []);
      const counts = counter.countEach(batch, listed);
      // Terms first met in this batch come numbered in order, after every term met before.
      const fresh = counter.takeFresh();
      terms.push(...fresh);
      expect(counts).toHaveLength(batch.length);
      for (const [i, text] of batch.entries()) {
        const tokens = tokenize(text);
        // Compared as JSON: deep equality of thousands of items is slow to check.
        expect(JSON.stringify(listed[i])).toBe(JSON.stringify(tokens));
        expect(JSON.stringify([...decode(counts[i]!, terms)])).toBe(JSON.stringify([...tally(tokens)]));
      }
      expect(new Set(fresh).size).toBe(fresh.length);
    }
    expect(counter.takeFresh()).toEqual([]);
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('keeps its own numbering when another counter numbered the same cached words first', () => {
    const first = new TermCounter();
    first.countEach(['发展新质生产力，推动企业数字化转型']);
    const second = new TermCounter();
    // A different first text, so the two numberings of 企业 differ.
    second.countEach(['人工智能']);
    const terms = second.takeFresh();
    const [pairs] = second.countEach(['发展新质生产力，推动企业数字化转型']);
    terms.push(...second.takeFresh());
    expect(decode(pairs!, terms)).toEqual(tally(tokenize('发展新质生产力，推动企业数字化转型')));
  });

  it('gives an empty text no pairs', () => {
    expect(new TermCounter().countEach(['，。'])).toEqual([new Uint32Array(0)]);
  });
});
