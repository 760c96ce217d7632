/**
 * Chinese abbreviations keep characters of their full form in order: 营收 for 营业收入, 大客车 for
 * 大型客车, 反诈法 for 反电信网络诈骗法. A fact of the language, read by the reader (a word asked, found
 * in its full form) and by the retriever (a law named by a short name no synonym list holds).
 */

const patterns = new Map<string, RegExp | undefined>();

/** What may stand between an abbreviation's characters in its full form: Chinese, not a numeral ("工作十五日" is no 工作日). */
const GAP = '(?:(?![零〇一二两三四五六七八九十百千万亿])[\\u4e00-\\u9fff])';

/**
 * Whether a text prints the full form of an abbreviation of two to six Chinese characters: its
 * characters in order within one run of Chinese, first and last where they stand, at most twice its
 * length in all ("营收" ← 营业收入, "交易所" ← 证券交易场所).
 */
export function printsFullForm(word: string, text: string): boolean {
  if (!patterns.has(word)) {
    if (patterns.size > 10_000) patterns.clear();
    // (Gaps as short as can be, so the first match found is the shortest that starts there.)
    patterns.set(word, /^[\u4e00-\u9fff]{2,6}$/.test(word) ? new RegExp([...word].join(`${GAP}{0,${word.length}}?`), 'g') : undefined);
  }
  const pattern = patterns.get(word);
  if (!pattern) return false;
  for (const match of text.matchAll(pattern)) if (match[0].length <= 2 * word.length) return true;
  return false;
}

/** Whether `short` abbreviates the name `full`: it starts and ends as `full` does, its characters in order. */
export function abbreviates(short: string, full: string): boolean {
  if (short.length >= full.length || short[0] !== full[0] || short.at(-1) !== full.at(-1)) return false;
  let at = 0;
  for (const character of short) {
    at = full.indexOf(character, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}
