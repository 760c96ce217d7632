/**
 * Chunking along the text's own structure: 编/章/节/条 in regulations, 一、/（一） in notices and
 * opinions, short subheadings in news. A chunk never cuts a sentence, stays under one heading,
 * and records its heading path and its offsets into the document text.
 */
import type { ChunkingConfig } from '../config.js';
import type { Chunk, PolicyDocument } from '../types.js';
import { ORDINAL_NUMBER } from '../text/regexp.js';
import { isSpeakerLine } from './clean.js';

const levels: Array<{ pattern: RegExp; level: number; article?: boolean }> = [
  { pattern: /^附件\s*\d*\s*[:：]?/, level: 1 },
  { pattern: new RegExp(`^第${ORDINAL_NUMBER}编`), level: 1 },
  { pattern: new RegExp(`^第${ORDINAL_NUMBER}章`), level: 2 },
  { pattern: new RegExp(`^第${ORDINAL_NUMBER}节`), level: 3 },
  { pattern: new RegExp(`^第${ORDINAL_NUMBER}条`), level: 5, article: true },
  { pattern: /^[一二三四五六七八九十]+、/, level: 3 },
  { pattern: /^[（(][一二三四五六七八九十]+[)）]/, level: 4 },
];

interface Paragraph {
  text: string;
  start: number;
  end: number;
}

interface Heading {
  level: number;
  label: string;
  /** The paragraph is only a heading (no body text of its own). */
  bare: boolean;
  article: boolean;
  speaker?: boolean;
}

/** The label a heading paragraph contributes to the path: "第十四条", "一、总体要求", "（一）理顺党建工作管理体制". */
function headingOf(text: string, insideArticle: boolean): Heading | undefined {
  for (const { pattern, level, article } of levels) {
    const match = pattern.exec(text);
    if (!match) continue;
    // Enumerations inside an article are its items, not headings: "（一）…", and "一、中国人的近亲属；"
    // (a heading of that rank states no clause: it ends without ；or 。).
    if (insideArticle && !article && (level >= 4 || (/^[一二三四五六七八九十]+、/.test(text) && /[；;。]$/.test(text)))) return undefined;
    const bare = text.length <= 40 && !/[。；！？]/.test(text);
    if (article) return { level, label: match[0], bare: false, article: true };
    if (level <= 3 && /^(?:第|附件)/.test(text)) return { level, label: text.length <= 30 ? text : match[0], bare, article: false };
    const lead = text.split(/[。；：]/)[0]!;
    return { level, label: lead.length <= 30 ? lead : match[0], bare, article: false };
  }
  return undefined;
}

/** Two subheading lines in a row with prose after them: one subheading printed on two lines. */
function twoLine(paragraphs: Array<{ text: string }>, index: number): boolean {
  const second = paragraphs[index + 1];
  const after = paragraphs[index + 2];
  return Boolean(second && after && isSubheading(second.text) && !isSubheading(after.text) && !isSpeakerLine(second.text));
}

/** A short line without sentence punctuation inside prose: a news subheading. */
function isSubheading(text: string): boolean {
  return (
    text.length <= 30 &&
    !/[，。；！？、]/.test(text) &&
    !/^[（(□▶■]/.test(text) &&
    !/记者|通讯员|〔\d{4}〕|\d{4}年\d{1,2}月/.test(text)
  );
}

/** Sentence ends: after 。！？； (and a closing quote or bracket that follows). */
export function sentenceSpans(text: string, offset = 0): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const boundary = /[。！？!?；…]+["”’』」）)]*|\n+/g;
  let start = 0;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    const end = match.index + match[0].length;
    spans.push({ start: offset + start, end: offset + end });
    start = end;
  }
  if (start < text.length) spans.push({ start: offset + start, end: offset + text.length });
  return spans
    .map((s) => {
      // Paragraph breaks end a sentence but are not part of it.
      let end = s.end;
      while (end > s.start && text[end - offset - 1] === '\n') end--;
      return { start: s.start, end };
    })
    .filter((s) => text.slice(s.start - offset, s.end - offset).trim().length > 0);
}

function paragraphsOf(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) paragraphs.push({ text: line, start, end: start + line.length });
    start += line.length + 1;
  }
  return paragraphs;
}

/**
 * A document without headings up to this many characters (a news story, a short notice) is one
 * chunk: cut into pieces of CHUNK_MAX_CHARS, the piece with a question's words is often not the one
 * with its answer. Of news documents, 90% are shorter (median 650); laws and long notices are not.
 */
export const WHOLE_DOCUMENT_CHARS = 1000;

