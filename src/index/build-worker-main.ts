/** Runs one buildIndex in a worker thread and posts its progress, problems and result back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { isPolicyQaError } from '../errors.js';
import { buildIndex } from './build.js';
import type { WorkerMessage } from './build-in-worker.js';

const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const { config, rebuild } = workerData as { config: Config; rebuild: boolean };
try {
  const summary = await buildIndex(config, {
    rebuild,
    onProgress: (progress) => post({ kind: 'progress', progress }),
    onProblem: (problem) => post({ kind: 'problem', problem }),
  });
  post({ kind: 'done', summary });
} catch (error) {
  post({ kind: 'failed', code: isPolicyQaError(error) ? error.code : undefined, message: (error as Error)?.message ?? String(error) });
}
