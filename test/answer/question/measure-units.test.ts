import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeasureUnits } from '../../../src/answer/question/measure-units.js';
import { statedFigures } from '../../../src/ingest/figures.js';
import type { Figure } from '../../../src/types.js';
import { openCorpusIndex, type SeedIndex } from '../../seed-index.js';

/** The figures of each clause, as the index stores them: the clause is the figure's measure. */
function figuresOf(clauses: string[]): Figure[] {
  return clauses.flatMap((measure) => statedFigures(measure).map((f) => ({ raw: f.raw, unit: f.unit, measure }) as Figure));
}

const companies = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'].flatMap((a) => [`${a}科技`, `${a}能源`]);

describe('MeasureUnits', () => {
  const learned = MeasureUnits.learn(
    figuresOf([
      ...companies.map((name, i) => `${name}公司最新估值达${i + 3}亿美元`),
      ...companies.slice(0, 6).map((name, i) => `${name}公司估值约${i + 20}亿元`),
      ...companies.map((name, i) => `嫌疑人${name}年龄为${i + 20}岁`),
      ...companies.map((name, i) => `${name}公司成立${i + 2}年`),
    ]),
  );

  it('expects the units a measure is printed in, most printed first', () => {
    expect(learned.expected('黄蜂队的估值是多少？')).toEqual(['美元', '元']);
    expect(learned.expected('嫌疑人多大年龄？')).toEqual(['岁']);
  });

  it('learns the same in the background, and a question asked meanwhile waits for none of it', async () => {
    const figures = figuresOf(companies.map((name, i) => `嫌疑人${name}年龄为${i + 20}岁`));
    expect(MeasureUnits.learnInBackground(figures, 3).expected('嫌疑人多大年龄？')).toEqual(['岁']);
    const background = MeasureUnits.learnInBackground(figures, 3);
    expect(background.complete).toBe(false);
    // (Finished by the event loop alone, no question asked.)
    for (let turn = 0; turn < 200 && !background.complete; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(background.complete).toBe(true);
    expect(background.expected('嫌疑人多大年龄？')).toEqual(['岁']);
  });

  it('expects nothing of a measure the corpus prints too rarely or in too many units', () => {
    expect(learned.expected('表壳直径是多少？')).toEqual([]);
    expect(learned.expected('这家公司怎么样？')).toEqual([]);
  });
});

describe('a figure question naming no unit, answered from a news corpus', () => {
  let index: SeedIndex;
  beforeAll(async () => {
    index = await openCorpusIndex('measure-units', (corpusDir) => {
      companies.forEach((name, i) => writeFileSync(path.join(corpusDir, `valuation-${i}.md`), `# ${name}公司完成新一轮融资\n\n${name}公司完成新一轮融资，投后估值达${i + 3}亿美元。\n`));
      writeFileSync(
        path.join(corpusDir, 'hornets.md'),
        '# 乔丹出售夏洛特黄蜂队\n\n夏洛特黄蜂队的估值终于揭晓，乔丹执掌夏洛特黄蜂队13年。买方对夏洛特黄蜂队的估值为30亿美元。\n',
      );
    });
  }, 120_000);
  afterAll(() => index?.cleanup());

  it('leads with the figure in the units the measure is printed in, not another number of the story', async () => {
    const reply = await index.assistant.ask('夏洛特黄蜂队的估值是多少？');
    const lead = reply.answer.split('。')[0];
    expect(lead).toContain('30亿美元');
    expect(lead).not.toContain('13年');
  });
});
