/** Worker threads change how fast an index is built, never what is built. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { liveGeneration } from '../../src/index/location.js';
import { seedDir, seedSources } from '../seeds.js';

const work = mkdtempSync(path.join(tmpdir(), 'policy-pool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const checksums = (indexDir: string) => JSON.parse(readFileSync(path.join(liveGeneration(indexDir)!, 'manifest.json'), 'utf8')).checksums;

describe('building with worker threads', () => {
  it('gives an index identical, file for file, to a build in one thread', async () => {
    const one = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'one') }, { INGEST_WORKERS: '0' });
    const two = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'two') }, { INGEST_WORKERS: '2' });
    const single = await buildIndex(one);
    const pooled = await buildIndex(two, { workersFromBytes: 0 });
    expect(pooled).toMatchObject({ documents: single.documents, chunks: single.chunks, figures: single.figures });
    expect(checksums(two.indexDir)).toEqual(checksums(one.indexDir));
  });

  it('gives the same index with vectors, whose embedder segments chunks with the tokens the workers send', async () => {
    const one = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'one-vectors') }, { INGEST_WORKERS: '0', EMBEDDING_PROVIDER: 'hash' });
    const two = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'two-vectors') }, { INGEST_WORKERS: '2', EMBEDDING_PROVIDER: 'hash' });
    await buildIndex(one);
    await buildIndex(two, { workersFromBytes: 0 });
    expect(Object.keys(checksums(two.indexDir))).toContain('vectors.hnsw');
    expect(checksums(two.indexDir)).toEqual(checksums(one.indexDir));
  });

  it('gives the same index from a .jsonl corpus applied record batch by record batch as it is read', async () => {
    // Paragraphs of the seeds as news records: more records than one batch holds, so batches of
    // one file are analysed and applied while the rest of it is still being read.
    const corpusDir = path.join(work, 'jsonl-corpus');
    mkdirSync(corpusDir);
    const paragraphs = seedSources().flatMap((source) => source.text.split(/\n\s*\n/).filter((p) => p.trim().length > 40));
    const lines = paragraphs.slice(0, 300).map((text, i) => JSON.stringify({ id: `n${i}`, title: `第${i}篇`, text }));
    lines.splice(7, 0, '{not json');
    writeFileSync(path.join(corpusDir, 'news.jsonl'), `${lines.join('\n')}\n`);
    const one = loadConfig({ corpusDir, indexDir: path.join(work, 'jsonl-one') }, { INGEST_WORKERS: '0' });
    const two = loadConfig({ corpusDir, indexDir: path.join(work, 'jsonl-two') }, { INGEST_WORKERS: '2' });
    const single = await buildIndex(one);
    const pooled = await buildIndex(two, { workersFromBytes: 0 });
    expect(single.documents).toBeGreaterThan(200);
    expect(single.problems.map((p) => p.code)).toEqual(['INVALID_JSONL_LINE']);
    expect(pooled).toMatchObject({ documents: single.documents, chunks: single.chunks, figures: single.figures, problems: single.problems });
    expect(checksums(two.indexDir)).toEqual(checksums(one.indexDir));

    // An incremental run over the index as loaded from disk: workers count terms into a BM25
    // index that was read back, a changed file's documents are replaced, a new file is added.
    lines[20] = JSON.stringify({ id: 'n20', title: '改过的一篇', text: `${paragraphs[20]}另加一句：2026年新增专项资金3.5亿元。` });
    writeFileSync(path.join(corpusDir, 'news.jsonl'), `${lines.slice(0, 250).join('\n')}\n`);
    writeFileSync(path.join(corpusDir, 'more.jsonl'), `${paragraphs.slice(300, 340).map((text, i) => JSON.stringify({ id: `m${i}`, text })).join('\n')}\n`);
    const singleAgain = await buildIndex(one);
    const pooledAgain = await buildIndex(two, { workersFromBytes: 0 });
    expect(singleAgain.files).toMatchObject({ added: 1, changed: 1 });
    expect(pooledAgain).toMatchObject({ files: singleAgain.files, documents: singleAgain.documents, chunks: singleAgain.chunks });
    expect(checksums(two.indexDir)).toEqual(checksums(one.indexDir));
  });
});
