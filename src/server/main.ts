/**
 * `npm start`: builds the index from the corpus when there is none, then serves the web app and
 * the API on PORT (default 3000).
 */
import { loadConfig } from '../config.js';
import { openAssistant } from '../cli/open-index.js';
import { runCommand } from '../cli/run.js';
import { createApp } from './app.js';
import { ConversationStore } from './conversations.js';
import { AssistantHost } from './host.js';

await runCommand(async () => {
  const config = loadConfig();
  const assistant = await openAssistant(config);
  const app = createApp({ config, host: new AssistantHost(assistant, config), store: new ConversationStore(config.server.dataDir) });
  const server = app.listen(config.server.port, () => {
    const { documents } = assistant.index.manifest.counts;
    console.log(`政策问答助手: ${documents} documents, ${assistant.modeFor()} mode → http://localhost:${config.server.port}/`);
  });
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
});
