/**
 * Users' own files, as they come: a 红头文件 printed to PDF, and a government-portal page saved
 * as HTML. Each goes through the loader and the splitter, as ingest runs them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromiumAvailable, launchChromium } from '../chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../src/ingest/loaders.js';
import { splitDocuments } from '../../src/ingest/split.js';
import type { PolicyDocument } from '../../src/types.js';


let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'policy-qa-user-documents-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function ingest(name: string, content: string | Uint8Array): Promise<PolicyDocument[]> {
  await writeFile(path.join(dir, name), content);
  const { texts, problems } = await loadFile(dir, name);
  expect(problems).toEqual([]);
  return texts.flatMap(splitDocuments);
}

const measuresTitle = '某市公共数据授权运营管理办法';

/** The attached measures, as both fixtures print them under the notice. */
const articles = [
  '第一条 为规范本市公共数据授权运营活动，保障数据安全，促进公共数据有序开发利用，根据《中华人民共和国数据安全法》等法律法规，结合本市实际，制定本办法。',
  '第二条 本市行政区域内公共数据授权运营及其监督管理活动，适用本办法。授权运营单位应当在授权范围内依法合规开展数据加工处理活动，不得超出授权范围使用公共数据，不得向第三方提供原始公共数据，并应当建立健全数据安全管理制度。',
  '第三条 市数据局负责统筹全市公共数据授权运营管理工作，市发展改革委负责数据产品和服务价格的指导工作。各区数据主管部门负责本区公共数据授权运营的组织实施工作，并对授权运营单位的运营活动进行日常监督检查。',
  '第四条 授权运营单位应当每年向市数据局报送运营情况报告，内容包括数据使用情况、数据产品和服务开发情况、安全管理情况等。市数据局应当会同有关部门对授权运营情况进行评估，评估结果作为续约的重要依据。',
  '第五条 本办法自2026年4月1日起施行，有效期五年。',
];

const noticeBody = [
  '为规范公共数据授权运营，促进数据要素合规高效流通，释放公共数据价值，根据国家和省有关规定，结合本市实际，我们制定了《某市公共数据授权运营管理办法》，现印发给你们，请结合实际认真贯彻执行。各单位在执行中遇到的问题，请及时向市发展改革委和市数据局反映。',
  '各单位要按照本办法要求，抓紧梳理本单位可授权运营的公共数据资源，建立公共数据资源目录，明确数据共享开放属性和授权运营条件，于2026年6月30日前报送市数据局，并同步抄送所在区数据主管部门。市数据局将会同市发展改革委对各单位报送的目录进行审核，形成全市公共数据授权运营目录并动态更新。',
  '各区、各部门要高度重视公共数据授权运营工作，明确责任分工，加强统筹协调，确保各项工作任务落到实处，切实保障数据安全和个人信息权益，推动公共数据资源开发利用取得实效，为数字经济高质量发展提供有力支撑，以公共数据开发利用带动社会数据融合应用，形成可复制可推广的经验做法。',
];

/**
 * A 红头文件 as a Word template lays it out: red 版头, 文号, the title wrapped after its issuers,
 * addressee, body, two signatures and the date, then the attached measures on a new page.
 */
