/**
 * HTML → text without trusting the page: bytes are decoded to well-formed text before the parser
 * sees them, nesting past a depth is flattened before parsing, and the DOM is walked with an
 * explicit stack. A 20 000-deep page or a GB18030 byte run that decodes to lone surrogates
 * (which parse5 pairs into code point 0x110000 and throws on) is one file's text, not a crash.
 *
 * A portal page carries its document among menus, a breadcrumb, share and print links, related
 * links and a footer. Which part is the article is left to Mozilla's Readability (the Firefox
 * reader view), not to rules about one site's markup; what the page states about the document in
 * its 信息公开 table, its <meta> tags and <title> is read as metadata.
 */
import { isUtf8 } from 'node:buffer';
import { Readability } from '@mozilla/readability';
import * as cheerio from 'cheerio';
import { parseHTML } from 'linkedom';
import { normalizeDocumentNumber, parseDate } from './metadata.js';

/** Structural view of the DOM nodes cheerio returns (cheerio does not re-export domhandler's types). */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  children?: HtmlNode[];
  next?: HtmlNode | null;
  parent?: HtmlNode | null;
}

export interface HtmlText {
  text: string;
  title?: string;
  /** 发文字号 as the page's 信息公开 table states it, normalised. */
  documentNumber?: string;
  /** 发文机关 as the table states it. */
  issuers?: string[];
  /** 成文日期 as the table states it (发布日期 when it states none), ISO yyyy-mm-dd. */
  date?: string;
  /** Tags below the depth limit that were dropped (their text kept). */
  flattened: number;
}

const droppedHtmlElements = 'script, style, noscript, nav, header, footer, iframe, template';
/** Controls that run script (print, close, font size) rather than link anywhere: the page's, not the text's. */
const pageControls = 'a[href^="javascript:" i], a[onclick], button';
const blockHtmlElements = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'tr', 'table', 'section', 'article', 'blockquote', 'pre', 'hr', 'main', 'aside',
  'dl', 'dt', 'dd', 'figure', 'figcaption', 'form', 'address',
]);

/**
 * Readability gives up on pages with more elements than this (it throws) and the whole page is read
 * instead: its scoring walks every element several times.
 */
const maxReadabilityElements = 50_000;

