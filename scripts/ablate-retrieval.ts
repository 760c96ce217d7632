/**
 * Retrieval ablation: recall@1/5/20 and MRR of "a gold answer string stands in the passage", per
 * corpus of a suite file, for retrieval settings that need no rebuild (vector weight, RRF k,
 * candidates). One index load per corpus; the questions asked as the assistant would resolve them.
 *
 *   npx tsx scripts/ablate-retrieval.ts [--suite eval/suites.json] [--only laws,news] [--part tuning] [--sample 600]
 *
 * Settings that change the index (chunking, tokenising, BM25 k1/b) are compared by building one
 * index per setting and running this script over each.
 */
import path from 'node:path';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig, type RetrievalConfig } from '../src/config.js';
import { readDataset, type EvalItem } from '../src/eval/dataset.js';
import { answerRank, RECALL_DEPTH } from '../src/eval/score.js';
import { partOf, sample } from '../src/eval/split.js';
import { corpusFolder, readSuites } from '../src/eval/suite.js';
import { Retriever } from '../src/retrieve/retriever.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const part = flag('part', 'tuning')!;
const sampleSize = Number(flag('sample', '0')) || undefined;
const only = flag('only')?.split(',');

/** The variants compared: name → retrieval settings over the defaults. */
const variants: Array<[string, Partial<RetrievalConfig>]> = [
  ['as configured', {}],
  ['BM25 only (vector weight 0)', { vectorWeight: 0 }],
  ['vector weight 0.3', { vectorWeight: 0.3 }],
  ['vectors only', { vectorWeight: 1000 }],
  ['RRF k 20', { rrfK: 20 }],
];

for (const suite of (await readSuites(flag('suite', 'eval/suites.json')!)).filter((s) => !only || only.includes(s.name))) {
  const items: EvalItem[] = [];
  for (const dataset of suite.datasets) {
    let list = (await readDataset(dataset)).filter((item) => item.answers.length > 0 && (part === 'all' || partOf(item.id) === part));
    if (sampleSize) list = sample(list, sampleSize);
    items.push(...list);
  }
  const config = loadConfig({ indexDir: suite.index, corpusDir: await corpusFolder(suite, path.resolve('data/corpora')) });
  const assistant = await Assistant.open(config);
  // The question each item is searched with: the follow-up resolved against its history.
  const questions: string[] = [];
  for (const [n, item] of items.entries()) {
    const sessionId = `ablate:${n}`;
    for (const turn of item.history ?? []) await assistant.ask(turn, { sessionId });
    questions.push((await assistant.ask(item.question, { sessionId })).resolvedQuestion);
  }
  console.log(`\n== ${suite.name}: ${items.length} answerable ${part} items ==`);
  console.log(`${'variant'.padEnd(32)}${'R@1'.padStart(8)}${'R@5'.padStart(8)}${'R@20'.padStart(8)}${'MRR'.padStart(8)}${'ms/q'.padStart(8)}`);
  for (const [name, settings] of variants) {
    const retriever = new Retriever(assistant.index, assistant.retriever.embedder, { ...config.retrieval, ...settings });
    const ranks: number[] = [];
    const began = performance.now();
    for (const [i, item] of items.entries()) {
      const hits = await retriever.search(questions[i]!, { limit: RECALL_DEPTH });
      ranks.push(answerRank(item, hits.map((hit) => hit.chunk.text)));
    }
    const ms = (performance.now() - began) / items.length;
    const at = (k: number) => (ranks.filter((r) => r > 0 && r <= k).length / ranks.length).toFixed(3);
    const mrr = (ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / ranks.length).toFixed(3);
    console.log(`${name.padEnd(32)}${at(1).padStart(8)}${at(5).padStart(8)}${at(20).padStart(8)}${mrr.padStart(8)}${ms.toFixed(1).padStart(8)}`);
  }
}
