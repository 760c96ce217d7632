import { describe, expect, it } from 'vitest';
import { countedPer, periodConflict, periodsAsked, periodsAt, periodsOf, rateConflict, ratesAsked, resolvedPeriod, withHeadline } from '../../../src/answer/question/periods.js';

describe('periods', () => {
  const conflict = (question: string, sentence: string, headline = '') =>
    periodConflict(periodsOf(question), headline ? withHeadline(periodsOf(sentence), periodsOf(headline)) : periodsOf(sentence));

  it('tells another quarter, half, year or month from the one asked', () => {
    expect(conflict('宏碁2023年第一季度的合并营收是多少？', '通过2023年第二季度财报，合并营收为新台币582.61亿元')).toBe(true);
    expect(conflict('腾讯2023年第二季度营收是多少？', '2023年第二季度营收1492.08亿元，高于第一季度')).toBe(false);
    expect(conflict('本田中国2023年8月在华销量是多少辆？', '本田2022年7月在华终端汽车销量为13.36万辆，2023年6月为113133辆')).toBe(true);
    // A month without its year is a dateline, not a period.
    expect(conflict('本田中国2023年8月在华销量是多少辆？', 'IT之家8月3日消息，本田中国发布销量')).toBe(false);
  });

  it('tells a half from a quarter: neither answers for the other', () => {
    expect(conflict('天地在线一季度净利润？', '预计公司上半年归属于上市公司股东的净利润亏损3,200万元至6,000万元')).toBe(true);
    expect(conflict('2023年上半年净利润是多少？', '第二季度净利润为5亿元')).toBe(true);
    expect(conflict('2023年上半年净利润是多少？', '上半年净利润12亿元，其中第二季度5亿元')).toBe(false);
    // A month is where a half ends, not another part of the year.
    expect(conflict('2023年上半年贷款余额是多少？', '截至2023年6月末，贷款余额为3万亿元')).toBe(false);
  });

  it('reads months counted from January as the half, the quarter or a span of their own', () => {
    expect(conflict('2023年上半年全国规模以上工业企业利润总额同比下降了多少？', '1-5月，全省规模以上工业企业实现利润总额220.7亿元，同比下降31.2%')).toBe(true);
    expect(conflict('2023年上半年利润总额是多少？', '2023年1—6月份，利润总额23779.8亿元')).toBe(false);
    expect(conflict('一季度出口额是多少？', '1至3月，出口额1.2万亿元')).toBe(false);
    expect(conflict('前三季度营收是多少？', '1-9月营收3000亿元')).toBe(false);
    expect(conflict('1-7月黑龙江省企业享受了多少关税减让？', '上半年，黑龙江省企业享受关税减让1亿元')).toBe(true);
    // (Not the months before an event, nor days; the last months of a year are a span of their own, not from January.)
    expect(conflict('2023年下半年新办了多少许可证？', '许可证有效期届满前六个月申请延续')).toBe(false);
    expect(conflict('前8个月出口额是多少？', '今年前8个月，出口额1.2万亿元')).toBe(false);
    expect(conflict('1-10月销量是多少？', '11-12月销量回升')).toBe(true);
    expect(conflict('上半年销量是多少？', '8月1-5日销量')).toBe(false);
    // A headline's half does not make five months of the sentence a half.
    expect(conflict('2023年上半年利润总额同比下降了多少？', '1-5月，全省利润总额同比下降31.2%', '甘肃省统计局公布2023年上半年全省经济运行情况')).toBe(true);
  });

  it('reads a range of months not from January as its quarter, the second half or a span, and no month of its own', () => {
    expect(conflict('光荣特库摩2023年1月至3月那个季度的营业额是多少？', '2023年4月至6月季度营业额为182.97亿日元')).toBe(true);
    expect(conflict('2023年第二季度营业额是多少？', '2023年4-6月营业额为182.97亿日元')).toBe(false);
    expect(conflict('2023年下半年销量是多少？', '7至12月销量回升')).toBe(false);
    expect([...periodsOf('2023年4月至6月销量为12万辆').month]).toEqual([]);
    expect(conflict('上半年销量是多少？', '8月4-6日销量')).toBe(false);
    // (Nor an infant's age in months, nor a range past December.)
    expect(conflict('2023年第一季度接种了多少剂？', '3至6月龄婴儿接种')).toBe(false);
    expect(conflict('2023年第一季度销量是多少？', '4-16月销量')).toBe(false);
  });

  it('leaves a month asked to a sentence that names a part of the year ending on it', () => {
    // (A month's stock is where the half ends; a monthly report prints the month and the months to it.)
    expect(conflict('2023年6月末人民币存款余额是多少？', '上半年，6月末人民币存款余额28.8万亿元')).toBe(false);
    expect(conflict('2023年7月CPI同比涨了多少？', '7月份，CPI同比下降0.3%，1-7月平均上涨0.5%')).toBe(false);
  });

  it('reads a report sentence in the period its headline names', () => {
    const headline = '宏碁公司于8月3日召开董事会，公布了2023年第二季度的财报';
    expect(conflict('宏碁2023年第一季度的合并营收是多少？', '财报显示，该季度的合并营收为新台币582.61亿元', headline)).toBe(true);
    expect(conflict('宏碁2023年第二季度的合并营收是多少？', '财报显示，该季度的合并营收为新台币582.61亿元', headline)).toBe(false);
  });

  it('gives a figure the period named nearest before it, else the first after it, and a range of years whole', () => {
    const at = (sentence: string, figure: string) => periodsAt(sentence, sentence.indexOf(figure));
    const cash = '截至第二季度末，维珍银河总计拥有9.8亿美元的现金和证券，高于第一季度末的约8.74亿美元。';
    expect(at(cash, '9.8亿')).toMatchObject({ quarter: new Set(['2']) });
    expect(at(cash, '8.74亿')).toMatchObject({ quarter: new Set(['1']) });
    expect(at('营收1492.08亿元，为2023年第二季度的', '1492.08亿')).toMatchObject({ year: new Set(['2023']), quarter: new Set(['2']) });
    // (The years that bound a range are the range's: 2023年至2025年 before a figure is all three years.)
    expect(at('2023年至2025年，累计压减预算支出2.4亿元', '2.4亿')).toMatchObject({ year: new Set(['2023', '2024', '2025']) });
    // periodsOf still names every year of the sentence, the ends of a long range included.
    expect(periodsOf('1978年至2018年的四十年间').year).toEqual(new Set([...Array.from({ length: 30 }, (_, i) => String(1978 + i)), '2018']));
  });

  it('states 今年 and 去年 of a dated text as years', () => {
    expect(resolvedPeriod('今年上半年', '2024-03-05')).toBe('2024年上半年');
    expect(resolvedPeriod('去年', '2024-03-05')).toBe('2023年');
    expect(resolvedPeriod('今年', undefined)).toBe('今年');
  });
});

