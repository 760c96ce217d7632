/**
 * What a failing LLM endpoint costs the user: `npm run bench:llm -- [--index DIR] [--questions N]`
 * Starts local fake endpoints (the test suite's fake OpenAI server) that answer well, refuse the
 * connection, answer HTTP 500, hang, or stall after two streamed chunks; asks N questions of the
 * eval sets through one assistant per endpoint, in LLM mode with the configured deadlines, retries
 * and breaker; prints first-question, p50, p95 and max latency and the upstream calls per endpoint,
 * then checks the targets as bounds (PASS/FAIL; the exit code is 1 on any FAIL). Without --index a
 * temporary index of CORPUS_DIR (default corpus/) is built first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig, type Config } from '../src/config.js';
import { percentile } from '../src/eval/score.js';
import { buildIndex } from '../src/index/build.js';
import type { Answer } from '../src/types.js';
import { startFakeOpenAI, type FakeOpenAI, type Script } from '../test/agent/fake-openai.js';
import { quotingModel } from '../test/agent/scripted-model.js';

interface Endpoint {
  name: string;
  what: string;
  /** The fake's script; undefined: a closed port (connection refused). */
  script?: Script;
}

const endpoints: Endpoint[] = [
  { name: 'healthy', what: 'answers: search, then quote a passage', script: quotingModel(/./) },
  { name: 'dead', what: 'connection refused (closed port)' },
  // No Retry-After: the transport's own backoff is what is measured.
  { name: 'http500', what: 'HTTP 500 on every request', script: () => ({ status: 500, headers: { 'retry-after-ms': '' } }) },
  { name: 'hanging', what: 'accepts the request, never answers', script: () => ({ hang: true }) },
  { name: 'stalling', what: 'streams two chunks, then stays silent', script: (request) => ({ ...quotingModel(/./)(request), stallAfterChunks: 2 }) },
];

interface Run {
  endpoint: Endpoint;
  latencies: number[];
  answers: Answer[];
  upstreamCalls: number;
}

/** The first `count` questions of the eval sets (eval/seeds/*-qa.jsonl), in file order. */
function evalQuestions(count: number): string[] {
  const dir = 'eval/seeds';
  const questions: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('-qa.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim()) questions.push((JSON.parse(line) as { question: string }).question);
      if (questions.length >= count) return questions;
    }
  }
  return questions;
}

/** Counts the requests the process sends to each host:port (every attempt, retries included). */
function countFetches(): Map<string, number> {
  const counts = new Map<string, number>();
  const fetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const host = new URL(input instanceof Request ? input.url : String(input)).host;
    counts.set(host, (counts.get(host) ?? 0) + 1);
    return fetch(input, init);
  };
  return counts;
}

async function run(endpoint: Endpoint, base: Config, questions: string[], fetches: Map<string, number>): Promise<Run> {
  let fake: FakeOpenAI | undefined = await startFakeOpenAI(endpoint.script ?? (() => ({ content: '' })));
  const baseUrl = fake.baseUrl;
  if (!endpoint.script) {
    await fake.close();
    fake = undefined;
  }
  try {
    const config: Config = { ...base, mode: 'llm', llm: { ...base.llm, apiKey: undefined, baseUrl } };
    const assistant = await Assistant.open(config);
    // Warm-up offline (jieba's dictionary, lazy structures), so the first question measures the endpoint.
    await assistant.ask(questions[0]!, { mode: 'extractive' });
    const host = new URL(baseUrl).host;
    fetches.set(host, 0);
    const latencies: number[] = [];
    const answers: Answer[] = [];
    for (const question of questions) {
      const began = performance.now();
      answers.push(await assistant.ask(question));
      latencies.push(performance.now() - began);
    }
    return { endpoint, latencies, answers, upstreamCalls: fetches.get(host) ?? 0 };
  } finally {
    await fake?.close();
  }
}

const seconds = (ms: number) => (ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);

