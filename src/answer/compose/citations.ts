/** Numbered citations [1][2] to quoted spans of documents, deduplicated by span. */
import type { Chunk, Citation, PolicyDocument } from '../../types.js';

export interface Quotable {
  document: PolicyDocument;
  /** The passage the span lies in, for its heading path; absent for metadata lines. */
  chunk?: Chunk;
  start: number;
  end: number;
}

export class Citations {
  readonly list: Citation[] = [];

  /** Adds a citation (or finds the same span already cited) and returns its marker, e.g. "[2]". */
  cite({ document, chunk, start, end }: Quotable): string {
    const existing = this.list.find((c) => c.docId === document.id && c.start === start && c.end === end);
    if (existing) return `[${existing.n}]`;
    const citation: Citation = {
      n: this.list.length + 1,
      docId: document.id,
      title: compactTitle(citedTitle(document, chunk?.headingPath), document.text),
      heading: chunk ? chunk.headingPath.slice(1).join(' > ') : '',
      quote: document.text.slice(start, end),
      start,
      end,
    };
    if (document.documentNumber) citation.documentNumber = document.documentNumber;
    if (document.date) citation.date = document.date;
    this.list.push(citation);
    return `[${citation.n}]`;
  }

  /** Takes over a citation made elsewhere (another part of the answer), renumbered; returns its marker. */
  adopt(citation: Citation): string {
    const existing = this.list.find((c) => c.docId === citation.docId && c.start === citation.start && c.end === citation.end);
    if (existing) return `[${existing.n}]`;
    this.list.push({ ...citation, n: this.list.length + 1 });
    return `[${this.list.length}]`;
  }
}

/**
 * The title a citation names: with the display headline a briefing prints over a formal title; for
 * an article printed without a headline (titled by its opening words), the section quoted; for a
 * roundup of voices, the speaker and their headline.
 */
function citedTitle(document: PolicyDocument, headingPath: string[] = []): string {
  if (document.headline) return `${document.title}（${document.headline}）`;
  if (document.untitled && headingPath[1]) return `${document.title}（${headingPath[1]}）`;
  if (document.roundup && headingPath.length > 1) return `${document.title}（${headingPath.slice(1).join(' ')}）`;
  return document.title;
}

/** "《title》（文号）" or "《title》（date）" for naming a source in an answer. */
export function sourceName(document: PolicyDocument): string {
  const title = bookTitle(compactTitle(document.title, document.text));
  if (document.documentNumber) return `${title}（${document.documentNumber}）`;
  return title;
}

/** An ISO date as Chinese prints it: 2026-01-01 → 2026年1月1日. */
export function printedDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/**
 * A title in 《》 as printed Chinese nests them: the policy a title names keeps single marks inside
 * the double ones (《关于印发〈推动物联网…〉的通知》), never 《…《…》…》. A title already wholly in
 * 《》 is not wrapped again.
 */
export function bookTitle(title: string): string {
  const bare = /^《[^《》]*》$/.test(title) ? title.slice(1, -1) : title;
  return `《${bare.replace(/《/g, '〈').replace(/》/g, '〉')}》`;
}

/**
 * A title without the spaces a PDF line break left inside it ("…“两重”建设项目 清单"). A space
 * between two Chinese characters goes when the document's own text prints the words on either side
 * of it joined ("建设项目清单"); one the text never closes up separates the parts of a headline
 * ("中共中央政治局召开会议 分析研究当前经济形势…") or issuers ("中共中央办公厅 国务院办公厅…") and stays.
 */
export function compactTitle(title: string, text: string): string {
  if (!/[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]/.test(title)) return title;
  // (Not the title's own lines: closed up, they would vouch for every space in it.)
  const closed = (line: string) => line.replace(/[ \t\u3000]+/g, '');
  const inTitle = closed(title);
  const body = text
    .split('\n')
    .map(closed)
    .filter((line) => !(line.length >= 6 && inTitle.includes(line)))
    .join('\n');
  return title.replace(/([\u4e00-\u9fff]{1,4})[ \u3000]+(?=([\u4e00-\u9fff]{1,4}))/g, (whole, before: string, after: string) =>
    body.includes(before + after) ? before : whole,
  );
}

/** Characters of a quote shown in a sources list before it is cut. */
export const EXCERPT_CHARS = 120;

/**
 * A quote shortened for a sources list: cut at the last sentence end (。；！？) within `max`
 * characters, else at the last clause break (，、：), and marked "…" where cut. Never inside a
 * number ("突破3.5万亿元" stays whole): with no break in reach the whole first clause is kept.
 */
export function excerpt(quote: string, max = EXCERPT_CHARS): string {
  const text = quote.replace(/\s*\n\s*/g, ' ').trim();
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  const cutAfter = (marks: RegExp) => {
    let at = -1;
    for (const m of head.matchAll(marks)) at = m.index;
    return at;
  };
  // (A break too early leaves too little: prefer a clause break late in reach to a sentence end at the start.)
  const sentence = cutAfter(/[。；！？]/g);
  const clause = cutAfter(/[，、：]/g);
  const at = sentence >= max / 2 ? sentence : Math.max(sentence, clause);
  if (at > 0) return `${text.slice(0, at + 1)}…`;
  const first = text.search(/[。；！？，、：]/);
  return first > 0 && first < text.length - 1 ? `${text.slice(0, first + 1)}…` : text;
}

/** One document's citations, in the order first cited: how a sources list groups its quotes. */
export interface CitedSource {
  docId: string;
  title: string;
  documentNumber?: string;
  date?: string;
  /** The citation numbers [n] quoting this document. */
  citations: number[];
}

/** Citations grouped per cited document (by id and title), in the order each was first cited. */
export function groupCitations(citations: Citation[]): CitedSource[] {
  const groups = new Map<string, CitedSource>();
  for (const citation of citations) {
    const key = `${citation.docId}\u0000${citation.title}`;
    let group = groups.get(key);
    if (!group) {
      group = { docId: citation.docId, title: citation.title, citations: [] };
      if (citation.documentNumber) group.documentNumber = citation.documentNumber;
      if (citation.date) group.date = citation.date;
      groups.set(key, group);
    }
    group.citations.push(citation.n);
  }
  return [...groups.values()];
}
