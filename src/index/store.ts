/**
 * The index directory: everything ingestion produced, saved together with a manifest.
 *
 *   manifest.json    format version, corpus fingerprint, counts, embedding model id and dimension
 *   files.json       one record per corpus file: content hash, documents, problems (drives incremental ingest)
 *   documents.jsonl  PolicyDocument per line (with cleaned text)
 *   chunks.jsonl     Chunk per line without its text (text = document.text.slice(start, end)), plus its label
 *   figures.jsonl    Figure per line
 *   bm25.bin         BM25 inverted index over chunk labels
 *   vectors.hnsw     HNSW graph over chunk embeddings, same labels
 *
 * Saving writes a sibling temporary directory and swaps it in, so a crash or a bad input never
 * leaves a half-written index behind: the previous one stays until the new one is complete.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Bm25Config, ChunkingConfig, HnswConfig } from '../config.js';
import { PolicyQaError, policyError } from '../errors.js';
import type { Chunk, Figure, IngestProblem, PolicyDocument } from '../types.js';
import { Bm25Index } from './bm25.js';
import { VectorIndex } from './vector-index.js';

/** Bump when the on-disk layout or the meaning of a stored field changes. */
export const INDEX_FORMAT_VERSION = 2;

export interface IndexManifest {
  formatVersion: number;
  createdAt: string;
  updatedAt: string;
  /** sha256 over the sorted (path, content hash) pairs of the indexed files. */
  corpusFingerprint: string;
  corpusDir: string;
  counts: { files: number; documents: number; chunks: number; figures: number };
  embedding: { id: string; dimensions: number };
  /** Tokenizer and cleaning versions: a change means stored tokens and chunks are stale. */
  pipelineVersion: string;
  bm25: Bm25Config;
  hnsw: HnswConfig;
  chunking: ChunkingConfig;
  /** Next free integer label for a chunk in the BM25 and HNSW indexes. */
  nextLabel: number;
}

export interface FileRecord {
  /** Relative to the corpus folder. */
  path: string;
  sha256: string;
  bytes: number;
  documentIds: string[];
  problems: IngestProblem[];
}

/** A chunk as the index holds it: with the integer label shared by BM25 and HNSW. */
export interface IndexedChunk extends Chunk {
  label: number;
}

export interface PolicyIndex {
  manifest: IndexManifest;
  files: Map<string, FileRecord>;
  documents: Map<string, PolicyDocument>;
  chunks: Map<string, IndexedChunk>;
  chunksByLabel: Map<number, IndexedChunk>;
  figures: Figure[];
  bm25: Bm25Index;
  vectors: VectorIndex;
}

const files = {
  manifest: 'manifest.json',
  files: 'files.json',
  documents: 'documents.jsonl',
  chunks: 'chunks.jsonl',
  figures: 'figures.jsonl',
  bm25: 'bm25.bin',
  vectors: 'vectors.hnsw',
};

export function indexExists(dir: string): boolean {
  return existsSync(path.join(dir, files.manifest));
}

async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as T;
}

/** Writes records a few MB at a time, so saving a large index does not build one giant string. */
async function writeJsonl(file: string, records: Iterable<unknown>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    let buffered = '';
    for (const record of records) {
      buffered += `${JSON.stringify(record)}\n`;
      if (buffered.length > 4_000_000) {
        await handle.write(buffered);
        buffered = '';
      }
    }
    if (buffered) await handle.write(buffered);
  } finally {
    await handle.close();
  }
}

export async function readManifest(dir: string): Promise<IndexManifest> {
  if (!indexExists(dir)) throw policyError('INDEX_MISSING', dir);
  try {
    return JSON.parse(await readFile(path.join(dir, files.manifest), 'utf8')) as IndexManifest;
  } catch (cause) {
    throw new PolicyQaError('INDEX_CORRUPT', policyError('INDEX_CORRUPT', dir).message, { cause });
  }
}

