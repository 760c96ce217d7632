/**
 * buildIndex in a worker process: the server re-indexes without its event loop stalling for the
 * seconds that segmenting, embedding and saving a large corpus take, so questions keep being
 * answered meanwhile. Same result as buildIndex, same lock. A process, not a thread: nodejieba
 * never frees the dictionaries a thread loads (about 250 MB per thread), so every re-index in a
 * thread of the server, with its analysis threads, would keep half a gigabyte for good; a process
 * gives all of it back when it ends.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { PolicyQaError, type ErrorCode } from '../errors.js';
import type { IngestProblem } from '../types.js';
import type { BuildOptions, BuildProgress, BuildSummary } from './build.js';

export type WorkerMessage =
  | { kind: 'progress'; progress: BuildProgress }
  | { kind: 'problem'; problem: IngestProblem }
  | { kind: 'done'; summary: BuildSummary }
  | { kind: 'failed'; code?: ErrorCode; message: string };

/** What the worker process is sent: the build to run. */
export interface BuildRequest {
  config: Config;
  rebuild: boolean;
}

export function buildIndexInWorker(config: Config, options: Omit<BuildOptions, 'embedder'> = {}): Promise<BuildSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./build-process.mjs', import.meta.url)), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') options.onProgress?.(message.progress);
      else if (message.kind === 'problem') options.onProblem?.(message.problem);
      else {
        settled = true;
        if (message.kind === 'done') resolve(message.summary);
        else reject(message.code ? new PolicyQaError(message.code, message.message) : new Error(message.message));
      }
    });
    child.on('error', (error) => {
      settled = true;
      reject(error);
    });
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`The index build stopped unexpectedly (worker process ${signal ? `killed by ${signal}` : `exit code ${code}`}).`));
    });
    child.send({ config, rebuild: options.rebuild ?? false } satisfies BuildRequest);
  });
}
