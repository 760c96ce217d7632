/**
 * Conversations kept on disk, one JSON file per conversation under DATA_DIR/conversations, so a
 * reload (or a server restart) keeps them. Each turn stores the answer as given and the user's
 * feedback on it. Files are replaced atomically; a broken file is reported, never overwritten.
 *
 * The list the web app shows is a summary per conversation, read from the files once (at start)
 * and kept in order by every write, so listing a page costs the same with 30 or 30 000 files.
 * Retention (most conversations, most days since the last turn) deletes the least recently
 * updated first, at start and after each save.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultConfig } from '../config.js';
import type { Answer } from '../types.js';

export interface Feedback {
  rating: 'up' | 'down';
  comment?: string;
  at: string;
}

export interface StoredTurn {
  question: string;
  answer: Answer;
  askedAt: string;
  feedback?: Feedback;
}

export interface StoredConversation {
  id: string;
  /** The first question, shortened: what the conversation list shows. */
  title: string;
  createdAt: string;
  updatedAt: string;
  turns: StoredTurn[];
}

export type ConversationSummary = Pick<StoredConversation, 'id' | 'title' | 'createdAt' | 'updatedAt'> & { turns: number };

/** Ids are generated here or supplied by clients; only this shape ever becomes a file name. */
export const conversationId = /^[A-Za-z0-9_-]{1,64}$/;

const TITLE_CHARS = 40;
/** Turns kept in one conversation; a longer one is refused rather than rewritten forever. */
export const MAX_TURNS = 500;

export class ConversationFullError extends Error {
  constructor(id: string) {
    super(`Conversation ${id} has ${MAX_TURNS} turns, the most one can hold. Start a new conversation.`);
    this.name = 'ConversationFullError';
  }
}

function summaryOf({ id, title, createdAt, updatedAt, turns }: StoredConversation): ConversationSummary {
  return { id, title, createdAt, updatedAt, turns: turns.length };
}

export interface Retention {
  /** Most conversations kept. */
  maxCount: number;
  /** Days a conversation is kept after its last turn. */
  maxAgeDays: number;
  /** The clock, for tests. Default Date.now. */
  now?: () => number;
}

const DAY_MS = 86_400_000;
/** Files read at once while the list is built: enough to keep the disk busy, few enough file handles. */
const READ_CONCURRENCY = 16;

/** Where a page ends: the last conversation listed, as its (updatedAt, id). */
export interface ListCursor {
  updatedAt: string;
  id: string;
}

