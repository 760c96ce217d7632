/**
 * Do word vectors trained on one corpus (scripts/train-word-vectors.ts) raise retrieval recall on
 * others? recall@1/5/20 and MRR of "a gold answer string stands in the passage", per corpus of a
 * suite file, as in scripts/ablate-retrieval.ts, for the retrieval as configured and for two uses
 * of each vectors file:
 *
 *  - soft match: each of the question's words adds its nearest neighbours (cosine ≥ t, at most k)
 *    as BM25 expansions of weight w (营收 ~ 营业收入);
 *  - rerank: the first 100 passages of the search reranked by the cosine of IDF-weighted average
 *    word vectors of question and passage (IDF from the index's BM25), fused with the search's
 *    order by reciprocal rank, the cosine's ranks weighing w.
 *
 *   npx tsx scripts/ablate-word-vectors.ts --vectors data/vectors/laws.wv,data/vectors/news.wv
 *       [--suite eval/suites.json] [--only laws,news] [--part tuning] [--sample 600]
 *       [--variants soft,rerank,leg] [--leg-weights 0.05,0.1,0.2,0.3]
 */
import path from 'node:path';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig } from '../src/config.js';
import { answerRank, RECALL_DEPTH } from '../src/eval/score.js';
import { itemSearches } from '../src/eval/search.js';
import { answerableItems, corpusFolder, readSuites } from '../src/eval/suite.js';
import { analyzeQuery, type AnalyzedQuery } from '../src/retrieve/query.js';
import { Retriever } from '../src/retrieve/retriever.js';
import { tokenizeMarked, visitTokens } from '../src/text/tokenize.js';
import type { PolicyIndex } from '../src/index/store.js';
import { Bm25Index } from '../src/index/bm25.js';
import type { Hit } from '../src/types.js';
import { cosine, WordVectors } from './word-vectors.js';
import { flag, suiteFlags } from './flags.js';

const { part, sampleSize, only } = suiteFlags();
const kinds = flag('variants', 'soft,rerank,leg').split(',');
const vectorFiles = flag('vectors', 'data/vectors/laws.wv,data/vectors/news.wv').split(',');
const RERANK_DEPTH = Number(flag('depth', '100'));
const RRF_K = 60;
/** Weights of the third leg (1000: the word vectors alone, nearly). */
const legWeights = flag('leg-weights', '0.05,0.1,0.2,0.3').split(',').map(Number);

const vectorSets = vectorFiles.map((file) => ({ name: path.basename(file, '.wv'), vectors: new WordVectors(file) }));

/** The index's words of a text, sub-word expansions and stop words left out (as trained). */
function words(text: string): string[] {
  const out: string[] = [];
  visitTokens(text, (tokens) => {
    if (tokens.length > 0) out.push(tokens[0]!);
  });
  return out;
}

/** Words worth expanding: Chinese, two characters or more, no digits. */
const EXPANDABLE = /^[\u4e00-\u9fff]{2,}$/;

function softMatch(query: AnalyzedQuery, wv: WordVectors, threshold: number, k: number, weight: number): AnalyzedQuery {
  const own = new Set(query.tokens);
  const expansions = [...query.expansions];
  const weights = new Map(query.weights);
  const marked = tokenizeMarked(query.question);
  for (const token of marked.tokens) {
    if (marked.expansions.has(token) || !EXPANDABLE.test(token)) continue;
    for (const [neighbour, similarity] of wv.neighbours(token, k)) {
      if (similarity < threshold || own.has(neighbour) || weights.has(neighbour) || expansions.includes(neighbour)) continue;
      expansions.push(neighbour);
      weights.set(neighbour, weight);
    }
  }
  return { ...query, expansions, weights };
}

type Variant = { name: string; run: (retriever: Retriever, question: string) => Promise<Hit[]> };

