/**
 * An index built once per test file in a temporary folder, and the assistant over it: over the seed
 * corpus, or over a small corpus a test writes (openCorpusIndex).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  return openIndex('policy-seed-index-', () => seedDir);
}

/** An index over the files `write` puts in an empty corpus folder. */
export async function openCorpusIndex(name: string, write: (corpusDir: string) => void): Promise<SeedIndex> {
  return openIndex(`policy-${name}-`, (work) => {
    const corpusDir = path.join(work, 'corpus');
    mkdirSync(corpusDir);
    write(corpusDir);
    return corpusDir;
  });
}

/** Runs `use` on an index over the files `write` puts in an empty corpus folder, then removes it. */
export async function withCorpusIndex(name: string, write: (corpusDir: string) => void, use: (index: SeedIndex) => Promise<void>): Promise<void> {
  const index = await openCorpusIndex(name, write);
  try {
    await use(index);
  } finally {
    index.cleanup();
  }
}

/**
 * Writes a law into a corpus folder as the laws corpus prints it (Markdown title, the header's end,
 * one paragraph per article), its file named as law collections name them: 劳动合同法(2012-12-28).md.
 */
export function writeLaw(corpusDir: string, file: string, title: string, articles: string[], header: string[] = []): void {
  writeFileSync(path.join(corpusDir, file), [`# ${title}`, ...header, '<!-- INFO END -->', ...articles].join('\n\n'));
}

async function openIndex(prefix: string, corpus: (work: string) => string): Promise<SeedIndex> {
  const work = mkdtempSync(path.join(tmpdir(), prefix));
  const config = loadConfig({ corpusDir: corpus(work), indexDir: path.join(work, 'index') }, {});
  await buildIndex(config);
  return { config, assistant: await Assistant.open(config), cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
