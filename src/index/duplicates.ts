/**
 * Near-duplicate documents: a news corpus prints one story many times over (reposts with another
 * headline, a trimmed paragraph, an updated figure). Each document's text is reduced to a MinHash
 * signature over character shingles, and documents whose signatures agree on enough positions are
 * grouped, candidates found by LSH banding so the corpus is never compared pair by pair.
 *
 * One-permutation hashing (Li, Owen & Zhang 2012) gives the signature from a single hash of each
 * shingle, with empty bins filled by optimal densification (Shrivastava 2017): the cost is one pass
 * over the text, not one per hash function. Two documents' signatures agree at a position with
 * probability equal to the Jaccard similarity of their shingle sets.
 */
import type { PolicyIndex } from './store.js';
import { eventLoopYielder } from './yielder.js';

/** Characters per shingle: five Chinese characters are rarely shared by different stories except in set phrases. */
export const SHINGLE_CHARS = 5;
/** Signature positions: LSH bands × rows per band. */
export const SIGNATURE_SIZE = 64;
/** 16 bands of 4 rows: a pair becomes a candidate with probability 1-(1-J⁴)¹⁶: 0.9999 at J = 0.8, 0.12 at J = 0.3. */
const BANDS = 16;
const ROWS = SIGNATURE_SIZE / BANDS;
/** Estimated Jaccard similarity of shingle sets from which two documents are one story. */
export const DUPLICATE_SIMILARITY = 0.5;
/** Of the figures of the document stating fewer, the share the other must state too (see sameFigures). */
export const SAME_FIGURES = 0.6;
/** Documents with fewer shingles are too short to tell a repost from a stock phrase. */
const MIN_SHINGLES = 30;

/** Letters and digits, case- and width-folded; everything else (spaces, punctuation) is skipped. */
const folded = (() => {
  const table = new Uint16Array(65536);
  for (let code = 0; code < 65536; code++) {
    if (code >= 0xd800 && code <= 0xdfff) {
      table[code] = code;
      continue;
    }
    const char = String.fromCharCode(code);
    if (!/[\p{L}\p{N}]/u.test(char)) continue;
    table[code] = char.normalize('NFKC').toLowerCase().charCodeAt(0);
  }
  return table;
})();

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const EMPTY = 0xffffffff;

/** B^SHINGLE_CHARS mod 2³², to take the oldest character out of the rolling hash. */
const ROLL_BASE = 0x01000193;
const ROLL_OUT = (() => {
  let power = 1;
  for (let i = 0; i < SHINGLE_CHARS; i++) power = Math.imul(power, ROLL_BASE);
  return power;
})();

/** The MinHash signature of a text, or undefined when it is too short to compare. */
export function minhashSignature(text: string): Uint32Array | undefined {
  const window = new Uint16Array(SHINGLE_CHARS);
  const bins = new Uint32Array(SIGNATURE_SIZE).fill(EMPTY);
  let seen = 0;
  let slot = 0;
  let rolling = 0;
  for (let i = 0; i < text.length; i++) {
    const code = folded[text.charCodeAt(i)]!;
    if (code === 0) continue;
    // A polynomial hash of the last SHINGLE_CHARS characters, updated in place (one pass over the text).
    rolling = (Math.imul(rolling, ROLL_BASE) + code - Math.imul(window[slot]!, ROLL_OUT)) | 0;
    window[slot] = code;
    slot = slot + 1 === SHINGLE_CHARS ? 0 : slot + 1;
    if (++seen < SHINGLE_CHARS) continue;
    const h = mix(rolling);
    // The top bits choose the bin, the rest is the value: one hash serves as every "permutation".
    const bin = h >>> 26;
    const value = h & 0x03ffffff;
    if (value < bins[bin]!) bins[bin] = value;
  }
  const shingles = seen - SHINGLE_CHARS + 1;
  if (shingles < MIN_SHINGLES) return undefined;
  // An empty bin takes the value of a bin chosen by a hash of its position and attempt: the same
  // choice in every document, so agreement stays an unbiased estimate of similarity.
  const signature = new Uint32Array(SIGNATURE_SIZE);
  for (let bin = 0; bin < SIGNATURE_SIZE; bin++) {
    let value = bins[bin]!;
    for (let attempt = 1; value === EMPTY; attempt++) value = bins[mix(Math.imul(bin + 1, 0x9e3779b1) ^ attempt) % SIGNATURE_SIZE]!;
    signature[bin] = value;
  }
  return signature;
}

