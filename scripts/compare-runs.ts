/**
 * Item by item, what changed between two eval runs of the same items: per suite, the items a
 * change won and lost (answered right before and not after, or the reverse), with the question
 * and both answers' openings. Totals hide trades; a change is judged on these lists.
 *
 *   npx tsx scripts/compare-runs.ts BEFORE_DIR AFTER_DIR [--width 120]
 *
 * Each directory is an `npm run eval -- --out DIR` output: DIR/<suite>/results.jsonl for a suite
 * run, or DIR/results.jsonl for one dataset.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { ResultLine } from '../src/eval/run.js';

function resultsIn(dir: string): Map<string, Map<string, ResultLine>> {
  if (!existsSync(dir)) throw new Error(`No such folder: ${dir}`);
  const runs = new Map<string, Map<string, ResultLine>>();
  const read = (file: string) => new Map(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ResultLine).map((r) => [r.id, r]));
  if (existsSync(path.join(dir, 'results.jsonl'))) runs.set('(dataset)', read(path.join(dir, 'results.jsonl')));
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name, 'results.jsonl');
    if (entry.isDirectory() && existsSync(file)) runs.set(entry.name, read(file));
  }
  if (runs.size === 0) throw new Error(`No results.jsonl in ${dir} or its folders: is it an eval --out folder?`);
  return runs;
}

const program = new Command()
  .argument('<before>', 'eval output folder of the run before the change')
  .argument('<after>', 'eval output folder of the run after it')
  .option('--width <n>', 'characters of each answer shown', '120')
  .action((beforeDir: string, afterDir: string, flags: { width: string }) => {
    const width = Number(flags.width);
    if (!Number.isInteger(width) || width < 0) throw new Error(`--width must be a whole number of characters, not ${flags.width}`);
    const opening = (r: ResultLine) => `${r.answered ? '' : '(refused) '}${r.answer.replace(/\s+/g, ' ').slice(0, width)}`;
    const before = resultsIn(beforeDir);
    const after = resultsIn(afterDir);
    for (const suite of new Set([...before.keys(), ...after.keys()])) {
      const [was, now] = [before.get(suite), after.get(suite)];
      if (!was || !now) {
        console.log(`== ${suite}: only in ${was ? beforeDir : afterDir}`);
        continue;
      }
      const won: string[] = [];
      const lost: string[] = [];
      let common = 0;
      for (const [id, a] of was) {
        const b = now.get(id);
        if (!b) continue;
        common++;
        if (a.correct === b.correct) continue;
        (b.correct ? won : lost).push(`  ${id} ${b.question}\n    before: ${opening(a)}\n    after:  ${opening(b)}`);
      }
      console.log(`== ${suite}: ${common} items in both, ${won.length} won, ${lost.length} lost`);
      if (won.length > 0) console.log(`won:\n${won.join('\n')}`);
      if (lost.length > 0) console.log(`lost:\n${lost.join('\n')}`);
    }
  });

try {
  program.parse();
} catch (error) {
  console.error(`compare-runs: ${(error as Error).message}`);
  process.exitCode = 2;
}
