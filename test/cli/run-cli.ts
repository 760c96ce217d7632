/** Runs a CLI entry point (src/cli/*.ts) as a child process, the way npm scripts do. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Written to the command's standard input, which is then closed. */
  input?: string;
}

export async function runCli(script: string, args: string[], options: CliOptions): Promise<CliResult> {
  try {
    const child = run(tsx, [path.join(root, 'src/cli', script), ...args], {
      cwd: options.cwd,
      // Offline unless a test configures an endpoint: a developer's own key must not leak in.
      env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', ANSWER_MODE: '', ...options.env },
    });
    if (options.input !== undefined) child.child.stdin!.end(options.input);
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
