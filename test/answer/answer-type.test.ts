import { describe, expect, it } from 'vitest';
import { expectedAnswerType, holdsAnswerType } from '../../src/answer/answer-type.js';

describe('expectedAnswerType', () => {
  it('reads the answer type from the interrogative and the noun it asks about', () => {
    expect(expectedAnswerType('腾讯2023年第二季度营收是多少？')).toBe('number');
    expect(expectedAnswerType('试用期最长不得超过几个月')).toBe('number');
    expect(expectedAnswerType('谁主持了会议？')).toBe('person');
    expect(expectedAnswerType('会议在哪里举行？')).toBe('place');
    expect(expectedAnswerType('哪个部门负责审批？')).toBe('organisation');
    expect(expectedAnswerType('由哪个主管部门负责？')).toBe('organisation');
    expect(expectedAnswerType('劳动合同法什么时候施行？')).toBe('date');
    expect(expectedAnswerType('为什么要推进数字化？')).toBe('reason');
    expect(expectedAnswerType('如何申请补贴')).toBe('method');
    expect(expectedAnswerType('什么是数据资产？')).toBe('definition');
    expect(expectedAnswerType('企业可以申请吗')).toBe('yesno');
    expect(expectedAnswerType('徐顺娟强调哪个季节的养生？')).toBe('other');
  });
});

describe('holdsAnswerType', () => {
  it('finds a span of the asked type that the question does not state itself', () => {
    const question = '腾讯2023年第二季度营收是多少？';
    expect(holdsAnswerType('number', '腾讯2023年第二季度营收1492.08亿元，同比增长11%。', question)).toBe(true);
    // Only the question's own year: nothing answers.
    expect(holdsAnswerType('number', '腾讯公布了2023年第二季度业绩。', question)).toBe(false);
    expect(holdsAnswerType('date', '本法自2008年1月1日起施行。', '劳动合同法什么时候施行？')).toBe(true);
    expect(holdsAnswerType('person', '李强主持会议。', '谁主持了会议？')).toBe(true);
    expect(holdsAnswerType('person', '会议研究了有关工作。', '谁主持了会议？')).toBe(false);
    expect(holdsAnswerType('definition', '数据资产是指企业拥有的数据资源。', '什么是数据资产？')).toBe(true);
  });
});
