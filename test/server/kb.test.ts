/**
 * The knowledge-base API: documents with their chunk counts, one document with its chunks a page at
 * a time, and the admin status the page polls (re-index progress, the last summary, per-file
 * problems), behind the admin key.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../src/answer/assistant.js';
import { bookTitle as serverBookTitle } from '../../src/answer/compose/citations.js';
import { loadConfig } from '../../src/config.js';
import type { BuildOptions, BuildSummary } from '../../src/index/build.js';
import { buildIndexInWorker } from '../../src/index/build-in-worker.js';
import { createApp } from '../../src/server/app.js';
import { FileConversationStore } from '../../src/server/conversations.js';
import { AssistantHost } from '../../src/server/host.js';
import { bookTitle } from '../../src/server/public/markdown.js';
import { Harness, type RunningApp } from './server-harness.js';

const harness = new Harness();
let app: RunningApp;
const auth = { Authorization: 'Bearer kb-key' };
const notice = ['关于开展2026年社区养老服务补贴试点的通知', '', '一、试点地区每个社区养老服务站给予一次性建设补贴30万元。'].join('\n');

beforeAll(async () => {
  await harness.build();
  app = await harness.start({ ADMIN_API_KEY: 'kb-key' });
}, 120_000);

afterAll(async () => {
  await app.close();
  harness.cleanup();
});

async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
}

const getJson = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  return response.json();
};

describe('GET /api/documents', () => {
  it('gives each document its chunk count and version key', async () => {
    const { documents } = await getJson(`${app.url}/api/documents?limit=500`);
    expect(documents.length).toBeGreaterThan(20);
    for (const document of documents) {
      expect(document.chunks).toBe(app.host.current.library.chunksOf(app.host.current.index.documents.get(document.id)!).length);
      expect(typeof document.versionKey).toBe('string');
    }
    expect(documents.reduce((sum: number, d: { chunks: number }) => sum + d.chunks, 0)).toBe(app.host.current.index.chunks.size);
  });
});

describe('GET /api/documents/:id', () => {
  it('gives the metadata and the chunks with their heading paths and offsets', async () => {
    const { documents } = await getJson(`${app.url}/api/documents?q=${encodeURIComponent('国发〔2026〕7号')}`);
    expect(documents).toHaveLength(1);
    const document = await getJson(`${app.url}/api/documents/${encodeURIComponent(documents[0].id)}`);
    expect(document).toMatchObject({ id: documents[0].id, documentNumber: '国发〔2026〕7号', chunks: documents[0].chunks });
    expect(document.issuers.length).toBeGreaterThan(0);
    const page = document.chunkPage;
    expect(page).toMatchObject({ total: document.chunks, offset: 0, limit: 100 });
    expect(page.items).toHaveLength(Math.min(100, document.chunks));
    for (const chunk of page.items) {
      expect(Object.keys(chunk).sort()).toEqual(['end', 'headingPath', 'id', 'start', 'text']);
      expect(chunk.text).toBe(document.text.slice(chunk.start, chunk.end));
      expect(chunk.headingPath[0]).toBeTruthy();
    }
    expect(page.items.some((c: { headingPath: string[] }) => c.headingPath.length > 1)).toBe(true);
  });

  it('pages the chunks with chunkOffset and chunkLimit, and checks them', async () => {
    const { documents } = await getJson(`${app.url}/api/documents?limit=500`);
    const long = documents.find((d: { chunks: number }) => d.chunks >= 3)!;
    const url = `${app.url}/api/documents/${encodeURIComponent(long.id)}`;
    const all = (await getJson(url)).chunkPage.items;
    const second = (await getJson(`${url}?chunkOffset=1&chunkLimit=2`)).chunkPage;
    expect(second).toMatchObject({ total: long.chunks, offset: 1, limit: 2 });
    expect(second.items).toEqual(all.slice(1, 3));
    expect((await getJson(`${url}?chunkOffset=${long.chunks}`)).chunkPage.items).toEqual([]);
    await expectError(await fetch(`${url}?chunkLimit=0`), 400, 'INVALID_REQUEST');
    await expectError(await fetch(`${url}?chunkLimit=501`), 400, 'INVALID_REQUEST');
    await expectError(await fetch(`${url}?chunkOffset=-1`), 400, 'INVALID_REQUEST');
  });
});

describe('GET /api/admin/status', () => {
  it('needs the admin key, and is off without ADMIN_API_KEY', async () => {
    await expectError(await fetch(`${app.url}/api/admin/status`), 401, 'UNAUTHORIZED');
    await expectError(await fetch(`${app.url}/api/admin/status`, { headers: { Authorization: 'Bearer wrong' } }), 401, 'UNAUTHORIZED');
    const closed = await harness.start();
    try {
      await expectError(await fetch(`${closed.url}/api/admin/status`, { headers: auth }), 403, 'ADMIN_DISABLED');
    } finally {
      await closed.close();
    }
  });

  it('gives the re-index state, the index counts and the per-file problems', async () => {
    const status = await getJson(`${app.url}/api/admin/status`, auth);
    expect(status.reindex).toEqual({ running: false, problems: [] });
    expect(status.index).toMatchObject({ files: app.host.current.index.files.size, documents: app.host.current.index.documents.size, chunks: app.host.current.index.chunks.size });
    expect(status.problems).toEqual([]);
  });

  it('after a re-index: the last summary, and a bad JSONL line as its file\'s problem', async () => {
    const body = new FormData();
    body.append('files', new Blob([`{"id":"a","title":"关于养老补贴的通知","text":"${notice.replace(/\n/g, '\\n')}"}\n{not json\n`], { type: 'application/octet-stream' }), 'broken.jsonl');
    const upload = await fetch(`${app.url}/api/admin/documents`, { method: 'POST', headers: auth, body });
    expect(upload.status).toBe(201);
    const status = await getJson(`${app.url}/api/admin/status`, auth);
    expect(status.reindex).toMatchObject({ running: false, problems: [], lastSummary: { documents: app.host.current.index.documents.size, chunks: app.host.current.index.chunks.size } });
    expect(status.reindex.lastSummary.files).toMatchObject({ added: 1 });
    expect(status.reindex.lastSummary.problems).toEqual([expect.objectContaining({ code: 'INVALID_JSONL_LINE', sourceFile: 'uploads/broken.jsonl', line: 2 })]);
    expect(Date.parse(status.reindex.startedAt)).toBeLessThanOrEqual(Date.parse(status.reindex.lastSummary.finishedAt));
    expect(status.problems).toEqual([{ file: 'uploads/broken.jsonl', code: 'INVALID_JSONL_LINE', line: 2, message: expect.any(String) }]);
    // Deleting the file takes its problem away with it.
    expect((await fetch(`${app.url}/api/admin/uploads/broken.jsonl`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await getJson(`${app.url}/api/admin/status`, auth)).problems).toEqual([]);
  }, 60_000);
});

describe('re-index progress', () => {
  it('shows the phase, counts and file while the build runs, then the summary; a failure is reported', async () => {
    const config = loadConfig({ corpusDir: harness.corpusDir, indexDir: harness.indexDir }, { DATA_DIR: path.join(harness.work, 'data-progress'), ADMIN_API_KEY: 'kb-key', RATE_LIMIT_PER_MINUTE: '1000' });
    // A build that reports progress on cue, then runs the real one.
    let step: (() => void) | undefined;
    const cue = () => new Promise<void>((resolve) => (step = resolve));
    let fail = false;
    const build = async (buildConfig: typeof config, options: Omit<BuildOptions, 'embedder'> = {}): Promise<BuildSummary> => {
      options.onProgress?.({ phase: 'index', done: 100, total: 400, unit: 'bytes', file: 'uploads/a.txt' });
      options.onProblem?.({ code: 'INVALID_JSONL_LINE', sourceFile: 'uploads/b.jsonl', line: 3, message: 'Unexpected token' });
      await cue();
      options.onProgress?.({ phase: 'save', done: 0, total: 1, unit: 'steps' });
      await cue();
      if (fail) throw new Error('disk on fire at /secret/path');
      return buildIndexInWorker(buildConfig);
    };
    const host = new AssistantHost(await Assistant.open(config), config, build);
    const server = createApp({ config, host, store: new FileConversationStore(config.server.dataDir), log: () => {} }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const status = async () => (await getJson(`${url}/api/admin/status`, auth)).reindex;
    try {
      const reindex = fetch(`${url}/api/admin/reindex`, { method: 'POST', headers: auth });
      await expect.poll(async () => (await status()).phase).toBe('index');
      expect(await status()).toMatchObject({ running: true, phase: 'index', done: 100, total: 400, unit: 'bytes', file: 'uploads/a.txt', problems: [{ code: 'INVALID_JSONL_LINE', sourceFile: 'uploads/b.jsonl', line: 3 }] });
      expect(Date.parse((await status()).startedAt)).toBeGreaterThan(Date.now() - 60_000);
      await expectError(await fetch(`${url}/api/admin/reindex`, { method: 'POST', headers: auth }), 409, 'REINDEX_RUNNING');
      step!();
      await expect.poll(async () => (await status()).phase).toBe('save');
      const saving = await status();
      expect(saving).toMatchObject({ running: true, unit: 'steps', done: 0, total: 1 });
      expect(saving.file).toBeUndefined();
      step!();
      expect((await reindex).status).toBe(200);
      const done = await status();
      expect(done).toMatchObject({ running: false, problems: [], lastSummary: { documents: host.current.index.documents.size } });
      expect(done.phase).toBeUndefined();

      fail = true;
      const failing = fetch(`${url}/api/admin/reindex`, { method: 'POST', headers: auth });
      await expect.poll(async () => (await status()).running).toBe(true);
      step!();
      await expect.poll(async () => (await status()).phase).toBe('save');
      step!();
      expect((await failing).status).toBe(500);
      const failed = await status();
      // The last good summary stays; the failure says no more than the client may know.
      expect(failed).toMatchObject({ running: false, lastSummary: done.lastSummary, lastError: { code: 'INTERNAL' } });
      expect(failed.lastError.message).not.toContain('/secret/path');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});

describe('the chat UI names a cited title in one pair of 《》', () => {
  it('nests a named policy in 〈〉 and never wraps a title twice, as the server does', () => {
    const titles = ['工信部等九部门联合印发〈推动物联网产业创新发展行动方案〉', '《工信部等九部门联合印发〈推动物联网产业创新发展行动方案〉》', '关于印发《推动物联网产业创新发展行动方案》的通知', '《数据安全法》', '国务院办公厅关于加快发展银发经济的意见'];
    expect(titles.map(bookTitle)).toEqual(['《工信部等九部门联合印发〈推动物联网产业创新发展行动方案〉》', '《工信部等九部门联合印发〈推动物联网产业创新发展行动方案〉》', '《关于印发〈推动物联网产业创新发展行动方案〉的通知》', '《数据安全法》', '《国务院办公厅关于加快发展银发经济的意见》']);
    expect(titles.map(bookTitle)).toEqual(titles.map(serverBookTitle));
  });
});
