import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, withCorpusIndex, writeLaw, type SeedIndex } from '../seed-index.js';
import { Assistant } from '../../src/answer/assistant.js';
import { statesQuantity } from '../../src/answer/compose/figure-answer.js';
import { limitedAct, limitsAct, measureAgrees } from '../../src/answer/compose/figure-measure.js';
import { detectIntent } from '../../src/answer/question/intent.js';
import { statedFigures } from '../../src/ingest/figures.js';
import type { Figure } from '../../src/types.js';

let fixture: SeedIndex;
let assistant: Assistant;

beforeAll(async () => {
  fixture = await openCorpusIndex('figures', (corpusDir) => {
    // Two reports give different numbers for the same measure, as happens between a ministry's
    // briefing and a later newspaper report.
    writeFileSync(
      path.join(corpusDir, 'briefing.txt'),
      '□ 本报记者 王明\n\n某省专精特新中小企业培育情况通报\n\n截至2025年底，某省累计培育专精特新中小企业1200家，较上年增长15%。\n\n下一步将继续加大培育力度，完善服务体系。\n',
    );
    writeFileSync(
      path.join(corpusDir, 'report.txt'),
      '□ 本报记者 李华\n\n某省中小企业发展报告发布\n\n报告显示，截至2025年底，某省累计培育专精特新中小企业1350家，数量居全国前列。\n\n报告还提出了加强融资支持等建议。\n',
    );
    // One story and two reposts of it (near-duplicates, grouped at ingest): one repeats its figure,
    // one prints another.
    const story = (outlet: string, stations: string) =>
      `${outlet}\n\n某市新基建进展情况\n\n记者从某市通信管理局获悉，今年上半年，某市新建5G基站${stations}个，累计建成5G基站4.2万个，` +
      '实现城区和乡镇全覆盖。5G移动电话用户达到860万户，占移动电话用户的45%。市通信管理局有关负责人表示，下一步将推动5G网络向行政村延伸，' +
      '加快千兆光网建设，推动5G应用在工业制造、智慧医疗、智慧教育等领域规模化发展，支撑数字经济高质量发展。\n';
    writeFileSync(path.join(corpusDir, 'story.txt'), story('□ 本报记者 赵强', '6800'));
    writeFileSync(path.join(corpusDir, 'repost-same.txt'), story('□ 来源：某市日报', '6800'));
    writeFileSync(path.join(corpusDir, 'repost-other.txt'), story('□ 来源：某市发布', '6900'));
  });
  assistant = fixture.assistant;
});

afterAll(() => fixture.cleanup());

