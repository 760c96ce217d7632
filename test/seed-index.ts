/** A seed-corpus index built once per test file in a temporary folder, and the assistant over it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig, type Config } from '../src/config.js';
import { buildIndex } from '../src/index/build.js';
import { seedDir } from './seeds.js';

export interface SeedIndex {
  config: Config;
  assistant: Assistant;
  cleanup: () => void;
}

export async function openSeedIndex(): Promise<SeedIndex> {
  const work = mkdtempSync(path.join(tmpdir(), 'policy-seed-index-'));
  const config = loadConfig({ corpusDir: seedDir, indexDir: path.join(work, 'index') }, {});
  await buildIndex(config);
  return { config, assistant: await Assistant.open(config), cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
