import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeText, segment, tokenize, tokenizeEach, tokenizeMarked, visitTokens } from '../../src/text/tokenize.js';
import { seedSources } from '../seeds.js';

// Sentences below are quoted from the seed corpus (corpus/*.txt) unless marked otherwise.

describe('normalizeText', () => {
  it('maps full-width ASCII to half-width and lowercases Latin', () => {
    expect(normalizeText('３０％　ＡＩ（试行）')).toBe('30% ai(试行)');
  });

  it('collapses whitespace and removes spaces at digit/Han boundaries', () => {
    expect(normalizeText('下达 2026 年第二批\n\n共 2168 亿元')).toBe('下达2026年第二批 共2168亿元');
    expect(normalizeText('工信厅联科函〔2026〕193 号')).toBe('工信厅联科函〔2026〕193号');
  });

  it('canonicalises 文号 brackets to 〔〕', () => {
    expect(normalizeText('国发[2026]7号')).toBe('国发〔2026〕7号');
    expect(normalizeText('国发（2026）7号')).toBe('国发〔2026〕7号');
    expect(normalizeText('国发【2026】7号')).toBe('国发〔2026〕7号');
    expect(normalizeText('国发 〔2026〕 7 号')).toBe('国发〔2026〕7号');
  });
});

describe('protected spans', () => {
  it('keeps 文号 whole, including the spaced form in the seed text', () => {
    expect(tokenize('工信厅联科函〔2026〕193 号')).toContain('工信厅联科函〔2026〕193号');
    expect(segment('国务院关于推进服务业扩能提质的意见\n\n国发〔2026〕7号')).toContain('国发〔2026〕7号');
    expect(tokenize('国办发〔2026〕13号')).toContain('国办发〔2026〕13号');
    expect(tokenize('国发[2026]7号')).toContain('国发〔2026〕7号');
  });

  it('does not glue a lead-in word onto a 文号, and emits its parts for search', () => {
    // Not from the seeds: a 文号 cited inline.
    const tokens = tokenize('根据国发〔2026〕7号文件');
    expect(tokens).toContain('国发〔2026〕7号');
    expect(tokens).not.toContain('根据国发〔2026〕7号');
    expect(tokens).toEqual(expect.arrayContaining(['国发', '〔2026〕7号', '7号']));
  });

  it('finds every 文号 of the policy briefing', () => {
    const briefing = readFileSync(new URL('../../corpus/003_99cf775f10c83dd8.txt', import.meta.url), 'utf8');
    const docNos = new Set(segment(briefing).filter((t) => t.includes('〔')));
    expect(docNos).toEqual(
      new Set([
        '国发〔2026〕7号',
        '国办发〔2026〕13号',
        '工信厅联科函〔2026〕193号',
        '工信部联科〔2026〕65号',
        '工信部联科〔2026〕75号',
      ]),
    );
  });

  it('keeps numbers with magnitude, qualifier and unit whole', () => {
    const tokens = segment('共安排超长期特别国债资金 2168 亿元支持 336 个重大项目');
    expect(tokens).toEqual(expect.arrayContaining(['2168亿元', '336个']));
    expect(segment('已累计建成3.5万余家基础级，7000余家先进级、500余家卓越级')).toEqual(
      expect.arrayContaining(['3.5万余家', '基础级', '7000余家', '先进级', '500余家', '卓越级']),
    );
    expect(segment('中国人工智能核心产业规模超过1.2万亿元')).toContain('1.2万亿元');
    expect(segment('100 多个真实场景在这里同步训练')).toContain('100多个');
    expect(segment('近3年来发生蹭蹭事故10余起')).toContain('10余起');
  });

  it('treats percent signs alike in either width', () => {
    expect(tokenize('人工智能技术应用普及率超30%')).toContain('30%');
    expect(tokenize('人工智能技术应用普及率超30％')).toContain('30%');
  });

  it('splits a count from the noun after its measure word', () => {
    const tokens = segment('实现41个工业大类、207个工业中类');
    expect(tokens).toEqual(expect.arrayContaining(['41个', '工业', '大类', '207个']));
  });

  it('also emits the bare value of a number so 2168亿 meets 2168亿元', () => {
    expect(tokenize('2168亿元')).toEqual(['2168亿元', '2168亿']);
    expect(tokenize('3.5万余家')).toEqual(['3.5万余家', '3.5万']);
    expect(tokenize('2168亿')).toEqual(['2168亿']);
  });

  it('keeps dates whole and adds their partial forms for search', () => {
    expect(segment('国务院\n\n2026年4月14日')).toContain('2026年4月14日');
    expect(segment('中共中央政治局 4 月 28 日召开会议')).toContain('4月28日');
    expect(segment('于2026年5月30日前函送')).toContain('2026年5月30日');
    expect(tokenize('2026年4月14日')).toEqual(['2026年4月14日', '2026年', '2026年4月', '4月14日', '4月']);
  });

  it('keeps clause references whole and adds their Arabic form', () => {
    expect(segment('第十四条 人工智能科技伦理审查会议由委员会主任委员主持')).toContain('第十四条');
    expect(segment('第四章 工作程序')).toContain('第四章');
    expect(tokenize('第十四条')).toEqual(['第十四条', '第14条']);
    expect(tokenize('第一百零五条')).toContain('第105条');
  });

  it('keeps Latin words and acronyms whole, lowercased', () => {
    const tokens = segment('我国已有300多个城市实现5G-A覆盖');
    expect(tokens).toEqual(expect.arrayContaining(['300多个', '5g-a', '覆盖']));
    expect(segment('AI算法实时分析扭矩等10多项关键参数')).toEqual(
      expect.arrayContaining(['ai', '算法', '10多项']),
    );
  });
});

