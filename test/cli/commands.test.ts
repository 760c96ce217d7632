import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevDatabase } from '../../src/index/postgres/dev-database.js';
import { publishFolder } from '../../src/index/postgres/publish.js';
import { seedDir } from '../seeds.js';
import { runCli, type CliResult } from './run-cli.js';

/** Runs a command in the work folder, with CORPUS_DIR and INDEX_DIR unset unless given. */
const command = (script: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(script, args, { cwd: work, env: { CORPUS_DIR: '', INDEX_DIR: '', ...env } });

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'policy-cli-'));
  cpSync(seedDir, path.join(work, 'seeds'), { recursive: true });
  writeFileSync(path.join(work, 'seeds', 'bad.jsonl'), '{"id":1,"text":"有效的一行，内容完整。"}\nnot json\n');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run ingest', () => {
  it('builds the index, warns about bad lines by file and line, and prints a summary', async () => {
    const result = await command('ingest.ts', ['--corpus', 'seeds', '--index', 'idx']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning [INVALID_JSONL_LINE] bad.jsonl:2');
    expect(result.stdout).toMatch(/Indexed \d+ documents, \d+ chunks, \d+ figures from 6 files \(6 added.*MB\/s/);
  });

  it('takes its folders from CORPUS_DIR and INDEX_DIR, and skips unchanged files', async () => {
    const result = await command('ingest.ts', ['--json'], { CORPUS_DIR: 'seeds', INDEX_DIR: 'idx' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).files).toMatchObject({ total: 6, unchanged: 6 });
  });

  it('names a missing corpus folder', async () => {
    const result = await command('ingest.ts', ['--corpus', 'nowhere', '--index', 'idx2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error \[CORPUS_MISSING\]: Corpus folder nowhere does not exist/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run docs', () => {
  it('lists documents with their metadata', async () => {
    const result = await command('docs.ts', ['--index', 'idx']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('国务院关于推进服务业扩能提质的意见');
    expect(result.stdout).toContain('国发〔2026〕7号');
  });

  it('prints JSON without document text', async () => {
    const result = await command('docs.ts', ['--json'], { INDEX_DIR: 'idx' });
    const documents = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const measures = documents.find((d) => d.title === '人工智能科技伦理审查与服务办法（试行）');
    expect(measures).toMatchObject({ documentNumber: '工信部联科〔2026〕75号', type: '办法', date: '2026-03-20' });
    expect(measures).not.toHaveProperty('text');
  });

  it('prints the documents a database serves, their texts read back to count them', async () => {
    const database = await startDevDatabase({ port: 0 });
    try {
      await publishFolder(database.url, path.join(work, 'idx'));
      const [fromFiles, fromDatabase] = await Promise.all([command('docs.ts', ['--json'], { INDEX_DIR: 'idx' }), command('docs.ts', ['--json'], { DATABASE_URL: database.url })]);
      expect(fromDatabase.code, fromDatabase.stderr).toBe(0);
      const counted = (result: CliResult) => (JSON.parse(result.stdout) as Array<{ id: string; characters: number }>).map(({ id, characters }) => [id, characters]);
      expect(counted(fromDatabase)).toEqual(counted(fromFiles));
      expect(counted(fromDatabase).every(([, characters]) => (characters as number) > 0)).toBe(true);
    } finally {
      await database.stop();
    }
  });

  it('tells the user to ingest first when there is no index', async () => {
    const result = await command('docs.ts', ['--index', 'missing']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [INDEX_MISSING]: No index in missing. Run `npm run ingest` first.');
  });
});
