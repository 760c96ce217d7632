/** Figures a sentence states respectively (分别) for a list of items or years: each item's own figure. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex } from '../seed-index.js';

let fixture: SeedIndex;
beforeAll(async () => {
  fixture = await openCorpusIndex('respective', (corpusDir) => {
    writeFileSync(
      path.join(corpusDir, 'shipbuilding.txt'),
      '上半年我国造船三大指标继续领先\n\n中国船舶工业行业协会的数据显示，2023年1-6月份，我国造船完工量、新接订单量和手持订单量以载重吨计分别占世界总量的49.6%、72.6%和53.2%，以修正总吨计分别占47.3%、67.2%和46.8%，均位居世界第一。\n',
    );
  });
}, 120_000);
afterAll(() => fixture?.cleanup());

describe('figures stated respectively for a list of items', () => {
  it('lead with the figure of the item asked, not the first of the list', async () => {
    const held = await fixture.assistant.ask('2023年上半年，我国造船手持订单量以载重吨计占世界总量的百分之多少？');
    expect(held.answer.split('。')[0]).toContain('53.2%');
    const ordered = await fixture.assistant.ask('2023年上半年，我国造船新接订单量以载重吨计占世界总量的百分之多少？');
    expect(ordered.answer.split('。')[0]).toContain('72.6%');
  });
});
