/**
 * Publishes an index built in files (src/index/build.ts) to Postgres as a new generation, and
 * makes it the live one (see database.ts for the layout). One publisher at a time: the others
 * are refused with INDEX_LOCKED, as a second ingest into one folder is.
 */
import type pg from 'pg';
import { PolicyQaError, policyError } from '../../errors.js';
import type { Bm25Index } from '../bm25.js';
import type { VectorIndex } from '../vector-index.js';
import { loadIndex, storedChunk, storedFigures, type FilesIndex } from '../store.js';
import { ageOf, versionError, CATALOG, connect, DATABASE_LAYOUT, databaseError, describeUrl, ensureCatalog, generationSchema, lexeme, liveGeneration, type StoredManifest } from './database.js';

/** Any constant both publishers agree on: the advisory lock of this catalogue. */
const PUBLISH_LOCK = 7_305_119;
/**
 * How long a retired generation stays for the servers still reading it: they look for a new one
 * every 10 s (AssistantHost.followDatabase) and take seconds to open it. The last one retired stays anyway.
 */
const RETIRED_GRACE = '10 minutes';
/** Rows per INSERT, and characters: large enough to be fast, small enough for a modest server. */
const BATCH_ROWS = 2000;
const BATCH_CHARS = 4_000_000;

export interface PublishProgress {
  table: string;
  rows: number;
}

export interface PublishResult {
  generation: number;
  /** The database served this very index already (same manifest): nothing was written. */
  unchanged: boolean;
  /** Generations removed: retired ones past their grace period, and any a failed publish left. */
  removed: number[];
}

