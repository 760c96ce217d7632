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

export interface DocumentAnalysis {
  chunks: Chunk[];
  /** Search tokens of each chunk's search text (chunkSearchText), in chunk order. */
  tokens: string[][];
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

export function analyzeDocument(document: PolicyDocument, chunking: ChunkingConfig): DocumentAnalysis {
  const chunks = chunkDocument(document, chunking);
  const figures: Figure[] = [];
  for (const chunk of chunks) for (const figure of extractFigures(document, chunk)) figures.push(figure);
  const signature = minhashSignature(document.text);
  return { chunks, tokens: chunks.map((chunk) => tokenize(chunkSearchText(chunk))), figures, ...(signature ? { signature } : {}) };
}

/** Cleans and splits a corpus text (ingest/split) and analyses each of its documents. */
export function analyzeSource(source: SourceText, chunking: ChunkingConfig): SourceAnalysis {
  const documents = splitDocuments(source);
  return { documents, analyses: documents.map((document) => analyzeDocument(document, chunking)) };
}