describe('domain vocabulary', () => {
  it('keeps policy terms whole', () => {
    const text =
      '打造更多专精特新“小巨人”企业。联合开展2026年“模数共振”行动。全面实施“人工智能+”行动，' +
      '加速转化为新质生产力。卓越级智能工厂。第二批“两重”建设项目。';
    expect(segment(text)).toEqual(
      expect.arrayContaining(['专精特新', '小巨人', '模数共振', '人工智能+', '新质生产力', '卓越级', '智能工厂', '两重']),
    );
  });

  it('keeps 人工智能+ before a following word, and also indexes 人工智能', () => {
    expect(segment('“人工智能+制造”是一道必答题')).toEqual(expect.arrayContaining(['人工智能+', '制造']));
    expect(tokenize('“人工智能+制造”')).toEqual(expect.arrayContaining(['人工智能+', '人工智能', '制造']));
  });

  it('adds dictionary sub-words of long words for search but not for segment', () => {
    expect(segment('培育壮大专精特新中小企业')).toContain('专精特新中小企业');
    expect(tokenize('培育壮大专精特新中小企业')).toEqual(
      expect.arrayContaining(['专精特新中小企业', '专精特新', '中小企业', '企业']),
    );
    expect(segment('培育壮大专精特新中小企业')).not.toContain('专精特新');
  });
});

describe('stop words and punctuation', () => {
  it('are dropped by tokenize and kept by segment', () => {
    const sentence = '工业和信息化部将代表建议与产业发展实际紧密结合';
    expect(segment(sentence)).toEqual(expect.arrayContaining(['将', '与']));
    const tokens = tokenize(sentence);
    expect(tokens).not.toContain('将');
    expect(tokens).not.toContain('与');
    expect(tokens).toEqual(expect.arrayContaining(['工业和信息化部', '代表', '建议', '产业']));
  });

  it('drops question words and punctuation, keeping domain words like 支持 and 企业', () => {
    const tokens = tokenize('请问，哪些企业可以获得支持？需要什么条件？');
    for (const stop of ['请问', '哪些', '可以', '什么', '，', '?', '？']) expect(tokens).not.toContain(stop);
    expect(tokens).toEqual(expect.arrayContaining(['企业', '支持', '条件']));
  });

  it('drops a directional complement after its verb, which texts of rules seldom print ("合并起来")', () => {
    const tokens = tokenize('行政拘留合并起来最长能关多少天');
    expect(tokens).not.toContain('起来');
    expect(tokens).toEqual(expect.arrayContaining(['行政拘留', '合并']));
  });

  it('returns no tokens for empty or blank input', () => {
    expect(tokenize('')).toEqual([]);
    expect(segment('')).toEqual([]);
    expect(tokenize(' \n\t　')).toEqual([]);
    expect(tokenize('的了吗？')).toEqual([]);
  });
});

