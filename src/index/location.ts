/**
 * Where an index lives on disk, and the rules that keep a user's files safe around it.
 *
 *   <index>/CURRENT      the name of the live generation, replaced by one rename (atomic)
 *   <index>/LOCK         held while a build runs: {"pid", "host", "startedAt"}
 *   <index>/gen-…/       one complete index (manifest.json, documents.jsonl, …)
 *
 * A build writes a new generation beside the live one and then renames a new CURRENT over the old:
 * a crash at any moment leaves either the old or the new index, never none. Generations that no
 * CURRENT names (a crashed build's) are removed by the next build.
 *
 * An index is only ever written into a missing path, an empty folder or a folder that already
 * holds an index, and never into the corpus: a wrong `--index` must not destroy anything.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PolicyQaError, policyError } from '../errors.js';

const CURRENT = 'CURRENT';
const LOCK = 'LOCK';
const GENERATION = /^gen-[0-9a-z-]+$/;
/** The files an index generation holds: the only names cleanup ever deletes. */
export const INDEX_FILES = ['manifest.json', 'files.json', 'documents.jsonl', 'chunks.jsonl', 'figures.jsonl', 'bm25.bin', 'vectors.hnsw'] as const;

/** The live generation's folder, or undefined when the folder holds no index. */
export function liveGeneration(dir: string): string | undefined {
  let name: string;
  try {
    name = readFileSync(path.join(dir, CURRENT), 'utf8').trim();
  } catch {
    return undefined;
  }
  if (!GENERATION.test(name)) throw policyError('INDEX_CORRUPT', dir);
  return path.join(dir, name);
}

/** Whether `dir` holds an index (its CURRENT names a generation with a manifest), or a pre-generation one. */
export function holdsIndex(dir: string): boolean {
  if (existsSync(path.join(dir, CURRENT))) return true;
  // Indexes written before generations: the manifest at the top (read as INDEX_VERSION, then rebuilt).
  return existsSync(path.join(dir, 'manifest.json'));
}

/** The real path of `target`, resolving symlinks in the part of it that exists. */
function realPath(target: string): string {
  const absolute = path.resolve(target);
  let existing = absolute;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(realpathSync(existing), ...rest);
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Refuses, with INDEX_PATH_UNSAFE naming the path, to write an index anywhere it could overwrite or
 * delete something the user owns: a file, a non-empty folder that holds no index, or the corpus.
 */
export function assertWritableIndexPath(indexDir: string, corpusDir: string): void {
  const index = realPath(indexDir);
  const corpus = realPath(corpusDir);
  if (isInside(index, corpus)) {
    throw policyError('INDEX_PATH_UNSAFE', indexDir, `it is ${index === corpus ? 'the corpus folder itself' : `inside the corpus folder ${corpusDir}`}`);
  }
  if (!existsSync(index)) return;
  if (!statSync(index).isDirectory()) throw policyError('INDEX_PATH_UNSAFE', indexDir, 'it is a file, not a folder');
  if (holdsIndex(index)) return;
  // What a first build killed early leaves (its lock, a half-written generation) is ours too.
  const entries = readdirSync(index).filter((name) => name !== LOCK && !GENERATION.test(name) && !/^CURRENT\.\d+\.tmp$/.test(name));
  if (entries.length > 0) {
    throw policyError('INDEX_PATH_UNSAFE', indexDir, `the folder is not empty and holds no index (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''})`);
  }
}

/** A new generation's folder name: sortable by time, unique per process. */
export function newGenerationName(): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').toLowerCase();
  return `gen-${stamp}-${process.pid}`;
}

/** Makes `generation` (a folder inside `dir`) the live index: one rename, so readers see old or new. */
export async function publishGeneration(dir: string, generation: string): Promise<void> {
  const pending = path.join(dir, `${CURRENT}.${process.pid}.tmp`);
  const handle = await open(pending, 'w');
  try {
    await handle.writeFile(`${path.basename(generation)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(pending, path.join(dir, CURRENT));
}

/** Whether a folder holds only what an index writes (so removing it deletes nothing of the user's). */
async function onlyIndexFiles(folder: string): Promise<boolean> {
  try {
    const names = await readdir(folder);
    return names.every((name) => (INDEX_FILES as readonly string[]).includes(name) || /\.\d+\.tmp$/.test(name));
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process nobody reaped (containers without an init) still answers signal 0: a zombie.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * Earlier versions swapped an index in with two renames through `<index>.tmp-<pid>` and
 * `<index>.old-<pid>` siblings; a kill between them left no index. Such an `.old` copy is adopted back
 * when the index is gone, and the rest removed (only folders of index files, of processes that are gone).
 */
export async function recoverSiblings(dir: string): Promise<void> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  for (const name of existsSync(parent) ? await readdir(parent) : []) {
    const match = name.startsWith(`${base}.`) ? /^\.(tmp|old)-(\d+)$/.exec(name.slice(base.length)) : null;
    if (!match || processAlive(Number(match[2]))) continue;
    const sibling = path.join(parent, name);
    if (!(await onlyIndexFiles(sibling))) continue;
    if (match[1] === 'old' && !existsSync(target) && existsSync(path.join(sibling, 'manifest.json'))) await rename(sibling, target);
    else await rm(sibling, { recursive: true, force: true });
  }
}

/**
 * Tidies what interrupted builds left inside the folder: generations no CURRENT names, a
 * half-written CURRENT, and the top-level files of a pre-generation index once a generation
 * replaced it. Runs under the lock.
 */
export async function tidyIndexFolder(dir: string): Promise<void> {
  const target = path.resolve(dir);
  if (!existsSync(target)) return;
  const live = liveGeneration(target);
  for (const name of await readdir(target)) {
    const entry = path.join(target, name);
    if (GENERATION.test(name) && entry !== live && (await onlyIndexFiles(entry))) await rm(entry, { recursive: true, force: true });
    else if (/^CURRENT\.\d+\.tmp$/.test(name)) await rm(entry, { force: true });
    else if (live && (INDEX_FILES as readonly string[]).includes(name)) await rm(entry, { force: true });
  }
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * Takes the index folder's lock for one build, so that two ingests (or an ingest and the server's
 * re-index) never both write and silently discard each other's work. A lock left by a process
 * that no longer runs on this host is taken over. Returns the release function.
 */
export async function lockIndex(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK);
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify(owner), { flag: 'wx' });
      return async () => {
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: Partial<LockOwner> = {};
    try {
      holder = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
    } catch {
      // A lock file cut short by a crash: nobody holds it.
    }
    const stale = holder.host !== undefined && holder.host === owner.host && typeof holder.pid === 'number' && !processAlive(holder.pid);
    // An unreadable lock is one a crash cut short, unless it is so new that its writer is still at it.
    const unreadable = holder.pid === undefined && Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 10_000;
    if (!stale && !unreadable) {
      throw new PolicyQaError(
        'INDEX_LOCKED',
        `The index in ${dir} is being updated by another process${holder.pid === undefined ? '' : ` (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})`}. ` +
          `Wait for it to finish; if no ingest is running, delete ${file}.`,
      );
    }
    await rm(file, { force: true });
  }
  throw new PolicyQaError('INDEX_LOCKED', `The lock ${file} could not be taken.`);
}
