import { describe, expect, it } from 'vitest';
import { Bm25Index, bm25Idf, bm25TermScore } from '../../src/index/bm25.js';

const params = { k1: 1.2, b: 0.75 };

/** Token arrays as a jieba search tokenizer would produce them (stop words already gone). */
const docs: Array<[number, string[]]> = [
  [0, ['人工智能', '科技', '伦理', '审查', '办法', '试行', '伦理', '审查', '委员会']],
  [1, ['服务业', '扩能', '提质', '行动', '方案', '服务', '消费', '发展']],
  [2, ['人工智能', '制造', '发展', '行动', '方案', '推动', '产业', '发展']],
  [3, ['数据', '安全', '管理', '办法', '发展', '安全']],
  [4, ['科技', '创新', '发展', '政策', '措施', '支持', '企业', '研发', '投入', '发展', '科技', '成果', '转化']],
];

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Reference ranking straight from the formula: every document scored, terms summed rarest first
 * (the index's order, so that floating-point sums agree to the last bit), ties by label.
 */
function exhaustive(corpus: Map<number, string[]>, query: string[]) {
  const n = corpus.size;
  const avg = [...corpus.values()].reduce((sum, t) => sum + t.length, 0) / n;
  const df = (term: string) => [...corpus.values()].filter((t) => t.includes(term)).length;
  const terms = [...new Set(query)].map((term) => ({ term, df: df(term) })).filter((t) => t.df > 0);
  terms.sort((a, b) => a.df - b.df);
  const hits: Array<{ label: number; score: number }> = [];
  for (const [label, tokens] of corpus) {
    let score = 0;
    let matched = false;
    for (const { term, df: f } of terms) {
      const tf = tokens.filter((t) => t === term).length;
      if (tf === 0) continue;
      matched = true;
      score = score + bm25TermScore(tf, tokens.length, avg, bm25Idf(n, f), params);
    }
    if (matched) hits.push({ label, score });
  }
  return hits.sort((a, b) => b.score - a.score || a.label - b.label);
}

function build(): Bm25Index {
  const index = new Bm25Index(params);
  for (const [label, tokens] of docs) index.add(label, tokens);
  return index;
}

describe('bm25 scoring functions', () => {
  it('idf is positive and decreases with document frequency', () => {
    expect(bm25Idf(10, 10)).toBeGreaterThan(0);
    expect(bm25Idf(10, 1)).toBeGreaterThan(bm25Idf(10, 5));
    expect(bm25Idf(10, 1)).toBeCloseTo(Math.log(1 + 9.5 / 1.5));
  });

  it('term score saturates in tf and penalises long documents', () => {
    const idf = 1;
    expect(bm25TermScore(2, 10, 10, idf, params)).toBeGreaterThan(bm25TermScore(1, 10, 10, idf, params));
    expect(bm25TermScore(100, 10, 10, idf, params)).toBeLessThan(idf * (params.k1 + 1));
    expect(bm25TermScore(1, 20, 10, idf, params)).toBeLessThan(bm25TermScore(1, 5, 10, idf, params));
    expect(bm25TermScore(1, 20, 10, idf, { k1: 1.2, b: 0 })).toBeCloseTo(bm25TermScore(1, 5, 10, idf, { k1: 1.2, b: 0 }));
  });
});

describe('Bm25Index', () => {
  it('ranks the document with the rare matching terms first', () => {
    const hits = build().search(['人工智能', '伦理', '发展'], 5);
    expect(hits[0]?.label).toBe(0);
    expect(hits.map((h) => h.label)).toContain(2);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('matches the BM25 formula exactly', () => {
    const index = build();
    const [hit] = index.search(['审查'], 1);
    const avg = docs.reduce((sum, [, t]) => sum + t.length, 0) / docs.length;
    expect(hit?.label).toBe(0);
    expect(hit?.score).toBeCloseTo(bm25TermScore(2, 9, avg, bm25Idf(5, 1), params), 10);
  });

  it('scales a token by its weight, and drops one weighted 0', () => {
    const index = build();
    const [plain] = index.search(['审查'], 1);
    const [half] = index.search(['审查'], 1, new Map([['审查', 0.5]]));
    expect(half?.label).toBe(0);
    expect(half!.score).toBeCloseTo(plain!.score / 2, 10);
    expect(index.search(['伦理', '审查'], 5, new Map([['伦理', 0], ['审查', 0]]))).toEqual([]);
  });

  it('counts a repeated query token once', () => {
    const index = build();
    expect(index.search(['伦理', '伦理', '伦理'], 3)).toEqual(index.search(['伦理'], 3));
  });

  it('returns [] for an empty query, unknown tokens, an empty index or limit 0', () => {
    const index = build();
    expect(index.search([], 5)).toEqual([]);
    expect(index.search(['不存在的词'], 5)).toEqual([]);
    expect(index.search(['科技'], 0)).toEqual([]);
    expect(index.search(['科技'], Number.NaN)).toEqual([]);
    expect(index.search(['科技'], Number.POSITIVE_INFINITY).map((h) => h.label)).toEqual([4, 0]);
    expect(new Bm25Index(params).search(['科技'], 5)).toEqual([]);
  });

  it('searches only the passages a scope allows, however low they rank among all', () => {
    const index = new Bm25Index(params);
    // 3,000 passages say 审查 often; the one in scope says it once, in a long text.
    for (let label = 0; label < 3000; label++) index.add(label, ['审查', '审查', '审查', `词${label}`]);
    index.add(5000, ['审查', ...Array.from({ length: 40 }, (_, i) => `填充${i}`)]);
    const allows = (label: number) => label === 5000 || label === 7;
    expect(index.search(['审查'], 60).map((h) => h.label)).not.toContain(5000);
    const scoped = index.search(['审查', '词7'], 10, undefined, { allows });
    expect(scoped.map((h) => h.label)).toEqual([7, 5000]);
    // The same scores as unscoped: the scope chooses passages, it does not rescore them.
    expect(scoped[1]!.score).toBeCloseTo(index.search(['审查', '词7'], 5001).find((h) => h.label === 5000)!.score, 10);
  });

  it('gives the first passages in scope, as a full search then filtered would, also once pruning starts', () => {
    const index = new Bm25Index(params);
    const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const next = random(7);
    const words = ['审查', '伦理', '科技', '委员会', '办法', '通知', '数据', '安全'];
    for (let label = 0; label < 3000; label++) index.add(label, Array.from({ length: 3 + Math.floor(next() * 12) }, () => words[Math.floor(next() * words.length)]!));
    const allows = (label: number) => label % 3 === 0;
    const query = ['审查', '伦理', '科技', '数据'];
    const expected = index.search(query, 3000).filter((hit) => allows(hit.label)).slice(0, 5);
    expect(index.search(query, 5, undefined, { allows })).toEqual(expected);
    // A few passages listed are scored directly, with the same scores.
    const labels = [2999, 12, 300, 301, 1500, 12];
    const listed = index.search(query, 3, undefined, { allows: () => true, labels });
    expect(listed).toEqual(index.search(query, 3000).filter((hit) => labels.includes(hit.label)).slice(0, 3));
  });

  it('respects the limit and breaks ties by label', () => {
    const index = new Bm25Index(params);
    for (let label = 9; label >= 0; label--) index.add(label, ['同一', '文本']);
    expect(index.search(['文本'], 3).map((h) => h.label)).toEqual([0, 1, 2]);
  });

  it('remove() takes a document out of results, df and average length', () => {
    const index = build();
    index.remove(0);
    expect(index.size).toBe(4);
    expect(index.search(['伦理', '审查'], 5)).toEqual([]);

    // After removal the index must score exactly like one that never had the document.
    const fresh = new Bm25Index(params);
    for (const [label, tokens] of docs.slice(1)) fresh.add(label, tokens);
    expect(index.search(['人工智能', '发展', '科技'], 5)).toEqual(fresh.search(['人工智能', '发展', '科技'], 5));

    index.remove(0);
    index.remove(12345);
    expect(index.size).toBe(4);
  });

  it('re-adding a label replaces the document', () => {
    const index = build();
    index.add(0, ['数据', '出境']);
    expect(index.size).toBe(5);
    expect(index.search(['伦理'], 5)).toEqual([]);
    expect(index.search(['出境'], 5).map((h) => h.label)).toEqual([0]);
  });

  it('keeps postings ordered when labels arrive out of order', () => {
    const index = new Bm25Index(params);
    for (const label of [5, 1, 9, 3, 7]) index.add(label, ['共同', `独有${label}`]);
    index.remove(3);
    expect(index.search(['共同'], 10).map((h) => h.label)).toEqual([1, 5, 7, 9]);
    expect(index.search(['独有9'], 10).map((h) => h.label)).toEqual([9]);
  });

  it('serialize/deserialize round-trips with identical scores and stays editable', () => {
    const index = build();
    index.remove(3);
    index.add(7, []);
    const copy = Bm25Index.deserialize(index.serialize(), params);
    expect(copy.size).toBe(index.size);
    for (const query of [['人工智能', '发展'], ['科技', '伦理', '审查'], ['安全'], ['服务业', '消费']]) {
      expect(copy.search(query, 10)).toEqual(index.search(query, 10));
    }

    copy.remove(0);
    copy.add(8, ['伦理', '审查', '指南']);
    index.remove(0);
    index.add(8, ['伦理', '审查', '指南']);
    expect(copy.search(['伦理', '审查', '发展'], 10)).toEqual(index.search(['伦理', '审查', '发展'], 10));
  });

  it('writes terms in UTF-16 code-unit order, the order a loaded index bisects', () => {
    const index = new Bm25Index(params);
    // Code-unit order differs from code-point order (𠀀 is a surrogate pair, below ｆ) and from locale order.
    index.add(0, ['ｆ', '𠀀', 'B', 'a', '企业']);
    const bytes = index.serialize();
    const loaded = Bm25Index.deserialize(bytes, params);
    expect(loaded.serialize().equals(bytes)).toBe(true);
    for (const term of ['ｆ', '𠀀', 'B', 'a', '企业']) expect(loaded.search([term], 1).map((hit) => hit.label)).toEqual([0]);
    loaded.add(1, ['Ā', '𠀀']);
    index.add(1, ['Ā', '𠀀']);
    expect(loaded.serialize().equals(index.serialize())).toBe(true);
  });

  it('deserializes from an unaligned buffer', () => {
    const bytes = build().serialize();
    const unaligned = Buffer.alloc(bytes.length + 1).subarray(1);
    bytes.copy(unaligned);
    expect(Bm25Index.deserialize(unaligned, params).search(['伦理'], 3)).toEqual(build().search(['伦理'], 3));
  });

  it('rejects corrupt data with INDEX_CORRUPT', () => {
    const bytes = build().serialize();
    expect(() => Bm25Index.deserialize(bytes.subarray(0, bytes.length - 8), params)).toThrow(
      expect.objectContaining({ code: 'INDEX_CORRUPT' }),
    );
    expect(() => Bm25Index.deserialize(Buffer.from('not an index'), params)).toThrow(
      expect.objectContaining({ code: 'INDEX_CORRUPT' }),
    );
  });

  it('matches exhaustive BM25 on a random corpus, also after edits and a round trip', () => {
    const random = mulberry32(9);
    // Zipf-like vocabulary: a few terms in most documents, many rare ones, as in real text.
    const vocab = Array.from({ length: 400 }, (_, i) => `词${i}`);
    const pick = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(random() * Math.log(vocab.length + 1)) - 1))]!;
    const corpus = new Map<number, string[]>();
    const index = new Bm25Index(params);
    for (let label = 0; label < 3000; label++) {
      const tokens = Array.from({ length: 5 + Math.floor(random() * 60) }, pick);
      corpus.set(label, tokens);
      index.add(label, tokens);
    }
    const queries = Array.from({ length: 60 }, () => Array.from({ length: 1 + Math.floor(random() * 6) }, pick));
    const check = (ix: Bm25Index) => {
      for (const query of queries) {
        const expected = exhaustive(corpus, query);
        for (const limit of [1, 3, 10, 50]) expect(ix.search(query, limit)).toEqual(expected.slice(0, limit));
      }
    };
    check(index);

    for (let label = 0; label < 3000; label += 7) {
      index.remove(label);
      corpus.delete(label);
    }
    for (let label = 2990; label < 3100; label++) {
      const tokens = Array.from({ length: 20 }, pick);
      corpus.set(label, tokens);
      index.add(label, tokens);
    }
    check(index);

    const loaded = Bm25Index.deserialize(index.serialize(), params);
    check(loaded);
    const dropped = [...corpus.keys()].filter((label) => label % 5 === 2);
    loaded.removeMany([...dropped, 99999, dropped[0]!]);
    for (const label of dropped) corpus.delete(label);
    expect(loaded.size).toBe(corpus.size);
    check(loaded);
    for (let label = 1; label < 3000; label += 11) {
      loaded.remove(label);
      corpus.delete(label);
    }
    for (let label = 5000; label > 4900; label--) {
      const tokens = Array.from({ length: 30 }, pick);
      corpus.set(label, tokens);
      loaded.add(label, tokens);
    }
    check(loaded);
  });

  it('gives the same index whether postings go into the pool one by one or all at once, labels in any order', () => {
    const random = mulberry32(7);
    const vocabulary = Array.from({ length: 60 }, (_, i) => `t${i}`);
    const texts = Array.from({ length: 400 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 30) }, () => vocabulary[Math.floor(random() * random() * 60)]!),
    );
    const labels = texts.map((_, i) => i * 3);
    for (let i = labels.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [labels[i], labels[j]] = [labels[j]!, labels[i]!];
    }
    // A search after every add takes each document's postings in at once (one by one, in label
    // order within their terms); without, they all wait and the pool is built in one pass.
    const eager = new Bm25Index(params);
    const lazy = new Bm25Index(params);
    for (const [i, label] of labels.entries()) {
      eager.add(label, texts[i]!);
      eager.search(['t0'], 1);
      lazy.add(label, texts[i]!);
    }
    expect(lazy.serialize().equals(eager.serialize())).toBe(true);
    // Then edits on both, and a few more documents, some below labels already there.
    for (const index of [eager, lazy]) {
      index.removeMany(labels.slice(0, 50));
      index.remove(labels[60]!);
      index.add(labels[61]!, ['t1', 't2', 't2']);
      for (let k = 0; k < 20; k++) index.add(1 + 3 * k, texts[k]!);
    }
    expect(lazy.serialize().equals(eager.serialize())).toBe(true);
    expect(lazy.search(['t3', 't5', 't1'], 10)).toEqual(eager.search(['t3', 't5', 't1'], 10));
    expect(Bm25Index.deserialize(lazy.serialize(), params).search(['t2'], 5)).toEqual(eager.search(['t2'], 5));
    // Saved in parts (a term's postings cut across them), the bytes are the same.
    const parts = [...lazy.serializedParts(5)];
    expect(parts.length).toBeGreaterThan(10);
    expect(Buffer.concat(parts).equals(eager.serialize())).toBe(true);
  });

  it('addCounts() gives the index add() gives, byte for byte, whatever order the counts come in', () => {
    const byTokens = new Bm25Index(params);
    const byCounts = new Bm25Index(params);
    // Terms numbered in another order than add() would number them.
    for (const term of ['发展', '科技', ...new Set(docs.flatMap(([, tokens]) => tokens))].reverse()) byCounts.termId(term);
    for (const [label, tokens] of docs) {
      byTokens.add(label, tokens);
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      byCounts.addCounts(label, [...counts].reverse().flatMap(([term, tf]) => [byCounts.termId(term), tf]));
    }
    expect(byCounts.serialize().equals(byTokens.serialize())).toBe(true);
    byTokens.remove(4);
    byCounts.remove(4);
    byCounts.addCounts(1, [byCounts.termId('服务'), 3]);
    byTokens.add(1, ['服务', '服务', '服务']);
    expect(byCounts.serialize().equals(byTokens.serialize())).toBe(true);
    expect(byCounts.search(['服务'], 5)).toEqual(byTokens.search(['服务'], 5));
  });

  it('addCounts() rejects a repeated or unknown term and a zero count, changing nothing', () => {
    const index = new Bm25Index(params);
    const a = index.termId('企业');
    const b = index.termId('支持');
    index.addCounts(0, [a, 1]);
    const before = index.serialize();
    expect(() => index.addCounts(1, [a, 1, b, 2, a, 1])).toThrow(/given twice/);
    expect(() => index.addCounts(1, [a, 1, 99, 1])).toThrow(RangeError);
    expect(() => index.addCounts(1, [a, 0])).toThrow(RangeError);
    expect(() => index.addCounts(1, [a])).toThrow(RangeError);
    expect(index.serialize().equals(before)).toBe(true);
    // The scratch counts were reset: a valid add still counts from zero.
    index.addCounts(1, [a, 2, b, 1]);
    const reference = new Bm25Index(params);
    reference.add(0, ['企业']);
    reference.add(1, ['企业', '支持', '企业']);
    expect(index.serialize().equals(reference.serialize())).toBe(true);
  });

  it('rejects invalid labels', () => {
    expect(() => new Bm25Index(params).add(-1, ['a'])).toThrow(RangeError);
    expect(() => new Bm25Index(params).add(1.5, ['a'])).toThrow(RangeError);
  });

  it("gives each document's terms and each term's document count, from which a copy ranks alike (what Postgres is sent)", () => {
    const index = new Bm25Index(params);
    for (const [label, tokens] of docs) index.add(label, tokens);
    index.remove(1);
    const listed = [...index.documentTerms()];
    expect(listed.map((d) => d.label)).toEqual([0, 2, 3, 4]);
    expect(listed[0]!.terms.sort()).toEqual([...docs[0]![1]].sort());
    const copy = new Bm25Index(params);
    for (const { label, terms } of listed) copy.add(label, terms);
    for (const query of [['人工智能', '发展'], ['伦理', '审查'], ['科技', '服务']]) expect(copy.search(query, 5)).toEqual(index.search(query, 5));
    const frequencies = new Map(index.documentFrequencies());
    expect(frequencies.get('发展')).toBe(3);
    expect(frequencies.has('服务业')).toBe(false);
    expect(index.idfs(['发展', '服务业'])).toEqual(new Map([['发展', bm25Idf(4, 3)], ['服务业', bm25Idf(4, 0)]]));
  });
});
