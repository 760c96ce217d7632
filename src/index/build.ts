/**
 * Building and updating the index from a corpus folder, incrementally: files whose content hash
 * is unchanged keep their documents, chunks, figures and vectors; changed and new files are
 * processed; removed files are dropped. A file that fails to load is reported and skipped, and if
 * an earlier version of it was indexed, that version is kept.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config, IngestLimitsConfig } from '../config.js';
import { isPolicyQaError } from '../errors.js';
import { listCorpusFiles, loadFile, readJsonlRecords } from '../ingest/loaders.js';
import { tokenize } from '../text/tokenize.js';
import type { IngestProblem, SourceText } from '../types.js';
import { Bm25Index } from './bm25.js';
import { createEmbedder, type Embedder } from './embed/embedder.js';
import { assertWritableIndexPath, lockIndex, recoverSiblings } from './location.js';
import {
  INDEX_FORMAT_VERSION,
  indexExists,
  loadIndex,
  readFileRecords,
  readManifest,
  saveIndex,
  verifyIndex,
  type FileRecord,
  type IndexedChunk,
  type IndexManifest,
  type FilesIndex,
} from './store.js';
import { analyzeSources, chunkSearchText, type SourceAnalysis } from './analyze.js';
import { AnalyzePool } from './analyze-pool.js';
import { groupDuplicates } from './duplicates.js';
import { VectorIndex } from './vector-index.js';
import { eventLoopYielder } from './yielder.js';

/** Below this much corpus to process, starting worker threads (a second each: tsx, jieba's dictionaries) costs more than it saves. */
const WORKERS_FROM_BYTES = 4_000_000;
/** Corpus texts (a .jsonl record, a file) per batch handed to analysis. */
const SOURCES_PER_BATCH = 64;
/** Batches read ahead of the one being applied to the index: enough to keep the workers busy, few enough to bound memory. */
const BATCHES_IN_FLIGHT = 8;

/** Changes whenever cleaning, splitting, chunking or tokenisation change what gets stored. */
export const PIPELINE_VERSION = 'clean6-split14-chunk6-figures18-jieba11-dups1';

/** `index`: reading, cleaning, chunking, tokenising and embedding, interleaved file by file; `save`: writing the index. */
export type BuildPhase = 'index' | 'save';

export interface BuildProgress {
  phase: BuildPhase;
  done: number;
  total: number;
  /** What `done` and `total` count. */
  unit: 'bytes' | 'steps';
  /** The file being indexed. */
  file?: string;
}

export interface BuildOptions {
  /** Ignore the existing index and build from scratch. */
  rebuild?: boolean;
  onProgress?: (progress: BuildProgress) => void;
  /** Called for every input problem as it happens (the summary lists them all too). */
  onProblem?: (problem: IngestProblem) => void;
  /** Injected for tests; defaults to the configured embedder. */
  embedder?: Embedder;
  /** Corpus bytes to process from which worker threads are used (default 4 MB; tests lower it). */
  workersFromBytes?: number;
}

export interface BuildSummary {
  indexDir: string;
  /** Why the whole index was rebuilt, when it was. */
  rebuildReason?: string;
  files: { total: number; added: number; changed: number; removed: number; unchanged: number; failed: number };
  documents: number;
  chunks: number;
  figures: number;
  /** Bytes of corpus files read and processed in this run. */
  bytesProcessed: number;
  seconds: number;
  megabytesPerSecond: number;
  problems: IngestProblem[];
}

function fingerprint(records: Iterable<FileRecord>): string {
  const hash = createHash('sha256');
  for (const record of [...records].sort((a, b) => a.path.localeCompare(b.path))) hash.update(`${record.path}\0${record.sha256}\n`);
  return hash.digest('hex');
}

function emptyIndex(config: Config, embedder: Embedder): FilesIndex {
  const now = new Date().toISOString();
  return {
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      createdAt: now,
      updatedAt: now,
      corpusFingerprint: '',
      corpusDir: config.corpusDir,
      counts: { files: 0, documents: 0, chunks: 0, figures: 0 },
      embedding: { id: embedder.id, dimensions: embedder.dimensions },
      pipelineVersion: PIPELINE_VERSION,
      bm25: config.bm25,
      hnsw: config.hnsw,
      chunking: config.chunking,
      nextLabel: 0,
      checksums: {},
    },
    files: new Map(),
    documents: new Map(),
    chunks: new Map(),
    chunksByLabel: new Map(),
    figures: [],
    bm25: new Bm25Index(config.bm25),
    ...(embedder.dimensions > 0 ? { vectors: VectorIndex.create(embedder.dimensions, config.hnsw) } : {}),
  };
}

