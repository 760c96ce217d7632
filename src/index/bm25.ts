/**
 * Okapi BM25 over integer labels (chunk numbers), built for ~300k chunks and tens of millions of
 * tokens on a small machine.
 *
 * Memory layout (why typed arrays everywhere): a Map of per-posting JS objects would cost
 * ~50 bytes a posting, several GB at this scale. Here a posting is 8 bytes (label + tf in a
 * per-term Uint32Array, kept sorted by label) plus 4 bytes in the per-document term list that
 * makes `remove()` touch only the document's own terms.
 *
 * Labels must be non-negative integers below 2^31; per-document arrays are indexed by label, so
 * memory grows with the largest label, which suits dense chunk numbers.
 */
import { PolicyQaError } from '../errors.js';
import type { Bm25Config } from '../config.js';

export interface Bm25Hit {
  label: number;
  score: number;
}

/**
 * Inverse document frequency, the "plus one inside the log" variant (as in Lucene), which stays
 * positive even for a term present in every document, so a match never lowers a score.
 * @param docCount N ≥ 1, documents in the index
 * @param docFreq df in [1, N], documents containing the term
 */
export function bm25Idf(docCount: number, docFreq: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}

/**
 * One term's contribution to one document's score.
 * @param termFreq tf ≥ 1, occurrences of the term in the document
 * @param docLength tokens in the document (≥ tf)
 * @param avgDocLength mean document length over the index (> 0)
 * @param idf from {@link bm25Idf}
 * @param params k1 in [0, ∞), usually 1.2–2.0: how fast repeated occurrences saturate (0 = tf ignored);
 *   b in [0, 1]: how much long documents are penalised (0 = not at all, 1 = fully by length ratio)
 */
export function bm25TermScore(
  termFreq: number,
  docLength: number,
  avgDocLength: number,
  idf: number,
  params: Bm25Config,
): number {
  const { k1, b } = params;
  return (idf * termFreq * (k1 + 1)) / (termFreq + k1 * (1 - b + (b * docLength) / avgDocLength));
}

const MAGIC = 0x35324d42; // "BM25" read as a little-endian u32
const FORMAT_VERSION = 1;
const HEADER_WORDS = 6; // magic, version, docCount, termCount, postingCount, termsJsonBytes
const MAX_LABEL = 0x7fffffff;
const ABSENT = -1;

/** Returns `array` if it already holds `minLength` items, else a copy grown by at least half. */
function grow<T extends Uint32Array | Int32Array | Float64Array>(array: T, minLength: number, fill?: number): T {
  if (array.length >= minLength) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(minLength, Math.ceil(array.length * 1.5), 16));
  next.set(array);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}

export class Bm25Index {
  private readonly params: Bm25Config;

  private readonly termIds = new Map<string, number>();
  private terms: string[] = [];
  /** Per term: [label0, tf0, label1, tf1, …] sorted by label; capacity may exceed 2·df. */
  private postings: Uint32Array[] = [];
  /** Per term: number of postings (= document frequency). */
  private docFreq = new Int32Array(0);

  /** Per label: token count, or ABSENT. */
  private docLength = new Int32Array(0);
  /** Per label: where its distinct term ids start in `docTerms`, and how many. */
  private docTermStart = new Uint32Array(0);
  private docTermCount = new Uint32Array(0);
  /** Arena of per-document distinct term ids; removed documents leave holes until compaction. */
  private docTerms = new Uint32Array(0);
  private docTermsUsed = 0;
  private docTermsLive = 0;

  private docCount = 0;
  private totalLength = 0;

  /** Search scratch, indexed by label; kept between calls so a query allocates nothing big. */
  private scores = new Float64Array(0);

  constructor(params: Bm25Config) {
    this.params = { k1: params.k1, b: params.b };
  }

  /** Number of documents in the index. */
  get size(): number {
    return this.docCount;
  }

  has(label: number): boolean {
    return label >= 0 && label < this.docLength.length && this.docLength[label]! !== ABSENT;
  }

