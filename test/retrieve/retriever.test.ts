import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { createEmbedder } from '../../src/index/embed/embedder.js';
import { loadIndex } from '../../src/index/store.js';
import { analyzeQuery, EXPANSION_WEIGHT, synonymsIn } from '../../src/retrieve/query.js';
import { lowerReposts, preferCurrentVersions, Retriever } from '../../src/retrieve/retriever.js';
import { openSeedIndex, type SeedIndex } from '../seed-index.js';

let seed: SeedIndex;
beforeAll(async () => {
  seed = await openSeedIndex();
});
afterAll(() => seed.cleanup());

describe('analyzeQuery', () => {
  it('expands abbreviations and Chinese numerals, and reads titles and 文号', () => {
    const query = analyzeQuery('发改委《两重》项目一百多个，依据国发〔2026〕7 号');
    expect(query.expansions).toContain('国家发展改革委');
    expect(query.expansions).toEqual(expect.arrayContaining(['战略', '安全', '能力']));
    expect(query.expansions).toContain('100');
    expect(query.titles).toEqual(['两重']);
    expect(query.documentNumbers).toEqual(['国发〔2026〕7号']);
    expect(analyzeQuery('反垄断法修订前的版本').wantsOlderVersion).toBe(true);
  });

  it('weighs sub-words and synonyms less than the question\'s own words', () => {
    const query = analyzeQuery('发改委支持专精特新中小企业');
    expect(query.tokens).toEqual(expect.arrayContaining(['专精特新中小企业', '专精特新', '中小企业']));
    expect(query.weights.get('专精特新中小企业')).toBeUndefined();
    expect(query.weights.get('支持')).toBeUndefined();
    expect(query.weights.get('中小企业')).toBe(EXPANSION_WEIGHT);
    expect(query.weights.get('国家发展改革委')).toBe(EXPANSION_WEIGHT);
    expect(EXPANSION_WEIGHT).toBeGreaterThan(0);
    expect(EXPANSION_WEIGHT).toBeLessThan(1);
  });

  it('finds every other name of a group', () => {
    expect(synonymsIn('工信部')).toContain('工业和信息化部');
    expect(synonymsIn('工业和信息化部')).toContain('工信部');
  });
});

