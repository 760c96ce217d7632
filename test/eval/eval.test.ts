import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NaiveBaseline } from '../../src/eval/baseline.js';
import { readDataset, type EvalItem } from '../../src/eval/dataset.js';
import { runEval } from '../../src/eval/run.js';
import { answerRank, isCorrect, leadsWithAnswer, sourceLabel, summarise, titleMatches } from '../../src/eval/score.js';
import { partOf, sample } from '../../src/eval/split.js';
import { openSeedIndex, type SeedIndex } from '../seed-index.js';

let seed: SeedIndex;
let work: string;
beforeAll(async () => {
  seed = await openSeedIndex();
  work = mkdtempSync(path.join(tmpdir(), 'policy-eval-'));
});
afterAll(() => {
  seed.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const item = (fields: Partial<EvalItem> & Pick<EvalItem, 'question' | 'answers'>): EvalItem => ({ id: 'x', ...fields });

describe('readDataset', () => {
  it('reads the contract format, numeric ids included', async () => {
    const file = path.join(work, 'ok.jsonl');
    writeFileSync(file, '{"id":1,"question":"问题？","answers":["答案"],"history":["前一问"],"type":"followup","source":"标题"}\n\n');
    expect(await readDataset(file)).toEqual([{ id: '1', question: '问题？', answers: ['答案'], history: ['前一问'], type: 'followup', source: '标题' }]);
  });

  it('names the file, line and field of a bad record', async () => {
    const file = path.join(work, 'bad.jsonl');
    writeFileSync(file, '{"id":"a","question":"问？","answers":[]}\n{"id":"b","question":"问？","answers":"答案"}\n');
    await expect(readDataset(file)).rejects.toMatchObject({ code: 'INVALID_JSONL_LINE', message: expect.stringMatching(/bad\.jsonl:2: field "answers"/) });
    writeFileSync(file, '{"id":"a",\n');
    await expect(readDataset(file)).rejects.toMatchObject({ code: 'INVALID_JSONL_LINE', message: expect.stringContaining('bad.jsonl:1: not valid JSON') });
  });
});

describe('scoring', () => {
  it('needs one acceptable answer and every required string, ignoring spacing and width', () => {
    const gold = item({ question: '?', answers: ['2168亿元', '2168 亿元'], all: ['336个'] });
    expect(isCorrect(gold, '共安排2168 亿元，支持336个项目', true)).toBe(true);
    expect(isCorrect(gold, '共安排2168亿元', true)).toBe(false);
    expect(isCorrect(gold, '共安排２１６８亿元，支持336个', false)).toBe(false);
    expect(isCorrect(gold, '共安排２１６８亿元，支持336个', true)).toBe(true);
  });

  it('tells an answer that leads with the gold from one that only quotes it behind another figure', () => {
    const gold = item({ question: '手持订单量占世界总量的百分之多少？', answers: ['53.2%'] });
    expect(leadsWithAnswer(gold, '53.2%（2023年）。据《…》：“…分别占世界总量的49.6%、72.6%和53.2%…”[1]', true)).toBe(true);
    expect(leadsWithAnswer(gold, '49.6%（2023年）。据《…》：“…分别占世界总量的49.6%、72.6%和53.2%…”[1]', true)).toBe(false);
    expect(isCorrect(gold, '49.6%（2023年）。据《…》：“…分别占世界总量的49.6%、72.6%和53.2%…”[1]', true)).toBe(true);
    expect(leadsWithAnswer(gold, '53.2%', false)).toBe(false);
  });

  it('breaks answerable items down by the kind of answer their question expects', () => {
    const scored = (question: string, correct: boolean, leadCorrect: boolean) => ({ item: item({ question, answers: ['x'] }), answered: true, correct, leadCorrect, sourceCorrect: false, sourceRank: 0, answerRank: 0, latencyMs: 1 });
    const metrics = summarise([scored('谁主持了会议？', true, true), scored('谁宣布了新标志？', true, false), scored('会议在哪里举行？', false, false), { ...scored('？', true, false), item: item({ question: '有没有补贴？', answers: [] }) }]);
    expect(metrics.byAnswerType).toEqual({ person: { items: 2, accuracy: 1, lead: 0.5 }, place: { items: 1, accuracy: 0, lead: 0 } });
  });

  it('counts a refusal as correct only for an unanswerable question', () => {
    expect(isCorrect(item({ question: '?', answers: [] }), '语料中没有找到', false)).toBe(true);
    expect(isCorrect(item({ question: '?', answers: [] }), '有答案', true)).toBe(false);
  });
});

describe('runEval', () => {
  it('writes result lines in the contract shape and scores ours beside the naive baseline', async () => {
    const items: EvalItem[] = [
      item({ id: 'f', question: '第二批两重建设项目安排了多少超长期特别国债资金？', answers: ['2168亿元'], type: 'figure', source: '两重' }),
      item({ id: 'u', question: '2027年新能源汽车购置补贴标准是多少？', answers: [], type: 'unanswerable' }),
      item({ id: 'h', question: '它的文号是多少？', answers: ['工信部联科〔2026〕75号'], history: ['人工智能科技伦理审查与服务办法是哪些部门印发的？'], type: 'followup', source: '人工智能科技伦理审查与服务办法' }),
    ];
    const baseline = NaiveBaseline.build(seed.assistant.index, 256);
    const run = await runEval(seed.assistant, items, { k: 5, baseline });
    expect(Object.keys(run.results[0]!).sort()).toEqual(['answer', 'answerRank', 'answered', 'citations', 'correct', 'id', 'latencyMs', 'question', 'retrievalHit'].sort());
    expect(Object.keys(run.results[0]!.citations[0]!).sort()).toEqual(['docId', 'end', 'heading', 'quote', 'start', 'title'].sort());
    expect(run.results.map((r) => [r.id, r.correct, r.answered])).toEqual([
      ['f', true, true],
      ['u', true, false],
      ['h', true, true],
    ]);
    // The follow-up's passages are those the answerer searched: with the earlier turn's topic and
    // document, where "它的文号是多少？" alone names nothing to find.
    expect(run.results[2]!.answerRank).toBeGreaterThan(0);
    expect(run.results[2]!.answerRank).toBeLessThanOrEqual(5);
    expect((await seed.assistant.retriever.search('它的文号是多少？', { limit: 20 })).some((hit) => hit.chunk.text.includes('工信部联科〔2026〕75号'))).toBe(false);
    const metrics = summarise(run.scored);
    expect(metrics).toMatchObject({ items: 3, answerable: 2, unanswerable: 1, answerAccuracy: 1, refusalAccuracy: 1 });
    // The baseline never refuses.
    expect(summarise(run.baseline!).refusalAccuracy).toBe(0);
  });
});

describe('splits, recall and sources', () => {
  it('splits every set the same way, about 70/30, whatever its order', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `q${i}`);
    const validation = ids.filter((id) => partOf(id) === 'validation');
    expect(validation.length / ids.length).toBeGreaterThan(0.27);
    expect(validation.length / ids.length).toBeLessThan(0.33);
    expect([...ids].reverse().filter((id) => partOf(id) === 'validation').sort()).toEqual([...validation].sort());
    expect(sample(ids.map((id) => ({ id })), 10)).toEqual(sample([...ids].reverse().map((id) => ({ id })), 10).reverse());
  });

  it('ranks the first passage that holds a gold answer, width and spacing ignored', () => {
    const item = { id: 'x', question: '？', answers: ['2168亿元'] };
    expect(answerRank(item, ['无关段落', '共安排资金２１６８ 亿元', '2168亿元'])).toBe(2);
    expect(answerRank(item, ['无关段落'])).toBe(0);
  });

  it('matches a source that pins a version by its date', () => {
    const law = { title: '中华人民共和国民事诉讼法', date: '2023-09-01' };
    expect(titleMatches(sourceLabel(law), '民事诉讼法(2023-09-01)')).toBe(true);
    expect(titleMatches(sourceLabel({ ...law, date: '2021-12-24' }), '民事诉讼法(2023-09-01)')).toBe(false);
    expect(titleMatches(sourceLabel(law), '民事诉讼法')).toBe(true);
  });
});
