/**
 * HTTP load benchmark: `npm run bench:server -- [--index DIR] [--connections 10] [--duration 20] [--stream]`
 * Starts the server (`npm start`) as a child process on a free port, in the configured offline or
 * LLM mode, and drives POST /api/chat with autocannon, cycling through the seed eval questions. Each
 * request is a new conversation, stored on disk as in real use. Prints requests/s and latency p50/p95.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { percentile } from '../src/eval/score.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const program = new Command()
  .option('--index <dir>', 'index folder (default: $INDEX_DIR or data/index/)')
  .option('--questions <file>', 'eval-format JSONL whose questions are asked', 'eval/seeds/seed-qa.jsonl')
  .option('--connections <n>', 'concurrent connections', '10')
  .option('--duration <s>', 'seconds of load', '20')
  .option('--stream', 'ask for SSE streaming (Accept: text/event-stream)')
  .action(async (flags: { index?: string; questions: string; connections: string; duration: string; stream?: boolean }) => {
    const questions = readFileSync(flags.questions, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { question: string }).question);
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'policy-bench-server-'));
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000', ...(flags.index ? { INDEX_DIR: flags.index } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          process.stdout.write(chunk);
          if (chunk.toString().includes('http://localhost')) resolve();
        });
        server.on('exit', (code) => reject(new Error(`the server exited with code ${code}`)));
      });
      let next = 0;
      const latencies: number[] = [];
      let finish!: (result: autocannon.Result) => void;
      const finished = new Promise<autocannon.Result>((resolve) => (finish = resolve));
      const instance = autocannon({
        url: `http://127.0.0.1:${port}/api/chat`,
        connections: Number(flags.connections),
        duration: Number(flags.duration),
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: flags.stream ? 'text/event-stream' : 'application/json' },
            setupRequest: (request) => ({ ...request, body: JSON.stringify({ question: questions[next++ % questions.length] }) }),
          },
        ],
      }, (error, result) => {
        if (error) throw error;
        finish(result);
      });
      instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
      const result = await finished;
      const non2xx = result.non2xx + result.errors + result.timeouts;
      console.log(
        `\nPOST /api/chat${flags.stream ? ' (SSE)' : ''}: ${flags.connections} connections, ${flags.duration} s, ${result.requests.total} requests, ${non2xx} failed\n` +
          `requests/s  mean ${result.requests.average.toFixed(1)}  (min ${result.requests.min}, max ${result.requests.max})\n` +
          `latency ms  p50 ${percentile(latencies, 50).toFixed(1)}  p95 ${percentile(latencies, 95).toFixed(1)}  p99 ${percentile(latencies, 99).toFixed(1)}  max ${Math.max(...latencies).toFixed(1)}`,
      );
    } finally {
      // Let the server finish the requests in flight (and their conversation files) before cleaning up.
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  });

await program.parseAsync();
