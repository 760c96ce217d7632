/** A worker of the analysis pool: analyses batches of corpus texts and posts them back in a compact form. */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeSources, type Counting } from './analyze.js';
import { packSource, SEPARATOR, type AnalyzeOptions, type AnalyzeRequest, type AnalyzeResponse } from './analyze-pool.js';
import { TermCounter } from './term-counter.js';

const { options } = workerData as { options: AnalyzeOptions };
const counting: Counting = { counter: new TermCounter(), tokens: options.tokens };
/** The terms numbered while answering a request, failed or not: the main thread must learn every one, in order. */
const fresh = (): Pick<AnalyzeResponse, 'terms' | 'termCount'> => {
  const terms = counting.counter.takeFresh();
  return { terms: terms.join(SEPARATOR), termCount: terms.length };
};
parentPort!.on('message', ({ id, sources }: AnalyzeRequest) => {
  let response: AnalyzeResponse;
  try {
    const analyses = analyzeSources(sources, options.chunking, counting).map(packSource);
    response = { id, analyses, ...fresh() };
  } catch (error) {
    response = { id, error: (error as Error)?.message ?? String(error), ...fresh() };
  }
  parentPort!.postMessage(response);
});
