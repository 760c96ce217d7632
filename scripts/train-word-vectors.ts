/**
 * Word vectors trained here, offline, on the public corpora in ../shared/datasets: the corpus
 * segmented by the project's own tokenizer (src/text/tokenize.ts, the index's words, sub-word
 * expansions left out), skip-gram vectors trained by Debian's `fasttext`
 * (`apt-get install fasttext`), the most frequent words kept and quantised to int8.
 *
 *   npx tsx scripts/train-word-vectors.ts --corpus news|laws|both [--out data/vectors] [--dim 64]
 *       [--words 50000] [--epoch 5] [--min-count 5] [--threads 2] [--datasets ../shared/datasets]
 *
 * Writes under --out: <corpus>.txt (segmented text, one paragraph a line), <corpus>.vec (fasttext's
 * text vectors) and <corpus>.wv (the quantised file, see writeQuantised). Steps already done are
 * kept (delete the file to redo one).
 *
 * The .wv format: a UTF-8 JSON header line {"format":"wv-int8-v1","dim":D,"words":N}, then N
 * words, one a line, most frequent first, then N float32 scales (little-endian), then N·D int8:
 * word i's unit vector ≈ scale[i] · int8[i·D … i·D+D).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { visitTokens } from '../src/text/tokenize.js';
import { flag } from './flags.js';

const corpus = flag('corpus', 'news');
const outDir = path.resolve(flag('out', 'data/vectors'));
const datasets = path.resolve(flag('datasets', '../shared/datasets'));
const dim = Number(flag('dim', '64'));
const keepWords = Number(flag('words', '50000'));
mkdirSync(outDir, { recursive: true });

/** The index's words of a text, sub-word expansions and stop words left out. */
function words(text: string): string[] {
  const out: string[] = [];
  visitTokens(text, (tokens) => {
    if (tokens.length > 0) out.push(tokens[0]!);
  });
  return out;
}

/** One line per paragraph of a text, its words separated by spaces. */
function segmentedLines(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    const list = words(paragraph);
    if (list.length >= 3) lines.push(list.join(' '));
  }
  return lines;
}

async function* newsTexts(): AsyncGenerator<string> {
  const child = spawn('xz', ['-dc', path.join(datasets, 'crud-news.jsonl.xz')], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of readline.createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const item = JSON.parse(line) as { title?: string; text?: string };
    yield [item.title ?? '', item.text ?? ''].join('\n');
  }
}

async function* lawTexts(): AsyncGenerator<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'laws-'));
  try {
    execFileSync('tar', ['-xJf', path.join(datasets, 'laws-zh.tar.xz'), '-C', dir]);
    const files: string[] = [];
    const walk = (at: string) => {
      for (const name of readdirSync(at).sort()) {
        const full = path.join(at, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith('.md') && name !== '_index.md') files.push(full);
      }
    };
    walk(dir);
    for (const file of files) yield readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function segmentCorpus(name: string, file: string): Promise<void> {
  const sources = name === 'both' ? [lawTexts, newsTexts] : name === 'laws' ? [lawTexts] : [newsTexts];
  const out = createWriteStream(file);
  const began = performance.now();
  let texts = 0;
  for (const source of sources) {
    for await (const text of source()) {
      const lines = segmentedLines(text);
      if (lines.length > 0 && !out.write(lines.join('\n') + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      if (++texts % 5000 === 0) console.log(`  ${texts} texts segmented, ${((performance.now() - began) / 1000).toFixed(0)} s`);
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  console.log(`segmented ${texts} texts in ${((performance.now() - began) / 1000).toFixed(0)} s → ${file}`);
}

/**
 * fasttext's text vectors (most frequent first, as it writes them), the first `keep` kept, each
 * normalised to unit length and quantised to int8 with its own scale.
 */
async function writeQuantised(vecFile: string, file: string, keep: number): Promise<void> {
  const kept: string[] = [];
  const scales: number[] = [];
  const values: number[] = [];
  let first = true;
  let size = 0;
  for await (const line of readline.createInterface({ input: createReadStream(vecFile), crlfDelay: Infinity })) {
    if (first) {
      first = false;
      size = Number(line.split(' ')[1]);
      continue;
    }
    if (kept.length >= keep) break;
    const parts = line.trimEnd().split(' ');
    const word = parts[0]!;
    // fasttext's end-of-line token, and anything a line-per-word file cannot hold.
    if (word === '</s>' || !word || /\s/.test(word)) continue;
    const vector = parts.slice(1).map(Number);
    if (vector.length !== size) continue;
    const norm = Math.hypot(...vector) || 1;
    const max = Math.max(...vector.map((v) => Math.abs(v / norm))) || 1;
    kept.push(word);
    scales.push(max / 127);
    for (const v of vector) values.push(Math.round((v / norm / max) * 127));
  }
  const header = Buffer.from(JSON.stringify({ format: 'wv-int8-v1', dim: size, words: kept.length }) + '\n' + kept.join('\n') + '\n');
  const scaleBytes = Buffer.from(new Float32Array(scales).buffer);
  const vectorBytes = Buffer.from(Int8Array.from(values).buffer);
  writeFileSync(file, Buffer.concat([header, scaleBytes, vectorBytes]));
  console.log(`quantised ${kept.length} words × ${size} → ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
}

const textFile = path.join(outDir, `${corpus}.txt`);
const modelBase = path.join(outDir, corpus);
if (!existsSync(textFile)) await segmentCorpus(corpus, textFile);
if (!existsSync(`${modelBase}.vec`)) {
  const began = performance.now();
  execFileSync(
    'fasttext',
    [
      'skipgram', '-input', textFile, '-output', modelBase, '-dim', String(dim),
      '-minCount', flag('min-count', '5'), '-epoch', flag('epoch', '5'), '-thread', flag('threads', '2'),
      '-minn', '0', '-maxn', '0', '-ws', '5', '-neg', '5',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  console.log(`fasttext skipgram trained in ${((performance.now() - began) / 1000).toFixed(0)} s`);
  rmSync(`${modelBase}.bin`, { force: true });
}
await writeQuantised(`${modelBase}.vec`, `${modelBase}.wv`, keepWords);
