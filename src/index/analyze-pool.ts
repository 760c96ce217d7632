/**
 * Worker threads that analyse corpus texts (clean, split, chunk, tokenise, find figures:
 * analyze.ts) while the main thread reads files and fills the index. Results come back in the
 * order asked, so labels, and therefore the whole index, are the same as when one thread does
 * everything. A text crosses to a worker once, raw, and comes back once, cleaned, as its
 * documents; chunks travel without their text (a slice of their document's), and their search
 * tokens as counts of numbered terms (TermCounter): tens of millions of token strings would
 * otherwise be copied, split and hashed again on the main thread, which fills BM25 alone.
 */
import { Worker } from 'node:worker_threads';
import type { ChunkingConfig } from '../config.js';
import type { Chunk, PolicyDocument, SourceText } from '../types.js';
import type { DocumentAnalysis, SourceAnalysis } from './analyze.js';

/** Texts per message: enough to make the cost of a message small next to the work. */
const BATCH = 32;
/** Batches queued per worker at most: more would copy a whole corpus into the workers' queues at once. */
const QUEUED_PER_WORKER = 4;
/** Joins a chunk's tokens, or a worker's new terms, for the trip between threads: one string clones far faster than an array of thousands. */
export const SEPARATOR = '\u0001';

export interface AnalyzeRequest {
  id: number;
  sources: SourceText[];
}

/** What a worker is asked to send of each chunk's tokens. */
export interface AnalyzeOptions {
  chunking: ChunkingConfig;
  /** The tokens themselves (the embedder segments chunks with them). */
  tokens: boolean;
}

/** A worker's answer to an AnalyzeRequest. */
export interface AnalyzeResponse {
  id: number;
  analyses?: PackedSource[];
  /** Terms the worker numbered while analysing this request (failed or not), in number order, joined by SEPARATOR. */
  terms: string;
  termCount: number;
  error?: string;
}

/** An analysis as it travels: chunks without their text (it is the document's, sliced), tokens counted. */
export interface PackedAnalysis {
  chunks: Array<Omit<Chunk, 'text'>>;
  /** Per chunk in order: [number of distinct terms n, then its n (term number, count) pairs], term numbers the worker's. */
  counts: Uint32Array;
  /** Per chunk, its tokens joined by SEPARATOR, when asked for. */
  tokens?: string[];
  /** Figures whose sentence and measure are '' where `figureText` places them in the document's text. */
  figures: DocumentAnalysis['figures'];
  /** Per figure: offset and length of its sentence in the document text, then its measure's; offset -1 where the figure keeps its own. */
  figureText: number[];
  signature?: Uint32Array;
}

/** A source's analysis as it travels: its documents whole, their analyses packed. */
export interface PackedSource {
  documents: PolicyDocument[];
  analyses: PackedAnalysis[];
}

export function packSource({ documents, analyses }: SourceAnalysis): PackedSource {
  return { documents, analyses: analyses.map((analysis, d) => pack(analysis, documents[d]!)) };
}

/**
 * A figure's sentence and measure are phrases of its document: sent as offsets, they come back as
 * slices of the document's text, which share its memory, instead of one copy per figure (a news
 * corpus has 320k figures, several to a sentence).
 */
function pack(analysis: DocumentAnalysis, document: PolicyDocument): PackedAnalysis {
  const figureText: number[] = [];
  // The figures are this analysis's own, so they are emptied in place: a copy by object spread
  // per figure cost more than finding the offsets.
  const figures = analysis.figures;
  for (const figure of figures) {
    const sentenceAt = document.text.indexOf(figure.sentence, Math.max(0, figure.start - figure.sentence.length));
    const measureAt = sentenceAt < 0 ? -1 : document.text.indexOf(figure.measure, sentenceAt);
    figureText.push(sentenceAt, figure.sentence.length, measureAt, figure.measure.length);
    if (measureAt >= 0) figure.measure = '';
    if (sentenceAt >= 0) figure.sentence = '';
  }
  // One array per document: a typed array per chunk would cost a buffer each to send.
  const perChunk = analysis.counts!;
  const counts = new Uint32Array(perChunk.reduce((sum, pairs) => sum + 1 + pairs.length, 0));
  let at = 0;
  for (const pairs of perChunk) {
    counts[at++] = pairs.length / 2;
    counts.set(pairs, at);
    at += pairs.length;
  }
  return {
    chunks: analysis.chunks.map(({ text: _text, ...chunk }) => chunk),
    counts,
    ...(analysis.tokens ? { tokens: analysis.tokens.map((tokens) => tokens.join(SEPARATOR)) } : {}),
    figures,
    figureText,
    ...(analysis.signature ? { signature: analysis.signature } : {}),
  };
}

