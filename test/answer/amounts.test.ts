/** Amounts of money: answered only by money. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex } from '../seed-index.js';
import { askedMagnitude, asksForMoney, detectIntent } from '../../src/answer/question/intent.js';

let fixture: SeedIndex;
beforeAll(async () => {
  fixture = await openCorpusIndex('amounts', (corpusDir) => {
    // A case reported without the amount: its only figure is a count of days.
    writeFileSync(
      path.join(corpusDir, 'case.txt'),
      '老虎张某被捕\n\n被拿下前3天还在开会。最高检网站8月10日消息，某省某市政协原党组书记、主席张某涉嫌受贿一案，由国家监察委员会调查终结，移送检察机关审查起诉。\n',
    );
    // A loan rule whose only figure is a time limit, and a notice that states the ceiling.
    writeFileSync(path.join(corpusDir, 'loan-rule.txt'), '某市住房公积金贷款办理规定\n\n第十条 住房公积金管理中心应当自受理贷款申请之日起15日内作出准予贷款或者不准贷款的决定。\n');
    writeFileSync(path.join(corpusDir, 'loan-ceiling.txt'), '某县调整住房公积金贷款额度\n\n自8月1日起，某县双职工缴存家庭住房公积金贷款最高额度调整为60万元。\n');
    writeFileSync(path.join(corpusDir, 'meeting.txt'), '某市召开防汛工作会议\n\n会议要求各部门做好防汛准备，确保群众安全度汛。\n');
  });
}, 120_000);
afterAll(() => fixture?.cleanup());

describe('amounts of money', () => {
  it('are not answered by another kind of figure: the corpus does not state the amount', async () => {
    const answer = await fixture.assistant.ask('某市政协原主席张某涉嫌受贿的金额是多少？');
    expect(answer.answered).toBe(false);
  });
});

describe('a count asked in a magnitude (多少万)', () => {
  it('is not answered by a figure too small to be counted in it', async () => {
    const answer = await fixture.assistant.ask('某市住房公积金贷款最多能贷多少万？');
    expect(answer.answered).toBe(false);
  });

  it('is answered by one that is', async () => {
    const answer = await fixture.assistant.ask('某县双职工住房公积金贷款最高能贷多少万？');
    expect(answer.answer.startsWith('60万元')).toBe(true);
  });

  it('is read where the count is asked, not in the story told before it', () => {
    expect(askedMagnitude('贷款额度不超过多少万元？')).toBe(1e4);
    expect(askedMagnitude('大概要投几个亿？')).toBe(1e8);
    expect(askedMagnitude('最多能借几十万？')).toBe(1e5);
    expect(askedMagnitude('公司欠了我几万块工资，仲裁时效是多久？')).toBe(0);
    // (亿级 is a level, not an amount: "多少个亿级连接" counts 个.)
    expect(askedMagnitude('要培育多少个亿级连接的应用领域？')).toBe(0);
  });
});

describe('asksForMoney', () => {
  it('reads an amount of money from its measure or any currency named, and nothing else', () => {
    expect(asksForMoney(detectIntent('截至7月末外汇储备规模是多少？'))).toBe(true);
    expect(asksForMoney(detectIntent('维珍银河二季度净亏损多少美元？'))).toBe(true);
    expect(asksForMoney(detectIntent('一共建成了多少个5G基站？'))).toBe(false);
    // (人民币 is money, not a count of people.)
    expect(asksForMoney(detectIntent('过渡资金金额是多少人民币？'))).toBe(true);
    expect(asksForMoney(detectIntent('途虎养车捐款了多少人民币？'))).toBe(true);
  });

});
