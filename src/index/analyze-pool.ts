/**
 * Worker threads that analyse corpus texts (clean, split, chunk, tokenise, find figures:
 * analyze.ts) while the main thread reads files and fills the index. Results come back in the
 * order asked, so labels, and therefore the whole index, are the same as when one thread does
 * everything. A text crosses to a worker once, raw, and comes back once, cleaned, as its
 * documents; chunks travel without their text (a slice of their document's).
 */
import { Worker } from 'node:worker_threads';
import type { ChunkingConfig } from '../config.js';
import type { Chunk, PolicyDocument, SourceText } from '../types.js';
import type { DocumentAnalysis, SourceAnalysis } from './analyze.js';

/** Texts per message: enough to make the cost of a message small next to the work. */
const BATCH = 32;
/** Batches queued per worker at most: more would copy a whole corpus into the workers' queues at once. */
const QUEUED_PER_WORKER = 4;
/** Joins a chunk's tokens for the trip between threads: one string clones far faster than an array of thousands. */
const SEPARATOR = '\u0001';

export interface AnalyzeRequest {
  id: number;
  sources: SourceText[];
}

/** An analysis as it travels: chunks without their text (it is the document's, sliced), tokens joined. */
export interface PackedAnalysis {
  chunks: Array<Omit<Chunk, 'text'>>;
  tokens: string[];
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
  const figures = analysis.figures.map((figure) => {
    const sentenceAt = document.text.indexOf(figure.sentence, Math.max(0, figure.start - figure.sentence.length));
    const measureAt = sentenceAt < 0 ? -1 : document.text.indexOf(figure.measure, sentenceAt);
    figureText.push(sentenceAt, figure.sentence.length, measureAt, figure.measure.length);
    return { ...figure, ...(measureAt >= 0 ? { measure: '' } : {}), ...(sentenceAt >= 0 ? { sentence: '' } : {}) };
  });
  return {
    chunks: analysis.chunks.map(({ text: _text, ...chunk }) => chunk),
    tokens: analysis.tokens.map((tokens) => tokens.join(SEPARATOR)),
    figures,
    figureText,
    ...(analysis.signature ? { signature: analysis.signature } : {}),
  };
}

function unpack(packed: PackedAnalysis, document: PolicyDocument): DocumentAnalysis {
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
  const tokens = packed.tokens.map((joined) => (joined === '' ? [] : joined.split(SEPARATOR)));
  return { chunks, tokens, figures: packed.figures, ...(packed.signature ? { signature: packed.signature } : {}) };
}

interface Slot {
  worker: Worker;
  busy: number;
}

export class AnalyzePool {
  private readonly slots: Slot[];
  private readonly waiting = new Map<number, { resolve: (analyses: PackedSource[]) => void; reject: (error: Error) => void; slot: Slot }>();
  private nextId = 0;
  /** Sends waiting for a worker's queue to have room, oldest first. */
  private readonly backlog: Array<() => void> = [];

  constructor(size: number, chunking: ChunkingConfig) {
    const entry = new URL('./analyze-worker-main.ts', import.meta.url).href;
    this.slots = Array.from({ length: size }, () => {
      const slot: Slot = { worker: new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { entry, chunking } }), busy: 0 };
      slot.worker.on('message', ({ id, analyses, error }: { id: number; analyses?: PackedSource[]; error?: string }) => {
        const request = this.waiting.get(id);
        if (!request) return;
        this.waiting.delete(id);
        request.slot.busy--;
        this.backlog.shift()?.();
        if (error !== undefined) request.reject(new Error(error));
        else request.resolve(analyses!);
      });
      slot.worker.on('error', (error) => this.failAll(error));
      slot.worker.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`An analysis worker stopped (exit code ${code}).`));
      });
      return slot;
    });
  }

  /** The analyses of `sources`, in their order. */
  async analyze(sources: SourceText[]): Promise<SourceAnalysis[]> {
    const batches: Array<Promise<PackedSource[]>> = [];
    for (let start = 0; start < sources.length; start += BATCH) batches.push(this.send(sources.slice(start, start + BATCH)));
    return (await Promise.all(batches)).flat().map(({ documents, analyses }) => ({
      documents,
      analyses: analyses.map((analysis, d) => unpack(analysis, documents[d]!)),
    }));
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private async send(sources: SourceText[]): Promise<PackedSource[]> {
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
