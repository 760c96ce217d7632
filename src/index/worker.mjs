// Entry of every analysis worker thread of the index build (analyze-pool.ts): TypeScript
// is compiled on the fly by tsx, as in every other entry point, then the module named in
// workerData.entry runs.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
