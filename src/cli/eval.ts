/**
 * `npm run eval -- [--dataset FILE] [--index DIR] [--out DIR] [--k N] [--part P] [--sample N] [--no-baseline] [--gate FILE]`
 * `npm run eval -- --suite eval/suites.json [--only NAMES] [--part validation] [--out DIR]`
 * Runs a question–answer set (or each corpus of a suite), writes results.jsonl and summary.json,
 * prints a table with the naive baseline beside, and with --gate fails below the recorded floor.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { PolicyQaError } from '../errors.js';
import { BASELINE_DIMENSIONS, NaiveBaseline } from '../eval/baseline.js';
import { readDataset, type EvalItem } from '../eval/dataset.js';
import { partOf, sample } from '../eval/split.js';
import { corpusFolder, readSuites } from '../eval/suite.js';
import { runEval } from '../eval/run.js';
import { summarise, type Metrics } from '../eval/score.js';
import { buildIndex } from '../index/build.js';
import { formatSummary } from './format.js';
import { describeUrl } from '../index/postgres/database.js';
import { openAssistant } from './open-index.js';
import { runCommand } from './run.js';

interface Gate {
  minAnswerAccuracy?: number;
  minRefusalAccuracy?: number;
  minSourceAccuracy?: number;
}

const rows: Array<[string, (m: Metrics) => string]> = [
  ['answer accuracy (answerable)', (m) => m.answerAccuracy.toFixed(3)],
  ['answer leads with it (answerable)', (m) => m.leadAccuracy.toFixed(3)],
  ['refusal accuracy (unanswerable)', (m) => m.refusalAccuracy.toFixed(3)],
  ['source accuracy (first citation)', (m) => m.sourceAccuracy.toFixed(3)],
  ['source recall@k', (m) => m.retrievalRecallAtK.toFixed(3)],
  ['source MRR', (m) => m.mrr.toFixed(3)],
  ['answer in passage recall@1', (m) => m.answerRecall.at1.toFixed(3)],
  ['answer in passage recall@5', (m) => m.answerRecall.at5.toFixed(3)],
  ['answer in passage recall@20', (m) => m.answerRecall.at20.toFixed(3)],
  ['answer in passage MRR', (m) => m.answerRecall.mrr.toFixed(3)],
  ['latency p50 ms', (m) => m.latencyMs.p50.toFixed(1)],
  ['latency p95 ms', (m) => m.latencyMs.p95.toFixed(1)],
];

export function formatTable(ours: Metrics, baseline?: Metrics): string {
  const lines = [`${'metric'.padEnd(34)}${'ours'.padStart(10)}${baseline ? 'baseline'.padStart(10) : ''}`];
  for (const [label, value] of rows) lines.push(`${label.padEnd(34)}${value(ours).padStart(10)}${baseline ? value(baseline).padStart(10) : ''}`);
  lines.push('', `${'by type'.padEnd(34)}${'items'.padStart(10)}${'accuracy'.padStart(10)}${baseline ? 'baseline'.padStart(10) : ''}`);
  for (const [type, entry] of Object.entries(ours.byType).sort()) {
    const base = baseline?.byType[type]?.accuracy.toFixed(3) ?? '';
    lines.push(`${type.padEnd(34)}${String(entry.items).padStart(10)}${entry.accuracy.toFixed(3).padStart(10)}${baseline ? base.padStart(10) : ''}`);
  }
  lines.push('', `${'by answer type asked'.padEnd(34)}${'items'.padStart(10)}${'accuracy'.padStart(10)}${'lead'.padStart(10)}`);
  for (const [type, entry] of Object.entries(ours.byAnswerType).sort((a, b) => b[1].items - a[1].items)) {
    lines.push(`${type.padEnd(34)}${String(entry.items).padStart(10)}${entry.accuracy.toFixed(3).padStart(10)}${entry.lead.toFixed(3).padStart(10)}`);
  }
  return lines.join('\n');
}

function gateFailures(metrics: Metrics, gate: Gate): string[] {
  const failures: string[] = [];
  const check = (name: string, value: number, floor: number | undefined) => {
    if (floor !== undefined && value < floor) failures.push(`${name} ${value.toFixed(3)} is below the gate ${floor.toFixed(3)}`);
  };
  check('answer accuracy', metrics.answerAccuracy, gate.minAnswerAccuracy);
  check('refusal accuracy', metrics.refusalAccuracy, gate.minRefusalAccuracy);
  check('source accuracy', metrics.sourceAccuracy, gate.minSourceAccuracy);
  return failures;
}

function reportGate(failures: string[], file: string): void {
  if (failures.length > 0) {
    console.error(`\nRegression gate failed (${file}):\n- ${failures.join('\n- ')}`);
    process.exitCode = 1;
  } else {
    console.log(`Regression gate passed (${file}).`);
  }
}

async function readGate(file: string): Promise<Gate> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Gate;
  } catch (cause) {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: cannot read the gate file ${file} (${(cause as Error).message}).`, { cause });
  }
}

interface EvalFlags {
  dataset: string;
  suite?: string;
  only?: string;
  part: string;
  sample?: string;
  index?: string;
  corpus?: string;
  out: string;
  k: string;
  mode: string;
  baseline: boolean;
  gate?: string;
}

/** Items of one dataset, restricted to a part of the split and to a sample when asked. */
async function itemsOf(dataset: string, part: string, sampleSize?: number): Promise<EvalItem[]> {
  let items = await readDataset(dataset);
  if (part !== 'all') items = items.filter((item) => partOf(item.id) === part);
  return sampleSize ? sample(items, sampleSize) : items;
}

