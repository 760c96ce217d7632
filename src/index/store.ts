/**
 * One index generation: everything ingestion produced, saved together with a manifest.
 *
 *   manifest.json    format version, corpus fingerprint, counts, checksums, embedding model id and dimension
 *   files.json       one record per corpus file: content hash, documents, problems (drives incremental ingest)
 *   documents.jsonl  PolicyDocument per line (with cleaned text)
 *   chunks.jsonl     Chunk per line without its text (text = document.text.slice(start, end)), plus its label
 *   figures.jsonl    Figure per line, its sentence and measure as offsets into its document's text, without its document
 *   bm25.bin         BM25 inverted index over chunk labels
 *   vectors.hnsw     HNSW graph over chunk embeddings, same labels
 *
 * Generations live in an index folder (see location.ts) that names the live one. Every file's
 * sha256 is in the manifest and checked on load, with the counts, so a damaged index is refused
 * (INDEX_CORRUPT) before any of it is served: a flipped byte in the HNSW graph would crash hnswlib.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Bm25Config, ChunkingConfig, HnswConfig } from '../config.js';
import { PolicyQaError, policyError } from '../errors.js';
import type { Chunk, Figure, IngestProblem, PolicyDocument } from '../types.js';
import { Bm25Index, type Bm25Search } from './bm25.js';
import { holdsIndex, liveGeneration, newGenerationName, publishGeneration, tidyIndexFolder } from './location.js';
import { VectorIndex, type VectorSearch } from './vector-index.js';
import { eventLoopYielder } from './yielder.js';

/** Bump when the on-disk layout or the meaning of a stored field changes. */
export const INDEX_FORMAT_VERSION = 5;

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
  /** sha256 of every other file of the generation, written last and checked on load. */
  checksums: Record<string, string>;
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

/**
 * An index as retrieval and the answer stage read it. `Terms` and `Vectors` are where its BM25
 * postings and its embeddings live: in memory as loaded from the files here ({@link Bm25Index},
 * {@link VectorIndex}, which ingest extends), or in a database (src/index/postgres/).
 */
export interface PolicyIndex<Terms extends Bm25Search = Bm25Search, Vectors extends VectorSearch = VectorSearch, Figures extends FigureList = FigureList> {
  manifest: IndexManifest;
  files: Map<string, FileRecord>;
  documents: Map<string, PolicyDocument>;
  chunks: Map<string, IndexedChunk>;
  chunksByLabel: Map<number, IndexedChunk>;
  /** Read through {@link figuresOf} for one document's. */
  figures: Figures;
  bm25: Terms;
  /** Absent when the index was built without embeddings (EMBEDDING_PROVIDER=none). */
  vectors?: Vectors;
  /** The database generation it was read from (DATABASE_URL); absent when read from files. */
  generation?: number;
}

/**
 * The figures of an index: an array in the index's order when they are in memory (files, ingest);
 * a list read document by document when the index keeps them elsewhere (Postgres, see
 * postgres/local-texts.ts).
 */
export interface FigureList extends Iterable<Figure> {
  readonly length: number;
  /** A document's figures in order, where the list reads them a document at a time. */
  ofDocument?(docId: string): readonly Figure[];
  /** The figures the passages state, where a database holds them (a figure lookup's query). */
  inPassages?(chunkIds: readonly string[]): Promise<Figure[]>;
}

/** An index as files hold it and ingest builds it: every figure in memory. */
export type FilesIndex = PolicyIndex<Bm25Index, VectorIndex, Figure[]>;

const figuresByDocument = new WeakMap<FigureList, { length: number; byDocument: Map<string, Figure[]> }>();

