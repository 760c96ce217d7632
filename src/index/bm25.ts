/**
 * Okapi BM25 over integer labels (chunk numbers), built for ~300k chunks and ~50M tokens.
 *
 * Memory: a posting is a (label, tf) pair of u32 in one shared pool, each term's postings a
 * contiguous run sorted by label. No per-posting or per-term JS objects, so the heap stays small
 * and loading is a copy, not a parse. Per-document term lists (needed only by remove()) are
 * rebuilt from the postings on first use after loading, so the query path never pays for them.
 *
 * Search is exact BM25 with MaxScore-style pruning: terms are visited rarest first, and once the
 * score of the `limit`-th best document exceeds what all remaining terms together could add,
 * the remaining (frequent) terms only update documents already in the running, by binary search
 * in their postings instead of a full scan.
 *
 * Labels must be integers in [0, 2^31); per-document arrays are indexed by label, so memory grows
 * with the largest label, which suits dense chunk numbers.
 */
import { PolicyQaError } from '../errors.js';
import type { Bm25Config } from '../config.js';
import type { SearchScope } from './filters.js';

export interface Bm25Hit {
  label: number;
  score: number;
}

/**
 * What retrieval and the answer stage ask of a BM25 index, wherever it lives: in this process
 * ({@link Bm25Index}) or in a database (src/index/postgres/). Either may answer later.
 */
export interface Bm25Search {
  /** Top `limit` labels by BM25 score, best first, among the passages `scope` allows (all without one). */
  search(queryTokens: readonly string[], limit: number, weights?: ReadonlyMap<string, number>, scope?: SearchScope): Bm25Hit[] | Promise<Bm25Hit[]>;
  /** Inverse document frequency of each term; a term in no document gets the rarest possible weight. */
  idfs(terms: readonly string[]): Map<string, number> | Promise<Map<string, number>>;
}

/**
 * Inverse document frequency, the "plus one inside the log" variant (as in Lucene), which stays
 * positive even for a term in every document, so a match never lowers a score.
 * @param docCount N ≥ 1, documents in the index
 * @param docFreq df in [1, N], documents containing the term
 */
export function bm25Idf(docCount: number, docFreq: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}

/**
 * One term's contribution to one document's score; always below idf·(k1 + 1).
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

const MAGIC = 0x35324d42; // "BM25" as a little-endian u32
const FORMAT_VERSION = 2;
/** magic, version, docCount, termCount, postingCount, termChars */
/** Postings per part when saving (4 MB). */
const SAVE_PART_WORDS = 1 << 20;
const HEADER_WORDS = 6;
const MAX_LABEL = 0x7fffffff;
/** Words per page of pending postings (see Bm25Index.pendingPages): 4 MB. */
const PENDING_PAGE_WORDS = 1 << 20;
const ABSENT = -1;
/** Relative slack when comparing a score bound with the threshold, against rounding differences. */
const PRUNE_SLACK = 1e-9;

type NumberArray = Uint32Array | Int32Array | Float64Array;

/** `array` if it already holds `minLength` items, else a copy grown by at least half. */
function grow<T extends NumberArray>(array: T, minLength: number, fill?: number): T {
  if (array.length >= minLength) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(minLength, Math.ceil(array.length * 1.5), 16));
  next.set(array);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}

interface QueryTerm {
  start: number;
  df: number;
  idf: number;
}

export class Bm25Index implements Bm25Search {
  private readonly params: Bm25Config;

  /** Term id → term. Right after deserialize it is sorted and `termIds` is null: lookups bisect it. */
  private terms: string[] = [];
  private termIds: Map<string, number> | null = new Map();

  /**
   * Postings pool: term t owns words [termStart[t], termStart[t] + 2·termCap[t]), the first 2·df
   * of them used. Runs start at even offsets, so pair i of the pool is words 2i and 2i + 1.
   */
  private pool: Uint32Array = new Uint32Array(1024);
  private poolUsed = 0;
  /** Words in the pool no term owns any more (left behind when a term moved to grow). */
  private poolGarbage = 0;
  private termStart = new Uint32Array(0);
  private termCap = new Uint32Array(0);
  private docFreq = new Int32Array(0);

  /** Per label: token count, or ABSENT. */
  private docLength = new Int32Array(0);
  /**
   * Postings added but not yet in the pool: per document [label, n, then its n (term id, tf)
   * pairs], in pages that are never copied. Filling an index appends here, and the pool takes
   * them in at the next read (flush), all at once and exactly sized when they are many: growing
   * each term's run as postings arrived copied every posting several times over and left the
   * pool largely slack and garbage (hundreds of MB for a corpus of 13M postings).
   */
  private pendingPages: Uint32Array[] = [];
  /** Words used in each pending page but the last, and in the last. */
  private pendingPageUsed: number[] = [];
  private pendingUsed = 0;
  private pendingPostings = 0;

