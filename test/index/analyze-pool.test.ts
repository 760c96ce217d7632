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
  });
});
