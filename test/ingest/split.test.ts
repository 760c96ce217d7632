import { describe, expect, it } from 'vitest';
import {
  documentType,
  findEffectiveDate,
  issuersFromTitle,
  normalizeDocumentNumber,
  parseDate,
  versionKey,
} from '../../src/ingest/metadata.js';
import { splitDocuments } from '../../src/ingest/split.js';
import type { PolicyDocument } from '../../src/types.js';
import { seedSources } from '../seeds.js';

const seedDocuments = (): PolicyDocument[] => seedSources().flatMap((source) => splitDocuments(source));
const shortId = (id: string) => id.replace(/_[0-9a-f]+/, '');
const byTitle = (documents: PolicyDocument[], title: string) => {
  const found = documents.find((d) => d.title === title);
  if (!found) throw new Error(`no document titled ${title}`);
  return found;
};

describe('splitDocuments on the seed corpus', () => {
  it('finds every article and policy text with its title and type', () => {
    const list = seedDocuments().map((d) => [shortId(d.id), d.type, d.title]);
    expect(list).toEqual([
      ['000#1', '新闻', '工业和信息化部高质量办理重点督办建议 破局“人工智能+制造” 一批建议办理见成效'],
      ['000#2', '新闻', '近年来，四川省成都市人大常委会紧扣城市发展脉搏与群众期盼，以高质量立法护航超大城…'],
      ['000#3', '新闻', '全过程人民民主根系扎向基层深处 宁波基层实践“解码”民主真谛'],
      ['000#4', '新闻', '新疆涉案财物价格认定条例出台'],
      ['001#1', '新闻', '工信部召开树立和践行 正确政绩观学习教育动员部署会'],
      ['001#2', '新闻', '李乐成在全国两会“部长通道”回答记者提问时表示 从五方面着手持续抓好现代化产业体系建设'],
      ['001#3', '新闻', '机器人领域企业家热议政府工作报告'],
      ['002#1', '新闻', '“人工智能+制造”如何跑出加速度？'],
      ['002#2', '新闻', '加快工业母机成果转化 筑牢制造强国根基'],
      ['003#1', '意见', '中共中央办公厅 国务院办公厅关于推动行业协会商会深化改革的意见'],
      ['003#2', '意见', '国务院关于推进服务业扩能提质的意见'],
      ['003#3', '意见', '国务院办公厅关于深化投资审批制度改革的意见'],
      ['003#4', '新闻', '国家发展和改革委员会下达2026年第二批“两重”建设项目 清单'],
      ['003#5', '新闻', '中共中央政治局召开会议 分析研究当前经济形势和经济工作 习近平主持会议'],
      ['003#6', '通知', '工业和信息化部办公厅 国家数据局综合司关于联合实施2026年“模数共振”行动的通知'],
      ['003#7', '新闻', '工信部等九部门联合印发《推动物联网产业创新发展行动方案（2026—2028年）》'],
      ['003#8', '通知', '关于印发《推动物联网产业创新发展行动方案（2026—2028年）》的通知'],
      ['003#9', '方案', '推动物联网产业创新发展行动方案（2026—2028年）'],
      ['003#10', '新闻', '工信部等十部门联合印发《人工智能科技伦理审查与服务办法（试行）》'],
      ['003#11', '通知', '关于印发《人工智能科技伦理审查与服务办法（试行）》的通知'],
      ['003#12', '办法', '人工智能科技伦理审查与服务办法（试行）'],
      ['003#13', '通知', '关于印发《湖北省加强数据科技创新三年行动计划》的通知'],
      ['003#14', '方案', '湖北省加强数据科技创新三年行动计划'],
      ['003#15', '新闻', '“十五五”新图景：聚力“未来产业” 引领产业未来'],
      ['004#1', '新闻', '工业和信息化部党组召开深入贯彻 中央八项规定精神学习教育征求意见座谈会'],
      ['004#2', '新闻', '工信部党组理论学习中心组学习习近平生态文明思想和习近平总书记关于国家能源安全的重要论述'],
      ['004#3', '新闻', '工业和信息化部召开第十次中小企业圆桌会议'],
      ['004#4', '新闻', '三部门召开加强新能源汽车安全管理工作视频会'],
      ['004#5', '新闻', '5G-A 与 AI“共赴山海”'],
      ['004#6', '新闻', '2025年度智能工厂梯度培育行动启动'],
    ]);
  });

  it('keeps a briefing\'s display headline over a formal title, for the notice and the text it issues', () => {
    const documents = seedDocuments();
    const notice = byTitle(documents, '关于印发《湖北省加强数据科技创新三年行动计划》的通知');
    expect(notice.headline).toBe('首个省级数据科技创新政策发布');
    expect(byTitle(documents, '湖北省加强数据科技创新三年行动计划').headline).toBe('首个省级数据科技创新政策发布');
    // The issuers signed under the notice still carry over to the plan.
    expect(byTitle(documents, '湖北省加强数据科技创新三年行动计划').issuers).toEqual(['湖北省数据局', '湖北省科技厅', '湖北省经济和信息化厅']);
    // A shorter title printed over the formal one is how the briefing names it.
    expect(byTitle(documents, '工业和信息化部办公厅 国家数据局综合司关于联合实施2026年“模数共振”行动的通知').headline).toBe('两部门关于联合实施2026年“模数共振”行动的通知');
    // A formal title with nothing printed over it has none.
    expect(byTitle(documents, '国务院关于推进服务业扩能提质的意见').headline).toBeUndefined();
  });

  it('reads 文号, dates and issuers of the policy texts', () => {
    const documents = seedDocuments();
    const pick = (d: PolicyDocument) => ({ documentNumber: d.documentNumber, date: d.date, issuers: d.issuers });
    expect(pick(byTitle(documents, '国务院关于推进服务业扩能提质的意见'))).toEqual({
      documentNumber: '国发〔2026〕7号',
      date: '2026-04-14',
      issuers: ['国务院'],
    });
    expect(pick(byTitle(documents, '国务院办公厅关于深化投资审批制度改革的意见'))).toEqual({
      documentNumber: '国办发〔2026〕13号',
      date: '2026-04-08',
      issuers: ['国务院办公厅'],
    });
    // Printed as "工信厅联科函〔2026〕193 号".
    expect(pick(byTitle(documents, '工业和信息化部办公厅 国家数据局综合司关于联合实施2026年“模数共振”行动的通知'))).toEqual({
      documentNumber: '工信厅联科函〔2026〕193号',
      date: '2026-04-24',
      issuers: ['工业和信息化部办公厅', '国家数据局综合司'],
    });
    expect(pick(byTitle(documents, '中共中央办公厅 国务院办公厅关于推动行业协会商会深化改革的意见'))).toEqual({
      documentNumber: undefined,
      date: '2025-11-01',
      issuers: ['中共中央办公厅', '国务院办公厅'],
    });
  });

  it('gives a text attached to a 印发 notice the notice’s 文号, date and signatories', () => {
    const measures = byTitle(seedDocuments(), '人工智能科技伦理审查与服务办法（试行）');
    expect(measures.documentNumber).toBe('工信部联科〔2026〕75号');
    expect(measures.date).toBe('2026-03-20');
    expect(measures.effectiveDate).toBe('2026-03-20');
    expect(measures.issuers).toHaveLength(10);
    expect(measures.issuers.slice(0, 3)).toEqual(['工业和信息化部', '国家发展改革委', '教育部']);
    expect(measures.versionKey).toBe('人工智能科技伦理审查与服务办法');
    expect(measures.text).toMatch(/^人工智能科技伦理审查与服务办法（试行）\n第一章 总则\n第一条/);
    expect(measures.text).toContain('第三十七条 本办法自印发之日起施行。');

    const plan = byTitle(seedDocuments(), '推动物联网产业创新发展行动方案（2026—2028年）');
    expect(plan.documentNumber).toBe('工信部联科〔2026〕65号');
    expect(plan.issuers).toContain('市场监管总局');
  });

  it('opens a roundup of voices at its headline over the first speaker, though no byline is printed', () => {
    const roundup = byTitle(seedDocuments(), '机器人领域企业家热议政府工作报告');
    expect(roundup.roundup).toBe(true);
    expect(roundup.text).toMatch(/^机器人领域企业家热议政府工作报告\n优必选创始人、董事会主席兼CEO周剑：/);
    // The minister's remarks before it stay one article; a single voice's piece keeps its own headline.
    expect(byTitle(seedDocuments(), '李乐成在全国两会“部长通道”回答记者提问时表示 从五方面着手持续抓好现代化产业体系建设').text).not.toContain('优必选');
    expect(byTitle(seedDocuments(), '加快工业母机成果转化 筑牢制造强国根基').roundup).toBeUndefined();
  });

  it('keeps ids stable across runs', () => {
    expect(seedDocuments().map((d) => d.id)).toEqual(seedDocuments().map((d) => d.id));
    expect(seedDocuments()[0]!.id).toBe('000_eaf22a666d114652#1');
  });

  it('treats each JSONL record as one document with its stated metadata', () => {
    const [document] = splitDocuments({
      sourceFile: 'news/2023.jsonl',
      sourceLine: 7,
      format: 'jsonl',
      externalId: 'n42',
      title: '示例标题',
      date: '2023-05-06',
      text: '第一段内容，说明情况。\n\n第二段内容，继续说明。',
    });
    expect(document).toMatchObject({ id: 'news/2023#n42', title: '示例标题', date: '2023-05-06', sourceLine: 7 });
    expect(document!.text).toBe('第一段内容，说明情况。\n第二段内容，继续说明。');
  });

  it('reads a law file’s title from its heading and its date from the file name', () => {
    const [law] = splitDocuments({
      sourceFile: '经济法/反垄断法(2022-06-24).md',
      format: 'md',
      text: '# 中华人民共和国反垄断法\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了预防和制止垄断行为，制定本法。\n\n第二条 本法适用于境内经济活动中的垄断行为。',
    });
    expect(law).toMatchObject({ title: '中华人民共和国反垄断法', type: '法律', date: '2022-06-24', versionKey: '中华人民共和国反垄断法' });
  });

  it('titles a Markdown text by its top-level heading, not a section or chapter under it', () => {
    const [case_] = splitDocuments({
      sourceFile: '案例/民法典/某海外代购公司诉某商业通讯报社侵犯名誉权案.md',
      format: 'md',
      text: '# 作出人格权保护禁令应将程序审查与实体判断相结合\n\n<!-- INFO END -->\n\n## 某海外代购公司诉某商业通讯报社侵犯名誉权案\n\n## 基本案情\n\n某日，某商业通讯报社刊登一篇指出某海外代购公司所经营的跨境电商平台出现“自营危机”的报道。后该报社以一位在该海外代购公司经营的平台购物的消费者的名义，发布了多篇文章。\n\n## 裁判结果\n\n审理法院认为，人格权保护禁令的作出应当将程序审查与实体判断相结合，遂作出禁令。',
    });
    expect(case_!.title).toBe('作出人格权保护禁令应将程序审查与实体判断相结合');
    const [part] = splitDocuments({
      sourceFile: '民法典/婚姻家庭编.md',
      format: 'md',
      text: '# 中华人民共和国民法典\n\n# 婚姻家庭编\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n<!-- INFO END -->\n\n## 第一章  一般规定\n\n第一千零四十条 本编调整因婚姻家庭产生的民事关系。',
    });
    // (A code's part is cited with the code's name.)
    expect(part!.title).toBe('中华人民共和国民法典 婚姻家庭编');
  });

  it('keeps a law in one document, with its file date, where a chapter opens on a clause announcing a list', () => {
    const documents = splitDocuments({
      sourceFile: '行政法规/计算机软件保护条例(2013-01-30).md',
      format: 'md',
      text: [
        '# 计算机软件保护条例',
        '<!-- INFO END -->',
        '## 第一章 总则',
        '第一条 为了保护计算机软件著作权人的权益，调整计算机软件在开发、传播和使用中发生的利益关系，制定本条例。',
        '## 第二章 软件著作权',
        '第八条 软件著作权人享有下列各项权利：',
        '（一）发表权，即决定软件是否公之于众的权利；',
        '（二）署名权，即表明开发者身份，在软件上署名的权利；',
      ].join('\n\n'),
    });
    expect(documents.map((d) => [d.title, d.date])).toEqual([['计算机软件保护条例', '2013-01-30']]);
  });

  it('keeps a law with appended forms and signature blocks in one document', () => {
    const documents = splitDocuments({
      sourceFile: '司法解释/最高人民法院关于强制执行股权若干问题的规定(2021-12-20).md',
      format: 'md',
      text: [
        '# 最高人民法院关于人民法院强制执行股权若干问题的规定',
        '第一条 本规定所称股权，包括有限责任公司股权、股份有限公司股份。',
        '附件：协助执行通知书（样式）',
        '×××人民法院：',
        '依照本规定第六条，请协助执行下列事项。',
        '（此件公开发布）',
        '中华人民共和国最高人民法院',
        '2021年12月20日',
      ].join('\n\n'),
    });
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ title: '最高人民法院关于人民法院强制执行股权若干问题的规定', type: '规定', date: '2021-12-20' });
  });
});

