/**
 * Opens the live generation of an index published to Postgres (publish.ts). BM25 runs in the
 * database (pg_textsearch), with a request's filters as conditions on the documents. Documents'
 * metadata and passages' places are read into this process; their texts and figures into a file
 * on this machine, read back when the answer stage reads them (local-texts.ts).
 */
import type pg from 'pg';
import { policyError } from '../../errors.js';
import type { Figure, PolicyDocument } from '../../types.js';
import { bm25Idf, type Bm25Hit, type Bm25Search } from '../bm25.js';
import type { SearchScope } from '../filters.js';
import type { VectorHit, VectorSearch } from '../vector-index.js';
import { figureOf, type FigureList, type FileRecord, type IndexedChunk, type PolicyIndex, type StoredChunk, type StoredFigure } from '../store.js';
import { LocalTexts } from './local-texts.js';
import { eventLoopYielder } from '../yielder.js';
import { ageOf, versionError, connect, databaseError, describeUrl, generationSchema, lexeme, liveGeneration } from './database.js';

/** Rows fetched per round trip when reading a table whole. */
const READ_BATCH = 5000;

export interface PostgresIndex {
  /** Its `generation` is the one read. */
  index: PolicyIndex<PostgresBm25, PostgresVectors, FigureList>;
  close(): Promise<void>;
}

export async function openPostgresIndex(url: string): Promise<PostgresIndex> {
  const pool = connect(url);
  let texts: LocalTexts | undefined;
  try {
    const live = await liveGeneration(pool);
    if (!live) throw policyError('INDEX_MISSING', describeUrl(url));
    const schema = generationSchema(live.id);
    const { databaseLayout: _layout, ...manifest } = live.manifest;
    const age = ageOf(live.manifest);
    if (age !== 'current') throw versionError(url, age);
    const yieldNow = eventLoopYielder();
    const files = new Map<string, FileRecord>();
    for await (const [path, record] of rowsOf<[string, FileRecord]>(pool, `SELECT path, record FROM ${schema}.files`, 'path')) files.set(path, record);
    const documents = new Map<string, PolicyDocument>();
    const chunks = new Map<string, IndexedChunk>();
    texts = new LocalTexts(documents, chunks);
    for await (const [, record] of rowsOf<[number, PolicyDocument]>(pool, `SELECT n, record FROM ${schema}.documents`, 'n')) {
      documents.set(record.id, texts.document(record));
      await yieldNow();
    }
    const chunksByLabel = new Map<number, IndexedChunk>();
    for await (const [, stored] of rowsOf<[number, StoredChunk]>(pool, `SELECT n, record FROM ${schema}.chunks`, 'n')) {
      if (!documents.has(stored.docId)) throw new Error(`chunk ${stored.id} refers to missing document ${stored.docId}`);
      const chunk = texts.chunk(stored);
      chunks.set(chunk.id, chunk);
      chunksByLabel.set(chunk.label, chunk);
      await yieldNow();
    }
    // Figures are stored in the index's order, a document's together (as ingest appends them): each
    // run of one document's goes to the file at once.
    let ofDocument: { docId: string; figures: StoredFigure[] } | undefined;
    for await (const [, stored] of rowsOf<[number, StoredFigure]>(pool, `SELECT n, record FROM ${schema}.figures`, 'n')) {
      const chunk = chunks.get(stored.chunkId);
      if (!chunk) throw new Error(`a figure refers to missing chunk ${stored.chunkId}`);
      if (ofDocument?.docId !== chunk.docId) {
        if (ofDocument) texts.figures(ofDocument.docId, ofDocument.figures);
        ofDocument = { docId: chunk.docId, figures: [] };
      }
      ofDocument.figures.push(stored);
      await yieldNow();
    }
    if (ofDocument) texts.figures(ofDocument.docId, ofDocument.figures);
    const figures = Object.assign(texts.figureList(), {
      inPassages: async (chunkIds: readonly string[]): Promise<Figure[]> => {
        const { rows } = await pool
          .query<{ record: StoredFigure }>(`SELECT record FROM ${schema}.figures WHERE chunk_id = ANY($1) ORDER BY n`, [chunkIds])
          .catch((error: unknown) => {
            throw databaseError(url, error);
          });
        return rows.map(({ record }) => {
          const chunk = chunks.get(record.chunkId)!;
          return figureOf(record, chunk, documents.get(chunk.docId)!.text);
        });
      },
    });
    const bm25 = new PostgresBm25(pool, url, schema, live.docCount);
    const embeddings = await pool.query(`SELECT to_regclass('${schema}.embeddings') AS found`);
    const vectors = embeddings.rows[0]?.found ? new PostgresVectors(pool, url, schema, manifest.hnsw.efSearch) : undefined;
    return {
      index: { manifest, files, documents, chunks, chunksByLabel, figures, bm25, ...(vectors ? { vectors } : {}), generation: live.id },
      close: async () => {
        texts?.close();
        await pool.end();
      },
    };
  } catch (error) {
    texts?.close();
    await pool.end().catch(() => undefined);
    throw databaseError(url, error);
  }
}

