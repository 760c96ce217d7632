/**
 * `npm run docs -- [--index DIR] [--json]`
 * Lists the indexed documents with their metadata.
 */
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { describeUrl } from '../index/postgres/database.js';
import { openPostgresIndex } from '../index/postgres/open.js';
import { loadIndex } from '../index/store.js';
import type { PolicyDocument } from '../types.js';
import { runCommand } from './run.js';

function describe(document: PolicyDocument): string {
  const facts = [
    document.type,
    document.documentNumber,
    document.date,
    document.effectiveDate ? `施行 ${document.effectiveDate}` : undefined,
    document.issuers.length > 0 ? document.issuers.join('、') : undefined,
  ].filter(Boolean);
  return `${document.id}  ${document.title}\n    ${facts.join(' | ')}  (${document.sourceFile}${document.sourceLine ? `:${document.sourceLine}` : ''})`;
}

const program = new Command()
  .name('docs')
  .description('List the documents in the index with their metadata.')
  .option('--index <dir>', 'index folder (default: $INDEX_DIR or data/index/)')
  .option('--json', 'print JSON (one array of documents, without their text)')
  .action(async (flags: { index?: string; json?: boolean }) => {
    const config = loadConfig({ indexDir: flags.index });
    // With DATABASE_URL, the documents the database serves.
    const database = config.databaseUrl ? await openPostgresIndex(config.databaseUrl) : undefined;
    try {
      const index = database?.index ?? (await loadIndex(config.indexDir, { search: false }));
      const source = config.databaseUrl ? `the database at ${describeUrl(config.databaseUrl)}, generation ${index.generation}` : `index ${config.indexDir}`;
      const documents = [...index.documents.values()];
      if (flags.json) {
        // (A database's texts are read back from its local copy: open until printed.)
        console.log(JSON.stringify(documents.map(({ text, ...metadata }) => ({ ...metadata, characters: text.length })), null, 2));
        return;
      }
      for (const document of documents) console.log(describe(document));
      const { counts } = index.manifest;
      console.log(`\n${counts.documents} documents, ${counts.chunks} chunks, ${counts.figures} figures from ${counts.files} files (${source}, updated ${index.manifest.updatedAt}).`);
    } finally {
      await database?.close();
    }
  });

await runCommand(() => program.parseAsync().then(() => undefined));
