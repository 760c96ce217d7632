/**
 * Holds the assistant the server answers with, and swaps in a new one after a re-index: questions
 * in flight finish on the old index; new ones use the new. One re-index at a time.
 */
import { Assistant } from '../answer/assistant.js';
import type { Config } from '../config.js';
import type { BuildSummary } from '../index/build.js';
import { buildIndexInWorker } from '../index/build-in-worker.js';
import { HttpError } from './http-error.js';

export class AssistantHost {
  private running?: Promise<BuildSummary>;

  constructor(
    public current: Assistant,
    private readonly config: Config,
  ) {}

  get reindexing(): boolean {
    return this.running !== undefined;
  }

  /**
   * Brings the index up to date with the corpus folder (incremental) and answers from it. `before`
   * (saving uploads) runs inside the same turn, so no other re-index can start in between.
   */
  reindex(before?: () => Promise<void>): Promise<BuildSummary> {
    if (this.running) throw new HttpError(409, 'REINDEX_RUNNING', 'A re-index is already running. Try again when it has finished.');
    const run = async () => {
      await before?.();
      // In a worker thread: the event loop stays free to answer questions while the corpus is processed.
      const summary = await buildIndexInWorker(this.config);
      this.current = await Assistant.open(this.config);
      return summary;
    };
    this.running = run().finally(() => (this.running = undefined));
    return this.running;
  }
}