for (const suite of (await readSuites(flag('suite', 'eval/suites.json'))).filter((s) => !only || only.includes(s.name))) {
  const items = await answerableItems(suite, part, sampleSize);
  const config = loadConfig({ indexDir: suite.index, corpusDir: await corpusFolder(suite, path.resolve('data/corpora')) });
  const assistant = await Assistant.open(config);
  const questions = (await itemSearches(assistant, items)).map((search) => search.question);
  const bm25 = assistant.index.bm25;
  if (!(bm25 instanceof Bm25Index)) throw new Error('Word vectors are weighed by an index in files (unset DATABASE_URL).');
  const idfCache = new Map<string, number>();
  const idf = (word: string) => {
    let value = idfCache.get(word);
    if (value === undefined) idfCache.set(word, (value = bm25.idf(word)));
    return value;
  };
  const chunkWords = new Map<string, string[]>();
  const wordsOf = (hit: Hit) => {
    let list = chunkWords.get(hit.chunk.id);
    if (!list) chunkWords.set(hit.chunk.id, (list = words(hit.chunk.text)));
    return list;
  };
  const deepCache = new Map<string, Hit[]>();

  // Every passage's vector under each vectors file, for the third leg (one tokenising pass).
  const chunkList = [...assistant.index.chunksByLabel.values()];
  const chunkMatrix = new Map<WordVectors, Float32Array>();
  if (kinds.includes('leg')) {
    for (const { vectors } of vectorSets) chunkMatrix.set(vectors, new Float32Array(chunkList.length * vectors.dim));
    const began = performance.now();
    chunkList.forEach((chunk, c) => {
      const list = words(chunk.text);
      for (const { vectors } of vectorSets) {
        const v = vectors.textVector(list, idf);
        if (v) chunkMatrix.get(vectors)!.set(v, c * vectors.dim);
      }
    });
    console.log(`(passage vectors: ${chunkList.length} passages in ${((performance.now() - began) / 1000).toFixed(0)} s)`);
  }
  const questionVector = (vectors: WordVectors, question: string) => {
    const marked = tokenizeMarked(question);
    return vectors.textVector(marked.tokens.filter((t) => !marked.expansions.has(t)), idf);
  };
  /** The passages nearest a vector, best first, by label. */
  const nearest = (vectors: WordVectors, q: Float32Array, k: number): Array<{ label: number; score: number }> => {
    const matrix = chunkMatrix.get(vectors)!;
    const dim = vectors.dim;
    const best: Array<[number, number]> = [];
    const trim = () => {
      best.sort((a, b) => b[0] - a[0]);
      if (best.length > k) best.length = k;
    };
    for (let c = 0; c < chunkList.length; c++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += q[d]! * matrix[c * dim + d]!;
      if (best.length < k || dot > best[k - 1]![0]) {
        best.push([dot, c]);
        if (best.length >= 4 * k) trim();
      }
      if (best.length > k && c % 4096 === 0) trim();
    }
    trim();
    return best.map(([score, c]) => ({ label: chunkList[c]!.label, score }));
  };

  const variants: Variant[] = [{ name: 'as configured', run: (retriever, question) => retriever.search(question, { limit: RECALL_DEPTH }) }];
  for (const { name, vectors } of vectorSets) {
    if (kinds.includes('soft')) {
      for (const [threshold, k, weight] of [
        [0.9, 3, 0.3],
        [0.85, 3, 0.3],
        [0.8, 3, 0.3],
        [0.8, 3, 0.1],
        [0.75, 5, 0.1],
        [0.7, 5, 0.05],
      ] as const) {
        variants.push({
          name: `${name} soft t${threshold} k${k} w${weight}`,
          run: (retriever, question) => retriever.search(softMatch(analyzeQuery(question), vectors, threshold, k, weight), { limit: RECALL_DEPTH }),
        });
      }
    }
    if (kinds.includes('rerank')) {
      for (const [mode, weight] of [
        ['rrf', 0.05],
        ['rrf', 0.1],
        ['rrf', 0.25],
        ['score', 0.05],
        ['score', 0.1],
        ['score', 0.2],
      ] as const) {
        variants.push({
          name: `${name} rerank ${mode} w${weight}`,
          run: async (retriever, question) => {
            let deep = deepCache.get(question);
            if (!deep) deepCache.set(question, (deep = await retriever.search(question, { limit: RERANK_DEPTH })));
            const marked = tokenizeMarked(question);
            const q = vectors.textVector(marked.tokens.filter((t) => !marked.expansions.has(t)), idf);
            if (!q) return deep.slice(0, RECALL_DEPTH);
            const sims = deep.map((hit) => {
              const v = vectors.textVector(wordsOf(hit), idf);
              return v ? cosine(q, v) : -1;
            });
            const bySim = sims.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
            const simRank = new Array<number>(deep.length);
            bySim.forEach(([, i], r) => (simRank[i] = r + 1));
            // rrf: the search's order and the cosine's, fused by reciprocal rank; score: the cosine
            // added to the search's own score in shares of the best one.
            const best = deep[0]?.score ?? 0;
            const fused = deep.map((hit, i) => ({
              hit,
              score: mode === 'rrf' ? 1 / (RRF_K + i + 1) + weight / (RRF_K + simRank[i]!) : hit.score + weight * best * sims[i]!,
            }));
            return fused.sort((a, b) => b.score - a.score).slice(0, RECALL_DEPTH).map(({ hit }) => hit);
          },
        });
      }
    }
    if (kinds.includes('leg')) {
      // A third leg inside the search, fused by reciprocal rank as the vectors of an index built
      // with embeddings are (RETRIEVAL_VECTOR_WEIGHT), before the reordering by character pairs.
      const embedder = {
        id: `word-vectors:${name}`,
        dimensions: vectors.dim,
        embed: async (texts: string[]) => texts.map((text) => questionVector(vectors, text) ?? new Float32Array(vectors.dim)),
      };
      const index = { ...assistant.index, vectors: { search: (vector: Float32Array, limit: number) => nearest(vectors, vector, limit) } } as unknown as PolicyIndex;
      for (const weight of legWeights) {
        const legRetriever = new Retriever(index, embedder, { ...config.retrieval, vectorWeight: weight });
        variants.push({ name: `${name} leg w${weight}`, run: (_, question) => legRetriever.search(question, { limit: RECALL_DEPTH }) });
      }
    }
  }

  console.log(`\n== ${suite.name}: ${items.length} answerable ${part} items ==`);
  console.log(`${'variant'.padEnd(36)}${'R@1'.padStart(8)}${'R@5'.padStart(8)}${'R@20'.padStart(8)}${'MRR'.padStart(8)}${'ms/q'.padStart(8)}  items won/lost @1 @5 @20`);
  let baseline: number[] | undefined;
  const retriever = new Retriever(assistant.index, assistant.retriever.embedder, config.retrieval);
  for (const { name, run } of variants) {
    const ranks: number[] = [];
    const began = performance.now();
    for (const [i, item] of items.entries()) {
      const hits = await run(retriever, questions[i]!);
      ranks.push(answerRank(item, hits.map((hit) => hit.chunk.text)));
    }
    const ms = (performance.now() - began) / items.length;
    const at = (k: number) => (ranks.filter((r) => r > 0 && r <= k).length / ranks.length).toFixed(3);
    const mrr = (ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / ranks.length).toFixed(3);
    // Against the first variant (as configured): items that reach depth k only here / only there.
    baseline ??= ranks;
    const within = (r: number, k: number) => r > 0 && r <= k;
    const moved = [1, 5, 20]
      .map((k) => `+${ranks.filter((r, i) => within(r, k) && !within(baseline![i]!, k)).length}/-${ranks.filter((r, i) => !within(r, k) && within(baseline![i]!, k)).length}`)
      .join(' ');
    console.log(`${name.padEnd(36)}${at(1).padStart(8)}${at(5).padStart(8)}${at(20).padStart(8)}${mrr.padStart(8)}${ms.toFixed(1).padStart(8)}  ${moved}`);
  }
}
