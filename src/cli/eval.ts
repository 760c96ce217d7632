/**
 * `npm run eval -- [--dataset FILE] [--index DIR] [--out DIR] [--k N] [--no-baseline] [--gate FILE]`
 * Runs a question–answer set, writes DIR/results.jsonl and DIR/summary.json, prints a table with
 * the naive baseline beside, and with --gate fails when accuracy falls below the recorded floor.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { PolicyQaError } from '../errors.js';
import { NaiveBaseline } from '../eval/baseline.js';
import { readDataset } from '../eval/dataset.js';
import { runEval } from '../eval/run.js';
import { summarise, type Metrics } from '../eval/score.js';
import { openAssistant } from './open-index.js';
import { runCommand } from './run.js';

interface Gate {
  minAnswerAccuracy?: number;
  minRefusalAccuracy?: number;
  minSourceAccuracy?: number;
}

const rows: Array<[string, (m: Metrics) => string]> = [
  ['answer accuracy (answerable)', (m) => m.answerAccuracy.toFixed(3)],
  ['refusal accuracy (unanswerable)', (m) => m.refusalAccuracy.toFixed(3)],
  ['source accuracy (first citation)', (m) => m.sourceAccuracy.toFixed(3)],
  ['retrieval recall@k', (m) => m.retrievalRecallAtK.toFixed(3)],
  ['MRR', (m) => m.mrr.toFixed(3)],
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

async function readGate(file: string): Promise<Gate> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Gate;
  } catch (cause) {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: cannot read the gate file ${file} (${(cause as Error).message}).`, { cause });
  }
}

const program = new Command()
  .name('eval')
  .description('Measure answer accuracy, refusals, sources, retrieval and latency on a question–answer set.')
  .option('--dataset <file>', 'JSONL question–answer set', 'eval/seed-qa.jsonl')
  .option('--index <dir>', 'index folder (default: $INDEX_DIR or data/index/)')
  .option('--corpus <dir>', 'corpus to build the index from when it is missing (default: $CORPUS_DIR or corpus/)')
  .option('--out <dir>', 'where to write results.jsonl and summary.json', 'eval/out')
  .option('--k <n>', 'passages considered for recall@k and MRR', '5')
  .option('--mode <mode>', 'extractive (offline, default) or llm (the agent; needs OPENAI_API_KEY or OPENAI_BASE_URL)', 'extractive')
  .option('--no-baseline', 'skip the naive baseline')
  .option('--gate <file>', 'JSON with minAnswerAccuracy / minRefusalAccuracy / minSourceAccuracy; exit 1 below them')
  .action(async (flags: { dataset: string; index?: string; corpus?: string; out: string; k: string; mode: string; baseline: boolean; gate?: string }) => {
    const k = Number(flags.k);
    if (!Number.isInteger(k) || k < 1) throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: --k must be a positive integer, got "${flags.k}".`);
    if (flags.mode !== 'extractive' && flags.mode !== 'llm') {
      throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: --mode must be extractive or llm, got "${flags.mode}".`);
    }
    const config = loadConfig({ indexDir: flags.index, corpusDir: flags.corpus, mode: flags.mode });
    const items = await readDataset(flags.dataset);
    const gate = flags.gate ? await readGate(flags.gate) : undefined;
    const assistant = await openAssistant(config, { corpusGiven: Boolean(flags.corpus) });
    const baseline = flags.baseline ? NaiveBaseline.build(assistant.index, assistant.index.manifest.embedding.dimensions) : undefined;

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
    await mkdir(flags.out, { recursive: true });
    await writeFile(path.join(flags.out, 'results.jsonl'), run.results.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const summary = { dataset: flags.dataset, index: config.indexDir, mode: flags.mode, k, ...metrics, ...(baselineMetrics ? { baseline: baselineMetrics } : {}) };
    await writeFile(path.join(flags.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

    console.log(`${items.length} questions from ${flags.dataset}, ${flags.mode} mode (${metrics.answerable} answerable, ${metrics.unanswerable} unanswerable), k=${k}\n`);
    console.log(formatTable(metrics, baselineMetrics));
    if (metrics.llm) {
      const fallbacks = Object.entries(metrics.llm.fallbacks).map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none';
      console.log(`\nLLM tokens: ${metrics.llm.totalTokens} (${metrics.llm.inputTokens} in, ${metrics.llm.outputTokens} out); offline fallbacks: ${fallbacks}`);
    }
    console.log(`\nWrote ${path.join(flags.out, 'results.jsonl')} and ${path.join(flags.out, 'summary.json')}.`);
    if (gate) {
      const failures = gateFailures(metrics, gate);
      if (failures.length > 0) {
        console.error(`\nRegression gate failed (${flags.gate}):\n- ${failures.join('\n- ')}`);
        process.exitCode = 1;
      } else {
        console.log(`Regression gate passed (${flags.gate}).`);
      }
    }
  });

await runCommand(() => program.parseAsync().then(() => undefined));
