/**
 * HTML → text without trusting the page: bytes are decoded to well-formed text before the parser
 * sees them, nesting past a depth is flattened before parsing, and the DOM is walked with an
 * explicit stack. A 20 000-deep page or a GB18030 byte run that decodes to lone surrogates
 * (which parse5 pairs into code point 0x110000 and throws on) is one file's text, not a crash.
 */
import { isUtf8 } from 'node:buffer';
import * as cheerio from 'cheerio';

/** Structural view of the DOM nodes cheerio returns (cheerio does not re-export domhandler's types). */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  children?: HtmlNode[];
}

export interface HtmlText {
  text: string;
  title?: string;
  /** Tags below the depth limit that were dropped (their text kept). */
  flattened: number;
}

const droppedHtmlElements = 'script, style, noscript, nav, header, footer, iframe, template';
const blockHtmlElements = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'tr', 'table', 'section', 'article', 'blockquote', 'pre', 'hr', 'main', 'aside',
  'dl', 'dt', 'dd', 'figure', 'figcaption', 'form', 'address',
]);

export function extractHtml(bytes: Uint8Array, maxDepth: number): HtmlText {
  const { html, flattened } = flattenDeepHtml(saneCharacterReferences(decodeHtml(bytes)), maxDepth);
  const $ = cheerio.load(html);
  $(droppedHtmlElements).remove();

  // cheerio's .text() recurses over the subtree; ours does not.
  const firstText = (selector: string): string => {
    const node = $(selector).get(0) as unknown as HtmlNode | undefined;
    return node ? squeeze(textOf(node, false)) : '';
  };
  const title = firstText('title') || firstText('h1') || undefined;
  const body = ($('body').get(0) ?? $.root().get(0)) as unknown as HtmlNode | undefined;
  const text = body
    ? textOf(body, true)
        .split('\n')
        .map((line) => line.replace(/ {2,}/g, ' ').trim())
        .filter((line) => line !== '')
        .join('\n')
    : '';
  return title ? { text, title, flattened } : { text, flattened };
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