/** Why an index built with `manifest` cannot be updated in place under `config`, if it cannot. */
function staleReason(manifest: IndexManifest, config: Config, embedder: Embedder): string | undefined {
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) return `the index format changed (${manifest.formatVersion} → ${INDEX_FORMAT_VERSION})`;
  if (manifest.embedding.id !== embedder.id) {
    return `the embedding model changed from ${manifest.embedding.id} to ${embedder.id}, so every chunk must be embedded again`;
  }
  if (manifest.pipelineVersion !== PIPELINE_VERSION) return `the ingestion pipeline changed (${manifest.pipelineVersion} → ${PIPELINE_VERSION})`;
  const built = JSON.stringify([manifest.chunking, manifest.bm25, manifest.hnsw.m, manifest.hnsw.efConstruction]);
  const wanted = JSON.stringify([config.chunking, config.bm25, config.hnsw.m, config.hnsw.efConstruction]);
  if (built !== wanted) return 'chunking or index settings changed';
  return undefined;
}

/** Loads the existing index, or says why it has to be rebuilt from scratch. */
async function openExisting(config: Config, embedder: Embedder, rebuild: boolean): Promise<{ index?: FilesIndex; reason?: string }> {
  if (rebuild) return { reason: 'rebuild requested' };
  if (!indexExists(config.indexDir)) return {};
  try {
    // The manifest alone says whether the index can be reused; only then is the rest loaded.
    const reason = staleReason(await readManifest(config.indexDir), config, embedder);
    if (reason) return { reason };
    return { index: await loadIndex(config.indexDir) };
  } catch (error) {
    return { reason: `the existing index could not be read (${(error as Error).message})` };
  }
}

/** sha256 of a file, streamed: a corpus file of hundreds of MB is never held whole for it. */
async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The common case of a re-run: nothing changed. Answered from the manifest and file records alone,
 * without loading (and rewriting) the BM25 and HNSW indexes.
 */
async function unchangedSummary(config: Config, embedder: Embedder, corpusFiles: string[], began: number): Promise<BuildSummary | undefined> {
  if (!indexExists(config.indexDir)) return undefined;
  try {
    const manifest = await readManifest(config.indexDir);
    if (staleReason(manifest, config, embedder)) return undefined;
    const records = await readFileRecords(config.indexDir);
    const indexed = new Map(records.map((record) => [record.path, record]));
    // Files that failed last time have no record; they are tried again by a full run.
    if (records.length !== corpusFiles.length || corpusFiles.some((file) => !indexed.has(file))) return undefined;
    for (const file of corpusFiles) {
      if ((await hashFile(path.join(config.corpusDir, file)).catch(() => undefined)) !== indexed.get(file)!.sha256) return undefined;
    }
    // Only then every index file against its checksum (a changed corpus loads, and so checks, the index
    // anyway): a damaged index is never reported "unchanged".
    await verifyIndex(config.indexDir);
    const seconds = (performance.now() - began) / 1000;
    return {
      indexDir: config.indexDir,
      files: { total: corpusFiles.length, added: 0, changed: 0, removed: 0, unchanged: corpusFiles.length, failed: 0 },
      documents: manifest.counts.documents,
      chunks: manifest.counts.chunks,
      figures: manifest.counts.figures,
      bytesProcessed: 0,
      seconds,
      megabytesPerSecond: 0,
      problems: records.flatMap((record) => record.problems),
    };
  } catch {
    return undefined;
  }
}

/**
 * The texts of one corpus file, as they are read: a .jsonl file record by record (never whole in
 * memory), any other file at once. Whole-file failures throw; bad JSONL lines become problems.
 */
async function* readSources(corpusDir: string, relativePath: string, limits: IngestLimitsConfig): AsyncGenerator<{ text?: SourceText; problem?: IngestProblem }> {
  if (relativePath.toLowerCase().endsWith('.jsonl')) {
    yield* readJsonlRecords(path.join(corpusDir, relativePath), relativePath, limits);
    return;
  }
  const loaded = await loadFile(corpusDir, relativePath, limits);
  for (const problem of loaded.problems) yield { problem };
  for (const text of loaded.texts) yield { text };
}

