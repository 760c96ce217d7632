/**
 * Cases a question sets aside ("不在复核清单里的", "如果不需要管护或留置，"): a rule stated for that case
 * does not answer it, whether the sentence names the case as "对…的" or as its condition "…的，".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex, writeLaw } from '../../seed-index.js';
import { setAsideCase, withoutSetAside } from '../../../src/answer/question/asked.js';
import type { QueryTerm } from '../../../src/answer/question/terms.js';

describe('setAsideCase', () => {
  it('finds the case set aside in a rule’s condition, and not where the condition negates it', () => {
    const question = '如果不需要后续管护或留置，强制到案最长能持续多久？';
    expect(setAsideCase(question, '需要采取管护或者留置措施的，强制到案持续的时间不得超过二十四小时。')).toBe(true);
    expect(setAsideCase(question, '不需要采取管护或者留置措施的，强制到案持续的时间不得超过十二小时。')).toBe(false);
    expect(setAsideCase(question, '强制到案持续的时间不得超过十二小时；')).toBe(false);
  });

  it('reads a case named in brackets or with 对…的', () => {
    expect(setAsideCase('想考大客车驾照，年龄最低要多大？（不是驾校全日制的学生）', '接受全日制驾驶职业教育的学生，申请大型客车准驾车型的，在19周岁以上。')).toBe(true);
    expect(setAsideCase('跟踪审查多久一次（不在复核清单里的那种）？', '对纳入复核清单的科技活动，跟踪审查时间间隔一般不超过6个月。')).toBe(true);
  });

  it('reads a negation anywhere in the rule\'s condition, and a yes/no question after the condition', () => {
    // "对处罚决定不服的" is the case "如果不服处罚决定" asks about.
    expect(setAsideCase('如果不服处罚决定，可以怎么办？', '当事人对处罚决定不服的，可以依法申请行政复议。')).toBe(false);
    expect(setAsideCase('如果不需要后续管护或留置，强制到案能超过十二小时吗？', '需要采取管护或者留置措施的，强制到案持续的时间不得超过二十四小时。')).toBe(true);
    expect(setAsideCase('我们就是不在复核清单里的那种，跟踪审查多久一次？', '对纳入复核清单的科技活动，跟踪审查时间间隔一般不超过6个月。')).toBe(true);
  });

  it('keeps the words of a negated condition among the terms searched: statutes print the negated case', () => {
    const terms = ['劳动合同', '单位', '赔'].map((term) => ({ term, weight: 1, forms: [term], critical: false }) as QueryTerm);
    expect(withoutSetAside('如果没有签劳动合同，单位要赔多少？', terms).map((t) => t.term)).toContain('劳动合同');
    expect(withoutSetAside('不在劳动合同范围内的那种，单位要赔多少？', terms).map((t) => t.term)).not.toContain('劳动合同');
  });

  it('does not take "是不是…的" or a reminder "不是…嘛" for a case set aside', () => {
    expect(setAsideCase('职工的十三薪是不是法定的？', '法定的年终奖金的，由用人单位支付。')).toBe(false);
    expect(setAsideCase('办法里不是有个简化版的程序嘛，什么情况能走？', '适用简化程序的，由委员会决定。')).toBe(false);
  });
});

describe('an answer for the case not set aside', () => {
  let fixture: SeedIndex;
  beforeAll(async () => {
    fixture = await openCorpusIndex('asked', (corpus) => {
      writeLaw(corpus, '监察法(2024-12-25).md', '中华人民共和国监察法', [
        '第四十六条 采取强制到案、责令候查或者管护措施，应当按照规定的权限和程序，经监察机关主要负责人批准。',
        '强制到案持续的时间不得超过十二小时；需要采取管护或者留置措施的，强制到案持续的时间不得超过二十四小时。不得以连续强制到案的方式变相拘禁被调查人。',
      ]);
    });
  });
  afterAll(() => fixture.cleanup());

  it('leads with the limit for the case asked, not the one the question rules out', async () => {
    const answer = await fixture.assistant.ask('监察机关对被调查人采取强制到案，如果不需要后续管护或留置，最长能持续多久？');
    expect(answer.answered, answer.answer).toBe(true);
    expect(answer.answer.split('。')[0]).toBe('不得超过十二小时');
    expect(answer.citations[0]?.quote).toContain('不得超过十二小时');
  });
});

describe('an amount counted per another span of time', () => {
  let fixture: SeedIndex;
  beforeAll(async () => {
    fixture = await openCorpusIndex('rates', (corpus) => {
      writeLaw(corpus, '个人所得税法(2018-08-31).md', '中华人民共和国个人所得税法', [
        '第六条 应纳税所得额的计算：',
        '（一）居民个人的综合所得，以每一纳税年度的收入额减除费用六万元以及专项扣除、专项附加扣除和依法确定的其他扣除后的余额，为应纳税所得额。',
        '（二）非居民个人的工资、薪金所得，以每月收入额减除费用五千元后的余额为应纳税所得额。',
      ]);
      writeLaw(corpus, '增值税法(2024-12-25).md', '中华人民共和国增值税法', [
        '第九条 本法所称小规模纳税人，是指年应征增值税销售额未超过五百万元的纳税人。',
      ]);
      writeLaw(corpus, '日照市最低工资规定(2024-01-01).md', '日照市最低工资规定', [
        '第三条 日照市每月最低工资标准为1900元。',
        '第四条 最低工资标准每两至三年至少调整一次。',
      ]);
    });
  });
  afterAll(() => fixture.cleanup());

  it('leads with the amount for the span the question counts in', async () => {
    const perYear = await fixture.assistant.ask('工资这些综合所得算个税的时候，一年的基本减除费用是多少？');
    expect(perYear.answer.split('。')[0]).toBe('六万元');
    const perMonth = await fixture.assistant.ask('非居民个人的工资每月减除费用是多少？');
    expect(perMonth.answer.split('。')[0]).toBe('五千元');
  });

  it('reads no rate in a place name holding 日 (日照市)', async () => {
    const answer = await fixture.assistant.ask('日照市最低工资标准是多少？');
    expect(answer.answer.split('。')[0]).toBe('1900元');
    expect(answer.citations[0]?.quote).toContain('1900元');
  });

  it('does not answer a monthly threshold with a yearly one', async () => {
    expect((await fixture.assistant.ask('小规模纳税人每月销售额多少以下可以免征增值税？')).answered).toBe(false);
    expect((await fixture.assistant.ask('小规模纳税人的年应征增值税销售额标准是多少？')).answer).toMatch(/^未超过五百万元/);
  });
});
