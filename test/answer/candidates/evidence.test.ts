/** Candidate sentences, scored against the question's terms (candidates/evidence.ts). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageOf, gatherEvidence } from '../../../src/answer/candidates/evidence.js';
import { queryTerms } from '../../../src/answer/question/terms.js';
import type { Hit, PolicyDocument } from '../../../src/types.js';
import { analyzeQuery } from '../../../src/retrieve/query.js';
import { openCorpusIndex, type SeedIndex } from '../../seed-index.js';

let fixture: SeedIndex;
beforeAll(async () => {
  fixture = await openCorpusIndex('evidence', (corpusDir) => {
    writeFileSync(path.join(corpusDir, 'travel.txt'), '中秋国庆出游预订火热\n\n同程旅行平台数据显示，有关中秋国庆线路的咨询量翻倍，其中，出境游咨询量增长超4倍。\n');
    writeFileSync(path.join(corpusDir, 'drink-driving.txt'), '道路交通安全违法行为处理\n\n醉酒驾驶机动车的，由公安机关交通管理部门约束至酒醒，吊销机动车驾驶证。违法行为的处罚标准由本规定附表列明。\n');
    writeFileSync(path.join(corpusDir, 'dumping.txt'), '海洋倾废管理\n\n对违法行为的处罚标准如下：未经批准倾倒废弃物的，处以罚款。\n');
    writeFileSync(path.join(corpusDir, 'service.txt'), '兵役制度调整\n\n俄罗斯总统签令，将征兵年龄上限提高至30岁。\n');
    writeFileSync(
      path.join(corpusDir, 'turing.txt'),
      '2023ACM中国图灵大会在武汉开幕\n\n湖北日报讯（记者田佩雯）7月29日上午，2023ACM中国图灵大会在武汉举行开幕式。大会主题为“通用智能，人机共生”，来自计算机科学领域的国内外顶尖专家学者来汉“论剑”。ACM中国图灵大会是国际性计算机科学研究论坛，主要探讨计算机科学领域的技术进展。\n',
    );
  });
}, 120_000);
afterAll(() => fixture?.cleanup());

describe('a report read sentence by sentence', () => {
  it('answers from the sentence that states what is asked, not the opening one that names the story again', async () => {
    // (The report's title names the story; its later sentences speak of it without naming it.)
    const answer = await fixture.assistant.ask('2023ACM中国图灵大会的主题是什么？');
    expect(answer.answered, answer.answer).toBe(true);
    expect(answer.citations[0]?.quote).toContain('通用智能，人机共生');
  });
});

describe('a notice that sends a text', () => {
  it.each([
    ['现将《推动物联网产业创新发展行动方案（2026—2028年）》印发给你们，请结合实际认真抓好落实。', 0],
    ['《推动物联网产业创新发展行动方案（2026—2028年）》已经国务院同意，现予印发，请遵照执行。', 0],
    ['物联网行动方案的补贴资金将直接发给你们，请注意查收。', 1],
  ])('reads its transmittal as naming the text, not stating anything of it: %s', async (text, statement) => {
    const document: PolicyDocument = { id: 'n', title: '关于印发《推动物联网产业创新发展行动方案（2026—2028年）》的通知', sourceFile: 'n.txt', text, issuers: [], type: '通知', versionKey: 'n' };
    const hit: Hit = { document, chunk: { id: 'n#0', docId: 'n', ordinal: 0, text, headingPath: [document.title], start: 0, end: text.length }, score: 1 };
    const terms = await queryTerms(analyzeQuery('物联网行动方案到2028年的发展目标是什么？'), fixture.assistant.index);
    const [evidence] = gatherEvidence([hit], terms, '物联网行动方案到2028年的发展目标是什么？');
    expect(evidence?.features.statement).toBe(statement);
  });
});

describe('a list item', () => {
  it('is read under the sentence it hangs on, which names what the items are', async () => {
    const question = '要当仲裁员需要什么资格？我当律师六年了，够不够？';
    const item = '（二）从事律师工作满八年的；';
    const hitOf = (text: string): Hit => {
      const document: PolicyDocument = { id: 'a', title: '中华人民共和国仲裁法', sourceFile: 'a.md', text, issuers: [], type: '法律', versionKey: 'a' };
      return { document, chunk: { id: 'a#0', docId: 'a', ordinal: 0, text, headingPath: [document.title], start: 0, end: text.length }, score: 1 };
    };
    const terms = await queryTerms(analyzeQuery(question), fixture.assistant.index);
    const coverageOfItem = (text: string) => gatherEvidence([hitOf(text)], terms, question).find((e) => e.text === item)!.coverage;
    const listed = coverageOfItem(`第十三条 仲裁委员会应当从公道正派的人员中聘任仲裁员。\n仲裁员应当符合下列条件之一:\n（一）通过国家统一法律职业资格考试取得法律职业资格，从事仲裁工作满八年的；\n${item}`);
    // (The same item after a line that is no lead: its own words only.)
    const alone = coverageOfItem(`第十三条 仲裁委员会应当从公道正派的人员中聘任仲裁员。\n${item}`);
    expect(listed).toBeGreaterThan(alone);
  });

  it('as is a case of a rule holding the quantity the question states, under the sentence its article opens with', async () => {
    const question = '我爷爷78岁，被车撞了去世，死亡赔偿金按多少年算？';
    const text = '第十五条 死亡赔偿金按照受诉法院所在地上一年度城镇居民人均可支配收入标准，按二十年计算。但六十周岁以上的，年龄每增加一岁减少一年；七十五周岁以上的，按五年计算。';
    const document: PolicyDocument = { id: 'b', title: '最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释', sourceFile: 'b.md', text, issuers: [], type: '解释', versionKey: 'b' };
    const hit: Hit = { document, chunk: { id: 'b#0', docId: 'b', ordinal: 0, text, headingPath: [document.title, '第十五条'], start: 0, end: text.length }, score: 1 };
    const terms = await queryTerms(analyzeQuery(question), fixture.assistant.index);
    const [best] = gatherEvidence([hit], terms, question);
    expect(best?.text).toBe('七十五周岁以上的，按五年计算。');
  });
});

describe('an abbreviation asked', () => {
  const term = (word: string) => ({ term: word, weight: 1, forms: [word], critical: false });
  it.each([
    ['大客车', '4. 申请大型客车、重型牵引挂车准驾车型的，在22周岁以上', 0.7],
    ['交易所', '应当向该公司、证券交易场所和证监会作出书面报告并公告', 0.7],
    ['零售量', '7月份国内狭义乘用车市场零售销量达177.5万辆', 0.7],
    // (The shortest full form, where a longer run comes first.)
    ['大客车', '申请大型货车客车和大型客车', 0.7],
    // (Characters of the word scattered over other words, or across a comma, name something else.)
    ['大客车', '申请大型货车和城市公交客车准驾车型的', 0],
    ['大客车', '大型、重型客车', 0],
    // (Nor across a count, "工作十五日" is no 工作日, nor a law's name in words that end alike.)
    ['工作日', '应当自收到申请之日起工作十五日内作出决定', 0],
    ['公司法', '公司依法设立，依法经营', 0],
  ])('"%s" is found where the text prints its full form: %s', (word, text, coverage) => {
    expect(coverageOf(text, [term(word)])).toBeCloseTo(coverage);
  });
});
