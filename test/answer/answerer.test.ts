import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askedAct, askedSubject, countNamed, holdsNoTopic, missesNumberAsked, pastYears, spokenTitles } from '../../src/answer/question/asked.js';
import { splitQuestion } from '../../src/answer/question/split.js';
import { ASKING } from '../../src/answer/question/answer-type.js';
import { questionFocus, type QueryTerm } from '../../src/answer/question/terms.js';
import { askedUnit, checkedClaim, detectIntent, plainWording, topicOf } from '../../src/answer/question/intent.js';
import type { Answer } from '../../src/types.js';
import { openSeedIndex, type SeedIndex } from '../seed-index.js';

let seed: SeedIndex;
beforeAll(async () => {
  seed = await openSeedIndex();
});
afterAll(() => seed.cleanup());

const ask = (question: string, sessionId?: string) => seed.assistant.ask(question, sessionId ? { sessionId } : {});

/** Every citation quotes its document exactly at the offsets it gives. */
function expectTraceable(answer: Answer): void {
  for (const citation of [...answer.citations, ...answer.related]) {
    const document = seed.assistant.index.documents.get(citation.docId)!;
    expect(document.text.slice(citation.start, citation.end)).toBe(citation.quote);
    // The title, with a briefing's display headline or an untitled article's section after it
    // (less the spaces a PDF line break left inside it).
    const closed = (title: string) => title.replace(/\s+/g, '');
    expect(closed(citation.title).startsWith(closed(document.title))).toBe(true);
  }
  const markers = [...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  for (const n of markers) expect(answer.citations.some((c) => c.n === n)).toBe(true);
  // …and every source listed is cited in the text, numbered in the order it is first cited.
  expect(answer.citations.map((c) => c.n)).toEqual([...new Set(markers)]);
}

describe('figure questions', () => {
  it('lead with the number as printed, with its period, and quote the source', async () => {
    const answer = await ask('2025年中国人工智能核心产业规模有多大？');
    expect(answer).toMatchObject({ answered: true, intent: 'figure' });
    expect(answer.answer).toMatch(/^超过1\.2万亿元（2025年）。/);
    expect(answer.citations[0]!.quote).toContain('中国人工智能核心产业规模超过1.2万亿元');
    expectTraceable(answer);
  });

  it('answer with the figure that counts what is asked, written in words if so printed', async () => {
    const answer = await ask('2025年度智能工厂梯度培育行动把智能工厂分成几个层级？');
    expect(answer.answer).toMatch(/^四个。/);
    expect(answer.answer).not.toContain('14个行业');
    expectTraceable(answer);
  });

  it('never state a number that is not in the cited text', async () => {
    const answer = await ask('第二批两重建设项目一共安排了多少超长期特别国债资金？');
    const numbers = answer.answer.match(/\d+(?:\.\d+)?(?:万亿|亿|万)?[元个家%]/g) ?? [];
    const cited = answer.citations.map((c) => c.quote).join('\n');
    expect(numbers).toContain('2168亿元');
    for (const number of numbers) expect(cited).toContain(number);
  });
});

describe('figures stated respectively for a range of years', () => {
  it('give the one figure of the year asked for', async () => {
    const answer = await ask('大碶街道搞预算监督“阳光三审”，2024年压减了多少预算支出？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^8235万元（2024年）/);
    expectTraceable(answer);
  });

  it('count a year inside a range as named, even when another sentence matches the question better', async () => {
    const answer = await ask('推行“阳光三审”试点的北仑区大碶街道，2024年压减预算支出多少？');
    expect(answer.answer).toMatch(/^8235万元（2024年）/);
  });

  it('give each year asked for its own figure', async () => {
    const answer = await ask('北仑大碶街道2023年和2024年各压减了多少预算支出？');
    expect(answer.answer).toMatch(/^7968万元（2023年）、8235万元（2024年）。/);
    expectTraceable(answer);
  });

  it('refuse a year outside the range', async () => {
    expect((await ask('大碶街道2022年压减了多少预算支出？')).answered).toBe(false);
  });
});

describe('conditions questions', () => {
  it('list each item with its own citation', async () => {
    const answer = await ask('人工智能科技伦理审查哪些情形可以适用简易程序？');
    expect(answer.intent).toBe('conditions');
    expect(answer.answer).toContain('第十九条 有下列情形之一的可以适用简易程序');
    const items = answer.answer.split('\n').filter((line) => line.startsWith('- '));
    expect(items).toHaveLength(3);
    for (const item of items) expect(item).toMatch(/\[\d+\]$/);
    expect(answer.citations[0]!.heading).toBe('第四章 工作程序 > 第二节 一般程序与简易程序 > 第十九条');
    expectTraceable(answer);
  });

  it('list clauses separated by "；" inside one paragraph', async () => {
    const answer = await ask('在新疆，哪些案件或事项涉及的涉案财物需要做价格认定？');
    const items = answer.answer.split('\n').filter((line) => line.startsWith('- '));
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(answer.answer).toContain('刑事案件');
    expect(answer.answer).toContain('国家赔偿');
    expectTraceable(answer);
  });

  it('answer a question about prohibitions with the 不得 clauses', async () => {
    const answer = await ask('行业协会商会办企业有哪些禁止性规定？');
    expect(answer.answer).toContain('不得设立与会员有直接竞争关系的企业');
    expectTraceable(answer);
  });

  it('list items numbered 一是、二是 inside the paragraph that announces them', async () => {
    const answer = await ask('于旭波代表就工业母机成果转化具体提了哪几条建议？');
    expect(answer.answer).toContain('于旭波提出4条具体建议。');
    for (const item of ['一是', '二是', '三是', '四是']) expect(answer.answer).toContain(`- ${item}`);
    expectTraceable(answer);
  });

  it('read a document\'s own abbreviations ("以下简称委员会") as its full names', async () => {
    const answer = await ask('组建人工智能科技伦理委员会，委员里要有哪些专业背景的人？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('人工智能技术、应用、伦理、法律等相应专业背景的专家');
    expectTraceable(answer);
  });

  it('continue a list cut across passages', async () => {
    const answer = await ask('申请人工智能科技伦理审查需要提交哪些材料？');
    expect(answer.answer).toContain('（三）遵守人工智能科技伦理和科研诚信等要求的承诺书');
  });
});

describe('document lookups', () => {
  it('answer 文号 and issuers from the document record, citing the printed line', async () => {
    const number = await ask('人工智能科技伦理审查与服务办法的文号是多少？');
    expect(number.answer).toContain('工信部联科〔2026〕75号');
    expect(number.citations[0]!.quote).toBe('工信部联科〔2026〕75号');
    const issuers = await ask('推动物联网产业创新发展行动方案是哪些部门联合印发的？');
    expect(issuers.answer).toContain('中央网信办');
    expect(issuers.answer).toContain('国家数据局联合印发');
    // Counts the sources do not print are not stated.
    expect(issuers.answer).not.toMatch(/共\d+个部门/);
    expectTraceable(issuers);
    // "哪几家联合发的" asks for the issuers too.
    const hubei = await ask('湖北数据科技创新三年行动计划是哪几家联合发的？');
    for (const issuer of ['湖北省数据局', '湖北省科技厅', '湖北省经济和信息化厅']) expect(hubei.answer).toContain(issuer);
  });

  it('weigh an issuer named by abbreviation once, not once more for its full name', async () => {
    // 工信部 (and its expansion 工业和信息化部) must not pull in the 模数共振 notice, whose title names the ministry.
    const answer = await ask('工信部等九部门印发的物联网行动方案文号是什么？');
    expect(answer.answer).toContain('工信部联科〔2026〕65号');
    expect(answer.answer).not.toContain('工信厅联科函');
  });

  it('cite the issuing notice for a plan that prints no 文号 of its own', async () => {
    const answer = await ask('湖北省加强数据科技创新三年行动计划是哪些部门联合印发的？');
    expect(answer.answer).toMatch(/由湖北省数据局、湖北省科技厅、湖北省经济和信息化厅联合印发\[1\]/);
    expect(answer.citations[0]!.title).toContain('关于印发《湖北省加强数据科技创新三年行动计划》的通知');
    expectTraceable(answer);
  });

  it('add the issuers a request also asks for to the answer, cited', async () => {
    const answer = await ask('请拟一则简讯：湖北省数据科技创新三年行动计划由哪几个厅局联合印发，到2028年要培育多少数据科技创新主体？');
    expect(answer.answer).toContain('1000家');
    expect(answer.answer).toMatch(/湖北省经济和信息化厅联合印发\[\d+\]/);
    expectTraceable(answer);
  });

  it('refuse a document the corpus does not hold', async () => {
    const answer = await ask('《成都市数据条例》是从哪一天起施行的？');
    expect(answer.answered).toBe(false);
    expect(answer.citations).toEqual([]);
  });
});

describe('answer types', () => {
  it('answers who-questions with the sentence that names the act', async () => {
    const answer = await ask('工信部树立和践行正确政绩观学习教育动员部署会是谁主持的？');
    expect(answer.answer).toContain('张云明主持会议');
    expectTraceable(answer);
  });

  it('answers each part of a question that asks two things, with one citation list', async () => {
    const answer = await ask('第二批两重建设项目安排了多少资金？支持了多少个项目？');
    const [money, projects] = answer.answer.split('\n');
    expect(money).toMatch(/^2168亿元/);
    expect(projects).toMatch(/^336个/);
    // Both parts quote the same sentence: one citation, numbered once.
    expect(answer.citations).toHaveLength(1);
    expect(answer.answer.match(/\[1\]/g)).toHaveLength(2);
    expectTraceable(answer);
  });

  it('points a later part answered by a sentence already quoted to that quote, with no empty source line', async () => {
    const answer = await ask('工信部第十次中小企业圆桌会是哪天开的？谁主持的？');
    const lines = answer.answer.split('\n');
    // The second part ("谁主持的") is answered by the sentence the first part quotes.
    expect(lines.at(-1)).toMatch(/李乐成\[1\]。$/);
    // Every line naming a source ("据《…》…：") has a quote under it.
    lines.forEach((line, i) => {
      if (/据《.*：$/.test(line)) expect(lines[i + 1] ?? '').toMatch(/\[\d+\]/);
    });
    expect(answer.answer.match(/圆桌会议》：/g)).toHaveLength(1);
    expectTraceable(answer);
  });

  it('quotes the sentence naming what is asked for, not only the report\'s lede', async () => {
    const answer = await ask('6月19日工信部党组理论学习中心组那次集体学习用的是什么方式？');
    expect(answer.answer).toContain('领读+研讨');
    expectTraceable(answer);
  });

  it('names the speaker a quoted sentence stands under', async () => {
    const answer = await ask('两会期间表态要确保2026年实现人形机器人万台级产能的，是哪家公司的谁？');
    expect(answer.answer).toContain('优必选创始人、董事会主席兼CEO周剑');
    expectTraceable(answer);
  });

  it('lists the documents a body issued or co-issued', async () => {
    const answer = await ask('国家数据局参与联合印发了哪些文件？');
    expect(answer.answer).toMatch(/^语料中由国家数据局印发或参与联合印发的文件有：/);
    expect(answer.answer).toContain('模数共振');
    expect(answer.answer).toContain('推动物联网产业创新发展行动方案');
    expectTraceable(answer);
  });
});

describe('drafting', () => {
  it('writes a formal reply quoting the governing text with its 文号 and clause', async () => {
    const answer = await ask('请起草一段答复口径：人工智能科技伦理审查申请受理后多长时间内作出决定？');
    expect(answer.intent).toBe('drafting');
    expect(answer.answer).toMatch(/^关于.+问题的答复口径（草稿）\n关于.+问题，根据《人工智能科技伦理审查与服务办法（试行）》（工信部联科〔2026〕75号）(?:第[一二三四五六七八九十]+条规定：|规定：“?第[一二三四五六七八九十]+条 )/);
    expect(answer.answer).toContain('30日内');
    expectTraceable(answer);
  });

  it('quotes the sentence dating what is asked once, when it is also one of the points raised', async () => {
    const answer = await ask('我在新疆某司法局实习，领导让我拟一段对外答复，回应群众询问《新疆维吾尔自治区涉案财物价格认定条例》从什么时候开始施行。能帮我写一段答复口径吗？');
    expect(answer.answer).toContain('2026年1月1日起施行');
    const quotes = [...answer.answer.matchAll(/“([^”]{20,})”/g)].map((m) => m[1]);
    expect(new Set(quotes).size).toBe(quotes.length);
    expectTraceable(answer);
  });

  it('titles the reply with the matter raised, in the words of the request, not with who raised it', async () => {
    const answer = await ask('请起草一段答复口径：有企业来电反映，伦理审查申请受理后迟迟没有结果，请说明委员会作出决定的期限。');
    expect(answer.answer).toMatch(/^关于伦理审查申请受理后迟迟没有结果问题的答复口径（草稿）\n/);
    expectTraceable(answer);
  });

  it('lists the items a request asks for, each cited, inside the reply frame', async () => {
    const answer = await ask('请给研发部写一段说明：申请人工智能科技伦理审查要准备哪几类材料？');
    expect(answer.answer).toMatch(/^关于.+问题的答复口径（草稿）/);
    for (const item of ['（一）', '（二）', '（三）']) expect(answer.answer).toContain(`- ${item}`);
    expect(answer.answer).toMatch(/特此答复。$/);
    expectTraceable(answer);
  });

  it('covers each point a request raises, naming its subject rather than the document again', async () => {
    const answer = await ask('请拟写答复：申请人对伦理审查决定有异议的，多长时间内申诉，委员会多久重新作出决定？');
    expect(answer.answer).not.toMatch(/^关于人工智能科技伦理审查/);
    expect(answer.answer).toContain('3个工作日内');
    expect(answer.answer).toContain('7个工作日内');
    expectTraceable(answer);
  });

  it('reads everyday requests for a draft ("帮俺写段话回群里") and a caller who "打电话问" as no request for a phone number', async () => {
    expect(detectIntent('商会能怎么处理 帮俺写段话回群里').intent).toBe('drafting');
    const answer = await ask('有群众打电话问新疆那个涉案财物价格认定条例什么时候开始实行，麻烦帮我拟个答复口径');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('2026年1月1日起施行');
    expect(answer.answer).not.toMatch(/^关于[^\n]*麻烦/);
  });

  it('leads a reply on what happens to those who break a rule with the sanction', async () => {
    const answer = await ask('有企业咨询：投资项目如果不及时如实报送开工、建设、竣工信息，会有什么后果？请按国办深化投资审批制度改革意见拟一段答复口径。');
    expect(answer.answer.split('\n')[1]).toContain('纳入企业信用记录');
    expectTraceable(answer);
  });

  it('takes a count printed with its own measure word ("151项") as the number of 个 a draft is asked for', async () => {
    const answer = await ask('客户问工信部AI赋能制造业遴选了多少个典型应用案例，帮我写两句答复。');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('遴选151项赋能应用典型案例');
  });
});

/** Question terms as queryTerms gives them, each its own only form. */
const terms = (...words: string[]): QueryTerm[] => words.map((term) => ({ term, weight: 1, forms: [term], critical: false }));

describe('refusal', () => {
  it('says the corpus does not answer and shows the closest passages', async () => {
    const answer = await ask('2027年新能源汽车购置补贴标准是多少？');
    expect(answer.answered).toBe(false);
    expect(answer.answer).toMatch(/^语料中没有找到能回答这个问题的内容/);
    expect(answer.related.length).toBeGreaterThan(0);
    expectTraceable(answer);
  });

  it('refuses a figure that counts something else than the question asks', async () => {
    // The corpus counts cities with 5G-A coverage, not base stations; it gives the size of the AI
    // industry, not its growth.
    expect((await ask('我国一共建成了多少个5G-A基站？')).answered).toBe(false);
    expect((await ask('5G-A那篇报道里，截至目前我国建成的5G-A基站有多少个？')).answered).toBe(false);
    // The plan sets up the fund but states no size.
    expect((await ask('湖北设立的省自然科学基金数据科技创新发展联合基金，规模是多少亿元？')).answered).toBe(false);
    // The date in the sentence is when the regulation takes effect, not when it was voted.
    expect((await ask('新疆涉案财物价格认定条例具体是哪一天表决通过的？')).answered).toBe(false);
    // A draft asked for a rate the corpus does not give is not written without it.
    expect((await ask('我要答复张帆代表关于工业数据集建设财税支持政策的建议，相关政策规定的研发费用加计扣除比例具体是多少？')).answered).toBe(false);
    // Only "一票之差" is printed, not the votes.
    expect((await ask('632路公交首末站迁移听证会投票表决时，赞成票和反对票分别是多少？')).answered).toBe(false);
    // "大概有多少家" counts 家 of what the question names, not of 大概.
    expect((await ask('截至目前全国已建成的卓越级智能工厂大概有多少家？')).answer).toMatch(/^500余家/);
    expect((await ask('人工智能核心产业规模2025年同比增长了多少？')).answered).toBe(false);
    expect((await ask('现在全国有多少个城市实现了5G-A覆盖？')).answer).toMatch(/^300多个/);
    // The size of the AI industry is printed, not of the IoT industry: same head noun, another subject.
    expect((await ask('2025年我国人工智能核心产业规模是多少？')).answer).toMatch(/^超过1\.2万亿元/);
    expect((await ask('2025年我国物联网核心产业规模是多少？')).answered).toBe(false);
  });

  it('refuses an answer that shares only the year and month asked, none of the words of the matter', async () => {
    // The seeds date two opinions 2026年4月; none says anything of 高考.
    const answer = await ask('2026年4月的高考报名从几号开始？');
    expect(answer.answered).toBe(false);
    expect(holdsNoTopic('2026年4月14日。据《国务院关于推进服务业扩能提质的意见》：2026年4月14日[1]', terms('2026年4月', '高考', '报名'))).toBe(true);
    expect(holdsNoTopic('本条例自2025年1月1日起施行。[1]', terms('2025年', '春节', '放假', '1月'))).toBe(true);
    // A document the question names is its topic: its title in the answer holds the question's words.
    expect((await ask('国发〔2026〕7号文件是哪天印发的？')).answer).toContain('2026年4月14日');
    expect(holdsNoTopic('《国务院关于推进服务业扩能提质的意见》的成文日期是2026年4月14日[1]', terms('服务业', '2026年'))).toBe(false);
  });

  it('refuses a time limit stated for another act', async () => {
    // The regulation gives ten days to request a review, no time limit for issuing a finding.
    expect((await ask('新疆价格认定机构受理后几日内必须出具价格认定结论？')).answered).toBe(false);
    expect((await ask('新疆涉案财物价格认定，当事人有异议的，多少日内可以提出复核申请？')).answer).toMatch(/^十日/);
  });

  it('refuses the share of one listed item when the corpus gives only the total', async () => {
    // The report lists 高标准农田 among the fields the 2168亿元 goes to, without an amount for it.
    expect((await ask('第二批两重建设项目里高标准农田分到了多少资金？')).answered).toBe(false);
    expect((await ask('第二批两重建设项目一共安排了多少资金？')).answer).toMatch(/^2168亿元/);
  });

  it('refuses a figure question when no quoted sentence states a quantity', async () => {
    // The opinion orders 阶段性贴息 without a rate; the report says 何小鹏 proposed a subsidy, not its size.
    expect(detectIntent('贷款贴息到底贴几个百分点').units).toContain('个百分点');
    expect((await ask('服务业经营主体贷款贴息 到底贴几个百分点啊')).answered).toBe(false);
    expect((await ask('何小鹏建议的L3级通用人形机器人销售补贴，单台补贴标准是多少？')).answered).toBe(false);
    // A question whose words say the unit it wants ("几个小时") is not answered by the meeting's report without a duration.
    expect((await ask('工信部召开的正确政绩观学习教育动员部署会开了几个小时？')).answered).toBe(false);
  });

  it('refuses "how is X put" when the sentences found say nothing of X', async () => {
    expect(askedSubject('4月28日政治局会议对全年GDP增速目标是怎么表述的？')).toBe('全年GDP增速目标');
    // (A document named as the subject asks what it says on the matter before.)
    expect(askedSubject('亲戚能不能到那个企业里去上班，两办那个意见是怎么规定的？')).toBeUndefined();
    // The meeting report states no growth target.
    expect((await ask('4月28日政治局会议对全年GDP增速目标是怎么表述的？')).answered).toBe(false);
  });

  it('refuses to name the members of a counted group from the sentence that only counts them', async () => {
    expect(countNamed('第十次中小企业圆桌会议参会的那10家企业都是哪几家？')).toBe('10家');
    expect((await ask('第十次中小企业圆桌会议参会的那10家企业都是哪几家？')).answered).toBe(false);
    expect((await ask('物联网行动方案要培育的10个亿级连接应用领域，具体是哪10个领域？')).answered).toBe(false);
  });

  it('refuses an amount of money of another kind than the question asks', async () => {
    // 3.5万亿元 is the size of the IoT industry the plan aims at, not funds it sets aside.
    expect((await ask('《推动物联网产业创新发展行动方案（2026—2028年）》中，中央财政安排了多少专项资金支持物联网项目？')).answered).toBe(false);
    expect((await ask('第二批两重建设项目安排了多少资金？')).answer).toMatch(/^2168亿元/);
  });

  it('refuses a figure for another year than the corpus states', async () => {
    expect((await ask('2025年全年两重建设一共安排了多少超长期特别国债？')).answered).toBe(false);
  });
});

describe('conversations', () => {
  it('resolve follow-ups against earlier turns', async () => {
    await ask('发改委下达了第二批两重建设项目', 'followup');
    const count = await ask('一共支持了多少个项目？', 'followup');
    expect(count.answer).toMatch(/^336个/);
    await ask('人工智能科技伦理审查与服务办法是哪些部门联合印发的？', 'followup-2');
    const number = await ask('它的文号是多少？', 'followup-2');
    expect(number.answer).toContain('工信部联科〔2026〕75号');
  });

  it('answer a case put as a condition of the earlier turn\'s subject from its text', async () => {
    await ask('政府投资项目审批一般要走哪几道程序？', 'condition');
    const accountable = await ask('要是决策出了问题，对决策的人有啥追责制度？', 'condition');
    expect(accountable.answer).toContain('决策终身负责制');
    expect(accountable.citations[0]!.title).toContain('深化投资审批制度改革');
  });

  it('find the 文号 of a policy when the earlier turn was answered from a news report on it', async () => {
    const figure = await ask('工信部等九部门的物联网产业创新发展行动方案，到2028年要培育多少个亿级连接的应用领域？', 'report');
    expect(figure.citations[0]!.title).toMatch(/^工信部等九部门联合印发/);
    const number = await ask('它的文号是多少？', 'report');
    expect(number.answered).toBe(true);
    expect(number.answer).toContain('工信部联科〔2026〕65号');
    expectTraceable(number);
  });

  it('answer a question about "他" from the earlier turn\'s documents', async () => {
    await ask('工业母机成果转化那篇报道里，于旭波代表认为成果为什么没能充分应用？', 'pronoun');
    const who = await ask('他是哪家企业的负责人？', 'pronoun');
    expect(who.citations[0]!.title).toContain('工业母机');
    expect(who.answer).toContain('通用技术集团');
  });

  it('answer "第三条说的是啥？" with the whole third item of the list the earlier turn was about', async () => {
    await ask('于旭波代表就工业母机成果转化提了几条建议？', 'ordinal');
    const third = await ask('第三条说的是啥？', 'ordinal');
    expect(third.citations[0]!.title).toContain('工业母机');
    expect(third.answer).toMatch(/三是加强对成果转化应用的激励。\[\d\]加大首台套政策应用力度/);
    expectTraceable(third);
  });

  it('answer "哪些领域" with the sentence that enumerates them', async () => {
    await ask('发改委第二批“两重”建设项目清单安排了多少资金？', 'fields');
    const fields = await ask('这批项目都投向了哪些领域？', 'fields');
    expect(fields.answer).toContain('城市地下管网建设改造');
    expect(fields.answer).toContain('高标准农田');
  });

  it('carry the unit of the earlier turn into a follow-up that names nothing it measures, and not into one that does', async () => {
    await ask('听说具身智能机器人光骨骼就能带动尖端钢材国产化，现在的国产化率大概是多少？', 'rate');
    expect((await ask('那未来五年预计能提升到多少？', 'rate')).answer).toMatch(/^\d+%/);
    await ask('现在国内有多少个城市实现5G-A覆盖了？', 'users');
    expect((await ask('那华为预计今年国内用户能到多少？', 'users')).answer).toMatch(/^超6000万人/);
    // The unit comes from what was said before, not from the question's own later part (比例 → %).
    await ask('2026年第二批“两重”建设项目清单安排了多少超长期特别国债资金？', 'cumulative');
    expect((await ask('加上之前已经下达的，今年一共累计安排了多少？占全年的比例是多少？', 'cumulative')).answer).toMatch(/^\d+亿元/);
  });

  it('rewrite an elliptical follow-up into the earlier question', async () => {
    await ask('李乐成说2025年人工智能发展有三大亮点，第一个是什么？', 'ellipsis');
    const second = await ask('第二个呢？', 'ellipsis');
    expect(second.resolvedQuestion).toBe('李乐成说2025年人工智能发展有三大亮点，第二个是什么？');
    expect(second.answer).toContain('AI工具赋能生产');
  });

  it('keep separate sessions apart', async () => {
    await ask('人工智能科技伦理审查与服务办法是哪些部门联合印发的？', 'one');
    const other = await ask('它的文号是多少？', 'two');
    expect(other.answer).not.toContain('工信部联科〔2026〕75号');
  });
});

describe('checking a statement against the sources', () => {
  it('gives the source figure and says the checked one differs', async () => {
    const answer = await ask('关于成都基层立法联系点，稿子写“累计征集立法建议2000余条”，原文里是多少？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^2800余条/);
    expect(answer.answer).toContain('所核对的“2000余条”与原文（2800余条）不一致');
    expectTraceable(answer);
  });

  it('confirms a figure the source states, and does not fault one the quote also prints', async () => {
    const confirmed = await ask('我们稿子写工信部遴选了151项人工智能赋能应用典型案例，对吗？');
    expect(confirmed.answer).toContain('所核对的“151项”与原文一致');
    // 8000亿元 is the year's total in the same sentence; 67% is the share in question.
    const share = await ask('稿子写“今年累计安排两重建设资金占全年8000亿元的67%”，这个比例对吗？');
    expect(share.answer).toContain('76%');
    expect(share.answer).not.toContain('“8000亿元”与原文');
  });

  it('does not take a wrongly stated year as the period asked', async () => {
    const answer = await ask('稿子写“截至2024年底，我国规上制造业企业人工智能技术应用普及率超过20%”，原文的数字是什么？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^超30%（截至2025年年底）/);
  });
});

describe('counts and time limits', () => {
  it('give the number of issuing bodies as printed, beside the list', async () => {
    const answer = await ask('《推动物联网产业创新发展行动方案（2026—2028年）》是由几个部门联合印发的？');
    expect(answer.answer).toContain('国家数据局联合印发');
    expect(answer.answer).toMatch(/》称“工信部等九部门联合印发”\[\d\]/);
    expectTraceable(answer);
  });

  it('read 多少个 as any measure word of the thing counted', async () => {
    const answer = await ask('工信部AI赋能新型工业化深度行，遴选了多少个典型案例？');
    expect(answer.answer).toMatch(/^151项/);
  });

  it('check a time limit asked as 多长期限内 against the act it is for', async () => {
    const answer = await ask('委员会作出不予批准决定，申请人不服想申诉，必须在多长期限内提出？');
    expect(answer.answer).not.toMatch(/^30日/);
  });

  it('answer two counts asked in one sentence, each with its source', async () => {
    expect(splitQuestion('一共发布了多少条行业需求、遴选了多少项典型案例？')).toEqual(['一共发布了多少条行业需求？', '遴选了多少项典型案例？']);
    // The cut falls after the first ask's own word, whatever its length.
    expect(splitQuestion('条例一共多少条，从哪天起施行？')).toEqual(['条例一共多少条？', '从哪天起施行？']);
    // A later part that asks anything is a question of its own; a closing statement is not.
    expect(splitQuestion('想申请律师执业证，需要满足什么条件？实习要多久')).toHaveLength(2);
    expect(splitQuestion('春节法定放假几天？除夕算不算在里面')).toHaveLength(2);
    expect(splitQuestion('这笔钱怎么算？无论是不是本地户口都一样。')).toHaveLength(1);
    expect(splitQuestion('这个项目补贴多少？企业面临多重压力。')).toHaveLength(1);
    // A greeting that asks nothing to search ("在吗？") opens the question; it is not a part of its own.
    expect(splitQuestion('在吗？想问下第二批两重建设项目安排了多少资金？')).toHaveLength(1);
    expect(splitQuestion('第二批两重项目安排了多少资金？哪一年？')).toHaveLength(2);
    // A first part that asks, though no word of it is searched, stays a part.
    expect(splitQuestion('为什么？工资要扣税？扣多少？')).toEqual(['为什么？', '工资要扣税？', '扣多少？']);
    expect(splitQuestion('什么时候施行，一共几条？')).toEqual(['什么时候施行？', '一共几条？']);
    // 几 after a plural pronoun or a round number says "a few": one count is asked, not two.
    expect(splitQuestion('我们几个业主想组织一次游行，要提前几天递交书面申请？')).toHaveLength(1);
    expect(splitQuestion('干了十几年，经济补偿能拿几个月工资？')).toHaveLength(1);
    // …and so does 几 opening a clause that tells what some mean to do; not where it is asked.
    expect(splitQuestion('几个企业家想在省里发起成立一个地方性公募基金会，原始基金最少要多少？')).toHaveLength(1);
    expect(splitQuestion('村里几户想成立农民专业合作社，成员至少几人？')).toHaveLength(1);
    expect(detectIntent('需要几个人一起申请？').units).toContain('人');
    // …and a question that only tells of "好几年" asks no number; "提前几天", "经过几个" do.
    expect(detectIntent('在粉尘车间干了好几年，现在公司要跟我解除合同，公司能直接解除吗？').intent).not.toBe('figure');
    expect(detectIntent('业主大会至少要提前几天通知全体业主？').units).toContain('日');
    // 多少 counts after 超过, 以后 and 提前 as anywhere ("超过多少吉瓦时", "收到后多少天内", "提前多少天").
    expect(detectIntent('2023年上半年我国锂电池产业产量超过多少吉瓦时？').units).toEqual(['吉瓦时']);
    expect(askedUnit('收到结论后多少天内可以申请复核？')).toEqual(['日', '天']);
    expect(askedUnit('延续注册最晚要提前多少天申请？')).toEqual(['日', '天']);
    expect(askedUnit('国家的贸易总额接近多少亿美元？')).toEqual(['美元']);
    expect(askedUnit('需要多少日元？')).toEqual(['日元']);
    // A question ending on 吗 asks yes or no of an amount's topic, unless it asks how much.
    expect(detectIntent('市场销售和固定资产投资持续增长了吗？').intent).not.toBe('figure');
    expect(detectIntent('今年GDP增长了多少，达到预期了吗？').intent).toBe('figure');
    expect(detectIntent('12号线经过几个中心城区？').units).toEqual(['个']);
    expect(detectIntent('干了十几年，经济补偿能拿几个月工资？').units).toEqual(['个月']);
    expect(ASKING.test('你们几点开门')).toBe(true);
    expect(ASKING.test('几乎所有人都同意')).toBe(false);
    // "分别" asks for both at once: one sentence states them.
    expect(splitQuestion('工业中类、工业小类分别有多少个？')).toEqual(['工业中类、工业小类分别有多少个？']);
    const answer = await ask('工信部组织的人工智能赋能新型工业化“深度行”活动，一共发布了多少条行业需求、遴选了多少项典型案例？');
    expect(answer.answer).toMatch(/^400余条/);
    expect(answer.answer).toContain('151项');
    expectTraceable(answer);
  });

  it('do not take a particle after the measure word for the thing counted', async () => {
    const answer = await ask('咱们国家工业中类、工业小类分别有多少个来着？');
    expect(answer.answer).toContain('207个工业中类、666个工业小类');
  });

  it('prefer the figure that applies as asked over one for a narrower case', async () => {
    // 第二十五条 gives 6个月 "对纳入复核清单的…活动"; 第十七条 gives 12个月 for approved activities.
    expect((await ask('对审查批准的一般人工智能科技活动开展跟踪审查，间隔一般不超过多长时间？')).answer).toMatch(/^不超过12个月/);
    expect((await ask('纳入复核清单的人工智能科技活动，跟踪审查间隔一般不超过多长时间？')).answer).toMatch(/^不超过6个月/);
  });

  it('do not take a scenario named 预测 for a forecast', async () => {
    // "设备故障预测" is a scenario in the sentence that states the count.
    expect((await ask('工信部一共评了多少个AI赋能制造业的典型案例？')).answer).toMatch(/^151项/);
  });

  it('give an order of magnitude as the figure asked', async () => {
    expect((await ask('优必选说今年人形机器人产能要做到多少？')).answer).toMatch(/^万台级/);
  });

  it('match a time limit\'s act by meaning as well as by wording', async () => {
    const answer = await ask('碰上突发公共事件，人工智能科技伦理的应急审查一般要在多少小时内做完？');
    expect(answer.answer).toMatch(/^72小时/);
  });

  it('read a limit stated in the sentence after the rule it limits', async () => {
    // "…可以实行应急审查。应急审查一般在72小时内完成。": the second sentence says little alone.
    const answer = await ask('伦理审查办法关于应急程序那条，突发公共事件下的应急审查原则上要在多长时间内做完？');
    expect(answer.answered, answer.answer).toBe(true);
    expect(answer.answer).toMatch(/^72小时内/);
  });

  it('do not take a modal verb for the thing counted', async () => {
    const answer = await ask('“模数共振”行动要求每个所选重点行业凝练的高价值场景至少要有多少个？');
    expect(answer.answer).toMatch(/^不少于30个/);
  });

  it('do not read the size of a user base as an amount of money', () => {
    expect(detectIntent('目前我国5G-A用户数规模有多大？').units).not.toContain('元');
    expect(detectIntent('2026年要实现多大规模的人形机器人产能？').units).not.toContain('元');
    expect(detectIntent('优必选给自己定的2026年人形机器人产能目标是多大规模？').units).not.toContain('元');
    expect(detectIntent('2025年人工智能核心产业规模有多大？').units).toContain('元');
  });
});

describe('conditions asked through the asker\'s own case', () => {
  it('answer with the list announced as the conditions of the thing named', async () => {
    const answer = await ask('我们公司AI研发项目伦理审查已经批了，现在只对方案做一点小调整，能走简易程序吗？需要满足什么条件？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('有下列情形之一的可以适用简易程序');
    expect(answer.answer).toContain('不增大风险受益比');
    expectTraceable(answer);
  });
});

describe('roundups of voices', () => {
  it('cite the speaker and their headline with the roundup\'s title', async () => {
    const answer = await ask('优必选说今年人形机器人产能要做到多少？');
    expect(answer.answer).toMatch(/^万台级/);
    expect(answer.citations[0]!.title).toBe('机器人领域企业家热议政府工作报告（优必选创始人、董事会主席兼CEO周剑 确保2026年实现人形机器人万台级产能）');
  });

  it('do not keep the count a question asks for in a rare measure word out of reach ("多少款")', async () => {
    // The roundup's passages share more of the question's words than the minister's sentence that states it.
    const answer = await ask('我国企业目前一共推出了多少款人形机器人？');
    expect(answer.answer).toMatch(/^300多款/);
    expect(answer.citations[0]!.title).toContain('部长通道');
  });
});

describe('citation titles', () => {
  it('name the display headline over a formal title, and the section of an article printed without a headline', async () => {
    const notice = await ask('《湖北省加强数据科技创新三年行动计划》的通知是哪天印发的？');
    expect(notice.citations[0]!.title).toBe('关于印发《湖北省加强数据科技创新三年行动计划》的通知（首个省级数据科技创新政策发布）');
    const untitled = await ask('成都出台的地方性法规草案质量基本工作标准一共设了多少项具体指标？');
    expect(untitled.answer).toMatch(/^38项/);
    expect(untitled.citations[0]!.title).toMatch(/^近年来，四川省成都市人大常委会.*（标准引领提质量 首创规范立法全流程）$/);
  });

  it('name the source of a further quote from another document on its own line', async () => {
    const answer = await ask('2025年度智能工厂梯度培育行动是几个部门联合印发的？');
    const first = answer.citations[0]!;
    const others = answer.citations.filter((c) => c.docId !== first.docId);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) {
      const line = answer.answer.split('\n').find((l) => l.includes(`[${other.n}]`))!;
      expect(line.startsWith(`另据《${other.title}》`)).toBe(true);
    }
  });
});

describe('questions about what is excluded', () => {
  it('answer with the sentence that excludes, printed as 不进行/不再/除外', async () => {
    expect((await ask('按新疆涉案财物价格认定条例，哪类涉案财物不做价格认定？')).answer).toContain('实行政府定价和政府指导价的，从其规定，不进行价格认定');
    expect((await ask('办法里有没有可以不再开展专家复核的例外？条件是什么？')).answer).toContain('可不再开展专家复核');
  });

  it('answer for the case asked, not the case set aside ("（非复核清单）", "不在复核清单里面的")', async () => {
    const draft = await ask('客户问：AI伦理审查批准后，普通项目（非复核清单）跟踪审查多久一次？帮我拟个答复口径。');
    expect(draft.answer).toContain('不超过12个月');
    expect(draft.answer).not.toContain('不超过6个月');
    const plain = await ask('不在复核清单里面的人工智能科技活动，跟踪审查间隔一般是多久？');
    expect(plain.answer).toMatch(/^不超过12个月/);
  });
});

describe('a case stated in the negative', () => {
  it('is answered by the clause for it: 没有单位 by 无单位人员', async () => {
    const answer = await ask('我就是个人，没有单位，自己搞人工智能研究，要做科技伦理审查的话找谁申请？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('无单位人员应委托符合要求的服务中心开展科技伦理审查');
  });
});

describe('drafts asking how long', () => {
  it('lead with the clause that sets the time limit', async () => {
    const answer = await ask('有企业来信，问单位伦理委员会受理人工智能科技伦理审查申请后多长时间内必须给结论。请起草一段答复口径，写明文号和具体条款。');
    expect(answer.answer).toContain('第十六条');
    expect(answer.answer).toContain('30日内');
  });
});

describe('drafts asking for record facts', () => {
  it('add the effective date a report states when no policy text records it, cited', async () => {
    const answer = await ask('请起草一段答复：当事人对新疆涉案财物价格认定结论不服，怎么申请复核、期限多长？要写明依据的条例名称和施行日期');
    expect(answer.answer).toContain('十日内');
    expect(answer.answer).toMatch(/施行日期：2026年1月1日。据《新疆涉案财物价格认定条例出台》：“[^”]*2026年1月1日起施行。”\[\d\]/);
    expectTraceable(answer);
  });
});

describe('quoted voices in a report', () => {
  it('answer from the words under the speaker they are about', async () => {
    const answer = await ask('优必选在谈政府工作报告时提出了什么产能目标？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('万台级产能');
    expect(answer.answer).toContain('周剑');
  });
});

describe('dates asked for two things at once', () => {
  it('give each date the text states', async () => {
    await ask('“模数共振”行动的实施方案什么时候要报送？', 'two-dates');
    const answer = await ask('那阶段性总结报告和最终的行动总结报告分别什么时候报送？', 'two-dates');
    expect(answer.answer).toContain('2026年8月30日前');
    expect(answer.answer).toContain('2026年11月30日前');
    expectTraceable(answer);
  });
});

describe('a question in two parts answered by one sentence', () => {
  it('quotes the sentence once and points the second figure to it', async () => {
    const answer = await ask('工信部在人工智能赋能新型工业化“深度行”活动里，一共对外发布了多少条行业需求？又从中遴选出多少项赋能应用典型案例？');
    expect(answer.answer.split('\n')).toEqual([expect.stringMatching(/^400余条。据《.*“.*遴选151项赋能应用典型案例.*”\[1\]$/), '151项[1]。']);
    expect(answer.citations).toHaveLength(1);
    expectTraceable(answer);
  });

  it('lists the second part\'s sentences without those the first part quoted', async () => {
    const answer = await ask('2025年度智能工厂梯度培育行动里，智能工厂分几个层级？最高一级叫什么？');
    expect(answer.answer).toContain('四个层级');
    // (Each quote: the text before its marker, past the source line's colon or quotation mark.)
    const quoted = answer.answer.split('\n').flatMap((line) => line.split(/\[\d+\]/)).map((s) => s.replace(/^.*[：“]/, '').replace(/”$/, '')).filter((s) => s.length >= 10);
    expect(new Set(quoted).size).toBe(quoted.length);
    expectTraceable(answer);
  });
});

describe('a regulation the corpus only reports on', () => {
  it('is answered from the report\'s sentence naming it, a count and a date asked together', async () => {
    const answer = await ask('《新疆维吾尔自治区涉案财物价格认定条例》从什么时候起施行？全文共多少条？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('2026年1月1日');
    expect(answer.answer).toContain('28条');
    const together = await ask('新疆涉案财物价格认定条例一共多少条，从哪天起施行？');
    expect(together.answer).toContain('28条');
    expect(together.answer).toContain('2026年1月1日');
    expectTraceable(together);
  });

  it('is not answered by another regulation\'s date', async () => {
    expect((await ask('《成都市数据条例》是从哪一天起施行的？')).answered).toBe(false);
  });
});

describe('record facts as printed', () => {
  it('say "自印发之日起施行" as printed, with the date it comes to', async () => {
    const answer = await ask('人工智能科技伦理审查与服务办法（试行）从什么时候开始施行？');
    expect(answer.answer).toContain('自印发之日起施行（即2026年3月20日）');
  });

  it('take 第一批 and 首批 as one', async () => {
    await ask('宁波现在一共有多少家基层立法联系点？', 'first-batch');
    const answer = await ask('第一批是什么时候设的？当时有几家？', 'first-batch');
    expect(answer.answer).toContain('2009年3月');
    expect(answer.answer).toContain('14家');
  });
});

describe('spoken questions', () => {
  it('answer through fillers and paraphrase', async () => {
    const answer = await ask('那个我想问一下啊，就是说江北区人大代表晚上跟群众夜聊的那个活动，大概一共聊了多少场啊？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^900多场/);
  });

  it('do not take an aside guess as the topic', async () => {
    expect((await ask('工业小类一共覆盖了多少个啊，我记得是好几百个。')).answer).toMatch(/^666个/);
    expect(topicOf('那个活动一共办了多少场？')).toBe('那个活动一共办了多少场？');
  });
});

describe('questions with English words mixed in', () => {
  it('are answered as if asked in Chinese', async () => {
    expect((await ask('China 现在 5G-A 用户数 到多少了？need the latest number for our telecom team。')).answer).toMatch(/^超过1000万/);
    const dated = await ask('AI 科技伦理审查与服务办法 从什么时候 effective？印发日期 是哪天？');
    expect(dated.answer).toContain('自印发之日起施行');
    expect(dated.answer).toContain('2026年3月20日');
    expectTraceable(dated);
  });
});

describe('questions opening with the asker\'s study', () => {
  it('read past what the study is about to what is asked', async () => {
    expect(plainWording('论文里要对比各类伦理委员会的议事规则。人工智能科技伦理审查办法对审查会议的到会委员人数有什么最低要求？')).toBe(
      '人工智能科技伦理审查办法对审查会议的到会委员人数有什么最低要求？',
    );
    // A clause naming the document is kept: the question after it says only "这份文件".
    expect(plainWording('我写文献综述时要规范引用国务院推进服务业扩能提质的意见。这份文件的文号是什么？')).toContain('服务业扩能提质的意见');
    // "第几次会议" asks which meeting, not how many.
    expect(detectIntent('新疆这部条例是自治区人大常委会第几次会议表决通过的？').units).toEqual([]);
    const meeting = await ask('我比较各地涉案财物价格认定立法。新疆这部涉案财物价格认定条例是自治区人大常委会第几次会议表决通过的？条例一共多少条？');
    expect(meeting.answer).toContain('第二十五次会议');
    expect(meeting.answer).toContain('28条');
    const target = await ask('我的毕业论文在写物联网产业政策的量化目标，看到工信部等九部门今年印发了推动物联网产业创新发展的行动方案。想确认一下：这个方案给物联网核心产业规模定的2028年目标是多少？');
    expect(target.answer).toMatch(/^突破3\.5万亿元/);
  });

  it('answer a conditions question asking a number from the clause stating it, not from a list beside it', async () => {
    const answer = await ask('人工智能科技伦理审查办法对审查会议的到会委员人数有什么最低要求？');
    expect(answer.answer).toContain('到会委员应不少于5人');
    expectTraceable(answer);
  });

  it('do not take a title in apposition ("全国人大代表、传化集团董事长") for an item of a list', async () => {
    const answer = await ask('全国人大代表徐冠巨介绍传化集团自研大模型“传化小智”时，说在多少个领域、多少个场景中推进AI系统建设？');
    expect(answer.answer).toContain('12个');
    expect(answer.answer).toContain('58个');
  });
});

describe('detectIntent', () => {
  it('reads what kind of answer a question wants', () => {
    expect(detectIntent('2168亿元支持了多少个项目？')).toMatchObject({ intent: 'figure', units: ['个'] });
    expect(detectIntent('国发〔2026〕7号是哪天印发的？')).toMatchObject({ intent: 'lookup', lookupFields: ['date'] });
    expect(detectIntent('条例从哪一天起开始施行？')).toMatchObject({ intent: 'lookup', lookupFields: ['effectiveDate'] });
    // A rate asked by "什么比例" is a number in %, as "多少" asks one.
    expect(detectIntent('税款逾期没缴，滞纳金按什么比例算')).toMatchObject({ intent: 'figure', units: ['%', '个百分点'] });
    // What happens once a rule applies is not a question about when it applies.
    expect(detectIntent('条例施行后，实行政府指导价的财物是不是也要做价格认定？').intent).not.toBe('lookup');
    expect(detectIntent('申请需要满足哪些条件？').intent).toBe('conditions');
    expect(detectIntent('请起草一段答复口径').intent).toBe('drafting');
    // A reply an authority gives, or has given, is asked about, not requested.
    expect(detectIntent('那公安机关要是到期一直没给我们答复呢？').intent).not.toBe('drafting');
    expect(detectIntent('我向法律援助中心递交了申请，他们多少天内要给答复？').intent).toBe('figure');
    expect(detectIntent('采购人答复了，但我们还是不满意，下一步可以怎么办？').intent).not.toBe('drafting');
    expect(detectIntent('有市民来信询问条例从哪一天起施行，请予以答复。').intent).toBe('drafting');
    expect(detectIntent('模数共振行动的目标是什么').intent).toBe('general');
    // 几 as "several", and amounts named beside another question word, do not make a figure question.
    expect(detectIntent('要是几家单位合作的项目，复核由谁去申请？').intent).not.toBe('figure');
    expect(detectIntent('申报领航级智能工厂要达到什么定位？').intent).not.toBe('figure');
    expect(detectIntent('这批项目都投向了哪些领域？').intent).toBe('conditions');
    expect(detectIntent('几家单位联合搞一个项目，能不能只审一次？请拟一段答复口径。').intent).toBe('drafting');
    // A share is asked whatever it is a share of (资金 is not the unit here).
    expect(detectIntent('今年已经安排的两重资金占全年总额度的百分之多少？').units).toEqual(['%', '个百分点']);
    expect(detectIntent('行动计划是哪几家单位联合印发的？')).toMatchObject({ intent: 'lookup', lookupFields: ['issuers'] });
    expect(detectIntent('请核对这份意见正确的文号和日期。').lookupFields).toEqual(['documentNumber', 'date']);
    expect(detectIntent('到会委员最少要几个人？').units).toEqual(['人', '名', '位']);
    expect(detectIntent('行动计划是由哪几个省级部门联合印发的？').lookupFields).toEqual(['issuers']);
    expect(detectIntent('这个办法由多少个部门联合印发？').lookupFields).toEqual(['issuers']);
    expect(detectIntent('行动计划是哪几个省直部门联合印发的？').lookupFields).toEqual(['issuers']);
    expect(detectIntent('每个行业至少要凝练多少个人工智能场景？').units).toEqual(['个']);
    // A reply already given is a source, not a request for one.
    expect(detectIntent('工信部答复里给的补贴标准是每台多少钱？').intent).toBe('figure');
  });

  it('strips who asks and the question form from what a question is about', () => {
    expect(topicOf('有项目单位问评标时能不能只看报价、谁低谁中，请帮忙起草一段答复口径。')).toBe('评标时，只看报价、谁低谁中，请帮忙起草一段答复口径。');
    expect(topicOf('申请需要满足哪些条件？')).toBe('申请需要满足哪些条件？');
    // A request's frame before its colon says what is wanted, not what about.
    expect(topicOf('请起草一段答复口径：有市民在政务服务热线询问，向政府部门申请公开政府信息要不要交钱。')).toBe('向政府部门申请公开政府信息要不要交钱。');
    expect(topicOf('协会要回复一家装备企业：国家对首台套产品在保险方面还有没有支持？')).toMatch(/^国家对首台套产品在保险方面/);
    expect(topicOf('会议纪要：第二批清单安排了多少资金？')).toBe('会议纪要：第二批清单安排了多少资金？');
    expect(topicOf('我在一家做工厂自动化的公司上班，全国卓越级智能工厂有多少家？')).toBe('全国卓越级智能工厂有多少家？');
    expect(topicOf('我们在跟进城市地下管网项目：第二批清单安排了多少资金？')).toBe('第二批清单安排了多少资金？');
    expect(topicOf('区工信局询问“模数共振”行动实施方案的报送时间，请起草答复。')).toBe('“模数共振”行动实施方案的报送时间，请起草答复。');
    // The asker's trade goes when the rest names the subject; why they ask goes once they have asked.
    expect(topicOf('我们是做智能网关的，物联网行动方案里到2028年要培育多少家企业？')).toBe('物联网行动方案里到2028年要培育多少家企业？');
    expect(topicOf('第二批“两重”资金有多少？我们子公司想去申报。')).toBe('第二批“两重”资金有多少？');
    // Their trade or case stays when it is the subject.
    expect(topicOf('我们是做新能源车的，宣传续航能不能往高了说？')).toBe('我们是做新能源车的，宣传续航，往高了说？');
    expect(topicOf('我们厂想申报先进级智能工厂，有什么前提条件？')).toBe('我们厂想申报先进级智能工厂，有什么前提条件？');
  });

  it('read a hotline operator\'s report of a caller as the caller\'s question', async () => {
    expect(topicOf('来电人说他是做传感器的，就是想问下物联网行动方案到2028年要培育多少家企业？')).toBe('物联网行动方案到2028年要培育多少家企业？');
    const answer = await ask('喂，来电人称他是做智能网关的，想问下九部门那个物联网文件，到2028年物联网核心产业规模要做到多大？');
    expect(answer.answer).toMatch(/3\.5万亿元/);
  });

  it('take the only figure of the unit and year asked from a document the question names by 文号', async () => {
    const answer = await ask('国发〔2026〕7号文件对我国服务业总规模设定的2030年阶段性目标处在什么量级？');
    expect(answer.answer).toMatch(/^100万亿元/);
    // Another year than the document states is still not answered.
    expect((await ask('国发〔2026〕7号文件为我国服务业总规模设定的2035年远景目标处于什么量级？')).answered).toBe(false);
  });

  it('look up a document by a name the question quotes, however loosely it is described', async () => {
    const answer = await ask('朋友说有两个部门一起搞了个“模数共振”行动，是哪两个部门发的，文号多少？');
    expect(answer.answer).toContain('工信厅联科函〔2026〕193号');
    expect(answer.answer).toContain('国家数据局综合司');
  });

  it('take sentences that state no number as missing a question for one', () => {
    expect(missesNumberAsked('反诈法规定一个人名下最多只能办几张电话卡？', '据《中华人民共和国反电信网络诈骗法》第十条：\n国务院电信主管部门组织建立电话用户开卡数量核验机制。[1]')).toBe(true);
    expect(missesNumberAsked('夜间具体是指几点到几点？', '“夜间”是指晚上十点至次日早晨六点之间的期间。[1]')).toBe(false);
    // The last clause asks: a resolved follow-up keeps the earlier turn's "几条" before it.
    expect(missesNumberAsked('于旭波代表关于工业母机提了几条建议，第三条是什么？', '三是加强对成果转化应用的激励。[1]')).toBe(false);
  });

  it('refuse a question about a place the corpus never mentions', async () => {
    // The corpus covers 湖北's plan and 宁波's contact points; 江西 and 温州 are other places.
    expect((await ask('江西省的数据科技创新三年行动计划到2028年要培育多少家创新主体？')).answered).toBe(false);
    expect((await ask('温州市一共建了多少家基层立法联系点？')).answered).toBe(false);
    // A prefecture-level city named without 市 is a place too (it was answered with 宁波's count).
    expect((await ask('温州一共建了多少家基层立法联系点？')).answered).toBe(false);
    expect((await ask('宁波一共建了多少家基层立法联系点？')).answer).toMatch(/^38家/);
    expect((await ask('湖北省的数据科技创新三年行动计划到2028年要培育多少家创新主体？')).answered).toBe(true);
  });

  it('read the 全称 of something a document names as a question about it, not about the document', async () => {
    expect(detectIntent('这个文件的全称是什么？').lookupFields).toEqual(['title']);
    expect(detectIntent('行动计划提出设立的联合基金，全称是什么？').intent).not.toBe('lookup');
    const answer = await ask('湖北的行动计划在关键技术攻关部分提出设立的联合基金，全称是什么？');
    expect(answer.answer).toContain('数据科技创新发展联合基金');
  });

  it('read 去年 as the year before the corpus\'s newest documents', async () => {
    expect(pastYears('去年第二批清单安排了多少资金？前年呢？', 2026)).toBe('2025年第二批清单安排了多少资金？2024年呢？');
    expect(pastYears('比去年同期增长多少？', 2026)).toBe('比去年同期增长多少？');
    // The corpus states the 2026 batch only.
    expect((await ask('去年第二批两重建设项目清单一共安排了多少资金？')).answered).toBe(false);
  });

  it('do not draft a reply on when a regulation takes effect without its date', async () => {
    // The report names 《成都市数据条例》 but not when it takes effect; the date it gives is another regulation's.
    expect((await ask('请就《成都市数据条例》何时起施行拟一段答复口径。')).answered).toBe(false);
    const stated = await ask('请拟一段答复口径，说明新疆涉案财物价格认定条例从哪一天起施行。');
    expect(stated.answer).toMatch(/\d{4}年\d{1,2}月\d{1,2}日起/);
  });

  it('do not answer with the figure of a case the question sets aside', async () => {
    const answer = await ask('没有纳入复核清单的那种人工智能科技活动，跟踪审查间隔一般是多久？');
    expect(answer.answer).toMatch(/^不超过12个月/);
  });

  it('read an official\'s question without its preamble', async () => {
    expect(plainWording('为准备季度工作汇报，需要引用相关数据。请核实：第二批“两重”清单安排了多少资金？')).toBe('第二批“两重”清单安排了多少资金？');
    expect(plainWording('写年度报告要用完整数据，请核实大碶街道2022年压减了多少预算支出。')).toBe('大碶街道2022年压减了多少预算支出。');
    // A purpose clause with 起草 is not a request for a draft.
    expect(detectIntent(plainWording('为起草部门年度总结，请问2025年人工智能核心产业规模是多少？')).intent).toBe('figure');
    // What follows 请核实 points back at the preamble: the preamble stays.
    expect(plainWording('领导关注模数共振行动的通知。请核实：它的文号是多少？')).toBe('领导关注模数共振行动的通知。请核实：它的文号是多少？');
    const answer = await ask('为起草本市产业情况汇报，需引用国家层面数据。李乐成部长在“部长通道”上说，2025年我国人工智能核心产业规模达到多少？');
    expect(answer.answer).toMatch(/^超过1\.2万亿元/);
  });

  it('read where the asker read it, and background sentences, as context', async () => {
    expect(topicOf('根据2025年世界移动通信大会期间的报道，我国5G-A用户数已超过多少？')).toBe('我国5G-A用户数已超过多少？');
    expect(topicOf('办公室要求在周报中反映产业进展。我国5G-A用户数已超过多少？')).toBe('我国5G-A用户数已超过多少？');
    // A last sentence that points back needs the sentence before it.
    expect(topicOf('企业计划投资建设主题公园。这类项目由哪一级政府核准？')).toBe('企业计划投资建设主题公园。这类项目由哪一级政府核准？');
    // A briefing something should appear in, and a standard one helps draft, are not drafting requests.
    expect(detectIntent('领导让在发展简报中反映进展，5G-A用户数超过多少？').intent).toBe('figure');
    expect(detectIntent('我们想参加标准起草，物联网方案要制修订多少项标准？').intent).toBe('figure');
    const answer = await ask('办公室要求在周报中反映产业进展。根据世界移动通信大会期间的报道，我国5G-A用户数已超过多少？');
    expect(answer.answer).toMatch(/^超过1000万/);
  });

  it('answer past a description of the asker', async () => {
    const funds = await ask('我们公司在做城市地下管网改造，在关注发改委今年第二批“两重”项目清单。这一批一共安排了多少超长期特别国债资金？');
    expect(funds.answer).toMatch(/^2168亿元/);
    const standards = await ask('我们是做温湿度传感器的，想参与标准制定。物联网行动方案提出到2028年制修订多少项标准？');
    expect(standards.answer).toMatch(/^50项/);
  });

  it('count what is counted, not the words saying which number of it', async () => {
    const answer = await ask('就标准化维度而言，该物联网行动方案要求在方案期内制修订的先进适用标准数量下限是多少项？');
    // Led with its bound as printed: "50项" alone would say exactly fifty.
    expect(answer.answer).toMatch(/^50项以上/);
  });

  it('read the unit asked from the measure word after 多少/几, over what the topic suggests', () => {
    expect(detectIntent('2023年上半年发现了多少批次的不合格样品？').units).toEqual(['批次']);
    expect(detectIntent('中级军官服役年龄上限提升至多少岁？').units).toEqual(['岁', '周岁']);
    // 规模 suggests money; the measure word says 千瓦.
    expect(detectIntent('2023年上半年，新增装机规模为多少万千瓦？').units).toEqual(['千瓦']);
    // After 个 comes the noun counted: 个 is the unit, not 项 of 项目.
    expect(detectIntent('2168亿元支持了多少个项目？').units).toEqual(['个']);
    // An age limit is asked as a requirement too; a fraction is a share; how long may be years.
    expect(detectIntent('想当国家主席，宪法对年龄有什么要求').units).toEqual(['岁', '周岁']);
    expect(detectIntent('新增装机规模约占全部新增电源装机的几分之几？').units).toEqual(['%', '个百分点']);
    expect(detectIntent('工资支付台账至少要保存多长时间？').units).toContain('年');
  });

  it('do not answer how many years with a count of something else', async () => {
    expect(detectIntent('试行期是几年？').units).toEqual(['年']);
    expect(detectIntent('近几年物联网产业发展怎么样？').units).toEqual([]);
    // The report on the measures states "五个方面", no term of trial.
    expect((await ask('人工智能科技伦理审查与服务办法的试行期是几年？')).answered).toBe(false);
  });

  it('refuse a yes/no question on an act the sources never mention', async () => {
    expect(askedAct('新疆涉案财物价格认定要不要收费？')).toBe('收费');
    expect(askedAct('上述情形是否被允许？')).toBeUndefined();
    expect(askedAct('物联网 行动方案 对新部署的终端 有没有 补贴？')).toBe('补贴');
    // (规定 is in every sentence of a regulation: "有没有时限规定" asks about a 时限.)
    expect(askedAct('价格认定机构出具认定结论有没有时限规定？')).toBe('时限');
    // A bound asked for by its name is printed as one ("不得超过…"), not by the name.
    expect(askedAct('经济补偿有没有封顶？')).toBeUndefined();
    expect(askedAct('定金比例有没有上限？')).toBeUndefined();
    // An alternative the rule depends on, not the act asked: "看…是否", "无论是否", "不管要不要"…
    expect(askedAct('严重精神障碍患者在什么情况下应当住院治疗，而不是完全看本人是否自愿？')).toBeUndefined();
    expect(askedAct('无论是否盈利，都要交税吗？')).toBeUndefined();
    expect(askedAct('不管要不要收费，都得先登记吗？')).toBeUndefined();
    // …but not where 看 or 视 only stands in another word.
    expect(askedAct('看守所是否需要登记？')).toBe('登记');
    expect(askedAct('视同工伤是否需要认定？')).toBe('认定');
    expect((await ask('新疆涉案财物价格认定条例对价格认定机构出具认定结论有没有时限规定？一般要在受理后多少个工作日内完成？')).answered).toBe(false);
    // The report on the regulation says nothing of fees.
    expect((await ask('新疆涉案财物价格认定要不要收费？收费标准是多少')).answered).toBe(false);
    // An act printed in other words is still answered ("办许可" ← "取得相应许可").
    expect((await ask('做物联网的企业要是涉及电信业务经营，要不要办许可？')).answer).toContain('依法取得相应许可');
  });

  it('add to a reply draft the sentence dating the event asked, beside the other point', async () => {
    const answer = await ask('帮我拟一个答复口径：新疆涉案财物价格认定条例哪天起施行？实行政府指导价的财物还要不要做价格认定');
    expect(answer.answer).toContain('不进行价格认定');
    expect(answer.answer).toContain('2026年1月1日起施行');
    expectTraceable(answer);
  });

  it('answer who holds a power from the clause that exercises it', async () => {
    const answer = await ask('伦理审查办法附则里，解释权归谁？');
    expect(answer.answer).toContain('会同有关部门负责解释');
  });

  it('answer which meeting and how many articles asked in one sentence', async () => {
    const answer = await ask('新疆涉案财物价格认定条例是在哪次会议通过的，一共多少条');
    expect(answer.answer).toContain('第二十五次会议');
    expect(answer.answer).toContain('28条');
  });

  it('do not take how a matter came in (群众反映) as what it is about', async () => {
    const answer = await ask('群众反映某商会会长的亲戚在商会办的公司里领工资，请帮我起草一段答复，说明政策上咋规定的');
    expect(answer.answer).toContain('不得在所设立企业任职');
  });

  it('answer from the sentence that answers, not from a weaker list beside it in the passage', async () => {
    await ask('新疆涉案财物价格认定条例什么时候施行？', 'special-goods');
    const answer = await ask('那对特殊或者专业领域的财物，认定时有什么特别要求？', 'special-goods');
    expect(answer.answer).toContain('专家论证');
    expect(answer.answer).not.toContain('涉嫌刑事案件');
  });

  it('add the contact line a reply draft is asked for', async () => {
    const answer = await ask('有企业想参与工信部和国家数据局的“模数共振”行动，来问工信部这边的联系电话，帮我拟个简短答复。');
    expect(answer.answer).toContain('010-68205250');
    expectTraceable(answer);
  });

  it('read 才行 as the end of a question, and 到会 as a word', async () => {
    expect(plainWording('到会委员至少要几个人才行？')).toBe('到会委员至少要几个人？');
    const answer = await ask('我们公司准备自己设人工智能科技伦理委员会，开审查会的时候到会委员至少要几个人才行？');
    expect(answer.answer).toMatch(/^不少于5人/);
    expect((await ask('AI伦理审查如果适用简易程序，由几名委员来承担审查？')).answer).toContain('两名或两名以上');
  });

  it('answer what a quoted term is defined as, from the clause defining it', async () => {
    const answer = await ask('在该办法附则中，“地方”一语被界定为指向哪一层级的何种机构？');
    expect(answer.answer).toContain('省级管理部门');
  });

  it('read a quality (完整性) as its adjective (最完整的)', async () => {
    const answer = await ask('有报道以我国工业门类的完整性来论证“人工智能+制造”的场景优势，其中列举的工业中类数目是多少？');
    expect(answer.answer).toMatch(/^207个/);
  });

  it('find the N-th kind of a list, even in a passage not retrieved', async () => {
    await ask('十部门联合印发的人工智能科技伦理审查与服务办法，其解释权归属于哪个部门？', 'third-kind');
    const answer = await ask('它附件所列需开展专家复核的活动清单中，第三类针对的是哪一类系统的研发？', 'third-kind');
    expect(answer.answer).toContain('自动化决策系统');
    expectTraceable(answer);
  });

  it('answer a date and a person asked in one line without punctuation', async () => {
    expect(splitQuestion('动员部署会哪天开的 谁主持的')).toEqual(['动员部署会哪天开的？', '谁主持的']);
    expect(splitQuestion('动员部署会是哪天召开的，由谁主持？')).toEqual(['动员部署会是哪天召开的？', '由谁主持？']);
    const answer = await ask('工信部正确政绩观学习教育动员部署会哪天开的 谁主持的');
    expect(answer.answer).toContain('3月3日');
    expect(answer.answer).toContain('张云明');
  });

  it('check a claim doubted with 是真的吗 against the source', async () => {
    expect(checkedClaim('5G-A用户已经6000万了 是真的吗 现在实际多少')).toBe('5G-A用户已经6000万了');
    expect((await ask('5G-A用户已经6000万了 是真的吗 现在实际多少')).answer).toMatch(/^超过1000万/);
  });

  it('check a figure the asker supposes with 是不是 against the source', async () => {
    expect(checkedClaim('报考公务员的年龄上限是不是35周岁？')).toBe('35周岁');
    expect(checkedClaim('这个办法是不是2024年出台的')).toContain('2024年');
    expect(checkedClaim('是不是要先申请？')).toBeUndefined();
    // The asker's own case told with 说 is not a statement being checked, nor a rule's bound asked with 是否.
    expect(checkedClaim('公司说试用期6个月，是否合法？')).toBeUndefined();
    expect(checkedClaim('试用期是否可以超过6个月？')).toBeUndefined();
    expect(checkedClaim('是否违反劳动合同法第39条')).toBeUndefined();
    const answer = await ask('成都那个法规草案质量标准 是不是有50项指标');
    expect(answer.answer).toMatch(/^38项/);
    expect(answer.answer).toContain('核对：所核对的“50项”与原文（38项）不一致');
  });

  it('do not answer an amount of one thing with the amount of another', async () => {
    // The plan states the size of the industry, not of any fund.
    expect((await ask('物联网行动方案（2026—2028年）配套的中央财政专项资金规模是多少亿元？')).answered).toBe(false);
    expect((await ask('物联网行动方案提出到2028年物联网核心产业规模要达到多少亿元？')).answer).toMatch(/3\.5万亿元/);
  });

  it('do not answer how many days with hours', async () => {
    expect(detectIntent('AI伦理审查一般多少天出结果').units).not.toContain('小时');
    expect((await ask('AI伦理审查一般多少天出结果')).answer).not.toMatch(/^72小时/);
  });

  it('answer the N-th item of the list the question is about, not of another', async () => {
    await ask('李乐成说2026年工信部要做好AI哪三个方面工作', 'third-aspect');
    const answer = await ask('那第三条呢', 'third-aspect');
    expect(answer.answer).toContain('统筹发展和安全');
  });

  it('read a request to write an internal note as a draft request', async () => {
    expect(detectIntent('老板问要不要成立伦理委员会 帮我写个内部说明').intent).toBe('drafting');
    const answer = await ask('我是PM 公司做AI产品 老板问要不要成立伦理委员会 帮我写个内部说明');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('人工智能科技伦理委员会');
  });

  it('answer a follow-up naming a document of its own from that document', async () => {
    await ask('李乐成在部长通道说2025年我国人工智能核心产业规模有多大？', 'own-document');
    const answer = await ask('那九部门物联网行动方案给2028年定的物联网核心产业规模目标是多少？', 'own-document');
    expect(answer.answer).toMatch(/3\.5万亿元/);
  });

  it('do not answer how many chapters with a count of articles', async () => {
    expect((await ask('新疆涉案财物价格认定条例一共分几章？')).answered).toBe(false);
    expect((await ask('新疆涉案财物价格认定条例一共多少条？')).answer).toMatch(/^28条/);
  });

  it('do not answer a question about one province with a national total', async () => {
    // The list states its national totals; 湖北省 is covered elsewhere in the corpus, not there.
    expect((await ask('第二批“两重”建设项目清单里给湖北省安排了多少个项目、多少资金？')).answered).toBe(false);
  });

  it('read past a typed-out hesitation and a caller\'s unit', async () => {
    expect(topicOf('那个……来电人称其单位在做标准化工作，就是想了解下物联网行动方案里，标准要制修订多少项？')).toBe('物联网行动方案里，标准要制修订多少项？');
    const answer = await ask('那个……来电人称其单位在做标准化工作，就是想了解下物联网那个行动方案里，标准要制修订多少项，还有那个亿级连接的应用领域说要培育几个？');
    expect(answer.answer).toMatch(/^50项以上/);
  });

  it('read a case stated apart (如果是…呢？) as the subject of the question after it', async () => {
    expect(splitQuestion('如果是纳入专家复核清单的活动呢？跟踪审查间隔是多长？')).toHaveLength(1);
    const answer = await ask('如果是纳入专家复核清单的人工智能科技活动呢？跟踪审查间隔是多长？');
    expect(answer.answer).toMatch(/^不超过6个月/);
  });

  it('read everyday verbs of setting up (办个公司) as the printed ones (设立企业)', async () => {
    const answer = await ask('有行业协会秘书长来问：我们想办个公司，业务跟部分会员直接竞争，这样可以吗？请按中办国办的意见帮拟个答复口径。');
    expect(answer.answer).toContain('不得设立与会员有直接竞争关系的企业');
  });

  it('cover in a reply draft each point the request raises', async () => {
    const answer = await ask('市里一个行业协会来函，问能不能成立一家公司跟会员企业做同类业务，协会会长的亲属能不能到这家公司任职。请按两办协会商会文件帮我们起草个答复口径。');
    expect(answer.answer).toContain('直接竞争关系');
    expect(answer.answer).toContain('不得在所设立企业任职');
    expectTraceable(answer);
  });

  it('answer when a regulation named without 《》 takes effect only from a sentence about it', async () => {
    expect(spokenTitles('成都那部水污染防治条例是从哪天开始施行的？')).toEqual(['成都水污染防治条例']);
    // The report says "该条例已于今年1月1日起施行" right after naming the 水污染防治条例, not the 数据条例.
    expect((await ask('成都市数据条例是哪天开始施行的')).answered).toBe(false);
    expect((await ask('成都那部水污染防治条例是从哪天开始施行的？')).answer).toContain('1月1日起施行');
  });

  it('finds the noun a question asks about', () => {
    expect(questionFocus('那次集体学习用的是什么方式？')).toContain('方式');
    expect(questionFocus('是哪个督导组到会指导的？')).toContain('督导组');
    expect(questionFocus('什么时候印发的？')).toEqual([]);
  });
});