const redHeaderHtml = `<!doctype html><html><head><meta charset="utf-8">
<title>关于印发《某市公共数据授权运营管理办法》的通知</title>
<style>
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  body { font-family: serif; font-size: 16pt; line-height: 28pt; margin: 0; }
  .masthead { color: #c00; text-align: center; font-size: 40pt; line-height: 52pt; }
  .number { text-align: center; }
  .rule { border-top: 2px solid #c00; margin: 8pt 0 24pt; }
  h1 { text-align: center; font-size: 22pt; line-height: 34pt; font-weight: normal; margin: 0 0 24pt; }
  p { text-indent: 2em; margin: 0; text-align: justify; }
  .flush { text-indent: 0; }
  .signature { text-align: right; }
  .attachment { break-before: page; }
</style></head><body>
<div class="masthead">某市发展和改革委员会文件</div>
<div class="number">某发改发〔2026〕12号</div>
<div class="rule"></div>
<h1>某市发展和改革委员会 某市数据局<br>关于印发《${measuresTitle}》的通知</h1>
<p class="flush">各区发展改革委、数据局，市有关单位：</p>
${noticeBody.map((p) => `<p>${p}</p>`).join('\n')}
<p class="signature">某市发展和改革委员会</p>
<p class="signature">某市数据局</p>
<p class="signature">2026年3月5日</p>
<p class="flush">（此件公开发布）</p>
<p class="flush attachment">附件</p>
<h1>${measuresTitle}</h1>
<p class="flush" style="text-align: center">第一章 总则</p>
${articles.map((p) => `<p>${p}</p>`).join('\n')}
</body></html>`;

/** Prints HTML to PDF as a browser does, with 公文 page numbers ("— 1 —") in the footer, and a running header if given. */
async function printToPdf(html: string, runningHeader?: string): Promise<Uint8Array> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(html);
    return await page.pdf({
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: runningHeader ? `<div style="font-size: 9pt; width: 100%; text-align: center">${runningHeader}</div>` : '<span></span>',
      footerTemplate: '<div style="font-size: 12pt; width: 100%; text-align: center">— <span class="pageNumber"></span> —</div>',
    });
  } finally {
    await browser.close();
  }
}

describe.skipIf(!chromiumAvailable)('a 红头文件 printed to PDF', () => {
  let documents: PolicyDocument[];

  beforeAll(async () => {
    documents = await ingest('notice.pdf', await printToPdf(redHeaderHtml));
  }, 60_000);

  it('is the notice and, split out, the measures it issues', () => {
    expect(documents.map((d) => d.title)).toEqual([
      `某市发展和改革委员会 某市数据局关于印发《${measuresTitle}》的通知`,
      measuresTitle,
    ]);
    expect(documents.map((d) => d.type)).toEqual(['通知', '办法']);
  });

  it('reads the notice\'s 文号, issuers and date from its head and signature', () => {
    expect(documents[0]).toMatchObject({
      documentNumber: '某发改发〔2026〕12号',
      issuers: ['某市发展和改革委员会', '某市数据局'],
      date: '2026-03-05',
    });
  });

  it('gives the measures the notice\'s 文号, issuers and date', () => {
    expect(documents[1]).toMatchObject({
      documentNumber: '某发改发〔2026〕12号',
      issuers: ['某市发展和改革委员会', '某市数据局'],
      date: '2026-03-05',
      effectiveDate: '2026-04-01',
    });
  });

  it('re-joins lines the page wrapped, page breaks included, and drops page numbers', () => {
    const text = documents.map((d) => d.text).join('\n');
    for (const paragraph of [...noticeBody, ...articles]) expect(text.split('\n')).toContain(paragraph);
    expect(text).not.toMatch(/—\s*\d+\s*—/);
  });

  it('keeps the 附件 label with the measures, not at the end of the notice', () => {
    expect(documents[0]!.text.endsWith('（此件公开发布）')).toBe(true);
    expect(documents[1]!.text.startsWith(`附件\n${measuresTitle}\n第一章 总则`)).toBe(true);
  });
});