  /**
   * Per label: its distinct term ids in `docTerms`, which only remove() needs; null until then
   * (built from the postings), so that filling an index or loading one never pays for them.
   */
  private docTermStart: Uint32Array | null = null;
  private docTermCount = new Uint32Array(0);
  private docTerms = new Uint32Array(0);
  private docTermsUsed = 0;
  private docTermsLive = 0;

  private docCount = 0;
  private totalLength = 0;

  /** Scratch, kept between calls so that neither add() nor a query allocates anything large. */
  private scores = new Float64Array(0);
  private touched = new Int32Array(0);
  private candidates = new Int32Array(0);
  private termTf = new Uint32Array(0);

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
    checkLabel(label);
    this.editable();
    // Count term frequencies in the termTf scratch array, remembering distinct ids in order.
    const pairs: number[] = [];
    for (const token of tokens) {
      const termId = this.termIdFor(token);
      if (this.termTf[termId]!++ === 0) pairs.push(termId, 0);
    }
    for (let i = 0; i < pairs.length; i += 2) {
      pairs[i + 1] = this.termTf[pairs[i]!]!;
      this.termTf[pairs[i]!] = 0;
    }
    this.addPairs(label, pairs, tokens.length);
  }

  /** The id of `term` for {@link addCounts}, numbering it if it is new. */
  termId(term: string): number {
    this.editable();
    return this.termIdFor(term);
  }

  /**
   * Adds a document given as its distinct terms and their counts, (term id, tf) pairs with ids
   * from {@link termId}: the same as add() with the tokens they count, for tokens counted
   * elsewhere (the analysis workers), so that no token string need reach this thread. Its length
   * is the sum of the counts. A label already present is replaced.
   */
  addCounts(label: number, pairs: ArrayLike<number>): void {
    checkLabel(label);
    if (pairs.length % 2 !== 0) throw new RangeError('BM25 counts must be (term id, tf) pairs');
    this.editable();
    // Checked before anything changes: a repeated or unknown term would corrupt the postings.
    const termCount = this.terms.length;
    let bad: string | undefined;
    let length = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      const termId = pairs[i]!;
      const tf = pairs[i + 1]!;
      if (termId >>> 0 !== termId || termId >= termCount || tf >>> 0 !== tf || tf === 0) bad = `bad (term id, tf) pair (${termId}, ${pairs[i + 1]})`;
      else if (this.termTf[termId]!++ !== 0) bad = `term id ${termId} given twice`;
      if (bad) break;
      length += tf;
    }
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i]! >>> 0 === pairs[i] && pairs[i]! < termCount) this.termTf[pairs[i]!] = 0;
    if (bad) throw new RangeError(`BM25 counts for label ${label}: ${bad}`);
    this.addPairs(label, pairs, length);
  }

  /** Adds a document as checked (term id, tf) pairs, distinct ids, summing to `length` tokens. */
  private addPairs(label: number, pairs: ArrayLike<number>, length: number): void {
    if (this.has(label)) this.remove(label);
    this.ensureLabel(label);
    const distinct = pairs.length / 2;
    let page = this.pendingPages[this.pendingPages.length - 1];
    if (!page || this.pendingUsed + 2 + pairs.length > page.length) {
      if (page) this.pendingPageUsed.push(this.pendingUsed);
      page = new Uint32Array(Math.max(PENDING_PAGE_WORDS, 2 + pairs.length));
      this.pendingPages.push(page);
      this.pendingUsed = 0;
    }
    page[this.pendingUsed++] = label;
    page[this.pendingUsed++] = distinct;
    page.set(pairs, this.pendingUsed);
    this.pendingUsed += pairs.length;
    this.pendingPostings += distinct;
    if (this.docTermStart !== null) {
      const first = this.docTermsUsed;
      this.docTerms = grow(this.docTerms, first + distinct);
      for (let i = 0; i < distinct; i++) this.docTerms[first + i] = pairs[2 * i]!;
      this.docTermsUsed = first + distinct;
      this.docTermsLive += distinct;
      this.docTermStart[label] = first;
      this.docTermCount[label] = distinct;
    }
    this.docLength[label] = length;
    this.docCount++;
    this.totalLength += length;
  }

  /** Removes a document and its postings; unknown labels are ignored. */
  remove(label: number): void {
    if (!this.has(label)) return;
    this.editable();
    const docTermStart = this.withDocTerms();
    const start = docTermStart[label]!;
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
   * Removes many documents at once: one pass over each affected term's postings instead of one
   * per document, which matters when a re-ingest drops thousands of chunks sharing common terms.
   */
  removeMany(labels: Iterable<number>): void {
    this.editable();
    const docTermStart = this.withDocTerms();
    const doomed = new Uint8Array(this.docLength.length);
    const affected = new Uint8Array(this.terms.length);
    const affectedIds: number[] = [];
    for (const label of labels) {
      if (!this.has(label)) continue;
      doomed[label] = 1;
      const start = docTermStart[label]!;
      const count = this.docTermCount[label]!;
      for (let i = start; i < start + count; i++) {
        const termId = this.docTerms[i]!;
        if (affected[termId] === 0) {
          affected[termId] = 1;
          affectedIds.push(termId);
        }
      }
      this.totalLength -= this.docLength[label]!;
      this.docLength[label] = ABSENT;
      this.docTermCount[label] = 0;
      this.docCount--;
      this.docTermsLive -= count;
    }
    const pool = this.pool;
    for (const termId of affectedIds) {
      const start = this.termStart[termId]!;
      let w = start;
      for (let p = start, end = start + 2 * this.docFreq[termId]!; p < end; p += 2) {
        if (doomed[pool[p]!] === 1) continue;
        pool[w] = pool[p]!;
        pool[w + 1] = pool[p + 1]!;
        w += 2;
      }
      this.docFreq[termId] = (w - start) / 2;
    }
    if (this.docTermsUsed > 1024 && this.docTermsUsed > 2 * this.docTermsLive) this.compactDocTerms();
  }

  /** Inverse document frequency of a term; a term in no document gets the rarest possible weight. */
  idf(term: string): number {
    this.flush();
    const termId = this.lookup(term);
    const df = termId === undefined ? 0 : this.docFreq[termId]!;
    return bm25Idf(Math.max(this.docCount, 1), Math.max(df, 0));
  }

  idfs(terms: readonly string[]): Map<string, number> {
    return new Map(terms.map((term) => [term, this.idf(term)]));
  }

  /** Every term in some document, with how many documents hold it: a copy's idf (see src/index/postgres/). */
  *documentFrequencies(): Generator<[term: string, docFreq: number]> {
    this.flush();
    for (let t = 0; t < this.terms.length; t++) if (this.docFreq[t]! > 0) yield [this.terms[t]!, this.docFreq[t]!];
  }

  /**
   * Every document's terms, each as often as it occurs, by increasing label: what a copy of the
   * index elsewhere needs to score alike (word order does not count in BM25).
   */
  *documentTerms(): Generator<{ label: number; terms: string[] }> {
    this.flush();
    // One pass over the postings counts each label's distinct terms, a second files them by label.
    const labels = this.docLength.length;
    const start = new Uint32Array(labels + 1);
    for (let t = 0; t < this.terms.length; t++) {
      for (let p = this.termStart[t]!, end = p + 2 * this.docFreq[t]!; p < end; p += 2) start[this.pool[p]! + 1]!++;
    }
    for (let label = 0; label < labels; label++) start[label + 1]! += start[label]!;
    const filled = start.slice(0, labels);
    const termIds = new Uint32Array(start[labels]!);
    const tfs = new Uint32Array(start[labels]!);
    for (let t = 0; t < this.terms.length; t++) {
      for (let p = this.termStart[t]!, end = p + 2 * this.docFreq[t]!; p < end; p += 2) {
        const at = filled[this.pool[p]!]!++;
        termIds[at] = t;
        tfs[at] = this.pool[p + 1]!;
      }
    }
    for (let label = 0; label < labels; label++) {
      if (this.docLength[label] === ABSENT) continue;
      const terms: string[] = [];
      for (let at = start[label]!; at < start[label + 1]!; at++) for (let n = 0; n < tfs[at]!; n++) terms.push(this.terms[termIds[at]!]!);
      yield { label, terms };
    }
  }

  /**
   * Top `limit` documents by BM25 score, best first, ties by label. Repeated query tokens count
   * once; unknown tokens are skipped; only documents matching some token are returned.
   * @param weights optional per-token multiplier of the term's score (default 1; a weight ≤ 0 drops
   *   the token), e.g. below 1 for the sub-words and synonyms a query is expanded with
   * @param scope optional: only documents it allows are scored (a request's filters); when it lists
   *   its labels, only those, each looked up in the terms' postings
   */
  search(queryTokens: readonly string[], limit: number, weights?: ReadonlyMap<string, number>, scope?: Pick<SearchScope, 'allows' | 'labels'>): Bm25Hit[] {
    limit = Math.min(Math.floor(limit), this.docCount);
    if (!(limit > 0)) return [];
    this.flush();
    const params = this.params;
    const avgDocLength = this.totalLength / this.docCount || 1;

    const query: QueryTerm[] = [];
    for (const token of new Set(queryTokens)) {
      const termId = this.lookup(token);
      const df = termId === undefined ? 0 : this.docFreq[termId]!;
      const weight = weights?.get(token) ?? 1;
      if (df > 0 && weight > 0) query.push({ start: this.termStart[termId!]!, df, idf: weight * bm25Idf(this.docCount, df) });
    }
    query.sort((x, y) => x.df - y.df);
    if (scope?.labels) return this.scoreListed(query, scope.labels.filter((label) => scope.allows(label)), limit, avgDocLength);
    // remaining[i]: the most that terms i… can add to any document's score.
    const remaining = new Float64Array(query.length + 1);
    for (let i = query.length - 1; i >= 0; i--) remaining[i] = remaining[i + 1]! + query[i]!.idf * (params.k1 + 1);

    const { scores, touched, pool, docLength } = this;
    let touchedCount = 0;
    // Once pruning starts: the documents still in the running, at the front of `candidateBuffer`.
    const candidateBuffer = this.candidates;
    let candidateCount = -1;

    for (let i = 0; i < query.length; i++) {
      const { start, df, idf } = query[i]!;
      const end = start + 2 * df;

      if (candidateCount < 0) {
        // Any document can still reach the top: scan all postings.
        for (let p = start; p < end; p += 2) {
          const label = pool[p]!;
          // idf > 0 and tf ≥ 1, so a zero score means "not seen yet".
          if (scores[label] === 0) {
            if (scope && !scope.allows(label)) continue;
            touched[touchedCount++] = label;
          }
          scores[label] = scores[label]! + bm25TermScore(pool[p + 1]!, docLength[label]!, avgDocLength, idf, params);
        }
      } else if (candidateCount * Math.log2(df + 1) < df) {
        // Few candidates: look each one up in the term's postings (sorted by label).
        for (let c = 0; c < candidateCount; c++) {
          const label = candidateBuffer[c]!;
          const at = 2 * lowerBound(pool, start >>> 1, end >>> 1, label);
          if (at < end && pool[at] === label) {
            scores[label] = scores[label]! + bm25TermScore(pool[at + 1]!, docLength[label]!, avgDocLength, idf, params);
          }
        }
      } else {
        // Many candidates: scan, but only update documents already seen.
        for (let p = start; p < end; p += 2) {
          const label = pool[p]!;
          if (scores[label] !== 0) {
            scores[label] = scores[label]! + bm25TermScore(pool[p + 1]!, docLength[label]!, avgDocLength, idf, params);
          }
        }
      }

      if (i + 1 === query.length) break;
      const rest = remaining[i + 1]!;
      const pruning = candidateCount >= 0;
      const contenders = pruning ? candidateBuffer : touched;
      const contenderCount = pruning ? candidateCount : touchedCount;
      // The limit-th best score so far only grows. While it is below what the remaining terms
      // could give an unseen document, keep scanning; the sum of the processed terms' maxima
      // bounds it from above and saves computing it early on.
      if (contenderCount < limit || rest * (1 + PRUNE_SLACK) >= remaining[0]! - rest) continue;
      const threshold = kthBestScore(contenders, contenderCount, scores, limit);
      if (rest * (1 + PRUNE_SLACK) >= threshold) continue;
      // From here on no unseen document can make the top; keep only the seen ones that still can.
      // (Filtering in place is safe: the write position never passes the read position.)
      let kept = 0;
      for (let c = 0; c < contenderCount; c++) {
        const label = contenders[c]!;
        if ((scores[label]! + rest) * (1 + PRUNE_SLACK) >= threshold) candidateBuffer[kept++] = label;
      }
      candidateCount = kept;
    }

    const top =
      candidateCount >= 0 ? selectTop(candidateBuffer, candidateCount, scores, limit) : selectTop(touched, touchedCount, scores, limit);
    for (let i = 0; i < touchedCount; i++) scores[touched[i]!] = 0;
    return top;
  }

  /** The listed documents' scores, each term's postings searched for each (few documents, any number of postings). */
  private scoreListed(query: QueryTerm[], labels: readonly number[], limit: number, avgDocLength: number): Bm25Hit[] {
    const hits: Bm25Hit[] = [];
    for (const label of new Set(labels)) {
      let score = 0;
      for (const { start, df, idf } of query) {
        const end = start + 2 * df;
        const at = 2 * lowerBound(this.pool, start >>> 1, end >>> 1, label);
        if (at < end && this.pool[at] === label) score += bm25TermScore(this.pool[at + 1]!, this.docLength[label]!, avgDocLength, idf, this.params);
      }
      if (score > 0) hits.push({ label, score });
    }
    return hits.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, limit);
  }

  /**
   * Binary layout, little-endian (typed arrays are written in platform order; every platform
   * Node supports is little-endian), all sections 4-byte aligned:
   *   u32 header[6]: magic "BM25", format version, docCount, termCount, postingCount, termChars
   *   u32 docLabels[docCount], u32 docLengths[docCount]
   *   u32 termLengths[termCount] (UTF-16 code units), u32 docFreq[termCount]
   *   u32 postings[2·postingCount]: (label, tf) pairs, grouped by term, each group sorted by label
   *   terms: UTF-16LE, concatenated in code-unit order, padded to 4 bytes.
   * Terms are sorted so that a loaded index can find query terms by bisection without building a
   * Map of every term; UTF-16 is compact for CJK and decodes without parsing. k1 and b are not
   * stored, so tuning them needs no rebuild.
   */
  serialize(): Buffer {
    return Buffer.concat([...this.serializedParts()]);
  }

  /**
   * `serialize`'s bytes in consecutive parts of a few megabytes, to be written one after another:
   * a news corpus's index is over 100 MB, and saving it whole would raise the ingest's peak by as much.
   */
  *serializedParts(partWords = SAVE_PART_WORDS): Generator<Buffer> {
    this.flush();
    const live: number[] = [];
    let postingCount = 0;
    let termChars = 0;
    for (let t = 0; t < this.terms.length; t++) {
      if (this.docFreq[t]! > 0) {
        live.push(t);
        postingCount += this.docFreq[t]!;
        termChars += this.terms[t]!.length;
      }
    }
    // The strings sorted by the built-in sort (code-unit order, compareStrings's), then mapped back to
    // ids: twice as fast as a comparator over ids for the 440k terms of a news corpus. An index
    // loaded and never edited has no term map, and its terms are in order already.
    const termIds = this.termIds;
    const order = termIds ? live.map((t) => this.terms[t]!).sort().map((term) => termIds.get(term)!) : live;
    const docCount = this.docCount;
    const termCount = order.length;

    const head = new Uint32Array(HEADER_WORDS + 2 * docCount + 2 * termCount);
    head.set([MAGIC, FORMAT_VERSION, docCount, termCount, postingCount, termChars]);
    let w = HEADER_WORDS;
    let doc = 0;
    for (let label = 0; label < this.docLength.length; label++) {
      if (this.docLength[label] === ABSENT) continue;
      head[w + doc] = label;
      head[w + docCount + doc] = this.docLength[label]!;
      doc++;
    }
    w += 2 * docCount;
    for (let i = 0; i < termCount; i++) {
      head[w + i] = this.terms[order[i]!]!.length;
      head[w + termCount + i] = this.docFreq[order[i]!]!;
    }
    yield Buffer.from(head.buffer, head.byteOffset, head.byteLength);

    let part = new Uint32Array(partWords);
    let filled = 0;
    for (const t of order) {
      let from = this.termStart[t]!;
      const to = from + 2 * this.docFreq[t]!;
      while (from < to) {
        const n = Math.min(to - from, partWords - filled);
        part.set(this.pool.subarray(from, from + n), filled);
        filled += n;
        from += n;
        if (filled === partWords) {
          yield Buffer.from(part.buffer);
          part = new Uint32Array(partWords);
          filled = 0;
        }
      }
    }
    if (filled > 0) yield Buffer.from(part.buffer, 0, filled * 4);

    const text = Buffer.alloc(4 * Math.ceil(termChars / 2));
    text.write(order.map((t) => this.terms[t]!).join(''), 0, 'utf16le');
    yield text;
  }

  /**
   * Reads what `serialize` wrote. The index may keep using `buf`'s memory for its postings (no
   * copy when it is 4-byte aligned, as readFile's buffers are), so the caller must not reuse it.
   */
  static deserialize(buf: Buffer, params: Bm25Config): Bm25Index {
    const corrupt = (why: string) => new PolicyQaError('INDEX_CORRUPT', `The BM25 index cannot be read: ${why}.`);
    if (buf.length < HEADER_WORDS * 4 || buf.length % 4 !== 0) throw corrupt('bad size');
    let u32: Uint32Array;
    if (buf.byteOffset % 4 === 0) {
      u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.length / 4);
    } else {
      u32 = new Uint32Array(buf.length / 4);
      new Uint8Array(u32.buffer).set(buf);
    }
    const [magic, version, docCount, termCount, postingCount, termChars] = u32 as unknown as number[];
    if (magic !== MAGIC) throw corrupt('not a BM25 index');
    if (version !== FORMAT_VERSION) throw corrupt(`unsupported format version ${version}`);
    const postingsAt = HEADER_WORDS + 2 * docCount! + 2 * termCount!;
    const textAt = postingsAt + 2 * postingCount!;
    if (u32.length !== textAt + Math.ceil(termChars! / 2)) throw corrupt('truncated');

    const index = new Bm25Index(params);
    const labels = u32.subarray(HEADER_WORDS, HEADER_WORDS + docCount!);
    const lengths = u32.subarray(HEADER_WORDS + docCount!, HEADER_WORDS + 2 * docCount!);
    let maxLabel = -1;
    for (let i = 0; i < labels.length; i++) maxLabel = Math.max(maxLabel, labels[i]!);
    if (maxLabel > MAX_LABEL) throw corrupt('bad label');
    index.ensureLabel(maxLabel);
    for (let i = 0; i < docCount!; i++) {
      if (index.docLength[labels[i]!] !== ABSENT) throw corrupt('duplicate document');
      index.docLength[labels[i]!] = lengths[i]!;
      index.totalLength += lengths[i]!;
    }
    index.docCount = docCount!;

    const termLengths = u32.subarray(HEADER_WORDS + 2 * docCount!, HEADER_WORDS + 2 * docCount! + termCount!);
    const docFreq = u32.subarray(HEADER_WORDS + 2 * docCount! + termCount!, postingsAt);
    const text = buf.toString('utf16le', textAt * 4, textAt * 4 + 2 * termChars!);
    index.terms = new Array<string>(termCount!);
    index.termIds = null;
    index.termStart = new Uint32Array(termCount!);
    index.termCap = new Uint32Array(termCount!);
    index.docFreq = new Int32Array(termCount!);
    let at = 0;
    let start = postingsAt;
    for (let t = 0; t < termCount!; t++) {
      index.terms[t] = text.slice(at, at + termLengths[t]!);
      at += termLengths[t]!;
      index.termStart[t] = start;
      index.termCap[t] = index.docFreq[t] = docFreq[t]!;
      start += 2 * docFreq[t]!;
    }
    if (at !== termChars || start !== textAt) throw corrupt('counts disagree');
    // Search indexes per-label arrays with posting labels and relies on tf ≥ 1: check both.
    for (let p = postingsAt; p < textAt; p += 2) {
      if (u32[p]! > maxLabel || u32[p + 1] === 0) throw corrupt('bad posting');
    }
    for (let t = 1; t < termCount!; t++) {
      if (compareStrings(index.terms[t - 1]!, index.terms[t]!) >= 0) throw corrupt('terms out of order');
    }
    // The whole buffer becomes the pool; the words outside postings are garbage to compaction.
    // Postings start at an even word (the header has 6), and new runs must too: round up.
    index.pool = u32;
    index.poolUsed = u32.length + (u32.length % 2);
    index.poolGarbage = index.poolUsed - 2 * postingCount!;
    index.docTermStart = null;
    return index;
  }

  private lookup(term: string): number | undefined {
    if (this.termIds) return this.termIds.get(term);
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareStrings(this.terms[mid]!, term);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  /** Builds what adding needs and a freshly loaded index lacks: the term map. */
  private editable(): void {
    if (this.termIds === null) this.termIds = new Map(this.terms.map((term, id) => [term, id]));
    if (this.termTf.length < this.terms.length) this.termTf = grow(this.termTf, this.terms.length);
  }

  /** The per-document term lists remove() needs, built from the postings when missing. */
  private withDocTerms(): Uint32Array {
    this.flush();
    if (this.docTermStart !== null) return this.docTermStart;

    // Count, prefix-sum, fill; postings are validated on the way, since remove() trusts them.
    const labels = this.docLength.length;
    const count = new Uint32Array(labels);
    for (let t = 0; t < this.terms.length; t++) {
      for (let p = this.termStart[t]!, end = p + 2 * this.docFreq[t]!; p < end; p += 2) {
        const label = this.pool[p]!;
        if (label >= labels || this.docLength[label] === ABSENT) {
          throw new PolicyQaError('INDEX_CORRUPT', 'The BM25 index cannot be read: posting for unknown document.');
        }
        count[label]!++;
      }
    }
    const docTermStart = new Uint32Array(labels);
    let offset = 0;
    for (let label = 0; label < labels; label++) {
      docTermStart[label] = offset;
      offset += count[label]!;
    }
    const docTerms = new Uint32Array(Math.max(16, offset));
    const filled = new Uint32Array(labels);
    for (let t = 0; t < this.terms.length; t++) {
      for (let p = this.termStart[t]!, end = p + 2 * this.docFreq[t]!; p < end; p += 2) {
        const label = this.pool[p]!;
        docTerms[docTermStart[label]! + filled[label]!++] = t;
      }
    }
    this.docTermStart = docTermStart;
    this.docTermCount = count;
    this.docTerms = docTerms;
    this.docTermsUsed = this.docTermsLive = offset;
    return docTermStart;
  }

  /**
   * Moves the pending postings into the pool: a few one by one into their terms' runs, many (at
   * least a quarter of what the pool holds: a whole corpus being indexed) by building the pool
   * anew, exactly sized, in one pass. Either way each term's run stays sorted by label.
   */
  private flush(): void {
    if (this.pendingPages.length === 0) return;
    const pages = this.pendingPages;
    const used = [...this.pendingPageUsed, this.pendingUsed];
    this.pendingPages = [];
    this.pendingPageUsed = [];
    this.pendingUsed = 0;
    const pending = this.pendingPostings;
    this.pendingPostings = 0;
    // Each document of `pages` in order: its label and the words [from, to) of its pairs.
    const eachDocument = (visit: (page: Uint32Array, label: number, from: number, to: number) => void) => {
      for (const [i, page] of pages.entries()) {
        for (let at = 0; at < used[i]!; ) {
          const n = page[at + 1]!;
          visit(page, page[at]!, at + 2, at + 2 + 2 * n);
          at += 2 + 2 * n;
        }
      }
    };
    let live = 0;
    for (let t = 0; t < this.terms.length; t++) live += this.docFreq[t]!;
    if (4 * pending < live) {
      eachDocument((page, label, from, to) => {
        for (let i = from; i < to; i += 2) this.insertPosting(page[i]!, label, page[i + 1]!);
      });
      return;
    }

    const termCount = this.terms.length;
    const docFreq = new Int32Array(termCount);
    docFreq.set(this.docFreq.subarray(0, termCount));
    eachDocument((page, _label, from, to) => {
      for (let i = from; i < to; i += 2) docFreq[page[i]!]!++;
    });
    const termStart = new Uint32Array(termCount);
    let words = 0;
    for (let t = 0; t < termCount; t++) {
      termStart[t] = words;
      words += 2 * docFreq[t]!;
    }
    const pool = new Uint32Array(Math.max(words, 1024));
    const filled = new Uint32Array(termCount);
    for (let t = 0; t < termCount; t++) {
      const n = 2 * this.docFreq[t]!;
      pool.set(this.pool.subarray(this.termStart[t]!, this.termStart[t]! + n), termStart[t]!);
      filled[t] = n;
    }
    // Labels mostly arrive in increasing order (ingest numbers chunks as it goes); runs that
    // did not are sorted after.
    const unsorted: number[] = [];
    eachDocument((page, label, from, to) => {
      for (let i = from; i < to; i += 2) {
        const termId = page[i]!;
        const at = termStart[termId]! + filled[termId]!;
        if (filled[termId]! > 0 && pool[at - 2]! > label && (unsorted.length === 0 || unsorted[unsorted.length - 1] !== termId)) unsorted.push(termId);
        pool[at] = label;
        pool[at + 1] = page[i + 1]!;
        filled[termId]! += 2;
      }
    });
    for (const termId of new Set(unsorted)) {
      const start = termStart[termId]!;
      const run: Array<[number, number]> = [];
      for (let p = start; p < start + 2 * docFreq[termId]!; p += 2) run.push([pool[p]!, pool[p + 1]!]);
      run.sort((a, b) => a[0] - b[0]);
      for (const [i, [label, tf]] of run.entries()) {
        pool[start + 2 * i] = label;
        pool[start + 2 * i + 1] = tf;
      }
    }
    this.pool = pool;
    this.poolUsed = words;
    this.poolGarbage = 0;
    this.termStart = termStart;
    this.termCap = Uint32Array.from(docFreq);
    this.docFreq = docFreq;
  }

  private ensureLabel(label: number): void {
    if (label < this.docLength.length) return;
    this.docLength = grow(this.docLength, label + 1, ABSENT);
    const n = this.docLength.length;
    if (this.docTermStart !== null) this.docTermStart = grow(this.docTermStart, n);
    this.docTermCount = grow(this.docTermCount, n);
    this.scores = grow(this.scores, n);
    this.touched = grow(this.touched, n);
    this.candidates = grow(this.candidates, n);
  }

  private termIdFor(term: string): number {
    const termIds = this.termIds!;
    let id = termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      termIds.set(term, id);
      this.terms.push(term);
      this.termStart = grow(this.termStart, id + 1);
      this.termCap = grow(this.termCap, id + 1);
      this.docFreq = grow(this.docFreq, id + 1);
      this.termTf = grow(this.termTf, id + 1);
      this.termStart[id] = 0;
      this.termCap[id] = 0;
      this.docFreq[id] = 0;
    }
    return id;
  }

  private insertPosting(termId: number, label: number, tf: number): void {
    const df = this.docFreq[termId]!;
    if (df === this.termCap[termId]) this.moveTerm(termId, Math.max(2, Math.ceil(df * 1.5)));
    const pool = this.pool;
    const start = this.termStart[termId]!;
    let at = start + 2 * df;
    // Ingest assigns increasing labels, so appending is the common case.
    if (df > 0 && pool[at - 2]! > label) {
      at = 2 * lowerBound(pool, start >>> 1, (start >>> 1) + df, label);
      pool.copyWithin(at + 2, at, start + 2 * df);
    }
    pool[at] = label;
    pool[at + 1] = Math.min(tf, 0xffffffff);
    this.docFreq[termId] = df + 1;
  }

  private removePosting(termId: number, label: number): void {
    const df = this.docFreq[termId]!;
    const start = this.termStart[termId]!;
    const i = 2 * lowerBound(this.pool, start >>> 1, (start >>> 1) + df, label);
    if (i >= start + 2 * df || this.pool[i] !== label) return;
    this.pool.copyWithin(i, i + 2, start + 2 * df);
    this.docFreq[termId] = df - 1;
  }

  /** Gives a term a run of `capacity` postings at the end of the pool. */
  private moveTerm(termId: number, capacity: number): void {
    const words = 2 * capacity;
    if (this.poolUsed + words > this.pool.length) {
      if (this.poolGarbage > this.poolUsed / 4) this.compactPool();
      if (this.poolUsed + words > this.pool.length) this.pool = grow(this.pool, this.poolUsed + words);
    }
    const start = this.termStart[termId]!;
    this.pool.copyWithin(this.poolUsed, start, start + 2 * this.docFreq[termId]!);
    this.poolGarbage += 2 * this.termCap[termId]!;
    this.termStart[termId] = this.poolUsed;
    this.termCap[termId] = capacity;
    this.poolUsed += words;
  }

  private compactPool(): void {
    const live = this.poolUsed - this.poolGarbage;
    const next = new Uint32Array(Math.max(1024, Math.ceil(live * 1.25)));
    let w = 0;
    for (let t = 0; t < this.terms.length; t++) {
      const start = this.termStart[t]!;
      next.set(this.pool.subarray(start, start + 2 * this.docFreq[t]!), w);
      this.termStart[t] = w;
      w += 2 * this.termCap[t]!;
    }
    this.pool = next;
    this.poolUsed = w;
    this.poolGarbage = 0;
  }

  private compactDocTerms(): void {
    const docTermStart = this.docTermStart!;
    const next = new Uint32Array(Math.max(16, Math.ceil(this.docTermsLive * 1.25)));
    let k = 0;
    for (let label = 0; label < this.docLength.length; label++) {
      if (this.docLength[label] === ABSENT) continue;
      const start = docTermStart[label]!;
      const count = this.docTermCount[label]!;
      next.set(this.docTerms.subarray(start, start + count), k);
      docTermStart[label] = k;
      k += count;
    }
    this.docTerms = next;
    this.docTermsUsed = k;
  }
}

