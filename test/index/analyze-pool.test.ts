/** Worker threads change how fast an index is built, never what is built. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { liveGeneration } from '../../src/index/location.js';
import { seedDir } from '../seeds.js';

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
});
