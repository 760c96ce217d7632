import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../agent/fake-openai.js';
import { quotingModel } from '../agent/scripted-model.js';
import { openSeedIndex, type SeedIndex } from '../seed-index.js';
import { runCli } from './run-cli.js';

let seed: SeedIndex;
let fake: FakeOpenAI;
let work: string;
let dataset: string;

beforeAll(async () => {
  seed = await openSeedIndex();
  fake = await startFakeOpenAI(quotingModel(/亿元|个重大项目/));
  work = mkdtempSync(path.join(tmpdir(), 'policy-eval-llm-'));
  dataset = path.join(work, 'set.jsonl');
  writeFileSync(
    dataset,
    [
      { id: 'a', question: '第二批两重建设项目安排了多少资金？', answers: ['2168亿元'], source: '两重' },
      { id: 'b', question: '第二批两重建设项目支持了多少个重大项目？', answers: ['336个'], source: '两重' },
    ].map((item) => JSON.stringify(item)).join('\n'),
  );
}, 120_000);

afterAll(async () => {
  await fake.close();
  seed.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('npm run eval -- --mode llm', () => {
  it('runs the set through the agent and reports accuracy, tokens and fallbacks', async () => {
    const out = path.join(work, 'out');
    const result = await runCli('eval.ts', ['--dataset', dataset, '--index', seed.config.indexDir, '--out', out, '--mode', 'llm', '--no-baseline'], {
      cwd: work,
      env: { OPENAI_BASE_URL: fake.baseUrl },
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('llm mode');
    expect(result.stdout).toMatch(/LLM tokens: 600 .*offline fallbacks: none/);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ mode: 'llm', answerAccuracy: 1, sourceAccuracy: 1, llm: { totalTokens: 600, fallbacks: {} } });
  });

  it('says what to configure when no endpoint is set', async () => {
    const result = await runCli('eval.ts', ['--dataset', dataset, '--index', seed.config.indexDir, '--mode', 'llm', '--no-baseline'], { cwd: work });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('OPENAI_API_KEY');
  });
});