export { chunkSearchText } from './analyze.js';

function removeFileFromIndex(index: FilesIndex, record: FileRecord): void {
  const documentIds = new Set(record.documentIds);
  const labels: number[] = [];
  for (const document of record.documentIds) {
    // Chunk ids are `${docId}#${ordinal}`, numbered from 0 without gaps.
    for (let ordinal = 0; ; ordinal++) {
      const chunk = index.chunks.get(`${document}#${ordinal}`);
      if (!chunk) break;
      labels.push(chunk.label);
      index.vectors?.remove(chunk.label);
      index.chunks.delete(chunk.id);
      index.chunksByLabel.delete(chunk.label);
    }
    index.documents.delete(document);
  }
  index.bm25.removeMany(labels);
  index.figures = index.figures.filter((figure) => !documentIds.has(figure.docId));
}

/**
 * Ingests `config.corpusDir` into `config.indexDir`. The index on disk is replaced only when the
 * whole run succeeded, so an interrupted or failing run leaves the previous index in place. The
 * index folder is checked first (never a user's file, a non-index folder or the corpus) and locked
 * for the run, so two builds cannot discard each other's work.
 */
export async function buildIndex(config: Config, options: BuildOptions = {}): Promise<BuildSummary> {
  const began = performance.now();
  const corpusFiles = await listCorpusFiles(config.corpusDir);
  assertWritableIndexPath(config.indexDir, config.corpusDir);
  await recoverSiblings(config.indexDir);
  await mkdir(config.indexDir, { recursive: true });
  const release = await lockIndex(config.indexDir);
  try {
    return await buildLocked(config, options, corpusFiles, began);
  } finally {
    await release();
  }
}

