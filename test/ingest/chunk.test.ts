import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { chunkDocument, sentenceSpans, WHOLE_DOCUMENT_CHARS } from '../../src/ingest/chunk.js';
import { splitDocuments } from '../../src/ingest/split.js';
import type { PolicyDocument } from '../../src/types.js';
import { seedSources } from '../seeds.js';

const documents: PolicyDocument[] = seedSources().flatMap((source) => splitDocuments(source));
const measures = documents.find((d) => d.title === '人工智能科技伦理审查与服务办法（试行）')!;
const opinion = documents.find((d) => d.title === '国务院关于推进服务业扩能提质的意见')!;

describe('chunkDocument', () => {
  it('cuts a regulation along chapter, section and article, with the heading path', () => {
    const chunks = chunkDocument(measures, defaultConfig.chunking);
    const article14 = chunks.find((c) => c.text.includes('第十四条'))!;
    expect(article14.headingPath).toEqual([
      '《人工智能科技伦理审查与服务办法（试行）》',
      '第四章 工作程序',
      '第二节 一般程序与简易程序',
      '第十四条',
    ]);
    // Each article starts its own chunk.
    const articleStarts = chunks.filter((c) => /^(?:第[一二三四五六七八九十]+[章节] .*\n)*第[一二三四五六七八九十]+条/.test(c.text));
    expect(articleStarts.length).toBe(37);
  });

  it('heads an article numbered past a thousand, as the civil code\'s are', () => {
    const text = '第五编 婚姻家庭\n第二章 结婚\n第一千零四十七条 结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。\n第一千零四十八条 直系血亲或者三代以内的旁系血亲禁止结婚。';
    const code: PolicyDocument = { id: 'c', title: '中华人民共和国民法典', sourceFile: 'c.md', text, issuers: [], type: '法律', versionKey: 'c' };
    const marriageAge = chunkDocument(code, { ...defaultConfig.chunking, maxChars: 60 }).find((c) => c.text.includes('结婚年龄'))!;
    expect(marriageAge.headingPath.at(-1)).toBe('第一千零四十七条');
  });

  it('reads a news subheading printed on two lines as one heading', () => {
    const chengdu = documents.find((d) => d.text.includes('首创规范立法全流程'))!;
    const chunks = chunkDocument(chengdu, defaultConfig.chunking);
    const standard = chunks.find((c) => c.text.includes('五大维度制定38项具体指标'))!;
    expect(standard.headingPath.slice(1)).toEqual(['标准引领提质量 首创规范立法全流程']);
    // The first line is not left behind as body text of the section before.
    expect(chunks.some((c) => c.text.includes('标准引领提质量') && c !== standard && !c.headingPath.includes('标准引领提质量 首创规范立法全流程'))).toBe(false);
  });

  it('uses 一、 and （一） headings in opinions', () => {
    const chunks = chunkDocument(opinion, defaultConfig.chunking);
    const logistics = chunks.find((c) => c.text.includes('货物运输。完善多式联运体系'))!;
    expect(logistics.headingPath).toEqual([
      '《国务院关于推进服务业扩能提质的意见》',
      '二、全链条补强生产性服务业薄弱环节',
      '（二）增强现代物流综合竞争力',
    ]);
  });

  it('keeps an article’s items numbered 一、 in the article, not as headings over the next one', () => {
    // As the 1980 国籍法 prints them: each item a clause ending in ；or 。.
    const text = [
      '中华人民共和国国籍法',
      '第七条 外国人或无国籍人，愿意遵守中国宪法和法律，并具有下列条件之一的，可以经申请批准加入中国国籍：',
      '一、中国人的近亲属；',
      '二、定居在中国的；',
      '三、有其它正当理由。',
      '第八条 申请加入中国国籍获得批准的，即取得中国国籍；被批准加入中国国籍的，不得再保留外国国籍。',
    ].join('\n');
    const law: PolicyDocument = { ...measures, id: 'nationality', title: '中华人民共和国国籍法', text };
    const chunks = chunkDocument(law, defaultConfig.chunking);
    const article7 = chunks.find((c) => c.text.includes('第七条'))!;
    expect(article7.text).toContain('二、定居在中国的；');
    expect(chunks.find((c) => c.text.includes('第八条'))!.headingPath).toEqual(['《中华人民共和国国籍法》', '第八条']);
  });

  it('puts a news quote under its speaker and the quote\'s own subheading', () => {
    const report = documents.find((d) => d.text.includes('优必选创始人、董事会主席兼CEO周剑：'))!;
    const quote = chunkDocument(report, defaultConfig.chunking).find((c) => c.text.includes('确保2026年实现万台级产能'))!;
    expect(quote.headingPath.slice(-2)).toEqual(['优必选创始人、董事会主席兼CEO周剑', '确保2026年实现人形机器人万台级产能']);
  });

  it('records offsets into the document text, covers all of it, and never cuts a sentence', () => {
    for (const document of documents) {
      const chunks = chunkDocument(document, defaultConfig.chunking);
      expect(chunks.length).toBeGreaterThan(0);
      let covered = 0;
      for (const chunk of chunks) {
        expect(chunk.text).toBe(document.text.slice(chunk.start, chunk.end));
        expect(chunk.start).toBeGreaterThanOrEqual(covered);
        // Only paragraph breaks lie between consecutive chunks.
        expect(document.text.slice(covered, chunk.start).trim()).toBe('');
        covered = chunk.end;
        const next = document.text[chunk.end];
        expect(next === undefined || next === '\n' || /[。！？；”）]$/.test(chunk.text), `${chunk.id} ends mid-sentence`).toBe(true);
      }
      expect(document.text.slice(covered).trim()).toBe('');
    }
  });

  it('keeps chunks small enough for a precise citation', () => {
    const chunks = documents.flatMap((d) => chunkDocument(d, defaultConfig.chunking));
    const sorted = chunks.map((c) => c.text.length).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeLessThanOrEqual(defaultConfig.chunking.maxChars);
    // Only a whole short document without headings may be longer.
    const long = chunks.filter((c) => c.text.length > defaultConfig.chunking.maxChars * 1.5);
    for (const chunk of long) {
      expect(chunk.headingPath).toHaveLength(1);
      expect(chunk.text.length).toBeLessThanOrEqual(WHOLE_DOCUMENT_CHARS);
    }
  });

  it('keeps a short document without headings whole, and cuts a longer one', () => {
    const sentence = '记者从市发展改革委获悉，今年上半年全市新增市场主体三万余户，同比增长百分之十二。';
    const story = (n: number): PolicyDocument => ({ ...opinion, id: `story${n}`, title: '全市新增市场主体', type: '新闻', text: sentence.repeat(n) });
    const short = chunkDocument(story(20), defaultConfig.chunking);
    expect(short).toHaveLength(1);
    expect(short[0]).toMatchObject({ start: 0, end: sentence.length * 20, headingPath: ['《全市新增市场主体》'] });
    expect(chunkDocument(story(40), defaultConfig.chunking).length).toBeGreaterThan(1);
  });

  it('honours a smaller maximum size without cutting sentences', () => {
    const chunks = chunkDocument(opinion, { maxChars: 120, minChars: 20 });
    expect(chunks.length).toBeGreaterThan(chunkDocument(opinion, defaultConfig.chunking).length);
    for (const chunk of chunks) expect(chunk.text).toBe(opinion.text.slice(chunk.start, chunk.end));
  });
});

describe('sentenceSpans', () => {
  it('ends sentences after 。！？； and a closing quote', () => {
    const text = '他说：“很好。”然后离开；第二句！';
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['他说：“很好。”', '然后离开；', '第二句！']);
  });
});