describe('rates', () => {
  it('reads the span of time a measure is counted per, printed just before it', () => {
    expect(countedPer('现在每月销售额多少万元以下可以免交增值税', '销售额')).toEqual(['month']);
    expect(countedPer('本法所称小规模纳税人，是指年应征增值税销售额未超过五百万元的纳税人', '销售额')).toEqual(['year']);
    expect(countedPer('以每一纳税年度的收入额减除费用六万元', '减除费用')).toEqual(['year']);
    expect(countedPer('以每一会计年度的营业收入计算', '营业收入')).toEqual(['year']);
    expect(countedPer('一年的基本减除费用是多少', '减除费用')).toEqual(['year']);
    expect(countedPer('日照市每月最低工资标准为1900元', '最低工资')).toEqual(['month']);
    // A count of years asked is no rate; 按月 glued to the verb by jieba still is one.
    expect(countedPer('交社保交到退休要交满多少年才能按月领养老金', '养老金')).toEqual(['month']);
  });

  it('takes a named year or month for a period, not a rate, and a word holding the character for no rate', () => {
    for (const [text, measure] of [
      ['2023年销售额增长12%', '销售额'],
      ['上年销售额', '销售额'],
      ['公司上年度销售额', '销售额'],
      ['3月销售额', '销售额'],
      // (Nor a rate of another clause: "每年，" then the measure after a comma.)
      ['每年一次，销售额由企业申报', '销售额'],
      // Places, people and times whose names hold 日, 年, 天 or 季.
      ['日照市最低工资标准是多少', '最低工资'],
      ['天津地区生产总值', '生产总值'],
      ['老年人补贴', '补贴'],
      ['青年失业率', '失业率'],
      ['近日公司销售额', '销售额'],
      ['冬季用电量', '用电量'],
    ]) expect(countedPer(text!, measure!), text).toEqual([]);
  });

  it('conflicts only where both count the shared measure, each per another span', () => {
    const conflict = (question: string, sentence: string) => rateConflict(ratesAsked(question, ['销售额']), sentence);
    expect(conflict('每月销售额多少以下免征增值税', '是指年应征增值税销售额未超过五百万元的纳税人')).toBe(true);
    expect(rateConflict(ratesAsked('月销售额多少以下免征增值税', ['月销售额']), '是指年应征增值税销售额未超过五百万元的纳税人')).toBe(true);
    // (A word starting with 年 is not a rate on what follows unless that is a noun of its own: 年轻人.)
    expect(ratesAsked('年轻人失业率是多少', ['年轻人', '失业率'])).toEqual([]);
    expect(conflict('每年销售额多少以下免征增值税', '是指年应征增值税销售额未超过五百万元的纳税人')).toBe(false);
    expect(conflict('销售额多少以下免征增值税', '是指年应征增值税销售额未超过五百万元的纳税人')).toBe(false);
    expect(conflict('每月销售额多少以下免征增值税', '销售额未超过十万元的，免征增值税')).toBe(false);
  });
});

describe('the period a question asks about', () => {
  const july = periodsOf('公司全资子公司在2023年7月份合计收到各类政府补助款项8,303,423.06元');
  it('is the one of the part that asks, not of a premise told before it', () => {
    const question = '中再资环全资子公司2023年7月合计收到政府补助830.34万元，那么2023年6月它们收到了多少政府补助？';
    expect(periodConflict(periodsAsked(question), july)).toBe(true);
  });
  it('is the premise\'s where the part that asks names none', () => {
    expect(periodConflict(periodsAsked('中再资环全资子公司2023年7月合计收到政府补助，其中最大一笔是多少？'), july)).toBe(false);
    expect(periodConflict(periodsAsked('2023年6月中再资环收到了多少政府补助？'), july)).toBe(true);
  });
});
