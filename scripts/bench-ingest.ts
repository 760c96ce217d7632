/**
 * Ingestion benchmark.
 *
 *   npm run bench:ingest -- PATH [PATH...] [--work DIR] [--keep]
 *
 * PATH: a corpus folder, a .jsonl file, a .jsonl.xz file or a .tar.xz archive. Archives are unpacked
 * (system `xz` / `tar`) into a work folder under os.tmpdir() (or --work DIR), removed at the end
 * unless --keep. For each PATH a fresh index is built (rebuild), then built again over the same
 * corpus and index to time the incremental no-change pass. Two yardsticks are timed in the same
 * run over the same documents, so the ratios mean the same on any machine: one plain jieba pass,
 * and the one-hour prototype the ingest issue compares the build with (prototypeIndex).
 *
 * Each PATH runs in its own child process (this script with --child): maxRSS covers a process's
 * whole lifetime, so only a fresh process gives a per-corpus peak. The child prints one
 * `@@bench-result {json}` line on stdout; everything else it prints goes to stderr.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import nodejieba from 'nodejieba';
import { buildIndex, type BuildPhase, type BuildProgress } from '../src/index/build.js';
import { loadIndex } from '../src/index/store.js';

const RESULT_MARKER = '@@bench-result ';
const MB = 1e6;

/** One buildIndex call, measured. */
interface RunResult {
  seconds: number;
  megabytesPerSecond: number;
  bytesProcessed: number;
  files: { total: number; added: number; changed: number; removed: number; unchanged: number; failed: number };
  documents: number;
  chunks: number;
  figures: number;
  problems: number;
  problemsByCode: Record<string, number>;
  /** Highest RSS seen by sampling during this run (MB). */
  sampledPeakRssMb: number;
  /** CPU seconds (user + system) of the whole process, worker threads included: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  /** Seconds per phase: `start` is before the first progress event (listing files, loading an existing index). */
  phases: Partial<Record<'start' | BuildPhase, number>>;
}

interface CorpusResult {
  input: string;
  corpusDir: string;
  inputMb: number;
  build: RunResult;
  incremental: RunResult;
  /** process.resourceUsage().maxRSS after the build, i.e. the build's peak including startup (MB). */
  buildMaxRssMb: number;
  indexMb: number;
  /** One plain jieba pass (precise mode, one thread) over the indexed documents' text, in the same process: the unit the build is measured in. */
  jiebaSeconds: number;
  /** CPU seconds of that pass. */
  jiebaCpuSeconds: number;
  /** The yardstick, in the same run: a one-hour prototype's BM25 index over the same text (see prototypeIndex). */
  prototypeSeconds: number;
  prototypeTerms: number;
  characters: number;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Total size of the regular files under `target` (MB); symlinks count as their target. */
async function sizeMb(target: string): Promise<number> {
  let bytes = 0;
  const walk = async (p: string): Promise<void> => {
    const info = await stat(p);
    if (info.isDirectory()) for (const name of await readdir(p)) await walk(path.join(p, name));
    else bytes += info.size;
  };
  await walk(target);
  return bytes / MB;
}

/** Runs a command, its stdout into `stdoutFile` when set (xz -dc); rejects on a non-zero exit. */
async function exec(command: string, args: string[], stdoutFile?: string): Promise<void> {
  // The file's descriptor goes to the child itself, so the data is on disk when it exits.
  const out = stdoutFile ? await open(stdoutFile, 'w') : undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', out ? out.fd : 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
    });
  } finally {
    await out?.close();
  }
}

const rssMb = (): number => process.memoryUsage.rss() / MB;
const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Child: build and measure one corpus