/** The figures a document states, in order (an array's are grouped by document once, on first use). */
export function figuresOf(index: Pick<PolicyIndex, 'figures'>, docId: string): readonly Figure[] {
  const list = index.figures;
  if (list.ofDocument) return list.ofDocument(docId);
  let grouped = figuresByDocument.get(list);
  // (Ingest appends figures to the array it builds: grouped again when the count changed.)
  if (!grouped || grouped.length !== list.length) {
    const byDocument = new Map<string, Figure[]>();
    for (const figure of list) {
      const figures = byDocument.get(figure.docId);
      if (figures) figures.push(figure);
      else byDocument.set(figure.docId, [figure]);
    }
    figuresByDocument.set(list, (grouped = { length: list.length, byDocument }));
  }
  return grouped.byDocument.get(docId) ?? [];
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

/** Whether `dir` holds an index to answer from (or one of an older layout, which loads as INDEX_VERSION). */
export function indexExists(dir: string): boolean {
  return holdsIndex(dir);
}

/** The folder of the live generation; a pre-generation index is read from `dir` itself. */
function generationOf(dir: string): string {
  if (!holdsIndex(dir)) throw policyError('INDEX_MISSING', dir);
  return liveGeneration(dir) ?? dir;
}

function corrupt(dir: string, why: string, cause?: unknown): PolicyQaError {
  return new PolicyQaError('INDEX_CORRUPT', `${policyError('INDEX_CORRUPT', dir).message} (${why})`, { cause });
}

/**
 * A figure as stored: its sentence and measure, phrases of its document, as offsets into the
 * document's text rather than copies (320k figures on the news corpus, several to a sentence);
 * a phrase not found verbatim keeps its text. Its document is left out: its chunk says it.
 */
export type StoredFigure = Omit<Figure, 'docId' | 'sentence' | 'measure'> & { sentence?: string; measure?: string; sentenceAt?: [number, number]; measureAt?: [number, number] };

export function* storedFigures(index: PolicyIndex): Generator<StoredFigure> {
  for (const figure of index.figures) {
    const text = index.documents.get(figure.docId)?.text ?? '';
    const { sentence, measure } = figure;
    const sentenceAt = text.indexOf(sentence, Math.max(0, figure.start - sentence.length));
    const measureAt = sentenceAt < 0 ? -1 : text.indexOf(measure, sentenceAt);
    const stored = withoutKeys(figure, FIGURE_STORED_WITHOUT) as StoredFigure;
    if (sentenceAt >= 0) stored.sentenceAt = [sentenceAt, sentence.length];
    else stored.sentence = sentence;
    if (measureAt >= 0) stored.measureAt = [measureAt, measure.length];
    else stored.measure = measure;
    yield stored;
  }
}

/**
 * A copy of `record` without the keys named, the others in their order: what `const { a, ...rest }
 * = record` gives, without its cost. Object rest and spread take V8's slow path here and leave
 * objects JSON.stringify serialises slowly: saving the news corpus's 367k figures took 2 s that
 * way and left 250 MB of garbage on the heap at the ingest's peak, against 0.9 s and 80 MB.
 */
function withoutKeys<T extends object, K extends string>(record: T, skip: ReadonlySet<K>): Omit<T, K> {
  const copy: Record<string, unknown> = {};
  for (const key in record) if (!skip.has(key as string as K)) copy[key] = record[key];
  return copy as Omit<T, K>;
}

const FIGURE_STORED_WITHOUT = new Set(['docId', 'sentence', 'measure'] as const);
const CHUNK_STORED_WITHOUT = new Set(['text'] as const);

/** A chunk as stored: without its text, which is a slice of its document's. */
export type StoredChunk = Omit<IndexedChunk, 'text'>;

export function storedChunk(chunk: IndexedChunk): StoredChunk {
  return withoutKeys(chunk, CHUNK_STORED_WITHOUT);
}

export function chunkOf(stored: StoredChunk, document: PolicyDocument): IndexedChunk {
  return { ...stored, text: document.text.slice(stored.start, stored.end) };
}

export function figureOf(stored: StoredFigure, chunk: IndexedChunk, text: string): Figure {
  const { sentenceAt, measureAt, sentence, measure, ...rest } = stored;
  return {
    docId: chunk.docId,
    ...rest,
    sentence: sentenceAt ? text.slice(sentenceAt[0], sentenceAt[0] + sentenceAt[1]) : (sentence ?? ''),
    measure: measureAt ? text.slice(measureAt[0], measureAt[0] + measureAt[1]) : (measure ?? ''),
  };
}

/**
 * A file written: its sha256, and its fsync and close, started but not awaited, so that the disk
 * flushes one file of a generation while the next is serialised (saveIndex awaits them all before
 * the manifest).
 */
interface Written {
  sha256: string;
  synced: Promise<void>;
}

/** `handle`'s fsync then close; the caller awaits it (an unawaited failure is kept from surfacing as unhandled until then). */
function syncAndClose(handle: FileHandle): Promise<void> {
  const synced = handle.sync().finally(() => handle.close());
  synced.catch(() => undefined);
  return synced;
}

/**
 * Appends to `handle` one write at a time without waiting for it, so the next part is serialised
 * while this one is written; `done` waits for the last. A failed write fails the next `write` or `done`.
 */
function appender(handle: FileHandle): { write: (bytes: Buffer) => Promise<void>; done: () => Promise<void> } {
  let writing: Promise<unknown> = Promise.resolve();
  return {
    write: async (bytes) => {
      await writing;
      writing = handle.write(bytes);
      writing.catch(() => undefined);
    },
    done: async () => {
      await writing;
    },
  };
}

/** Writes records a few MB at a time, so saving a large index does not build one giant string. */
async function writeJsonl(file: string, records: Iterable<unknown>): Promise<Written> {
  const handle = await open(file, 'w');
  const hash = createHash('sha256');
  const out = appender(handle);
  try {
    let buffered = '';
    const flush = async () => {
      const bytes = Buffer.from(buffered, 'utf8');
      hash.update(bytes);
      await out.write(bytes);
      buffered = '';
      // Let the server answer between batches while it re-indexes.
      await new Promise((resolve) => setImmediate(resolve));
    };
    for (const record of records) {
      buffered += `${JSON.stringify(record)}\n`;
      if (buffered.length > 1_000_000) await flush();
    }
    if (buffered) await flush();
    await out.done();
  } catch (error) {
    await out.done().catch(() => undefined);
    await handle.close();
    throw error;
  }
  return { sha256: hash.digest('hex'), synced: syncAndClose(handle) };
}

/** Writes the parts one after another, never holding the whole file. */
async function writeParts(file: string, parts: Iterable<Buffer>): Promise<Written> {
  const handle = await open(file, 'w');
  const hash = createHash('sha256');
  const out = appender(handle);
  try {
    for (const part of parts) {
      hash.update(part);
      await out.write(part);
    }
    await out.done();
  } catch (error) {
    await out.done().catch(() => undefined);
    await handle.close();
    throw error;
  }
  return { sha256: hash.digest('hex'), synced: syncAndClose(handle) };
}

async function writeWhole(file: string, content: Buffer | string): Promise<Written> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { sha256: createHash('sha256').update(content).digest('hex'), synced: syncAndClose(handle) };
}

