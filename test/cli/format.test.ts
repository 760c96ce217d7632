/** The terminal's sources list: one title per document, its quotes under it, cut cleanly. */
import { describe, expect, it } from 'vitest';
import { formatAnswer } from '../../src/cli/format.js';
import type { Answer, Citation } from '../../src/types.js';

const title = '人工智能科技伦理审查与服务办法（试行）';
const cite = (n: number, heading: string, quote: string, start: number): Citation => ({
  n,
  docId: 'doc#12',
  title,
  documentNumber: '工信部联科〔2026〕75号',
  date: '2026-03-20',
  heading,
  quote,
  start,
  end: start + quote.length,
});
/** A citation of a news report: no 文号, no date. */
const news = (citation: Citation, docId: string, newsTitle: string): Citation => {
  const { documentNumber: _number, date: _date, ...rest } = citation;
  return { ...rest, docId, title: newsTitle };
};

function answerWith(citations: Citation[]): Answer {
  return {
    question: '问',
    resolvedQuestion: '问',
    answer: '答[1][2][3][4]',
    answered: true,
    confidence: 1,
    intent: 'conditions',
    citations,
    related: [],
    latencyMs: 1,
  };
}

describe('formatAnswer', () => {
  it('names a document once over all the quotes taken from it, and a heading once over its quotes', () => {
    const article = '第四章 工作程序 > 第二节 一般程序与简易程序 > 第二十条';
    const text = formatAnswer(
      answerWith([
        cite(1, article, '第二十条 委员会或服务中心应制定适用简易程序审查的工作规程和跟踪频度。', 3172),
        cite(2, article, '简易程序审查由委员会主任委员指定两名或两名以上的委员承担。', 3207),
        news(cite(3, '', '“两重”建设项目清单', 10), 'news#4', '国家发展和改革委员会下达2026年第二批“两重”建设项目清单'),
        cite(4, '第四章 工作程序 > 第二节 一般程序与简易程序 > 第十九条', '第十九条 有下列情形之一的可以适用简易程序：', 3048),
      ]),
    );
    expect(text.split(`《${title}》`)).toHaveLength(2);
    expect(text.split(article)).toHaveLength(2);
    expect(text).toContain(
      [
        '来源：',
        `《${title}》（工信部联科〔2026〕75号，2026-03-20）  [doc#12]`,
        `  ${article}`,
        '    [1] “第二十条 委员会或服务中心应制定适用简易程序审查的工作规程和跟踪频度。”  [3172–3207]',
        '    [2] “简易程序审查由委员会主任委员指定两名或两名以上的委员承担。”  [3207–3236]',
        '  第四章 工作程序 > 第二节 一般程序与简易程序 > 第十九条',
        '    [4] “第十九条 有下列情形之一的可以适用简易程序：”  [3048–3070]',
        '《国家发展和改革委员会下达2026年第二批“两重”建设项目清单》  [news#4]',
        '  [3] ““两重”建设项目清单”  [10–20]',
      ].join('\n'),
    );
  });

  it('nests a title naming a policy and cuts a long quote at a clause end with …', () => {
    const quote =
      '《行动方案》提出，到2028年，物联网新技术、新产品、新模式不断涌现，产业创新能力持续增强，感知、网络与通信、数据处理、安全等关键技术取得突破，终端和平台智能化水平显著提升，制修订50项以上先进适用标准，培育打造10个亿级连接和15个千万级连接的应用领域，物联网终端连接数力争达到百亿级规模，物联网核心产业规模突破3.5万亿元。';
    const text = formatAnswer(answerWith([news(cite(1, '', quote, 233), 'news#7', '工信部等九部门联合印发《推动物联网产业创新发展行动方案（2026—2028年）》')]));
    expect(text).toContain('《工信部等九部门联合印发〈推动物联网产业创新发展行动方案（2026—2028年）〉》');
    const shown = /\[1\] “(.*)”/.exec(text)![1]!;
    expect(shown).toMatch(/[，、。；]…$/);
    expect(quote.startsWith(shown.slice(0, -1))).toBe(true);
  });
});
