/**
 * Offline embeddings by feature hashing: no model, no download, no state, deterministic.
 *
 * Features of a text:
 *   - CJK character unigrams and bigrams within each run of CJK characters (Chinese has no
 *     spaces; overlapping bigrams stand in for words, as in classic Chinese IR),
 *   - Latin words and numbers (ASCII and full-width folded to lower-case ASCII; "3.5" stays whole),
 *   - words of two or more characters from the optional segmenter (e.g. jieba), which add
 *     longer units such as 科技伦理审查 that no bigram captures.
 * Each feature gets weight typeWeight·(1 + ln tf) and is added with a pseudo-random sign to one of
 * `dimensions` buckets (signed hashing keeps dot products unbiased despite collisions); the result
 * is L2-normalised, so the dot product of two vectors is their cosine similarity.
 *
 * Changing anything here that changes vectors must bump FEATURE_VERSION: it is part of the id, and
 * a new id makes existing indexes rebuild.
 */
import type { Embedder } from './embedder.js';

const FEATURE_VERSION = 2;

/**
 * Bigrams and real words carry most of the signal; unigrams are weaker evidence but survive
 * rewording. Chosen on the seed corpus (finding a paragraph from a reworded fragment of it or
 * from a question built from its phrases): unigrams at 0.4–0.6 beat none; adding trigrams
 * made both tests worse at 256 dimensions (more features, more collisions), so there are none.
 */
const WEIGHTS = {
  unigram: 0.5,
  bigram: 1,
  word: 1,
} as const;

/** Feature kinds live in the low 2 bits of a feature hash, so counting by sorting keeps them apart. */
const UNIGRAM = 0;
const BIGRAM = 1;
const WORD = 2;
const KIND_WEIGHT = [WEIGHTS.unigram, WEIGHTS.bigram, WEIGHTS.word, 0];

/** Function characters so frequent that their unigrams only add noise (they still count in bigrams). */
const STOP_CHARS = new Set(Array.from('的了和与及或等在是对为以于其之而也把被将并从由向按这那此该各有中上下年月日', (c) => c.charCodeAt(0)));

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Words start from their own seed, so the word 科技 and the bigram 科技 land in unrelated buckets. */
const WORD_SEED = 0x9747b28c;

function fnvStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, FNV_PRIME);
}

/** murmur3's 32-bit finaliser: spreads FNV's weak low bits over the word before we slice it. */
function finish(hash: number, kind: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h & ~3) | kind) >>> 0;
}

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3007;
}

/** Lower-case ASCII letter or digit for a Latin/number character (full-width folded), else 0. */
function alnum(c: number): number {
  if (c >= 0xff10 && c <= 0xff5a) c -= 0xfee0;
  if (c >= 0x30 && c <= 0x39) return c;
  if (c >= 0x61 && c <= 0x7a) return c;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  return 0;
}

const LOG_TF = Array.from({ length: 256 }, (_, tf) => (tf === 0 ? 0 : 1 + Math.log(tf)));

export interface HashEmbedderOptions {
  dimensions: number;
  segmentWords?: (text: string) => string[];
}

export class HashEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly segmentWords?: (text: string) => string[];
  /** Feature hashes of the text being embedded; reused across calls. */
  private features = new Uint32Array(4096);
  private count = 0;

  constructor(options: HashEmbedderOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 8) {
      throw new RangeError(`Hash embedding dimensions must be an integer ≥ 8, got ${options.dimensions}`);
    }
    this.dimensions = options.dimensions;
    this.segmentWords = options.segmentWords;
    // With a segmenter the features differ, so the id must too.
    this.id = `hash-ngram-v${FEATURE_VERSION}${options.segmentWords ? '+words' : ''}/${options.dimensions}`;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }

  /** Synchronous form of `embed` for one text. A text with no features gives the zero vector. */
  embedOne(text: string): Float32Array {
    this.count = 0;
    this.addCharacterFeatures(text);
    if (this.segmentWords) {
      for (const word of this.segmentWords(text)) this.addWord(word);
    }
    return this.project();
  }

  private push(hash: number): void {
    if (this.count === this.features.length) {
      const bigger = new Uint32Array(this.features.length * 2);
      bigger.set(this.features);
      this.features = bigger;
    }
    this.features[this.count++] = hash;
  }

  private addCharacterFeatures(text: string): void {
    // Previous CJK character of the current run (0 = none), and the hash of the current Latin word.
    let prev = 0;
    let word = WORD_SEED;
    let wordLength = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (isCjk(c)) {
        if (wordLength > 0) {
          this.push(finish(word, WORD));
          word = WORD_SEED;
          wordLength = 0;
        }
        if (!STOP_CHARS.has(c)) this.push(finish(fnvStep(FNV_OFFSET, c), UNIGRAM));
        if (prev !== 0) this.push(finish(fnvStep(fnvStep(FNV_OFFSET, prev), c), BIGRAM));
        prev = c;
        continue;
      }
      prev = 0;
      const a = alnum(c);
      // A decimal point between digits belongs to the number: 3.5万 → "3.5".
      const decimalPoint =
        (c === 0x2e || c === 0xff0e) && wordLength > 0 && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1));
      if (a !== 0 || decimalPoint) {
        word = fnvStep(word, a || 0x2e);
        wordLength++;
      } else if (wordLength > 0) {
        this.push(finish(word, WORD));
        word = WORD_SEED;
        wordLength = 0;
      }
    }
    if (wordLength > 0) this.push(finish(word, WORD));
  }

  /** A segmenter word, hashed like a Latin word so "ai" from either source is one feature. */
  private addWord(word: string): void {
    if (word.length < 2) return;
    let hash = WORD_SEED;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      const a = alnum(c);
      if (a === 0 && !isCjk(c)) return;
      hash = fnvStep(hash, a || c);
    }
    this.push(finish(hash, WORD));
  }

  private project(): Float32Array {
    const vector = new Float32Array(this.dimensions);
    const features = this.features.subarray(0, this.count).sort();
    let sumSquares = 0;
    for (let i = 0; i < features.length; ) {
      const hash = features[i]!;
      let j = i + 1;
      while (j < features.length && features[j] === hash) j++;
      const tf = j - i;
      i = j;
      const weight = KIND_WEIGHT[hash & 3]! * (tf < LOG_TF.length ? LOG_TF[tf]! : 1 + Math.log(tf));
      const bucket = (hash >>> 3) % this.dimensions;
      vector[bucket]! += hash & 4 ? weight : -weight;
    }
    for (let d = 0; d < vector.length; d++) sumSquares += vector[d]! * vector[d]!;
    if (sumSquares > 0) {
      const scale = 1 / Math.sqrt(sumSquares);
      for (let d = 0; d < vector.length; d++) vector[d]! *= scale;
    }
    return vector;
  }
}

function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}
