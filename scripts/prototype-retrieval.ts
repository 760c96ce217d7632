/**
 * The one-hour prototype of issue 17 beside the product: answer-in-passage recall@1/5/20, MRR and
 * mean passage length per corpus of a suite file, on the same questions and the same documents.
 *
 * The prototype: the product's documents (read by the product's loaders and split by
 * splitDocuments, as an ingest reads them), cut into paragraphs (the cleaned text's lines, which
 * are the source's blank-line paragraphs), each paragraph a passage; nodejieba `cutForSearch` with
 * jieba's own dictionary, the product's stop list and punctuation dropped; plain BM25 (k1 1.2,
 * b 0.75, the product's idf), no title, no synonyms, no vectors. The product: the index of the
 * suite (data/eval/<suite>) searched by Retriever.search. Both are asked the question the assistant
 * searches with (a follow-up resolved against its history).
 *
 *   npx tsx scripts/prototype-retrieval.ts [--suite eval/suites.json] [--only laws,news] [--part tuning] [--sample 600] [--variants [--match text]]
 *
 * --variants also measures each difference between the two alone: the prototype with one thing
 * taken from the product (passages, tokeniser, dictionary, stop words, title, query expansions,
 * BM25 k1/b), and the product's retriever over the prototype's passages.
 */
import path from 'node:path';
import nodejieba from 'nodejieba';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig, type Config } from '../src/config.js';
import { answerRank, RECALL_DEPTH } from '../src/eval/score.js';
import type { EvalItem } from '../src/eval/dataset.js';
import { itemSearches, searchAgain, type ItemSearch } from '../src/eval/search.js';
import { answerableItems, corpusFolder, readSuites, type Suite } from '../src/eval/suite.js';
import { Bm25Index, bm25Idf } from '../src/index/bm25.js';
import { chunkSearchText } from '../src/index/analyze.js';
import type { IndexedChunk, PolicyIndex } from '../src/index/store.js';
import { chunkDocument } from '../src/ingest/chunk.js';
import { listCorpusFiles, loadFile, readJsonlRecords } from '../src/ingest/loaders.js';
import { splitDocuments } from '../src/ingest/split.js';
import { analyzeQuery } from '../src/retrieve/query.js';
import { Retriever } from '../src/retrieve/retriever.js';
import { tokenize } from '../src/text/tokenize.js';
import type { PolicyDocument, SourceText } from '../src/types.js';
import { flag, hasFlag, suiteFlags } from './flags.js';

const { part, sampleSize, only } = suiteFlags();
const withVariants = hasFlag('variants');
/** Only the variants whose name holds this text. */
const match = flag('match');

// ---------------------------------------------------------------------------------------------
// jieba dictionaries: the prototype cuts with jieba's own, the product with its user dictionary.

const USER_DICT = fileURLToPath(new URL('../src/text/dictionary/user.dict.utf8', import.meta.url));
let loadedDict: 'jieba' | 'product' | undefined;
function useDictionary(dict: 'jieba' | 'product'): void {
  if (loadedDict === dict) return;
  // The product's tokenizer loads its dictionary on first use: let it, before switching away.
  if (loadedDict === undefined) tokenize('词典');
  nodejieba.load(dict === 'product' ? { userDict: USER_DICT } : {});
  loadedDict = dict;
}

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
const STOP_LISTS = {
  product: new Set(readLines(fileURLToPath(new URL('../src/text/dictionary/stopwords.txt', import.meta.url)))),
  jieba: new Set(readLines((nodejieba as unknown as { DEFAULT_STOP_WORD_DICT: string }).DEFAULT_STOP_WORD_DICT)),
  none: new Set<string>(),
};
const WORD = /[\p{L}\p{N}]/u;

// ---------------------------------------------------------------------------------------------
// Passages and a plain BM25 over interned tokens.

interface Passage {
  doc: PolicyDocument;
  text: string;
  /** What a title adds to the passage's tokens, when titles are indexed: the product's heading path. */
  heading: string;
}

type Granularity = 'lines' | 'chunks' | 'documents';

function passagesOf(documents: PolicyDocument[], granularity: Granularity, config: Config): Passage[] {
  const passages: Passage[] = [];
  for (const doc of documents) {
    const root = `《${doc.title.replace(/^《|》$/g, '')}》`;
    if (granularity === 'chunks') {
      for (const chunk of chunkDocument(doc, config.chunking)) passages.push({ doc, text: chunk.text, heading: chunk.headingPath.join(' ') });
    } else if (granularity === 'documents') {
      passages.push({ doc, text: doc.text, heading: root });
    } else {
      for (const line of doc.text.split(/\n+/)) if (line.trim()) passages.push({ doc, text: line, heading: root });
    }
  }
  return passages;
}