describe('Retriever', () => {
  it('finds the passage that answers, from BM25 and vectors fused', async () => {
    const [best] = await seed.assistant.retriever.search('应急审查一般在多长时间内完成');
    expect(best!.document.title).toBe('人工智能科技伦理审查与服务办法（试行）');
    expect(best!.chunk.text).toContain('72小时');
    expect(best!.bm25Rank).toBeDefined();
  });

  it('keeps the passages BM25 ranks first even when the vectors rank them low', async () => {
    const question = '报建审批事项太多、跑好几趟，请起草一段答复口径，说明国办文件对同一部门并联审批的报建事项怎么改，并注明文号。';
    const query = analyzeQuery(question);
    const best = await seed.assistant.index.bm25.search([...query.tokens, ...query.expansions], 2);
    const hits = await seed.assistant.retriever.search(question);
    for (const hit of best) expect(hits.map((h) => h.chunk.id)).toContain(seed.assistant.index.chunksByLabel.get(hit.label)!.id);
    expect(hits.some((h) => h.chunk.text.includes('并联审批的报建事项实行合并办理'))).toBe(true);
  });

  it('matches an abbreviation against the full name in the text', async () => {
    const hits = await seed.assistant.retriever.search('发改委两重项目清单');
    expect(hits[0]!.document.title).toContain('两重');
  });

  it('focuses on a document named by 文号 or 《title》', async () => {
    const byNumber = await seed.assistant.retriever.search('工信部联科〔2026〕65号 的主要目标');
    expect(byNumber[0]!.document.documentNumber).toBe('工信部联科〔2026〕65号');
    const byTitle = await seed.assistant.retriever.search('《国务院办公厅关于深化投资审批制度改革的意见》怎么规定招标投标');
    expect(byTitle[0]!.document.title).toBe('国务院办公厅关于深化投资审批制度改革的意见');
  });

  it('knows a policy text named informally, but not another province\'s', () => {
    const named = (question: string) => seed.assistant.retriever.namedDocuments(analyzeQuery(question)).map((d) => d.title);
    expect(named('九部门物联网行动方案要求制修订多少项标准？')).toContain('推动物联网产业创新发展行动方案（2026—2028年）');
    // (The report on it is named with it, as for a title in 《》.)
    expect(named('九部门物联网行动方案要求制修订多少项标准？')).toContain('工信部等九部门联合印发《推动物联网产业创新发展行动方案（2026—2028年）》');
    expect(named('十部门AI伦理审查办法的复核时限')).toContain('人工智能科技伦理审查与服务办法（试行）');
    expect(named('国办投资审批改革意见的文号')).toEqual(['国务院办公厅关于深化投资审批制度改革的意见']);
    expect(named('湖南省的数据科技创新三年行动计划')).toEqual([]);
    // "…的文件" names any kind of text; an issuer, a year or "行动的" alone names none.
    expect(named('国务院办公厅关于深化投资审批制度改革的文件')).toEqual(['国务院办公厅关于深化投资审批制度改革的意见']);
    expect(named('工信部今年参与联合发文的政策文件都有哪几个？')).toEqual([]);
    expect(named('六部门联合开展2025年智能工厂梯度培育行动的通知')).toEqual([]);
    expect(named('湖北省的数据科技创新三年行动计划')).toContain('湖北省加强数据科技创新三年行动计划');
    // An informal name is not a formal one.
    expect(seed.assistant.retriever.namedDocuments(analyzeQuery('物联网行动方案的目标'), { formally: true })).toEqual([]);
  });

  it('applies issuer, type and date filters', async () => {
    const hits = await seed.assistant.retriever.search('人工智能', { filters: { type: '意见', dateFrom: '2026-01-01' } });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      expect(hit.document.type).toBe('意见');
      expect(hit.document.date! >= '2026-01-01').toBe(true);
    }
    const issued = await seed.assistant.retriever.search('数据', { filters: { issuer: '湖北省数据局' } });
    expect(issued.every((hit) => hit.document.issuers.includes('湖北省数据局'))).toBe(true);
  });

  it('prefers the current version of a regulation unless an older one is asked for', async () => {
    const [hit] = await seed.assistant.retriever.search('反垄断法 经营者集中');
    const version = (id: string, date: string) => ({ ...hit!, document: { ...hit!.document, id, date, versionKey: '中华人民共和国反垄断法' }, score: 1 });
    const rank = (question: string) => {
      const hits = [version('law-2007', '2007-08-30'), version('law-2022', '2022-06-24')];
      preferCurrentVersions(hits, analyzeQuery(question));
      return hits.sort((a, b) => b.score - a.score).map((h) => h.document.id);
    };
    expect(rank('反垄断法对经营者集中怎么规定')).toEqual(['law-2022', 'law-2007']);
    expect(rank('2007年版反垄断法对经营者集中怎么规定')).toEqual(['law-2007', 'law-2022']);
    expect(rank('修订前的反垄断法怎么规定')).toEqual(['law-2007', 'law-2022']);
  });

  it('puts first the passage holding most of the question\'s character pairs among the fused ones', async () => {
    const question = 'AI伦理审查走简易程序时，碰到什么情况必须改走一般程序？';
    const { assistant, config } = seed;
    const fusedOnly = new Retriever(assistant.index, assistant.retriever.embedder, { ...config.retrieval, bigramWeight: 0 });
    const holdsAnswer = (text: string) => text.includes('否定性意见');
    expect(holdsAnswer((await fusedOnly.search(question))[0]!.chunk.text)).toBe(false);
    const hits = await assistant.retriever.search(question);
    expect(holdsAnswer(hits[0]!.chunk.text)).toBe(true);
    // Reordered, not filtered: the same passages, scores still in order.
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('lowers reposts of a story ranked above, keeping them in the list', async () => {
    const [hit] = await seed.assistant.retriever.search('反垄断法 经营者集中');
    const passage = (id: string, ordinal: number, score: number, duplicateGroup?: string) => ({
      ...hit!,
      chunk: { ...hit!.chunk, id: `${id}#${ordinal}` },
      document: { ...hit!.document, id, ...(duplicateGroup ? { duplicateGroup } : {}) },
      score,
    });
    const hits = [passage('story', 0, 1), passage('repost', 0, 0.95, 'story'), passage('other', 0, 0.9), passage('story', 1, 0.85), passage('copy', 0, 0.8, 'story')];
    hits[0]!.document.duplicateGroup = 'story';
    hits[3]!.document.duplicateGroup = 'story';
    lowerReposts(hits);
    // The first-ranked document of the group keeps all its passages' scores; the others are lowered, not dropped.
    expect(hits.sort((a, b) => b.score - a.score).map((h) => h.chunk.id)).toEqual(['story#0', 'other#0', 'story#1', 'repost#0', 'copy#0']);
  });
});

describe('filtered search on a corpus larger than the fusion looks at', () => {
  let work: string;
  let retriever: Retriever;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'policy-filter-'));
    const corpusDir = path.join(work, 'corpus');
    mkdirSync(corpusDir);
    // 2,100 reports of 2023 say 充电桩 three times; the one report of 2024 says it once, at length.
    const lines = Array.from({ length: 2100 }, (_, i) => ({ title: `充电桩建设快报第${i}期`, date: '2023-08-01', text: `充电桩建设加快。第${i}个充电桩项目开工，充电桩数量继续增加。` }));
    lines.push({ title: '城市更新进展', date: '2024-03-01', text: `今年城市更新项目包括老旧小区改造、地下管网更新、口袋公园建设和社区食堂，另新建充电桩。${'各区按计划推进城市更新工作。'.repeat(20)}` });
    writeFileSync(path.join(corpusDir, 'reports.jsonl'), lines.map((line) => JSON.stringify(line)).join('\n'));
    // (Without vectors, whatever the environment says: BM25 alone must find the passage.)
    const config = loadConfig({ corpusDir, indexDir: path.join(work, 'index') }, {});
    await buildIndex(config);
    const index = await loadIndex(config.indexDir);
    retriever = new Retriever(index, createEmbedder(config.embedding), config.retrieval);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds the passages a filter allows even when thousands of others rank above them', async () => {
    const unfiltered = await retriever.search('充电桩建设', { limit: 8 });
    expect(unfiltered.every((hit) => hit.document.date === '2023-08-01')).toBe(true);
    const hits = await retriever.search('充电桩建设', { limit: 8, filters: { dateFrom: '2024-01-01' } });
    expect(hits.map((hit) => hit.document.title)).toEqual(['城市更新进展']);
  });
});
