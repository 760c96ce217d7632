import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { chunkDocument } from '../../src/ingest/chunk.js';
import { extractFigures, statedFigures } from '../../src/ingest/figures.js';
import { splitDocuments } from '../../src/ingest/split.js';
import type { Figure, PolicyDocument } from '../../src/types.js';
import { seedSources } from '../seeds.js';

function figuresOf(document: PolicyDocument): Figure[] {
  return chunkDocument(document, defaultConfig.chunking).flatMap((chunk) => extractFigures(document, chunk));
}

function documentFrom(text: string): PolicyDocument {
  return splitDocuments({ sourceFile: 'fixture.txt', format: 'txt', text })[0]!;
}

const seedDocuments = seedSources().flatMap((source) => splitDocuments(source));
const seedFigures = seedDocuments.flatMap(figuresOf);

describe('statedFigures', () => {
  it('reads round hundreds and thousands written in words', () => {
    expect(statedFigures('推动千余家企业对接技术资源')).toMatchObject([{ raw: '千余家', value: 1000, unit: '家', qualifier: '余' }]);
    expect(statedFigures('收集三千余人的意见')).toMatchObject([{ raw: '三千余人', value: 3000, unit: '人' }]);
    // Not the tail of a larger number.
    expect(statedFigures('第十千余').length).toBe(0);
  });

  it('reads units of weight, power, length and volume: 千克 and 千瓦 (not 千 as a magnitude), cm, 毫升', () => {
    expect(statedFigures('微型无人驾驶航空器，是指空机重量小于0.25千克')).toMatchObject([{ raw: '0.25千克', value: 0.25, unit: '千克' }]);
    expect(statedFigures('装机容量1000千瓦')).toMatchObject([{ raw: '1000千瓦', value: 1000, unit: '千瓦' }]);
    expect(statedFigures('头皮创口或者瘢痕长度累计8.0cm以上。面积累计8.0cm2以上')).toMatchObject([{ raw: '8.0cm', unit: 'cm' }, { raw: '8.0cm2', unit: 'cm2' }]);
    expect(statedFigures('每次采集血液量最多不得超过四百毫升')).toMatchObject([{ raw: '四百毫升', value: 400, unit: '毫升' }]);
    // (千米 is a thousand 米.)
    expect(statedFigures('全长3千米')).toMatchObject([{ value: 3000, unit: '米' }]);
    // Energy and short spans of time as reports print them.
    expect(statedFigures('产量超过400吉瓦时，装机12.5吉瓦')).toMatchObject([{ raw: '400吉瓦时', unit: '吉瓦时' }, { raw: '12.5吉瓦', unit: '吉瓦' }]);
    expect(statedFigures('车程缩短至15分钟，建团70周年')).toMatchObject([{ raw: '15分钟', unit: '分钟' }, { raw: '70周年', unit: '周年' }]);
    // Other currencies ("2.43港元" was no figure at all) and the measure words of news counts.
    expect(statedFigures('每股派息2.43港元，预计增加30亿欧元收入')).toMatchObject([{ raw: '2.43港元', unit: '港元' }, { raw: '30亿欧元', value: 3e9, unit: '欧元' }]);
    expect(statedFigures('开发了12门课程，每周运营4趟航班，共有36页')).toMatchObject([{ raw: '12门' }, { raw: '4趟' }, { raw: '36页' }]);
    // (Not an ordinal of phases: "二期工程".)
    expect(statedFigures('码头二期工程竣工')).toEqual([]);
  });

  it('does not read a digit in words glued to 元 and a noun as a sum (三元电池, 一元化)', () => {
    expect(statedFigures('其中三元电池累计出口39.4吉瓦时')).toMatchObject([{ raw: '39.4吉瓦时' }]);
    expect(statedFigures('推进一元化管理')).toEqual([]);
    expect(statedFigures('处五元以上五十元以下罚款')).toMatchObject([{ raw: '五元', value: 5 }, { raw: '五十元', value: 50 }]);
    // (Sums followed by what they are paid as stay sums.)
    expect(statedFigures('处以三万元罚款，给予五万元奖励，处五元罚款')).toMatchObject([{ raw: '三万元' }, { raw: '五万元' }, { raw: '五元' }]);
  });

  it('reads the longest unit and no unit inside another word', () => {
    expect(statedFigures('需要500日元，共100架次，发电3GWh')).toMatchObject([{ raw: '500日元', unit: '日元' }, { raw: '100架次', unit: '架次' }, { raw: '3GWh', unit: 'GWh' }]);
    for (const text of ['房屋四周设置围栏', '经历三周期波动', 'G1列车准点到达', '建成3门户网站', '五克拉钻石', '高一12班级']) expect(statedFigures(text), text).toEqual([]);
    expect(statedFigures('三周内完成整改，建团20周年')).toMatchObject([{ raw: '三周', unit: '周' }, { raw: '20周年', unit: '周年' }]);
  });

  it('reads 处 after a number as the measure word of places counted ("732处房产"), not as the verb before a penalty', () => {
    expect(statedFigures('共有732处房产接到疏散令')).toMatchObject([{ raw: '732处', value: 732, unit: '处' }]);
    expect(statedFigures('每使用一名童工每月处5000元罚款')).toMatchObject([{ raw: '5000元', unit: '元' }]);
  });

  it('reads a small count of people written in words', () => {
    expect(statedFigures('简易程序审查由委员会主任委员指定两名或两名以上的委员承担。')).toMatchObject([
      { raw: '两名', value: 2, unit: '名' },
      { raw: '两名', value: 2, unit: '名' },
    ]);
  });

  it('reads a count of 万 or 亿 printed without a unit when it ends its clause', () => {
    expect(statedFigures('30多个省份发布5G-A套餐，5G-A用户数超过1000万。')).toMatchObject([
      { raw: '30多个', unit: '个' },
      { raw: '1000万', value: 10_000_000, unit: '', qualifier: '超过' },
    ]);
    // Glued to more words it is no figure on its own ("3万台" has its unit, "2亿人次" too).
    expect(statedFigures('年产3万台设备').map((f) => f.raw)).toEqual(['3万台']);
    expect(statedFigures('2025年是收官之年').map((f) => f.raw)).toEqual([]);
  });

  it('reads an order of magnitude as a figure', () => {
    expect(statedFigures('确保2026年实现万台级产能')).toMatchObject([{ raw: '万台级', value: 10000, unit: '台' }]);
    // "亿级连接" names a kind of application, with no unit before 级.
    expect(statedFigures('培育10个亿级连接').map((f) => f.raw)).toEqual(['10个']);
  });
});

