/**
 * The index folder never costs the user a file: wrong paths are refused, a build killed at any
 * moment leaves a usable index, and two builds on one index cannot both write.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { liveGeneration } from '../../src/index/location.js';
import { INDEX_FORMAT_VERSION, loadIndex } from '../../src/index/store.js';
import { runCli } from '../cli/run-cli.js';
import { seedDir } from '../seeds.js';

let work: string;
let corpusDir: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'policy-location-'));
  corpusDir = path.join(work, 'corpus');
  cpSync(seedDir, corpusDir, { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const configFor = (indexDir: string, corpus = corpusDir): Config => loadConfig({ corpusDir: corpus, indexDir }, {});

/** Every file under `dir` with its content, to show nothing was changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = readFileSync(path.join(entry.parentPath, entry.name), 'latin1');
  }
  return files;
}

describe('where an index may be written', () => {
  it('refuses the corpus folder itself and any folder inside it, and leaves the corpus as it was', async () => {
    const before = snapshot(corpusDir);
    await expect(buildIndex(configFor(corpusDir))).rejects.toMatchObject({ code: 'INDEX_PATH_UNSAFE', message: expect.stringContaining('the corpus folder itself') });
    await expect(buildIndex(configFor(path.join(corpusDir, 'idx')))).rejects.toMatchObject({ code: 'INDEX_PATH_UNSAFE' });
    expect(snapshot(corpusDir)).toEqual(before);
  });

  it('refuses a folder of the user’s files, naming it, and a file', async () => {
    const folder = path.join(work, 'my-work');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'report.docx'), 'my report');
    writeFileSync(path.join(folder, 'plan.md'), '# plan');
    await expect(buildIndex(configFor(folder))).rejects.toMatchObject({
      code: 'INDEX_PATH_UNSAFE',
      message: expect.stringMatching(/my-work.*not empty and holds no index \((plan\.md, report\.docx|report\.docx, plan\.md)\)/),
    });
    expect(snapshot(folder)).toEqual({ 'report.docx': 'my report', 'plan.md': '# plan' });

    const questions = path.join(work, 'questions.txt');
    writeFileSync(questions, '问题一\n');
    await expect(buildIndex(configFor(questions))).rejects.toMatchObject({ code: 'INDEX_PATH_UNSAFE', message: expect.stringContaining('it is a file') });
    expect(readFileSync(questions, 'utf8')).toBe('问题一\n');
  });

  it('writes into a missing path or an empty folder, and updates an index folder in place', async () => {
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    await buildIndex(configFor(empty));
    expect(readdirSync(empty).sort()).toEqual(['CURRENT', path.basename(liveGeneration(empty)!)].sort());
    appendFileSync(path.join(corpusDir, '000_eaf22a666d114652.txt'), '\n\n补充的一段新内容，说明有关情况。\n');
    const summary = await buildIndex(configFor(empty));
    expect(summary.files.changed).toBe(1);
    expect(readdirSync(empty)).toHaveLength(2);
  });

  it('ask and chat (and the server, which opens an index the same way) answer INDEX_MISSING for a named index that does not exist, building nothing there', async () => {
    const folder = path.join(work, 'elsewhere');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'notes.md'), 'mine');
    for (const [script, args] of [['ask.ts', ['问题']], ['chat.ts', []]] as const) {
      const result = await runCli(script, ['--index', folder, ...args], { cwd: work, env: { CORPUS_DIR: '' }, input: '' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error [INDEX_MISSING]: No index in ${folder}`);
    }
    expect(snapshot(folder)).toEqual({ 'notes.md': 'mine' });
  });
});

describe('a build killed while it saves', () => {
  it('leaves the previous or the new index, never none; the next build tidies up after it', async () => {
    const indexDir = path.join(work, 'killed');
    await buildIndex(configFor(indexDir));
    const documentsBefore = (await loadIndex(indexDir)).documents.size;
    for (let run = 0; run < 3; run++) {
      appendFileSync(path.join(corpusDir, '001_380fe60a0c574e6d.txt'), `\n\n第${run + 2}次补充的段落，说明新的情况。\n`);
      const before = liveGeneration(indexDir);
      const child = spawn(path.resolve('node_modules/.bin/tsx'), ['src/cli/ingest.ts', '--corpus', corpusDir, '--index', indexDir, '--json'], { stdio: 'ignore', detached: true });
      // Kill it the moment a new generation folder appears: in the middle of writing it.
      await new Promise<void>((resolve) => {
        const watch = setInterval(() => {
          const generations = readdirSync(indexDir).filter((name) => name.startsWith('gen-') && path.join(indexDir, name) !== before);
          if (generations.length > 0 || child.exitCode !== null) {
            clearInterval(watch);
            // tsx runs the command in a child process of its own: kill the whole group.
            process.kill(-child.pid!, 'SIGKILL');
            resolve();
          }
        }, 1);
      });
      await new Promise((resolve) => child.once('exit', resolve));
      const index = await loadIndex(indexDir);
      expect(index.documents.size).toBeGreaterThanOrEqual(documentsBefore);
    }
    // The killed runs left a lock and half-written generations; the next build takes over and tidies.
    const live = path.basename(liveGeneration(indexDir)!);
    expect(readdirSync(indexDir).filter((name) => name.startsWith('gen-') && name !== live).length).toBeGreaterThan(0);
    expect(existsSync(path.join(indexDir, 'LOCK'))).toBe(true);
    const summary = await buildIndex(configFor(indexDir));
    expect(summary.files.failed).toBe(0);
    expect(readdirSync(indexDir).sort()).toEqual(['CURRENT', path.basename(liveGeneration(indexDir)!)].sort());
  });

  it('adopts the index an older version left renamed aside, and removes its staging copy', async () => {
    const indexDir = path.join(work, 'old-layout');
    await buildIndex(configFor(indexDir));
    const generation = liveGeneration(indexDir)!;
    // What a kill between the old version's two renames left: no index, `.old-<pid>` and `.tmp-<pid>` siblings.
    for (const sibling of [`${indexDir}.tmp-999999`, `${indexDir}.old-999998`]) {
      cpSync(generation, sibling, { recursive: true });
      const manifest = JSON.parse(readFileSync(path.join(sibling, 'manifest.json'), 'utf8'));
      writeFileSync(path.join(sibling, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 2, checksums: undefined }));
    }
    rmSync(indexDir, { recursive: true });
    const userFolder = `${indexDir}.tmp-backup`;
    mkdirSync(userFolder);
    writeFileSync(path.join(userFolder, 'keep.txt'), 'mine');

    const summary = await buildIndex(configFor(indexDir));
    expect(summary.rebuildReason).toBe(`the index format changed (2 → ${INDEX_FORMAT_VERSION})`);
    expect(readdirSync(indexDir).sort()).toEqual(['CURRENT', path.basename(liveGeneration(indexDir)!)].sort());
    expect(existsSync(`${indexDir}.tmp-999999`)).toBe(false);
    expect(existsSync(`${indexDir}.old-999998`)).toBe(false);
    expect(readFileSync(path.join(userFolder, 'keep.txt'), 'utf8')).toBe('mine');
    expect((await loadIndex(indexDir)).documents.size).toBe(summary.documents);
  });
});

describe('the index lock', () => {
  it('lets one of two concurrent builds write and tells the other why it did not', async () => {
    const indexDir = path.join(work, 'locked');
    const results = await Promise.allSettled([buildIndex(configFor(indexDir)), buildIndex(configFor(indexDir))]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toMatchObject({ code: 'INDEX_LOCKED', message: expect.stringContaining(`pid ${process.pid}`) });
    expect(existsSync(path.join(indexDir, 'LOCK'))).toBe(false);
  });

  it('takes over a lock whose process is gone', async () => {
    const indexDir = path.join(work, 'stale-lock');
    mkdirSync(indexDir);
    writeFileSync(path.join(indexDir, 'LOCK'), JSON.stringify({ pid: 999_999_9, host: (await import('node:os')).hostname(), startedAt: '2026-01-01T00:00:00Z' }));
    const summary = await buildIndex(configFor(indexDir));
    expect(summary.documents).toBeGreaterThan(20);
  });
});