export interface ConversationPage {
  conversations: ConversationSummary[];
  /** Conversations kept in all. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Newest first; equal times by id, so every conversation has one place and cursors never skip. */
function newestFirst(a: ListCursor, b: ListCursor): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** Cursors are opaque to clients: the last listed conversation's time and id, base64url. */
export function encodeCursor({ updatedAt, id }: ListCursor): string {
  return Buffer.from(`${updatedAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): ListCursor | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const cut = text.lastIndexOf('|');
  const updatedAt = text.slice(0, cut);
  const id = text.slice(cut + 1);
  return cut > 0 && updatedAt.length <= 40 && conversationId.test(id) ? { updatedAt, id } : undefined;
}

/** The first index in `ordered` (sorted newest first) that comes after `key`. */
function indexAfter(ordered: ListCursor[], key: ListCursor): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (newestFirst(ordered[middle]!, key) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A parsed file that looks like a stored conversation (a hand-edited or truncated one may not). */
function isConversation(value: unknown): value is StoredConversation {
  const c = value as Partial<StoredConversation> | null;
  return typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.updatedAt === 'string' && Array.isArray(c.turns);
}

/**
 * Where the server keeps conversations: in files here (one server), or in Postgres with
 * DATABASE_URL (postgres-conversations.ts), so that several servers share them.
 */
export interface ConversationStore {
  newId(): string;
  get(id: string): Promise<StoredConversation | undefined>;
  /** Gets ready (reads the list, applies retention); the server calls it before its first request. */
  load(): Promise<void>;
  list(options?: { limit?: number; cursor?: ListCursor }): Promise<ConversationPage>;
  /** Appends a turn; returns its 0-based index. ConversationFullError past MAX_TURNS. */
  addTurn(id: string, question: string, answer: Answer): Promise<number>;
  /** Records thumbs up/down on a turn; false when there is no such turn. */
  setFeedback(id: string, turn: number, feedback: Omit<Feedback, 'at'>): Promise<boolean>;
  /** Lets go of connections, where there are any. */
  close?(): Promise<void>;
}

export function titleOf(question: string): string {
  return question.slice(0, TITLE_CHARS);
}

export class FileConversationStore implements ConversationStore {
  private readonly dir: string;
  private readonly maxCount: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** Writes to one conversation are queued, so concurrent turns never lose each other. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Summaries by id, and the same summaries newest first; both kept up to date by every write. */
  private readonly summaries = new Map<string, ConversationSummary>();
  private ordered: ConversationSummary[] = [];
  private loading?: Promise<void>;

  constructor(
    dataDir: string,
    retention: Retention = { maxCount: defaultConfig.server.conversationsMaxCount, maxAgeDays: defaultConfig.server.conversationsMaxAgeDays },
  ) {
    this.dir = path.join(dataDir, 'conversations');
    this.maxCount = retention.maxCount;
    this.maxAgeMs = retention.maxAgeDays * DAY_MS;
    this.now = retention.now ?? Date.now;
  }

  newId(): string {
    return randomUUID();
  }

  private file(id: string): string {
    if (!conversationId.test(id)) throw new Error(`invalid conversation id ${id}`);
    return path.join(this.dir, `${id}.json`);
  }

  async get(id: string): Promise<StoredConversation | undefined> {
    if (!conversationId.test(id)) return undefined;
    const text = await readFile(this.file(id), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return text === undefined ? undefined : (JSON.parse(text) as StoredConversation);
  }

  /**
   * Reads every stored conversation's summary once and applies retention; later calls wait for the
   * same reading. The server calls it at start; listing and saving call it too.
   */
  load(): Promise<void> {
    this.loading ??= this.readAll();
    return this.loading;
  }

  private async readAll(): Promise<void> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
    let next = 0;
    const reader = async () => {
      while (next < names.length) {
        const id = names[next++]!.slice(0, -5);
        // A file that cannot be read is left alone (and out of the list), never overwritten.
        const conversation = await this.get(id).catch(() => undefined);
        if (isConversation(conversation) && conversation.id === id) this.summaries.set(id, summaryOf(conversation));
      }
    };
    await Promise.all(Array.from({ length: READ_CONCURRENCY }, reader));
    this.ordered = [...this.summaries.values()].sort(newestFirst);
    await this.prune();
  }

  /** One page of the list, newest first, starting after `cursor` (from the page before). */
  async list({ limit = 50, cursor }: { limit?: number; cursor?: ListCursor } = {}): Promise<ConversationPage> {
    await this.load();
    const start = cursor ? indexAfter(this.ordered, cursor) : 0;
    const conversations = this.ordered.slice(start, start + limit);
    const last = conversations.at(-1);
    const nextCursor = last && start + limit < this.ordered.length ? encodeCursor(last) : null;
    return { conversations, total: this.ordered.length, nextCursor };
  }

  async addTurn(id: string, question: string, answer: Answer): Promise<number> {
    const turn = await this.update(id, (conversation) => {
      if (conversation.turns.length >= MAX_TURNS) throw new ConversationFullError(id);
      const now = new Date(this.now()).toISOString();
      conversation.turns.push({ question, answer, askedAt: now });
      conversation.updatedAt = now;
      return conversation.turns.length - 1;
    }, question);
    // Outside this conversation's queue: pruning queues deletions of others.
    await this.prune();
    return turn;
  }

  setFeedback(id: string, turn: number, feedback: Omit<Feedback, 'at'>): Promise<boolean> {
    return this.update(id, (conversation) => {
      const stored = conversation.turns[turn];
      if (!stored) return false;
      stored.feedback = { ...feedback, at: new Date(this.now()).toISOString() };
      return true;
    });
  }

  /** Puts a summary in its place in the list (a new turn moves its conversation to the top). */
  private place(summary: ConversationSummary): void {
    if (this.summaries.has(summary.id)) this.ordered.splice(this.ordered.findIndex((s) => s.id === summary.id), 1);
    this.summaries.set(summary.id, summary);
    this.ordered.splice(indexAfter(this.ordered, summary), 0, summary);
  }

  /**
   * Drops the least recently updated conversations beyond the count and those past the age, from
   * the list at once and from disk through each one's queue. The list is newest first, so what goes
   * is its tail: the usual save looks at one entry.
   */
  private async prune(): Promise<void> {
    const cutoff = new Date(this.now() - this.maxAgeMs).toISOString();
    let keep = Math.min(this.ordered.length, this.maxCount);
    while (keep > 0 && this.ordered[keep - 1]!.updatedAt < cutoff) keep--;
    if (keep === this.ordered.length) return;
    const doomed = this.ordered.splice(keep);
    for (const { id } of doomed) this.summaries.delete(id);
    await Promise.all(doomed.map(({ id }) => this.enqueue(id, () => this.remove(id))));
  }

  private async remove(id: string): Promise<void> {
    // A turn queued before this deletion has brought the conversation back: it stays.
    if (this.summaries.has(id)) return;
    // A file that cannot be deleted now is pruned again at the next start.
    await unlink(this.file(id)).catch(() => undefined);
  }

  private async update<T>(id: string, change: (conversation: StoredConversation) => T, firstQuestion?: string): Promise<T> {
    // The list is read before any write is queued, so none lands between reading and listing. (Not
    // inside the queue: reading the list queues deletions, which would wait on this write.)
    await this.load();
    return this.enqueue(id, async () => {
      let conversation = await this.get(id);
      if (!conversation) {
        if (firstQuestion === undefined) return change({ id, title: '', createdAt: '', updatedAt: '', turns: [] });
        const now = new Date(this.now()).toISOString();
        conversation = { id, title: titleOf(firstQuestion), createdAt: now, updatedAt: now, turns: [] };
      }
      const result = change(conversation);
      await mkdir(this.dir, { recursive: true });
      const temporary = `${this.file(id)}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(conversation));
      await rename(temporary, this.file(id));
      this.place(summaryOf(conversation));
      return result;
    });
  }

  /** Runs `run` after everything already queued for this conversation. */
  private enqueue<T>(id: string, run: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(run, run);
    const settled = next.catch(() => undefined);
    this.queues.set(id, settled);
    // The queue entry goes once nothing more is waiting on this conversation.
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return next;
  }
}
