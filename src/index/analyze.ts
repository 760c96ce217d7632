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
import { tokenize } from '../text/tokenize.js';
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

export function analyzeDocument(document: PolicyDocument, chunking: ChunkingConfig, counting?: Counting): DocumentAnalysis {
  const chunks = chunkDocument(document, chunking);
  const figures: Figure[] = [];
  for (const chunk of chunks) for (const figure of extractFigures(document, chunk)) figures.push(figure);
  const signature = minhashSignature(document.text);
  const signed = signature ? { signature } : {};
  if (!counting) return { chunks, tokens: chunks.map((chunk) => tokenize(chunkSearchText(chunk))), figures, ...signed };
  const tokens: string[][] = [];
  const counts = chunks.map((chunk) => {
    const listed = counting.tokens ? [] : undefined;
    const pairs = counting.counter.count(chunkSearchText(chunk), listed);
    if (listed) tokens.push(listed);
    return pairs;
  });
  return { chunks, counts, ...(counting.tokens ? { tokens } : {}), figures, ...signed };
}

/** Cleans and splits a corpus text (ingest/split) and analyses each of its documents. */
export function analyzeSource(source: SourceText, chunking: ChunkingConfig, counting?: Counting): SourceAnalysis {
  const documents = splitDocuments(source);
  return { documents, analyses: documents.map((document) => analyzeDocument(document, chunking, counting)) };
}