/** Cuts a document into chunks. Offsets satisfy chunk.text === document.text.slice(start, end). */
export function chunkDocument(document: PolicyDocument, config: ChunkingConfig): Chunk[] {
  const root = `《${document.title.replace(/^《|》$/g, '')}》`;
  const stack: Heading[] = [];
  const chunks: Chunk[] = [];
  let open: { start: number; end: number; path: string[] } | undefined;
  /** A bare heading waiting to open the next chunk, so a chunk's text carries its heading. */
  let pendingStart: number | undefined;

  const path = () => [root, ...stack.map((h) => h.label)];
  const flush = () => {
    if (!open) return;
    chunks.push({
      id: `${document.id}#${chunks.length}`,
      docId: document.id,
      ordinal: chunks.length,
      text: document.text.slice(open.start, open.end),
      headingPath: open.path,
      start: open.start,
      end: open.end,
    });
    open = undefined;
  };
  const append = (start: number, end: number) => {
    const currentPath = path();
    const samePath = open && open.path.join('>') === currentPath.join('>');
    if (open && samePath && end - open.start <= config.maxChars) {
      open.end = end;
      return;
    }
    // Tiny leftovers stay with their neighbour under the same heading rather than standing alone.
    if (open && samePath && open.end - open.start < config.minChars && end - open.start <= config.maxChars * 1.5) {
      open.end = end;
      return;
    }
    flush();
    open = { start: pendingStart ?? start, end, path: currentPath };
    pendingStart = undefined;
  };

  const paragraphs = paragraphsOf(document.text);
  /**
   * Subheadings only count once the body has begun; before that, lines are the headline block.
   * (A roundup's first speaker and their headline stand right under its headline.)
   */
  let seenProse = Boolean(document.roundup);
  /** The second line of a two-line subheading, already taken into the first's label. */
  let joined = -1;
  for (const [index, paragraph] of paragraphs.entries()) {
    if (index === joined) continue;
    const insideArticle = stack.some((h) => h.article);
    const heading = index === 0 ? undefined : headingOf(paragraph.text, insideArticle);
    if (heading) {
      while (stack.length > 0 && stack[stack.length - 1]!.level >= heading.level) stack.pop();
      stack.push(heading);
      flush();
      if (heading.bare) {
        pendingStart ??= paragraph.start;
        continue;
      }
    } else if (document.type === '新闻' && seenProse && isSpeakerLine(paragraph.text)) {
      // A speaker heads the next paragraphs, their quote's own subheading beneath.
      while (stack.length > 0 && stack[stack.length - 1]!.level >= 3) stack.pop();
      stack.push({ level: 3, label: paragraph.text.replace(/[：:]$/, ''), bare: true, article: false, speaker: true });
      flush();
      pendingStart ??= paragraph.start;
      continue;
    } else if (seenProse && isSubheading(paragraph.text) && !insideArticle && paragraphs[index + 1] && (!isSubheading(paragraphs[index + 1]!.text) || twoLine(paragraphs, index))) {
      const level = stack[stack.length - 1]?.speaker ? 4 : 3;
      while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
      // A news subheading printed on two lines ("标准引领提质量" over "首创规范立法全流程") is one label.
      const label = twoLine(paragraphs, index) ? `${paragraph.text} ${paragraphs[index + 1]!.text}` : paragraph.text;
      if (label !== paragraph.text) joined = index + 1;
      stack.push({ level, label, bare: true, article: false });
      flush();
      pendingStart ??= paragraph.start;
      continue;
    }
    if (/[，。；！？]/.test(paragraph.text)) seenProse = true;
    if (paragraph.end - paragraph.start <= config.maxChars) {
      append(paragraph.start, paragraph.end);
      continue;
    }
    for (const sentence of sentenceSpans(paragraph.text, paragraph.start)) append(sentence.start, sentence.end);
  }
  if (pendingStart !== undefined) {
    // A heading at the very end (an attachment title) still belongs to the text.
    const last = paragraphs[paragraphs.length - 1]!;
    if (open) open.end = last.end;
    else open = { start: pendingStart, end: last.end, path: path() };
  }
  flush();
  return wholeIfShort(document, chunks, root);
}

/** The chunks of a short document without headings, joined into one. */
function wholeIfShort(document: PolicyDocument, chunks: Chunk[], root: string): Chunk[] {
  if (chunks.length < 2 || chunks.some((chunk) => chunk.headingPath.length > 1 || chunk.headingPath[0] !== root)) return chunks;
  const start = chunks[0]!.start;
  const end = chunks[chunks.length - 1]!.end;
  if (end - start > WHOLE_DOCUMENT_CHARS) return chunks;
  return [{ ...chunks[0]!, text: document.text.slice(start, end), end }];
}
