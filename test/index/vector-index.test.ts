import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/index/vector-index.js';

const hnsw = { m: 16, efConstruction: 100, efSearch: 64 };
const dims = 16;

/** Deterministic pseudo-random unit vectors (mulberry32). */
function randomVectors(count: number, seed = 1): Float32Array[] {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dims }, next);
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vector-index-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('VectorIndex', () => {
  it('finds the nearest neighbour with cosine scores', () => {
    const vectors = randomVectors(200);
    const index = VectorIndex.create(dims, hnsw, 256);
    vectors.forEach((v, label) => index.add(label, v));
    const hits = index.search(vectors[42]!, 5);
    expect(hits[0]?.label).toBe(42);
    expect(hits[0]?.score).toBeCloseTo(1, 5);
    expect(hits).toHaveLength(5);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('returns [] on an empty index and at most the live count', () => {
    const index = VectorIndex.create(dims, hnsw, 4);
    expect(index.search(randomVectors(1)[0]!, 10)).toEqual([]);
    const [a, b] = randomVectors(2);
    index.add(1, a!);
    index.add(2, b!);
    expect(index.search(a!, 100).map((h) => h.label).sort()).toEqual([1, 2]);
    index.remove(1);
    index.remove(2);
    expect(index.size).toBe(0);
    expect(index.search(a!, 10)).toEqual([]);
  });

  it('remove() hides a label, ignores unknown ones, and the label can come back', () => {
    const vectors = randomVectors(50);
    const index = VectorIndex.create(dims, hnsw, 64);
    vectors.forEach((v, label) => index.add(label, v));
    index.remove(7);
    index.remove(7);
    index.remove(999);
    expect(index.size).toBe(49);
    expect(index.search(vectors[7]!, 49).map((h) => h.label)).not.toContain(7);

    index.add(7, vectors[7]!);
    expect(index.size).toBe(50);
    expect(index.search(vectors[7]!, 1)[0]?.label).toBe(7);
  });

  it('reuses deleted slots for new labels', () => {
    const vectors = randomVectors(40);
    const index = VectorIndex.create(dims, hnsw, 20);
    for (let label = 0; label < 20; label++) index.add(label, vectors[label]!);
    for (let label = 0; label < 10; label++) index.remove(label);
    for (let label = 20; label < 30; label++) index.add(label, vectors[label]!);
    expect(index.size).toBe(20);
    // An evicted label (its slot went to a new one) can still be added back.
    for (let label = 0; label < 10; label++) index.add(label, vectors[label]!);
    expect(index.size).toBe(30);
    for (const label of [0, 5, 15, 25]) expect(index.search(vectors[label]!, 1)[0]?.label).toBe(label);
    expect(new Set(index.search(vectors[0]!, 30).map((h) => h.label)).size).toBe(30);
  });

  it('replaces the vector of a label added twice', () => {
    const [a, b] = randomVectors(2);
    const index = VectorIndex.create(dims, hnsw, 4);
    index.add(1, a!);
    index.add(1, b!);
    expect(index.size).toBe(1);
    expect(index.search(b!, 1)[0]?.score).toBeCloseTo(1, 5);
  });

  it('grows beyond its initial capacity', () => {
    const vectors = randomVectors(500, 3);
    const index = VectorIndex.create(dims, hnsw, 10);
    vectors.forEach((v, label) => index.add(label, v));
    expect(index.size).toBe(500);
    expect(index.search(vectors[499]!, 1)[0]?.label).toBe(499);
  });

  it('rejects vectors of the wrong length', () => {
    const index = VectorIndex.create(dims, hnsw, 4);
    expect(() => index.add(1, new Float32Array(dims + 1))).toThrow(RangeError);
  });

  it('saves and loads, keeping removals and the live count', async () => {
    const vectors = randomVectors(300, 5);
    const index = VectorIndex.create(dims, hnsw, 100);
    vectors.forEach((v, label) => index.add(label, v));
    index.remove(10);
    index.remove(11);
    const file = path.join(dir, 'sub', 'vectors.hnsw');
    await index.save(file);

    const loaded = await VectorIndex.load(file, dims, hnsw);
    expect(loaded.size).toBe(298);
    expect(loaded.has(10)).toBe(false);
    for (const label of [0, 123, 299]) expect(loaded.search(vectors[label]!, 3)).toEqual(index.search(vectors[label]!, 3));

    loaded.add(10, vectors[10]!);
    loaded.add(1000, vectors[11]!);
    expect(loaded.size).toBe(300);
    expect(loaded.search(vectors[10]!, 1)[0]?.label).toBe(10);
    expect(loaded.search(vectors[11]!, 1)[0]?.label).toBe(1000);
  });

  it('refuses a file of another dimension or a non-index file with INDEX_CORRUPT', async () => {
    const index = VectorIndex.create(dims, hnsw, 4);
    index.add(0, randomVectors(1)[0]!);
    const file = path.join(dir, 'small.hnsw');
    await index.save(file);
    await expect(VectorIndex.load(file, dims * 2, hnsw)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });

    const junk = path.join(dir, 'junk.hnsw');
    await writeFile(junk, 'definitely not an index');
    await expect(VectorIndex.load(junk, dims, hnsw)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    await expect(VectorIndex.load(path.join(dir, 'missing.hnsw'), dims, hnsw)).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
    });
  });
});
