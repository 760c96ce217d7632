/**
 * buildIndex in a worker thread: the server re-indexes without its event loop stalling for the
 * seconds that segmenting, embedding and saving a large corpus take, so questions keep being
 * answered meanwhile. Same result as buildIndex, same lock.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { PolicyQaError, type ErrorCode } from '../errors.js';
import type { IngestProblem } from '../types.js';
import type { BuildOptions, BuildProgress, BuildSummary } from './build.js';

export type WorkerMessage =
  | { kind: 'progress'; progress: BuildProgress }
  | { kind: 'problem'; problem: IngestProblem }
  | { kind: 'done'; summary: BuildSummary }
  | { kind: 'failed'; code?: ErrorCode; message: string };

export function buildIndexInWorker(config: Config, options: Omit<BuildOptions, 'embedder'> = {}): Promise<BuildSummary> {
  return new Promise((resolve, reject) => {
    const entry = new URL('./build-worker-main.ts', import.meta.url).href;
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { entry, config, rebuild: options.rebuild ?? false } });
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') options.onProgress?.(message.progress);
      else if (message.kind === 'problem') options.onProblem?.(message.problem);
      else {
        settled = true;
        if (message.kind === 'done') resolve(message.summary);
        else reject(message.code ? new PolicyQaError(message.code, message.message) : new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The index build stopped unexpectedly (worker exit code ${code}).`));
    });
  });
}
