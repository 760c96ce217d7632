/** A year the question names pins it: a report that never states that year, or means it by 今年, does not answer. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex } from '../seed-index.js';

let fixture: SeedIndex;

beforeAll(async () => {
  fixture = await openCorpusIndex('years', (corpus) => {
    const reports = [
      { id: 'battery', title: '工业和信息化部发布锂离子电池行业运行情况', date: '2023-08-03', text: '工业和信息化部今天发布信息显示，今年上半年，全国锂离子电池产业延续增长态势，锂离子电池总产量超过400吉瓦时，同比增长超过43%。' },
      { id: 'games', title: '中国游戏产业半年报发布', date: '2023-07-27', text: '报告显示，今年上半年国内游戏市场实际销售收入1442.63亿元，同比增长22.16%。' },
      { id: 'green', title: '广东绿电交易规模持续扩大', date: '2023-08-10', text: '数据显示，广东作为绿电交易大省，2023年上半年绿电交易持续活跃。至此，广东绿电交易成交电量累计突破51亿千瓦时，相当于节约标准煤约184万吨。' },
      { id: 'mwc', title: '5G-A商用进展', date: '2025-06-20', text: '记者在2025年世界移动通信大会上获悉，截至目前，我国已有300多个城市实现5G-A覆盖，5G-A用户数超过1000万。' },
      { id: 'honda', title: '本田中国发布2023年7月终端销量', date: '2023-08-03', text: '本田中国于今日发布终端销量。本田中国2023年7月在华合资品牌终端汽车零售销量为11.2万辆，2023年6月为113133辆。' },
    ];
    writeFileSync(path.join(corpus, 'news.jsonl'), reports.map((r) => JSON.stringify(r)).join('\n'));
  });
}, 120_000);
afterAll(() => fixture?.cleanup());

describe('a year the question names', () => {
  it('is found in a report that says 今年 in that year', async () => {
    expect((await fixture.assistant.ask('2023年上半年锂离子电池总产量超过多少吉瓦时？')).answer).toMatch(/^(?:超过)?400吉瓦时/);
  });

  it('is not answered by a report of another year', async () => {
    // (Asked without 多少, so that no figure's own period decides it.)
    expect((await fixture.assistant.ask('2021年上半年国内游戏市场实际销售收入？')).answered).toBe(false);
    expect((await fixture.assistant.ask('2023年上半年国内游戏市场实际销售收入？')).answered).toBe(true);
    expect((await fixture.assistant.ask('2023年上半年国内游戏市场实际销售收入是多少？')).answer).toMatch(/^1442\.63亿元/);
  });
});

describe('a month the question names', () => {
  it('is not answered by a figure of another month, however much else of the question the sentence holds', async () => {
    expect((await fixture.assistant.ask('本田中国2023年8月在华合资品牌终端汽车零售销量是多少辆？')).answered).toBe(false);
    expect((await fixture.assistant.ask('本田中国2023年7月在华合资品牌终端汽车零售销量是多少辆？')).answer).toMatch(/^11\.2万辆（2023年7月）/);
  });
});

describe('a running total', () => {
  it('does not answer a question for a period; a question for the total it does', async () => {
    expect((await fixture.assistant.ask('广东2023年上半年绿电交易成交电量是多少亿千瓦时？')).answered).toBe(false);
    expect((await fixture.assistant.ask('广东绿电交易成交电量累计是多少亿千瓦时？')).answer).toMatch(/^(?:突破)?51亿千瓦时/);
    // A year's level may be the total to date in a report of that year.
    expect((await fixture.assistant.ask('2025年我国5G-A用户数已超过多少？')).answer).toMatch(/^(?:超过)?1000万/);
  });
});

describe('a part of the year the question names', () => {
  it('is not answered by a report of another part, asked with or without 多少', async () => {
    // The report states the first half's sales; the first quarter's is not printed.
    expect((await fixture.assistant.ask('2023年一季度国内游戏市场实际销售收入？')).answered).toBe(false);
    expect((await fixture.assistant.ask('2023年一季度国内游戏市场实际销售收入是多少？')).answered).toBe(false);
  });
});
