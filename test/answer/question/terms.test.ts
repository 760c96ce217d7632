/** The question's terms a sentence is read against (question/terms.ts), as jieba cuts real questions. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyOf } from '../../../src/answer/question/answer-type.js';
import { kindModifiers, kindsThatPin, queryTerms } from '../../../src/answer/question/terms.js';
import { analyzeQuery } from '../../../src/retrieve/query.js';
import { openCorpusIndex, type SeedIndex } from '../../seed-index.js';

let fixture: SeedIndex;
beforeAll(async () => {
  // (Idfs come from these: a word no text prints weighs least.)
  fixture = await openCorpusIndex('terms', (corpusDir) => {
    writeFileSync(path.join(corpusDir, 'travel.txt'), '中秋国庆出游预订火热\n\n同程旅行平台数据显示，有关中秋国庆线路的咨询量翻倍，其中，出境游咨询量增长超4倍。\n');
    writeFileSync(path.join(corpusDir, 'drink-driving.txt'), '道路交通安全违法行为处理\n\n醉酒驾驶机动车的，由公安机关交通管理部门约束至酒醒，吊销机动车驾驶证。违法行为的处罚标准由本规定附表列明。\n');
    writeFileSync(path.join(corpusDir, 'dumping.txt'), '海洋倾废管理\n\n对违法行为的处罚标准如下：未经批准倾倒废弃物的，处以罚款。\n');
    writeFileSync(path.join(corpusDir, 'service.txt'), '兵役制度调整\n\n俄罗斯总统签令，将征兵年龄上限提高至30岁。\n');
    writeFileSync(path.join(corpusDir, 'veterinary.txt'), '兽药管理条例\n\n第二十二条 兽药经营企业应当取得兽药经营许可证。兽药经营许可证有效期为5年。\n');
    // (经营 is a common word, 燃气 a rare one: the modifier is the more specific.)
    writeFileSync(path.join(corpusDir, 'trade.txt'), '市场主体登记\n\n经营者应当依法经营。个体工商户的经营范围由登记机关核定，经营场所应当真实。\n');
    writeFileSync(path.join(corpusDir, 'food.txt'), '食品经营\n\n从事食品经营，应当依法取得许可。食品经营者应当建立进货查验制度。\n');
    writeFileSync(path.join(corpusDir, 'gas.txt'), '燃气管理条例\n\n第十五条 国家对燃气经营实行许可证制度。管道燃气经营许可证由县级以上地方人民政府燃气管理部门核发。\n');
    writeFileSync(path.join(corpusDir, 'gas-safety.txt'), '燃气安全\n\n燃气用户应当安全用气，燃气经营者应当定期入户检查。\n');
  });
}, 120_000);
afterAll(() => fixture?.cleanup());

const termsOf = async (question: string) => (await queryTerms(analyzeQuery(question), fixture.assistant.index)).map((t) => t.term);

describe('question terms', () => {
  it('leave out an interrogative with its measure, which jieba keeps as one word and no text prints', async () => {
    // (Kept, the rarest term of all would be one no document holds: every answer would lose support.)
    for (const [question, asked] of [
      ['出境游咨询量增长了多少倍？', '多少倍'],
      ['俄罗斯政府将兵役年龄上限提高到多少岁？', '多少岁'],
      ['是哪支志愿服务队进行的演练？', '哪支'],
      ['同事在工位上突发心脏病，这种情况怎么办？', '怎么办'],
    ] as const) {
      const terms = await termsOf(question);
      expect(terms).not.toContain(asked);
      expect(terms.length).toBeGreaterThan(1);
    }
  });

  it('keep words that only start like an interrogative', async () => {
    expect(await termsOf('哪吒之魔童闹海的票房是多少？')).toContain('哪吒');
    expect(await termsOf('几内亚总统是谁？')).toContain('几内亚');
  });

  it('weigh a word the corpus prints only as its synonym (醉驾 as 醉酒驾驶) as much as that synonym', async () => {
    const terms = await queryTerms(analyzeQuery('醉驾的处罚标准是什么？'), fixture.assistant.index);
    const weight = (term: string) => terms.find((t) => t.term === term)!.weight;
    // (Not a third of it, as a word no text prints: the topic would weigh less than 处罚.)
    expect(weight('醉驾')).toBeGreaterThan(weight('处罚'));
  });

  it('keep the noun an interrogative is glued to', async () => {
    expect(await termsOf('出境游咨询量增长有何意义？')).toContain('意义');
  });
});

describe('an ordinal', () => {
  it('pins an instance before a noun, not the asker\'s tries before a verb', async () => {
    const critical = async (question: string, term: string) => (await queryTerms(analyzeQuery(question), fixture.assistant.index)).find((t) => t.term === term)?.critical;
    expect(await critical('工信部第十次中小企业圆桌会议是哪天开的？', '第十次')).toBe(true);
    expect(await critical('第一次去献血，一次最多能抽多少？', '第一次')).toBe(false);
  });
});

describe('a story told before the question', () => {
  it('is the clauses before the first that asks', () => {
    expect(storyOf('我们慈善组织去年刚登记的，想搞公开募捐，要登记满多久才能申请公开募捐资格')).toBe('我们慈善组织去年刚登记的，想搞公开募捐，');
    expect(storyOf('2023年上半年我国锂电池产业产量超过多少吉瓦时？')).toBe('');
    // (An A-不-A question asks too.)
    expect(storyOf('我们是小规模纳税人，这笔收入算不算免税？')).toBe('我们是小规模纳税人，');
    // (So does one in 没, but not one conceded: "不管有没有社保" tells the case.)
    expect(storyOf('我们是小规模纳税人，有没有免税额度？')).toBe('我们是小规模纳税人，');
    expect(storyOf('我们公司不管有没有社保都招人，现在被查了，要罚多少？')).toBe('我们公司不管有没有社保都招人，现在被查了，');
  });

  it('dates the asker\'s own case by its years: they do not pin the answering text', async () => {
    const critical = async (question: string) => (await queryTerms(analyzeQuery(question), fixture.assistant.index)).filter((t) => t.critical).map((t) => t.term);
    expect(await critical('我们旅行社2022年刚成立，出境游咨询量增长了多少倍？')).not.toContain('2022年');
    // (A year a report's question names, in a clause that only sets the time, still pins; so does one
    // an authority's 我市 names.)
    expect(await critical('2022年，出境游咨询量增长了多少倍？')).toContain('2022年');
    expect(await critical('我市2022年发布的旅游规划中，出境游咨询量增长了多少倍？')).toContain('2022年');
  });
});

describe('the kind a question asks about', () => {
  it('is named by the nouns put before the noun asked about', () => {
    expect(kindModifiers('城镇燃气经营许可证的有效期是几年？')).toContainEqual(['燃气', '经营']);
    expect(kindModifiers('父母的育儿假每年能休多少天？')).toEqual([['育儿', '假']]);
    // (A noun with 的 between names a case, not a kind.)
    expect(kindModifiers('霸座的乘客罚多少钱')).toEqual([]);
    // (Nor does a word that counts or orders: 新一轮融资 is the financing a report calls 融资.)
    expect(kindModifiers('Pockit计划要用新一轮融资来做什么？')).toEqual([]);
  });

  it('pins the documents: a text that never names it states another kind, and does not answer', async () => {
    const terms = await queryTerms(analyzeQuery('管道燃气经营许可证的有效期是几年？'), fixture.assistant.index);
    expect(terms.filter((t) => t.kind).map((t) => t.term)).toEqual(['管道', '燃气']);
    // (兽药经营许可证 shares every other word.)
    const other = await fixture.assistant.ask('管道燃气经营许可证的有效期是几年？');
    expect(other.answered).toBe(false);
    const asked = await fixture.assistant.ask('兽药经营许可证的有效期是几年？');
    expect(asked.answered).toBe(true);
    expect(asked.answer).toMatch(/^5年/);
  });

  it('pins only where a passage retrieved names it: else it may be the asker\'s word for a kind the texts name otherwise', async () => {
    const question = '管道燃气经营许可证的有效期是几年？';
    const terms = await queryTerms(analyzeQuery(question), fixture.assistant.index);
    const hits = await fixture.assistant.retriever.search(question);
    const kinds = (hitsRead: typeof hits) => kindsThatPin(terms, hitsRead, false).filter((t) => t.kind).map((t) => t.term);
    expect(kinds(hits)).toEqual(['管道', '燃气']);
    expect(kinds(hits.filter((hit) => hit.document.title.includes('兽药')))).toEqual([]);
  });
});
