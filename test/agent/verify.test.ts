import { describe, expect, it } from 'vitest';
import { PassageRegistry } from '../../src/agent/passages.js';
import { GroundingVerifier, SentenceSplitter, UNVERIFIED_MARK } from '../../src/agent/verify.js';
import type { PolicyDocument } from '../../src/types.js';

const lines = [
  '关于支持中小企业数字化转型的通知',
  '工信部发〔2026〕12号',
  '一、对完成数字化改造的企业给予最高50万元补助，全市共支持3.5万余家企业。',
  '二、申请企业应当在2026年6月30日前向所在区工业和信息化部门提交申请材料。',
  '三、补助资金由市级财政承担，区级财政不再配套。',
];
const document: PolicyDocument = {
  id: 'doc-1',
  title: '关于支持中小企业数字化转型的通知',
  sourceFile: 'fixture.txt',
  text: lines.join('\n'),
  issuers: ['工业和信息化部'],
  documentNumber: '工信部发〔2026〕12号',
  date: '2026-03-05',
  type: '通知',
  versionKey: '关于支持中小企业数字化转型的通知',
};

/** Passages [1]–[5], one per line of the fixture. */
function verifier(): GroundingVerifier {
  const registry = new PassageRegistry();
  let start = 0;
  for (const line of lines) {
    registry.add(document, start, start + line.length);
    start += line.length + 1;
  }
  return new GroundingVerifier(registry);
}