async function measureRun(corpusDir: string, indexDir: string, rebuild: boolean): Promise<RunResult> {
  const label = rebuild ? 'build' : 'incremental';
  let peak = rssMb();
  // The timer cannot fire while ingestion runs synchronously (the hash embedder never yields to
  // the event loop), so progress events sample too; maxRSS catches whatever both miss.
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 200);
  const phases: RunResult['phases'] = {};
  let phase: 'start' | BuildPhase = 'start';
  const began = performance.now();
  let phaseStart = began;
  let lastLog = began;
  const onProgress = (event: BuildProgress): void => {
    peak = Math.max(peak, rssMb());
    const now = performance.now();
    if (event.phase !== phase) {
      phases[phase] = (phases[phase] ?? 0) + (now - phaseStart) / 1000;
      phase = event.phase;
      phaseStart = now;
      console.error(`  [${label}] ${phase} at ${((now - began) / 1000).toFixed(1)} s, rss ${rssMb().toFixed(0)} MB`);
    } else if (now - lastLog > 15_000) {
      // A heartbeat for long runs, so a log shows where it is.
      lastLog = now;
      const pct = event.total ? ` (${((100 * event.done) / event.total).toFixed(1)}%)` : '';
      console.error(`  [${label}] ${phase} ${event.done}/${event.total} ${event.unit}${pct}, rss ${rssMb().toFixed(0)} MB`);
    }
  };

  const config = loadConfig({ corpusDir, indexDir });
  const cpuBefore = process.cpuUsage();
  try {
    const summary = await buildIndex(config, { rebuild, onProgress });
    const cpu = process.cpuUsage(cpuBefore);
    phases[phase] = (phases[phase] ?? 0) + (performance.now() - phaseStart) / 1000;
    const problemsByCode: Record<string, number> = {};
    for (const problem of summary.problems) problemsByCode[problem.code] = (problemsByCode[problem.code] ?? 0) + 1;
    return {
      seconds: summary.seconds,
      megabytesPerSecond: summary.megabytesPerSecond,
      bytesProcessed: summary.bytesProcessed,
      files: summary.files,
      documents: summary.documents,
      chunks: summary.chunks,
      figures: summary.figures,
      problems: summary.problems.length,
      problemsByCode,
      sampledPeakRssMb: Math.max(peak, rssMb()),
      cpuSeconds: round((cpu.user + cpu.system) / 1e6),
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v, 3)])),
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The yardstick the ingest issue measured the product against, as scripts/prototype-retrieval.ts
 * defines it: each line of a document's cleaned text (the source's paragraphs) a passage, cut with
 * nodejieba's cutForSearch, tokens without a letter or digit and the product's stop words dropped,
 * BM25 postings (term → passage numbers and counts) with passage lengths, on one thread. It starts
 * from the documents' text in memory, so it pays no reading or parsing: a bound the product's
 * build, which does, is held to (≤ 1.1× this).
 */
function prototypeIndex(texts: string[]): Map<string, number[]> {
  const stop = new Set(
    readFileSync(fileURLToPath(new URL('../src/text/dictionary/stopwords.txt', import.meta.url)), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  const word = /[\p{L}\p{N}]/u;
  const postings = new Map<string, number[]>();
  const lengths: number[] = [];
  for (const text of texts) {
    for (const line of text.split(/\n+/)) {
      if (!line.trim()) continue;
      const counts = new Map<string, number>();
      let length = 0;
      for (const token of nodejieba.cutForSearch(line, true)) {
        if (!word.test(token) || stop.has(token)) continue;
        counts.set(token, (counts.get(token) ?? 0) + 1);
        length++;
      }
      const id = lengths.push(length) - 1;
      for (const [term, tf] of counts) {
        const list = postings.get(term);
        if (list) list.push(id, tf);
        else postings.set(term, [id, tf]);
      }
    }
  }
  return postings;
}

async function child(input: string, corpusDir: string, indexDir: string): Promise<void> {
  const build = await measureRun(corpusDir, indexDir, true);
  const buildMaxRssMb = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
  const incremental = await measureRun(corpusDir, indexDir, false);
  const { documents } = await loadIndex(indexDir, { search: false });
  let characters = 0;
  const jiebaStart = performance.now();
  const jiebaCpu = process.cpuUsage();
  for (const document of documents.values()) {
    nodejieba.cut(document.text, true);
    characters += document.text.length;
  }
  const jiebaSeconds = (performance.now() - jiebaStart) / 1000;
  const { user, system } = process.cpuUsage(jiebaCpu);
  const jiebaCpuSeconds = (user + system) / 1e6;
  const prototypeStart = performance.now();
  const postings = prototypeIndex(Array.from(documents.values(), (document) => document.text));
  const prototypeSeconds = (performance.now() - prototypeStart) / 1000;
  const result: CorpusResult = {
    jiebaSeconds,
    jiebaCpuSeconds,
    prototypeSeconds,
    prototypeTerms: postings.size,
    characters,
    input,
    corpusDir,
    inputMb: await sizeMb(corpusDir),
    build,
    incremental,
    buildMaxRssMb,
    indexMb: await sizeMb(indexDir),
  };
  console.log(RESULT_MARKER + JSON.stringify(result));
}

// ---------------------------------------------------------------------------------------------
// Parent: prepare each corpus, run a child per corpus, report

/** A corpus folder for `input`, unpacking or linking into `dir` when it is not a folder already. */
async function prepareCorpus(input: string, dir: string): Promise<string> {
  if ((await stat(input)).isDirectory()) return path.resolve(input);
  const name = path.basename(input);
  await mkdir(dir, { recursive: true });
  if (name.endsWith('.tar.xz')) {
    await exec('tar', ['-xJf', input, '-C', dir]);
    // An archive holding a single top folder is that folder's corpus.
    const entries = await readdir(dir);
    const only = entries.length === 1 ? path.join(dir, entries[0]!) : undefined;
    return only && (await lstat(only)).isDirectory() ? only : dir;
  }
  if (name.endsWith('.jsonl.xz')) {
    await exec('xz', ['-dc', input], path.join(dir, name.slice(0, -'.xz'.length)));
    return dir;
  }
  if (name.endsWith('.jsonl')) {
    // A link, not a copy: the loaders follow linked files, and a dataset can be hundreds of MB.
    await symlink(path.resolve(input), path.join(dir, name));
    return dir;
  }
  throw new Error(`${input}: expected a folder, .jsonl, .jsonl.xz or .tar.xz`);
}

function runChild(input: string, corpusDir: string, indexDir: string): Promise<CorpusResult> {
  const script = fileURLToPath(import.meta.url);
  // process.execArgv carries tsx's loader flags, so the child runs this TypeScript file the same way.
  const proc = spawn(process.execPath, [...process.execArgv, script, '--child', input, corpusDir, indexDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let result: CorpusResult | undefined;
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (line.startsWith(RESULT_MARKER)) result = JSON.parse(line.slice(RESULT_MARKER.length)) as CorpusResult;
    else console.log(line);
  });
  return new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`benchmark of ${input} failed (exit ${code ?? signal})`));
    });
  });
}