/**
 * A table read whole in order of its key, a batch at a time (keyset pagination: no cursor, so it
 * works through any pooler). Yields [key, record] pairs.
 */
async function* rowsOf<T extends [string | number, unknown]>(pool: pg.Pool, select: string, key: string): AsyncGenerator<T> {
  let after: string | number | undefined;
  for (;;) {
    const where = after === undefined ? '' : ` WHERE ${key} > $1`;
    const { rows } = await pool.query({ text: `${select}${where} ORDER BY ${key} LIMIT ${READ_BATCH}`, values: after === undefined ? [] : [after], rowMode: 'array' });
    for (const row of rows as T[]) yield row;
    if (rows.length < READ_BATCH) return;
    after = (rows[rows.length - 1] as T)[0];
  }
}

/**
 * BM25 in Postgres (pg_textsearch) over the chunks' stored tokens, weighted as the files index
 * weighs them: pg_textsearch weighs every query term alike, so each weight's terms are scored
 * apart and summed, over the best passages of the whole query and of its full-weight terms.
 */
export class PostgresBm25 implements Bm25Search {
  private readonly bm25Index: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly schema: string,
    private readonly docCount: number,
  ) {
    this.bm25Index = `${schema}.chunks_bm25`;
  }

  async search(queryTokens: readonly string[], limit: number, weights?: ReadonlyMap<string, number>, scope?: SearchScope): Promise<Bm25Hit[]> {
    const groups = new Map<number, string[]>();
    for (const token of new Set(queryTokens)) {
      const weight = weights?.get(token) ?? 1;
      if (!(weight > 0)) continue;
      groups.set(weight, [...(groups.get(weight) ?? []), lexeme(token)]);
    }
    limit = Math.floor(limit);
    if (groups.size === 0 || !(limit > 0)) return [];
    const all = [...groups.values()].flat().join(' ');
    const full = groups.get(1)?.join(' ') ?? all;
    const scored = [...groups.entries()];
    const terms = scored.map(([, tokens]) => tokens.join(' '));
    // $1: every term, $2: the full-weight terms, $3: the limit, $4…: each weight's terms, then the filters'.
    const score = scored.map(([weight], i) => `${weight} * -(body <@> to_bm25query($${i + 4}, '${this.bm25Index}'))`).join(' + ');
    const filter = scope ? scopeCondition(this.schema, scope, 4 + terms.length) : { sql: 'true', values: [] };
    const sql = `WITH candidates AS (
        (SELECT label FROM ${this.schema}.chunks WHERE ${filter.sql} ORDER BY body <@> to_bm25query($1, '${this.bm25Index}') LIMIT $3)
        UNION
        (SELECT label FROM ${this.schema}.chunks WHERE ${filter.sql} ORDER BY body <@> to_bm25query($2, '${this.bm25Index}') LIMIT $3))
      SELECT label, ${score} AS score FROM ${this.schema}.chunks JOIN candidates USING (label)`;
    try {
      const { rows } = await this.pool.query<{ label: number; score: number }>(sql, [all, full, limit, ...terms, ...filter.values]);
      return rows
        .map((row) => ({ label: row.label, score: Number(row.score) }))
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score || a.label - b.label)
        .slice(0, limit);
    } catch (error) {
      throw databaseError(this.url, error);
    }
  }

  async idfs(terms: readonly string[]): Promise<Map<string, number>> {
    try {
      // (Postgres text cannot hold U+0000: such a term is in no document.)
      const asked = [...new Set(terms)].filter((term) => !term.includes('\u0000'));
      const { rows } = await this.pool.query<{ term: string; df: number }>(`SELECT term, df FROM ${this.schema}.terms WHERE term = ANY($1::text[])`, [asked]);
      const df = new Map(rows.map((row) => [row.term, row.df]));
      return new Map(terms.map((term) => [term, bm25Idf(Math.max(this.docCount, 1), df.get(term) ?? 0)]));
    } catch (error) {
      throw databaseError(this.url, error);
    }
  }
}

