/** What an answer leads with: which number, when its sentence states several; a report's date, in its year; what stands where the question's interrogative stands. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex } from '../seed-index.js';

/** The corpus: one file each, as a user's folder would hold them. */
const files: Record<string, string> = {
  'batteries.txt': '上半年锂电池行业运行情况\n\n工业和信息化部发布信息显示，今年上半年，我国锂电池产量超过400吉瓦时，同比增长超过43%，锂电池全行业营业收入达到6000亿元。\n',
  'news.jsonl': `${JSON.stringify({ id: 'ceremony', date: '2023-08-12', text: '中泰铁路合作项目签约仪式举行\n\n记者获悉，中泰铁路一期工程3-1标段的签约仪式于8月10日在曼谷举行，双方代表出席。' })}\n`,
  'gas.jsonl': `${JSON.stringify({ id: 'gas', date: '2023-08-11', text: '燃气安全专项整治工作方案印发\n\n中新网8月11日电 国务院安全生产委员会印发燃气安全专项整治工作方案。到2025年底前，基本建立燃气安全管理长效机制。' })}\n`,
  'household.txt': '户籍制度改革取得新进展\n\n截至2022年，1.4亿农业转移人口落户城镇，户籍人口城镇化率达47.7%。\n',
  'station.txt': '航天员乘组在轨工作情况\n\n在轨期间，航天员乘组进行了8项人因工程技术研究、28项航天医学实验、38项空间科学试验。\n',
  'penalties.md':
    '# 某某市广告管理条例\n\n第十条 发布虚假广告的，由市场监督管理部门处广告费用三倍以上五倍以下的罚款。\n\n第十一条 当事人对处罚决定不服的，可以自收到决定书之日起六十日内申请行政复议。\n\n第十二条 个人违法所得价值一千元至三千元以上的，属于数额较大。\n\n第十三条 用人单位应当按照工资支付周期编制书面工资支付台账，并至少保存3年。\n\n第十四条 用人单位应当自工资支付之日起5日内将工资支付台账报送备查。\n',
  'reserves.txt': '外汇储备规模连续两个月增长\n\n国家外汇管理局发布的数据显示，截至2023年7月末，我国外汇储备规模为32043亿美元，较6月末上升113亿美元，升幅为0.35%。\n',
  'tickets.txt': '湖北推出旅游计次票\n\n“武汉+武当山+襄阳”旅游计次票包含三段行程，每段各1张二等座车票，有效期30天。\n',
  'wanda.txt': '万达集团召开年中工作会议\n\n会议指出，今年是万达转型的关键一年。万达集团董事长王健林在会上表示，将继续推进轻资产转型。\n',
  'relief.txt':
    '多部门部署防汛救灾\n\n针对本轮暴雨可能导致部分地区农田大面积积水等情况，应急管理部联合农业农村部派出工作组，指导重点地区调用排灌机械设备。门头沟区消防救援人员为被困群众提供了餐食和饮用水，并协助转移行动不便的老人。\n',
  'cash.txt': '维珍银河公布第二季度财报\n\n截至第二季度末，维珍银河总计拥有9.8亿美元的现金和证券，高于第一季度末的约8.74亿美元。\n',
  'shipbuilding.txt':
    '上半年我国造船三大指标继续领先\n\n中国船舶工业行业协会的数据显示，2023年1-6月份，我国造船完工量、新接订单量和手持订单量以载重吨计分别占世界总量的49.6%、72.6%和53.2%，以修正总吨计分别占47.3%、67.2%和46.8%，均位居世界第一。\n',
};

let fixture: SeedIndex;
beforeAll(async () => {
  fixture = await openCorpusIndex('figure-lead', (corpusDir) => {
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(corpusDir, file), text);
  });
}, 120_000);
afterAll(() => fixture?.cleanup());

/** The answer's first statement: what it leads with. */
const leadOf = async (question: string) => (await fixture.assistant.ask(question)).answer.split('。')[0];

describe('figures stated respectively for a list of items', () => {
  it('lead with the figure of the item asked, not the first of the list', async () => {
    expect(await leadOf('2023年上半年，我国造船手持订单量以载重吨计占世界总量的百分之多少？')).toContain('53.2%');
    expect(await leadOf('2023年上半年，我国造船新接订单量以载重吨计占世界总量的百分之多少？')).toContain('72.6%');
  });
});

describe('figures of two periods in one sentence', () => {
  it('lead with the figure of the period asked, the one named nearest before it', async () => {
    expect(await leadOf('维珍银河第一季度末的现金和证券有多少美元？')).toBe('约8.74亿美元');
    expect(await leadOf('维珍银河第二季度末的现金和证券有多少美元？')).toBe('9.8亿美元');
  });
});

describe('the words a question counts in', () => {
  it('pick the number printed before them, in a unit the index does not know or before the noun counted', async () => {
    expect(await leadOf('今年上半年我国锂电池产量超过多少吉瓦时？')).toContain('400吉瓦时');
    expect(await leadOf('截至2022年，有多少农业转移人口落户城镇？')).toContain('1.4亿');
    // (38项 before the noun, not 8项, which ends the same.)
    expect(await leadOf('航天员乘组在轨进行了多少项空间科学试验？')).toBe('38项');
  });
});

describe('bounds and ranges', () => {
  it('lead a time limit with its 内 and a range whole, as printed', async () => {
    expect(await leadOf('对处罚决定不服，多少日内可以申请行政复议？')).toBe('六十日内');
    expect(await leadOf('发布虚假广告的，罚款是广告费用的几倍？')).toBe('三倍以上五倍以下');
    expect(await leadOf('违法所得价值多少元以上属于数额较大？')).toBe('一千元至三千元以上');
  });

  it('answers how long with a duration printed in years, too', async () => {
    expect(await leadOf('工资支付台账至少要保存多长时间？')).toBe('3年');
  });
});

describe('a when-question answered from a report', () => {
  it('leads with the date in the year the report is dated', async () => {
    expect(await leadOf('中泰铁路一期工程3-1标段的签约仪式是在哪一天举行的？')).toBe('2023年8月10日');
  });

  it('leads with a part of a year when that is the time stated, not with the dateline', async () => {
    expect(await leadOf('建立燃气安全管理长效机制的目标是什么时候？')).toBe('2025年底');
  });
});

describe('amounts in another currency, and changes', () => {
  it('leads an amount asked without a unit with the figure in whatever currency it is printed, and a change with the change', async () => {
    expect(await leadOf('截至2023年7月末，我国外汇储备规模是多少？')).toMatch(/^32043亿美元/);
    expect(await leadOf('外汇储备规模较6月末上升了多少？')).toMatch(/^113亿美元/);
  });
});

describe('what a question asks in place', () => {
  it('leads with what the sentence prints where the interrogative stands: a body of the class asked, an act\'s object', async () => {
    expect(await leadOf('应急管理部联合哪个部门派出了工作组？')).toBe('农业农村部');
    expect(await leadOf('消防救援人员为被困群众提供了什么？')).toBe('餐食和饮用水');
    // "谁是…" asks who holds the role: the name printed with it.
    expect(await leadOf('谁是万达集团董事长？')).toBe('万达集团董事长王健林');
  });

  it('leads with the number before the words a question counts in, in a unit the index does not know', async () => {
    expect(await leadOf('“武汉+武当山+襄阳”旅游计次票包含几段行程？')).toBe('三段行程');
  });
});
