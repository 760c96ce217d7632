import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex } from '../seed-index.js';
import { Assistant } from '../../src/answer/assistant.js';

let fixture: SeedIndex;
let assistant: Assistant;

/** One edition of an annual report: the same wording every year, the figures of that year. */
function report(year: number, growth: number, bonds: number): string {
  return [
    `${year}年国务院政府工作报告`,
    `——${year}年3月5日在第十四届全国人民代表大会第${'一二三'[year - 2022]}次会议上`,
    '各位代表：',
    '现在，我代表国务院，向大会报告政府工作，请予审议。',
    '一、过去一年工作回顾',
    '过去一年，我们坚持稳中求进工作总基调，经济社会发展主要目标任务圆满完成。',
    `二、${year}年经济社会发展总体要求和政策取向`,
    `今年发展主要预期目标是：国内生产总值增长${growth}%左右；城镇调查失业率5.5%左右。`,
    `拟安排地方政府专项债券${bonds}亿元。`,
  ].join('\n\n');
}

beforeAll(async () => {
  fixture = await openCorpusIndex('series', (corpusDir) => {
    writeFileSync(path.join(corpusDir, 'report-2022.txt'), report(2022, 5.5, 36500));
    writeFileSync(path.join(corpusDir, 'report-2023.txt'), report(2023, 5, 38000));
    writeFileSync(path.join(corpusDir, 'report-2024.txt'), report(2024, 5.2, 39000));
  });
  assistant = fixture.assistant;
});
afterAll(() => fixture.cleanup());

describe('an annual series of reports', () => {
  it('answers from the newest edition unless a year is asked, and says which year "今年" was', async () => {
    expect((await assistant.ask('今年的政府工作报告提出的国内生产总值增长目标是多少？')).answer).toMatch(/^增长5\.2%左右（2024年）。据《2024年国务院政府工作报告》/);
    expect((await assistant.ask('2023年政府工作报告的GDP增长目标是多少？')).answer).toMatch(/^增长5%左右（2023年）。据《2023年国务院政府工作报告》/);
    // 去年 is the year before the newest edition's.
    expect((await assistant.ask('去年的政府工作报告里专项债券安排了多少？')).answer).toMatch(/^38000亿元。据《2023年国务院政府工作报告》/);
    // …or the edition named by the meeting it was delivered at.
    expect((await assistant.ask('十四届全国人大二次会议上的报告里专项债券安排了多少？')).answer).toMatch(/^38000亿元。据《2023年国务院政府工作报告》/);
  });

  it('dates each edition by the day it was delivered', () => {
    expect([...assistant.index.documents.values()].map((d) => d.date).sort()).toEqual(['2022-03-05', '2023-03-05', '2024-03-05']);
  });
});
