// A tiny, safe Markdown subset for answers: lines starting "- " (or "• ") become bullet items,
// lines starting "1. " numbered items, **bold** becomes <strong>, and [n] is a citation marker.
// Nothing else is Markdown here: no links, images, headings or HTML. parseAnswer() is a pure
// function (tested in Node); renderAnswerText() builds the DOM with createElement and text nodes
// only, so answer text is never parsed as HTML.

const BULLET = /^\s*[-•]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.．]\s+(.*)$/;
const INLINE = /\*\*(?=\S)(.+?)\*\*|\[(\d{1,3})\]/g;
const CITE = /\[(\d{1,3})\]/g;

/** [n] markers in a run of text, as text and cite nodes. */
function citations(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(CITE)) {
    if (match.index > last) nodes.push({ tag: 'text', text: text.slice(last, match.index) });
    nodes.push({ tag: 'cite', n: Number(match[1]), text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push({ tag: 'text', text: text.slice(last) });
  return nodes;
}

/** One line's inline nodes: text, {tag: 'strong', children} and {tag: 'cite', n, text}. */
export function parseInline(line) {
  const nodes = [];
  let last = 0;
  for (const match of line.matchAll(INLINE)) {
    if (match.index > last) nodes.push({ tag: 'text', text: line.slice(last, match.index) });
    if (match[1] !== undefined) nodes.push({ tag: 'strong', children: citations(match[1]) });
    else nodes.push({ tag: 'cite', n: Number(match[2]), text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < line.length) nodes.push({ tag: 'text', text: line.slice(last) });
  return nodes;
}

/**
 * An answer as blocks: {tag: 'p', children} (its lines separated by "\n" text nodes),
 * {tag: 'ul', children: li[]}, {tag: 'ol', start, children: li[]}; each li is {tag: 'li', children}.
 */
export function parseAnswer(text) {
  const blocks = [];
  let open = null; // the block the next line may continue
  for (const line of String(text).replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (open?.tag !== tag) {
        open = tag === 'ol' ? { tag, start: Number(numbered[1]), children: [] } : { tag, children: [] };
        blocks.push(open);
      }
      open.children.push({ tag: 'li', children: parseInline(bullet ? bullet[1] : numbered[2]) });
    } else if (line.trim() === '') {
      open = null;
    } else {
      if (open?.tag !== 'p') {
        open = { tag: 'p', children: [] };
        blocks.push(open);
      } else open.children.push({ tag: 'text', text: '\n' });
      open.children.push(...parseInline(line));
    }
  }
  return blocks;
}

/** The answer without Markdown marks, for copying as plain text: ** removed, lists kept as typed. */
export function plainText(text) {
  return String(text).replace(/\*\*(?=\S)(.+?)\*\*/g, '$1');
}

const ELEMENTS = new Set(['p', 'ul', 'ol', 'li', 'strong']);

/** DOM nodes for parsed nodes; cite(n) gives the chip for [n], or null to keep "[n]" as text. */
function build(nodes, cite) {
  return nodes.map((node) => {
    if (node.tag === 'text') return document.createTextNode(node.text);
    if (node.tag === 'cite') return cite(node.n) ?? document.createTextNode(node.text);
    if (!ELEMENTS.has(node.tag)) throw new Error(`not an answer element: ${node.tag}`);
    const element = document.createElement(node.tag);
    if (node.tag === 'ol' && node.start !== 1) element.start = node.start;
    element.append(...build(node.children, cite));
    return element;
  });
}

/** The answer's blocks as DOM nodes, to append to the answer's text box. */
export function renderAnswerText(text, cite) {
  return build(parseAnswer(text), cite);
}

/**
 * A title in 《》 as printed Chinese nests them (as the server's bookTitle does): a policy the title
 * names keeps 〈〉 inside (《工信部等九部门联合印发〈推动物联网…〉》), never 《《…》》; a title already
 * wholly in 《》 is not wrapped again.
 */
export function bookTitle(title) {
  const bare = /^《[^《》]*》$/.test(title) ? title.slice(1, -1) : title;
  return `《${bare.replace(/《/g, '〈').replace(/》/g, '〉')}》`;
}
