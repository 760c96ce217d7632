/** A worker of the analysis pool: analyses batches of corpus texts and posts them back in a compact form. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ChunkingConfig } from '../config.js';
import { analyzeSource } from './analyze.js';
import { packSource, type AnalyzeRequest } from './analyze-pool.js';

const { chunking } = workerData as { chunking: ChunkingConfig };
parentPort!.on('message', ({ id, sources }: AnalyzeRequest) => {
  try {
    parentPort!.postMessage({ id, analyses: sources.map((source) => packSource(analyzeSource(source, chunking))) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error)?.message ?? String(error) });
  }
});
