/**
 * The Postgres backend against a real wire protocol: PGlite with pg_textsearch and pgvector served
 * by pglite-socket (what `npm run db:dev` starts), reached through the `pg` client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../../src/answer/assistant.js';
import { loadConfig } from '../../../src/config.js';
import { Bm25Index } from '../../../src/index/bm25.js';
import { buildIndex } from '../../../src/index/build.js';
import { matchesFilters, searchScope } from '../../../src/index/filters.js';
import { CATALOG, generationSchema, lexeme } from '../../../src/index/postgres/database.js';
import { startDevDatabase, type DevDatabase } from '../../../src/index/postgres/dev-database.js';
import { openPostgresIndex } from '../../../src/index/postgres/open.js';
import { publishIndex } from '../../../src/index/postgres/publish.js';
import { INDEX_FORMAT_VERSION, loadIndex } from '../../../src/index/store.js';
import { analyzeQuery } from '../../../src/retrieve/query.js';
import { runCli } from '../../cli/run-cli.js';
import { openSeedIndex, type SeedIndex } from '../../seed-index.js';
import { seedDir } from '../../seeds.js';

let seed: SeedIndex;
let database: DevDatabase;

beforeAll(async () => {
  [seed, database] = await Promise.all([openSeedIndex(), startDevDatabase({ port: 0 })]);
}, 60_000);
afterAll(async () => {
  await database?.stop();
  seed?.cleanup();
});

const sql = async (text: string, url = database.url) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
};

const generations = async (url = database.url) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number; live: boolean }>(`SELECT id, live FROM ${CATALOG}.generations ORDER BY id`);
    const schemas = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE '${CATALOG}_g%' ORDER BY nspname`);
    return { rows, schemas: schemas.rows.map((row) => row.name) };
  } finally {
    await client.end();
  }
};

describe('the Postgres backend', () => {
  const questions = ['第二批两重建设项目安排了多少资金？', '国务院关于推进服务业扩能提质的意见的文号是多少？', '物联网行动方案到2028年的目标是什么？', '外观设计专利保护期多少年？'];

  it('serves what was published: the same records, BM25 ranking and idf as the files', async () => {
    const files = await loadIndex(seed.config.indexDir);
    const { generation } = await publishIndex(database.url, files);
    const opened = await openPostgresIndex(database.url);
    try {
      expect(opened.index.generation).toBe(generation);
      // In the files' order, which document naming follows.
      expect([...opened.index.documents.keys()]).toEqual([...files.documents.keys()]);
      expect([...opened.index.chunks.keys()]).toEqual([...files.chunks.keys()]);
      expect(opened.index.chunks.size).toBe(files.chunks.size);
      expect([...opened.index.figures].map((f) => `${f.chunkId} ${f.sentence} ${f.value}`).sort()).toEqual(files.figures.map((f) => `${f.chunkId} ${f.sentence} ${f.value}`).sort());
      // A figure lookup reads the figures table: those of the passages asked for, as the files hold them.
      const passages = [...new Set(files.figures.filter((f) => f.raw === '2168亿元').map((f) => f.chunkId))];
      expect(passages.length).toBeGreaterThan(0);
      expect(await opened.index.figures.inPassages!(passages)).toEqual(files.figures.filter((f) => passages.includes(f.chunkId)));
      for (const question of questions) {
        const query = analyzeQuery(question);
        const tokens = [...query.tokens, ...query.expansions];
        const [inFiles, inDatabase] = [files.bm25.search(tokens, 5, query.weights), await opened.index.bm25.search(tokens, 5, query.weights)];
        expect(inDatabase[0]!.label, question).toBe(inFiles[0]!.label);
        // (pg_textsearch counts document lengths its own way: scores agree within a few per cent.)
        expect(Math.abs(inDatabase[0]!.score / inFiles[0]!.score - 1)).toBeLessThan(0.05);
        expect(await opened.index.bm25.idfs(tokens)).toEqual(files.bm25.idfs(tokens));
      }
      // Filters as conditions in the database, tests in the files: the same passages.
      const documentOf = (label: number) => files.documents.get(files.chunksByLabel.get(label)?.docId ?? '');
      for (const filters of [{ type: '通知' as const }, { issuer: '工业和信息化部', dateFrom: '2026-01-01' }, { dateTo: '2025-12-31' }]) {
        const query = analyzeQuery('人工智能产业发展');
        const tokens = [...query.tokens, ...query.expansions];
        const inFiles = files.bm25.search(tokens, 10, query.weights, searchScope(filters, documentOf));
        const inDatabase = await opened.index.bm25.search(tokens, 10, query.weights, searchScope(filters, documentOf));
        expect(inFiles.length, JSON.stringify(filters)).toBeGreaterThan(0);
        // (Its document lengths differ a little, so passages near the cut may trade places.)
        expect(inDatabase[0]!.label, JSON.stringify(filters)).toBe(inFiles[0]!.label);
        expect(inDatabase.filter((hit) => inFiles.some((other) => other.label === hit.label)).length, JSON.stringify(filters)).toBeGreaterThanOrEqual(8);
        expect(inDatabase.every((hit) => matchesFilters(documentOf(hit.label)!, filters))).toBe(true);
      }
      // …and a search within the passages of a document a question names.
      const named = [...files.chunksByLabel].filter(([, chunk]) => files.documents.get(chunk.docId)?.title.includes('物联网')).map(([label]) => label);
      const query = analyzeQuery('到2028年的目标');
      const within = searchScope({}, documentOf, named);
      const [inFiles, inDatabase] = [files.bm25.search(query.tokens, 5, query.weights, within), await opened.index.bm25.search(query.tokens, 5, query.weights, within)];
      expect(inFiles.length).toBeGreaterThan(0);
      // (Passages of one text score close together; lengths counted apart may swap neighbours.)
      expect(inFiles.slice(0, 3).map((hit) => hit.label)).toContain(inDatabase[0]!.label);
      expect(inDatabase.every((hit) => named.includes(hit.label))).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it('answers as the files index does', async () => {
    const fromDatabase = await Assistant.open({ ...seed.config, databaseUrl: database.url });
    for (const question of questions) {
      const [expected, got] = [await seed.assistant.ask(question), await fromDatabase.ask(question)];
      expect(got.answer, question).toBe(expected.answer);
      expect(got.citations.map((c) => `${c.docId} ${c.start}`)).toEqual(expected.citations.map((c) => `${c.docId} ${c.start}`));
    }
  });

  it('publishes nothing when the index is unchanged, switches to a changed one whole, and drops retired ones after their grace', async () => {
    const { url, stop } = await startDevDatabase({ port: 0 });
    try {
      const files = await loadIndex(seed.config.indexDir);
      // (A re-index that changed something writes a new manifest.)
      const changed = (n: number) => ({ ...files, manifest: { ...files.manifest, updatedAt: `2026-12-0${n}T00:00:00.000Z` } });
      const { generation: first } = await publishIndex(url, changed(1));
      expect(await publishIndex(url, changed(1))).toEqual({ generation: first, unchanged: true, removed: [] });
      const { generation: second } = await publishIndex(url, changed(2));
      const { generation: third, removed } = await publishIndex(url, changed(3));
      let now = await generations(url);
      expect(now.rows.filter((row) => row.live).map((row) => row.id)).toEqual([third]);
      // Both retired a moment ago, so both stay (the first is not the last one retired): servers
      // still on them have seconds to reopen.
      expect(removed).toEqual([]);
      expect(now.schemas).toEqual([first, second, third].map(generationSchema).sort());
      // An hour later, only the last one retired stays beside the live one.
      await sql(`UPDATE ${CATALOG}.generations SET retired_at = retired_at - interval '1 hour' WHERE retired_at IS NOT NULL`, url);
      const { generation: fourth, removed: dropped } = await publishIndex(url, changed(4));
      now = await generations(url);
      expect(dropped.sort()).toEqual([first, second]);
      expect(now.rows.map((row) => row.id)).toEqual([third, fourth]);
      expect(now.schemas).toEqual([generationSchema(third), generationSchema(fourth)].sort());
    } finally {
      await stop();
    }
  });

  it('stores each token as one term of pg_textsearch, one for one', async () => {
    const tokens = ['2.5%', 'covid-19', 'COVID-19', 'x', 'x78x', '⼯业', '工业', '营收', '1492.08', 'c1', 'C1', '5g-a'];
    const lexemes = tokens.map(lexeme);
    expect(new Set(lexemes).size).toBe(tokens.length);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const word of lexemes) {
        const { rows } = await client.query<{ terms: string[] }>(`SELECT tsvector_to_array(to_tsvector('simple', $1)) AS terms`, [word]);
        expect(rows[0]!.terms, word).toEqual([word]);
      }
    } finally {
      await client.end();
    }
  });

  it('refuses to serve an index another version published (INDEX_VERSION)', async () => {
    const { url, stop } = await startDevDatabase({ port: 0 });
    try {
      const files = await loadIndex(seed.config.indexDir);
      await publishIndex(url, { ...files, manifest: { ...files.manifest, formatVersion: INDEX_FORMAT_VERSION + 1 } });
      await expect(openPostgresIndex(url)).rejects.toMatchObject({ code: 'INDEX_VERSION', message: expect.stringContaining('newer version') });
      // Nor is it replaced by this older version's index: versions of a rolling deploy must not take turns.
      await expect(publishIndex(url, files)).rejects.toMatchObject({ code: 'INDEX_VERSION' });
    } finally {
      await stop();
    }
  });

  it('leaves the live generation as it was when a publish fails half way', async () => {
    const files = await loadIndex(seed.config.indexDir);
    const before = await generations();
    // A BM25 index holding a passage the index has no chunk for: the publish stops at the chunks.
    const broken = new Bm25Index(files.manifest.bm25);
    broken.add(999_999, ['孤立']);
    await expect(publishIndex(database.url, { ...files, manifest: { ...files.manifest, updatedAt: 'broken' }, bm25: broken })).rejects.toMatchObject({ code: 'DATABASE_FAILED' });
    expect(await generations()).toEqual(before);
    const answer = await (await Assistant.open({ ...seed.config, databaseUrl: database.url })).ask(questions[0]!);
    expect(answer.answer).toMatch(/^2168亿元/);
  });

  it('ingest publishes and ask answers from the database, by DATABASE_URL alone', async () => {
    const { url, stop } = await startDevDatabase({ port: 0 });
    try {
      const env = { CORPUS_DIR: seedDir, INDEX_DIR: path.join(path.dirname(seed.config.indexDir), 'cli-index'), DATABASE_URL: url };
      const ingest = await runCli('ingest.ts', [], { cwd: path.dirname(seed.config.indexDir), env });
      expect(ingest.code).toBe(0);
      expect(ingest.stdout).toMatch(/Published as generation 1/);
      // The files are not read: the database holds the index.
      const ask = await runCli('ask.ts', ['第二批两重建设项目安排了多少资金？'], { cwd: path.dirname(seed.config.indexDir), env: { ...env, INDEX_DIR: '/nonexistent/index' } });
      expect(ask.code).toBe(0);
      expect(ask.stdout).toMatch(/^2168亿元/);
      const docs = await runCli('docs.ts', [], { cwd: path.dirname(seed.config.indexDir), env: { ...env, INDEX_DIR: '/nonexistent/index' } });
      expect(docs.stdout).toMatch(/30 documents, .* \(the database at postgres:\/\/.*, generation 1,/);
      // Nothing changed in the corpus: nothing is published.
      const again = await runCli('ingest.ts', [], { cwd: path.dirname(seed.config.indexDir), env });
      expect(again.stdout).toContain('The database already serves this index (generation 1)');
    } finally {
      await stop();
    }
  }, 60_000);

  it('publishes embeddings under pgvector, whose nearest passages are the files index\'s', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'policy-pg-vectors-'));
    const own = await startDevDatabase({ port: 0 });
    try {
      const config = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'index') }, { EMBEDDING_PROVIDER: 'hash' });
      await buildIndex(config);
      const files = await loadIndex(config.indexDir);
      await publishIndex(own.url, files);
      const opened = await openPostgresIndex(own.url);
      try {
        const [fromFiles, fromDatabase] = [await Assistant.open(config), await Assistant.open({ ...config, databaseUrl: own.url })];
        const embed = async (question: string) => (await fromFiles.retriever.embedder.embed([question]))[0]!;
        for (const question of questions) {
          const vector = await embed(question);
          const [inFiles, inDatabase] = [files.vectors!.search(vector, 5), await opened.index.vectors!.search(vector, 5)];
          expect(inDatabase.map((hit) => hit.label), question).toEqual(inFiles.map((hit) => hit.label));
          expect(inDatabase[0]!.score).toBeCloseTo(inFiles[0]!.score, 4);
        }
        // Deeper than pgvector's default ef_search (40): as many as asked.
        expect(await opened.index.vectors!.search(await embed(questions[0]!), 150)).toHaveLength(150);
        for (const question of questions) expect((await fromDatabase.ask(question)).answer).toBe((await fromFiles.ask(question)).answer);
      } finally {
        await opened.close();
      }
    } finally {
      await own.stop();
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);

  it('names the database and what failed when it cannot be reached, and refuses a URL that is not Postgres', async () => {
    const cwd = path.dirname(seed.config.indexDir);
    const unreachable = await runCli('ask.ts', ['问题'], { cwd, env: { DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/db', INDEX_DIR: seed.config.indexDir } });
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toContain('DATABASE_FAILED');
    expect(unreachable.stderr).toContain('127.0.0.1:1');
    expect(unreachable.stderr).not.toContain('secret');
    const wrong = await runCli('ask.ts', ['问题'], { cwd, env: { DATABASE_URL: 'mysql://127.0.0.1/db' } });
    expect(wrong.stderr).toContain('DATABASE_URL must start with postgres://');
  }, 30_000);
});