function table(rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

function report(results: CorpusResult[]): void {
  const name = (r: CorpusResult) => path.basename(r.input);
  console.log('\nResults (build = fresh index; incr = second pass, nothing changed)\n');
  console.log(
    table([
      ['corpus', 'files', 'docs', 'chunks', 'figures', 'input MB', 'build s', 'MB/s', 'jieba s', 'build/jieba', 'prototype s', 'build/prototype', 'build cpu s', 'cpu/jieba cpu', 'peak RSS MB', 'index MB', 'problems', 'incr s', 'incr RSS MB'],
      ...results.map((r) => [
        name(r),
        r.build.files.total,
        r.build.documents,
        r.build.chunks,
        r.build.figures,
        r.inputMb.toFixed(1),
        r.build.seconds.toFixed(2),
        r.build.megabytesPerSecond.toFixed(2),
        r.jiebaSeconds.toFixed(2),
        (r.build.seconds / Math.max(r.jiebaSeconds, 1e-9)).toFixed(2),
        r.prototypeSeconds.toFixed(2),
        (r.build.seconds / Math.max(r.prototypeSeconds, 1e-9)).toFixed(2),
        r.build.cpuSeconds.toFixed(1),
        (r.build.cpuSeconds / Math.max(r.jiebaCpuSeconds, 1e-9)).toFixed(2),
        Math.max(r.buildMaxRssMb, r.build.sampledPeakRssMb).toFixed(0),
        r.indexMb.toFixed(1),
        r.build.problems,
        r.incremental.seconds.toFixed(2),
        r.incremental.sampledPeakRssMb.toFixed(0),
      ]),
    ]),
  );
  console.log(
    `\nbuild/jieba: the build's time over one plain nodejieba.cut pass over the same text in the same run (one thread; ${os.availableParallelism()} cores here), so the figure means the same on any machine. prototype s: the issue's yardstick, a one-hour prototype (scripts/prototype-retrieval.ts: jieba cutForSearch per paragraph, a stop list, BM25 postings; one thread, text already in memory) over the same documents in the same run. build cpu s: CPU seconds of the build, all threads (user + system); on a busy machine its ratio to the jieba pass's CPU seconds is the steadier figure.`,
  );
  console.log('\nPhase seconds (start = listing files and loading an existing index)\n');
  const phaseNames = ['start', 'index', 'save'] as const;
  console.log(
    table([
      ['corpus', 'run', ...phaseNames],
      ...results.flatMap((r) =>
        (['build', 'incremental'] as const).map((run) => [name(r), run, ...phaseNames.map((p) => (r[run].phases[p] ?? 0).toFixed(2))]),
      ),
    ]),
  );
  console.log('\nJSON\n');
  console.log(JSON.stringify(results, null, 2));
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') {
    const [input, corpusDir, indexDir] = argv.slice(1);
    if (!input || !corpusDir || !indexDir) throw new Error('--child INPUT CORPUS_DIR INDEX_DIR');
    return child(input, corpusDir, indexDir);
  }

  const inputs: string[] = [];
  let workParent = os.tmpdir();
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--keep') keep = true;
    else if (arg === '--work') workParent = argv[++i] ?? '';
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else inputs.push(arg);
  }
  if (inputs.length === 0 || !workParent) {
    console.error('usage: npm run bench:ingest -- PATH [PATH...] [--work DIR] [--keep]');
    process.exitCode = 2;
    return;
  }

  // A fresh folder inside the work location, so cleaning up never touches anything we did not create.
  await mkdir(workParent, { recursive: true });
  const work = await mkdtemp(path.join(workParent, 'bench-ingest-'));
  const results: CorpusResult[] = [];
  try {
    for (const [i, input] of inputs.entries()) {
      const slot = path.join(work, String(i));
      console.error(`\n== ${input}`);
      const unpackStart = performance.now();
      const corpusDir = await prepareCorpus(input, path.join(slot, 'corpus'));
      console.error(`  corpus ${corpusDir} ready in ${((performance.now() - unpackStart) / 1000).toFixed(1)} s`);
      results.push(await runChild(input, corpusDir, path.join(slot, 'index')));
    }
    report(results);
  } finally {
    if (keep) console.error(`\nWork folder kept: ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
