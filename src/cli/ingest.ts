/**
 * `npm run ingest -- [--corpus DIR] [--index DIR] [--rebuild] [--json]`
 * Builds or incrementally updates the index, with a progress bar and a one-line summary.
 */
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { buildIndex, type BuildProgress, type BuildSummary } from '../index/build.js';
import type { IngestProblem } from '../types.js';
import { createProgressReporter } from './progress.js';
import { runCommand } from './run.js';

export function formatProblem(problem: IngestProblem): string {
  const where = problem.line !== undefined ? `${problem.sourceFile}:${problem.line}` : problem.sourceFile;
  return `warning [${problem.code}] ${where}: ${problem.message}`;
}

export function formatSummary(summary: BuildSummary): string {
  const { files } = summary;
  const fileParts = [`${files.added} added`, `${files.changed} changed`, `${files.removed} removed`, `${files.unchanged} unchanged`];
  if (files.failed) fileParts.push(`${files.failed} failed`);
  return (
    `Indexed ${summary.documents} documents, ${summary.chunks} chunks, ${summary.figures} figures ` +
    `from ${files.total} files (${fileParts.join(', ')}) in ${summary.seconds.toFixed(1)} s, ` +
    `${summary.megabytesPerSecond.toFixed(2)} MB/s → ${summary.indexDir}`
  );
}

const program = new Command()
  .name('ingest')
  .description('Build or update the search index from a folder of policy documents.')
  .option('--corpus <dir>', 'corpus folder (default: $CORPUS_DIR or corpus/)')
  .option('--index <dir>', 'index folder (default: $INDEX_DIR or data/index/)')
  .option('--rebuild', 'ignore the existing index and build from scratch')
  .option('--json', 'print the summary as JSON')
  .action(async (flags: { corpus?: string; index?: string; rebuild?: boolean; json?: boolean }) => {
    const config = loadConfig({ corpusDir: flags.corpus, indexDir: flags.index });
    const progress = flags.json ? undefined : createProgressReporter();
    const summary = await buildIndex(config, {
      rebuild: flags.rebuild,
      onProgress: (event: BuildProgress) => progress?.update(event),
      onProblem: (problem) => (progress ? progress.log(formatProblem(problem)) : undefined),
    });
    progress?.stop();
    if (flags.json) {
      console.log(JSON.stringify(summary, null, 2));
      return;
    }
    if (summary.rebuildReason) console.log(`Rebuilt the whole index: ${summary.rebuildReason}.`);
    console.log(formatSummary(summary));
  });

await runCommand(() => program.parseAsync().then(() => undefined));