describe('extractFigures', () => {
  it('finds the seed figures with value, unit, qualifier, period and position', () => {
    const trillion = seedFigures.find((f) => f.raw === '1.2万亿元')!;
    expect(trillion).toMatchObject({ value: 1.2e12, unit: '元', qualifier: '超过', period: '2025年' });
    expect(trillion.measure).toBe('中国人工智能核心产业规模超过1.2万亿元');

    const bonds = seedFigures.find((f) => f.raw === '2168亿元')!;
    expect(bonds).toMatchObject({ value: 2.168e11, unit: '元' });
    expect(bonds.sentence).toContain('超长期特别国债资金2168亿元支持336个重大项目');

    const factories = seedFigures.find((f) => f.raw === '3.5万余家')!;
    expect(factories).toMatchObject({ value: 35000, unit: '家', qualifier: '余' });

    const iot = seedFigures.find((f) => f.raw === '3.5万亿元' && f.period === '到2028年');
    expect(iot?.measure).toContain('物联网核心产业规模');
  });

  it('does not take the period a figure is compared with for its own', () => {
    const figures = figuresOf(documentFrom('全美大规模枪击事件的数量比2022年同期（365起）增加9%。与2022年同期相比，销量增长5%。2023年上半年，收入较2022年增长12%。'));
    const period = (raw: string) => figures.find((f) => f.raw === raw)?.period;
    // (The base's own figure loses its period too: 365起 was 2022's.)
    expect(period('9%')).toBeUndefined();
    expect(period('5%')).toBeUndefined();
    expect(period('12%')).toBe('2023年上半年');
  });

  it('points every figure at its exact printed text', () => {
    const byId = new Map(seedDocuments.map((d) => [d.id, d]));
    expect(seedFigures.length).toBeGreaterThan(80);
    for (const figure of seedFigures) {
      expect(byId.get(figure.docId)!.text.slice(figure.start, figure.end)).toBe(figure.raw);
      expect(figure.chunkId.startsWith(figure.docId)).toBe(true);
    }
  });

  it('keeps percentages, time limits and Chinese-numeral amounts', () => {
    const figures = figuresOf(documentFrom('到2030年，国产化率从30％提升至70%以上。委员会应在申请受理后的30日内作出决定。预计产值将超过十万亿元。'));
    expect(figures.map((f) => [f.raw, f.value, f.unit])).toEqual([
      ['30%', 30, '%'],
      ['70%', 70, '%'],
      ['30日', 30, '日'],
      ['十万亿元', 1e13, '元'],
    ]);
    expect(figures[0]!.period).toBe('到2030年');
  });

  it('reads 明年 as a year only where it is one, not in "注明年、月、日"', () => {
    const will = figuresOf(documentFrom('预计明年上半年投产，年产能达到30万吨。'));
    expect(will[0]!.period).toBe('明年上半年');
    const dated = figuresOf(documentFrom('代书遗嘱应当有两个以上见证人在场见证，并由遗嘱人签名，注明年、月、日。'));
    expect(dated[0]!.raw).toBe('两个');
    expect(dated[0]!.period).toBeUndefined();
  });

  it('ignores dates, ordinals, 文号 and phone numbers', () => {
    const figures = figuresOf(
      documentFrom('工信厅联科函〔2026〕193号通知于2026年4月24日印发，第二批项目于9日公布。联系电话010-68205250。第十四条适用。《条例》将于2026年1月1日起施行。'),
    );
    expect(figures).toEqual([]);
  });
});

