/**
 * `npm start`: builds the index from the corpus when there is none, then serves the web app and
 * the API on HOST:PORT (default 127.0.0.1:3000). It takes no flags: every setting is an environment
 * variable (or a line of .env), so its messages name those. SIGTERM or SIGINT stops it within a few
 * seconds: streamed answers are told and ended, idle keep-alive connections closed, and what is
 * still open is cut after a grace.
 */
import type { Server } from 'node:http';
import { loadConfig } from '../config.js';
import { isPolicyQaError, PolicyQaError } from '../errors.js';
import { openAssistant } from '../cli/open-index.js';
import { runCommand } from '../cli/run.js';
import { createApp } from './app.js';
import { describeUrl } from '../index/postgres/database.js';
import { conversationStoreFor } from './postgres-conversations.js';
import { AssistantHost } from './host.js';
import { OpenStreams } from './sse.js';

/** How long plain requests in flight get to finish after the signal before their connections are cut. */
const GRACE_MS = 1000;
/** The process exits by then even if something (a stuck socket, a model call) still holds it. */
const HARD_EXIT_MS = 4000;

/** The address to open in a browser here: localhost for the loopback default and for a wildcard host. */
function serverUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '127.0.0.1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Stops accepting, ends what keeps connections open, and resolves once the server is closed. */
function shutDown(server: Server, streams: OpenStreams, signal: string): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const interrupted = streams.interruptAll();
  server.closeIdleConnections();
  console.log(`${signal}: stopping${interrupted > 0 ? `, ${interrupted} streamed answer(s) interrupted` : ''}.`);
  setTimeout(() => server.closeAllConnections(), GRACE_MS).unref();
  setTimeout(() => {
    console.error(`error: still busy ${HARD_EXIT_MS} ms after ${signal}; exiting anyway.`);
    process.exit(1);
  }, HARD_EXIT_MS).unref();
  return closed;
}

await runCommand(async () => {
  const config = loadConfig();
  const assistant = await openAssistant(config).catch((error: unknown) => {
    // The shared message suggests command-line flags, which `npm start` does not take.
    if (isPolicyQaError(error) && error.code === 'INDEX_MISSING') {
      throw new PolicyQaError(
        'INDEX_MISSING',
        `No index in ${config.indexDir} (INDEX_DIR). Check INDEX_DIR, or set CORPUS_DIR to the documents to build it from on start (e.g. CORPUS_DIR=corpus INDEX_DIR=${config.indexDir} npm start).`,
      );
    }
    throw error;
  });
  // What the first figure question would otherwise wait for is learned while the server starts.
  assistant.answerer.warmUp();
  const store = conversationStoreFor(config);
  // The conversation list is read (and retention applied) before the first request, not during it.
  await store.load();
  const streams = new OpenStreams();
  const assistantHost = new AssistantHost(assistant, config);
  // With DATABASE_URL, an index another server publishes is picked up here within seconds.
  const stopFollowing = assistantHost.followDatabase();
  const app = createApp({ config, host: assistantHost, store, streams });
  const { host, port } = config.server;
  const server = app.listen(port, host, () => {
    const { documents } = assistant.index.manifest.counts;
    const source = config.databaseUrl ? `the database at ${describeUrl(config.databaseUrl)}` : `INDEX_DIR=${config.indexDir}`;
    console.log(`政策问答助手: ${documents} documents from ${source}, ${assistant.modeFor()} mode → ${serverUrl(host, port)}`);
    if (isLoopback(host)) console.log('Only this machine can connect. To serve the network, set HOST=0.0.0.0 (and PORT to change the port).');
  });
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    let stopping = false;
    const stop = (signal: string) => {
      // A second signal means now.
      if (stopping) process.exit(1);
      stopping = true;
      void shutDown(server, streams, signal).then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // (The database's connections: closed once the last request is answered.)
  stopFollowing();
  await Promise.all([assistantHost.current.close(), store.close?.()]);
});
