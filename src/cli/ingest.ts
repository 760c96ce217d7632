/**
 * `npm run ingest -- [--corpus DIR] [--index DIR] [--rebuild] [--json]`
 * Builds or incrementally updates the index, with a progress bar and a one-line summary.
 */
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { buildIndex, type BuildProgress } from '../index/build.js';
import { describeUrl } from '../index/postgres/database.js';
import { publishFolder, type PublishResult } from '../index/postgres/publish.js';
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
    if (!flags.json) {
      if (summary.rebuildReason) console.log(`Rebuilt the whole index: ${summary.rebuildReason}.`);
      console.log(formatSummary(summary));
    }
    const published = config.databaseUrl ? await publish(config.databaseUrl, config.indexDir, !flags.json) : undefined;
    if (flags.json) console.log(JSON.stringify(published ? { ...summary, published } : summary, null, 2));
  });

/** DATABASE_URL set: the index just built goes to Postgres as its new live generation. */
async function publish(url: string, indexDir: string, verbose: boolean): Promise<PublishResult> {
  const began = performance.now();
  if (verbose) console.log(`Publishing the index to ${describeUrl(url)} …`);
  const result = await publishFolder(url, indexDir, ({ table, rows }) => {
    if (verbose && process.stderr.isTTY) process.stderr.write(`\r\x1b[K  ${table}: ${rows} rows`);
  });
  if (verbose && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  if (verbose && result.unchanged) console.log(`The database already serves this index (generation ${result.generation}): nothing to publish.`);
  else if (verbose) console.log(`Published as generation ${result.generation} in ${((performance.now() - began) / 1000).toFixed(1)} s; questions now use it.`);
  return result;
}

await runCommand(() => program.parseAsync().then(() => undefined));
