/** A text matched literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The number of an article, chapter or part as statutes print it, in Chinese or Arabic digits:
 * 第十五条, 第一千零七十七条 (the civil code runs past a thousand articles), 第二编, 第3条.
 */
export const ORDINAL_NUMBER = '[一二两三四五六七八九十百千零〇\\d]+';

/** An article's number as citations and headings print it: 第十五条, 第二十条之一 (an article inserted by an amendment). */
export const ARTICLE_NUMBER = `第${ORDINAL_NUMBER}条(?:之[一二三四五六七八九十]+)?`;