type Tokeniser = 'search' | 'search+dict' | 'product';

interface Variant {
  name: string;
  passages: Granularity;
  tokens: Tokeniser;
  stop: keyof typeof STOP_LISTS;
  title: boolean;
  k1: number;
  b: number;
  /** Query side with the product's tokeniser: sub-words at 0.3 and synonyms (analyzeQuery) instead of flat tokens. */
  expansions?: boolean;
}

const PROTOTYPE: Variant = { name: 'prototype', passages: 'lines', tokens: 'search', stop: 'product', title: false, k1: 1.2, b: 0.75 };

/** Search tokens before stop words are dropped (cutForSearch keeps only words with a letter or digit). */
function rawTokensOf(text: string, tokens: Tokeniser): string[] {
  useDictionary(tokens === 'search' ? 'jieba' : 'product');
  if (tokens === 'product') return tokenize(text);
  return nodejieba.cutForSearch(text, true).filter((token) => WORD.test(token));
}

function tokensOf(text: string, variant: Variant): string[] {
  const stop = variant.tokens === 'product' ? STOP_LISTS.none : STOP_LISTS[variant.stop];
  return rawTokensOf(text, variant.tokens).filter((token) => !stop.has(token));
}

/** A corpus's passages cut once by one tokeniser, as interned ids: every stop list, title and k1/b is built from it. */
class Tokenised {
  readonly vocabulary = new Map<string, number>();
  readonly passages: Int32Array[] = [];
  readonly headings: Int32Array[] = [];

  constructor(passages: Passage[], tokens: Tokeniser) {
    const headingIds = new Map<string, Int32Array>();
    const ids = (list: string[]) =>
      Int32Array.from(list, (token) => {
        let id = this.vocabulary.get(token);
        if (id === undefined) this.vocabulary.set(token, (id = this.vocabulary.size));
        return id;
      });
    for (const passage of passages) {
      this.passages.push(ids(rawTokensOf(passage.text, tokens)));
      let heading = headingIds.get(passage.heading);
      if (!heading) headingIds.set(passage.heading, (heading = ids(rawTokensOf(passage.heading, tokens))));
      this.headings.push(heading);
    }
  }
}

class PlainBm25 {
  private readonly docFreq: Int32Array;
  private readonly postings: Int32Array[];
  private readonly lengths: Int32Array;
  private readonly averageLength: number;

