import { describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/index/embed/embedder.js';
import { HashEmbedder } from '../../src/index/embed/hash-embedder.js';

const ethics = '为规范人工智能科技伦理审查工作，防范科技伦理风险，制定人工智能科技伦理审查办法。';
const ethicsParaphrase = '开展人工智能领域科技伦理审查，应当评估算法和数据带来的伦理风险。';
const services = '推动服务业扩能提质，扩大服务消费，促进生活性服务业高品质发展。';

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

describe('HashEmbedder', () => {
  const embedder = new HashEmbedder({ dimensions: 256 });

  it('is deterministic and has the configured dimension', async () => {
    const [a, b] = await embedder.embed([ethics, ethics]);
    const [c] = await new HashEmbedder({ dimensions: 256 }).embed([ethics]);
    expect(a).toHaveLength(256);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(Array.from(a!)).toEqual(Array.from(c!));
  });

  it('returns unit vectors, and the zero vector for a text without features', async () => {
    const [a, b, empty] = await embedder.embed([ethics, 'AI 2025 GDP增长3.5%', '，。！']);
    expect(norm(a!)).toBeCloseTo(1, 5);
    expect(norm(b!)).toBeCloseTo(1, 5);
    expect(Array.from(empty!).every((x) => x === 0)).toBe(true);
  });

  it('puts a paraphrase closer than an unrelated policy sentence', async () => {
    const [a, paraphrase, unrelated] = await embedder.embed([ethics, ethicsParaphrase, services]);
    expect(cosine(a!, paraphrase!)).toBeGreaterThan(cosine(a!, unrelated!) + 0.2);
  });

  it('folds full-width and upper-case Latin and digits', () => {
    expect(Array.from(embedder.embedOne('ＡＩ　２０２５年'))).toEqual(Array.from(embedder.embedOne('ai 2025年')));
  });

  it('uses segmenter words when given, and says so in its id', () => {
    const words = new HashEmbedder({ dimensions: 256, segmentWords: () => ['科技伦理审查', '人工智能'] });
    expect(words.id).not.toBe(embedder.id);
    expect(Array.from(words.embedOne(ethics))).not.toEqual(Array.from(embedder.embedOne(ethics)));
  });

  it('has an id that changes with the dimensions', () => {
    expect(embedder.id).toBe('hash-ngram-v2/256');
    expect(new HashEmbedder({ dimensions: 512 }).id).toBe('hash-ngram-v2/512');
  });

  it('is what createEmbedder returns for the hash provider', () => {
    const created = createEmbedder({ provider: 'hash', model: 'hash-ngram', dimensions: 128, batchSize: 64 });
    expect(created.id).toBe('hash-ngram-v2/128');
    expect(created.dimensions).toBe(128);
  });
});