describe('clause numbers', () => {
  it('never reads the number of a clause (第五百八十六条) as a count', () => {
    expect(statedFigures('第五百八十六条 当事人可以约定一方向对方给付定金作为债权的担保。')).toEqual([]);
    expect(statedFigures('根据《中华人民共和国食品安全法》第一百四十八条第二款规定')).toEqual([]);
    expect(statedFigures('共八十六条措施').map((f) => f.raw)).toEqual(['八十六条']);
  });
});

describe('numbers written in words, as laws print them', () => {
  const read = (sentence: string) => statedFigures(sentence).map((f) => [f.raw, f.value, f.unit]);

  it('reads periods, ages and counts in words', () => {
    expect(read('十六周岁以上公民的居民身份证的有效期为十年、二十年、长期。')).toEqual([
      ['十六周岁', 16, '周岁'],
      ['十年', 10, '年'],
      ['二十年', 20, '年'],
    ]);
    expect(read('每月不得超过三十六小时。')).toEqual([['三十六小时', 36, '小时']]);
    expect(read('经过六十日，即视为送达。')).toEqual([['六十日', 60, '日']]);
    expect(read('一年以上不满三年的，试用期不得超过二个月；')).toEqual([
      ['一年', 1, '年'],
      ['三年', 3, '年'],
      ['二个月', 2, '个月'],
    ]);
  });

  it('reads shares in words as percentages', () => {
    expect(read('不得超过主合同标的额的百分之二十')).toEqual([['百分之二十', 20, '%']]);
    expect(read('按日加收滞纳税款万分之五的滞纳金')).toEqual([['万分之五', 0.05, '%']]);
    expect(read('增长百分之二点五')).toEqual([['百分之二点五', 2.5, '%']]);
  });

  it('leaves out years, days of the month and 一 meaning "a"', () => {
    expect(read('二〇二四年十月一日起施行')).toEqual([]);
    expect(read('一年来，全省一次性发放补贴')).toEqual([]);
    expect(read('千家万户')).toEqual([]);
  });
});

describe('digits grouped by thousands', () => {
  it('reads "1,801.89万元" as one number, never its tail', () => {
    expect(statedFigures('今年二季度实现租赁收入1,801.89万元，完成预测值的104.31%；').map((f) => [f.raw, f.value])).toEqual([
      ['1,801.89万元', 18018900],
      ['104.31%', 104.31],
    ]);
    expect(statedFigures('2023年6月在华终端销量为113,133辆').map((f) => f.value)).toEqual([113133]);
  });
});
