// Entry of the index build's worker process (build-in-worker.ts): TypeScript is compiled on the fly
// by tsx, as in every other entry point, then build-worker-main.ts runs the build it is sent.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker-main.ts');