async function buildLocked(config: Config, options: BuildOptions, corpusFiles: string[], began: number): Promise<BuildSummary> {
  // Each chunk is segmented once: the BM25 tokens computed for a chunk are handed to the embedder.
  const wordCache = new Map<string, string[]>();
  const embedder = options.embedder ?? createEmbedder(config.embedding, { segmentWords: (text) => wordCache.get(text) ?? tokenize(text) });
  const problems: IngestProblem[] = [];
  const report = (problem: IngestProblem) => {
    problems.push(problem);
    options.onProblem?.(problem);
  };

  if (!options.rebuild) {
    const unchanged = await unchangedSummary(config, embedder, corpusFiles, began);
    if (unchanged) {
      for (const problem of unchanged.problems) report(problem);
      return unchanged;
    }
  }
  const { index: existing, reason } = await openExisting(config, embedder, options.rebuild ?? false);
  const index = existing ?? emptyIndex(config, embedder);
  const counts = { total: corpusFiles.length, added: 0, changed: 0, removed: 0, unchanged: 0, failed: 0 };

  for (const [filePath, record] of [...index.files]) {
    if (corpusFiles.includes(filePath)) continue;
    removeFileFromIndex(index, record);
    index.files.delete(filePath);
    counts.removed++;
  }

  const sizes = await Promise.all(corpusFiles.map(async (file) => (await stat(path.join(config.corpusDir, file))).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  let bytesDone = 0;
  /** Bytes of files skipped (unchanged, unreadable, failed): counted as done as soon as they are passed. */
  let bytesSkipped = 0;
  let bytesProcessed = 0;
  /** `within`: bytes of `file` applied so far. */
  const progress = (file?: string, within = 0) =>
    options.onProgress?.({ phase: 'index', done: Math.min(totalBytes, bytesDone + bytesSkipped + within), total: totalBytes, unit: 'bytes', ...(file ? { file } : {}) });

  const yieldNow = eventLoopYielder();

  /** MinHash signatures of the documents analysed in this run, for grouping near-duplicates at the end. */
  const signatures = new Map<string, Uint32Array | undefined>();

  /** Chunks waiting to be embedded, in batches so vectors are computed while reading goes on and memory stays bounded. */
  const pending: Array<{ label: number; text: string }> = [];
  const batchSize = Math.max(1, config.embedding.provider === 'hash' ? 512 : config.embedding.batchSize);
  const embedPending = async () => {
    if (pending.length === 0) return;
    const vectors = await embedder.embed(pending.map((p) => p.text));
    for (const [j, vector] of vectors.entries()) index.vectors!.add(pending[j]!.label, vector);
    pending.length = 0;
    wordCache.clear();
    // Let timers run (progress bar, signals): the offline embedder never yields on its own.
    await yieldNow();
  };

  // Corpus texts are analysed (cleaned, split, chunked, tokenised, figures found) by worker threads
  // when the work left is large enough to pay for starting them (an incremental run over a few files
  // is not). Texts go out in batches as they are read, and batches are applied to the index strictly
  // in corpus order, so labels and every index file are the same with or without workers, and only
  // the batches in flight are ever held beyond what the index itself keeps.
  let pool: AnalyzePool | undefined;
  const analyze = async (sources: SourceText[]): Promise<SourceAnalysis[]> => {
    const workLeft = totalBytes - bytesSkipped - bytesDone;
    if (!pool && config.ingest.workers > 0 && workLeft >= (options.workersFromBytes ?? WORKERS_FROM_BYTES)) {
      // The embedder segments chunks with their BM25 tokens: only then do the tokens themselves come back.
      pool = new AnalyzePool(config.ingest.workers, config.chunking, (term) => index.bm25.termId(term), index.vectors !== undefined);
    }
    if (pool) return pool.analyze(sources);
    const analyses: SourceAnalysis[] = [];
    for (const source of sources) {
      analyses.push(...analyzeSources([source], config.chunking));
      await yieldNow();
    }
    return analyses;
  };

  /** A corpus file being read and applied. */
  interface FileRun {
    file: string;
    bytes: number;
    hash: string;
    previous?: FileRecord;
    /** Whether the previous version's documents are out of the index yet. */
    replaced: boolean;
    documentIds: string[];
    problems: IngestProblem[];
    /** Bytes of the file's texts applied so far (an estimate of how far into the file the index is). */
    bytesApplied: number;
  }
  /** Batches read and being analysed, oldest first; `end` closes a file once its batches are applied. */
  const inFlight: Array<{ run: FileRun; end?: true; bytes: number; analyses?: Promise<SourceAnalysis[]> }> = [];

  const applyBatch = async (run: FileRun, results: SourceAnalysis[], bytes: number) => {
    if (run.previous && !run.replaced) {
      removeFileFromIndex(index, run.previous);
      run.replaced = true;
    }
    for (const { documents, analyses } of results) {
      for (const [d, document] of documents.entries()) {
        run.documentIds.push(document.id);
        index.documents.set(document.id, document);
        const { chunks, tokens, counts, figures, signature } = analyses[d]!;
        signatures.set(document.id, signature);
        for (const [c, chunk] of chunks.entries()) {
          const indexed: IndexedChunk = { ...chunk, label: index.manifest.nextLabel++ };
          index.chunks.set(indexed.id, indexed);
          index.chunksByLabel.set(indexed.label, indexed);
          if (counts) index.bm25.addCounts(indexed.label, counts[c]!);
          else index.bm25.add(indexed.label, tokens![c]!);
          if (index.vectors) {
            const text = chunkSearchText(indexed);
            if (tokens) wordCache.set(text, tokens[c]!);
            pending.push({ label: indexed.label, text });
          }
        }
        for (const figure of figures) index.figures.push(figure);
        await yieldNow();
        if (pending.length >= batchSize) await embedPending();
      }
    }
    run.bytesApplied = Math.min(run.bytes, run.bytesApplied + bytes);
    progress(run.file, run.bytesApplied);
  };

  const finishFile = async (run: FileRun) => {
    await embedPending();
    if (run.previous && !run.replaced) {
      // The new version has no documents: the old ones still go.
      removeFileFromIndex(index, run.previous);
      run.replaced = true;
    }
    if (run.documentIds.length === 0 && run.problems.length === 0) {
      const problem: IngestProblem = { code: 'EMPTY_FILE', sourceFile: run.file, message: `${run.file} has no document text after cleaning.` };
      run.problems.push(problem);
      report(problem);
    }
    if (run.previous) counts.changed++;
    else counts.added++;
    index.files.set(run.file, { path: run.file, sha256: run.hash, bytes: run.bytes, documentIds: run.documentIds, problems: run.problems });
    bytesDone += run.bytes;
    run.bytesApplied = 0;
  };

  const applyOldest = async () => {
    const { run, end, bytes, analyses } = inFlight.shift()!;
    if (end) await finishFile(run);
    else await applyBatch(run, await analyses!, bytes);
  };

  const send = async (run: FileRun, sources: SourceText[], bytes: number) => {
    if (sources.length === 0) return;
    const analyses = analyze(sources);
    // Unanswered rejections would surface as unhandled before their turn comes.
    analyses.catch(() => undefined);
    inFlight.push({ run, bytes, analyses });
    while (inFlight.length > BATCHES_IN_FLIGHT) await applyOldest();
  };

  try {
    for (const [i, file] of corpusFiles.entries()) {
      const bytes = sizes[i]!;
      progress(file);
      const previous = index.files.get(file);
      let hash: string;
      try {
        hash = await hashFile(path.join(config.corpusDir, file));
      } catch (error) {
        report({ code: 'UNREADABLE_FILE', sourceFile: file, message: `Cannot read ${file}: ${(error as Error).message}` });
        counts.failed++;
        bytesSkipped += bytes;
        continue;
      }
      if (previous && previous.sha256 === hash) {
        counts.unchanged++;
        bytesSkipped += bytes;
        for (const problem of previous.problems) report(problem);
        continue;
      }

      const run: FileRun = { file, bytes, hash, ...(previous ? { previous } : {}), replaced: false, documentIds: [], problems: [], bytesApplied: 0 };
      let batch: SourceText[] = [];
      let batchBytes = 0;
      // A changed file is read whole before any of it is applied, so that if reading fails the
      // version already indexed stays; a new file is applied as it is read.
      const held: Array<{ sources: SourceText[]; bytes: number }> = [];
      try {
        for await (const { text, problem } of readSources(config.corpusDir, file, config.ingest)) {
          if (problem) run.problems.push(problem);
          if (!text) continue;
          batch.push(text);
          batchBytes += text.text.length * 3;
          if (batch.length < SOURCES_PER_BATCH) continue;
          if (previous) held.push({ sources: batch, bytes: batchBytes });
          else await send(run, batch, batchBytes);
          batch = [];
          batchBytes = 0;
        }
      } catch (error) {
        // Whatever a file does to a loader (a bug, a hostile structure), it costs that file only:
        // what of it was applied already is taken out again.
        if (run.documentIds.length > 0 || inFlight.some((entry) => entry.run === run)) {
          while (inFlight.length > 0) await applyOldest();
          removeFileFromIndex(index, { path: file, sha256: hash, bytes, documentIds: run.documentIds, problems: [] });
        }
        if (isPolicyQaError(error)) report({ code: error.code, sourceFile: file, message: error.message });
        else report({ code: 'UNREADABLE_FILE', sourceFile: file, message: `Cannot read ${file}: ${(error as Error)?.message ?? String(error)}` });
        counts.failed++;
        bytesSkipped += bytes;
        continue;
      }
      for (const problem of run.problems) report(problem);
      bytesProcessed += bytes;
      for (const { sources, bytes: heldBytes } of held) await send(run, sources, heldBytes);
      await send(run, batch, batchBytes);
      inFlight.push({ run, end: true, bytes: 0 });
    }
    while (inFlight.length > 0) await applyOldest();
  } finally {
    await pool?.close();
  }
  bytesDone = totalBytes;
  progress();

  const changed = !existing || counts.added + counts.changed + counts.removed > 0;
  if (changed) await groupDuplicates(index, signatures);
  const now = new Date().toISOString();
  index.manifest = {
    ...index.manifest,
    updatedAt: now,
    corpusDir: config.corpusDir,
    corpusFingerprint: fingerprint(index.files.values()),
    counts: { files: index.files.size, documents: index.documents.size, chunks: index.chunks.size, figures: index.figures.length },
  };
  // Nothing changed: the index on disk is already this one, so skip rewriting hundreds of MB.
  if (changed) {
    options.onProgress?.({ phase: 'save', done: 0, total: 1, unit: 'steps' });
    await saveIndex(config.indexDir, index);
    options.onProgress?.({ phase: 'save', done: 1, total: 1, unit: 'steps' });
  }

  const seconds = (performance.now() - began) / 1000;
  const summary: BuildSummary = {
    indexDir: config.indexDir,
    files: counts,
    documents: index.documents.size,
    chunks: index.chunks.size,
    figures: index.figures.length,
    bytesProcessed,
    seconds,
    megabytesPerSecond: bytesProcessed / 1e6 / Math.max(seconds, 1e-9),
    problems,
  };
  if (reason) summary.rebuildReason = reason;
  return summary;
}
