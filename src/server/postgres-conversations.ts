/**
 * Conversations and their feedback in Postgres (DATABASE_URL), so that any of several servers
 * behind a load balancer answers any turn of a conversation: each request reads the stored turns
 * (the assistant rebuilds its context from them) and appends its turn in one statement.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { defaultConfig, type Config } from '../config.js';
import { CATALOG, connect, databaseError } from '../index/postgres/database.js';
import type { Answer } from '../types.js';
import {
  ConversationFullError,
  FileConversationStore,
  conversationId,
  encodeCursor,
  MAX_TURNS,
  titleOf,
  type ConversationPage,
  type ConversationStore,
  type Feedback,
  type ListCursor,
  type Retention,
  type StoredConversation,
} from './conversations.js';

const DAY_MS = 86_400_000;
/** Retention runs at most this often: it scans the table, and a few extra conversations for a minute cost nothing. */
const PRUNE_INTERVAL_MS = 60_000;
const TABLE = `${CATALOG}.conversations`;
/** Advisory lock held while the table is created. */
const SETUP_LOCK = 7_305_120;

interface Row {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  turns: StoredConversation['turns'];
}

/** JSON for a jsonb column, which cannot hold U+0000 (a question, and so its answer, may carry one). */
function toJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => (typeof field === 'string' ? field.replaceAll('\u0000', '') : field));
}

export class PostgresConversationStore implements ConversationStore {
  private readonly pool: pg.Pool;
  private readonly maxCount: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private ready?: Promise<void>;
  private prunedAt = -Infinity;

  constructor(
    private readonly url: string,
    retention: Retention = { maxCount: defaultConfig.server.conversationsMaxCount, maxAgeDays: defaultConfig.server.conversationsMaxAgeDays },
  ) {
    this.pool = connect(url);
    this.maxCount = retention.maxCount;
    this.maxAgeMs = retention.maxAgeDays * DAY_MS;
    this.now = retention.now ?? Date.now;
  }

  newId(): string {
    return randomUUID();
  }

  load(): Promise<void> {
    this.ready ??= this.run(async () => {
      // Servers starting together on an empty database: one creates the table, the others wait.
      // (An advisory lock belongs to a connection: taken and released on the same one.)
      const client = await this.pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}`);
        // Times as ISO text, as the file store writes them: they sort as they read.
        await client.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (
          id text PRIMARY KEY,
          title text NOT NULL,
          created_at text NOT NULL,
          updated_at text NOT NULL,
          turns jsonb NOT NULL
        )`);
        await client.query(`CREATE INDEX IF NOT EXISTS conversations_newest ON ${TABLE} (updated_at DESC, id DESC)`);
        await client.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK]);
        client.release();
      } catch (error) {
        // The connection goes, and its lock with it.
        client.release(true);
        throw error;
      }
      await this.prune();
    }).catch((error: unknown) => {
      // The next request tries again: a database away at start must not break the store for good.
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async get(id: string): Promise<StoredConversation | undefined> {
    if (!conversationId.test(id)) return undefined;
    await this.load();
    const { rows } = await this.run(() => this.pool.query<Row>(`SELECT id, title, created_at, updated_at, turns FROM ${TABLE} WHERE id = $1`, [id]));
    const row = rows[0];
    return row ? { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at, turns: row.turns } : undefined;
  }

  async list({ limit = 50, cursor }: { limit?: number; cursor?: ListCursor } = {}): Promise<ConversationPage> {
    await this.load();
    const after = cursor ? 'WHERE (updated_at, id) < ($2, $3)' : '';
    const { rows } = await this.run(() =>
      this.pool.query<Omit<Row, 'turns'> & { turn_count: number }>(
        `SELECT id, title, created_at, updated_at, jsonb_array_length(turns) AS turn_count FROM ${TABLE} ${after} ORDER BY updated_at DESC, id DESC LIMIT $1`,
        cursor ? [limit + 1, cursor.updatedAt, cursor.id] : [limit + 1],
      ),
    );
    const total = Number((await this.run(() => this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE}`))).rows[0]!.n);
    const conversations = rows.slice(0, limit).map((row) => ({ id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at, turns: row.turn_count }));
    const last = conversations.at(-1);
    return { conversations, total, nextCursor: last && rows.length > limit ? encodeCursor(last) : null };
  }

  async addTurn(id: string, question: string, answer: Answer): Promise<number> {
    if (!conversationId.test(id)) throw new Error(`invalid conversation id ${id}`);
    await this.load();
    const now = new Date(this.now()).toISOString();
    question = question.replaceAll('\u0000', '');
    const turn = toJsonb([{ question, answer, askedAt: now }]);
    // One statement: two servers appending to one conversation at once both land, in some order.
    const { rows } = await this.run(() =>
      this.pool.query<{ turn: number }>(
        `INSERT INTO ${TABLE} AS c (id, title, created_at, updated_at, turns) VALUES ($1, $2, $3, $3, $4::jsonb)
         ON CONFLICT (id) DO UPDATE SET turns = c.turns || $4::jsonb, updated_at = $3
           WHERE jsonb_array_length(c.turns) < ${MAX_TURNS}
         RETURNING jsonb_array_length(turns) - 1 AS turn`,
        [id, titleOf(question), now, turn],
      ),
    );
    if (rows.length === 0) throw new ConversationFullError(id);
    // The turn is saved: retention failing now must not fail it (a client would send it again).
    if (this.now() - this.prunedAt >= PRUNE_INTERVAL_MS) {
      await this.prune().catch((error: Error) => console.error(`Could not apply conversation retention: ${error.message}`));
    }
    return rows[0]!.turn;
  }

  async setFeedback(id: string, turn: number, feedback: Omit<Feedback, 'at'>): Promise<boolean> {
    if (!conversationId.test(id) || !Number.isInteger(turn) || turn < 0) return false;
    await this.load();
    const stored = toJsonb({ ...feedback, at: new Date(this.now()).toISOString() });
    const { rowCount } = await this.run(() =>
      this.pool.query(`UPDATE ${TABLE} SET turns = jsonb_set(turns, ARRAY[$2::text, 'feedback'], $3::jsonb) WHERE id = $1 AND jsonb_array_length(turns) > $2`, [id, turn, stored]),
    );
    return (rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** The least recently updated beyond the count, and those past the age, go. */
  private async prune(): Promise<void> {
    this.prunedAt = this.now();
    const cutoff = new Date(this.now() - this.maxAgeMs).toISOString();
    await this.pool.query(
      `DELETE FROM ${TABLE} WHERE updated_at < $1 OR id IN (SELECT id FROM ${TABLE} ORDER BY updated_at DESC, id DESC OFFSET $2)`,
      [cutoff, this.maxCount],
    );
  }

  private async run<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      throw databaseError(this.url, error);
    }
  }
}

/** The server's store: in Postgres with DATABASE_URL, so any server behind a load balancer continues any conversation; else in DATA_DIR. */
export function conversationStoreFor(config: Config): ConversationStore {
  const { dataDir, conversationsMaxCount: maxCount, conversationsMaxAgeDays: maxAgeDays } = config.server;
  return config.databaseUrl ? new PostgresConversationStore(config.databaseUrl, { maxCount, maxAgeDays }) : new FileConversationStore(dataDir, { maxCount, maxAgeDays });
}
