/** The five seed documents (the default corpus), read for tests. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SourceText } from '../src/types.js';

export const seedDir = fileURLToPath(new URL('../corpus/', import.meta.url));

export function seedSources(): SourceText[] {
  return readdirSync(seedDir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => ({ sourceFile: file, format: 'txt' as const, text: readFileSync(`${seedDir}/${file}`, 'utf8') }));
}

export function seedSource(prefix: string): SourceText {
  const source = seedSources().find((s) => s.sourceFile.startsWith(prefix));
  if (!source) throw new Error(`no seed file starting with ${prefix}`);
  return source;
}
