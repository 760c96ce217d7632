/** Character bigrams for comparing Chinese strings without segmenting them. */

/** The set of adjacent character pairs of a text's letters and digits (punctuation and spaces ignored). */
export function bigrams(text: string): Set<string> {
  const chars = [...text.replace(/[^\u3400-\u9fffA-Za-z0-9]/g, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return grams;
}

/** Share of `a`'s bigrams also found in `b` (0–1). */
export function bigramOverlap(a: string | Set<string>, b: string | Set<string>): number {
  const first = typeof a === 'string' ? bigrams(a) : a;
  const second = typeof b === 'string' ? bigrams(b) : b;
  let shared = 0;
  for (const gram of first) if (second.has(gram)) shared++;
  return first.size === 0 ? 0 : shared / first.size;
}