/** Runs items through an index and prints and writes the table; returns the metrics. */
async function evaluate(config: Config, items: EvalItem[], flags: EvalFlags, k: number, label: string, out: string, corpusGiven: boolean): Promise<Metrics> {
  const assistant = await openAssistant(config, { corpusGiven });
  const baseline = flags.baseline ? NaiveBaseline.build(assistant.index, BASELINE_DIMENSIONS) : undefined;
  const run = await runEval(assistant, items, {
    k,
    ...(baseline ? { baseline } : {}),
    onItem: (done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} questions`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');

  const metrics = summarise(run.scored);
  const baselineMetrics = run.baseline ? summarise(run.baseline) : undefined;
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'results.jsonl'), run.results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const summary = { dataset: label, index: config.databaseUrl ? describeUrl(config.databaseUrl) : config.indexDir, mode: flags.mode, part: flags.part, k, ...metrics, ...(baselineMetrics ? { baseline: baselineMetrics } : {}) };
  await writeFile(path.join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

  console.log(`${items.length} questions from ${label}, ${flags.mode} mode (${metrics.answerable} answerable, ${metrics.unanswerable} unanswerable), k=${k}\n`);
  console.log(formatTable(metrics, baselineMetrics));
  if (metrics.llm) {
    const fallbacks = Object.entries(metrics.llm.fallbacks).map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none';
    console.log(`\nLLM tokens: ${metrics.llm.totalTokens} (${metrics.llm.inputTokens} in, ${metrics.llm.outputTokens} out); offline fallbacks: ${fallbacks}`);
  }
  console.log(`\nWrote ${path.join(out, 'results.jsonl')} and ${path.join(out, 'summary.json')}.`);
  return metrics;
}

const program = new Command()
  .name('eval')
  .description('Measure answer accuracy, refusals, sources, retrieval and latency on a question–answer set, or on several corpora with --suite.')
  .option('--dataset <file>', 'JSONL question–answer set (.jsonl or .jsonl.xz)', 'eval/seeds/seed-qa.jsonl')
  .option('--suite <file>', 'run every (corpus, index, datasets) entry of a suite file, e.g. eval/suites.json, one table per corpus')
  .option('--only <names>', 'with --suite: only these suites (comma-separated)')
  .option('--part <part>', 'tuning, validation (fixed split by id hash, ~70/30) or all', 'all')
  .option('--sample <n>', 'at most n items per dataset, the same ones every run')
  .option('--index <dir>', 'index folder (default: $INDEX_DIR or data/index/)')
  .option('--corpus <dir>', 'corpus to build the index from when it is missing (default: $CORPUS_DIR or corpus/)')
  .option('--out <dir>', 'where to write results.jsonl and summary.json', 'eval/out')
  .option('--k <n>', 'passages considered for source recall@k and MRR', '5')
  .option('--mode <mode>', 'extractive (offline, default) or llm (the agent; needs OPENAI_API_KEY or OPENAI_BASE_URL)', 'extractive')
  .option('--no-baseline', 'skip the naive baseline')
  .option('--gate <file>', 'JSON with minAnswerAccuracy / minRefusalAccuracy / minSourceAccuracy (with --suite: one such object per suite name); exit 1 below them')
  .action(async (flags: EvalFlags) => {
    const k = Number(flags.k);
    if (!Number.isInteger(k) || k < 1) throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: --k must be a positive integer, got "${flags.k}".`);
    if (flags.mode !== 'extractive' && flags.mode !== 'llm') {
      throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: --mode must be extractive or llm, got "${flags.mode}".`);
    }
    if (!['tuning', 'validation', 'all'].includes(flags.part)) {
      throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: --part must be tuning, validation or all, got "${flags.part}".`);
    }
    const sampleSize = flags.sample === undefined ? undefined : Number(flags.sample);
    if (sampleSize !== undefined && !(Number.isInteger(sampleSize) && sampleSize > 0)) {
      throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: --sample must be a positive integer, got "${flags.sample}".`);
    }
    const gate = flags.gate ? await readGate(flags.gate) : undefined;

    if (flags.suite) {
      // One database serves one index: a suite of several would be answered from whichever was published.
      if (process.env.DATABASE_URL) {
        throw new PolicyQaError('INVALID_CONFIG', 'Invalid configuration: --suite measures several indexes and DATABASE_URL serves one. Unset DATABASE_URL, or compare the backends with `npx tsx scripts/parity-postgres.ts`.');
      }
      const only = flags.only?.split(',').map((name) => name.trim());
      const suites = (await readSuites(flags.suite)).filter((suite) => !only || only.includes(suite.name));
      if (suites.length === 0) throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: no suite in ${flags.suite} is named ${flags.only}.`);
      const overview: string[] = [];
      const failures: string[] = [];
      for (const suite of suites) {
        console.log(`\n== ${suite.name} ==`);
        const items: EvalItem[] = [];
        for (const dataset of suite.datasets) items.push(...(await itemsOf(dataset, flags.part, sampleSize ?? suite.sample)));
        const corpusDir = await corpusFolder(suite, path.resolve('data/corpora'));
        const config = loadConfig({ indexDir: suite.index, corpusDir, mode: flags.mode });
        // Brought up to date first (seconds when nothing changed): a suite measures the code and settings as they are.
        const built = await buildIndex(config);
        console.log(formatSummary(built));
        const m = await evaluate(config, items, flags, k, suite.datasets.map((d) => path.basename(d)).join(' + '), path.join(flags.out, suite.name), true);
        // A suite gate is keyed by suite name: { "laws": { "minAnswerAccuracy": … }, … }.
        const floor = (gate as Record<string, Gate> | undefined)?.[suite.name];
        if (floor) failures.push(...gateFailures(m, floor).map((failure) => `${suite.name}: ${failure}`));
        const r = m.answerRecall;
        overview.push(`${suite.name.padEnd(12)}${String(m.items).padStart(6)}${m.answerAccuracy.toFixed(3).padStart(9)}${m.leadAccuracy.toFixed(3).padStart(9)}${m.refusalAccuracy.toFixed(3).padStart(9)}${m.sourceAccuracy.toFixed(3).padStart(9)}${r.at1.toFixed(3).padStart(9)}${r.at5.toFixed(3).padStart(9)}${r.at20.toFixed(3).padStart(9)}${r.mrr.toFixed(3).padStart(9)}${m.latencyMs.p50.toFixed(1).padStart(9)}`);
      }
      console.log(`\n${'suite'.padEnd(12)}${'items'.padStart(6)}${'answer'.padStart(9)}${'lead'.padStart(9)}${'refusal'.padStart(9)}${'source'.padStart(9)}${'R@1'.padStart(9)}${'R@5'.padStart(9)}${'R@20'.padStart(9)}${'MRR'.padStart(9)}${'p50 ms'.padStart(9)}`);
      console.log(overview.join('\n'));
      if (gate) reportGate(failures, flags.gate!);
      return;
    }

    const config = loadConfig({ indexDir: flags.index, corpusDir: flags.corpus, mode: flags.mode });
    const items = await itemsOf(flags.dataset, flags.part, sampleSize);
    const metrics = await evaluate(config, items, flags, k, flags.dataset, flags.out, Boolean(flags.corpus));
    if (gate) reportGate(gateFailures(metrics, gate), flags.gate!);
  });

await runCommand(() => program.parseAsync().then(() => undefined));