describe('queries meet the seed phrasing', () => {
  it('工信部 query matches 工业和信息化部 text', () => {
    const query = tokenize('工信部联合印发了哪些文件');
    expect(query).toContain('工信部');
    expect(query).not.toContain('哪些');
    const doc = tokenize('近日，工业和信息化部等十部门联合印发《人工智能科技伦理审查与服务办法（试行）》');
    expect(query.filter((t) => doc.includes(t))).toEqual(expect.arrayContaining(['工业和信息化部', '联合', '印发']));
  });

  it('伦理审查 query shares its key tokens with the 办法 title', () => {
    const query = tokenize('人工智能科技伦理审查');
    expect(query.includes('伦理审查') || query.includes('科技伦理')).toBe(true);
    const doc = tokenize('通过制定人工智能科技伦理审查规则，提升人工智能伦理治理能力');
    expect(query.filter((t) => doc.includes(t))).toEqual(
      expect.arrayContaining(['人工智能', '科技伦理', '伦理审查']),
    );
  });

  it('a number typed without its unit still matches', () => {
    const doc = tokenize('共安排超长期特别国债资金 2168 亿元支持 336 个重大项目');
    expect(doc).toEqual(expect.arrayContaining(tokenize('2168亿')));
    expect(doc).toEqual(expect.arrayContaining(tokenize('超长期特别国债')));
  });
});

describe('question words', () => {
  it('leave no search tokens, not even their pieces: 哪一天 is not 一天, 什么时候 not 时候', () => {
    expect(tokenize('广州市荔湾区门户网站英文版是在哪一天上线的？')).not.toContain('一天');
    expect(tokenize('学位法什么时候开始施行，多长时间过渡')).toEqual(expect.not.arrayContaining(['时候', '什么时候', '多长', '多长时间']));
    expect(tokenize('试用期不超过一年')).toContain('一年');
  });
});

describe('visitTokens', () => {
  // Paragraphs of the seed corpus: numbers, dates, 文号 and Latin words between the Chinese.
  const paragraphs = seedSources().flatMap((source) => source.text.split(/\n\s*\n/)).filter((p) => p.trim() !== '');

  it('hands over exactly the tokens of tokenize, in order', () => {
    for (const paragraph of paragraphs) {
      const visited: string[] = [];
      visitTokens(paragraph, (tokens) => visited.push(...tokens));
      expect(visited).toEqual(tokenize(paragraph));
    }
  });

  it('visits one list per word of segment (cut a piece at a time), headed by that word when not dropped', () => {
    // tokenize cuts all the text between protected spans in one jieba call; segment one call per piece.
    let pieces = 0;
    for (const paragraph of paragraphs) {
      const words = segment(paragraph);
      const heads: Array<string | undefined> = [];
      visitTokens(paragraph, (tokens) => heads.push(tokens[0]));
      expect(heads).toHaveLength(words.length);
      heads.forEach((head, i) => head === undefined || expect(head).toBe(words[i]));
      pieces += words.length;
    }
    expect(pieces).toBeGreaterThan(1000);
  });

  it('tokenizes a batch, cut in runs, as each text alone (tokenizeEach), whole seed files and an empty text among them', () => {
    const texts = [...seedSources().map((source) => source.text), '', ...paragraphs];
    expect(texts.reduce((sum, text) => sum + text.length, 0)).toBeGreaterThan(100_000);
    const batch = tokenizeEach(texts);
    expect(batch).toHaveLength(texts.length);
    batch.forEach((tokens, i) => expect(tokens).toEqual(tokenize(texts[i]!)));
  });

  it('gives a recurring word the same cache entry, whose memo callers may use', () => {
    const entries: unknown[] = [];
    visitTokens('企业发展，企业创新', (tokens, cached) => tokens[0] === '企业' && entries.push(cached));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toBeDefined();
    expect(entries[1]).toBe(entries[0]);
  });

  it('leaves tokenizeMarked as it was: expansions are what no word yields as itself', () => {
    const { tokens, expansions } = tokenizeMarked('石家庄市2026年4月14日印发');
    expect(tokens).toEqual(tokenize('石家庄市2026年4月14日印发'));
    expect(expansions).toEqual(new Set(['石家', '石家庄', '家庄', '2026年', '2026年4月', '4月14日', '4月']));
  });
});
