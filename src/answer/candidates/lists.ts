/**
 * What a sentence of a policy text hangs on. A numbered list's item ("（一）", "一是", "1.") hangs on
 * the line ending in "：" above its run of items: "（一）饮酒后驾驶机动车的；" says little without
 * "…一次记12分：". A case later in an article hangs on the rule the article opens with.
 */
import { ARTICLE_NUMBER } from '../../text/regexp.js';

/** The numbering that opens a list item. */
export const enumerated = /^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|\d+[.、．]|第[一二三四五六七八九十]+[，、])/;

/** Lines looked back over, past the items above, for the sentence a list item hangs on. */
const LEAD_LINES = 12;

/**
 * Where the sentence a list item starting at `itemStart` hangs on stands: the line ending in "："
 * above its run of items, its last sentence ("第八条 机动车驾驶人有下列交通违法行为之一，一次记12分：");
 * none when a line that is not an item comes first.
 */
export function listLeadAt(text: string, itemStart: number): { start: number; end: number; text: string } | undefined {
  let end = text.lastIndexOf('\n', itemStart - 1);
  for (let lines = 0; end > 0 && lines < LEAD_LINES; lines++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).trim();
    if (/[：:]$/.test(line)) {
      const from = start + text.slice(start, end).lastIndexOf('。') + 1;
      return { start: from, end, text: text.slice(from, end).trim() };
    }
    if (!enumerated.test(line)) return undefined;
    end = start - 1;
  }
  return undefined;
}

/**
 * The sentence that opens the article (第十五条) a later sentence of it stands in, if it is not that
 * sentence: the rule the article's cases qualify ("死亡赔偿金…按二十年计算。" over "七十五周岁以上的，
 * 按五年计算。"). `article`: the heading the passage stands under.
 */
export function articleOpeningAt(text: string, article: string, sentenceStart: number): string | undefined {
  if (!ARTICLE.test(article)) return undefined;
  const at = text.lastIndexOf(article, sentenceStart);
  // (An article runs a few hundred characters; a heading further back is a cross-reference's.)
  if (at < 0 || sentenceStart - at > ARTICLE_SPAN) return undefined;
  // (The sentence right after the opening is read with it already, as the sentence before it.)
  const end = text.slice(at, sentenceStart).search(/[。；：]/);
  return end < 0 || at + end + 1 >= sentenceStart ? undefined : text.slice(at, at + end + 1);
}

/** An article's heading: 第十五条, 第一千零七十七条, 第二十条之一. */
const ARTICLE = new RegExp(`^${ARTICLE_NUMBER}$`);
/** The farthest an article's case is read back to its opening, in characters. */
const ARTICLE_SPAN = 1000;
