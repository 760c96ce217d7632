/** Numbered citations [1][2] to quoted spans of documents, deduplicated by span. */
import type { Chunk, Citation, PolicyDocument } from '../types.js';

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
      title: citedTitle(document, chunk?.headingPath),
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
  // (A title already in 《》 keeps them; one naming a 《policy》 inside keeps that policy's.)
  const title = /^《.*》$/.test(document.title) ? document.title : `《${document.title}》`;
  if (document.documentNumber) return `${title}（${document.documentNumber}）`;
  return title;
}
