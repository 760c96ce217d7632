import { describe, expect, it } from 'vitest';
import { measuresNothingOfItsOwn, readsAsContinuing, rewriteElliptical } from '../../../src/answer/question/conversation.js';

describe('rewriteElliptical', () => {
  it('swaps an ordinal or a year into the earlier question', () => {
    expect(rewriteElliptical('第二个呢？', '三大亮点中第一个是什么？')).toBe('三大亮点中第二个是什么？');
    expect(rewriteElliptical('2024年呢？', '2025年压减了多少预算支出？')).toBe('2024年压减了多少预算支出？');
  });

  it('swaps a name for the one word of the same length', () => {
    expect(rewriteElliptical('那吴丰礼呢，他建议怎么搞？', '何小鹏在两会上对人形机器人提了什么建议？')).toBe('吴丰礼在两会上对人形机器人提了什么建议？');
    expect(rewriteElliptical('那应急审查呢，一般多长时间完成？', '一般程序受理后多少天内要作出决定？')).toBe('应急审查一般多长时间完成？');
    expect(rewriteElliptical('那要是按规定得国务院核准的呢？', '企业投资的主题公园谁来核准？')).toBe('按规定得国务院核准的谁来核准？');
  });

  it('asks for another attribute of the same subject', () => {
    expect(rewriteElliptical('企业数量呢？', '2025年中国人工智能核心产业规模有多大？')).toBe('2025年中国人工智能核心产业规模有多大，企业数量是多少？');
  });

  it('reads follow-ups typed without punctuation', () => {
    expect(rewriteElliptical('那应急程序呢 具体多少小时', 'AI伦理审查一般多少天出结果')).toBe('应急程序具体多少小时？');
    // The N-th of a list the earlier question asked about, not a number.
    expect(rewriteElliptical('那第三条呢 具体说的啥', '于旭波代表关于工业母机提了几条建议')).toBe('于旭波代表关于工业母机提了几条建议，第三条是什么？');
    expect(rewriteElliptical('还有呢 领航级要打造什么样的标杆', '智能工厂梯度培育分几个层级')).toBe('领航级要打造什么样的标杆？');
  });

  it('leaves questions that are not elliptical alone', () => {
    expect(rewriteElliptical('它的文号是多少？', '办法是哪些部门印发的？')).toBeUndefined();
  });
});

describe('measuresNothingOfItsOwn', () => {
  it('holds for a follow-up naming no noun, or only a place or a whole area, and not for one naming what it counts', () => {
    for (const question of ['那未来五年预计能提升到多少？', '那全国能提升到多少？', '那上海能到多少？']) expect(measuresNothingOfItsOwn(question)).toBe(true);
    for (const question of ['那华为预计今年国内用户能到多少？', '那目标是多少？']) expect(measuresNothingOfItsOwn(question)).toBe(false);
  });
});

describe('readsAsContinuing', () => {
  it('holds for a clause closed by 呢 that asks nothing itself, or a condition opening the question', () => {
    for (const question of ['如果过了期限还不交呢？会怎么加罚？', '冷静期过了之后呢？还要做什么', '要是决策出了问题，对决策的人有啥追责制度？', '那如果家里老人病了，确实需要坐飞机去外地看病呢？']) {
      expect(readsAsContinuing(question)).toBe(true);
    }
  });

  it('does not hold for a question that asks with its 呢, nor for 若干', () => {
    for (const question of ['申请专精特新需要哪些条件呢？', '个人所得税的起征点是每月多少呢？', '若干措施对中小企业有哪些支持？', '罚款要在多长时间内交？']) {
      expect(readsAsContinuing(question)).toBe(false);
    }
  });
});