describe.skipIf(!chromiumAvailable)('a statute printed to PDF with its title over every page', () => {
  // (Enough distinct rules for two pages: a wrapped line that recurs at page edges would read as a header.)
  const matters = ['合同效力', '违约责任', '损害赔偿', '诉讼时效', '管辖法院', '证据保全', '财产保全', '先予执行', '调解协议', '鉴定意见', '举证期限', '二审程序', '再审申请', '执行异议', '送达方式', '期间计算'];
  const rules = matters.map((matter, i) => `第${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'][i]}条 当事人就${matter}发生争议的，人民法院应当依法审查${matter}的事实与理由，听取各方意见，并在${i + 10}日内就${matter}作出裁定或者决定。`);
  const statute = (title: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>@page { size: A4; margin: 30mm 26mm } body { font-family: serif; font-size: 15pt; line-height: 26pt }
h1 { text-align: center; font-size: 22pt; line-height: 32pt; font-weight: normal } p { text-indent: 2em; margin: 0 }</style></head>
<body><h1>${title}</h1><p>2024年1月2日 第十四届全国人民代表大会常务委员会第七次会议通过</p><p>2024年1月5日 中华人民共和国主席令第十号公布</p>
${rules.map((r) => `<p>${r}</p>`).join('\n')}</body></html>`;
  // (The header repeats the title on the first page too, where the title itself is printed.)
  const printed = async (title: string) => ingest(`${title}.pdf`, await printToPdf(statute(title), title));

  it('is titled by its title, not by the header that repeats it nor by its 题注', async () => {
    const documents = await printed('某市公共数据授权运营管理条例');
    expect(documents.map((d) => d.title)).toEqual(['某市公共数据授权运营管理条例']);
    const lines = documents[0]!.text.split('\n');
    for (const rule of rules) expect(lines).toContain(rule);
    expect(lines.filter((line) => line === '某市公共数据授权运营管理条例')).toHaveLength(1);
  }, 60_000);

  it('takes the title the file states when the text prints only its 题注', async () => {
    const html = statute('某市公共数据授权运营管理条例').replace(/<h1>.*<\/h1>/, '');
    const [document] = await ingest('untitled.pdf', await printToPdf(html));
    expect(document?.title).toBe('某市公共数据授权运营管理条例');
  }, 60_000);

  it('joins a title the page wrapped, though its first line has no 关于', async () => {
    const documents = await printed('中华人民共和国全国人民代表大会常务委员会议事规则');
    expect(documents.map((d) => d.title)).toEqual(['中华人民共和国全国人民代表大会常务委员会议事规则']);
  }, 60_000);
});

describe.skipIf(!chromiumAvailable)('PDF metadata', () => {
  it('stands in for a title and date the text does not state', async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>数据要素工作简报</title></head>
      <body><p>本期简报汇总各区推进公共数据授权运营的做法，供各单位交流参考。</p></body></html>`;
    const [document] = await ingest('brief.pdf', await printToPdf(html));
    expect(document?.title).toBe('数据要素工作简报');
    expect(document?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }, 60_000);
});

/**
 * A government-portal page: menus, a breadcrumb, the 信息公开 table, the document (its 文号 printed
 * again in the body), print/close and share links inside the article box, related links, the footer.
 */
function portalPage({ meta = true, numberInBody = true } = {}): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<title>关于印发《${measuresTitle}》的通知_某市人民政府门户网站</title>
${meta ? `<meta name="SiteName" content="某市人民政府门户网站">\n<meta name="ArticleTitle" content="关于印发《${measuresTitle}》的通知">` : ''}
</head><body>
<div class="top-bar"><a href="/">无障碍浏览</a> <a href="/">长者模式</a></div>
<div class="menu"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="main">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/szfwj/">市政府文件</a></div>
  <div class="xxgk"><table>
    <tr><td>索引号：</td><td>11440300MB2C92050A/2026-00123</td><td>主题分类：</td><td>科技、教育</td></tr>
    <tr><td>发文机关：</td><td>某市人民政府办公室</td><td>成文日期：</td><td>2026年3月5日</td></tr>
    <tr><td>标　　题：</td><td colspan="3">关于印发《${measuresTitle}》的通知</td></tr>
    <tr><td>发文字号：</td><td>某府办〔2026〕12号</td><td>发布日期：</td><td>2026年3月8日</td></tr>
  </table></div>
  <div class="article">
    <h1>关于印发《${measuresTitle}》的通知</h1>
    <div class="info"><span>发布时间：2026-03-08 10:30</span> <span>来源：某市人民政府办公室</span></div>
    <div class="content" id="zoom">
      ${numberInBody ? '<p style="text-align: center">某府办〔2026〕12号</p>' : ''}
      <p>各区人民政府，市政府各部门、各直属机构：</p>
      <p>　　《${measuresTitle}》已经市政府同意，现印发给你们，请认真组织实施。实施中遇到的问题，请径向市数据局反映。</p>
      <p style="text-align: right">某市人民政府办公室</p>
      <p style="text-align: right">2026年3月5日</p>
      <p>（此件公开发布）</p>
      <p style="text-align: center"><strong>${measuresTitle}</strong></p>
      <p style="text-align: center">第一章　总则</p>
      ${articles.map((p) => `<p>　　${p}</p>`).join('\n      ')}
      <div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a>
        <div class="share">分享到：<a href="#" class="weibo">微博</a> <a href="#" class="wechat">微信</a></div></div>
      <div class="related"><h3>相关链接</h3><ul>
        <li><a href="/a1.html">某市人民政府关于加快数字政府建设的实施意见</a></li>
        <li><a href="/a2.html">《${measuresTitle}》政策解读</a></li></ul></div>
    </div>
  </div>
