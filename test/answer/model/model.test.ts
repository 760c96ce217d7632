import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../../src/answer/assistant.js';
import type { ReaderTrace } from '../../../src/answer/answerer.js';
import { ANSWER_FEATURES, handScore, SENTENCE_FEATURES } from '../../../src/answer/model/features.js';
import { ReaderModel, standardModel } from '../../../src/answer/model/model.js';
import { openSeedIndex, type SeedIndex } from '../../seed-index.js';

let seed: SeedIndex;
beforeAll(async () => {
  seed = await openSeedIndex();
}, 120_000);
afterAll(() => seed?.cleanup());

const prior = new ReaderModel({ sentence: { bias: 0, weights: { handScore: 1 } }, answer: { bias: -3.5, weights: { support: 10 } }, refusalThreshold: 0.5 });

describe('the reader model', () => {
  it('loads the committed weights: a threshold between 0 and 1, weights only for features the code computes', () => {
    const model = standardModel();
    expect(model.refusalThreshold).toBeGreaterThan(0);
    expect(model.refusalThreshold).toBeLessThan(1);
    // A feature renamed or removed in features.ts leaves a stale weight: retrain.
    for (const name of Object.keys(model.weights.sentence.weights)) expect(SENTENCE_FEATURES).toContain(name);
    for (const name of Object.keys(model.weights.answer.weights)) expect(ANSWER_FEATURES).toContain(name);
  });

  it('gives the probability that an answer is right rising with its support', () => {
    const model = standardModel();
    const at = (support: number) => model.answerProbability({ support } as never);
    expect(at(0.1)).toBeLessThan(at(0.4));
    expect(at(0.4)).toBeLessThan(at(0.9));
  });

  it('ranks the candidate sentences of an answer by the model, and the best one is quoted', async () => {
    let trace: ReaderTrace | undefined;
    const answer = await seed.assistant.ask('人工智能科技伦理审查申诉要在几个工作日内提出？', { trace: (t) => (trace = t) });
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('3个工作日');
    const scores = trace!.evidence.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(trace!.evidence[0]!.text).toContain('3个工作日');
    // The answer's confidence is the answer model's probability for these features.
    expect(answer.confidence).toBeCloseTo(standardModel().answerProbability(trace!.features), 3);
  });

  it('with the hand-weighted prior, scores every sentence exactly as the hand-weighted formula does', async () => {
    const assistant = await Assistant.open(seed.config, { model: prior });
    let trace: ReaderTrace | undefined;
    await assistant.ask('两重建设项目清单安排了多少超长期特别国债资金？', { trace: (t) => (trace = t) });
    expect(trace!.evidence.length).toBeGreaterThan(5);
    for (const e of trace!.evidence) expect(e.score).toBeCloseTo(handScore(e.features), 9);
  });

  it('refuses whatever the question when the threshold is above every probability', async () => {
    const strict = new ReaderModel({ ...standardModel().weights, refusalThreshold: 1.01 });
    const assistant = await Assistant.open(seed.config, { model: strict });
    const answer = await assistant.ask('人工智能科技伦理审查申诉要在几个工作日内提出？');
    expect(answer.answered).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toContain('没有找到');
  });
});
