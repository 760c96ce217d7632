import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildIndexInWorker } from '../../src/index/build-in-worker.js';
import { indexExists } from '../../src/index/store.js';
import { seedDir } from '../seeds.js';

const work = mkdtempSync(path.join(tmpdir(), 'policy-build-apart-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('building the index apart from the server', () => {
  it('builds, reports progress, and leaves none of the segmenter\'s memory behind, however often it runs', async () => {
    const config = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'index') }, {});
    const phases = new Set<string>();
    const before = process.memoryUsage().rss;
    for (let run = 0; run < 3; run++) {
      const summary = await buildIndexInWorker(config, { rebuild: true, onProgress: (progress) => phases.add(progress.phase) });
      expect(summary.documents).toBe(30);
    }
    expect(indexExists(config.indexDir)).toBe(true);
    expect(phases).toEqual(new Set(['index', 'save']));
    // jieba's dictionaries (about 250 MB) are never freed by a thread that loaded them: a build in a
    // thread of this process would keep them three times over.
    expect(process.memoryUsage().rss - before).toBeLessThan(150e6);
  });
});