export function extractHtml(bytes: Uint8Array, maxDepth: number): HtmlText {
  const { html, flattened } = flattenDeepHtml(saneCharacterReferences(decodeHtml(bytes)), maxDepth);
  const $ = cheerio.load(html);
  $(droppedHtmlElements).remove();
  $(pageControls).remove();

  const stated = readDisclosureTable($);
  const title = articleTitle($, stated.title);
  const main = mainContent($);
  const root = (main ?? $('body').get(0) ?? $.root().get(0)) as unknown as HtmlNode | undefined;
  const lines = root
    ? textOf(root, true)
        .split('\n')
        .map((line) => line.replace(/ {2,}/g, ' ').trim())
        .filter((line) => line !== '')
    : [];
  // Readability drops the headline it took as the title; the splitter reads it at the top of the text.
  if (title && lines.length > 0 && compact(lines[0]!) !== compact(title) && !lines.slice(0, 3).some((line) => compact(line) === compact(title))) {
    lines.unshift(title);
  }
  const result: HtmlText = { text: lines.join('\n'), flattened };
  if (title) result.title = title;
  if (stated.documentNumber) result.documentNumber = stated.documentNumber;
  if (stated.issuers) result.issuers = stated.issuers;
  const date = stated.date ?? stated.published;
  if (date) result.date = date;
  return result;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The text of a node with no block structure worth keeping (a title, a table cell), squeezed. */
function plainText(node: HtmlNode | undefined): string {
  return node ? squeeze(textOf(node, false)) : '';
}

/**
 * The article's title: the one the page declares (<meta name="ArticleTitle">, the 政府网站 meta
 * set; the 信息公开 table's 标题), else an <h1> its <title> also names, else the <title> without the
 * site's name ("关于…的通知_某市人民政府门户网站"), else the first <h1>.
 */
function articleTitle($: cheerio.CheerioAPI, tableTitle: string | undefined): string | undefined {
  const declared = squeeze($('meta[name="ArticleTitle" i]').attr('content') ?? '');
  if (declared) return declared;
  if (tableTitle) return tableTitle;
  const pageTitle = plainText($('title').get(0) as unknown as HtmlNode | undefined);
  const headings = $('h1')
    .toArray()
    .map((node) => plainText(node as unknown as HtmlNode))
    .filter(Boolean);
  const named = headings.find((heading) => heading.length >= 4 && compact(pageTitle).includes(compact(heading)));
  return named ?? (withoutSiteName(pageTitle) || headings[0] || undefined);
}

/**
 * A <title> without the site's name and column: the parts a page joins with "_", "|" or a spaced
 * dash; the article's own title is the longest of them.
 */
function withoutSiteName(pageTitle: string): string {
  const parts = pageTitle.split(/\s*[_|｜]\s*|\s+[-–—]+\s+/).map((part) => part.trim()).filter(Boolean);
  return parts.reduce((longest, part) => (part.length > longest.length ? part : longest), '');
}

/**
 * The page's main content as Readability finds it, parsed back for the text walk; undefined when
 * Readability finds none, throws on the page, or keeps too little of it to be the article.
 */
function mainContent($: cheerio.CheerioAPI): HtmlNode | undefined {
  let content: string | null | undefined;
  try {
    const { document } = parseHTML($.html());
    content = new Readability(document as unknown as Document, { maxElemsToParse: maxReadabilityElements }).parse()?.content;
  } catch {
    return undefined;
  }
  if (!content) return undefined;
  const article$ = cheerio.load(content, null, false);
  const article = article$.root().get(0) as unknown as HtmlNode | undefined;
  if (!article) return undefined;
  for (const block of linkBlocks(article)) article$(block as never).remove();
  return plainText(article) !== '' ? article : undefined;
}

/**
 * Blocks whose text is mostly link text: print/close and share links, related links, a breadcrumb
 * left inside the article box. Link density is how boilerplate removal tells navigation from
 * prose (a sentence may cite a linked law; a menu is nothing but links). Returns the outermost
 * such blocks under `root`, which itself is never one.
 */
function linkBlocks(root: HtmlNode): HtmlNode[] {
  // Post-order with an explicit stack: visible characters, and those inside <a>, per element.
  const counts = new Map<HtmlNode, { text: number; link: number }>();
  const stack: Array<{ node: HtmlNode; done: boolean }> = [{ node: root, done: false }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const children = item.node.children ?? [];
    if (!item.done) {
      stack.push({ node: item.node, done: true });
      for (const child of children) if (child.type === 'tag') stack.push({ node: child, done: false });
      continue;
    }
    const total = { text: 0, link: 0 };
    for (const child of children) {
      if (child.type === 'text') total.text += (child.data ?? '').replace(/\s+/g, '').length;
      const sub = counts.get(child);
      if (sub) {
        total.text += sub.text;
        total.link += child.name === 'a' ? sub.text : sub.link;
      }
    }
    counts.set(item.node, total);
  }
  const found: HtmlNode[] = [];
  const pending = [...(root.children ?? [])];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const count = counts.get(node);
    if (!count) continue;
    if (blockHtmlElements.has(node.name ?? '') && count.text > 0 && count.link / count.text >= 0.5) found.push(node);
    else pending.push(...(node.children ?? []));
  }
  return found;
}

/**
 * The fields of a 政府信息公开 record that portals print above a document (the 公开目录's
 * 索引号, 发文机关, 成文日期, 发文字号, …), as label cells followed by their values.
 */
const disclosureLabel =
  /^(索引号|主题分类|体裁分类|组配分类|服务对象|发文机关|发布机构|成文日期|发文日期|发布日期|公开日期|发文字号|文号|标题|名称|主题词|关键词|有效性|公开方式|公开范围)[:：](.*)$/;

interface DisclosureFields {
  title?: string;
  documentNumber?: string;
  issuers?: string[];
  date?: string;
  published?: string;
}

/** Elements whose children are text or inline markup only: a label or value cell, not a layout box. */
function isLeaf(node: HtmlNode): boolean {
  return (node.children ?? []).every(
    (child) => child.type === 'text' || (child.type === 'tag' && !blockHtmlElements.has(child.name ?? '') && (child.children ?? []).every((c) => c.type === 'text')),
  );
}

function nextElement(node: HtmlNode): HtmlNode | undefined {
  for (let next = node.next; next; next = next.next) if (next.type === 'tag') return next;
  return undefined;
}

