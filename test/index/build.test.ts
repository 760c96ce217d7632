import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { liveGeneration } from '../../src/index/location.js';
import { loadIndex, readManifest } from '../../src/index/store.js';
import { tokenize } from '../../src/text/tokenize.js';
import { seedDir } from '../seeds.js';

let work: string;
let corpusDir: string;
let config: Config;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'policy-build-'));
  corpusDir = path.join(work, 'corpus');
  cpSync(seedDir, corpusDir, { recursive: true });
  // With the offline hashed vectors, so that incremental updates of the vector index are tested too.
  config = loadConfig({ corpusDir, indexDir: path.join(work, 'index') }, { EMBEDDING_PROVIDER: 'hash' });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('buildIndex', () => {
  it('indexes the seed corpus: documents, chunks, figures, BM25 and vectors', async () => {
    const summary = await buildIndex(config);
    expect(summary.files).toMatchObject({ total: 5, added: 5, failed: 0 });
    expect(summary.documents).toBeGreaterThan(20);
    expect(summary.chunks).toBeGreaterThan(summary.documents);
    expect(summary.figures).toBeGreaterThan(80);

    const manifest = await readManifest(config.indexDir);
    expect(manifest.counts).toEqual({ files: 5, documents: summary.documents, chunks: summary.chunks, figures: summary.figures });
    expect(manifest.embedding).toEqual({ id: expect.stringContaining('/256'), dimensions: 256 });
    expect(manifest.corpusFingerprint).toMatch(/^[0-9a-f]{64}$/);

    const index = await loadIndex(config.indexDir);
    const [best] = index.bm25.search(tokenize('模数共振行动的工作目标'), 1);
    const chunk = index.chunksByLabel.get(best!.label)!;
    expect(index.documents.get(chunk.docId)!.title).toContain('模数共振');
    expect(chunk.text).toBe(index.documents.get(chunk.docId)!.text.slice(chunk.start, chunk.end));
    expect(index.vectors!.size).toBe(summary.chunks);
    expect(index.figures.some((f) => f.raw === '2168亿元')).toBe(true);
  });

  it('builds no vectors by default (BM25 alone), and says which embedder the index was built with', async () => {
    const plain = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'plain') }, {});
    const summary = await buildIndex(plain);
    expect((await readManifest(plain.indexDir)).embedding).toEqual({ id: 'none', dimensions: 0 });
    expect(readdirSync(liveGeneration(plain.indexDir)!)).not.toContain('vectors.hnsw');
    const index = await loadIndex(plain.indexDir);
    expect(index.vectors).toBeUndefined();
    expect(index.bm25.size).toBe(summary.chunks);
    const changed = await buildIndex(loadConfig({ corpusDir: seedDir, indexDir: plain.indexDir }, { EMBEDDING_PROVIDER: 'hash' }));
    expect(changed.rebuildReason).toMatch(/embedding model changed from none to hash/);
  });

  it('skips unchanged files, updates changed ones and drops removed ones', async () => {
    const again = await buildIndex(config);
    expect(again.files).toMatchObject({ unchanged: 5, added: 0, changed: 0, removed: 0 });
    const before = await loadIndex(config.indexDir);

    appendFileSync(path.join(corpusDir, '002_dd7ae1d8cb4a6be3.txt'), '\n\n补充说明：试点城市新增智能工厂12家。\n');
    rmSync(path.join(corpusDir, '004_c9a42c12dc24582c.txt'));
    const update = await buildIndex(config);
    expect(update.files).toMatchObject({ changed: 1, removed: 1, unchanged: 3 });

    const after = await loadIndex(config.indexDir);
    expect([...after.documents.values()].some((d) => d.sourceFile.startsWith('004'))).toBe(false);
    expect([...after.chunks.values()].some((c) => c.docId.startsWith('004'))).toBe(false);
    expect(after.figures.some((f) => f.raw === '12家' && f.docId.startsWith('002'))).toBe(true);
    // Chunks of untouched files keep their labels, so their vectors were not recomputed.
    const kept = [...before.chunks.values()].find((c) => c.docId.startsWith('003'))!;
    expect(after.chunks.get(kept.id)!.label).toBe(kept.label);
    expect(after.bm25.size).toBe(after.chunks.size);
    expect(after.vectors!.size).toBe(after.chunks.size);
  });

  it('groups near-duplicate documents across files, and regroups when a file changes', async () => {
    const dir = path.join(work, 'reposts');
    cpSync(seedDir, dir, { recursive: true });
    const reposts = loadConfig({ corpusDir: dir, indexDir: path.join(work, 'reposts-index') }, {});
    await buildIndex(reposts);
    const original = [...(await loadIndex(reposts.indexDir)).documents.values()].find((d) => d.text.length > 600 && /\d+(?:个|家|项)/.test(d.text))!;
    expect(original.duplicateGroup).toBeUndefined();
    // Another outlet's copy: its own headline, one figure changed.
    const repost = `转载：${original.title}\n\n${original.text.replace(/(\d+)(个|家|项)/, (_, n: string, unit: string) => `${Number(n) + 1}${unit}`)}`;
    writeFileSync(path.join(dir, 'repost.txt'), repost);
    await buildIndex(reposts);
    const grouped = await loadIndex(reposts.indexDir);
    const copy = [...grouped.documents.values()].find((d) => d.sourceFile === 'repost.txt')!;
    expect(copy.duplicateGroup).toBeDefined();
    expect(grouped.documents.get(original.id)!.duplicateGroup).toBe(copy.duplicateGroup);

    // The repost replaced by another text: the group is gone from the unchanged file's document too.
    writeFileSync(path.join(dir, 'repost.txt'), '另一篇报道。'.repeat(5) + '本市今年新建口袋公园30个，新增绿地面积12公顷，市民步行十五分钟可达公园绿地。');
    expect((await buildIndex(reposts)).files).toMatchObject({ changed: 1 });
    const regrouped = await loadIndex(reposts.indexDir);
    expect(regrouped.documents.get(original.id)!.duplicateGroup).toBeUndefined();
    const fresh = await buildIndex({ ...reposts, indexDir: path.join(work, 'reposts-fresh') }, { rebuild: true });
    expect(fresh.documents).toBe(regrouped.documents.size);
    const groupsOf = (index: Awaited<ReturnType<typeof loadIndex>>) => [...index.documents.values()].map((d) => [d.id, d.duplicateGroup]).sort();
    expect(groupsOf(await loadIndex(path.join(work, 'reposts-fresh')))).toEqual(groupsOf(regrouped));
  });

  it('reports bad input by file and line, and keeps everything else', async () => {
    writeFileSync(path.join(corpusDir, 'news.jsonl'), '{"id":"a","text":"第一条新闻内容，涉及人工智能。","title":"新闻甲"}\n{broken\n{"id":"c"}\n');
    writeFileSync(path.join(corpusDir, 'empty.txt'), '');
    writeFileSync(path.join(corpusDir, 'scan.pdf'), 'not really a pdf');
    writeFileSync(path.join(corpusDir, 'notes.xyz'), 'x');
    const problems: string[] = [];
    const summary = await buildIndex(config, { onProblem: (p) => problems.push(`${p.code} ${p.sourceFile}${p.line ? `:${p.line}` : ''}`) });
    expect(problems.sort()).toEqual([
      'EMPTY_FILE empty.txt',
      'INVALID_JSONL_LINE news.jsonl:2',
      'INVALID_JSONL_LINE news.jsonl:3',
      'UNREADABLE_FILE scan.pdf',
      'UNSUPPORTED_FILE notes.xyz',
    ]);
    expect(summary.files.failed).toBe(3);
    const index = await loadIndex(config.indexDir, { search: false });
    expect(index.documents.get('news#a')?.title).toBe('新闻甲');
    expect(index.manifest.counts.files).toBe(5);
  });

  it('keeps the indexed version of a file that becomes unreadable', async () => {
    const file = path.join(corpusDir, '001_380fe60a0c574e6d.txt');
    const original = readFileSync(file);
    writeFileSync(file, '');
    const summary = await buildIndex(config);
    expect(summary.problems.some((p) => p.code === 'EMPTY_FILE' && p.sourceFile === '001_380fe60a0c574e6d.txt')).toBe(true);
    const index = await loadIndex(config.indexDir, { search: false });
    expect([...index.documents.values()].filter((d) => d.sourceFile.startsWith('001')).length).toBe(3);
    writeFileSync(file, original);
  });

  it('rebuilds everything, and says why, when the embedding model changes', async () => {
    const smaller = loadConfig({ corpusDir, indexDir: config.indexDir }, { EMBEDDING_PROVIDER: 'hash', EMBEDDING_DIMENSIONS: '64' });
    const summary = await buildIndex(smaller);
    expect(summary.rebuildReason).toMatch(/embedding model changed from .*\/256 to .*\/64/);
    expect(summary.files.unchanged).toBe(0);
    expect((await readManifest(config.indexDir)).embedding.dimensions).toBe(64);
  });

  it('rebuilds an index whose files were damaged, saying so', async () => {
    writeFileSync(path.join(liveGeneration(config.indexDir)!, 'bm25.bin'), 'garbage');
    const smaller = loadConfig({ corpusDir, indexDir: config.indexDir }, { EMBEDDING_PROVIDER: 'hash', EMBEDDING_DIMENSIONS: '64' });
    appendFileSync(path.join(corpusDir, '003_99cf775f10c83dd8.txt'), '\n');
    const summary = await buildIndex(smaller);
    expect(summary.rebuildReason).toMatch(/could not be read.*bm25\.bin does not match its checksum/);
    expect((await loadIndex(config.indexDir)).bm25.size).toBe(summary.chunks);
  });

  it('applies the configured ingest limits: a file over INGEST_MAX_FILE_BYTES costs that file only', async () => {
    const small = mkdtempSync(path.join(tmpdir(), 'policy-limits-'));
    try {
      writeFileSync(path.join(small, 'short.txt'), '关于开展测试工作的通知\n\n各单位要按照要求开展测试工作，确保测试质量。');
      writeFileSync(path.join(small, 'long.txt'), '这是一份很长的文件。'.repeat(400));
      const limited = loadConfig({ corpusDir: small, indexDir: path.join(small, '..', `${path.basename(small)}-index`) }, { INGEST_MAX_FILE_BYTES: '4096' });
      const summary = await buildIndex(limited);
      expect(summary.files).toMatchObject({ added: 1, failed: 1 });
      expect(summary.problems).toEqual([expect.objectContaining({ code: 'FILE_TOO_LARGE', sourceFile: 'long.txt' })]);
      rmSync(limited.indexDir, { recursive: true, force: true });
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  });

  it('leaves the previous index in place when a run fails', async () => {
    const manifestBefore = readFileSync(path.join(liveGeneration(config.indexDir)!, 'manifest.json'), 'utf8');
    const failing = { id: 'hash-ngram-v1+words/64', dimensions: 64, embed: async () => Promise.reject(new Error('embedding service down')) };
    appendFileSync(path.join(corpusDir, '002_dd7ae1d8cb4a6be3.txt'), '\n\n再次补充的段落，说明新的情况。\n');
    const smaller = loadConfig({ corpusDir, indexDir: config.indexDir }, { EMBEDDING_PROVIDER: 'hash', EMBEDDING_DIMENSIONS: '64' });
    await expect(buildIndex(smaller, { embedder: failing })).rejects.toThrow('embedding service down');
    expect(readFileSync(path.join(liveGeneration(config.indexDir)!, 'manifest.json'), 'utf8')).toBe(manifestBefore);
    expect((await loadIndex(config.indexDir)).documents.size).toBeGreaterThan(20);
  });
});
