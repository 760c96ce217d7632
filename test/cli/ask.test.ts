import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INDEX_FORMAT_VERSION } from '../../src/index/store.js';
import { seedDir } from '../seeds.js';
import { runCli } from './run-cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'policy-ask-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a command against the seed corpus with an index of its own, built on first use. */
const command = (script: string, args: string[], input?: string) =>
  runCli(script, args, { cwd: work, env: { CORPUS_DIR: seedDir, INDEX_DIR: path.join(work, 'index') }, ...(input !== undefined ? { input } : {}) });

describe('npm run ask', () => {
  it('builds a missing index from the corpus first, then answers with sources', async () => {
    const result = await command('ask.ts', ['第二批两重建设项目安排了多少资金？']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('building it from');
    expect(result.stdout).toMatch(/^2168亿元/);
    expect(result.stdout).toContain('来源：');
    // Sources grouped per document: the title (closed up where a PDF line break split it) once, its quotes under it.
    expect(result.stdout).toMatch(/来源：\n《国家发展和改革委员会下达2026年第二批“两重”建设项目清单》 {2}\[003_99cf775f10c83dd8#4\]\n {2}\[1\] “/);
  });

  it('builds an index an older version wrote again, then answers', async () => {
    const manifest = path.join(work, 'index', readFileSync(path.join(work, 'index', 'CURRENT'), 'utf8').trim(), 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), formatVersion: INDEX_FORMAT_VERSION - 1 }));
    const result = await command('ask.ts', ['第二批两重建设项目安排了多少资金？']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('was built by an older version: building it again');
    expect(result.stdout).toMatch(/^2168亿元/);
  });

  it('prints the answer object as JSON', async () => {
    const result = await command('ask.ts', ['--json', '国务院关于推进服务业扩能提质的意见的文号是多少？']);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ answered: true, intent: 'lookup' });
    expect(answer.answer).toContain('国发〔2026〕7号');
    expect(answer.citations[0]).toMatchObject({ quote: '国发〔2026〕7号', title: '国务院关于推进服务业扩能提质的意见' });
  });

  it('explains an answer: its confidence against the threshold, and the candidate sentences scored', async () => {
    const result = await command('ask.ts', ['--explain', '第二批两重建设项目安排了多少资金？']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^2168亿元/);
    expect(result.stdout).toMatch(/【说明】置信度 0\.\d{3}，拒答阈值 0\.\d{3}，不低于阈值：作答。/);
    expect(result.stdout).toMatch(/答案特征：support [\d.]+，/);
    expect(result.stdout).toMatch(/候选句（得分，来源）：\n {2}\d\.\d{3} {2}《国家发展和改革委员会下达2026年第二批“两重”建设项目清单》.*2168亿元/);
  });

  it('explains that a lookup may be answered from the document\'s record rather than a sentence', async () => {
    const result = await command('ask.ts', ['--explain', '国务院关于推进服务业扩能提质的意见的文号是多少？']);
    expect(result.stdout).toContain('国发〔2026〕7号');
    expect(result.stdout).toContain('查询类问题：答案可取自文件的登记信息');
  });

  it('explains a refusal with the answer it would have given, and as JSON', async () => {
    const result = await command('ask.ts', ['--explain', '第三批两重建设项目安排了多少资金？']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('语料中没有找到');
    expect(result.stdout).toMatch(/低于阈值：拒答。/);
    // (With its own citations listed under it: the passages listed above the explanation are other ones.)
    expect(result.stdout).toMatch(/若作答，将是：\n2168亿元[^\n]*\[1\]/);
    expect(result.stdout).toMatch(/\n {2}\[1\] 《[^\n]*2168亿元/);
    const json = await command('ask.ts', ['--json', '--explain', '第三批两重建设项目安排了多少资金？']);
    const answer = JSON.parse(json.stdout);
    expect(answer).toMatchObject({ answered: false, explanation: { answered: false, nothingComposed: false } });
    expect(answer.explanation.confidence).toBeLessThan(answer.explanation.threshold);
    expect(answer.explanation.wouldAnswer).toMatch(/^2168亿元/);
    expect(answer.explanation.wouldCite[0].quote).toContain('2168亿元');
  });

  it('rejects a malformed date filter with a clear error', async () => {
    const result = await command('ask.ts', ['--from', '2026/1/1', '问题']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [INVALID_CONFIG]: Invalid configuration: --from must be a date like 2026-04-01');
  });
});

describe('npm run chat', () => {
  it('keeps the conversation across turns', async () => {
    const result = await command('chat.ts', [], '人工智能科技伦理审查与服务办法是哪些部门联合印发的？\n它的文号是多少？\n/quit\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('中国科协联合印发');
    expect(result.stdout).toContain('的文号是工信部联科〔2026〕75号');
  });
});
