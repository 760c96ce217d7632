/** Questions in everyday words (驾照, 酒驾, 年假) find the statutes that print the formal terms. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuery, synonymsIn } from '../../src/retrieve/query.js';
import { openCorpusIndex, type SeedIndex, writeLaw } from '../seed-index.js';

let fixture: SeedIndex;

beforeAll(async () => {
  fixture = await openCorpusIndex('everyday-words', (corpus) => {
    writeLaw(corpus, '道路交通安全法(2021-04-29).md', '中华人民共和国道路交通安全法', [
      '第九十一条 饮酒后驾驶机动车的，处暂扣六个月机动车驾驶证，并处一千元以上二千元以下罚款。',
      '第十九条 驾驶机动车，应当依法取得机动车驾驶证。',
    ]);
    writeLaw(corpus, '职工带薪年休假条例(2007-12-14).md', '职工带薪年休假条例', [
      '第三条 职工累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；已满20年的，年休假15天。',
    ]);
    // Shares the question's own words (被查, 多久, 会被) but none of the formal terms.
    writeLaw(corpus, '查封扣押条例(2020-01-01).md', '查封扣押条例', [
      '第十条 被查封的财物会被妥善保管，查封期限多久由执行机关决定，一般不超过三十日。',
      '第十一条 休假期间的工作人员不得参与查封，工作满一年的人员方可担任执行人员。',
    ]);
  });
}, 120_000);
afterAll(() => fixture?.cleanup());

describe('a question in everyday words', () => {
  it('expands them to the terms statutes print', () => {
    expect(synonymsIn('驾照被扣了')).toContain('机动车驾驶证');
    expect(synonymsIn('酒驾')).toContain('饮酒后驾驶');
    expect(synonymsIn('带薪年假')).toContain('年休假');
    // An indicator asked by its acronym is printed by its name: "全市生产总值9602亿元".
    expect(synonymsIn('杭州市的GDP增长率是多少')).toContain('生产总值');
    expect(synonymsIn('7月CPI同比涨了多少')).toContain('居民消费价格指数');
  });

  it('finds the statute and answers from it', async () => {
    const first = async (question: string) => (await fixture.assistant.retriever.search(question))[0]!.chunk.text;
    expect(await first('酒驾被查了驾照会被扣多久')).toContain('饮酒后驾驶机动车');
    expect(await first('工作满12年一年能休几天带薪年假')).toContain('年休假10天');
    const answer = await fixture.assistant.ask('酒驾被查了，驾照会被扣多久？');
    expect(answer.answer).toMatch(/^(?:暂扣)?六个月/);
  });
});

describe('an age stated in 岁', () => {
  it('also searches 周岁, the unit statutes state ages in', () => {
    expect(analyzeQuery('8岁小孩自己在网上买东西，法律上算什么民事行为能力').expansions).toContain('周岁');
    expect(analyzeQuery('孩子十岁了能自己办护照吗').expansions).toContain('周岁');
    expect(analyzeQuery('这个条例是哪年出台的').expansions).not.toContain('周岁');
  });
});
