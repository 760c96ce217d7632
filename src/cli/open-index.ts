/**
 * Opens the assistant for a command. A missing index is built from the corpus first only at the
 * default path (the first run of the quick start) or when the command names a corpus for it: a
 * mistyped `--index` must say so, not answer from a fresh index of the wrong documents.
 */
import path from 'node:path';
import { Assistant } from '../answer/assistant.js';
import type { AnswererOptions } from '../answer/answerer.js';
import { defaultConfig, type Config } from '../config.js';
import { PolicyQaError } from '../errors.js';
import { buildIndex } from '../index/build.js';
import { indexExists } from '../index/store.js';
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
  if (!indexExists(config.indexDir)) {
    const atDefault = path.resolve(config.indexDir) === path.resolve(defaultConfig.indexDir);
    const corpusGiven = options.corpusGiven || Boolean(process.env.CORPUS_DIR);
    if (!atDefault && !corpusGiven) {
      throw new PolicyQaError(
        'INDEX_MISSING',
        `No index in ${config.indexDir}. Check the path, or build one there with \`npm run ingest -- --corpus DIR --index ${config.indexDir}\`.`,
      );
    }
    log(`No index in ${config.indexDir}: building it from ${config.corpusDir} first.`);
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
  return Assistant.open(config, options.answerer);
}
