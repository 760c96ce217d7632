/**
 * Opens the assistant for a command, from Postgres when DATABASE_URL is set. A missing index, or
 * one an older version wrote, is built from the corpus first only at the default path (the first
 * run of the quick start, or the first after an upgrade) or when the command names a corpus for
 * it: a mistyped `--index` must say so, not answer from a fresh index of the wrong documents.
 */
import path from 'node:path';
import { Assistant } from '../answer/assistant.js';
import type { AnswererOptions } from '../answer/answerer.js';
import { defaultConfig, type Config } from '../config.js';
import { PolicyQaError } from '../errors.js';
import { buildIndex } from '../index/build.js';
import { ageOf, connect, databaseError, liveGeneration } from '../index/postgres/database.js';
import { publishFolder } from '../index/postgres/publish.js';
import { INDEX_FORMAT_VERSION, indexExists, readManifest } from '../index/store.js';
import { formatProblem, formatSummary } from './format.js';
import { createProgressReporter } from './progress.js';

export interface OpenOptions {
  /** The command was told which corpus to build from (`--corpus`, or CORPUS_DIR), so any index path may be built. */
  corpusGiven?: boolean;
  log?: (line: string) => void;
  /** The reader model to answer with (`npm run train` tries its own). */
  answerer?: AnswererOptions;
}

export async function openAssistant(config: Config, options: OpenOptions = {}): Promise<Assistant> {
  const log = options.log ?? ((line: string) => console.error(line));
  if (!config.databaseUrl) {
    await ensureFilesIndex(config, options, log);
    return Assistant.open(config, options.answerer);
  }
  // With DATABASE_URL, a database that holds no index (or one an older version wrote) gets the
  // index in INDEX_DIR, built first where a missing one would be. One a newer version wrote is
  // left alone (opening it says INDEX_VERSION): versions of a rolling deploy must not take turns.
  const live = await databaseIndexAge(config.databaseUrl);
  if (live === undefined || live === 'older') {
    await ensureFilesIndex(config, options, log);
    log(`${live === undefined ? 'The database holds no index' : 'The database holds an index an older version wrote'}: publishing the one in ${config.indexDir}.`);
    const result = await publishFolder(config.databaseUrl, config.indexDir);
    log(`Published as generation ${result.generation}.`);
  }
  return Assistant.open(config, options.answerer);
}

async function ensureFilesIndex(config: Config, options: OpenOptions, log: (line: string) => void): Promise<void> {
  const exists = indexExists(config.indexDir);
  const format = exists ? await formatOf(config.indexDir) : undefined;
  const outdated = format !== undefined && format !== INDEX_FORMAT_VERSION;
  if (exists && !outdated) return;
  const atDefault = path.resolve(config.indexDir) === path.resolve(defaultConfig.indexDir);
  const corpusGiven = options.corpusGiven || Boolean(process.env.CORPUS_DIR);
  // (An index of an older version elsewhere is refused when it is opened, with the command that rebuilds it.)
  if (!atDefault && !corpusGiven) {
    if (outdated) return;
    throw new PolicyQaError(
      'INDEX_MISSING',
      `No index in ${config.indexDir}. Check the path, or build one there with \`npm run ingest -- --corpus DIR --index ${config.indexDir}\`.`,
    );
  }
  log(outdated ? `The index in ${config.indexDir} was built by an older version: building it again from ${config.corpusDir} first.` : `No index in ${config.indexDir}: building it from ${config.corpusDir} first.`);
  const progress = createProgressReporter();
  try {
    const summary = await buildIndex(config, {
      onProgress: (event) => progress.update(event),
      onProblem: (problem) => progress.log(formatProblem(problem)),
    });
    log(formatSummary(summary));
  } finally {
    progress.stop();
  }
}

/** Whether the database's live index was written by an older version, a newer one or this one; undefined when it holds none. */
async function databaseIndexAge(url: string): Promise<ReturnType<typeof ageOf> | undefined> {
  const pool = connect(url, 1);
  try {
    const live = await liveGeneration(pool);
    return live && ageOf(live.manifest);
  } catch (error) {
    throw databaseError(url, error);
  } finally {
    await pool.end();
  }
}

/** The format an index was written in; undefined when its manifest cannot be read (Assistant.open says why). */
async function formatOf(indexDir: string): Promise<number | undefined> {
  try {
    return (await readManifest(indexDir)).formatVersion;
  } catch {
    return undefined;
  }
}