function checkLabel(label: number): void {
  if (!Number.isInteger(label) || label < 0 || label > MAX_LABEL) {
    throw new RangeError(`BM25 label must be an integer in [0, ${MAX_LABEL}], got ${label}`);
  }
}

/** Code-unit order, the order of `<` on strings; what the serialized term list is sorted by. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First pair index in [lo, hi) whose label (pool[2·i]) is ≥ `label`; hi if none. */
function lowerBound(pool: Uint32Array, lo: number, hi: number, label: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pool[2 * mid]! < label) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The best `limit` of labels[0…count) by score (ties: lower label first), as a binary min-heap
 * whose root is the worst of them. O(count · log limit); most labels lose to the root at once.
 */
function topHeap(labels: Int32Array, count: number, scores: Float64Array, limit: number): { labels: Int32Array; size: number } {
  const heapLabels = new Int32Array(limit);
  const heapScores = new Float64Array(limit);
  let size = 0;
  // The root, cached: comparing against locals keeps the common "loses to the root" path tight.
  let rootLabel = 0;
  let rootScore = -Infinity;
  // Whether (aLabel, aScore) ranks after (bLabel, bScore), i.e. belongs nearer the root.
  const after = (aLabel: number, aScore: number, bLabel: number, bScore: number) =>
    aScore < bScore || (aScore === bScore && aLabel > bLabel);
  for (let n = 0; n < count; n++) {
    const label = labels[n]!;
    const score = scores[label]!;
    if (size < limit) {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!after(label, score, heapLabels[parent]!, heapScores[parent]!)) break;
        heapLabels[i] = heapLabels[parent]!;
        heapScores[i] = heapScores[parent]!;
        i = parent;
      }
      heapLabels[i] = label;
      heapScores[i] = score;
    } else {
      if (score < rootScore || (score === rootScore && label > rootLabel)) continue;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        let m = l;
        if (l + 1 < size && after(heapLabels[l + 1]!, heapScores[l + 1]!, heapLabels[l]!, heapScores[l]!)) m = l + 1;
        if (!after(heapLabels[m]!, heapScores[m]!, label, score)) break;
        heapLabels[i] = heapLabels[m]!;
        heapScores[i] = heapScores[m]!;
        i = m;
      }
      heapLabels[i] = label;
      heapScores[i] = score;
    }
    rootLabel = heapLabels[0]!;
    rootScore = heapScores[0]!;
  }
  return { labels: heapLabels, size };
}

/** Score of the `limit`-th best of labels[0…count) (count ≥ limit). */
function kthBestScore(labels: Int32Array, count: number, scores: Float64Array, limit: number): number {
  return scores[topHeap(labels, count, scores, limit).labels[0]!]!;
}

function selectTop(labels: Int32Array, count: number, scores: Float64Array, limit: number): Bm25Hit[] {
  const heap = topHeap(labels, count, scores, limit);
  return Array.from(heap.labels.subarray(0, heap.size), (label) => ({ label, score: scores[label]! })).sort(
    (a, b) => b.score - a.score || a.label - b.label,
  );
}