export async function publishIndex(url: string, index: FilesIndex, onProgress?: (progress: PublishProgress) => void): Promise<PublishResult> {
  const pool = connect(url, 1);
  let client: pg.PoolClient | undefined;
  let locked = false;
  let created: number | undefined;
  try {
    client = await pool.connect();
    locked = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PUBLISH_LOCK])).rows[0]!.locked;
    if (!locked) throw policyError('INDEX_LOCKED', describeUrl(url));
    await ensureCatalog(client);
    // An ingest that changed nothing publishes nothing: servers keep the generation they read.
    const live = await liveGeneration(client);
    const manifest: StoredManifest = { ...index.manifest, databaseLayout: DATABASE_LAYOUT };
    if (live && JSON.stringify(live.manifest) === JSON.stringify(manifest)) return { generation: live.id, unchanged: true, removed: [] };
    // Versions of a rolling deploy must not take turns: a newer one's index stays.
    if (live && ageOf(live.manifest) === 'newer') throw versionError(url, 'newer');
    const { rows } = await client.query<{ id: number }>(`INSERT INTO ${CATALOG}.generations (manifest, doc_count) VALUES ($1, $2) RETURNING id`, [
      JSON.stringify(manifest),
      index.bm25.size,
    ]);
    created = rows[0]!.id;
    const schema = generationSchema(created);
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.files (path text PRIMARY KEY, record json NOT NULL)`);
    // n: the place in the index's order (the corpus's), which document naming and listing follow.
    // type, date and issuers (one per line): what a request's filters read, without parsing the record.
    await client.query(`CREATE TABLE ${schema}.documents (id text PRIMARY KEY, n integer NOT NULL UNIQUE, record json NOT NULL, type text NOT NULL, date text, issuers text NOT NULL)`);
    // body: the chunk's jieba tokens, space-joined, each as often as it occurs (what BM25 counts).
    await client.query(`CREATE TABLE ${schema}.chunks (label integer PRIMARY KEY, n integer NOT NULL UNIQUE, record json NOT NULL, body text NOT NULL, doc_id text NOT NULL)`);
    // chunk_id and unit: what a figure lookup reads (the figures of the passages retrieved, of a unit).
    await client.query(`CREATE TABLE ${schema}.figures (n integer PRIMARY KEY, record json NOT NULL, chunk_id text NOT NULL, unit text NOT NULL)`);
    await client.query(`CREATE TABLE ${schema}.terms (term text PRIMARY KEY, df integer NOT NULL)`);

    const insert = batchInserter(client, onProgress);
    await insert(`${schema}.files`, ['path', 'record'], ['text', 'json'], mapped(index.files.values(), (record) => [record.path, JSON.stringify(record)]));
    let n = 0;
    await insert(
      `${schema}.documents`,
      ['id', 'n', 'record', 'type', 'date', 'issuers'],
      ['text', 'integer', 'json', 'text', 'text', 'text'],
      mapped(index.documents.values(), (document) => [document.id, n++, JSON.stringify(document), document.type, document.date ?? null, document.issuers.join('\n')]),
    );
    const chunkOrder = new Map([...index.chunks.keys()].map((id, i) => [id, i]));
    await insert(
      `${schema}.chunks`,
      ['label', 'n', 'record', 'body', 'doc_id'],
      ['integer', 'integer', 'json', 'text', 'text'],
      mapped(index.bm25.documentTerms(), ({ label, terms }) => {
        const chunk = index.chunksByLabel.get(label);
        if (!chunk) throw new Error(`BM25 holds label ${label}, which no chunk has`);
        return [label, chunkOrder.get(chunk.id)!, JSON.stringify(storedChunk(chunk)), terms.map(lexeme).join(' '), chunk.docId];
      }),
    );
    n = 0;
    await insert(`${schema}.figures`, ['n', 'record', 'chunk_id', 'unit'], ['integer', 'json', 'text', 'text'], mapped(storedFigures(index), (figure) => [n++, JSON.stringify(figure), figure.chunkId, figure.unit]));
    await client.query(`CREATE INDEX figures_chunk ON ${schema}.figures (chunk_id)`);
    await insert(`${schema}.terms`, ['term', 'df'], ['text', 'integer'], mapped(index.bm25.documentFrequencies(), ([term, df]) => [term, df]));
    if (index.vectors) {
      // Unit vectors (as the files' cosine space keeps them) under pgvector's HNSW, cosine distance.
      const { dimensions } = index.vectors;
      await client.query(`CREATE TABLE ${schema}.embeddings (label integer PRIMARY KEY, embedding vector(${dimensions}) NOT NULL)`);
      await insert(`${schema}.embeddings`, ['label', 'embedding'], ['integer', 'vector'], mapped(index.vectors.vectors(), ({ label, vector }) => [label, `[${vector.join(',')}]`]));
      const { m, efConstruction } = index.manifest.hnsw;
      await client.query(`CREATE INDEX embeddings_hnsw ON ${schema}.embeddings USING hnsw (embedding vector_cosine_ops) WITH (m = ${Number(m)}, ef_construction = ${Number(efConstruction)})`);
    }
    const { k1, b } = index.manifest.bm25;
    await client.query(`CREATE INDEX chunks_bm25 ON ${schema}.chunks USING bm25 (body) WITH (text_config = 'simple', k1 = ${Number(k1)}, b = ${Number(b)})`);
    await client.query(`ANALYZE ${schema}.chunks`);

    await client.query('BEGIN');
    await client.query(`UPDATE ${CATALOG}.generations SET live = false, retired_at = now() WHERE live`);
    await client.query(`UPDATE ${CATALOG}.generations SET live = true WHERE id = $1`, [created]);
    await client.query('COMMIT');
    const published = created;
    created = undefined;
    // The new index is live whatever happens next: a failed tidy-up is retried by the next publish.
    const removed = await removeOldGenerations(client).catch((error: unknown) => {
      console.error(`Published generation ${published}, but removing old ones failed: ${(error as Error).message}`);
      return [];
    });
    return { generation: published, unchanged: false, removed };
  } catch (error) {
    if (client && created !== undefined) {
      // What this run half-wrote goes; the live generation was never touched.
      await client.query('ROLLBACK').catch(() => undefined);
      await client.query(`DROP SCHEMA IF EXISTS ${generationSchema(created)} CASCADE`).catch(() => undefined);
      await client.query(`DELETE FROM ${CATALOG}.generations WHERE id = $1`, [created]).catch(() => undefined);
    }
    throw error instanceof PolicyQaError ? error : databaseError(url, error);
  } finally {
    if (client && locked) await client.query('SELECT pg_advisory_unlock($1)', [PUBLISH_LOCK]).catch(() => undefined);
    client?.release();
    await pool.end();
  }
}

/** Publishes the index built in `indexDir` (what ingest does after building when DATABASE_URL is set). */
export async function publishFolder(url: string, indexDir: string, onProgress?: (progress: PublishProgress) => void): Promise<PublishResult> {
  return publishIndex(url, await loadIndex(indexDir), onProgress);
}

/**
 * Drops the generations no server should still read: retired longer ago than the grace period
 * (but never the last one retired), and any that never went live (a publish that crashed).
 */
async function removeOldGenerations(client: pg.PoolClient): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    `SELECT id FROM ${CATALOG}.generations WHERE NOT live
       AND (retired_at IS NULL OR retired_at < now() - interval '${RETIRED_GRACE}')
       AND id NOT IN (SELECT id FROM ${CATALOG}.generations WHERE retired_at IS NOT NULL ORDER BY retired_at DESC LIMIT 1)`,
  );
  for (const { id } of rows) {
    await client.query(`DROP SCHEMA IF EXISTS ${generationSchema(id)} CASCADE`);
    await client.query(`DELETE FROM ${CATALOG}.generations WHERE id = $1`, [id]);
  }
  return rows.map((row) => row.id);
}

function* mapped<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

type Row = Array<string | number | null>;

/** Inserts rows many at a time, one array parameter per column (`unnest`), never holding them all. */
function batchInserter(client: pg.PoolClient, onProgress?: (progress: PublishProgress) => void) {
  return async (table: string, columns: string[], types: string[], rows: Iterable<Row>): Promise<void> => {
    // (json and vector columns travel as text arrays: there is no array parameter of them to unnest.)
    const asText = (type: string) => type === 'json' || type === 'vector';
    const params = types.map((type, i) => `$${i + 1}::${asText(type) ? 'text' : type}[]`).join(', ');
    const values = columns.map((column, i) => (asText(types[i]!) ? `${column}::${types[i]}` : column)).join(', ');
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM unnest(${params}) AS row (${columns.join(', ')})`;
    let batch: Row[] = [];
    let chars = 0;
    let total = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await client.query(sql, columns.map((_, i) => batch.map((row) => row[i])));
      total += batch.length;
      onProgress?.({ table, rows: total });
      batch = [];
      chars = 0;
    };
    for (const row of rows) {
      batch.push(row);
      for (const value of row) if (typeof value === 'string') chars += value.length;
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
    }
    await flush();
  };
}
