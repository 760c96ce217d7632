/**
 * How long a re-index keeps the event loop busy at a stretch: what a server answering questions
 * while it re-indexes would feel.
 *
 *   npm run bench:reindex -- CORPUS_DIR [--index DIR]
 *
 * Times a first build in this thread (what `npm run ingest` does), the same build in a worker process
 * (what the server's re-index does), a no-change run, and opening the new index (what the server
 * does after a re-index), while a 5 ms timer measures the longest gap between its ticks. The
 * server's steps should stay at or under ~100 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig } from '../src/config.js';
import { buildIndex } from '../src/index/build.js';
import { buildIndexInWorker } from '../src/index/build-in-worker.js';

const args = process.argv.slice(2);
const corpusDir = args.find((arg) => !arg.startsWith('--'));
if (!corpusDir) {
  console.error('usage: npm run bench:reindex -- CORPUS_DIR [--index DIR]');
  process.exit(2);
}
const flagIndex = args.indexOf('--index');
const work = flagIndex >= 0 ? undefined : await mkdtemp(path.join(os.tmpdir(), 'bench-reindex-'));
const indexDir = flagIndex >= 0 ? args[flagIndex + 1]! : path.join(work!, 'index');
const config = loadConfig({ corpusDir, indexDir });

/** Runs `work` while a 5 ms interval records the longest time between two of its ticks. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; longestMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const began = performance.now();
  const result = await work();
  const seconds = (performance.now() - began) / 1000;
  clearInterval(timer);
  longest = Math.max(longest, performance.now() - last);
  return { result, seconds, longestMs: longest };
}

const rows: Array<[string, number, number]> = [];
const build = await longestBlock(() => buildIndex(config, { rebuild: true }));
rows.push([`build (${build.result.documents} documents, ${build.result.chunks} chunks)`, build.seconds, build.longestMs]);
const inWorker = await longestBlock(() => buildIndexInWorker(config, { rebuild: true }));
rows.push(['the same build in a worker (server re-index)', inWorker.seconds, inWorker.longestMs]);
const again = await longestBlock(() => buildIndex(config));
rows.push(['no-change run', again.seconds, again.longestMs]);
const open = await longestBlock(() => Assistant.open(config));
rows.push(['open the new index', open.seconds, open.longestMs]);

console.log('step                                         seconds   longest event-loop block (ms)');
for (const [step, seconds, longest] of rows) console.log(`${step.padEnd(44)} ${seconds.toFixed(2).padStart(7)}   ${longest.toFixed(0).padStart(6)}`);
if (work) await rm(work, { recursive: true, force: true });
