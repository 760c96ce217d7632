/**
 * The command line of the measurement scripts: `--name value` flags, and the three every suite
 * script reads (`--part`, `--sample`, `--only`).
 */
import type { Part } from '../src/eval/split.js';

const args = process.argv.slice(2);

/** The value after `--name`, or the fallback. */
export function flag(name: string): string | undefined;
export function flag(name: string, fallback: string): string;
export function flag(name: string, fallback?: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

/** Whether `--name` is given, with no value. */
export const hasFlag = (name: string) => args.includes(`--${name}`);

/** Which part of each dev set (default tuning), at most how many items per set, which suites. */
export function suiteFlags(): { part: Part | 'all'; sampleSize?: number; only?: string[] } {
  return { part: flag('part', 'tuning') as Part | 'all', sampleSize: Number(flag('sample', '0')) || undefined, only: flag('only')?.split(',') };
}
