/** Opens the assistant for a command, building the index from the corpus first when there is none. */
import { Assistant } from '../answer/assistant.js';
import type { Config } from '../config.js';
import { buildIndex } from '../index/build.js';
import { indexExists } from '../index/store.js';
import { formatProblem, formatSummary } from './format.js';
import { createProgressReporter } from './progress.js';

export async function openAssistant(config: Config, log: (line: string) => void = (line) => console.error(line)): Promise<Assistant> {
  if (!indexExists(config.indexDir)) {
    log(`No index in ${config.indexDir}: building it from ${config.corpusDir} first.`);
    const progress = createProgressReporter();
    const summary = await buildIndex(config, {
      onProgress: (event) => progress.update(event),
      onProblem: (problem) => progress.log(formatProblem(problem)),
    });
    progress.stop();
    log(formatSummary(summary));
  }
  return Assistant.open(config);
}
