/**
 * Conversation list benchmark: `npx tsx scripts/bench-conversations.ts -- [--count 36000] [--requests 20]`
 * Writes COUNT stored conversations (one question, an answer with four cited passages: about the
 * size of a real one) into a fresh DATA_DIR, starts the server (`npm start`) on it, and times
 * GET /api/conversations: the first request (which may read every file) and the requests after it.
 * Extra environment (CONVERSATIONS_MAX_COUNT …) passes through to the server.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../src/config.js';
import { percentile } from '../src/eval/score.js';
import { buildIndex } from '../src/index/build.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** One stored conversation as the server writes it; the newest is i = count - 1. */
function conversation(i: number, count: number): string {
  const at = new Date(Date.now() - (count - i) * 60_000).toISOString();
  const quote = '国家发展改革委会同有关部门下达2025年第二批“两重”建设项目清单和中央预算内投资计划，'.repeat(3);
  const citations = Array.from({ length: 4 }, (_, n) => ({ n: n + 1, docId: `doc-${n}`, title: '关于下达第二批两重建设项目清单的通知', documentNumber: '发改投资〔2025〕100号', date: '2025-05-01', heading: '一、总体安排', quote, start: 100 * n, end: 100 * n + quote.length }));
  const question = `第${i}个问题：第二批两重建设项目安排了多少资金？`;
  const answer = { question, resolvedQuestion: question, answer: `第二批“两重”建设项目安排资金2168亿元[1]。${quote}`, answered: true, confidence: 0.9, intent: 'figure', mode: 'extractive', citations, related: [], latencyMs: 12 };
  return JSON.stringify({ id: `bench-${i}`, title: question.slice(0, 40), createdAt: at, updatedAt: at, turns: [{ question, answer, askedAt: at }] });
}

async function timed(url: string): Promise<{ ms: number; bytes: number; listed: number; total: number | undefined }> {
  const started = performance.now();
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { conversations: unknown[]; total?: number };
  return { ms: performance.now() - started, bytes: text.length, listed: body.conversations.length, total: body.total };
}

const program = new Command()
  .option('--count <n>', 'stored conversations', '36000')
  .option('--requests <n>', 'timed requests after the first', '20')
  .action(async (flags: { count: string; requests: string }) => {
    const count = Number(flags.count);
    const work = mkdtempSync(path.join(tmpdir(), 'policy-bench-conversations-'));
    try {
      const indexDir = path.join(work, 'index');
      await buildIndex(loadConfig({ indexDir }, {}));
      const dataDir = path.join(work, 'data');
      mkdirSync(path.join(dataDir, 'conversations'), { recursive: true });
      for (let i = 0; i < count; i++) writeFileSync(path.join(dataDir, 'conversations', `bench-${i}.json`), conversation(i, count));
      const port = await freePort();
      const started = performance.now();
      const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, INDEX_DIR: indexDir, RATE_LIMIT_PER_MINUTE: '1000000' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.stdout.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('http://localhost')) resolve();
          });
          server.on('exit', (code) => reject(new Error(`the server exited with code ${code}`)));
        });
        const ready = performance.now() - started;
        const url = `http://127.0.0.1:${port}/api/conversations`;
        const first = await timed(url);
        const after: number[] = [];
        let last = first;
        for (let i = 0; i < Number(flags.requests); i++) {
          last = await timed(url);
          after.push(last.ms);
        }
        console.log(`${count} conversations: server ready in ${ready.toFixed(0)} ms`);
        console.log(`first GET /api/conversations: ${first.ms.toFixed(0)} ms, ${first.listed} listed of ${first.total ?? first.listed}, ${(first.bytes / 1024).toFixed(0)} KiB`);
        console.log(`next ${after.length}: p50 ${percentile(after, 50).toFixed(1)} ms, p95 ${percentile(after, 95).toFixed(1)} ms, ${last.listed} listed, ${(last.bytes / 1024).toFixed(0)} KiB`);
      } finally {
        server.kill('SIGKILL');
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

await program.parseAsync(process.argv.filter((arg) => arg !== '--'));
