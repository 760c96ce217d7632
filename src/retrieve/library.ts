/**
 * The index as a library: documents by id, 文号 or title, each document's passages in order, the
 * line that names a document, and the figures stated about a subject. What the agent's tools and
 * the HTTP API read.
 */
import { figuresOf, type IndexedChunk, type PolicyIndex } from '../index/store.js';
import { normalizeDocumentNumber } from '../ingest/metadata.js';
import type { Chunk, Figure, PolicyDocument } from '../types.js';
import { compactTitle as compact } from './query.js';
import type { Retriever } from './retriever.js';

/** A span of a document to cite, with the passage it lies in. */
export interface Span {
  document: PolicyDocument;
  chunk?: Chunk;
  start: number;
  end: number;
}

export class PolicyLibrary {
  constructor(
    readonly index: PolicyIndex,
    readonly retriever: Retriever,
  ) {}

  chunksOf(document: PolicyDocument): IndexedChunk[] {
    return this.retriever.chunksOf(document);
  }

  /** A document by id, 文号 or (part of) its title; the newest when several titles match. */
  findDocument(ref: { id?: string | undefined; title?: string | undefined; documentNumber?: string | undefined }): PolicyDocument | undefined {
    if (ref.id) {
      const byId = this.index.documents.get(ref.id);
      if (byId) return byId;
    }
    const documents = [...this.index.documents.values()];
    const number = ref.documentNumber && (normalizeDocumentNumber(ref.documentNumber.replace(/\s+/g, '')) ?? ref.documentNumber);
    if (number) {
      const byNumber = documents.find((d) => d.documentNumber === number);
      if (byNumber) return byNumber;
    }
    const title = ref.title && compact(ref.title);
    if (!title) return undefined;
    const matches = documents.filter((d) => compact(d.title).includes(title) || (d.headline && compact(d.headline).includes(title)));
    // The closest title first (the 办法 itself, not the 通知 that prints it), then the newest.
    return matches.sort((a, b) => a.title.length - b.title.length || (b.date ?? '').localeCompare(a.date ?? ''))[0];
  }

  /** Figures stated in the passages that best match a subject, optionally of one unit and period. */
  async figures(subject: string, unit?: string, period?: string, limit = 10): Promise<Figure[]> {
    const hits = await this.retriever.search(`${subject}${period ?? ''}`, { limit: 20 });
    const rank = new Map(hits.map((hit, i) => [hit.chunk.id, i]));
    const { figures } = this.index;
    const stated = figures.inPassages
      ? await figures.inPassages([...rank.keys()])
      : [...new Set(hits.map((hit) => hit.document.id))].flatMap((docId) => figuresOf(this.index, docId)).filter((f) => rank.has(f.chunkId));
    return stated
      .filter((f) => !unit || f.unit === unit || f.raw.includes(unit))
      .filter((f) => !period || (f.period ?? f.sentence).includes(period.replace(/年$/, '')))
      .sort((a, b) => rank.get(a.chunkId)! - rank.get(b.chunkId)! || a.start - b.start)
      .slice(0, limit);
  }

  /** The line that names the document (its 文号 line, else its first line), as a citable span. */
  header(document: PolicyDocument): Span {
    const at = document.documentNumber ? Math.max(0, document.text.indexOf(document.documentNumber)) : 0;
    const start = document.text.lastIndexOf('\n', at) + 1;
    const lineEnd = document.text.indexOf('\n', at);
    const end = lineEnd < 0 ? document.text.length : lineEnd;
    const chunk = this.chunksOf(document).find((c) => c.start <= start && c.end >= end);
    return chunk ? { document, chunk, start, end } : { document, start, end };
  }
}