/**
 * Reads the 信息公开 table (or list) and removes it from the page: its fields are metadata, and
 * its labels are not the document's text.
 */
function readDisclosureTable($: cheerio.CheerioAPI): DisclosureFields {
  const fields: DisclosureFields = {};
  const labelled: HtmlNode[] = [];
  const labels = new Set<string>();
  for (const element of $('td, th, dt, dd, li, span, label, p, div, strong, b, font').toArray() as unknown as HtmlNode[]) {
    if (!isLeaf(element)) continue;
    const match = disclosureLabel.exec(compact(plainText(element)));
    if (!match) continue;
    const value = match[2] || plainText(nextElement(element)).replace(/^[:：]/, '');
    labelled.push(element);
    labels.add(match[1]!);
    switch (match[1]) {
      case '发文字号':
      case '文号':
        fields.documentNumber ??= normalizeDocumentNumber(value);
        break;
      case '发文机关':
      case '发布机构': {
        const issuers = value.split(/[\s、，,;；]+/).filter(Boolean);
        if (issuers.length > 0) fields.issuers ??= issuers;
        break;
      }
      case '成文日期':
      case '发文日期':
        fields.date ??= parseDate(value);
        break;
      case '发布日期':
      case '公开日期':
        fields.published ??= parseDate(value);
        break;
      case '标题':
      case '名称':
        if (value) fields.title ??= value;
        break;
    }
  }
  // One label alone may be a sentence of the text ("标题：…" in an appendix); a record has several.
  if (labels.size < 2) return {};
  const record = recordElement(labelled);
  if (record) $(record as never).remove();
  return fields;
}

/**
 * The smallest element holding every labelled cell and their values, unless it holds more than
 * them: a layout table that also wraps the document's text stays.
 */
function recordElement(labelled: HtmlNode[]): HtmlNode | undefined {
  const inside = (node: HtmlNode, ancestor: HtmlNode) => {
    for (let at: HtmlNode | null | undefined = node; at; at = at.parent) if (at === ancestor) return true;
    return false;
  };
  const fieldsLength = labelled.reduce((sum, node) => sum + plainText(node).length + plainText(nextElement(node)).length, 0);
  for (let at = labelled[0]!.parent; at && at.type === 'tag'; at = at.parent) {
    if (at.name === 'body' || at.name === 'html') return undefined;
    if (!labelled.every((node) => inside(node, at!))) continue;
    return plainText(at).length <= fieldsLength * 1.5 + 20 ? at : undefined;
  }
  return undefined;
}

/**
 * The text under a node, depth-first with an explicit stack. With `blocks`, text nodes have their
 * own whitespace collapsed (markup indentation is not content) and block elements add the line
 * breaks, so paragraph boundaries survive.
 */
function textOf(root: HtmlNode, blocks: boolean): string {
  const parts: string[] = [];
  // A string on the stack is a line break to emit once the element's children are done.
  const stack: Array<HtmlNode | string> = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      parts.push(item);
      continue;
    }
    if (item.type === 'text') {
      const data = item.data ?? '';
      parts.push(blocks ? data.replace(/[ \t\r\n\f\u00a0]+/g, ' ') : data);
      continue;
    }
    const isBlock = blocks && item.name !== undefined && blockHtmlElements.has(item.name);
    if (isBlock) {
      parts.push('\n');
      stack.push('\n');
    }
    const children = item.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return parts.join('');
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Decodes as browsers do, in short: a BOM wins, then a <meta> charset in the first 1024 bytes;
 * without either, UTF-8 when the bytes are valid UTF-8 and GB18030 (a superset of the GBK many
 * government sites use) otherwise. The result is always well-formed UTF-16.
 */
export function decodeHtml(bytes: Uint8Array): string {
  const encoding = bomEncoding(bytes) ?? metaEncoding(bytes) ?? (isUtf8(bytes) ? 'utf-8' : 'gb18030');
  return wellFormed(new TextDecoder(encoding).decode(bytes));
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function metaEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  const label = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  if (!label) return undefined;
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    return undefined; // A label no decoder knows: fall back as if none were declared.
  }
  // A page cannot declare UTF-16 in ASCII bytes; browsers read such a page as UTF-8.
  return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
}

