/** Citations that read cleanly: what a lookup cites, how titles and quotes are shown, no quote twice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookTitle, compactTitle, excerpt, groupCitations } from '../../../src/answer/compose/citations.js';
import type { Answer, Citation } from '../../../src/types.js';
import { openSeedIndex, type SeedIndex } from '../../seed-index.js';

let seed: SeedIndex;
beforeAll(async () => {
  seed = await openSeedIndex();
});
afterAll(() => seed.cleanup());

const ask = (question: string) => seed.assistant.ask(question, { mode: 'extractive' });

function quoteOf(answer: Answer, n = 1): Citation {
  return answer.citations.find((c) => c.n === n)!;
}

describe('excerpt', () => {
  const goal =
    '《行动方案》提出，到2028年，物联网新技术、新产品、新模式不断涌现，产业创新能力持续增强，感知、网络与通信、数据处理、安全等关键技术取得突破，终端和平台智能化水平显著提升，制修订50项以上先进适用标准，培育打造10个亿级连接和15个千万级连接的应用领域，物联网终端连接数力争达到百亿级规模，物联网核心产业规模突破3.5万亿元。';

  it('keeps a short quote whole', () => {
    expect(excerpt('应急审查一般在72小时内完成。')).toBe('应急审查一般在72小时内完成。');
  });

  it('cuts a long quote at a clause break and marks the cut with …', () => {
    for (const max of [40, 80, 120, 160]) {
      const cut = excerpt(goal, max);
      expect(cut.endsWith('…')).toBe(true);
      expect(cut.length).toBeLessThanOrEqual(max + 2);
      expect(goal.startsWith(cut.slice(0, -1))).toBe(true);
      expect(cut.slice(0, -1)).toMatch(/[，、：。；！？]$/);
    }
  });

  it('never cuts inside a number', () => {
    // Any length that would end right in "突破3.5万亿元" ends at the clause before it instead.
    const at = goal.indexOf('3.5');
    for (const max of [at + 1, at + 2, at + 3, at + 5]) expect(excerpt(goal, max)).not.toMatch(/突破3|3\.5?…$/);
    // No break in reach: the first clause whole, not its first characters.
    expect(excerpt('共安排超长期特别国债资金2168亿元支持336个重大项目，涉及多个领域。', 10)).toBe('共安排超长期特别国债资金2168亿元支持336个重大项目，…');
  });

  it('prefers a sentence end over a clause break when one is late enough', () => {
    expect(excerpt('第一句说完了。第二句很长，还有一个分句，再来一个分句，最后结束。', 20)).toBe('第一句说完了。第二句很长，还有一个分句，…');
    expect(excerpt('前面是很长很长很长的一整句话说明情况。后面还有，分句。', 21)).toBe('前面是很长很长很长的一整句话说明情况。…');
  });
});

describe('titles', () => {
  it('nests a title naming a policy with 〈〉 inside 《》', () => {
    expect(bookTitle('工信部等九部门联合印发《推动物联网产业创新发展行动方案（2026—2028年）》')).toBe('《工信部等九部门联合印发〈推动物联网产业创新发展行动方案（2026—2028年）〉》');
    expect(bookTitle('《条例》')).toBe('《条例》');
    expect(bookTitle('国务院关于推进服务业扩能提质的意见')).toBe('《国务院关于推进服务业扩能提质的意见》');
  });

  it('closes up a space a line break left, where the text prints the words joined, and keeps a headline’s', () => {
    const text = '国家发展和改革委员会下达2026年第二批“两重”建设项目 清单\n近日，有关部门组织下达2026年第二批“两重”建设项目清单。';
    expect(compactTitle('国家发展和改革委员会下达2026年第二批“两重”建设项目 清单', text)).toBe('国家发展和改革委员会下达2026年第二批“两重”建设项目清单');
    const meeting = '中共中央政治局召开会议 分析研究当前经济形势和经济工作 习近平主持会议\n中共中央政治局4月28日召开会议，分析研究当前经济形势和经济工作。';
    expect(compactTitle('中共中央政治局召开会议 分析研究当前经济形势和经济工作 习近平主持会议', meeting)).toContain('召开会议 分析研究');
  });

  it('shows no stray space and no nested 《《…》》 in answers and citations', async () => {
    const money = await ask('第二批两重建设项目安排了多少资金？');
    expect(money.answer).toContain('《国家发展和改革委员会下达2026年第二批“两重”建设项目清单》');
    expect(quoteOf(money).title).toBe('国家发展和改革委员会下达2026年第二批“两重”建设项目清单');
    const goal = await ask('物联网行动方案提出，到2028年物联网核心产业规模要达到多少？');
    expect(goal.answer).toContain('《工信部等九部门联合印发〈推动物联网产业创新发展行动方案（2026—2028年）〉》');
    expect(goal.answer).not.toMatch(/《[^》]*《|》》/);
  });
});

describe('what a lookup cites', () => {
  it('cites the signature, issuers and date together, for a date', async () => {
    const answer = await ask('国办关于深化投资审批制度改革的意见成文日期是哪天？');
    expect(answer.answer).toContain('2026年4月8日');
    expect(quoteOf(answer).quote).toBe('国务院办公厅\n2026年4月8日');
    // Not a heading made of signatory names.
    expect(quoteOf(answer).heading).toBe('');
  });

  it('cites every issuer and the date, for the issuers of a joint document', async () => {
    const answer = await ask('物联网产业创新发展行动方案是哪九个部门联合印发的？');
    const quote = quoteOf(answer);
    for (const issuer of ['工业和信息化部', '中央网信办', '市场监管总局', '国家数据局', '2026年3月16日']) expect(quote.quote).toContain(issuer);
    expect(quote.heading).toBe('');
  });

  it('cites the title block with the date printed under it, when the title names the issuers', async () => {
    const answer = await ask('行业协会商会深化改革的意见是哪两个机关发布的？发布日期是哪天？');
    expect(answer.citations).toHaveLength(1);
    expect(quoteOf(answer).quote).toBe('中共中央办公厅 国务院办公厅关于推动行业协会商会深化改革的意见\n（2025年11月1日）');
    expect(answer.answer.match(/\[1\]/g)).toHaveLength(2);
  });

  it('still cites the 文号 line for a 文号', async () => {
    const answer = await ask('国务院关于推进服务业扩能提质的意见文号是多少？');
    expect(quoteOf(answer).quote).toBe('国发〔2026〕7号');
  });
});

describe('each quote once', () => {
  it('points a second figure from the same sentence to the quote already given', async () => {
    const answer = await ask('发改委下达的2026年第二批“两重”项目清单，一共安排了多少资金、支持多少个项目？');
    expect(answer.answer).toContain('2168亿元');
    expect(answer.answer).toContain('336个');
    expect(answer.answer.match(/共安排超长期特别国债资金/g)).toHaveLength(1);
    expect(answer.answer).toMatch(/336个（2026年）\[1\]。/);
  });

  it('does not name an article twice when the quote opens with it', async () => {
    const answer = await ask('人工智能科技伦理审查在哪些情况下可以适用简易程序？');
    expect(answer.answer).not.toMatch(/(第[一二三四五六七八九十]+条)：\1/);
    const general = await ask('人工智能科技伦理审查与服务办法由谁负责解释？');
    expect(general.answer).not.toMatch(/(第[一二三四五六七八九十]+条)：\n\1/);
  });
});

describe('groupCitations', () => {
  it('groups citations per document in the order first cited', async () => {
    const answer = await ask('行业协会商会办企业有哪些禁止性规定？');
    const groups = groupCitations(answer.citations);
    expect(answer.citations.length).toBeGreaterThan(2);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.citations).toEqual(answer.citations.map((c) => c.n));
  });
});
