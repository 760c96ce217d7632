/**
 * Retrieval ablation: recall@1/5/20 and MRR of "a gold answer string stands in the passage", per
 * corpus of a suite file, for settings that need no rebuild (vector weight and RRF k when the index
 * has vectors; the weight of the question's character pairs in reordering; BM25 k1 and b, which
 * apply at query time). One index load per corpus; the questions
 * asked as the assistant would resolve them.
 *
 *   npx tsx scripts/ablate-retrieval.ts [--suite eval/suites.json] [--only laws,news] [--part tuning] [--sample 600]
 *
 * Settings that change the index (chunking, tokenising, BM25 k1/b) are compared by building one
 * index per setting and running this script over each.
 */
import path from 'node:path';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig, type Bm25Config, type RetrievalConfig } from '../src/config.js';
import { Bm25Index } from '../src/index/bm25.js';
import { answerRank, RECALL_DEPTH } from '../src/eval/score.js';
import { itemSearches, searchAgain } from '../src/eval/search.js';
import { answerableItems, corpusFolder, readSuites } from '../src/eval/suite.js';
import { Retriever } from '../src/retrieve/retriever.js';
import { flag, suiteFlags } from './flags.js';

const { part, sampleSize, only } = suiteFlags();

/** The variants compared: name → retrieval settings over the defaults, and BM25 parameters (applied at query time). */
const variants: Array<[string, Partial<RetrievalConfig>, Bm25Config?]> = [
  ['as configured', {}],
  ['no reordering by character pairs', { bigramWeight: 0 }],
  ['character pairs weight 0.5', { bigramWeight: 0.5 }],
  ['character pairs weight 2', { bigramWeight: 2 }],
  ['vector weight 0.3 (with vectors)', { vectorWeight: 0.3 }],
  ['vectors only (with vectors)', { vectorWeight: 1000 }],
  ['RRF k 20', { rrfK: 20 }],
  ['BM25 k1 1.2 b 0.3', {}, { k1: 1.2, b: 0.3 }],
  ['BM25 k1 1.2 b 0.4', {}, { k1: 1.2, b: 0.4 }],
  ['BM25 k1 1.2 b 0.5', {}, { k1: 1.2, b: 0.5 }],
  ['BM25 k1 1.2 b 0.6', {}, { k1: 1.2, b: 0.6 }],
  ['BM25 k1 0.9 b 0.5', {}, { k1: 0.9, b: 0.5 }],
  ['BM25 k1 1.5 b 0.5', {}, { k1: 1.5, b: 0.5 }],
  ['BM25 k1 1.2 b 0.9', {}, { k1: 1.2, b: 0.9 }],
];

for (const suite of (await readSuites(flag('suite', 'eval/suites.json'))).filter((s) => !only || only.includes(s.name))) {
  const items = await answerableItems(suite, part, sampleSize);
  const config = loadConfig({ indexDir: suite.index, corpusDir: await corpusFolder(suite, path.resolve('data/corpora')) });
  const assistant = await Assistant.open(config);
  const searches = await itemSearches(assistant, items);
  console.log(`\n== ${suite.name}: ${items.length} answerable ${part} items ==`);
  console.log(`${'variant'.padEnd(32)}${'R@1'.padStart(8)}${'R@5'.padStart(8)}${'R@20'.padStart(8)}${'MRR'.padStart(8)}${'ms/q'.padStart(8)}`);
  const loaded = assistant.index.bm25;
  if (!(loaded instanceof Bm25Index)) throw new Error('Variants of BM25 need an index in files (unset DATABASE_URL).');
  const serialized = loaded.serialize();
  for (const [name, settings, bm25] of variants) {
    if (settings.vectorWeight && !assistant.index.vectors) continue;
    const index = bm25 ? { ...assistant.index, bm25: Bm25Index.deserialize(serialized, bm25) } : assistant.index;
    const retriever = new Retriever(index, assistant.retriever.embedder, { ...config.retrieval, ...settings });
    const ranks: number[] = [];
    const began = performance.now();
    for (const [i, item] of items.entries()) {
      const hits = await searchAgain(retriever, searches[i]!, RECALL_DEPTH);
      ranks.push(answerRank(item, hits.map((hit) => hit.chunk.text)));
    }
    const ms = (performance.now() - began) / items.length;
    const at = (k: number) => (ranks.filter((r) => r > 0 && r <= k).length / ranks.length).toFixed(3);
    const mrr = (ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / ranks.length).toFixed(3);
    console.log(`${name.padEnd(32)}${at(1).padStart(8)}${at(5).padStart(8)}${at(20).padStart(8)}${mrr.padStart(8)}${ms.toFixed(1).padStart(8)}`);
  }
}
