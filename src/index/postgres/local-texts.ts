/**
 * The texts and figures of an index read from Postgres, kept in a file on this machine instead of
 * the app process's memory: what stays in memory is each document's metadata and each passage's
 * place, so a server's memory does not grow with the corpus's text. A document's text is read back
 * when something reads `document.text` (a synchronous read of a few kilobytes, from the page cache
 * once warm); the most recently read are kept decoded. The file is unlinked as soon as it is
 * created: it lives as long as the index is open, and a crash leaves nothing behind.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { policyError } from '../../errors.js';
import type { Figure, PolicyDocument } from '../../types.js';
import { figureOf, type FigureList, type IndexedChunk, type StoredChunk, type StoredFigure } from '../store.js';

/** What is kept decoded, the least recently read leaving first: characters of texts, documents' figures. */
const TEXT_CACHE_CHARS = 4_000_000;
const FIGURE_CACHE_DOCUMENTS = 2_000;

/** Where a record lies in the file: byte offset and length. */
type Place = [offset: number, length: number];

export class LocalTexts {
  private readonly fd: number;
  private written = 0;
  private readonly textPlaces = new Map<string, Place>();
  private readonly figurePlaces = new Map<string, Place>();
  private readonly texts: LruCache<string>;
  private readonly figureCache: LruCache<Figure[]>;
  private figureCount = 0;
  private closed = false;
  private readonly documentPrototype: object;
  private readonly chunkPrototype: object;

  constructor(
    private readonly documents: ReadonlyMap<string, PolicyDocument>,
    private readonly chunks: ReadonlyMap<string, IndexedChunk>,
    { folder = os.tmpdir(), cachedChars = TEXT_CACHE_CHARS, cachedFigureDocuments = FIGURE_CACHE_DOCUMENTS } = {},
  ) {
    this.texts = new LruCache<string>((text) => text.length, cachedChars);
    this.figureCache = new LruCache<Figure[]>(() => 1, cachedFigureDocuments);
    const texts = this;
    this.documentPrototype = Object.create(Object.prototype, {
      text: {
        get(this: PolicyDocument) {
          return texts.text(this.id);
        },
      },
    });
    this.chunkPrototype = Object.create(Object.prototype, {
      text: {
        get(this: IndexedChunk) {
          return texts.text(this.docId).slice(this.start, this.end);
        },
      },
    });
    const file = path.join(folder, `policy-qa-texts-${process.pid}-${randomUUID()}`);
    // (wx: a new file, never one that exists.)
    this.fd = openSync(file, 'wx+', 0o600);
    unlinkSync(file);
  }

  /**
   * A document as the database stores it, its text moved to the file: `document.text` reads it back.
   * (A getter on a shared prototype: an own accessor would leave 68k objects in V8's slow
   * dictionary mode, three times the memory. Spread or JSON.stringify leave the text out.)
   */
  document(record: PolicyDocument): PolicyDocument {
    this.textPlaces.set(record.id, this.append(record.text));
    return copyWithout(record, 'text', this.documentPrototype);
  }

  /** A passage, its text read from its document's. */
  chunk(stored: StoredChunk): IndexedChunk {
    return copyWithout(stored as IndexedChunk, 'text', this.chunkPrototype);
  }

  /** A document's figures as stored, in order (given together, or in parts in order). */
  figures(docId: string, stored: StoredFigure[]): void {
    const earlier = this.figurePlaces.get(docId);
    const all = earlier ? [...(JSON.parse(this.read(earlier)) as StoredFigure[]), ...stored] : stored;
    this.figurePlaces.set(docId, this.append(JSON.stringify(all)));
    this.figureCount += stored.length;
  }

  /** The figures as a list read a document at a time. */
  figureList(): FigureList {
    const texts = this;
    return {
      get length() {
        return texts.figureCount;
      },
      ofDocument: (docId) => this.figuresOf(docId),
      *[Symbol.iterator]() {
        // (Read through once, in order, without taking the cache's room from the questions.)
        for (const docId of texts.documents.keys()) yield* texts.figuresOf(docId, false);
      },
    };
  }

  /** Closes the file; reading a text after is an error (the descriptor may by then be another file's). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private text(id: string, cache = true): string {
    if (this.closed) throw policyError('INDEX_CLOSED');
    const cached = this.texts.get(id);
    if (cached !== undefined) return cached;
    const place = this.textPlaces.get(id);
    const text = place ? this.read(place) : '';
    if (cache) this.texts.set(id, text);
    return text;
  }

  private figuresOf(docId: string, cache = true): Figure[] {
    if (this.closed) throw policyError('INDEX_CLOSED');
    const cached = this.figureCache.get(docId);
    if (cached) return cached;
    const place = this.figurePlaces.get(docId);
    if (!place) return [];
    const text = this.text(docId, cache);
    const figures = (JSON.parse(this.read(place)) as StoredFigure[]).map((stored) => {
      const figure = figureOf(stored, this.chunks.get(stored.chunkId)!, text);
      // (Copies, not slices: a slice keeps its whole document's text alive as long as the figure.)
      figure.sentence = detached(figure.sentence);
      figure.measure = detached(figure.measure);
      return figure;
    });
    if (cache) this.figureCache.set(docId, figures);
    return figures;
  }

  private append(text: string): Place {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    const place: Place = [this.written, bytes.length];
    this.written += bytes.length;
    return place;
  }

  private read([offset, length]: Place): string {
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, bytes, done, length - done, offset + done);
      if (n === 0) throw new Error(`the local copy of the index's texts ends before byte ${offset + length}`);
      done += n;
    }
    return bytes.toString('utf8');
  }
}

/** A string of its own, not a slice of a longer one that it would keep in memory. */
function detached(text: string): string {
  return structuredClone(text);
}

/** A copy of `record` on `prototype`, without one key (copied key by key: see the comment on document()). */
function copyWithout<T extends object>(record: T, skip: keyof T, prototype: object): T {
  const copy = Object.create(prototype) as Record<string, unknown>;
  for (const key in record) if (key !== skip) copy[key] = record[key];
  return copy as T;
}

/** A map that keeps its most recently used entries up to a total weight. */
class LruCache<T> {
  private readonly entries = new Map<string, T>();
  private total = 0;

  constructor(
    private readonly weigh: (value: T) => number,
    private readonly capacity: number,
  ) {}

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // (Map keeps insertion order: re-inserted, it is the most recent.)
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: T): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.total -= this.weigh(previous);
    }
    this.entries.set(key, value);
    this.total += this.weigh(value);
    for (const [oldest, old] of this.entries) {
      if (this.total <= this.capacity || oldest === key) break;
      this.entries.delete(oldest);
      this.total -= this.weigh(old);
    }
  }
}
