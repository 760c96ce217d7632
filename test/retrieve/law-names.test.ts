/**
 * Laws named the way people name them: "劳动合同法" for 中华人民共和国劳动合同法, "个税法" for the
 * individual income tax law, "噪声法" for 噪声污染防治法; within a named law, its passages ranked by the question's other words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex, writeLaw } from '../seed-index.js';
import { Assistant } from '../../src/answer/assistant.js';
import { detectIntent } from '../../src/answer/question/intent.js';
import { analyzeQuery } from '../../src/retrieve/query.js';
import { lawName, namesAnotherLaw, repealersIn } from '../../src/retrieve/retriever.js';

let fixture: SeedIndex;
let assistant: Assistant;

beforeAll(async () => {
  fixture = await openCorpusIndex('law-names', (corpus) => {
    writeLaw(corpus, '劳动合同法(2012-12-28).md', '中华人民共和国劳动合同法', [
      '第十九条 劳动合同期限三个月以上不满一年的，试用期不得超过一个月；劳动合同期限一年以上不满三年的，试用期不得超过二个月。',
      '第九十八条 本法自2008年1月1日起施行。',
      ...Array.from({ length: 12 }, (_, i) => `第${i + 20}条 用人单位与劳动者订立劳动合同，应当遵循合法、公平、平等自愿的原则，劳动合同由用人单位与劳动者协商一致。`),
    ]);
    writeLaw(corpus, '劳动合同法实施条例(2008-09-18).md', '中华人民共和国劳动合同法实施条例', ['第三十八条 本条例自公布之日起施行。', '第十五条 劳动者在试用期的工资不得低于本单位相同岗位最低档工资的80%。']);
    writeLaw(corpus, '个人所得税法(2018-08-31).md', '中华人民共和国个人所得税法', ['第二十二条 本法自公布之日起施行。', '第三条 综合所得，适用百分之三至百分之四十五的超额累进税率。']);
    writeLaw(corpus, '刑法.md', '中华人民共和国刑法', ['第一条 为了惩罚犯罪，保护人民，制定本法。', '第四百五十二条 本法自1997年10月1日起施行。']);
    writeLaw(corpus, '刑法修正案（十二）(2023-12-29).md', '中华人民共和国刑法修正案（十二）', ['一、将刑法第一百六十五条修改为……', '七、本修正案自2024年3月1日起施行。']);
    writeLaw(corpus, '公司法(2023-12-29).md', '中华人民共和国公司法', ['第二百六十六条 本法自2024年7月1日起施行。', '第四条 有限责任公司的股东以其认缴的出资额为限对公司承担责任。']);
    writeLaw(corpus, '噪声污染防治法(2021-12-24).md', '中华人民共和国噪声污染防治法', ['第八十八条 本法中下列用语的含义：', '（二）夜间，是指晚上十点至次日早晨六点之间的期间。']);
    writeLaw(corpus, '车辆购置税法(2018-12-29).md', '中华人民共和国车辆购置税法', ['第四条 车辆购置税的税率为百分之十。', '第十九条 本法自2019年7月1日起施行。']);
    writeLaw(corpus, '中国公民出国旅游管理办法(2017-03-01).md', '中国公民出国旅游管理办法', ['第一条 为了规范旅行社组织中国公民出国旅游活动，制定本办法。']);
    writeLaw(corpus, '促进科技成果转化法(2015-08-29).md', '中华人民共和国促进科技成果转化法', ['第一条 为了促进科技成果转化为现实生产力，制定本法。', '第五十二条 本法自1996年10月1日起施行。']);
    writeLaw(corpus, '循环经济促进法(2018-10-26).md', '中华人民共和国循环经济促进法', ['第一条 为了促进循环经济发展，提高资源利用效率，制定本法。', '第五十八条 本法自2009年1月1日起施行。']);
    writeLaw(corpus, '关税法(2024-04-26).md', '中华人民共和国关税法', ['第一条 为了规范关税的征收和缴纳，维护进出口秩序，制定本法。', '第七十二条 本法自2024年12月1日起施行。'], ['2024年4月26日 第十四届全国人民代表大会常务委员会第九次会议通过']);
    writeLaw(corpus, '明码标价和禁止价格欺诈规定(2022-04-14).md', '明码标价和禁止价格欺诈规定', ['第一条 为了规范经营者明码标价行为，预防和制止价格欺诈，制定本规定。', '第二十七条 本规定自2022年7月1日起施行。'], ['2022年4月14日 国家市场监督管理总局令第56号公布', '2022年7月1日 施行']);
    writeLaw(corpus, '保障农民工工资支付条例(2019-12-30).md', '保障农民工工资支付条例', [
      '第二条 保障农民工工资支付，适用本条例。本条例所称农民工，是指为用人单位提供劳动的农村居民。本条例所称工资，是指农民工为用人单位提供劳动后应当获得的劳动报酬。',
      '第三条 农民工有按时足额获得工资的权利。任何单位和个人不得拖欠农民工工资。',
    ]);
    // Two versions of one law: each prints when the law took effect at first.
    writeLaw(corpus, '行政复议法(2017-09-01).md', '中华人民共和国行政复议法', ['第一条 为了防止和纠正违法的或者不当的具体行政行为，制定本法。', '第四十三条 本法自1999年10月1日起施行。']);
    writeLaw(corpus, '行政复议法(2023-09-01).md', '中华人民共和国行政复议法', ['第一条 为了防止和纠正违法的或者不当的行政行为，制定本法。', '第九十条 本法自2024年1月1日起施行。']);
    // Two versions of one penalty clause: the newer adds a clause to the older's sentence.
    const falseAdvertising = '第五十五条 违反本法规定，发布虚假广告的，由市场监督管理部门责令停止发布广告，处广告费用三倍以上五倍以下的罚款，广告费用无法计算或者明显偏低的，处二十万元以上一百万元以下的罚款；';
    writeLaw(corpus, '广告法(2018-10-26).md', '中华人民共和国广告法', [falseAdvertising, '第七十五条 本法自2015年9月1日起施行。']);
    writeLaw(corpus, '广告法(2021-04-29).md', '中华人民共和国广告法', [`${falseAdvertising}两年内有三次以上违法行为的，处广告费用五倍以上十倍以下的罚款。`, '第七十五条 本法自2015年9月1日起施行。']);
    // A law that repeals a regulation of another title in its closing article.
    writeLaw(corpus, '增值税暂行条例(2017-11-19).md', '中华人民共和国增值税暂行条例', ['第二条 纳税人销售货物或者进口货物，税率为17%。', '第二十八条 本条例自2009年1月1日起施行。']);
    writeLaw(corpus, '增值税法(2024-12-25).md', '中华人民共和国增值税法', ['第十条 纳税人销售货物或者进口货物，税率为百分之十三。', '第三十八条 本法自2026年1月1日起施行。《中华人民共和国增值税暂行条例》同时废止。']);
  });
  assistant = fixture.assistant;
});
afterAll(() => fixture.cleanup());

const named = (question: string) => assistant.retriever.namedDocuments(analyzeQuery(question)).map((d) => d.title);

describe('laws named as people name them', () => {
  it('without 中华人民共和国 and 《》, by abbreviation, and not inside a longer word', () => {
    expect(named('劳动合同法规定的试用期最长多久')).toEqual(['中华人民共和国劳动合同法']);
    expect(named('劳动合同法实施条例里试用期工资怎么定')).toEqual(['中华人民共和国劳动合同法实施条例']);
    expect(named('个税法的税率是多少')).toEqual(['中华人民共和国个人所得税法']);
    expect(named('上市公司法律责任有哪些')).toEqual([]);
    expect(named('刑法修正案(十二)是从哪天开始施行的')).toEqual(['中华人民共和国刑法修正案（十二）']);
    expect(named('刑法上怎么处罚')).toEqual(['中华人民共和国刑法']);
  });

  it('by a short name that keeps its characters in order, which no list needs to hold', () => {
    expect(named('噪声法里说的“夜间”具体是几点到几点？')).toEqual(['中华人民共和国噪声污染防治法']);
    // (Or the short name of what the law is named for: 车购税 is 车辆购置税, of 车辆购置税法. Not a
    // 办法's "subject": "在中国办" shortens no 中国公民出国旅游管理办法.)
    expect(named('车购税税率多少？')).toEqual(['中华人民共和国车辆购置税法']);
    expect(named('买车要交的车购税怎么算')).toEqual(['中华人民共和国车辆购置税法']);
    // (Only a tax: "中国办" or "中国银行" shorten no law's subject. Nor the 税 of 税收.)
    expect(named('外籍专家想在中国办“中国绿卡”，由哪个部门批准？')).toEqual([]);
    expect(named('车购税收入用在哪里')).toEqual([]);
    expect(named('新公司法什么时候施行')).toEqual(['中华人民共和国公司法']);
    expect(named('请问噪声法怎么规定夜间施工')).toEqual(['中华人民共和国噪声污染防治法']);
    // (Not the ending of a law's name, which names a kind of law: "民营经济促进法" is no
    // 促进科技成果转化法, since 促进法 ends 循环经济促进法.)
    expect(named('新出台的《民营经济促进法》是哪天起施行的？')).toEqual([]);
  });

  it('ranks the named law’s passages by the question’s other words: 施行 finds the clause that dates it', async () => {
    const [top] = await assistant.retriever.search('劳动合同法什么时候施行', { limit: 3 });
    expect(top!.chunk.text).toContain('本法自2008年1月1日起施行');
  });
});

describe('a law the corpus does not hold', () => {
  it('is not answered from a namesake of the same kind: 民营经济促进法 is not 循环经济促进法', async () => {
    const asked = await assistant.ask('民营经济促进法是哪天开始施行的？');
    expect(asked.answered).toBe(false);
    expect(asked.answer).not.toContain('2009年1月1日');
    const held = await assistant.ask('循环经济促进法是哪天开始施行的？');
    expect(held.answered).toBe(true);
    expect(held.answer).toContain('2009年1月1日');
    expect(held.citations[0]?.title).toContain('循环经济促进法');
  });

  it('names a code\'s part by the code: "民法典规定…" is about 民法典 人格权编', () => {
    expect(lawName({ ...[...assistant.index.documents.values()][0]!, type: '法律', versionKey: '中华人民共和国民法典 人格权编' })).toBe('民法典');
  });

  it('tells a namesake from a pointer or a short name: 这部促进法, 劳动法 against 劳动合同法', () => {
    const document = (title: string) => [...assistant.index.documents.values()].find((d) => d.title === title)!;
    const circular = document('中华人民共和国循环经济促进法');
    expect(namesAnotherLaw('民营经济促进法是哪天开始施行的', circular)).toBe(true);
    expect(namesAnotherLaw('中华人民共和国循环经济促进法是哪天开始施行的', circular)).toBe(false);
    expect(namesAnotherLaw('这部促进法是哪天开始施行的', circular)).toBe(false);
    expect(namesAnotherLaw('劳动法规定的工时', document('中华人民共和国劳动合同法'))).toBe(false);
  });
});

describe('versions of a law', () => {
  it('answers a document question from the current version unless an older one is asked', async () => {
    expect((await assistant.ask('修改后的行政复议法是什么时候开始施行的？')).answer).toContain('2024年1月1日');
    expect((await assistant.ask('行政复议法哪天起施行？')).answer).toContain('2024年1月1日');
    const older = await assistant.ask('修订前的行政复议法是什么时候开始施行的？');
    expect(older.answer).toContain('1999年10月1日');
    expect(older.answer).not.toContain('2024年1月1日');
  });
});

describe('a figure another version states alike', () => {
  it('is quoted from the current version only: the older one prints the same sentence', async () => {
    const answer = await assistant.ask('发布虚假广告的，罚款是广告费用的几倍？');
    expect(answer.answer).toMatch(/^三倍以上五倍以下。据《中华人民共和国广告法》/);
    expect(answer.answer).not.toContain('另据');
    expect(answer.citations).toHaveLength(1);
  });
});

describe('a text another repeals', () => {
  it('is answered from only when asked for by name', async () => {
    const current = await assistant.ask('销售货物的增值税税率是多少？');
    expect(current.answer).toMatch(/^百分之十三/);
    expect(current.citations[0]?.title).toBe('中华人民共和国增值税法');
    const named = await assistant.ask('增值税暂行条例规定销售货物的税率是多少？');
    expect(named.answer).toMatch(/^17%/);
    // Quoted, it is said to be repealed, by which text and from when.
    expect(named.answer).toContain('注：《中华人民共和国增值税暂行条例》已被《中华人民共和国增值税法》废止（后者自2026年1月1日起施行）。');
    expect(current.answer.includes('17%')).toBe(current.answer.includes('已被《中华人民共和国增值税法》废止'));
  });
});

describe('the meeting that adopted a law', () => {
  it('is read from the line under its title, and cited there', async () => {
    expect(detectIntent('关税法是在全国人大常委会哪一次会议上通过的').lookupFields).toEqual(['adoption']);
    // (A question that only mentions a meeting's adoption asks something else.)
    expect(detectIntent('全国人大常委会会议审议通过的关税法，税率有几档？').lookupFields).toBeUndefined();
    const answer = await assistant.ask('关税法是在全国人大常委会哪一次会议上通过的？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('2024年4月26日 第十四届全国人民代表大会常务委员会第九次会议通过');
    expect(answer.citations[0]?.title).toContain('关税法');
    const both = await assistant.ask('关税法是哪次会议通过的，哪天起施行？');
    expect(both.answer).toContain('第九次会议通过');
    expect(both.answer).toContain('2024年12月1日');
    expect((await assistant.ask('新出的关税法什么时候开始正式施行？')).answer).toContain('2024年12月1日');
  });

  it('names the body whose order promulgated a rule, from the same line', async () => {
    const answer = await assistant.ask('明码标价和禁止价格欺诈规定是哪个部门以令的形式公布的？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('国家市场监督管理总局令第56号公布');
  });
});

describe('a term asked about', () => {
  it('is answered by the sentence that defines it, not one that defines another term with it', async () => {
    for (const question of ['保障农民工工资支付条例里说的“农民工”具体指什么人', '保障农民工工资支付条例里农民工是怎么定义的']) {
      const answer = await assistant.ask(question);
      expect(answer.answered).toBe(true);
      expect(answer.answer).toContain('本条例所称农民工，是指为用人单位提供劳动的农村居民');
    }
  });
});

describe('repealersIn', () => {
  const law = (title: string, date: string, closing: string, effectiveDate?: string) =>
    ({ id: `${title}@${date}`, title, versionKey: title.replace(/（.*）$/, ''), type: '法律', date, ...(effectiveDate ? { effectiveDate } : {}), text: `第一条 为了规范，制定本法。\n${closing}`, issuers: [], sourceFile: `${title}.md` }) as never;

  it('reads repeals of other texts in force, not of an earlier edition of the same text', () => {
    const interim = law('中华人民共和国增值税暂行条例', '2017-11-19', '本条例自2009年1月1日起施行。');
    const act = law('中华人民共和国增值税法', '2024-12-25', '本法自2026年1月1日起施行。《中华人民共和国增值税暂行条例》同时废止。', '2026-01-01');
    // An amended regulation keeps its first edition's closing article, which repealed an older one of its title.
    const amended = law('中华人民共和国专利法实施细则', '2023-12-11', '本细则自2001年7月1日起施行。1992年发布的《中华人民共和国专利法实施细则》同时废止。');
    const older = law('中华人民共和国专利法实施细则', '2010-01-09', '本细则自2001年7月1日起施行。1992年发布的《中华人民共和国专利法实施细则》同时废止。');
    const repealers = repealersIn([interim, act, amended, older], '2026-12-06');
    expect([...repealers.entries()]).toEqual([[interim, act]]);
    // Not before the repealing text is in force.
    expect(repealersIn([interim, act], '2025-06-30').size).toBe(0);
  });

  it('matches a title cited inside another in 〈〉', () => {
    const old = law('最高人民法院关于适用中华人民共和国刑事诉讼法的解释', '2012-12-20', '本解释自2013年1月1日起施行。');
    const now = law('最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释（2021）', '2021-01-26', '本解释自2021年3月1日起施行。《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》同时废止。');
    expect(repealersIn([old, now], '2026-12-06').get(old)).toBe(now);
  });
});
