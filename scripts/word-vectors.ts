/**
 * Reads the quantised word vectors scripts/train-word-vectors.ts writes (.wv), and what the
 * experiments do with them: nearest neighbours of a word, and IDF-weighted text vectors.
 */
import { readFileSync } from 'node:fs';

export class WordVectors {
  readonly dim: number;
  readonly words: string[];
  private readonly ids = new Map<string, number>();
  /** Unit vectors, word i at [i·dim, (i+1)·dim). */
  readonly vectors: Float32Array;
  private readonly neighbourCache = new Map<string, Array<[string, number]>>();

  constructor(file: string) {
    const bytes = readFileSync(file);
    const headerEnd = bytes.indexOf(10);
    const header = JSON.parse(bytes.subarray(0, headerEnd).toString('utf8')) as { format: string; dim: number; words: number };
    if (header.format !== 'wv-int8-v1') throw new Error(`${file}: not a wv-int8-v1 file`);
    this.dim = header.dim;
    let at = headerEnd + 1;
    this.words = [];
    for (let i = 0; i < header.words; i++) {
      const end = bytes.indexOf(10, at);
      this.words.push(bytes.subarray(at, end).toString('utf8'));
      at = end + 1;
    }
    this.words.forEach((word, i) => this.ids.set(word, i));
    const scales = new Float32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + 4 * header.words));
    at += 4 * header.words;
    const values = new Int8Array(bytes.buffer, bytes.byteOffset + at, header.words * header.dim);
    this.vectors = new Float32Array(header.words * header.dim);
    for (let i = 0; i < header.words; i++) {
      let norm = 0;
      for (let d = 0; d < this.dim; d++) norm += (values[i * this.dim + d]! * scales[i]!) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < this.dim; d++) this.vectors[i * this.dim + d] = (values[i * this.dim + d]! * scales[i]!) / norm;
    }
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** The word's unit vector, or undefined outside the vocabulary. */
  vector(word: string): Float32Array | undefined {
    const id = this.ids.get(word);
    return id === undefined ? undefined : this.vectors.subarray(id * this.dim, (id + 1) * this.dim);
  }

  /** The `k` words nearest `word` (cosine), best first; [] outside the vocabulary. */
  neighbours(word: string, k = 10): Array<[string, number]> {
    const cached = this.neighbourCache.get(word);
    if (cached && cached.length >= k) return cached.slice(0, k);
    const v = this.vector(word);
    if (!v) return [];
    const best: Array<[string, number]> = [];
    const { dim, vectors } = this;
    for (let i = 0; i < this.words.length; i++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += v[d]! * vectors[i * dim + d]!;
      if (best.length < k + 1 || dot > best[best.length - 1]![1]) {
        best.push([this.words[i]!, dot]);
        best.sort((a, b) => b[1] - a[1]);
        if (best.length > k + 1) best.pop();
      }
    }
    const list = best.filter(([w]) => w !== word).slice(0, k);
    this.neighbourCache.set(word, list);
    return list;
  }

  /** Weighted average of the words' vectors, unit length; undefined when no word is known. */
  textVector(words: readonly string[], weight: (word: string) => number): Float32Array | undefined {
    const sum = new Float32Array(this.dim);
    let any = false;
    for (const word of words) {
      const v = this.vector(word);
      if (!v) continue;
      const w = weight(word);
      for (let d = 0; d < this.dim; d++) sum[d]! += w * v[d]!;
      any = true;
    }
    if (!any) return undefined;
    const norm = Math.hypot(...sum) || 1;
    for (let d = 0; d < this.dim; d++) sum[d]! /= norm;
    return sum;
  }
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let d = 0; d < a.length; d++) dot += a[d]! * b[d]!;
  return dot;
}
