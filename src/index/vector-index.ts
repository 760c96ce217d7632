/**
 * Approximate nearest-neighbour search by cosine similarity over integer labels (chunk numbers),
 * a thin layer over hnswlib's HNSW graph that fills in what the binding leaves to the caller:
 * growing capacity, idempotent removal, k larger than the live count, reuse of deleted slots, and
 * a live count that survives save/load.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { HnswConfig } from '../config.js';
import { PolicyQaError } from '../errors.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface VectorHit {
  label: number;
  /** Cosine similarity in [-1, 1]; higher is closer. */
  score: number;
}

/** Fixed so that the same inputs build the same graph. */
const RANDOM_SEED = 100;
const GROWTH = 1.5;
const MAX_LABEL = 0xffffffff;

/** What retrieval asks of a vector index, wherever it lives: here ({@link VectorIndex}) or in a database. */
export interface VectorSearch {
  /** Up to `limit` nearest vectors by cosine similarity, best first. */
  search(vector: ArrayLike<number>, limit: number): VectorHit[] | Promise<VectorHit[]>;
}

export class VectorIndex implements VectorSearch {
  readonly dimensions: number;
  private readonly index: Hnsw;
  private readonly efSearch: number;
  private currentEf = -1;
  /**
   * hnswlib counts deleted slots in getCurrentCount and has no call that lists them, so live
   * labels are tracked here. `deleted` may keep a label whose slot addPoint(…, replaceDeleted)
   * has since handed to another label; add() copes with that.
   */
  private readonly live = new Set<number>();
  private readonly deleted = new Set<number>();

  private constructor(index: Hnsw, dimensions: number, hnsw: HnswConfig) {
    this.index = index;
    this.dimensions = dimensions;
    this.efSearch = hnsw.efSearch;
  }

  /** An empty index; `initialCapacity` is only a starting point, add() grows it. */
  static create(dimensions: number, hnsw: HnswConfig, initialCapacity = 1024): VectorIndex {
    const index = new HierarchicalNSW('cosine', dimensions);
    // allowReplaceDeleted: re-ingest removes and adds chunks; new ones take the freed slots
    // instead of growing the file forever.
    index.initIndex(Math.max(1, Math.ceil(initialCapacity)), hnsw.m, hnsw.efConstruction, RANDOM_SEED, true);
    return new VectorIndex(index, dimensions, hnsw);
  }

  /** Live (not removed) vectors. */
  get size(): number {
    return this.live.size;
  }

  has(label: number): boolean {
    return this.live.has(label);
  }

  /** Adds a vector, or replaces the vector of a label already present. */
  add(label: number, vector: ArrayLike<number>): void {
    if (!Number.isInteger(label) || label < 0 || label > MAX_LABEL) {
      throw new RangeError(`Vector label must be an integer in [0, ${MAX_LABEL}], got ${label}`);
    }
    const point = this.toPoint(vector);
    if (this.live.has(label)) {
      this.index.addPoint(point, label);
      return;
    }
    if (this.deleted.delete(label) && this.undelete(label)) {
      // With replacement enabled hnswlib refuses to update a deleted label, hence undelete first.
      this.index.addPoint(point, label);
      this.live.add(label);
      return;
    }
    const vacantSlots = this.index.getCurrentCount() - this.live.size;
    if (vacantSlots === 0 && this.index.getCurrentCount() >= this.index.getMaxElements()) {
      this.index.resizeIndex(Math.ceil(this.index.getMaxElements() * GROWTH) + 1);
    }
    this.index.addPoint(point, label, true);
    this.live.add(label);
  }

  /** Removes a label's vector; unknown or already removed labels are ignored. */
  remove(label: number): void {
    if (!this.live.has(label)) return;
    this.index.markDelete(label);
    this.live.delete(label);
    this.deleted.add(label);
  }

  /** Up to `limit` nearest live vectors, best first. */
  search(vector: ArrayLike<number>, limit: number): VectorHit[] {
    // hnswlib rejects k above its capacity and cannot return more than the live count anyway.
    const k = Math.min(Math.floor(limit), this.live.size);
    if (!(k > 0)) return [];
    const ef = Math.max(this.efSearch, k);
    if (ef !== this.currentEf) {
      this.index.setEf(ef);
      this.currentEf = ef;
    }
    const { neighbors, distances } = this.index.searchKnn(this.toPoint(vector), k);
    // hnswlib's cosine "distance" is 1 − cosine similarity.
    return neighbors.map((label, i) => ({ label, score: 1 - distances[i]! }));
  }

  /** Every live vector by label (unit length: the cosine space stores them normalised), for a copy elsewhere. */
  *vectors(): Generator<{ label: number; vector: number[] }> {
    for (const label of [...this.live].sort((a, b) => a - b)) yield { label, vector: this.index.getPoint(label) };
  }

  /** Writes the index atomically (temporary file, then rename). */
  async save(file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await this.index.writeIndex(temporary);
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  static async load(file: string, dimensions: number, hnsw: HnswConfig): Promise<VectorIndex> {
    const fileDimensions = await readDimensions(file);
    if (fileDimensions !== dimensions) {
      throw new PolicyQaError(
        'INDEX_CORRUPT',
        `The vector index ${file} holds ${fileDimensions}-dimensional vectors, but ${dimensions} were expected.`,
      );
    }
    const index = new HierarchicalNSW('cosine', dimensions);
    try {
      await index.readIndex(file, true);
    } catch (error) {
      throw new PolicyQaError('INDEX_CORRUPT', `The vector index ${file} cannot be read.`, { cause: error });
    }
    const loaded = new VectorIndex(index, dimensions, hnsw);
    for (const label of index.getIdsList()) {
      if (loaded.isLiveInHnsw(label)) loaded.live.add(label);
      else loaded.deleted.add(label);
    }
    return loaded;
  }

  /**
   * hnswlib can say whether a label is deleted only by refusing to delete it again; deleting and
   * restoring a live label is two cheap native calls, far cheaper than getPoint's array copy.
   */
  private isLiveInHnsw(label: number): boolean {
    try {
      this.index.markDelete(label);
    } catch {
      return false;
    }
    this.index.unmarkDelete(label);
    return true;
  }

  /** False when the label's slot has meanwhile been reused for another label. */
  private undelete(label: number): boolean {
    try {
      this.index.unmarkDelete(label);
      return true;
    } catch {
      return false;
    }
  }

  private toPoint(vector: ArrayLike<number>): number[] {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`Vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    }
    // The native binding accepts only plain arrays.
    return Array.from(vector);
  }
}

/**
 * Vector size from an hnswlib file header (six little-endian size_t: offsetLevel0, maxElements,
 * count, sizeDataPerElement, labelOffset, offsetData; the vector sits between offsetData and
 * labelOffset). hnswlib itself would load a file of another dimension without complaint.
 */
async function readDimensions(file: string): Promise<number> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new PolicyQaError('INDEX_CORRUPT', `The vector index ${file} cannot be read.`, { cause: error });
  }
  try {
    const header = Buffer.alloc(48);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    const labelOffset = Number(header.readBigUInt64LE(32));
    const offsetData = Number(header.readBigUInt64LE(40));
    const bytes = labelOffset - offsetData;
    if (bytesRead < header.length || bytes <= 0 || bytes % 4 !== 0) {
      throw new PolicyQaError('INDEX_CORRUPT', `The vector index ${file} is not an hnswlib index.`);
    }
    return bytes / 4;
  } finally {
    await handle.close();
  }
}
