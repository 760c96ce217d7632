/** A text matched literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The number of an article, chapter or part as statutes print it, in Chinese or Arabic digits:
 * 第十五条, 第一千零七十七条 (the civil code runs past a thousand articles), 第二编, 第3条.
 */
export const ORDINAL_NUMBER = '[一二两三四五六七八九十百千零〇\\d]+';
