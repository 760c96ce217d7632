/**
 * Conversations kept on disk, one JSON file per conversation under DATA_DIR/conversations, so a
 * reload (or a server restart) keeps them. Each turn stores the answer as given and the user's
 * feedback on it. Files are replaced atomically; a broken file is reported, never overwritten.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

export class ConversationStore {
  private readonly dir: string;
  /** Writes to one conversation are queued, so concurrent turns never lose each other. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The conversation list, read from disk once and then kept up to date by every write. */
  private summaries?: Map<string, ConversationSummary>;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'conversations');
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

  async list(): Promise<ConversationSummary[]> {
    if (!this.summaries) {
      const summaries = new Map<string, ConversationSummary>();
      const names = await readdir(this.dir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        // A file that cannot be read is left alone (and out of the list), never overwritten.
        const conversation = await this.get(name.slice(0, -5)).catch(() => undefined);
        if (conversation) summaries.set(conversation.id, summaryOf(conversation));
      }
      this.summaries ??= summaries;
    }
    return [...this.summaries.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Appends a turn; returns its 0-based index. */
  addTurn(id: string, question: string, answer: Answer): Promise<number> {
    return this.update(id, (conversation) => {
      if (conversation.turns.length >= MAX_TURNS) throw new ConversationFullError(id);
      const now = new Date().toISOString();
      conversation.turns.push({ question, answer, askedAt: now });
      conversation.updatedAt = now;
      return conversation.turns.length - 1;
    }, question);
  }

  /** Records thumbs up/down on a turn; false when there is no such turn. */
  setFeedback(id: string, turn: number, feedback: Omit<Feedback, 'at'>): Promise<boolean> {
    return this.update(id, (conversation) => {
      const stored = conversation.turns[turn];
      if (!stored) return false;
      stored.feedback = { ...feedback, at: new Date().toISOString() };
      return true;
    });
  }

  private update<T>(id: string, change: (conversation: StoredConversation) => T, firstQuestion?: string): Promise<T> {
    const run = async () => {
      let conversation = await this.get(id);
      if (!conversation) {
        if (firstQuestion === undefined) return change({ id, title: '', createdAt: '', updatedAt: '', turns: [] });
        const now = new Date().toISOString();
        conversation = { id, title: firstQuestion.slice(0, TITLE_CHARS), createdAt: now, updatedAt: now, turns: [] };
      }
      const result = change(conversation);
      await mkdir(this.dir, { recursive: true });
      const temporary = `${this.file(id)}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(conversation));
      await rename(temporary, this.file(id));
      this.summaries?.set(id, summaryOf(conversation));
      return result;
    };
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
