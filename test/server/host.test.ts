/** HOST: loopback by default, configurable, checked; `npm start` speaks of env variables, not flags. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('HOST', () => {
  it('binds 127.0.0.1 unless set', () => {
    expect(loadConfig({}, {}).server.host).toBe('127.0.0.1');
    expect(loadConfig({}, { HOST: '0.0.0.0' }).server.host).toBe('0.0.0.0');
    expect(loadConfig({}, { HOST: '::' }).server.host).toBe('::');
    expect(loadConfig({}, { HOST: 'localhost' }).server.host).toBe('localhost');
  });

  it('rejects what is not an address or a host name, with a stable code', () => {
    expect(() => loadConfig({}, { HOST: 'http://0.0.0.0:3000' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('HOST') }));
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Runs src/server/main.ts as `npm start` does until it exits or prints its address; then stops it. */
function start(env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/server/main.ts')], {
      cwd,
      env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', CORPUS_DIR: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('HOST=0.0.0.0')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start messages', () => {
  it('names INDEX_DIR and CORPUS_DIR, not command-line flags, when the index is missing', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'policy-host-'));
    try {
      const { code, stderr } = await start({ INDEX_DIR: path.join(work, 'no-index') }, work);
      expect(code).toBe(1);
      expect(stderr).toContain('error [INDEX_MISSING]');
      expect(stderr).toContain('INDEX_DIR');
      expect(stderr).toContain('CORPUS_DIR');
      expect(stderr).not.toMatch(/--index|--corpus/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);

  it('says where it listens, that only this machine can connect, and how to change that', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'policy-host-'));
    try {
      // The seed corpus, indexed on start into a fresh folder.
      const port = await freePort();
      const { stdout } = await start({ CORPUS_DIR: path.join(root, 'corpus'), INDEX_DIR: path.join(work, 'index'), DATA_DIR: path.join(work, 'data'), PORT: String(port) }, work);
      expect(stdout).toMatch(new RegExp(`政策问答助手: \\d+ documents from INDEX_DIR=.*→ http://localhost:${port}/`));
      expect(stdout).toContain('Only this machine can connect. To serve the network, set HOST=0.0.0.0');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
