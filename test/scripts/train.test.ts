import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ReaderModel } from '../../src/answer/model/model.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'policy-train-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run train', () => {
  it('fits the reader model on a suite and writes weights the assistant loads, with the reliability curve printed', async () => {
    const suite = path.join(work, 'suite.json');
    writeFileSync(
      suite,
      JSON.stringify({
        suites: [{ name: 'seeds', corpus: path.join(root, 'corpus'), index: path.join(work, 'index'), datasets: [path.join(root, 'eval/seeds/seed-qa.jsonl'), path.join(root, 'eval/seeds/dev41-qa.jsonl')] }],
      }),
    );
    const out = path.join(work, 'weights.json');
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/train.ts', '--suite', suite, '--sample', '40', '--out', out], { cwd: root, maxBuffer: 1 << 24 });
    expect(stdout).toContain('top sentence holds the answer');
    expect(stdout).toContain('Reliability on the validation parts');
    expect(stdout).toMatch(/Chosen for precision ≥ 0\.\d+: threshold 0\.\d+/);
    expect(stdout).toMatch(/nearest validation answer lies \d\.\d+ from that threshold/);
    const model = ReaderModel.load(new URL(`file://${out}`));
    expect(model.refusalThreshold).toBeGreaterThan(0);
    expect(model.refusalThreshold).toBeLessThan(1);
    // The fitted answer model gives a higher probability to better-supported answers.
    expect(model.answerProbability({ support: 0.9 } as never)).toBeGreaterThan(model.answerProbability({ support: 0.1 } as never));
  }, 180_000);
});