  constructor(private readonly corpus: Tokenised, private readonly stop: ReadonlySet<string>, title: boolean, private readonly k1: number, private readonly b: number) {
    const stopped = new Uint8Array(corpus.vocabulary.size);
    for (const [token, id] of corpus.vocabulary) if (stop.has(token)) stopped[id] = 1;
    const n = corpus.passages.length;
    this.lengths = new Int32Array(n);
    const lists: number[][] = Array.from({ length: corpus.vocabulary.size }, () => []);
    let total = 0;
    const counts = new Map<number, number>();
    for (let label = 0; label < n; label++) {
      counts.clear();
      let length = 0;
      const count = (ids: Int32Array) => {
        for (const id of ids) {
          if (stopped[id]) continue;
          length++;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
      };
      if (title) count(corpus.headings[label]!);
      count(corpus.passages[label]!);
      this.lengths[label] = length;
      total += length;
      for (const [id, tf] of counts) lists[id]!.push(label, tf);
    }
    this.averageLength = total / Math.max(1, n);
    this.postings = lists.map((list) => Int32Array.from(list));
    this.docFreq = Int32Array.from(this.postings, (list) => list.length / 2);
  }

  search(tokens: string[], limit: number, weights?: ReadonlyMap<string, number>): number[] {
    const scores = new Map<number, number>();
    const n = this.lengths.length;
    for (const token of new Set(tokens)) {
      const id = this.corpus.vocabulary.get(token);
      if (id === undefined || this.stop.has(token) || this.docFreq[id] === 0) continue;
      const idf = (weights?.get(token) ?? 1) * bm25Idf(n, this.docFreq[id]!);
      const list = this.postings[id]!;
      for (let i = 0; i < list.length; i += 2) {
        const label = list[i]!;
        const tf = list[i + 1]!;
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[label]!) / this.averageLength);
        scores.set(label, (scores.get(label) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    return [...scores]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, limit)
      .map(([label]) => label);
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring

interface Row {
  name: string;
  ranks: number[];
  /** Mean characters of a passage of the corpus, and of the passages returned (top 20). */
  corpusChars: number;
  retrievedChars: number;
}

function row(name: string, items: EvalItem[], lists: string[][], corpusChars: number): Row {
  const ranks = items.map((item, i) => answerRank(item, lists[i]!));
  const returned = lists.flat();
  return { name, ranks, corpusChars, retrievedChars: returned.reduce((sum, text) => sum + text.length, 0) / Math.max(1, returned.length) };
}

function printHeader(): void {
  console.log(`${'variant'.padEnd(46)}${'R@1'.padStart(7)}${'R@5'.padStart(7)}${'R@20'.padStart(7)}${'MRR'.padStart(7)}${'chars'.padStart(8)}${'top20 ch'.padStart(9)}`);
}

function print(rows: Row[]): void {
  for (const { name, ranks, corpusChars, retrievedChars } of rows) {
    const at = (k: number) => (ranks.filter((r) => r > 0 && r <= k).length / ranks.length).toFixed(3);
    const mrr = (ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / ranks.length).toFixed(3);
    console.log(`${name.padEnd(46)}${at(1).padStart(7)}${at(5).padStart(7)}${at(20).padStart(7)}${mrr.padStart(7)}${corpusChars.toFixed(0).padStart(8)}${retrievedChars.toFixed(0).padStart(9)}`);
  }
}

const meanChars = (passages: Array<{ text: string }>) => passages.reduce((sum, p) => sum + p.text.length, 0) / Math.max(1, passages.length);

interface Caches {
  passages: Map<Granularity, Passage[]>;
  tokens: Map<string, Tokenised>;
}

function runVariant(variant: Variant, documents: PolicyDocument[], items: EvalItem[], questions: string[], config: Config, caches: Caches): Row {
  let passages = caches.passages.get(variant.passages);
  if (!passages) caches.passages.set(variant.passages, (passages = passagesOf(documents, variant.passages, config)));
  const began = performance.now();
  const key = `${variant.passages}/${variant.tokens}`;
  let corpus = caches.tokens.get(key);
  if (!corpus) caches.tokens.set(key, (corpus = new Tokenised(passages, variant.tokens)));
  const bm25 = new PlainBm25(corpus, variant.tokens === 'product' ? STOP_LISTS.none : STOP_LISTS[variant.stop], variant.title, variant.k1, variant.b);
  const lists = questions.map((question) => {
    if (variant.expansions) {
      useDictionary('product');
      const query = analyzeQuery(question);
      return bm25.search([...query.tokens, ...query.expansions], RECALL_DEPTH, query.weights);
    }
    return bm25.search(tokensOf(question, variant), RECALL_DEPTH);
  });
  process.stderr.write(`  ${variant.name}: ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
  return row(variant.name, items, lists.map((labels) => labels.map((label) => passages![label]!.text)), meanChars(passages));
}

/** The product's retriever over an index of other passages (the prototype's), tokenised as the product tokenises. */
async function productOver(passages: Passage[], product: PolicyIndex, embedderFrom: Retriever, config: Config, items: EvalItem[], questions: string[]): Promise<string[][]> {
  useDictionary('product');
  const bm25 = new Bm25Index(config.bm25);
  const chunks = new Map<string, IndexedChunk>();
  const chunksByLabel = new Map<number, IndexedChunk>();
  const ordinals = new Map<string, number>();
  for (const [label, passage] of passages.entries()) {
    const document = product.documents.get(passage.doc.id);
    if (!document) continue;
    const ordinal = ordinals.get(document.id) ?? 0;
    ordinals.set(document.id, ordinal + 1);
    const start = document.text.indexOf(passage.text);
    const chunk: IndexedChunk = { id: `${document.id}#${ordinal}`, docId: document.id, ordinal, text: passage.text, headingPath: [passage.heading], start, end: start + passage.text.length, label };
    chunks.set(chunk.id, chunk);
    chunksByLabel.set(label, chunk);
    bm25.add(label, tokenize(chunkSearchText(chunk)));
  }
  const index: PolicyIndex = { ...product, chunks, chunksByLabel, bm25, figures: [] };
  delete index.vectors;
  const retriever = new Retriever(index, embedderFrom.embedder, config.retrieval);
  const lists: string[][] = [];
  for (const question of questions) lists.push((await retriever.search(question, { limit: RECALL_DEPTH })).map((hit) => hit.chunk.text));
  return lists;
}

/** The corpus's documents as an ingest reads them: the product's loaders, then splitDocuments. */
async function loadDocuments(corpusDir: string, config: Config): Promise<PolicyDocument[]> {
  const documents: PolicyDocument[] = [];
  for (const file of await listCorpusFiles(corpusDir)) {
    const sources: SourceText[] = [];
    try {
      if (file.toLowerCase().endsWith('.jsonl')) {
        for await (const record of readJsonlRecords(path.join(corpusDir, file), file, config.ingest)) if (record.text) sources.push(record.text);
      } else {
        sources.push(...(await loadFile(corpusDir, file, config.ingest)).texts);
      }
    } catch (error) {
      process.stderr.write(`  skipped ${file}: ${(error as Error).message}\n`);
      continue;
    }
    for (const source of sources) documents.push(...splitDocuments(source));
  }
  return documents;
}

async function measure(suite: Suite): Promise<void> {
  const items = await answerableItems(suite, part, sampleSize);
  const corpusDir = await corpusFolder(suite, path.resolve('data/corpora'));
  const config = loadConfig({ indexDir: suite.index, corpusDir });
  useDictionary('product');
  const assistant = await Assistant.open(config);
  // A question without history is searched as asked; a follow-up as the assistant resolves it.
  const followUps = items.filter((item) => (item.history ?? []).length > 0);
  const resolved = new Map(followUps.map((item, i) => [item, i]));
  const resolvedList = await itemSearches(assistant, followUps);
  const searches: ItemSearch[] = items.map((item) => (resolved.has(item) ? resolvedList[resolved.get(item)!]! : { question: item.question }));
  const questions = searches.map((search) => search.question);
  const documents = await loadDocuments(corpusDir, config);
  console.log(`\n== ${suite.name}: ${items.length} answerable ${part} items, ${documents.length} documents (index: ${assistant.index.documents.size}) ==`);

  printHeader();
  const add = (next: Row) => print([next]);
  const cache: Caches = { passages: new Map(), tokens: new Map() };
  add(runVariant(PROTOTYPE, documents, items, questions, config, cache));
  useDictionary('product');
  const productLists: string[][] = [];
  for (const search of searches) productLists.push((await searchAgain(assistant.retriever, search, RECALL_DEPTH)).map((hit) => hit.chunk.text));
  add(row('product (Retriever.search)', items, productLists, meanChars([...assistant.index.chunks.values()])));
  if (withVariants) {
    const variants: Variant[] = [
      { ...PROTOTYPE, name: '+ product chunks as passages', passages: 'chunks' },
      { ...PROTOTYPE, name: '+ whole documents as passages', passages: 'documents' },
      { ...PROTOTYPE, name: '+ product user dictionary (cutForSearch)', tokens: 'search+dict' },
      { ...PROTOTYPE, name: '+ product tokeniser (flat)', tokens: 'product' },
      { ...PROTOTYPE, name: '+ product tokeniser, sub-words 0.3 + synonyms', tokens: 'product', expansions: true },
      { ...PROTOTYPE, name: '+ jieba stop list', stop: 'jieba' },
      { ...PROTOTYPE, name: '+ no stop list', stop: 'none' },
      { ...PROTOTYPE, name: '+ title / heading path', title: true },
      { ...PROTOTYPE, name: '+ BM25 b 0.5', b: 0.5 },
      { ...PROTOTYPE, name: '+ BM25 k1 1.5 b 0.5', k1: 1.5, b: 0.5 },
      { ...PROTOTYPE, name: 'product-like: chunks, tokeniser, title', passages: 'chunks', tokens: 'product', expansions: true, title: true },
      { ...PROTOTYPE, name: 'lines, product tokeniser, title', tokens: 'product', expansions: true, title: true },
    ];
    const lines = cache.passages.get('lines')!;
    const sameAsLines = (passages: Array<{ text: string }>) => passages.length === lines.length && passages.every((p, i) => p.text === lines[i]!.text);
    for (let variant of variants.filter((v) => !match || v.name.includes(match))) {
      if (variant.passages !== 'lines') {
        const passages = cache.passages.get(variant.passages) ?? passagesOf(documents, variant.passages, config);
        cache.passages.set(variant.passages, passages);
        // (News documents are one line and one chunk each: the same passages need no second index.)
        if (sameAsLines(passages)) {
          if (JSON.stringify({ ...variant, name: '', passages: 'lines' }) === JSON.stringify({ ...PROTOTYPE, name: '' })) {
            console.log(`${variant.name}: the prototype's passages`);
            continue;
          }
          variant = { ...variant, passages: 'lines' };
        }
      }
      add(runVariant(variant, documents, items, questions, config, cache));
    }
    if (sameAsLines([...assistant.index.chunks.values()].sort((x, y) => x.label - y.label))) {
      console.log("product retriever over prototype lines: the product's passages");
      return;
    }
    const began = performance.now();
    add(row('product retriever over prototype lines', items, await productOver(lines, assistant.index, assistant.retriever, config, items, questions), meanChars(lines)));
    process.stderr.write(`  product over lines: ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
  }
}

for (const suite of (await readSuites(flag('suite', 'eval/suites.json'))).filter((s) => !only || only.includes(s.name))) await measure(suite);
