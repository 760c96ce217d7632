/**
 * `npm run db:dev -- [--port N] [--data DIR]`
 * Starts an embedded Postgres with pg_textsearch and pgvector (PGlite over its wire protocol) for
 * development and tests, and prints the DATABASE_URL that points the other commands at it.
 */
import { Command } from 'commander';
import { PolicyQaError } from '../errors.js';
import { startDevDatabase } from '../index/postgres/dev-database.js';
import { runCommand } from './run.js';

const program = new Command()
  .name('db:dev')
  .description('Start an embedded Postgres (PGlite with pg_textsearch and pgvector) to publish and serve the index from.')
  .option('--port <n>', 'port to listen on (0 picks a free one)', '5432')
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('--data <dir>', 'folder to keep the database in (default: in memory, gone when it stops)')
  .action(async (flags: { port: string; host: string; data?: string }) => {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: --port must be a port number (0–65535), got "${flags.port}".`);
    }
    const database = await startDevDatabase({ port, host: flags.host, ...(flags.data ? { dataDir: flags.data } : {}) }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: port ${port} is in use; pass --port with another (0 picks a free one).`);
      throw error;
    });
    console.log(`Embedded Postgres ready${flags.data ? ` (kept in ${flags.data})` : ' (in memory: gone when it stops)'}. In another shell:`);
    console.log(`  export DATABASE_URL=${database.url}`);
    console.log('  npm run ingest && npm run ask -- "问题"');
    console.log('Ctrl+C stops it.');
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    await database.stop();
  });

await runCommand(() => program.parseAsync().then(() => undefined));
