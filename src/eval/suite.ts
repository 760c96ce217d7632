/**
 * Eval suites: several (corpus, index, datasets) pairs run by one command, one table per corpus.
 *
 *   { "suites": [ { "name": "laws", "corpus": "../shared/datasets/laws-zh.tar.xz",
 *                   "index": "data/eval/laws", "datasets": ["../shared/datasets/dev/laws-dev.jsonl"],
 *                   "sample": 400 } ] }
 *
 * Paths are relative to the suite file. A corpus may be a folder, a `.jsonl.xz` or a `.tar.xz`
 * archive: archives are unpacked once (system xz/tar) into `data/corpora/<name>/` and reused.
 * A missing index is built from the corpus first.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { PolicyQaError } from '../errors.js';
import { readDataset, type EvalItem } from './dataset.js';
import { partOf, sample, type Part } from './split.js';

const suiteSchema = z.object({
  name: z.string().regex(/^[\w-]+$/),
  corpus: z.string(),
  index: z.string(),
  datasets: z.array(z.string()).min(1),
  /** Items per dataset at most (the same ones every run); default all. */
  sample: z.number().int().positive().optional(),
});

export type Suite = z.infer<typeof suiteSchema>;

export async function readSuites(file: string): Promise<Suite[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: cannot read the suite file ${file} (${(cause as Error).message}).`, { cause });
  }
  const result = z.object({ suites: z.array(suiteSchema).min(1) }).safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: ${file}: field "${issue.path.join('.')}": ${issue.message}.`);
  }
  const base = path.dirname(file);
  return result.data.suites.map((suite) => ({
    ...suite,
    corpus: path.resolve(base, suite.corpus),
    index: path.resolve(base, suite.index),
    datasets: suite.datasets.map((dataset) => path.resolve(base, dataset)),
  }));
}

/** The corpus folder of a suite, unpacking an archive into `cacheDir/<name>` the first time. */
export async function corpusFolder(suite: Suite, cacheDir: string): Promise<string> {
  if (!/\.(tar\.xz|jsonl\.xz)$/.test(suite.corpus)) return suite.corpus;
  const target = path.join(cacheDir, suite.name);
  if (existsSync(target)) return target;
  if (!existsSync(suite.corpus)) throw new PolicyQaError('CORPUS_MISSING', `Corpus archive ${suite.corpus} does not exist.`);
  const staging = `${target}.unpacking-${process.pid}`;
  await mkdir(staging, { recursive: true });
  const run = promisify(execFile);
  if (suite.corpus.endsWith('.tar.xz')) await run('tar', ['-xJf', suite.corpus, '-C', staging]);
  else await run('sh', ['-c', 'xz -dc "$1" > "$2"', 'unxz', suite.corpus, path.join(staging, path.basename(suite.corpus, '.xz'))]);
  await rename(staging, target).catch(async (error) => {
    await rm(staging, { recursive: true, force: true });
    throw error;
  });
  return target;
}

/**
 * A suite's answerable items of one part ('tuning', 'validation' or 'all'), at most `sampleSize`
 * per dataset: the same ones every run.
 */
export async function answerableItems(suite: Suite, part: Part | 'all', sampleSize?: number): Promise<EvalItem[]> {
  const items: EvalItem[] = [];
  for (const dataset of suite.datasets) {
    const list = (await readDataset(dataset)).filter((item) => item.answers.length > 0 && (part === 'all' || partOf(item.id) === part));
    items.push(...(sampleSize ? sample(list, sampleSize) : list));
  }
  return items;
}