function report(runs: Run[]): void {
  const rows = runs.map(({ endpoint, latencies, answers, upstreamCalls }) => {
    const reasons = new Map<string, number>();
    for (const answer of answers) {
      const key = answer.fallback?.reason ?? answer.mode ?? 'extractive';
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    return [
      endpoint.name,
      String(latencies.length),
      seconds(latencies[0] ?? 0),
      seconds(percentile(latencies, 50)),
      seconds(percentile(latencies, 95)),
      seconds(Math.max(...latencies)),
      String(upstreamCalls),
      [...reasons].map(([reason, n]) => `${reason} ${n}`).join(', '),
    ];
  });
  const header = ['endpoint', 'questions', 'first', 'p50', 'p95', 'max', 'upstream calls', 'answers (mode or fallback reason)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

interface Target {
  label: string;
  measured: number;
  boundMs: number;
}

/** The bounds the LLM mode promises, from the issue: a failing endpoint costs at most a few seconds. */
function targets(runs: Map<string, Run>): Target[] {
  const list: Target[] = [];
  const get = (name: string) => runs.get(name)!;
  const following = (run: Run) => run.latencies.slice(1);
  list.push({ label: 'dead endpoint: p50', measured: percentile(get('dead').latencies, 50), boundMs: 1000 });
  list.push({ label: 'HTTP 500 endpoint: p50', measured: percentile(get('http500').latencies, 50), boundMs: 1000 });
  for (const name of ['hanging', 'stalling']) {
    list.push({ label: `${name} endpoint: first question`, measured: get(name).latencies[0]!, boundMs: 15_000 });
    list.push({ label: `${name} endpoint: every following question (max)`, measured: Math.max(...following(get(name))), boundMs: 1000 });
  }
  return list;
}

const program = new Command()
  .option('--index <dir>', 'index folder (default: a temporary index of $CORPUS_DIR or corpus/)')
  .option('--questions <n>', 'questions asked of each endpoint', '50')
  .action(async (flags: { index?: string; questions: string }) => {
    const work = flags.index ? undefined : mkdtempSync(path.join(tmpdir(), 'bench-llm-'));
    try {
      const base = loadConfig({ indexDir: flags.index ?? path.join(work!, 'index') });
      if (work) {
        const began = performance.now();
        await buildIndex(base);
        console.log(`index of ${base.corpusDir} built in ${seconds(performance.now() - began)}`);
      }
      const { llm } = base;
      console.log(
        `limits: first token ${llm.firstTokenTimeoutMs} ms, idle ${llm.idleTimeoutMs} ms, request ${llm.timeoutMs} ms, answer ${llm.totalTimeoutMs} ms, ` +
          `${llm.maxRetries} retries; breaker opens after ${llm.breakerFailures} failures (a timeout: at once), cool-down ${llm.breakerCooldownMs} ms`,
      );
      const questions = evalQuestions(Number(flags.questions));
      const fetches = countFetches();
      const runs = new Map<string, Run>();
      for (const endpoint of endpoints) {
        process.stdout.write(`${endpoint.name}: ${endpoint.what} …\n`);
        runs.set(endpoint.name, await run(endpoint, base, questions, fetches));
      }
      console.log('');
      report([...runs.values()]);
      console.log('');
      let failed = 0;
      for (const { label, measured, boundMs } of targets(runs)) {
        const pass = measured <= boundMs;
        if (!pass) failed++;
        console.log(`${pass ? 'PASS' : 'FAIL'}  ${label}: ${seconds(measured)} (bound ${seconds(boundMs)})`);
      }
      const healthy = runs.get('healthy')!.answers.filter((a) => a.fallback && a.fallback.reason !== 'unsupported');
      console.log(`${healthy.length === 0 ? 'PASS' : 'FAIL'}  healthy endpoint: no answer falls back for an endpoint failure (${healthy.length})`);
      if (healthy.length > 0) failed++;
      process.exitCode = failed > 0 ? 1 : 0;
    } finally {
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

await program.parseAsync();