/**
 * Numeric character references too long to be a code point (`&#x11000010000100001`) make parse5's
 * entity decoder emit NaN, on which it throws; they become U+FFFD, as a browser shows them.
 */
function saneCharacterReferences(html: string): string {
  return html.replace(/&#(?:[xX]([0-9a-fA-F]{7,})|([0-9]{8,}));?/g, (reference, hex?: string, decimal?: string) => {
    const value = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal!, 10);
    return Number.isFinite(value) && value <= 0x10ffff ? reference : '\uFFFD';
  });
}

/** Replaces lone surrogates with U+FFFD (String.prototype.toWellFormed, without the ES2024 lib). */
export function wellFormed(text: string): string {
  // Nearly every text is well formed, and asking (Node 20 has the method, the ES2022 lib lacks its
  // type) is far cheaper than the regex's scan: that was a third of a second of a news ingest.
  if ((text as string & { isWellFormed?: () => boolean }).isWellFormed?.()) return text;
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const voidElements = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
/** Elements whose contents are raw text: a tag inside them is not a tag. */
const rawTextElements = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
/** Elements a parser closes when a sibling of the same name opens: an unclosed <p> or <li> does not nest. */
const siblingClosed = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'rb', 'rt', 'rp']);

/**
 * Drops tags that would open elements deeper than maxDepth, with their matching end tags; text is
 * kept, and a dropped block element leaves a <br> so its paragraphs stay apart. Depth is tracked
 * by a light scan (a stack of open tag names, never deeper than maxDepth), linear in the input.
 * parse5 itself is iterative, but it scans the open-element stack on every tag, so parsing time
 * grows with depth squared: 20 000 nested <div> take seconds, 200 000 minutes.
 */
export function flattenDeepHtml(html: string, maxDepth: number): { html: string; flattened: number } {
  const stack: string[] = [];
  const dropped = new Map<string, number>();
  const out: string[] = [];
  let flattened = 0;
  let copiedTo = 0;
  let at = 0;
  let nextGt = -1;
  const drop = (start: number, end: number, name: string) => {
    out.push(html.slice(copiedTo, start), blockHtmlElements.has(name) ? '<br>' : '');
    copiedTo = end;
    flattened++;
  };

  for (;;) {
    const lt = html.indexOf('<', at);
    if (lt < 0 || lt + 1 >= html.length) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break;
      at = end + 3;
      continue;
    }
    const closing = html.charCodeAt(lt + 1) === 0x2f;
    const nameStart = lt + (closing ? 2 : 1);
    let nameEnd = nameStart;
    while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd), nameEnd === nameStart)) nameEnd++;
    if (nameEnd === nameStart) {
      at = lt + 1;
      continue;
    }
    // One search for '>' serves every tag before it, so a page of '<a<a<a…' stays linear.
    if (nextGt < nameEnd) nextGt = html.indexOf('>', nameEnd);
    if (nextGt < 0) break;
    const gt = nextGt;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    at = gt + 1;

    if (closing) {
      const pending = dropped.get(name) ?? 0;
      if (pending > 0) {
        dropped.set(name, pending - 1);
        drop(lt, gt + 1, name);
        continue;
      }
      const open = stack.lastIndexOf(name);
      if (open >= 0) stack.length = open;
      continue;
    }
    if (voidElements.has(name) || html.charCodeAt(gt - 1) === 0x2f) continue;
    if (rawTextElements.has(name)) {
      const end = new RegExp(`</${name}`, 'ig');
      end.lastIndex = gt + 1;
      const found = end.exec(html);
      at = found ? found.index : html.length;
      continue;
    }
    if (siblingClosed.has(name) && stack[stack.length - 1] === name) stack.pop();
    else if (stack[stack.length - 1] === 'p' && blockHtmlElements.has(name)) stack.pop();
    if (stack.length >= maxDepth) {
      dropped.set(name, (dropped.get(name) ?? 0) + 1);
      drop(lt, gt + 1, name);
      continue;
    }
    stack.push(name);
  }
  if (flattened === 0) return { html, flattened };
  out.push(html.slice(copiedTo));
  return { html: out.join(''), flattened };
}

function isNameChar(code: number, first: boolean): boolean {
  const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  if (first) return letter;
  return letter || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x3a || code === 0x5f;
}