/** The per-file records alone: enough to tell whether the corpus changed, without loading the index. */
export async function readFileRecords(dir: string): Promise<FileRecord[]> {
  try {
    return JSON.parse(await readFile(path.join(dir, files.files), 'utf8')) as FileRecord[];
  } catch (cause) {
    throw new PolicyQaError('INDEX_CORRUPT', policyError('INDEX_CORRUPT', dir).message, { cause });
  }
}

export interface LoadOptions {
  /** Load the BM25 and HNSW indexes too (not needed to list documents). Default true. */
  search?: boolean;
}

/** Loads an index directory; INDEX_MISSING, INDEX_VERSION or INDEX_CORRUPT when it cannot be used. */
export async function loadIndex(dir: string, options: LoadOptions = {}): Promise<PolicyIndex> {
  const manifest = await readManifest(dir);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) throw policyError('INDEX_VERSION', dir);
  try {
    const fileRecords = await readFileRecords(dir);
    const documents = new Map<string, PolicyDocument>();
    for await (const document of readJsonl<PolicyDocument>(path.join(dir, files.documents))) documents.set(document.id, document);
    const chunks = new Map<string, IndexedChunk>();
    const chunksByLabel = new Map<number, IndexedChunk>();
    for await (const stored of readJsonl<Omit<IndexedChunk, 'text'>>(path.join(dir, files.chunks))) {
      const document = documents.get(stored.docId);
      if (!document) throw new Error(`chunk ${stored.id} refers to missing document ${stored.docId}`);
      const chunk: IndexedChunk = { ...stored, text: document.text.slice(stored.start, stored.end) };
      chunks.set(chunk.id, chunk);
      chunksByLabel.set(chunk.label, chunk);
    }
    const figures: Figure[] = [];
    for await (const figure of readJsonl<Figure>(path.join(dir, files.figures))) figures.push(figure);
    const search = options.search ?? true;
    const bm25 = search ? Bm25Index.deserialize(await readFile(path.join(dir, files.bm25)), manifest.bm25) : new Bm25Index(manifest.bm25);
    const vectors = search
      ? await VectorIndex.load(path.join(dir, files.vectors), manifest.embedding.dimensions, manifest.hnsw)
      : VectorIndex.create(manifest.embedding.dimensions, manifest.hnsw, 1);
    return {
      manifest,
      files: new Map(fileRecords.map((record) => [record.path, record])),
      documents,
      chunks,
      chunksByLabel,
      figures,
      bm25,
      vectors,
    };
  } catch (cause) {
    if (cause instanceof PolicyQaError) throw cause;
    throw new PolicyQaError('INDEX_CORRUPT', `${policyError('INDEX_CORRUPT', dir).message} (${(cause as Error).message})`, { cause });
  }
}

/** Writes the index into `dir` atomically: a temporary sibling directory is written, then swapped in. */
export async function saveIndex(dir: string, index: PolicyIndex): Promise<void> {
  const target = path.resolve(dir);
  const staging = `${target}.tmp-${process.pid}`;
  const previous = `${target}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });

  await writeFile(path.join(staging, files.files), JSON.stringify([...index.files.values()], null, 1));
  await writeJsonl(path.join(staging, files.documents), index.documents.values());
  const storedChunks = function* () {
    for (const chunk of index.chunks.values()) {
      const { text: _text, ...stored } = chunk;
      yield stored;
    }
  };
  await writeJsonl(path.join(staging, files.chunks), storedChunks());
  await writeJsonl(path.join(staging, files.figures), index.figures);
  await writeFile(path.join(staging, files.bm25), index.bm25.serialize());
  await index.vectors.save(path.join(staging, files.vectors));
  // The manifest goes last: a directory without one is never taken for an index.
  await writeFile(path.join(staging, files.manifest), JSON.stringify(index.manifest, null, 2));

  await mkdir(path.dirname(target), { recursive: true });
  if (existsSync(target)) await rename(target, previous);
  await rename(staging, target);
  await rm(previous, { recursive: true, force: true });
}
