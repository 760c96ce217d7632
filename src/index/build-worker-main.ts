/** Runs the one buildIndex its parent process sends (build-in-worker.ts), posting progress, problems and the result back. */
import { isPolicyQaError } from '../errors.js';
import { buildIndex } from './build.js';
import type { BuildRequest, WorkerMessage } from './build-in-worker.js';

const post = (message: WorkerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

process.once('message', async ({ config, rebuild }: BuildRequest) => {
  try {
    const summary = await buildIndex(config, {
      rebuild,
      onProgress: (progress) => void post({ kind: 'progress', progress }),
      onProblem: (problem) => void post({ kind: 'problem', problem }),
    });
    await post({ kind: 'done', summary });
  } catch (error) {
    await post({ kind: 'failed', code: isPolicyQaError(error) ? error.code : undefined, message: (error as Error)?.message ?? String(error) });
  }
  process.disconnect();
});
