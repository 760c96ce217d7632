/**
 * Answers from laws' clauses. Condition ranges: the clause whose range holds the quantity the question
 * states wins over its neighbours that share every other word ("三个月以上不满一年" against "一年以上
 * 不满三年"). A clause is quoted with the rest of its provision, a list item with the sentence it hangs on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex, writeLaw } from '../../seed-index.js';
import { Assistant } from '../../../src/answer/assistant.js';
import { conditionRanges, heldInBoundedRange, rangeAgreement, statedQuantities } from '../../../src/answer/candidates/ranges.js';

describe('conditionRanges', () => {
  it('reads bounds as statutes mean them: 以上 and 满 include the number, 不满 and 不足 do not', () => {
    expect(conditionRanges('劳动合同期限一年以上不满三年的，试用期不得超过二个月；')).toEqual([
      { dimension: 'duration', low: { value: 365, inclusive: true }, high: { value: 1095, inclusive: false } },
    ]);
    expect(conditionRanges('十六周岁至二十五周岁的，发给有效期十年的居民身份证；')).toEqual([
      { dimension: 'age', low: { value: 16, inclusive: true }, high: { value: 25, inclusive: true } },
    ]);
  });

  it('takes a limit the rule sets for what it answers, not for a condition', () => {
    expect(conditionRanges('试用期不得超过六个月。')).toEqual([]);
    expect(conditionRanges('行政机关应当自受理申请之日起二十日内作出决定。')).toEqual([]);
  });

  it('tells which clause holds the quantity the question states', () => {
    const asked = statedQuantities('公司跟我签了三年的劳动合同，试用期最长能约定多久？');
    expect(rangeAgreement(asked, conditionRanges('劳动合同期限一年以上不满三年的，试用期不得超过二个月；'))).toBe('excludes');
    expect(rangeAgreement(asked, conditionRanges('三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。'))).toBe('holds');
    expect(rangeAgreement(asked, conditionRanges('同一用人单位与同一劳动者只能约定一次试用期。'))).toBeUndefined();
    expect(rangeAgreement(statedQuantities('我今年三十岁'), conditionRanges('二十六周岁至四十五周岁的，发给有效期二十年的居民身份证；'))).toBe('holds');
  });

  it("tells a clause bounded on both sides, the rule for the asker's case, from an open one", () => {
    const asked = statedQuantities('我爸今年六十岁，我三十岁，去换领身份证，新证的有效期是几年');
    const held = (sentence: string) => heldInBoundedRange(asked, conditionRanges(sentence)).map((quantity) => quantity.raw);
    expect(held('二十六周岁至四十五周岁的，发给有效期二十年的居民身份证；')).toEqual(['三十岁']);
    expect(held('十六周岁以上公民的居民身份证的有效期为十年、二十年、长期。')).toEqual([]);
    expect(held('十六周岁至二十五周岁的，发给有效期十年的居民身份证；')).toEqual([]);
  });

  it('reads a bound the question asks about as no quantity of its case', () => {
    expect(statedQuantities('有多少未满20岁的青少年被抓获？')).toEqual([]);
    expect(statedQuantities('工作满十年以上的员工有什么待遇')).toEqual([]);
  });
});

let fixture: SeedIndex;
let assistant: Assistant;

beforeAll(async () => {
  fixture = await openCorpusIndex('ranges', (corpus) => {
    writeLaw(corpus, '社会保险法(2018-12-29).md', '中华人民共和国社会保险法', [
      '第四十五条 失业人员符合下列条件的，从失业保险基金中领取失业保险金：（一）失业前用人单位和本人已经缴纳失业保险费满一年的；（二）非因本人意愿中断就业的；（三）已经进行失业登记，并有求职要求的。',
      '第四十六条 失业人员失业前用人单位和本人累计缴费满一年不足五年的，领取失业保险金的期限最长为十二个月；累计缴费满五年不足十年的，领取失业保险金的期限最长为十八个月；累计缴费十年以上的，领取失业保险金的期限最长为二十四个月。重新就业后，再次失业的，缴费时间重新计算，领取失业保险金的期限与前次失业应当领取而尚未领取的失业保险金的期限合并计算，最长不超过二十四个月。',
      '第四十七条 失业保险金的标准，由省、自治区、直辖市人民政府确定，不得低于城市居民最低生活保障标准。',
    ]);
    writeLaw(corpus, '劳动合同法(2012-12-28).md', '中华人民共和国劳动合同法', [
      '第十九条 劳动合同期限三个月以上不满一年的，试用期不得超过一个月；劳动合同期限一年以上不满三年的，试用期不得超过二个月；三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。同一用人单位与同一劳动者只能约定一次试用期。',
      '第二十条 劳动者在试用期的工资不得低于本单位相同岗位最低档工资或者劳动合同约定工资的百分之八十，并不得低于用人单位所在地的最低工资标准。',
    ]);
    writeLaw(corpus, '道路交通安全违法行为记分管理办法(2021-12-17).md', '道路交通安全违法行为记分管理办法', [
      '第八条 机动车驾驶人有下列交通违法行为之一，一次记12分：',
      '（一）饮酒后驾驶机动车的；',
      '（二）造成致人轻伤以上或者死亡的交通事故后逃逸，尚不构成犯罪的；',
      '（三）使用伪造、变造的机动车号牌、行驶证、驾驶证、校车标牌或者使用其他机动车号牌、行驶证的；',
    ]);
    writeLaw(corpus, '居民身份证法(2011-10-29).md', '中华人民共和国居民身份证法', [
      '第五条 十六周岁以上公民的居民身份证的有效期为十年、二十年、长期。十六周岁至二十五周岁的，发给有效期十年的居民身份证；二十六周岁至四十五周岁的，发给有效期二十年的居民身份证；四十六周岁以上的，发给长期有效的居民身份证。',
      '第十一条 国家决定换发新一代居民身份证、居民身份证有效期满、公民姓名变更或者证件严重损坏不能辨认的，公民应当换领新证；居民身份证登记项目出现错误的，公安机关应当及时更正，换发新证。',
    ]);
    writeLaw(corpus, '食品安全法(2021-04-29).md', '中华人民共和国食品安全法', [
      '第一百四十八条 消费者因不符合食品安全标准的食品受到损害的，可以向经营者要求赔偿损失，也可以向生产者要求赔偿损失。生产不符合食品安全标准的食品或者经营明知是不符合食品安全标准的食品，消费者除要求赔偿损失外，还可以向生产者或者经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。',
    ]);
  });
  assistant = fixture.assistant;
});
afterAll(() => fixture.cleanup());

describe('answers from the clause for the quantity asked', () => {
  it.each([
    ['我失业前一共交了11年失业保险，失业金最长能领多长时间？', '二十四个月'],
    ['我失业前交了七年失业保险，失业金最长能领多久？', '十八个月'],
    // (Led with its negation: "超过六个月" alone would say the opposite of the law.)
    ['公司跟我签了三年的劳动合同，试用期最长能约定多久？', '不得超过六个月'],
    ['公司跟我签了两年的劳动合同，试用期最长能约定多久？', '不得超过二个月'],
    // (The age the asker states is printed as the clause whose range holds it, not as the article's list.)
    ['我今年三十岁，去换领身份证，新证的有效期是几年？', '二十年'],
  ])('%s → %s', async (question, lead) => {
    const answer = await assistant.ask(question);
    expect(answer.answered, answer.answer).toBe(true);
    expect(answer.answer.split('。')[0]).toBe(lead);
  });
});

describe('a figure quoted with its whole provision', () => {
  it('quotes a clause ending in "；" to the end of its sentence, where the rest qualifies it', async () => {
    const answer = await assistant.ask('买到不符合食品安全标准的食品，除了赔偿损失以外还能要多少赔偿金？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。');
  });
});

describe('a list item', () => {
  it('is quoted with the sentence it hangs on', async () => {
    const answer = await assistant.ask('饮酒后开车一次要记几分？');
    expect(answer.answer).toContain('一次记12分：');
    expect(answer.answer).toContain('（一）饮酒后驾驶机动车的；');
  });
});
