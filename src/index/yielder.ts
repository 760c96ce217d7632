/**
 * Long loops over a corpus call the function this returns once per item: it lets the event loop
 * run (timers, requests) whenever `maxBlockMs` have passed since it last did, so a server that
 * re-indexes or loads a large index keeps answering. A timer, not setImmediate: it waits for a whole
 * turn of the loop, timers and I/O included. Costs a clock read per call otherwise.
 */
export function eventLoopYielder(maxBlockMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < maxBlockMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = performance.now();
  };
}
