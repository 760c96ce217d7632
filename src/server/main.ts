/**
 * `npm start`: builds the index from the corpus when there is none, then serves the web app and
 * the API on PORT (default 3000). SIGTERM or SIGINT stops it within a few seconds: streamed answers
 * are told and ended, idle keep-alive connections closed, and what is still open is cut after a grace.
 */
import type { Server } from 'node:http';
import { loadConfig } from '../config.js';
import { openAssistant } from '../cli/open-index.js';
import { runCommand } from '../cli/run.js';
import { createApp } from './app.js';
import { ConversationStore } from './conversations.js';
import { AssistantHost } from './host.js';
import { OpenStreams } from './sse.js';

/** How long plain requests in flight get to finish after the signal before their connections are cut. */
const GRACE_MS = 1000;
/** The process exits by then even if something (a stuck socket, a model call) still holds it. */
const HARD_EXIT_MS = 4000;

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
  const assistant = await openAssistant(config);
  const { dataDir, conversationsMaxCount: maxCount, conversationsMaxAgeDays: maxAgeDays } = config.server;
  const store = new ConversationStore(dataDir, { maxCount, maxAgeDays });
  // The conversation list is read (and retention applied) before the first request, not during it.
  await store.load();
  const streams = new OpenStreams();
  const app = createApp({ config, host: new AssistantHost(assistant, config), store, streams });
  const server = app.listen(config.server.port, () => {
    const { documents } = assistant.index.manifest.counts;
    console.log(`政策问答助手: ${documents} documents, ${assistant.modeFor()} mode → http://localhost:${config.server.port}/`);
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
});