</div>
<div class="footer"><a href="/">网站地图</a> | <a href="/">联系我们</a>
  <p>主办：某市人民政府办公室　网站标识码：4403000001　<a href="https://beian.miit.gov.cn">粤ICP备05001234号</a></p></div>
</body></html>`;
}

describe('a government-portal page', () => {
  let documents: PolicyDocument[];

  beforeAll(async () => {
    documents = await ingest('portal.html', portalPage());
  });

  it('is the notice and, split out, the measures it issues', () => {
    expect(documents.map((d) => [d.title, d.type])).toEqual([
      [`关于印发《${measuresTitle}》的通知`, '通知'],
      [measuresTitle, '办法'],
    ]);
  });

  it('reads 文号, issuers and date, and the measures inherit them', () => {
    for (const document of documents) {
      expect(document).toMatchObject({ documentNumber: '某府办〔2026〕12号', issuers: ['某市人民政府办公室'], date: '2026-03-05' });
    }
  });

  it('indexes the document, not the menus, breadcrumb, 信息公开 table, links or footer', () => {
    const text = documents.map((d) => d.text).join('\n');
    expect(text).toContain('第三条 市数据局负责统筹全市公共数据授权运营管理工作');
    for (const chrome of ['首页', '政务公开', '当前位置', '索引号', '发文字号', '打印', '关闭窗口', '分享', '相关链接', '政策解读', '网站地图', 'ICP', '网站标识码']) {
      expect(text, chrome).not.toContain(chrome);
    }
  });

  it('takes 文号 and issuers from the 信息公开 table when the body does not print them', async () => {
    const [notice] = await ingest('table-only.html', portalPage({ numberInBody: false }));
    expect(notice).toMatchObject({ documentNumber: '某府办〔2026〕12号', issuers: ['某市人民政府办公室'] });
  });

  it('takes the title from <h1> or <title> without the site name when no <meta name="ArticleTitle"> is given', async () => {
    await writeFile(path.join(dir, 'no-meta.html'), portalPage({ meta: false }).replace(/<tr><td>标　　题.*<\/tr>/, ''));
    const { texts } = await loadFile(dir, 'no-meta.html');
    expect(texts[0]?.title).toBe(`关于印发《${measuresTitle}》的通知`);
    const withoutHeading = portalPage({ meta: false }).replace(/<tr><td>标　　题.*<\/tr>/, '').replace(/<h1>.*<\/h1>/, '');
    await writeFile(path.join(dir, 'no-h1.html'), withoutHeading);
    expect((await loadFile(dir, 'no-h1.html')).texts[0]?.title).toBe(`关于印发《${measuresTitle}》的通知`);
  });
});
