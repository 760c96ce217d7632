import { describe, expect, it } from 'vitest';
import { cleanText, normalizeLine } from '../../src/ingest/clean.js';
import { seedSource, seedSources } from '../seeds.js';

const withoutSpace = (text: string) => text.replace(/\s+/g, '');

/** Page furniture the cleaner is expected to drop from the seeds, and nothing else. */
const furniture = [
  /^SMART CITY/,
  /^目录$/,
  /\t\d+$/,
  /^(呈|发|打字|联系地址|联系电话|联系传真|委员会官网)[:：]/,
  /扫码|微信|订阅|赛迪出版物|官方店|在这里|让我们一起|把握行业脉动/,
  /^智慧城市产业网秘书处 编$/,
  /^二〇二六年五月六日$/,
  /^2026年5月6日$/,
  /^《智慧城市产业网》宣传部$/,
  /^清单\t/,
  /^(□|▶)?\s*\**本报(记者|通讯员)/,
];

describe('cleanText', () => {
  it('keeps every real sentence of every seed', () => {
    for (const source of seedSources()) {
      const cleaned = withoutSpace(cleanText(source.text).map((b) => b.text).join(''));
      const lines = source.text.split('\n').map((l) => l.trim()).filter(Boolean);
      for (const line of lines) {
        if (furniture.some((pattern) => pattern.test(line))) continue;
        const plain = normalizeLine(line).text;
        for (const sentence of plain.split(/(?<=[。！？])/)) {
          const fragment = withoutSpace(sentence);
          if (fragment.length < 6) continue;
          expect(cleaned.includes(fragment), `${source.sourceFile}: lost "${fragment}"`).toBe(true);
        }
      }
    }
  });

  it('re-joins a word broken across lines', () => {
    const text = cleanText(seedSource('000').text).map((b) => b.text).join('\n');
    expect(text).toContain('办理建议的核心目标在于成果转化。工业和信息化部高质量完成相关建议办理答复');
  });

  it('joins a sentence interrupted by a photo caption and keeps the caption apart', () => {
    const blocks = cleanText(seedSource('002').text);
    const joined = blocks.find((b) => b.text.startsWith('“推动人工智能与制造业深'));
    expect(joined?.text).toContain('深度融合，是发展新质生产力的核心路径');
    expect(blocks.find((b) => b.text === '新华社记者 刘颖/摄')?.role).toBe('caption');
  });

  it('drops paragraphs printed twice', () => {
    const text = cleanText(seedSource('001').text).map((b) => b.text).join('\n');
    const repeated = '强调“做优产品供给”，这意味着企业必须从“样机能力”';
    expect(text.split(repeated).length - 1).toBe(1);
  });

  it('drops page furniture: separators, table of contents, blurbs, colophon', () => {
    const blocks = cleanText(seedSource('003').text);
    const text = blocks.map((b) => b.text).join('\n');
    expect(blocks.filter((b) => b.role === 'separator').length).toBeGreaterThanOrEqual(9);
    expect(text).not.toMatch(/联系电话|打字：|^目录$/m);
    expect(text).not.toMatch(/意见\t?6$/m);
    const blurb = cleanText(seedSource('004').text).map((b) => b.text).join('\n');
    expect(blurb).not.toMatch(/扫码关注|微信公众号|赛迪出版物/);
  });

  it('marks bylines and sign-offs', () => {
    const blocks = cleanText(seedSource('000').text);
    expect(blocks.filter((b) => b.role === 'byline').map((b) => b.text)).toContain('□ 本报记者 朱宁宁');
    const signoffs = cleanText(seedSource('001').text).filter((b) => b.role === 'signoff');
    expect(signoffs.map((b) => b.text)).toContain('（耀文）');
  });

  it('normalises spacing and punctuation from PDF extraction', () => {
    expect(normalizeLine('工信厅联科函〔2026〕193 号').text).toBe('工信厅联科函〔2026〕193号');
    expect(normalizeLine('数据\u0000要素').text).toBe('数据要素');
    expect(normalizeLine('到 2030 年,6G 将').text).toBe('到2030年，6G 将');
    expect(normalizeLine('## 标题').markdownLevel).toBe(2);
  });
});
