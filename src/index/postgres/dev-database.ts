/**
 * An embedded Postgres for development and tests: PGlite (Postgres in WebAssembly) with the
 * pg_textsearch and pgvector extensions, served over the wire protocol by pglite-socket, so the
 * app reaches it through the same `pg` client and SQL as a real server.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface DevDatabaseOptions {
  /** 0 picks a free port. Default 5432. */
  port?: number;
  host?: string;
  /** Folder the database persists in; in memory when absent. */
  dataDir?: string;
}

export interface DevDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Connections served at once; PGlite runs their queries one after another. */
const MAX_CONNECTIONS = 32;

export async function startDevDatabase(options: DevDatabaseOptions = {}): Promise<DevDatabase> {
  const db = await PGlite.create(options.dataDir ?? 'memory://', { extensions: { pg_textsearch, vector } });
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, port: options.port ?? 5432, host, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@${host.includes(':') ? `[${host}]` : host}:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