/** The share of positions at which two signatures agree: an estimate of their texts' Jaccard similarity. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/** What grouping reads of a document: its text's signature and the figures it states (value and unit). */
export interface DuplicateCandidate {
  id: string;
  signature: Uint32Array;
  figures: ReadonlySet<string>;
}

/**
 * Whether two similar texts state the same facts: of the figures of the one stating fewer, at least
 * SAME_FIGURES are stated by the other too. Templated reports ("股票行情快报：…主力资金净卖出…",
 * "基金净值：…") share most of their wording and none of their figures; a repost keeps its
 * source's figures, all but one or two it updates.
 */
function sameFigures(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return true;
  let shared = 0;
  for (const figure of small) if (large.has(figure)) shared++;
  return shared >= SAME_FIGURES * small.size;
}

/**
 * Groups of near-duplicate documents: connected components of the pairs whose signatures agree on
 * at least DUPLICATE_SIMILARITY of positions and that state the same figures, among pairs sharing
 * an LSH band. Returns each grouped document's group id, the smallest document id of its group;
 * documents without a near-duplicate are left out.
 */
function alike(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  return similarity(a.signature, b.signature) >= DUPLICATE_SIMILARITY && sameFigures(a.figures, b.figures);
}

export function duplicateGroups(documents: readonly DuplicateCandidate[]): Map<string, string> {
  // In id order: which pairs join first, and so the groups, do not depend on the index's order.
  const candidates = [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parent = Int32Array.from(candidates, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  // Each band's buckets as chains through `next`: one map entry per bucket, no array per document.
  const next = new Int32Array(candidates.length);
  for (let band = 0; band < BANDS; band++) {
    const heads = new Map<number, number>();
    for (let i = 0; i < candidates.length; i++) {
      const { signature } = candidates[i]!;
      let key = band;
      for (let row = band * ROWS; row < (band + 1) * ROWS; row++) key = mix(key ^ signature[row]!);
      const head = heads.get(key);
      heads.set(key, i);
      next[i] = head ?? -1;
      for (let j = head ?? -1; j >= 0; j = next[j]!) {
        const a = find(i);
        const b = find(j);
        if (a === b) continue;
        if (!alike(candidates[i]!, candidates[j]!)) continue;
        // Groups join only where their first documents are alike too: a roundup of several stories,
        // or a template's wording, does not chain different stories into one group.
        if ((a !== i || b !== j) && !alike(candidates[a]!, candidates[b]!)) continue;
        // (The smaller index as root keeps the components independent of the order pairs are met in.)
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const members = new Map<number, string[]>();
  for (let i = 0; i < candidates.length; i++) {
    const root = find(i);
    const list = members.get(root);
    if (list) list.push(candidates[i]!.id);
    else members.set(root, [candidates[i]!.id]);
  }
  const groups = new Map<string, string>();
  for (const list of members.values()) {
    if (list.length < 2) continue;
    for (const member of list) groups.set(member, list[0]!);
  }
  return groups;
}

/**
 * Sets every document's duplicateGroup from the whole index (a new or changed file can join or
 * split any group, so groups are recomputed on every ingest that changes the index). `signatures`
 * holds those computed while this ingest analysed its files; documents kept from the previous index
 * are signed again here (half a second for 68k news documents).
 */
export async function groupDuplicates(index: PolicyIndex, signatures: ReadonlyMap<string, Uint32Array | undefined>): Promise<void> {
  const yieldNow = eventLoopYielder();
  const figures = new Map<string, Set<string>>();
  for (const figure of index.figures) {
    let set = figures.get(figure.docId);
    if (!set) figures.set(figure.docId, (set = new Set()));
    set.add(`${figure.value}${figure.unit}`);
  }
  const candidates: DuplicateCandidate[] = [];
  for (const document of index.documents.values()) {
    const signature = signatures.has(document.id) ? signatures.get(document.id) : minhashSignature(document.text);
    if (signature) candidates.push({ id: document.id, signature, figures: figures.get(document.id) ?? new Set() });
    await yieldNow();
  }
  const groups = duplicateGroups(candidates);
  for (const document of index.documents.values()) {
    const group = groups.get(document.id);
    if (group) document.duplicateGroup = group;
    else delete document.duplicateGroup;
  }
}