async function readFileChecked(dir: string, generation: string, manifest: IndexManifest, name: string): Promise<Buffer> {
  const bytes = await readFile(path.join(generation, name));
  const expected = manifest.checksums?.[name];
  if (!expected) throw corrupt(dir, `no checksum recorded for ${name}`);
  if (createHash('sha256').update(bytes).digest('hex') !== expected) throw corrupt(dir, `${name} does not match its checksum: it was changed or damaged`);
  return bytes;
}

export async function readManifest(dir: string): Promise<IndexManifest> {
  const generation = generationOf(dir);
  try {
    return JSON.parse(await readFile(path.join(generation, files.manifest), 'utf8')) as IndexManifest;
  } catch (cause) {
    throw corrupt(dir, 'manifest.json cannot be read', cause);
  }
}

/** The per-file records alone: enough to tell whether the corpus changed, without loading the index. */
export async function readFileRecords(dir: string): Promise<FileRecord[]> {
  const manifest = await readManifest(dir);
  try {
    return JSON.parse((await readFileChecked(dir, generationOf(dir), manifest, files.files)).toString('utf8')) as FileRecord[];
  } catch (cause) {
    if (cause instanceof PolicyQaError) throw cause;
    throw corrupt(dir, 'files.json cannot be read', cause);
  }
}

