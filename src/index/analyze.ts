/**
 * What indexing one corpus text takes once it has been read: cleaning and splitting it into
 * documents, then each document's chunks, their search tokens and its figures. Nearly all of an
 * ingest's CPU time (jieba above all) is spent here, so this is the part spread over worker
 * threads (analyze-pool.ts); it depends on nothing but the text and the chunking settings, so any
 * thread gives the same result.
 */
import type { ChunkingConfig } from '../config.js';
import { chunkDocument } from '../ingest/chunk.js';
import { extractFigures } from '../ingest/figures.js';
import { splitDocuments } from '../ingest/split.js';
import { tokenizeEach } from '../text/tokenize.js';
import { minhashSignature } from './duplicates.js';
import type { Chunk, Figure, PolicyDocument, SourceText } from '../types.js';
import type { TermCounter } from './term-counter.js';

export interface DocumentAnalysis {
  chunks: Chunk[];
  /** Search tokens of each chunk's search text (chunkSearchText), in chunk order; from the analysis pool only when asked for. */
  tokens?: string[][];
  /**
   * Instead of tokens, when counted (see Counting): each chunk's tokens as (term number, count)
   * pairs, in chunk order; the pool hands them on numbered as BM25 terms (Bm25Index.addCounts).
   */
  counts?: Uint32Array[];
  figures: Figure[];
  /** The text's MinHash signature, for grouping near-duplicate documents (duplicates.ts); absent for a text too short. */
  signature?: Uint32Array;
}

/** One corpus text, analysed: the documents it splits into, and each one's analysis, in order. */
export interface SourceAnalysis {
  documents: PolicyDocument[];
  analyses: DocumentAnalysis[];
}

/** What BM25 and the embedder see of a chunk: its heading path (title first) and its text. */
export function chunkSearchText(chunk: Chunk): string {
  return `${chunk.headingPath.join(' ')}\n${chunk.text}`;
}

/** How an analysis worker wants chunks' tokens: counted by `counter`, and listed too when `tokens`. */
export interface Counting {
  counter: TermCounter;
  tokens: boolean;
}

/**
 * Cleans and splits corpus texts (ingest/split) and analyses each of their documents: chunks,
 * figures and signature first, then the search tokens of every chunk of the batch, which jieba
 * cuts in one run (visitTokensOfEach says why).
 */
export function analyzeSources(sources: readonly SourceText[], chunking: ChunkingConfig, counting?: Counting): SourceAnalysis[] {
  const analysed = sources.map((source) => {
    const documents = splitDocuments(source);
    return { documents, analyses: documents.map((document) => describeDocument(document, chunking)) };
  });
  const analyses = analysed.flatMap((source) => source.analyses);
  const texts = analyses.flatMap(({ chunks }) => chunks.map(chunkSearchText));
  const tokens = !counting ? tokenizeEach(texts) : counting.tokens ? texts.map((): string[] => []) : undefined;
  const counts = counting?.counter.countEach(texts, tokens);
  let at = 0;
  for (const analysis of analyses) {
    const end = at + analysis.chunks.length;
    if (tokens) analysis.tokens = tokens.slice(at, end);
    if (counts) analysis.counts = counts.slice(at, end);
    at = end;
  }
  return analysed;
}

/** A document's chunks, figures and signature: its analysis but for the chunks' tokens. */
function describeDocument(document: PolicyDocument, chunking: ChunkingConfig): DocumentAnalysis {
  const chunks = chunkDocument(document, chunking);
  const figures: Figure[] = [];
  for (const chunk of chunks) for (const figure of extractFigures(document, chunk)) figures.push(figure);
  const signature = minhashSignature(document.text);
  return { chunks, figures, ...(signature ? { signature } : {}) };
}
