/** Questions in everyday words (驾照, 酒驾, 年假) find the statutes that print the formal terms. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuery, EXPANSION_WEIGHT, STATUTORY_TERM_WEIGHT, synonymsIn } from '../../src/retrieve/query.js';
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
    writeLaw(corpus, '城市居民委员会组织法(2018-12-29).md', '中华人民共和国城市居民委员会组织法', [
      '第六条 居民委员会根据居民居住状况，按照便于居民自治的原则，一般在一百户至七百户的范围内设立。',
    ]);
    writeLaw(corpus, '人身损害赔偿解释(2022-04-24).md', '最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释', [
      '第十五条 死亡赔偿金按照受诉法院所在地上一年度城镇居民人均可支配收入标准，按二十年计算。但六十周岁以上的，年龄每增加一岁减少一年；七十五周岁以上的，按五年计算。',
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
    // The everyday glossary by field (work, family, lawsuits, time): searched, and not counted as the
    // question's own words by the reader.
    const searched = (question: string) => analyzeQuery(question).expansions;
    expect(searched('老板拖欠工钱')).toEqual(expect.arrayContaining(['用人单位', '劳动报酬']));
    expect(searched('我爷爷去世了')).toContain('死亡');
    expect(searched('打官司要多久')).toContain('诉讼');
    expect(searched('每天最多干几个钟头')).toEqual(expect.arrayContaining(['每日', '小时']));
    expect(synonymsIn('我爷爷去世了')).not.toContain('死亡');
    // …weighing more than the question's sub-words and other names, less than its own words.
    const weights = analyzeQuery('老板拖欠工钱').weights;
    expect(weights.get('用人单位')).toBe(STATUTORY_TERM_WEIGHT);
    expect(STATUTORY_TERM_WEIGHT).toBeGreaterThan(EXPANSION_WEIGHT);
    // One way: a question in the statutes' own words searches no everyday words.
    expect(searched('用人单位支付经济补偿')).not.toContain('老板');
  });

  it('finds the statute and answers from it', async () => {
    const first = async (question: string) => (await fixture.assistant.retriever.search(question))[0]!.chunk.text;
    expect(await first('酒驾被查了驾照会被扣多久')).toContain('饮酒后驾驶机动车');
    expect(await first('工作满12年一年能休几天带薪年假')).toContain('年休假10天');
    const answer = await fixture.assistant.ask('酒驾被查了，驾照会被扣多久？');
    expect(answer.answer).toMatch(/^(?:暂扣)?六个月/);
    expect(await first('一个居委会一般管多少户？')).toContain('一百户至七百户');
    expect((await fixture.assistant.ask('我爷爷78岁，被车撞了去世，赔偿金按几年算？')).answer).toMatch(/^(?:按)?五年/);
  });
});

describe('an age stated in 岁', () => {
  it('also searches 周岁, the unit statutes state ages in', () => {
    expect(analyzeQuery('8岁小孩自己在网上买东西，法律上算什么民事行为能力').expansions).toContain('周岁');
    expect(analyzeQuery('孩子十岁了能自己办护照吗').expansions).toContain('周岁');
    expect(analyzeQuery('这个条例是哪年出台的').expansions).not.toContain('周岁');
  });
});
