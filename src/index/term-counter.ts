/**
 * Search tokens counted where they are made: an analysis worker numbers the terms it meets and
 * sends each chunk's tokens as (term number, count) pairs, and each term's text once
 * (analyze-pool.ts). Tens of millions of token strings would otherwise be copied to the main
 * thread, split and hashed there again, while it alone fills BM25.
 */
import { visitTokensOfEach } from '../text/tokenize.js';
import { WordTable } from '../text/word-table.js';

export class TermCounter {
  private readonly ids = new WordTable<number>();
  private fresh: string[] = [];
  /** Per term number: its count in the text being counted, 0 between texts. */
  private tf = new Uint32Array(1 << 12);
  private readonly distinct: number[] = [];

  /**
   * The search tokens of each text (tokenize) as (term number, count) pairs, terms in order of
   * first appearance; each text's tokens themselves are appended to `tokens[i]` when given.
   * jieba cuts the texts as a batch (visitTokensOfEach).
   */
  countEach(texts: readonly string[], tokens?: string[][]): Uint32Array[] {
    const counts: Uint32Array[] = [];
    const distinct = this.distinct;
    // (Counts left by a call that failed midway are not this call's.)
    this.pairs();
    visitTokensOfEach(texts, (t) => {
      // Texts are visited in order, each to its end: the one before is counted up.
      while (counts.length < t) counts.push(this.pairs());
      const listed = tokens?.[t];
      return (items, cached) => {
        if (listed) for (const item of items) listed.push(item);
        if (items.length === 0) return;
        // A recurring word's numbers are in its cache entry, a lone one as a plain number: no
        // lookup per token, and no object to reach it through (this loop is memory-bound).
        let ids: number | number[];
        if (cached && cached.memoBy === this) ids = cached.memo as number | number[];
        else {
          ids = items.length === 1 ? this.number(items[0]!) : items.map((item) => this.number(item));
          if (cached) {
            cached.memo = ids;
            cached.memoBy = this;
          }
        }
        const tf = this.tf;
        if (typeof ids === 'number') {
          if (tf[ids]!++ === 0) distinct.push(ids);
        } else {
          for (let i = 0; i < ids.length; i++) if (tf[ids[i]!]!++ === 0) distinct.push(ids[i]!);
        }
      };
    });
    while (counts.length < texts.length) counts.push(this.pairs());
    return counts;
  }

  /** The counts of the text just visited, as pairs; the scratch counts are left at 0 for the next. */
  private pairs(): Uint32Array {
    const distinct = this.distinct;
    const pairs = new Uint32Array(2 * distinct.length);
    for (let i = 0; i < distinct.length; i++) {
      const id = distinct[i]!;
      pairs[2 * i] = id;
      pairs[2 * i + 1] = this.tf[id]!;
      this.tf[id] = 0;
    }
    distinct.length = 0;
    return pairs;
  }

  /** The terms numbered since the last call, in number order. */
  takeFresh(): string[] {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }

  private number(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.add(term, id);
      this.fresh.push(term);
      if (id >= this.tf.length) {
        const tf = new Uint32Array(2 * this.tf.length);
        tf.set(this.tf);
        this.tf = tf;
      }
    }
    return id;
  }
}
