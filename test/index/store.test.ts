/**
 * A damaged index is detected before any of it is served: a flipped byte in the HNSW graph would
 * crash hnswlib, an emptied or edited file would answer wrongly. `ingest` repairs it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { extractFigures } from '../../src/ingest/figures.js';
import { liveGeneration } from '../../src/index/location.js';
import { loadIndex } from '../../src/index/store.js';
import { runCli } from '../cli/run-cli.js';
import { seedDir } from '../seeds.js';

let work: string;
let pristine: string;
let config: Config;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'policy-store-'));
  pristine = path.join(work, 'pristine');
  // With hashed vectors, so that the HNSW graph is on disk to be damaged.
  await buildIndex(loadConfig({ corpusDir: seedDir, indexDir: pristine }, { EMBEDDING_PROVIDER: 'hash' }));
  config = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'index') }, { EMBEDDING_PROVIDER: 'hash' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(() => {
  rmSync(config.indexDir, { recursive: true, force: true });
  cpSync(pristine, config.indexDir, { recursive: true });
});

const live = (name: string) => path.join(liveGeneration(config.indexDir)!, name);

describe('a damaged index', () => {
  it('is refused with INDEX_CORRUPT naming the file when one byte of the HNSW graph flipped', async () => {
    const bytes = readFileSync(live('vectors.hnsw'));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
    writeFileSync(live('vectors.hnsw'), bytes);
    await expect(loadIndex(config.indexDir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('vectors.hnsw does not match its checksum') });
  });

  it('is refused when chunks.jsonl was emptied, even with its checksum forged, by the counts', async () => {
    writeFileSync(live('chunks.jsonl'), '');
    await expect(loadIndex(config.indexDir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('chunks.jsonl') });
    const manifest = JSON.parse(readFileSync(live('manifest.json'), 'utf8'));
    manifest.checksums['chunks.jsonl'] = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    writeFileSync(live('manifest.json'), JSON.stringify(manifest));
    await expect(loadIndex(config.indexDir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(/0 chunks loaded, the manifest says \d+/) });
  });

  it('is never served: a figure edited in documents.jsonl (2168 → 9168) makes `ask` refuse to answer from it', async () => {
    writeFileSync(live('documents.jsonl'), readFileSync(live('documents.jsonl'), 'utf8').replaceAll('2168亿元', '9168亿元'));
    const result = await runCli('ask.ts', ['--index', config.indexDir, '第二批两重建设项目安排了多少资金？'], { cwd: work, env: { EMBEDDING_PROVIDER: 'hash' } });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('9168');
    expect(result.stderr).toContain(`error [INDEX_CORRUPT]: The index in ${config.indexDir} is damaged`);
  });

  it('is rebuilt by ingest, which does not report it unchanged', async () => {
    writeFileSync(live('figures.jsonl'), '');
    const summary = await buildIndex(config);
    expect(summary.rebuildReason).toMatch(/figures\.jsonl does not match its checksum/);
    expect(summary.files.unchanged).toBe(0);
    const index = await loadIndex(config.indexDir);
    expect(index.figures.length).toBe(summary.figures);
    expect(summary.figures).toBeGreaterThan(0);
  });
});

describe('figures on disk', () => {
  it('stores each figure’s sentence and measure as offsets into its document, and loads them back as the text', async () => {
    const lines = readFileSync(live('figures.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(100);
    // Offsets, not copies, wherever the phrase stands verbatim in the document (all of them in the seeds).
    expect(lines.filter((line) => 'sentence' in line)).toEqual([]);
    const index = await loadIndex(config.indexDir);
    for (const figure of index.figures) {
      const text = index.documents.get(figure.docId)!.text;
      expect(figure.sentence).toContain(figure.raw);
      expect(text).toContain(figure.sentence);
      expect(figure.sentence).toContain(figure.measure);
    }
    // Documents are not stored: they come back as extraction gave them.
    expect(lines.filter((line) => 'docId' in line)).toEqual([]);
    const extracted = [...index.chunks.values()].flatMap((chunk) => extractFigures(index.documents.get(chunk.docId)!, chunk));
    expect(index.figures.map(({ docId, chunkId, start, raw }) => [docId, chunkId, start, raw])).toEqual(extracted.map(({ docId, chunkId, start, raw }) => [docId, chunkId, start, raw]));
  });
});
