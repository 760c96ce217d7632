/** A real app on a random port over a copy of the seed corpus, for API and browser tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Assistant } from '../../src/answer/assistant.js';
import { loadConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { createApp } from '../../src/server/app.js';
import { conversationStoreFor } from '../../src/server/postgres-conversations.js';
import { AssistantHost } from '../../src/server/host.js';
import { seedDir } from '../seeds.js';

export interface RunningApp {
  url: string;
  config: Config;
  host: AssistantHost;
  logged: string[];
  close: () => Promise<void>;
}

/** Builds the seed index once per work folder; each app gets its own settings and data folder. */
export class Harness {
  readonly work = mkdtempSync(path.join(tmpdir(), 'policy-server-'));
  readonly corpusDir = path.join(this.work, 'corpus');
  readonly indexDir = path.join(this.work, 'index');
  private apps = 0;

  /** Copies the seeds (and any extra files: name → text) into the corpus and indexes it. */
  async build(extraFiles: Record<string, string> = {}): Promise<void> {
    cpSync(seedDir, this.corpusDir, { recursive: true });
    for (const [name, text] of Object.entries(extraFiles)) writeFileSync(path.join(this.corpusDir, name), text);
    await buildIndex(loadConfig({ corpusDir: this.corpusDir, indexDir: this.indexDir }, {}));
  }

  async start(env: Record<string, string> = {}): Promise<RunningApp> {
    const config = loadConfig(
      { corpusDir: this.corpusDir, indexDir: this.indexDir },
      { DATA_DIR: path.join(this.work, `data-${++this.apps}`), RATE_LIMIT_PER_MINUTE: '1000', ...env },
    );
    const host = new AssistantHost(await Assistant.open(config), config);
    const logged: string[] = [];
    const app = createApp({ config, host, store: conversationStoreFor(config), log: (line) => logged.push(line) });
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      url,
      config,
      host,
      logged,
      close: () => new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  }

  cleanup(): void {
    rmSync(this.work, { recursive: true, force: true });
  }
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Splits an SSE body into events (data parsed as JSON) and counts heartbeat comments. */
export function parseSse(body: string): { events: SseEvent[]; heartbeats: number } {
  const events: SseEvent[] = [];
  let heartbeats = 0;
  for (const block of body.split('\n\n')) {
    if (block.startsWith(': heartbeat')) heartbeats++;
    const event = /^event: (.+)$/m.exec(block)?.[1];
    const data = /^data: (.+)$/m.exec(block)?.[1];
    if (event && data) events.push({ event, data: JSON.parse(data) });
  }
  return { events, heartbeats };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const root = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
}

/** Starts src/server/main.ts the way `npm start` does, in `cwd` with `env` added, and waits for its "listening" line. */
export async function startServerProcess(cwd: string, env: Record<string, string>): Promise<ServerProcess> {
  // tsx resolved from here: the server runs in the work folder, away from this checkout's .env.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/server/main.ts')], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('http://localhost')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code}:\n${output}`)));
  });
  return { child, output: () => output };
}