describe('titles', () => {
  const titles = (format: 'txt' | 'pdf', text: string) => splitDocuments({ sourceFile: `a.${format}`, format, text }).map((d) => d.title);

  it('join the lines a PDF page wrapped a title over, and nothing after a title already whole', () => {
    expect(titles('pdf', '中华人民共和国全国人民代表大会常务委员会议\n事规则\n第一条 为了健全全国人民代表大会常务委员会的议事程序，制定本规则。')).toEqual([
      '中华人民共和国全国人民代表大会常务委员会议事规则',
    ]);
    // (Nor a chapter heading under it, nor, in text a person typed, any line.)
    for (const format of ['pdf', 'txt'] as const) {
      expect(titles(format, '某省公共数据授权运营管理暂行办法实施细则\n第一章 一般规定\n第一条 为了规范公共数据授权运营，制定本细则。')).toEqual(['某省公共数据授权运营管理暂行办法实施细则']);
    }
    expect(titles('pdf', '某省人民政府办公厅 某省财政厅 某省发展和改革委员会\n印发某省支持数据产业发展若干措施的通知\n各市人民政府：\n现将若干措施印发给你们，请认真贯彻执行。')).toEqual([
      '印发某省支持数据产业发展若干措施的通知',
    ]);
  });

  it('name a code\'s part with the code, as printed under its name, not a chapter under a law\'s name', () => {
    const part = '中华人民共和国民法典\n物权编\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n2021年1月1日 施行\n第一分编 通则\n第一章 一般规定\n第二百零五条 本编调整因物的归属和利用产生的民事关系。';
    for (const format of ['pdf', 'txt'] as const) expect(titles(format, part)).toEqual(['中华人民共和国民法典 物权编']);
    expect(titles('txt', '中华人民共和国劳动合同法\n第一章 总则\n第一条 为了完善劳动合同制度，制定本法。')).toEqual(['中华人民共和国劳动合同法']);
  });

  it('are never a statute\'s 题注, but may be a headline naming a year and an act', () => {
    expect(titles('txt', '2014年7月23日 国务院第57次常务会议通过\n2014年8月7日 中华人民共和国国务院令第654号公布\n第一条 为了保障公平竞争，制定本条例。')).not.toContain('2014年8月7日 中华人民共和国国务院令第654号公布');
    expect(titles('txt', '聚焦数字中国建设\n2024年中国数字经济发展报告在京发布\n本报北京3月5日电 记者从会上获悉，报告显示我国数字经济规模持续扩大。')).toEqual([
      '聚焦数字中国建设 2024年中国数字经济发展报告在京发布',
    ]);
  });
});