/**
 * The scope as a condition on a chunk: its label among those listed, and its document passing the
 * filters as `matchesFilters` tests them (a document without a date is outside any date range), on
 * the columns published for them; parameters numbered from `first`.
 */
function scopeCondition(schema: string, scope: SearchScope, first: number): { sql: string; values: Array<string | readonly number[]> } {
  const { filters, labels } = scope;
  const values: Array<string | readonly number[]> = [];
  const parameter = (value: string | readonly number[]) => `$${first + values.push(value) - 1}`;
  const conditions: string[] = [];
  // (issuers holds one per line: a filter without a line break matches within one of them.)
  if (filters.issuer) conditions.push(filters.issuer.includes('\n') ? 'false' : `strpos(d.issuers, ${parameter(filters.issuer)}) > 0`);
  if (filters.type) conditions.push(`d.type = ${parameter(filters.type)}`);
  // (ISO dates compare as their characters do; another collation may skip the hyphens.)
  if (filters.dateFrom) conditions.push(`d.date COLLATE "C" >= ${parameter(filters.dateFrom)}`);
  if (filters.dateTo) conditions.push(`d.date COLLATE "C" <= ${parameter(filters.dateTo)}`);
  const listed = labels ? `label = ANY(${parameter(labels)}::integer[])` : 'true';
  if (conditions.length === 0) return { sql: listed, values };
  return { sql: `${listed} AND doc_id IN (SELECT d.id FROM ${schema}.documents d WHERE ${conditions.join(' AND ')})`, values };
}

/**
 * Nearest chunks by cosine similarity through pgvector's HNSW index. pgvector returns at most
 * hnsw.ef_search rows, so it is raised to the depth asked, inside the query's own transaction.
 */
export class PostgresVectors implements VectorSearch {
  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly schema: string,
    private readonly efSearch: number,
  ) {}

  async search(vector: ArrayLike<number>, limit: number): Promise<VectorHit[]> {
    limit = Math.floor(limit);
    if (!(limit > 0)) return [];
    const client = await this.pool.connect().catch((error: unknown) => {
      throw databaseError(this.url, error);
    });
    let rows: Array<{ label: number; distance: number }>;
    try {
      await client.query('BEGIN');
      // (pgvector accepts 1–1000.)
      await client.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(this.efSearch, limit))}`);
      ({ rows } = await client.query<{ label: number; distance: number }>(
        `SELECT label, embedding <=> $1::vector AS distance FROM ${this.schema}.embeddings ORDER BY embedding <=> $1::vector LIMIT $2`,
        [`[${Array.from(vector).join(',')}]`, limit],
      ));
      await client.query('COMMIT');
    } catch (error) {
      // (A connection that cannot roll back is not reused.)
      const broken = await client.query('ROLLBACK').then(() => undefined, (rollback: Error) => rollback);
      client.release(broken);
      throw databaseError(this.url, error);
    }
    client.release();
    return rows.map((row) => ({ label: row.label, score: 1 - Number(row.distance) }));
  }
}
