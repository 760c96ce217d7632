/**
 * Holds the assistant the server answers with, and swaps in a new one after a re-index: questions
 * in flight finish on the old index; new ones use the new. One re-index at a time; its progress and
 * the last run's summary are kept for GET /api/admin/status.
 */
import { Assistant } from '../answer/assistant.js';
import type { Config } from '../config.js';
import type { BuildPhase, BuildProgress, BuildSummary } from '../index/build.js';
import { buildIndexInWorker } from '../index/build-in-worker.js';
import { isPolicyQaError } from '../errors.js';
import { connect, liveGeneration } from '../index/postgres/database.js';
import { publishFolder } from '../index/postgres/publish.js';
import type { IngestProblem } from '../types.js';
import { HttpError } from './http-error.js';

/** How often a server on Postgres looks for an index another one published. */
const FOLLOW_INTERVAL_MS = 10_000;
/** How long a replaced assistant keeps its connections for the questions it is still answering. */
const RETIRE_AFTER_MS = 60_000;

/** Builds the index (buildIndexInWorker; tests inject a fake that reports progress on cue). */
export type IndexBuilder = typeof buildIndexInWorker;

/** The re-index as the admin page sees it: the run in progress, if any, and how the last one ended. */
export interface ReindexState {
  running: boolean;
  /** Of the run in progress: what it does now and how far it got. */
  phase?: BuildPhase;
  done?: number;
  total?: number;
  unit?: BuildProgress['unit'];
  file?: string;
  /** ISO time the run in progress (or else the last run) started. */
  startedAt?: string;
  /** Problems the run in progress has met so far. */
  problems: IngestProblem[];
  /** The last run that finished. */
  lastSummary?: Pick<BuildSummary, 'files' | 'documents' | 'chunks' | 'figures' | 'seconds' | 'problems'> & { finishedAt: string };
  /** The last run that failed, when it failed after the last summary. */
  lastError?: { code: string; message: string; finishedAt: string };
}

export class AssistantHost {
  private running?: Promise<BuildSummary>;
  private state: ReindexState = { running: false, problems: [] };

  constructor(
    public current: Assistant,
    private readonly config: Config,
    private readonly build: IndexBuilder = buildIndexInWorker,
  ) {}

  /**
   * With DATABASE_URL: every `intervalMs`, looks at which index the database serves, and swaps it in
   * when another server (or `npm run ingest`) has published a new one. Returns the stop function.
   */
  followDatabase(intervalMs = FOLLOW_INTERVAL_MS): () => void {
    const url = this.config.databaseUrl;
    if (!url) return () => undefined;
    const pool = connect(url, 1);
    let checking = false;
    const check = async () => {
      if (checking || this.running) return;
      checking = true;
      try {
        const live = await liveGeneration(pool);
        const serving = () => this.current.index.generation ?? 0;
        if (live && live.id > serving()) {
          const next = await Assistant.open(this.config);
          // Only forward: a re-index of this server's own may have swapped in a newer one meanwhile.
          if (this.running || (next.index.generation ?? 0) <= serving()) await next.close();
          else this.swap(next);
        }
      } catch (error) {
        // The database is away for a moment: the index in memory still answers; the next check retries.
        console.error(`Could not check the database for a new index: ${(error as Error).message}`);
      } finally {
        checking = false;
      }
    };
    const timer = setInterval(() => void check(), intervalMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      pool.end().catch(() => undefined);
    };
  }

  /** Answers from `next` from now on; the assistant before finishes the questions it has, then closes. */
  private swap(next: Assistant): void {
    const previous = this.current;
    this.current = next;
    this.current.answerer.warmUp();
    if (previous !== next) setTimeout(() => void previous.close().catch(() => undefined), RETIRE_AFTER_MS).unref();
  }

  get reindexing(): boolean {
    return this.running !== undefined;
  }

  /** A copy of the re-index state, safe to send. */
  get reindexState(): ReindexState {
    return { ...this.state, problems: [...this.state.problems] };
  }

  /**
   * Brings the index up to date with the corpus folder (incremental) and answers from it. `before`
   * (saving uploads) runs inside the same turn, so no other re-index can start in between.
   */
  reindex(before?: () => Promise<void>): Promise<BuildSummary> {
    if (this.running) throw new HttpError(409, 'REINDEX_RUNNING', 'A re-index is already running. Try again when it has finished.');
    const { lastSummary, lastError } = this.state;
    this.state = { running: true, startedAt: new Date().toISOString(), problems: [], ...(lastSummary ? { lastSummary } : {}), ...(lastError ? { lastError } : {}) };
    const onProgress = ({ phase, done, total, unit, file }: BuildProgress) => {
      const { file: _previous, ...rest } = this.state;
      this.state = { ...rest, phase, done, total, unit, ...(file ? { file } : {}) };
    };
    const onProblem = (problem: IngestProblem) => this.state.problems.push(problem);
    const run = async () => {
      await before?.();
      // In a worker process: the event loop stays free to answer questions while the corpus is processed.
      const summary = await this.build(this.config, { onProgress, onProblem });
      if (this.config.databaseUrl) await publishFolder(this.config.databaseUrl, this.config.indexDir);
      this.swap(await Assistant.open(this.config));
      return summary;
    };
    this.running = run()
      .then((summary) => {
        const { files, documents, chunks, figures, seconds, problems } = summary;
        this.state = { running: false, startedAt: this.state.startedAt!, problems: [], lastSummary: { files, documents, chunks, figures, seconds, problems, finishedAt: new Date().toISOString() } };
        return summary;
      })
      .catch((error: unknown) => {
        // Coded errors say what to fix; anything else stays in the server log.
        const coded = error instanceof HttpError || isPolicyQaError(error);
        const code = coded ? error.code : 'INTERNAL';
        const message = coded ? error.message : 'The re-index failed. The details are in the server log.';
        const { lastSummary } = this.state;
        this.state = { running: false, startedAt: this.state.startedAt!, problems: [], ...(lastSummary ? { lastSummary } : {}), lastError: { code, message, finishedAt: new Date().toISOString() } };
        throw error;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
