/**
 * `npm run ingest -- [--corpus DIR] [--index DIR] [--rebuild] [--json]`
 * Builds or incrementally updates the index, with a progress bar and a one-line summary.
 */
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { buildIndex, type BuildProgress } from '../index/build.js';
import { formatProblem, formatSummary } from './format.js';
import { createProgressReporter } from './progress.js';
import { runCommand } from './run.js';

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
