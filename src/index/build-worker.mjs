// Entry of the worker thread that builds an index (see build-in-worker.ts): TypeScript is
// compiled on the fly by tsx, as in every other entry point of the project.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker-main.ts');
