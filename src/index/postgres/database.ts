/**
 * The Postgres an index is published to and served from (DATABASE_URL): 17 or later, with the
 * pg_textsearch (BM25) and pgvector extensions. `npm run db:dev` starts an embedded one.
 *
 * Layout: `policy_qa.generations` lists every published index, one of them live; each generation
 * keeps its rows in a schema of its own (`policy_qa_g<id>`: documents, chunks, figures, files,
 * terms), with a BM25 index over the chunks' space-joined jieba tokens. Publishing fills a new
 * schema, then makes it live in one transaction: a question sees the old index or the new one,
 * never a mix. A retired generation stays for a while (servers look for a new one every few
 * seconds and reopen), and the last one retired stays as long as it is the last.
 */
import pg from 'pg';
import { PolicyQaError, policyError } from '../../errors.js';
import { INDEX_FORMAT_VERSION, type IndexManifest } from '../store.js';

export const CATALOG = 'policy_qa';

/**
 * How the rows of a generation are laid out (2: tokens written as `lexeme`s; 3: documents and
 * chunks numbered in the index's order; 4: the columns filters read, documents' type, date and
 * issuers and chunks' doc_id; 5: figures' chunk_id and unit, for figure lookups). A generation
 * published in another layout is published again, or refused when it is newer (INDEX_VERSION).
 */
export const DATABASE_LAYOUT = 5;

/** The manifest as a generation stores it: the index's, with the layout of its rows. */
export type StoredManifest = IndexManifest & { databaseLayout?: number };

/**
 * A jieba token as one word of pg_textsearch's parser, which would split "2.5%" or "covid-19" at
 * their punctuation and fold case: every character but a–z (less x), a digit or a common Chinese
 * character (CJK Extension A and the unified block to U+9FEF, which every locale's tables hold) is
 * written as x<code point in hex>x, 'x' itself too. Hex digits hold no x, so it reads back one way.
 */
export function lexeme(token: string): string {
  return token.replace(/[^a-wyz0-9\u3400-\u4dbf\u4e00-\u9fef]/gu, (char) => `x${char.codePointAt(0)!.toString(16)}x`);
}

/** The schema that holds generation `id`'s rows. */
export function generationSchema(id: number): string {
  return `${CATALOG}_g${id}`;
}

/** The URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.searchParams.delete('password');
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

export function databaseError(url: string, cause: unknown): PolicyQaError {
  if (cause instanceof PolicyQaError) return cause;
  const error = policyError('DATABASE_FAILED', describeUrl(url), (cause as Error).message ?? String(cause));
  return new PolicyQaError(error.code, error.message, { cause });
}

export function connect(url: string, max = 4): pg.Pool {
  // (allowExitOnIdle: a command that answered one question exits without closing the pool.)
  const pool = new pg.Pool({ connectionString: url, max, allowExitOnIdle: true });
  // An idle connection the server closes must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Creates the extensions and the catalogue where missing; says which extension is absent. */
export async function ensureCatalog(client: pg.PoolClient | pg.Pool): Promise<void> {
  for (const extension of ['pg_textsearch', 'vector']) {
    try {
      await client.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    } catch (cause) {
      throw new Error(`the extension ${extension} is not available (${(cause as Error).message}); install it, or use \`npm run db:dev\``, { cause });
    }
  }
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${CATALOG}.generations (
    id serial PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    manifest json NOT NULL,
    -- BM25's N: the idf of a term is computed from it and the term's df, as the files index does.
    doc_count integer NOT NULL,
    live boolean NOT NULL DEFAULT false,
    -- When it stopped being live: the last one retired is kept for servers still reading it.
    retired_at timestamptz
  )`);
  await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS generations_one_live ON ${CATALOG}.generations (live) WHERE live`);
}

export interface LiveGeneration {
  id: number;
  docCount: number;
  manifest: StoredManifest;
}

/** INDEX_VERSION for a database whose index another version wrote, saying what to do. */
export function versionError(url: string, age: 'older' | 'newer'): PolicyQaError {
  return new PolicyQaError(
    'INDEX_VERSION',
    age === 'newer'
      ? `The database at ${describeUrl(url)} serves an index a newer version of this program published. Upgrade this installation; publishing from it would replace the newer index.`
      : `The database at ${describeUrl(url)} serves an index an older version published. Run \`npm run ingest\` to publish this version's.`,
  );
}

/** Whether a stored generation was written by an older version (format or layout), a newer one, or this one. */
export function ageOf(manifest: StoredManifest): 'older' | 'newer' | 'current' {
  const format = manifest.formatVersion;
  const layout = manifest.databaseLayout ?? 1;
  if (format > INDEX_FORMAT_VERSION || (format === INDEX_FORMAT_VERSION && layout > DATABASE_LAYOUT)) return 'newer';
  return format === INDEX_FORMAT_VERSION && layout === DATABASE_LAYOUT ? 'current' : 'older';
}

export async function liveGeneration(client: pg.PoolClient | pg.Pool): Promise<LiveGeneration | undefined> {
  const exists = await client.query(`SELECT to_regclass('${CATALOG}.generations') AS found`);
  if (!exists.rows[0]?.found) return undefined;
  const { rows } = await client.query<{ id: number; doc_count: number; manifest: StoredManifest }>(`SELECT id, doc_count, manifest FROM ${CATALOG}.generations WHERE live`);
  const row = rows[0];
  return row ? { id: row.id, docCount: row.doc_count, manifest: row.manifest } : undefined;
}