describe('a statute\'s date', () => {
  const law = [
    '中华人民共和国刑法',
    '1979年7月1日 第五届全国人民代表大会第二次会议通过',
    '1997年3月14日 第八届全国人民代表大会第五次会议修订',
    '2023年12月29日 第十四届全国人民代表大会常务委员会第七次会议通过的《中华人民共和国刑法修正案（十二）》',
    '2024年3月1日 施行',
    '第一编 总则',
    '第一条 为了惩罚犯罪，保护人民，根据宪法，结合我国同犯罪作斗争的具体经验及实际情况，制定本法。',
  ].join('\n');
  const dated = (format: 'txt' | 'pdf' | 'html', date?: string) => splitDocuments({ sourceFile: `刑法.${format}`, format, text: law, ...(date ? { date } : {}) })[0]?.date;

  it('is the last day its 题注 says it was passed or amended, not the day it takes effect, when the file name gives none', () => {
    expect(dated('txt')).toBe('2023-12-29');
  });

  it('beats the day a PDF was made, not a date the page or record states', () => {
    expect(dated('pdf', '2026-12-07')).toBe('2023-12-29');
    expect(dated('html', '2025-01-02')).toBe('2025-01-02');
  });
});

describe('metadata', () => {
  it('normalises 文号 however it is printed', () => {
    expect(normalizeDocumentNumber('工信厅联科函〔2026〕193 号')).toBe('工信厅联科函〔2026〕193号');
    expect(normalizeDocumentNumber('国发[2026]7号')).toBe('国发〔2026〕7号');
    expect(normalizeDocumentNumber('国办发（2026）013号')).toBe('国办发〔2026〕13号');
    expect(normalizeDocumentNumber('没有文号')).toBeUndefined();
  });

  it('parses Arabic and Chinese dates', () => {
    expect(parseDate('2026年4月14日')).toBe('2026-04-14');
    expect(parseDate('二〇二六年五月六日')).toBe('2026-05-06');
    expect(parseDate('4月28日')).toBeUndefined();
  });

  it('finds the 施行日期', () => {
    expect(findEffectiveDate('本条例自2026年1月1日起施行。')).toBe('2026-01-01');
    expect(findEffectiveDate('本办法自印发之日起施行。', '2026-03-20')).toBe('2026-03-20');
    expect(findEffectiveDate('本办法由工业和信息化部负责解释。')).toBeUndefined();
  });

  it('gives every version of a regulation the same version key', () => {
    expect(versionKey('人工智能科技伦理审查与服务办法（试行）')).toBe(versionKey('人工智能科技伦理审查与服务办法'));
    expect(versionKey('推动物联网产业创新发展行动方案（2026—2028年）')).toBe('推动物联网产业创新发展行动方案');
    expect(versionKey('中华人民共和国反垄断法（2022年修正）')).toBe('中华人民共和国反垄断法');
  });

  it('types documents by their title', () => {
    expect(documentType('国务院关于推进服务业扩能提质的意见', false)).toBe('意见');
    expect(documentType('新疆维吾尔自治区涉案财物价格认定条例', false)).toBe('条例');
    expect(documentType('工信部等九部门联合印发《推动物联网产业创新发展行动方案》', false)).toBe('新闻');
    expect(documentType('国务院关于推进服务业扩能提质的意见', true)).toBe('新闻');
  });

  it('reads issuers named before 关于', () => {
    expect(issuersFromTitle('中共中央办公厅 国务院办公厅关于推动行业协会商会深化改革的意见')).toEqual(['中共中央办公厅', '国务院办公厅']);
    expect(issuersFromTitle('两部门关于联合实施2026年“模数共振”行动的通知')).toEqual([]);
  });
});