/** `packed`, its term numbers made BM25's by `termIds` (worker number → BM25 id). */
function unpack(packed: PackedAnalysis, document: PolicyDocument, termIds: Uint32Array): DocumentAnalysis {
  const chunks = packed.chunks.map((chunk) => ({ ...chunk, text: document.text.slice(chunk.start, chunk.end) }));
  const chunkIds = new Map(chunks.map((chunk) => [chunk.id, chunk.id]));
  const text = packed.figureText;
  for (const [f, figure] of packed.figures.entries()) {
    const [sentenceAt, sentenceLength, measureAt, measureLength] = [text[4 * f]!, text[4 * f + 1]!, text[4 * f + 2]!, text[4 * f + 3]!];
    if (sentenceAt >= 0) figure.sentence = document.text.slice(sentenceAt, sentenceAt + sentenceLength);
    if (measureAt >= 0) figure.measure = document.text.slice(measureAt, measureAt + measureLength);
    // One string per document and chunk id, not one per figure.
    if (figure.docId === document.id) figure.docId = document.id;
    figure.chunkId = chunkIds.get(figure.chunkId) ?? figure.chunkId;
  }
  // Each chunk's pairs, renumbered in place, as a view of the one array.
  const counts: Uint32Array[] = [];
  const pairs = packed.counts;
  for (let at = 0; at < pairs.length; ) {
    const n = pairs[at++]!;
    for (let i = at; i < at + 2 * n; i += 2) pairs[i] = termIds[pairs[i]!]!;
    counts.push(pairs.subarray(at, at + 2 * n));
    at += 2 * n;
  }
  return {
    chunks,
    counts,
    ...(packed.tokens ? { tokens: packed.tokens.map((joined) => (joined === '' ? [] : joined.split(SEPARATOR))) } : {}),
    figures: packed.figures,
    ...(packed.signature ? { signature: packed.signature } : {}),
  };
}

interface Slot {
  worker: Worker;
  busy: number;
  /** The worker's term numbers → BM25 term ids, for the `known` terms it has sent so far. */
  termIds: Uint32Array;
  known: number;
}

export class AnalyzePool {
  private readonly slots: Slot[];
  private readonly waiting = new Map<number, { resolve: (analyses: SourceAnalysis[]) => void; reject: (error: Error) => void; slot: Slot }>();
  private nextId = 0;
  /** Sends waiting for a worker's queue to have room, oldest first. */
  private readonly backlog: Array<() => void> = [];
  /** Why no more analyses can be had, once that is so. */
  private broken: Error | undefined;

  /**
   * @param termId BM25's id for a term (Bm25Index.termId): analyses carry their chunks' tokens
   *   as counts of these ids
   * @param withTokens whether analyses carry the tokens themselves too
   */
  constructor(size: number, chunking: ChunkingConfig, termId: (term: string) => number, withTokens = false) {
    const entry = new URL('./analyze-worker-main.ts', import.meta.url).href;
    const options: AnalyzeOptions = { chunking, tokens: withTokens };
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { entry, options } });
      const slot: Slot = { worker, busy: 0, termIds: new Uint32Array(1 << 12), known: 0 };
      slot.worker.on('message', ({ id, analyses, terms, termCount, error }: AnalyzeResponse) => {
        const request = this.waiting.get(id);
        if (!request) return;
        this.waiting.delete(id);
        request.slot.busy--;
        this.backlog.shift()?.();
        try {
          this.learn(slot, terms, termCount, termId);
          if (error !== undefined) throw new Error(error);
          request.resolve(
            analyses!.map(({ documents, analyses }) => ({
              documents,
              analyses: analyses.map((analysis, d) => unpack(analysis, documents[d]!, slot.termIds)),
            })),
          );
        } catch (failure) {
          request.reject(failure as Error);
        }
      });
      slot.worker.on('error', (error) => this.failAll(error));
      slot.worker.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`An analysis worker stopped (exit code ${code}).`));
      });
      return slot;
    });
  }

  /**
   * The terms a worker numbered, in its order. A worker's messages arrive in the order it sent
   * them, so each term is known before any count that uses it is read; a failed request sends the
   * terms it numbered too, or the numbering would be off from then on.
   */
  private learn(slot: Slot, terms: string, termCount: number, termId: (term: string) => number): void {
    if (termCount === 0) return;
    const learnt = terms.split(SEPARATOR);
    if (learnt.length !== termCount) {
      // Only a term holding the separator does this, and then nothing more of this worker can be read.
      this.broken = new Error('An analysis worker sent a term holding the separator.');
      this.failAll(this.broken);
      throw this.broken;
    }
    if (slot.known + termCount > slot.termIds.length) {
      const termIds = new Uint32Array(Math.max(2 * slot.termIds.length, slot.known + termCount));
      termIds.set(slot.termIds);
      slot.termIds = termIds;
    }
    for (const term of learnt) slot.termIds[slot.known++] = termId(term);
  }

  /** The analyses of `sources`, in their order. */
  async analyze(sources: SourceText[]): Promise<SourceAnalysis[]> {
    const batches: Array<Promise<SourceAnalysis[]>> = [];
    for (let start = 0; start < sources.length; start += BATCH) batches.push(this.send(sources.slice(start, start + BATCH)));
    return (await Promise.all(batches)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private async send(sources: SourceText[]): Promise<SourceAnalysis[]> {
    if (this.broken) throw this.broken;
    while (this.slots.every((slot) => slot.busy >= QUEUED_PER_WORKER)) await new Promise<void>((resolve) => this.backlog.push(resolve));
    const slot = this.slots.reduce((least, slot) => (slot.busy < least.busy ? slot : least));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, sources } satisfies AnalyzeRequest);
    });
  }

  private failAll(error: Error): void {
    for (const [id, request] of this.waiting) {
      this.waiting.delete(id);
      request.reject(error);
    }
  }
}
