/**
 * Which documents a request's filters (issuer, type, date) allow. Searches apply them inside the
 * index, not to its first results: a narrow filter on a large corpus still finds its passages.
 * The files index tests each passage (`allows`); the Postgres index states them as conditions.
 */
import type { DocumentType, PolicyDocument } from '../types.js';

export interface QueryFilters {
  /** Substring of one of the document's issuers, e.g. 工业和信息化部. */
  issuer?: string;
  type?: DocumentType;
  /** ISO dates, inclusive. */
  dateFrom?: string;
  dateTo?: string;
}

export function matchesFilters(document: PolicyDocument, filters: QueryFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.issuer && !document.issuers.some((issuer) => issuer.includes(filters.issuer!))) return false;
  if (filters.type && document.type !== filters.type) return false;
  if (filters.dateFrom && (!document.date || document.date < filters.dateFrom)) return false;
  if (filters.dateTo && (!document.date || document.date > filters.dateTo)) return false;
  return true;
}

/** The passages a search may return: those of the documents the filters allow (and, when given, of `labels` only). */
export interface SearchScope {
  filters: QueryFilters;
  /** A few passages, listed: a named document's. The search scores them directly. */
  labels?: readonly number[];
  /** Whether the passage with this BM25 label is in scope. */
  allows(label: number): boolean;
}

/**
 * A scope over an index's passages. It remembers each passage's verdict for the search it serves:
 * a narrow filter is asked about every posting of every query term.
 */
export function searchScope(filters: QueryFilters, documentOf: (label: number) => PolicyDocument | undefined, labels?: readonly number[]): SearchScope {
  const verdicts = new Map<number, boolean>();
  const listed = labels && new Set(labels);
  const allowed = (label: number, document: PolicyDocument | undefined) => Boolean(document && (!listed || listed.has(label)) && matchesFilters(document, filters));
  return {
    filters,
    ...(labels ? { labels } : {}),
    allows(label) {
      let verdict = verdicts.get(label);
      if (verdict === undefined) verdicts.set(label, (verdict = allowed(label, documentOf(label))));
      return verdict;
    },
  };
}
