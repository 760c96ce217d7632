/**
 * `npm run chat -- [--index DIR]`
 * Interactive conversation in the terminal: follow-up questions refer to earlier turns.
 * Commands: /new starts a new conversation, /quit (or Ctrl-D) leaves.
 */
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { formatSources } from './format.js';
import { openAssistant } from './open-index.js';
import { runCommand } from './run.js';

const program = new Command()
  .name('chat')
  .description('Ask questions about the policy corpus in a conversation.')
  .option('--index <dir>', 'index folder (default: $INDEX_DIR or data/index/)')
  .option('--corpus <dir>', 'corpus to build the index from when it is missing (default: $CORPUS_DIR or corpus/)')
  .option('--mode <mode>', 'auto (LLM when configured), llm or extractive (default: $ANSWER_MODE or auto)')
  .action(async (flags: { index?: string; corpus?: string; mode?: string }) => {
    const config = loadConfig({ indexDir: flags.index, corpusDir: flags.corpus, mode: flags.mode });
    const assistant = await openAssistant(config, { corpusGiven: Boolean(flags.corpus) });
    const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
    let session = 1;
    console.log(`政策问答助手：${assistant.index.manifest.counts.documents} 篇文件。输入问题，/new 开始新对话，/quit 退出。`);
    terminal.setPrompt('问> ');
    terminal.prompt();
    for await (const line of terminal) {
      const question = line.trim();
      if (question === '/quit' || question === '/exit') break;
      if (question === '/new') {
        session++;
        console.log('（已开始新对话）');
      } else if (question) {
        // Verified text appears as it streams; the sources follow once the answer is complete.
        process.stdout.write('\n');
        for await (const event of assistant.askStream(question, { sessionId: `chat-${session}` })) {
          if (event.type === 'delta') process.stdout.write(event.text);
          else if (event.type === 'reset') process.stdout.write(`\n（${event.notice}）\n`);
          else process.stdout.write(`\n\n${formatSources(event.answer)}\n\n`);
        }
      }
      terminal.prompt();
    }
    terminal.close();
  });

await runCommand(() => program.parseAsync().then(() => undefined));