describe('figure answers', () => {
  it('give every source when the figures differ', async () => {
    const answer = await assistant.ask('截至2025年底某省累计培育了多少家专精特新中小企业？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('1200家');
    expect(answer.answer).toContain('1350家');
    expect(answer.answer).toContain('各来源表述的数字不同');
    expect(new Set(answer.citations.map((c) => c.docId)).size).toBe(2);
    for (const citation of answer.citations) {
      expect(assistant.index.documents.get(citation.docId)!.text.slice(citation.start, citation.end)).toBe(citation.quote);
    }
  });

  it('cite one of the reposts of a story for its figure, and the repost that prints another', async () => {
    const groups = new Set([...assistant.index.documents.values()].filter((d) => d.sourceFile !== 'briefing.txt' && d.sourceFile !== 'report.txt').map((d) => d.duplicateGroup));
    expect(groups.size).toBe(1);
    expect([...groups][0]).toBeDefined();
    const answer = await assistant.ask('今年上半年某市新建了多少个5G基站？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^(?:6800|6900)个/);
    expect(answer.answer).toContain('6800个');
    expect(answer.answer).toContain('6900个');
    expect(answer.answer).toContain('各来源表述的数字不同');
    // One of the two reposts that print 6800, and the one that prints 6900.
    const sources = answer.citations.map((c) => assistant.index.documents.get(c.docId)!.sourceFile);
    expect(sources).toHaveLength(2);
    expect(sources).toContain('repost-other.txt');
    for (const citation of answer.citations) {
      expect(assistant.index.documents.get(citation.docId)!.text.slice(citation.start, citation.end)).toBe(citation.quote);
    }
  });
});

describe('figures of two texts', () => {
  let texts: SeedIndex;
  beforeAll(async () => {
    // Two regulations set different time limits for the same act: each its own rule, not a disagreement.
    texts = await openCorpusIndex('two-texts', (corpusDir) => {
      const article = (days: string) => `经人民调解委员会调解达成调解协议后，当事人可以自调解协议生效之日起${days}内向人民法院申请司法确认。`;
      writeLaw(corpusDir, '矛盾纠纷多元化解条例(2020-01-01).md', '某省矛盾纠纷多元化解条例', ['第一条 为了预防和化解矛盾纠纷，制定本条例。', `第十条 ${article('三十日')}`]);
      writeLaw(corpusDir, '道路交通安全管理办法(2021-01-01).md', '某市道路交通安全管理办法', ['第一条 为了加强道路交通安全管理，制定本办法。', `第八条 ${article('十五日')}`]);
    });
  });
  afterAll(() => texts.cleanup());

  it('agree where the other source states the led figure too, beside a figure for something else', async () => {
    await withCorpusIndex('agreeing', (corpusDir) => {
      writeFileSync(path.join(corpusDir, 'plan.txt'), '□ 本报记者 孙丽\n\n某市物联网行动方案印发\n\n方案提出，到2028年，某市培育10个亿级连接和15个千万级连接的物联网应用领域。\n');
      writeFileSync(path.join(corpusDir, 'brief.txt'), '□ 来源：某市发布\n\n某市部署物联网工作\n\n会议要求，到2028年，某市培育10个亿级连接的物联网应用领域。\n');
    }, async (plans) => {
      const answer = await plans.assistant.ask('到2028年某市要培育多少个亿级连接的物联网应用领域？');
      expect(answer.answer).toMatch(/^10个/);
      expect(answer.answer).not.toContain('各来源表述的数字不同');
    });
  });

  it('do not disagree with a report that states another number than a rule', async () => {
    await withCorpusIndex('rule-and-report', (corpusDir) => {
      writeLaw(corpusDir, '政府信息公开办法(2020-01-01).md', '某省政府信息公开办法', ['第一条 为了规范政府信息公开，制定本办法。', '第十条 行政机关收到政府信息公开申请，应当自收到申请之日起二十个工作日内作出处理决定。']);
      writeFileSync(path.join(corpusDir, 'report.txt'), '□ 本报记者 周敏\n\n某区政务服务再提速\n\n某区行政机关收到政府信息公开申请，自收到申请之日起十个工作日内作出处理决定。\n');
    }, async (sources) => {
      const answer = await sources.assistant.ask('行政机关收到政府信息公开申请后，多少个工作日内作出处理决定？');
      expect(answer.answer).toContain('二十个工作日');
      expect(answer.answer).toContain('起十个工作日');
      expect(answer.answer).not.toContain('各来源表述的数字不同');
    });
  });

  it('are quoted side by side without calling them a disagreement', async () => {
    const answer = await texts.assistant.ask('人民调解达成调解协议后，多少日内向人民法院申请司法确认？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('三十日内');
    expect(answer.answer).toContain('十五日内');
    expect(answer.answer).not.toContain('各来源表述的数字不同');
  });
});

describe('a neighbouring clause', () => {
  it('of the same rules, stating another figure of the unit asked, is quoted after the led one', async () => {
    await withCorpusIndex('neighbour', (corpusDir) => {
      writeLaw(corpusDir, '工伤保险条例(2010-12-20).md', '工伤保险条例', [
        '第一条 为了保障因工作遭受事故伤害或者患职业病的职工获得医疗救治和经济补偿，制定本条例。',
        '第十七条 职工发生事故伤害，所在单位应当自事故伤害发生之日起30日内，向统筹地区社会保险行政部门提出工伤认定申请。',
        '第十八条 提出工伤认定申请应当提交工伤认定申请表、劳动关系证明材料和医疗诊断证明书。',
        '第二十条 社会保险行政部门应当自受理工伤认定申请之日起60日内作出工伤认定的决定，并书面通知申请工伤认定的职工所在单位。',
      ]);
    }, async (law) => {
      // Both clauses share the question's words; which one is asked turns on who acts.
      const answer = await law.assistant.ask('员工在车间受伤了，单位要在多长时间内去申请工伤认定？');
      expect(answer.answered).toBe(true);
      expect(answer.answer).toContain('30日内');
      expect(answer.answer).toContain('60日内');
      expect(answer.answer).toContain('\n另据《工伤保险条例》');
      expect(answer.answer).not.toContain('各来源表述的数字不同');
      for (const citation of answer.citations) {
        expect(law.assistant.index.documents.get(citation.docId)!.text.slice(citation.start, citation.end)).toBe(citation.quote);
      }
    });
  });
});

describe('an interval asked', () => {
  it('is answered by 每 and a unit of time, an interval of one, though no number of that unit is printed', async () => {
    await withCorpusIndex('interval', (corpusDir) => {
      writeLaw(corpusDir, '医疗机构管理条例(2022-03-29).md', '医疗机构管理条例', [
        '第一条 为了加强对医疗机构的管理，促进医疗卫生事业的发展，制定本条例。',
        '第二十二条 床位不满100张的医疗机构，其《医疗机构执业许可证》每年校验1次；床位在100张以上的医疗机构，其《医疗机构执业许可证》每3年校验1次。校验由原登记机关办理。',
      ]);
    }, async (law) => {
      const answer = await law.assistant.ask('我们开了个只有20张床位的小医院，医疗机构执业许可证多久要校验一次？');
      expect(answer.answered).toBe(true);
      expect(answer.answer).toContain('每年校验1次');
    });
  });
});

describe('a time limit for an act asked in other words than the text prints', () => {
  it('is answered, where no candidate prints the act asked: "几年内交齐" ← "五年内缴足"', async () => {
    await withCorpusIndex('paraphrased-act', (corpusDir) => {
      writeLaw(corpusDir, '公司法(2023-12-29).md', '中华人民共和国公司法', [
        '第一条 为了规范公司的组织和行为，制定本法。',
        '第四十七条 有限责任公司的注册资本为在公司登记机关登记的全体股东认缴的出资额。全体股东认缴的出资额由股东按照公司章程的规定自公司成立之日起五年内缴足。',
      ]);
    }, async (law) => {
      const answer = await law.assistant.ask('我们几个朋友准备注册一家有限公司，注册资本认缴1000万，新公司法下股东的钱最晚要在公司成立后几年内交齐？');
      expect(answer.answered).toBe(true);
      expect(answer.answer).toMatch(/^五年内/);
    });
  });
});

describe('a count of people that does not count those asked', () => {
  it('is refused: "造成多少人遇难" is not answered by the firefighters sent', async () => {
    await withCorpusIndex('casualties', (corpusDir) => {
      writeFileSync(
        path.join(corpusDir, 'flood.txt'),
        '中新网西宁8月11日电\n\n玛沁县拉加镇发生山洪灾害\n\n受强降雨天气影响，9日，青海省果洛藏族自治州玛沁县拉加镇发生小规模山洪灾害，在山区内形成一处堰塞湖，对下游民众生命财产安全造成威胁，玛沁县消防救援大队迅速集结4车25人赶赴受灾现场协助处置。\n',
      );
    }, async (news) => {
      expect((await news.assistant.ask('玛沁县拉加镇这次山洪形成堰塞湖，灾害造成多少人遇难？')).answered).toBe(false);
      const sent = await news.assistant.ask('玛沁县拉加镇山洪灾害，消防救援大队集结了多少人赶赴现场？');
      expect(sent.answered).toBe(true);
      expect(sent.answer).toMatch(/^25人/);
    });
  });
});

describe('a when-question of a rule', () => {
  it('is answered by a time limit where the text prints no date: "什么时候去办续展" ← "期满前十二个月内"', async () => {
    await withCorpusIndex('when-limit', (corpusDir) => {
      writeLaw(corpusDir, '商标法(2019-04-23).md', '中华人民共和国商标法', [
        '第一条 为了加强商标管理，保护商标专用权，制定本法。',
        '第三十九条 注册商标的有效期为十年，自核准注册之日起计算。',
        '第四十条 注册商标有效期满，需要继续使用的，商标注册人应当在期满前十二个月内按照规定办理续展手续；在此期间未能办理的，可以给予六个月的宽展期。',
        '第五十条 注册商标被撤销、被宣告无效或者期满不再续展的，自撤销、宣告无效或者注销之日起一年内，对与该商标相同或者近似的商标注册申请，不予核准。',
      ]);
    }, async (law) => {
      const answer = await law.assistant.ask('我们的注册商标快到期了，还想接着用，什么时候去办续展？');
      expect(answer.answered).toBe(true);
      expect(answer.answer).toContain('期满前十二个月内');
      // (A limit for another act does not say when: 第五十条's 一年内 is for 不予核准, not for a review.)
      expect((await law.assistant.ask('对商标局撤销注册商标的决定不服，什么时候申请复审？')).answered).toBe(false);
    });
  });
});

describe('a limit asked', () => {
  it('is led with the figure the sentence states as that limit', async () => {
    await withCorpusIndex('limit', (corpusDir) => {
      writeLaw(corpusDir, '献血法(1997-12-29).md', '中华人民共和国献血法', [
        '第一条 为保证医疗临床用血需要和安全，制定本法。',
        '第九条 血站对献血者每次采集血液量一般为二百毫升，最多不得超过四百毫升，两次采集间隔期不少于六个月。',
      ]);
    }, async (law) => {
      expect((await law.assistant.ask('献血一次最多能采集多少血液？')).answer).toMatch(/^(?:不得超过)?四百毫升/);
      expect((await law.assistant.ask('献血一次一般采集多少血液？')).answer).toMatch(/^二百毫升/);
    });
  });
});

describe('statesQuantity', () => {
  it('does not count the quantities the question states itself ("共需返还98.4万元，其中杨某应承担多少")', () => {
    const answer = '据《天门法院执行干警赴外省扣车》：\n天门法院依法判令四被执行人返还方某购车款98.4万元。[1]';
    expect(statesQuantity(answer)).toBe(true);
    expect(statesQuantity(answer, '四名被执行人共需返还方某98.4万元，其中被执行人杨某个人应承担多少？')).toBe(false);
    expect(statesQuantity(answer, '四名被执行人中杨某个人应承担多少？')).toBe(true);
  });
});

describe('measureAgrees', () => {
  /** The figures a sentence states, as the index keeps them, each with the measure given. */
  const figuresOf = (sentence: string, measure: string) =>
    statedFigures(sentence).map((f) => ({ ...f, docId: 'd', chunkId: 'd#0', start: f.offset, end: f.offset + f.raw.length, sentence, measure }) as Figure);

  it('answers a change asked with a figure of the same way and basis ("同比下降了多少" is not "同比增长33%", nor "环比下降3%")', () => {
    const sentence = '7月零售量达到了64.7万辆，同比增长33%，环比下降3%。';
    const [rise, fall] = figuresOf(sentence, '').filter((f) => f.unit === '%').map((f) => ({ ...f, measure: f.raw === '33%' ? '同比增长33%' : '环比下降3%' }));
    expect(measureAgrees('7月零售量同比增长了多少？', rise!, sentence)).toBe(true);
    expect(measureAgrees('7月零售量同比下降了多少？', rise!, sentence)).toBe(false);
    expect(measureAgrees('7月零售量环比下降了多少？', fall!, sentence)).toBe(true);
    expect(measureAgrees('7月零售量同比下降了多少？', fall!, sentence)).toBe(false);
    // (A question naming no way or basis takes either.)
    expect(measureAgrees('7月零售量的增速是多少？', fall!, sentence)).toBe(true);
  });

  it('answers a level asked with no change printed as one ("出口额是多少" is not "同比增长14.3%")', () => {
    const sentence = '上半年，西安市服务出口额5.1亿美元，同比增长14.3%，占全市服务贸易的六成。';
    const [amount, change] = figuresOf(sentence, '');
    expect(measureAgrees('上半年西安市服务出口额是多少？', change!, sentence)).toBe(false);
    expect(measureAgrees('上半年西安市服务出口额是多少？', amount!, sentence)).toBe(true);
    // (A question that speaks of a change or a comparison may be answered by one.)
    expect(measureAgrees('上半年西安市服务出口额比去年多了多少？', change!, sentence)).toBe(true);
    expect(measureAgrees('服务出口额提高了几个百分点？', change!, sentence)).toBe(true);
    // (A share is a level too: 占比 and 比重 compare nothing.)
    expect(measureAgrees('服务出口额占比是多少？', change!, sentence)).toBe(false);
  });

  it('answers a part asked after 其中 only with a figure whose sentence names the part, not the whole', () => {
    const whole = '截至8月7日，127家会员单位参与捐赠，捐赠物资折合约49.75万元，捐赠善款约2023.35万元，合计2073.1万元。';
    const money = figuresOf(whole, '捐赠善款约2023.35万元').find((f) => f.raw.includes('2023.35万元'));
    expect(measureAgrees('127家会员单位合计捐赠2073.1万元，其中巨力索具一家捐了多少钱？', money!, whole)).toBe(false);
    expect(measureAgrees('127家会员单位合计捐赠2073.1万元，其中善款是多少？', money!, whole)).toBe(true);
    const part = '其中，巨力索具捐赠善款300万元。';
    const given = figuresOf(part, '捐赠善款300万元').find((f) => f.unit === '元');
    expect(measureAgrees('127家会员单位合计捐赠2073.1万元，其中巨力索具一家捐了多少钱？', given!, part)).toBe(true);
    // (A place in the text pointed to by its order names no part: "其中第二个亮点里，…".)
    const rate = '截至2025年年底，我国规上制造业企业人工智能技术应用普及率超30%。';
    const share = figuresOf(rate, '普及率超30%').find((f) => f.unit === '%');
    expect(measureAgrees('其中第二个亮点里，规上制造业企业的人工智能技术应用普及率是多少？', share!, rate)).toBe(true);
  });

  it('answers a rate per unit asked ("每部手机卖多少钱") only with a rate, not a total', () => {
    const total = '吕某共计生产、销售改装手机300余部，违法所得49万余元。';
    const [, income] = figuresOf(total, '违法所得49万余元');
    expect(income!.raw).toBe('49万余元');
    expect(measureAgrees('吕某每部改装手机卖多少钱？', income!, total)).toBe(false);
    expect(measureAgrees('吕某卖改装手机违法所得多少钱？', income!, total)).toBe(true);
    const rate = '吕某将改装手机以每部1600元的价格销售。';
    const [price] = figuresOf(rate, '以每部1600元的价格销售');
    expect(measureAgrees('吕某每部改装手机卖多少钱？', price!, rate)).toBe(true);
    // (Per one of a thing an act is done for, asked in the next clause: "每办理一名学生入学，家长需交多少元".)
    const fees = '2020年至2022年期间，王某利用职务便利，非法收受入学“指标费”共计68万元。';
    const [collected] = figuresOf(fees, '非法收受入学“指标费”共计68万元');
    expect(collected!.raw).toBe('68万元');
    expect(measureAgrees('每办理一名学生入学，家长需交多少元“指标费”？', collected!, fees)).toBe(false);
    // (Unless a total is asked after a rate stated: "每名学生…，一共收了多少".)
    expect(measureAgrees('每名学生收2万元，王某一共收了多少“指标费”？', collected!, fees)).toBe(true);
    // (Policy texts print a rate as one unit per another: "30元/平方米".)
    const rent = '租金标准为30元/平方米·月。';
    const [perMetre] = figuresOf(rent, '租金标准为30元/平方米·月');
    expect(measureAgrees('每平方米租金多少钱？', perMetre!, rent)).toBe(true);
    // (每个月 is a span of time, read by the periods: not a unit.)
    expect(measureAgrees('吕某每个月卖改装手机违法所得多少钱？', income!, total)).toBe(true);
  });

  it('reads no counted noun where a verb follows the measure word ("多少家改为每天开放" counts the museums)', () => {
    const sentence = '该市28家市属国有博物馆将试行调整开放时间，其中11家每天开放，17家周二闭馆。';
    const daily = figuresOf(sentence, '其中11家每天开放').find((f) => f.raw === '11家');
    expect(measureAgrees('杭州市属国有博物馆中有多少家改为每天开放？', daily!, sentence)).toBe(true);
    expect(measureAgrees('杭州有多少家酒店改为每天开放？', daily!, sentence)).toBe(false);
  });

  it('takes a counted noun named before the figure or in its clause, not only in a later clause', () => {
    const sentence = '周家桥街道现有退役军人1700余名，街道充分利用老兵法律工作室开展服务。';
    const [veterans] = figuresOf(sentence, '现有退役军人1700余名');
    expect(measureAgrees('周家桥街道有多少名老兵在线登记了需求？', veterans!, sentence)).toBe(false);
    expect(measureAgrees('周家桥街道现有多少名退役军人？', veterans!, sentence)).toBe(true);
    // (In "A的B" the head B is counted: "多少条企业那边的需求" ← "400余条行业需求".)
    const needs = '发布400余条行业需求，推动千余家企业精准对接技术资源。';
    const [published] = figuresOf(needs, '发布400余条行业需求');
    expect(measureAgrees('活动一共公布了多少条企业那边的需求？', published!, needs)).toBe(true);
    // (A figure is found as a whole number: "5000名" is not the tail of "15000名".)
    const recruits = '共计划招录消防员15000名，其中，高校应届毕业生5000名。';
    const graduates = figuresOf(recruits, '高校应届毕业生5000名').find((f) => f.raw === '5000名');
    expect(measureAgrees('招录的消防员中有多少名是高校应届毕业生？', graduates!, recruits)).toBe(true);
    const inWords = '招录消防员二十五名，其中女性五名。';
    const women = figuresOf(inWords, '其中女性五名').find((f) => f.raw === '五名');
    expect(measureAgrees('招录的消防员中有多少名女性？', women!, inWords)).toBe(true);
  });

  it('answers a count of the dead, injured or missing only with a figure stating them', () => {
    const sentence = '玛沁县消防救援大队迅速集结4车25人赶赴受灾现场，山洪已造成3人遇难。';
    const [firefighters, dead] = figuresOf(sentence, '').filter((f) => f.unit === '人').map((f) => ({ ...f, measure: f.raw === '25人' ? '迅速集结4车25人赶赴受灾现场' : '山洪已造成3人遇难' }));
    expect(measureAgrees('山洪造成多少人遇难？', firefighters!, sentence)).toBe(false);
    expect(measureAgrees('山洪造成多少人死亡？', dead!, sentence)).toBe(true);
    expect(measureAgrees('山洪造成多少人受伤？', dead!, sentence)).toBe(false);
    expect(measureAgrees('消防救援大队集结了多少人？', firefighters!, sentence)).toBe(true);
    // (伤亡 counts the dead and the injured; the act may stand further on: "多少人在这次山洪中遇难".)
    expect(measureAgrees('山洪造成多少人伤亡？', dead!, sentence)).toBe(true);
    expect(measureAgrees('有多少人在这次山洪中遇难？', firefighters!, sentence)).toBe(false);
  });

  it('answers an amount of a kind of money ("利息", "定金") only with a figure of that money', () => {
    const sentence = '法院判决银行返还甲190万元本金并支付相应的利息。';
    const [principal] = figuresOf(sentence, '判决银行返还甲190万元本金并支付相应的利息');
    expect(measureAgrees('法院判决银行支付的存款利息具体是多少钱？', principal!, sentence)).toBe(false);
    expect(measureAgrees('法院判决银行返还的本金是多少钱？', principal!, sentence)).toBe(true);
    // (Nor by the noun of money right before it: "偿还借款本金190万元及利息".)
    const loan = '判决被告偿还借款本金190万元及利息。';
    const [repaid] = figuresOf(loan, '判决被告偿还借款本金190万元及利息');
    expect(measureAgrees('法院判决被告支付的利息是多少钱？', repaid!, loan)).toBe(false);
    expect(measureAgrees('法院判决被告偿还的本金是多少钱？', repaid!, loan)).toBe(true);
    const damages = '蔚来起诉要求其赔偿500万元人民币。';
    const [claimed] = figuresOf(damages, '蔚来起诉要求其赔偿500万元人民币');
    expect(measureAgrees('蔚来退给他的双倍定金一共是多少钱？', claimed!, damages)).toBe(false);
    // (The currency spelled out after the figure is no other noun; the money is named without its
    // head of money, 赔偿 for 赔偿金, or without its modifiers, 奖金 for 年终奖金; a word that says
    // which number, 金额 or 标准, names no kind of money.)
    expect(measureAgrees('蔚来要求的赔偿金是多少钱？', claimed!, damages)).toBe(true);
    expect(measureAgrees('蔚来起诉要求的金额是多少钱？', claimed!, damages)).toBe(true);
    const bonus = '公司今年每人发放奖金2万元。';
    const [paid] = figuresOf(bonus, '每人发放奖金2万元');
    expect(measureAgrees('公司今年的年终奖金是多少钱？', paid!, bonus)).toBe(true);
    const profit = '公司上半年实现净利3亿元。';
    const [earned] = figuresOf(profit, '公司上半年实现净利3亿元');
    expect(measureAgrees('公司上半年净利润是多少？', earned!, profit)).toBe(true);
    // ("净亏损多少？" asks money too; an abbreviation is named by its full form: 营收 ← 营业收入.)
    const results = '截至第二季度末，公司拥有9.8亿美元的现金和证券，第二季度营业收入为187万美元。';
    const [cash, revenue] = figuresOf(results, '');
    expect(measureAgrees('公司2023年第二季度净亏损多少？', cash!, results)).toBe(false);
    expect(measureAgrees('公司2023年第二季度营收是多少？', revenue!, results)).toBe(true);
  });

  it('reads the noun a count question counts past its measure word and 的', () => {
    const sentence = '2023年上半年，全国市场监管部门共完成食品安全监督抽检332万批次，发现不合格样品70174批次。';
    const [, found] = figuresOf(sentence, '发现不合格样品70174批次');
    expect(found!.raw).toBe('70174批次');
    expect(measureAgrees('2023年上半年发现了多少批次的不合格样品？', found!, sentence)).toBe(true);
    expect(measureAgrees('2023年上半年发现了多少批次的过期药品？', found!, sentence)).toBe(false);
  });

  it('does not take what a count leads to for the noun counted ("多少条就算…")', () => {
    const sentence = '（三）非法获取、出售或者提供行踪轨迹信息、通信内容、征信信息、财产信息五十条以上的；';
    const [count] = figuresOf(sentence, '财产信息五十条');
    expect(count!.raw).toBe('五十条');
    expect(measureAgrees('贩卖别人行踪轨迹信息，多少条就算情节严重了', count!, sentence)).toBe(true);
    // (A pronoun after the measure word owns what is counted, named further on: "多少条别人的…信息",
    // "多少条我的信息" read no noun there.)
    expect(measureAgrees('卖了多少条别人的行踪轨迹信息就构成情节严重？', count!, sentence)).toBe(true);
    expect(measureAgrees('卖了多少条我的信息就构成情节严重？', count!, sentence)).toBe(true);
    expect(measureAgrees('贩卖行踪轨迹信息，多少条罚款记录会被公开？', count!, sentence)).toBe(false);
    // (就业, 便民 are nouns: the sentence must print them.)
    expect(measureAgrees('新增了多少条就业信息？', count!, sentence)).toBe(false);
  });

  it('takes a counted noun printed by its head alone beside the figure ("设站37座" counts 车站)', () => {
    const sentence = '武汉轨道交通12号线设站37座，串联武汉三镇成环，与18条线路可实现换乘。';
    const [stations, lines] = figuresOf(sentence, '设站37座');
    expect(stations!.raw).toBe('37座');
    expect(measureAgrees('武汉轨道交通12号线将设多少座车站？', stations!, sentence)).toBe(true);
    // (Not a head printed away from the figure, nor another noun's: 18条线路 are no stations.)
    expect(measureAgrees('武汉轨道交通12号线将设多少座车站？', lines!, sentence)).toBe(false);
    expect(measureAgrees('全市共有多少座桥梁？', stations!, sentence)).toBe(false);
    // (The head must stand before the figure: 员 after "37名" heads 员工, not 球员.)
    const staff = '球队共有37名员工参加。';
    const [members] = figuresOf(staff, '共有37名员工');
    expect(measureAgrees('队里有多少名球员？', members!, staff)).toBe(false);
  });

  it('takes any verb of change for the change asked ("增加了多少" ← "增加9%", "下跌3%")', () => {
    const sentence = '全美大规模枪击事件的数量比2022年同期增加9%，枪击死亡人数下跌3%。';
    const [more, fewer] = figuresOf(sentence, '');
    expect(measureAgrees('今年美国大规模枪击事件数量比去年同期增加了多少？', { ...more!, measure: '事件的数量比2022年同期增加9%' }, sentence)).toBe(true);
    expect(measureAgrees('枪击死亡人数下跌了多少？', { ...fewer!, measure: '枪击死亡人数下跌3%' }, sentence)).toBe(true);
    expect(measureAgrees('枪击事件数量增加了多少？', { ...more!, measure: '枪击事件数量为9%' }, sentence)).toBe(false);
  });

  it('reads the noun counted past a copula after the measure word ("多少名是高校应届毕业生")', () => {
    const sentence = '今年共招录消防员3200名，其中高校应届毕业生1100名、退役士兵900名。';
    const [, graduates] = figuresOf(sentence, '高校应届毕业生1100名');
    expect(graduates!.raw).toBe('1100名');
    expect(measureAgrees('招录的消防员中有多少名是高校应届毕业生？', graduates!, sentence)).toBe(true);
    expect(measureAgrees('招录的消防员中有多少名是女性？', graduates!, sentence)).toBe(false);
  });

  it('reads the act of a time limit past the condition clauses (…的) between them', () => {
    const sentence = '自婚姻登记机关收到离婚登记申请之日起三十日内，任何一方不愿意离婚的，可以向婚姻登记机关撤回离婚登记申请。';
    const [limit] = figuresOf(sentence, '收到离婚登记申请之日起三十日');
    expect(limit!.raw).toBe('三十日');
    // (Past a modal verb: 可以 is printed by nearly every rule.)
    expect(limitedAct('递交离婚申请以后多少天内可以反悔撤回？')).toBe('反悔撤回');
    expect(limitsAct('反悔撤回', limit!, sentence)).toBe(true);
    // (Still another act than asked: the limit is not for it.)
    expect(limitsAct(limitedAct('离婚申请以后多少天内要缴纳费用？')!, limit!, sentence)).toBe(false);
  });
});

describe('a change asked of an amount', () => {
  let changes: SeedIndex;
  beforeAll(async () => {
    changes = await openCorpusIndex('changes', (corpusDir) =>
      writeFileSync(
        path.join(corpusDir, 'telecom.txt'),
        '□ 本报记者 周明\n\n某电信公司公布半年业绩\n\n根据财报，在2023年上半年，某电信公司移动通信服务收入达1016亿元，同比增长2.7%；产业数字化业务收入为688亿元，同比增长16.7%。\n\n公司表示，下半年将继续推进网络建设。\n\n□ 本报记者 李华\n\n中老铁路实施新运行图\n\n新运行图实施后，国际旅客列车客流增长50%以上。全程运行时间从10小时30分压缩至9小时26分，压缩了64分钟。\n',
      ),
    );
  });
  afterAll(() => changes.cleanup());

  it('is answered by the figure the change verb states, not the level beside it', async () => {
    const answer = await changes.assistant.ask('某电信公司2023年上半年的移动通信服务收入同比增长了多少？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/^增长2\.7%/);
  });

  it('is answered in the measure word the question names, not as a share ("减少了多少分钟")', async () => {
    const answer = await changes.assistant.ask('中老铁路国际旅客列车的运行时间减少了多少分钟？');
    expect(answer.answer).toMatch(/^(?:压缩了)?64分钟/);
  });
});

describe('the units a measure question asks for', () => {
  it('reads 多远 as a distance and 多重 as a weight where it asks, not "multiple"', () => {
    expect(detectIntent('想在学校附近开个网吧，离中小学要多远以外才行？')).toMatchObject({ intent: 'figure', units: ['米', '公里'] });
    expect(detectIntent('多重的无人机算微型无人驾驶航空器？')).toMatchObject({ intent: 'figure', units: ['千克', '公斤', '吨'] });
    expect(detectIntent('面对多重风险挑战，有哪些支持政策？').units).toEqual([]);
    expect(detectIntent('中国承认多重国籍吗？').units).toEqual([]);
  });
});