describe('GroundingVerifier', () => {
  it('keeps a sentence its citation supports and quotes the supporting sentence with exact offsets', () => {
    const v = verifier();
    expect(v.verify('完成数字化改造的企业最高可获得50万元补助[3]。')).toBe('完成数字化改造的企业最高可获得50万元补助[1]。');
    const [citation] = v.citations.list;
    expect(citation!.quote).toBe(lines[2]);
    expect(document.text.slice(citation!.start, citation!.end)).toBe(citation!.quote);
    expect(v.report.supported).toBe(1);
  });

  it('removes a sentence whose figure is in no source, and says which figure', () => {
    const v = verifier();
    expect(v.verify('完成数字化改造的企业最高可获得80万元补助[3]。')).toBe('');
    expect(v.report.removed).toEqual([{ sentence: '完成数字化改造的企业最高可获得80万元补助。', reason: '“80万元”不见于任何检索到的原文' }]);
    expect(v.verify('全市共支持3.5亿家企业[3]。')).toBe('');
  });

  it('accepts the same figure written another way (35000 = 3.5万, 2026-06-30 = 2026年6月30日)', () => {
    const v = verifier();
    expect(v.verify('全市共支持35000余家企业[3]。')).toContain('[1]');
    expect(v.verify('申请企业须在2026-06-30前提交申请材料[4]。')).toContain('[2]');
    expect(v.report.removed).toEqual([]);
  });

  it('points a citation that does not support its sentence at the passage that does', () => {
    const v = verifier();
    const shown = v.verify('申请企业应当在2026年6月30日前提交申请材料[3]。');
    expect(shown).toBe('申请企业应当在2026年6月30日前提交申请材料[1]。');
    expect(v.citations.list[0]!.quote).toBe(lines[3]);
    expect(v.report.corrected).toBe(1);
  });

  it('adds the citation a factual sentence left out', () => {
    const v = verifier();
    expect(v.verify('补助资金由市级财政承担，区级财政不再配套。')).toBe('补助资金由市级财政承担，区级财政不再配套[1]。');
    expect(v.citations.list[0]!.quote).toBe(lines[4]);
  });

  it('removes a 文号 the sources do not print, and keeps the one they do', () => {
    const v = verifier();
    expect(v.verify('该通知的文号是工信部发〔2025〕99号[2]。')).toBe('');
    expect(v.verify('该通知的文号是工信部发[2026]12号[2]。')).toContain('[1]');
  });

  it('reads clause numbers either way and checks them against the passage and its headings', () => {
    const registry = new PassageRegistry();
    const text = '第十四条 申请人对审查结论有异议的，可以在收到结论之日起15个工作日内申请复核。';
    const clause: PolicyDocument = { ...document, id: 'doc-2', text };
    registry.add(clause, 0, text.length, { id: 'doc-2#3', docId: 'doc-2', ordinal: 3, text, headingPath: ['办法', '第三章 复核', '第十四条'], start: 0, end: text.length });
    const v = new GroundingVerifier(registry);
    expect(v.verify('根据第14条，申请人可以在收到结论之日起15个工作日内申请复核[1]。')).toContain('[1]');
    expect(v.verify('根据第二十条，申请人可以在收到结论之日起15个工作日内申请复核[1]。')).toBe('');
  });

  it('does not take a date for a count: 3月5日 vouches for neither 3个 nor 5年', () => {
    const v = verifier();
    expect(v.verify('企业应在收到通知后3个工作日内提交材料[4]。')).toBe('');
    expect(v.verify('补助期限为5年[3]。')).toBe('');
    expect(v.verify('申请企业应当在2026年提交申请材料[4]。')).toContain('[1]');
  });

  it('checks the number shown, not a list number: "1.5亿元" is not item 1 of "5亿元"', () => {
    const v = verifier();
    expect(v.verify('1.5万余家企业获得支持[3]。')).toBe('');
    expect(v.verify('1. 全市共支持3.5万余家企业[3]。')).toContain('[1]');
  });

  it('reads numbers however they are written, and removes the ones it cannot check', () => {
    const v = verifier();
    expect(v.verify('全市共支持三万五千余家企业[3]。')).toContain('[1]');
    expect(v.verify('申请企业应当在2026.6.30前提交申请材料[4]。')).toContain('[2]');
    for (const invented of ['完成改造的企业补助比例为百分之八十[3]。', '补助按八成拨付给完成改造的企业[3]。', '完成改造的企业最高可获得壹佰万元补助[3]。', '申请企业应当在二〇三六年六月三十日前提交申请材料[4]。', '完成改造的企业最高可获得⑨⑨万元补助[3]。', '完成改造的企业最高可获得٩٩万元补助[3]。']) {
      expect(v.verify(invented), invented).toBe('');
    }
  });

  it('never shows figures that no single source states together', () => {
    const v = verifier();
    expect(v.verify('完成数字化改造的企业给予最高50万元补助，申请材料于6月30日前提交。')).toBe('');
    expect(v.report.removed[0]!.reason).toBe('句中数字不见于同一段原文');
  });

  it('does not accept a 文号 of another issuer with the same year and number', () => {
    const v = verifier();
    expect(v.verify('依据沪信部发〔2026〕12号的规定办理[2]。')).toBe('');
  });

  it('marks a short claim no source supports', () => {
    const v = verifier();
    expect(v.verify('该补助可以叠加享受。')).toBe(`该补助可以叠加享受。${UNVERIFIED_MARK}`);
  });

  it('marks a claim no source supports and drops its citation', () => {
    const v = verifier();
    expect(v.verify('企业还可以同时申请国家级专项资金奖励和税收减免优惠[3]。')).toBe(`企业还可以同时申请国家级专项资金奖励和税收减免优惠。${UNVERIFIED_MARK}`);
    expect(v.citations.list).toEqual([]);
    expect(v.report.marked).toBe(1);
  });

  it('lets connectives and statements of what is not covered through unmarked', () => {
    const v = verifier();
    expect(v.verify('具体如下：\n')).toBe('具体如下：\n');
    expect(v.verify('现有文件中未找到关于补助发放时间的规定。')).toBe('现有文件中未找到关于补助发放时间的规定。');
    expect(v.report.marked).toBe(0);
  });
});

describe('SentenceSplitter', () => {
  it('keeps the markers that follow a sentence with it, even when they arrive later', () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push('第一句话。')).toEqual([]);
    expect(splitter.push('[1')).toEqual([]);
    expect(splitter.push('][2]第二')).toEqual(['第一句话。[1][2]']);
    expect(splitter.push('句话[3]。\n1. 第三')).toEqual(['第二句话[3]。\n']);
    expect(splitter.flush()).toEqual(['1. 第三']);
  });

  it('checks text without sentence ends in bounded pieces', () => {
    const splitter = new SentenceSplitter();
    const pieces = splitter.push(' '.repeat(100_000));
    expect(pieces.length).toBeGreaterThan(100);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(600);
  });
});