  /** Adds a document; a label already present is replaced. */
  add(label: number, tokens: readonly string[]): void {
    if (!Number.isInteger(label) || label < 0 || label > MAX_LABEL) {
      throw new RangeError(`BM25 label must be an integer in [0, ${MAX_LABEL}], got ${label}`);
    }
    if (this.has(label)) this.remove(label);
    this.ensureLabel(label);

    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);

    this.docTerms = grow(this.docTerms, this.docTermsUsed + counts.size);
    const start = this.docTermsUsed;
    let k = start;
    for (const [term, tf] of counts) {
      const termId = this.termIdFor(term);
      this.insertPosting(termId, label, tf);
      this.docTerms[k++] = termId;
    }
    this.docTermsUsed = k;
    this.docTermsLive += counts.size;
    this.docTermStart[label] = start;
    this.docTermCount[label] = counts.size;
    this.docLength[label] = tokens.length;
    this.docCount++;
    this.totalLength += tokens.length;
  }

  /** Removes a document and its postings; unknown labels are ignored. */
  remove(label: number): void {
    if (!this.has(label)) return;
    const start = this.docTermStart[label]!;
    const count = this.docTermCount[label]!;
    for (let i = start; i < start + count; i++) this.removePosting(this.docTerms[i]!, label);
    this.totalLength -= this.docLength[label]!;
    this.docLength[label] = ABSENT;
    this.docTermCount[label] = 0;
    this.docCount--;
    this.docTermsLive -= count;
    if (this.docTermsUsed > 1024 && this.docTermsUsed > 2 * this.docTermsLive) this.compactDocTerms();
  }

  /**
   * Top `limit` documents by BM25 score, best first (ties by label). Repeated query tokens count
   * once; tokens not in the index are skipped; only documents matching some token are returned.
   */
  search(queryTokens: readonly string[], limit: number): Bm25Hit[] {
    if (limit <= 0 || this.docCount === 0) return [];
    const avgDocLength = this.totalLength / this.docCount || 1;
    const scores = this.scores;
    const touched: number[] = [];

    for (const token of new Set(queryTokens)) {
      const termId = this.termIds.get(token);
      if (termId === undefined) continue;
      const df = this.docFreq[termId]!;
      if (df === 0) continue;
      const idf = bm25Idf(this.docCount, df);
      const list = this.postings[termId]!;
      for (let i = 0, end = 2 * df; i < end; i += 2) {
        const label = list[i]!;
        // idf > 0 and tf ≥ 1, so a zero score means "first time this document is seen".
        if (scores[label] === 0) touched.push(label);
        scores[label]! += bm25TermScore(list[i + 1]!, this.docLength[label]!, avgDocLength, idf, this.params);
      }
    }

    const top = selectTop(touched, scores, limit);
    for (const label of touched) scores[label] = 0;
    return top;
  }

  /**
   * Binary layout, little-endian (the typed arrays are written in platform order; every
   * supported Node platform is little-endian):
   *   u32 magic "BM25", u32 version, u32 docCount, u32 termCount, u32 postingCount, u32 termsJsonBytes,
   *   terms as a UTF-8 JSON array of strings (compact; JSON.parse is the fastest string-list
   *   decoder in V8), zero-padded to a multiple of 4 bytes,
   *   u32 docLabels[docCount], u32 docLengths[docCount],
   *   u32 docFreq[termCount], u32 postings[2·postingCount] as (label, tf) pairs grouped by term.
   * The per-document term lists are not stored: they are rebuilt from the postings on load.
   * k1 and b are not stored either, so tuning them needs no rebuild.
   */
  serialize(): Buffer {
    const liveTermIds: number[] = [];
    let postingCount = 0;
    for (let t = 0; t < this.terms.length; t++) {
      const df = this.docFreq[t]!;
      if (df > 0) {
        liveTermIds.push(t);
        postingCount += df;
      }
    }
    const termsJson = Buffer.from(JSON.stringify(liveTermIds.map((t) => this.terms[t]!)), 'utf8');
    const termsBytes = align4(termsJson.length);
    const words = HEADER_WORDS + 2 * this.docCount + liveTermIds.length + 2 * postingCount;
    const out = Buffer.alloc(HEADER_WORDS * 4 + termsBytes + (words - HEADER_WORDS) * 4);
    const u32 = new Uint32Array(out.buffer, out.byteOffset, out.length / 4);
    u32.set([MAGIC, FORMAT_VERSION, this.docCount, liveTermIds.length, postingCount, termsJson.length]);
    termsJson.copy(out, HEADER_WORDS * 4);

    const labelsAt = (HEADER_WORDS * 4 + termsBytes) / 4;
    const lengthsAt = labelsAt + this.docCount;
    let doc = 0;
    for (let label = 0; label < this.docLength.length; label++) {
      const length = this.docLength[label]!;
      if (length === ABSENT) continue;
      u32[labelsAt + doc] = label;
      u32[lengthsAt + doc] = length;
      doc++;
    }
    let w = lengthsAt + this.docCount;
    for (const t of liveTermIds) u32[w++] = this.docFreq[t]!;
    for (const t of liveTermIds) {
      const n = 2 * this.docFreq[t]!;
      u32.set(this.postings[t]!.subarray(0, n), w);
      w += n;
    }
    return out;
  }

  static deserialize(buf: Buffer, params: Bm25Config): Bm25Index {
    const corrupt = (why: string) => new PolicyQaError('INDEX_CORRUPT', `The BM25 index cannot be read: ${why}.`);
    if (buf.length < HEADER_WORDS * 4 || buf.length % 4 !== 0) throw corrupt('bad size');
    // Copy once into our own aligned memory: Buffers from readFile may sit at odd offsets in a
    // shared pool, and postings are later edited in place by add/remove.
    const u32 = new Uint32Array(buf.length / 4);
    new Uint8Array(u32.buffer).set(buf);
    const [magic, version, docCount, termCount, postingCount, termsJsonBytes] = u32;
    if (magic !== MAGIC) throw corrupt('not a BM25 index');
    if (version !== FORMAT_VERSION) throw corrupt(`unsupported format version ${version}`);
    const termsBytes = align4(termsJsonBytes!);
    const expected = HEADER_WORDS * 4 + termsBytes + 4 * (2 * docCount! + termCount! + 2 * postingCount!);
    if (buf.length !== expected) throw corrupt('truncated');

    let terms: unknown;
    try {
      terms = JSON.parse(buf.toString('utf8', HEADER_WORDS * 4, HEADER_WORDS * 4 + termsJsonBytes!));
    } catch {
      throw corrupt('bad term list');
    }
    if (!Array.isArray(terms) || terms.length !== termCount) throw corrupt('bad term list');

    const index = new Bm25Index(params);
    let w = (HEADER_WORDS * 4 + termsBytes) / 4;
    const labels = u32.subarray(w, w + docCount!);
    const lengths = u32.subarray(w + docCount!, w + 2 * docCount!);
    w += 2 * docCount!;
    const docFreq = u32.subarray(w, w + termCount!);
    w += termCount!;

    let maxLabel = -1;
    for (const label of labels) maxLabel = Math.max(maxLabel, label);
    if (maxLabel > MAX_LABEL) throw corrupt('bad label');
    index.ensureLabel(maxLabel);
    for (let i = 0; i < docCount!; i++) {
      if (index.docLength[labels[i]!] !== ABSENT) throw corrupt('duplicate document');
      index.docLength[labels[i]!] = lengths[i]!;
      index.totalLength += lengths[i]!;
    }
    index.docCount = docCount!;

    // Postings become views into the one copied array; a term outgrows its view on its first
    // insertion and then gets its own array.
    index.docFreq = new Int32Array(termCount!);
    index.terms = terms as string[];
    for (let t = 0; t < termCount!; t++) {
      const df = docFreq[t]!;
      index.termIds.set(index.terms[t]!, t);
      index.docFreq[t] = df;
      index.postings.push(u32.subarray(w, w + 2 * df));
      w += 2 * df;
    }
    if (w !== u32.length) throw corrupt('posting counts disagree');

    // Rebuild the per-document term lists: count, prefix-sum, fill.
    for (let t = 0; t < termCount!; t++) {
      const list = index.postings[t]!;
      for (let i = 0; i < list.length; i += 2) {
        const label = list[i]!;
        if (label > maxLabel || index.docLength[label] === ABSENT) throw corrupt('posting for unknown document');
        index.docTermCount[label]!++;
      }
    }
    let offset = 0;
    for (let label = 0; label <= maxLabel; label++) {
      index.docTermStart[label] = offset;
      offset += index.docTermCount[label]!;
    }
    index.docTerms = new Uint32Array(offset);
    const fill = new Uint32Array(maxLabel + 1);
    for (let t = 0; t < termCount!; t++) {
      const list = index.postings[t]!;
      for (let i = 0; i < list.length; i += 2) {
        const label = list[i]!;
        index.docTerms[index.docTermStart[label]! + fill[label]!++] = t;
      }
    }
    index.docTermsUsed = index.docTermsLive = offset;
    return index;
  }

  private ensureLabel(label: number): void {
    if (label < this.docLength.length) return;
    this.docLength = grow(this.docLength, label + 1, ABSENT);
    this.docTermStart = grow(this.docTermStart, this.docLength.length);
    this.docTermCount = grow(this.docTermCount, this.docLength.length);
    this.scores = grow(this.scores, this.docLength.length);
  }

  private termIdFor(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.postings.push(new Uint32Array(2));
      this.docFreq = grow(this.docFreq, id + 1);
    }
    return id;
  }

  private insertPosting(termId: number, label: number, tf: number): void {
    const df = this.docFreq[termId]!;
    let list = this.postings[termId]!;
    if (list.length < 2 * (df + 1)) {
      const bigger = new Uint32Array(Math.max(4, 2 * Math.ceil((df + 1) * 1.5)));
      bigger.set(list.subarray(0, 2 * df));
      list = this.postings[termId] = bigger;
    }
    // Ingest assigns increasing labels, so appending is the common case.
    let at = 2 * df;
    if (df > 0 && list[at - 2]! > label) {
      at = 2 * lowerBound(list, df, label);
      list.copyWithin(at + 2, at, 2 * df);
    }
    list[at] = label;
    list[at + 1] = tf;
    this.docFreq[termId] = df + 1;
  }

  private removePosting(termId: number, label: number): void {
    const df = this.docFreq[termId]!;
    const list = this.postings[termId]!;
    const i = lowerBound(list, df, label);
    if (i >= df || list[2 * i] !== label) return;
    list.copyWithin(2 * i, 2 * i + 2, 2 * df);
    this.docFreq[termId] = df - 1;
  }

  private compactDocTerms(): void {
    const next = new Uint32Array(Math.max(16, Math.ceil(this.docTermsLive * 1.25)));
    let k = 0;
    for (let label = 0; label < this.docLength.length; label++) {
      if (this.docLength[label] === ABSENT) continue;
      const start = this.docTermStart[label]!;
      const count = this.docTermCount[label]!;
      next.set(this.docTerms.subarray(start, start + count), k);
      this.docTermStart[label] = k;
      k += count;
    }
    this.docTerms = next;
    this.docTermsUsed = k;
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** First posting index in [0, count) whose label is ≥ `label`, in a (label, tf) pair list. */
function lowerBound(list: Uint32Array, count: number, label: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[2 * mid]! < label) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Better = higher score, then lower label (so equal scores come out in a stable order). */
function better(aLabel: number, aScore: number, bLabel: number, bScore: number): boolean {
  return aScore > bScore || (aScore === bScore && aLabel < bLabel);
}

/** Top `limit` of `labels` by `scores`, with a bounded min-heap: O(n log limit). */
function selectTop(labels: readonly number[], scores: Float64Array, limit: number): Bm25Hit[] {
  const heap: number[] = [];
  const worse = (i: number, j: number) =>
    better(heap[j]!, scores[heap[j]!]!, heap[i]!, scores[heap[i]!]!);
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(l, m)) m = l;
      if (r < heap.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const label of labels) {
    if (heap.length < limit) {
      heap.push(label);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (better(label, scores[label]!, heap[0]!, scores[heap[0]!]!)) {
      heap[0] = label;
      siftDown(0);
    }
  }
  return heap
    .map((label) => ({ label, score: scores[label]! }))
    .sort((a, b) => b.score - a.score || a.label - b.label);
}
