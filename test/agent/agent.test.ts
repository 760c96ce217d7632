import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../src/answer/assistant.js';
import { loadConfig } from '../../src/config.js';
import type { AnswerEvent } from '../../src/types.js';
import { openSeedIndex, type SeedIndex } from '../seed-index.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { quotingModel } from './scripted-model.js';

let seed: SeedIndex;
let fake: FakeOpenAI;
let assistant: Assistant;

beforeAll(async () => {
  seed = await openSeedIndex();
  fake = await startFakeOpenAI(quotingModel(/亿元/));
  const config = loadConfig({ corpusDir: seed.config.corpusDir, indexDir: seed.config.indexDir }, { OPENAI_BASE_URL: fake.baseUrl, LLM_MAX_RETRIES: '0' });
  assistant = await Assistant.open(config);
}, 120_000);

afterAll(async () => {
  await fake.close();
  seed.cleanup();
});

describe('LLM agent mode', () => {
  it('answers through the tools, streams verified text and cites the passage the model cited', async () => {
    const events: AnswerEvent[] = [];
    for await (const event of assistant.askStream('第二批两重建设项目安排了多少资金？')) events.push(event);
    const done = events.at(-1)!;
    expect(done.type).toBe('done');
    const answer = done.type === 'done' ? done.answer : undefined!;
    console.log(JSON.stringify(answer, null, 1).slice(0, 3000));
    expect(answer.mode).toBe('llm');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('2168亿元');
    expect(answer.citations[0]!.quote).toContain('2168亿元');
    expect(answer.usage!.totalTokens).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text).join('')).toBe(answer.answer);
  });
});