/**
 * Checks every file of the live generation against the manifest's checksums without parsing
 * anything: what `ingest` runs before it reports an index "unchanged".
 */
export async function verifyIndex(dir: string): Promise<IndexManifest> {
  const manifest = await readManifest(dir);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) throw policyError('INDEX_VERSION', dir);
  const generation = generationOf(dir);
  const names = Object.values(files).filter((name) => name !== files.manifest && (name !== files.vectors || hasVectors(manifest)));
  // Streamed and side by side: reading one file overlaps hashing another, and nothing is held whole.
  await Promise.all(
    names.map(async (name) => {
      const expected = manifest.checksums?.[name];
      if (!expected) throw corrupt(dir, `no checksum recorded for ${name}`);
      const hash = createHash('sha256');
      try {
        for await (const chunk of createReadStream(path.join(generation, name), { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
      } catch (cause) {
        throw corrupt(dir, `${name} cannot be read`, cause);
      }
      if (hash.digest('hex') !== expected) throw corrupt(dir, `${name} does not match its checksum: it was changed or damaged`);
    }),
  );
  return manifest;
}

export interface LoadOptions {
  /** Load the BM25 and HNSW indexes too (not needed to list documents). Default true. */
  search?: boolean;
}

/** Loads an index; INDEX_MISSING, INDEX_VERSION or INDEX_CORRUPT when it cannot be used. */
export async function loadIndex(dir: string, options: LoadOptions = {}): Promise<FilesIndex> {
  try {
    return await loadGeneration(dir, options);
  } catch (error) {
    // A build may have published a newer generation and removed this one while it was being read.
    if ((error as PolicyQaError).cause && ((error as PolicyQaError).cause as NodeJS.ErrnoException).code === 'ENOENT') {
      return loadGeneration(dir, options);
    }
    throw error;
  }
}

async function loadGeneration(dir: string, options: LoadOptions): Promise<FilesIndex> {
  const manifest = await readManifest(dir);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) throw policyError('INDEX_VERSION', dir);
  const generation = generationOf(dir);
  try {
    const bytes = (name: string) => readFileChecked(dir, generation, manifest, name);
    // Each file's records are counted against the manifest once read, before the next file refers to them.
    const counted = (name: keyof IndexManifest['counts'], loaded: number) => {
      if (loaded !== manifest.counts[name]) throw corrupt(dir, `${loaded} ${name} loaded, the manifest says ${manifest.counts[name]}`);
    };
    const fileRecords = JSON.parse((await bytes(files.files)).toString('utf8')) as FileRecord[];
    counted('files', fileRecords.length);
    const yieldNow = eventLoopYielder();
    const documents = new Map<string, PolicyDocument>();
    for (const document of parseJsonl<PolicyDocument>(await bytes(files.documents))) {
      documents.set(document.id, document);
      await yieldNow();
    }
    counted('documents', documents.size);
    const chunks = new Map<string, IndexedChunk>();
    const chunksByLabel = new Map<number, IndexedChunk>();
    for (const stored of parseJsonl<StoredChunk>(await bytes(files.chunks))) {
      await yieldNow();
      const document = documents.get(stored.docId);
      if (!document) throw new Error(`chunk ${stored.id} refers to missing document ${stored.docId}`);
      const chunk = chunkOf(stored, document);
      chunks.set(chunk.id, chunk);
      chunksByLabel.set(chunk.label, chunk);
    }
    counted('chunks', chunks.size);
    const figures: Figure[] = [];
    for (const stored of parseJsonl<StoredFigure>(await bytes(files.figures))) {
      const chunk = chunks.get(stored.chunkId);
      if (!chunk) throw new Error(`a figure refers to missing chunk ${stored.chunkId}`);
      figures.push(figureOf(stored, chunk, documents.get(chunk.docId)!.text));
      await yieldNow();
    }
    counted('figures', figures.length);
    const search = options.search ?? true;
    const bm25 = search
      ? Bm25Index.deserialize(await readFileChecked(dir, generation, manifest, files.bm25), manifest.bm25)
      : new Bm25Index(manifest.bm25);
    let vectors: VectorIndex | undefined;
    if (search && hasVectors(manifest)) {
      await readFileChecked(dir, generation, manifest, files.vectors);
      vectors = await VectorIndex.load(path.join(generation, files.vectors), manifest.embedding.dimensions, manifest.hnsw);
    }
    if (search && (bm25.size !== chunks.size || (vectors && vectors.size !== chunks.size))) {
      throw corrupt(dir, `${chunks.size} chunks, but ${bm25.size} in BM25 and ${vectors?.size ?? 'no'} vectors`);
    }
    return {
      manifest,
      files: new Map(fileRecords.map((record) => [record.path, record])),
      documents,
      chunks,
      chunksByLabel,
      figures,
      bm25,
      ...(vectors ? { vectors } : {}),
    };
  } catch (cause) {
    if (cause instanceof PolicyQaError) throw cause;
    throw corrupt(dir, (cause as Error).message, cause);
  }
}

function hasVectors(manifest: IndexManifest): boolean {
  return manifest.embedding.dimensions > 0;
}

/** Records of a JSONL file, each line decoded on its own: one decode of 100 MB of Chinese would hold the event loop for half a second. */
function* parseJsonl<T>(content: Buffer): Generator<T> {
  for (let start = 0; start < content.length; ) {
    let end = content.indexOf(0x0a, start);
    if (end < 0) end = content.length;
    if (end > start) yield JSON.parse(content.toString('utf8', start, end)) as T;
    start = end + 1;
  }
}

/**
 * Writes the index as a new generation inside `dir` and makes it the live one in a single rename;
 * the previous generation is removed after. The caller holds the folder's lock (see location.ts).
 */
export async function saveIndex(dir: string, index: FilesIndex): Promise<void> {
  const target = path.resolve(dir);
  await mkdir(target, { recursive: true });
  await tidyIndexFolder(target);
  const generation = path.join(target, newGenerationName());
  await mkdir(generation);

  const checksums: Record<string, string> = {};
  const syncs: Array<Promise<void>> = [];
  const record = (name: string, { sha256, synced }: Written) => {
    checksums[name] = sha256;
    syncs.push(synced);
  };
  record(files.files, await writeWhole(path.join(generation, files.files), JSON.stringify([...index.files.values()], null, 1)));
  record(files.documents, await writeJsonl(path.join(generation, files.documents), index.documents.values()));
  const storedChunks = function* () {
    for (const chunk of index.chunks.values()) yield storedChunk(chunk);
  };
  record(files.chunks, await writeJsonl(path.join(generation, files.chunks), storedChunks()));
  record(files.figures, await writeJsonl(path.join(generation, files.figures), storedFigures(index)));
  record(files.bm25, await writeParts(path.join(generation, files.bm25), index.bm25.serializedParts()));
  if (index.vectors) {
    await index.vectors.save(path.join(generation, files.vectors));
    checksums[files.vectors] = createHash('sha256').update(await readFile(path.join(generation, files.vectors))).digest('hex');
  }
  await Promise.all(syncs);
  index.manifest = { ...index.manifest, checksums };
  // The manifest goes last, once every other file is on disk, then CURRENT names the generation: a
  // crash before that leaves the old index live.
  const manifest = await writeWhole(path.join(generation, files.manifest), JSON.stringify(index.manifest, null, 2));
  await manifest.synced;

  await publishGeneration(target, generation);
  await tidyIndexFolder(target);
}
