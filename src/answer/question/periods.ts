/**
 * The periods a text names: years (and the years inside a range, "2023年至2025年"), halves and
 * quarters, and months with their year, so that a sentence about another period than the one asked
 * ("2023年第二季度" for "第一季度") can be told apart: the commonest near miss in reports that repeat a
 * figure every quarter. (Not months alone: a report's dateline, "8月3日消息", names one in almost
 * every lede.)
 */
const quarters: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/** The ranges of years a text states ("2023年至2025年" → 2023–2025), in order. */
export function yearRanges(text: string): Array<{ from: number; to: number }> {
  return [...text.matchAll(YEAR_RANGE)].map((m) => ({ from: Number(m[1]), to: Number(m[2]) }));
}

const YEAR_RANGE = /((?:19|20)\d{2})年?(?:至|到|—|–|-)((?:19|20)\d{2})年/g;

/** "2023年至2025年" also names 2024年: the years inside each range, appended. */
export function withYearRanges(text: string): string {
  const covered: string[] = [];
  for (const { from, to } of yearRanges(text)) {
    for (let year = from + 1; year < to && year - from < 20; year++) covered.push(`${year}年`);
  }
  return covered.length > 0 ? `${text} ${covered.join(' ')}` : text;
}

/** Years named relative to a present one, as offsets from it. */
export const relativeYears: Record<string, number> = { 前年: -2, 去年: -1, 今年: 0, 明年: 1 };

/**
 * A period a dated text states relative to its own year ("今年上半年" in a report of 2024),
 * in years: "2024年上半年". Unchanged without a year to resolve against.
 */
export function resolvedPeriod(period: string, documentDate: string | undefined): string {
  const year = Number(documentDate?.slice(0, 4));
  if (!year) return period;
  return period.replace(/^(前年|去年|今年|明年)/, (word) => `${year + relativeYears[word]!}年`);
}

export interface Periods {
  year: Set<string>;
  half: Set<string>;
  quarter: Set<string>;
  /** Months named with their year ("2023年7月"): a month alone is mostly a dateline. */
  month: Set<string>;
}

export function periodsOf(text: string): Periods {
  const periods: Periods = { year: new Set(), half: new Set(), quarter: new Set(), month: new Set() };
  for (const { kind, values } of periodMentions(text)) for (const value of values) periods[kind].add(value);
  return periods;
}

interface PeriodMention {
  kind: keyof Periods;
  values: string[];
  index: number;
  /** A year that starts or ends a range of years named whole by another mention. */
  inRange?: true;
}

/** Each period a text names, where it names it; a range of years both whole and by the years that bound it. */
function periodMentions(text: string): PeriodMention[] {
  const mentions: PeriodMention[] = [];
  for (const m of text.matchAll(/((?:19|20)\d{2})年(\d{1,2})月(?!\d{1,2}日)/g)) mentions.push({ kind: 'month', values: [`${m[1]}-${Number(m[2])}`], index: m.index });
  const ranges: Array<[number, number]> = [];
  for (const m of text.matchAll(YEAR_RANGE)) {
    const values: string[] = [];
    for (let y = Number(m[1]); y <= Number(m[2]) && y - Number(m[1]) < 30; y++) values.push(String(y));
    mentions.push({ kind: 'year', values, index: m.index });
    ranges.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(/((?:19|20)\d{2})年/g)) {
    const inRange = ranges.some(([start, end]) => m.index >= start && m.index < end);
    mentions.push({ kind: 'year', values: [m[1]!], index: m.index, ...(inRange ? { inRange } : {}) });
  }
  for (const m of text.matchAll(/([上下])半年/g)) mentions.push({ kind: 'half', values: [m[1]!], index: m.index });
  for (const m of text.matchAll(/第([一二三四1-4])季度|(?<![A-Za-z])Q([1-4])(?!\d)|(?<![第前])([一二三四])季度/g)) {
    const quarter = m[1] ?? m[2] ?? m[3]!;
    mentions.push({ kind: 'quarter', values: [String(quarters[quarter] ?? Number(quarter))], index: m.index });
  }
  return mentions;
}

/**
 * The periods that apply to what a sentence states at `offset`: of each kind, the one it names last
 * before it, else the first after it. "截至第二季度末…拥有9.8亿美元…，高于第一季度末的约8.74亿美元":
 * 9.8亿 is the second quarter's, 8.74亿 the first's.
 */
export function periodsAt(sentence: string, offset: number): Periods {
  const periods: Periods = { year: new Set(), half: new Set(), quarter: new Set(), month: new Set() };
  const nearest = new Map<keyof Periods, { values: string[]; index: number; before: boolean }>();
  for (const mention of periodMentions(sentence)) {
    if (mention.inRange) continue;
    const before = mention.index < offset;
    const known = nearest.get(mention.kind);
    const closer = !known || (before ? !known.before || mention.index > known.index : !known.before && mention.index < known.index);
    if (closer) nearest.set(mention.kind, { values: mention.values, index: mention.index, before });
  }
  for (const [kind, { values }] of nearest) for (const value of values) periods[kind].add(value);
  return periods;
}

/**
 * A sentence's periods, each kind it leaves unsaid taken from its headline: "该季度的合并营收为…" in
 * a report titled "…公布了2023年第二季度的财报" is about the second quarter of 2023.
 */
export function withHeadline(sentence: Periods, headline: Periods): Periods {
  const kinds = Object.keys(sentence) as Array<keyof Periods>;
  return Object.fromEntries(kinds.map((kind) => [kind, sentence[kind].size > 0 ? sentence[kind] : headline[kind]])) as unknown as Periods;
}

/**
 * The sentence names a period of a kind the question also names, and none it names: another year,
 * half, quarter or month than the one asked. Or it states a half where a quarter is asked, or a
 * quarter where a half is ("天地在线一季度净利润" is not "上半年…净利润亏损…").
 */
export function periodConflict(question: Periods, sentence: Periods): boolean {
  const otherKind = PARTS_OF_YEAR.some((kind) => question[kind].size > 0 && sentence[kind].size === 0 && PARTS_OF_YEAR.some((other) => sentence[other].size > 0));
  return (
    otherKind ||
    (Object.keys(question) as Array<keyof Periods>).some((kind) => {
      const asked = question[kind];
      const stated = sentence[kind];
      return asked.size > 0 && stated.size > 0 && ![...asked].some((value) => stated.has(value));
    })
  );
}

/** Parts of a year that do not answer for each other. (Not a month: "截至6月末" is where a half ends.) */
const PARTS_OF_YEAR = ['half', 'quarter'] as const;

/**
 * The time a measure is counted per, as printed just before it: "每月销售额", "年应征增值税销售额",
 * "每一纳税年度的收入额减除费用", "一年的基本减除费用". A named year or month ("2023年销售额", "上年",
 * "3月") is a period, not a rate, and is read by periodsOf.
 */
// (A year of account is a year: 纳税年度, 会计年度, 财政年度.)
const PER_UNIT = /(?<![\d〇零一二三四五六七八九十上下本当今去前明次同该])(?:每一?|全|一个?|按)?(?:[\u4e00-\u9fff]{2}(?=年度))?(年|月|季|周|日|天)(?:度)?(?![\d〇零一二三四五六七八九十底末初中内])/g;
const PER_KIND: Record<string, string> = { 年: 'year', 月: 'month', 季: 'quarter', 周: 'week', 日: 'day', 天: 'day' };
/** A word that starts with its rate: 月销售额, 年收入. */
const RATED_WORD = /^(?:每一?)?([年月季周日天])度?([\u4e00-\u9fff]{2,})$/;
/** How far before a measure its rate is looked for, within its clause. */
const PER_WINDOW = 6;

/** The rates (year, month…) at which a text counts `measure`, one per place it prints it with one. */
export function countedPer(text: string, measure: string): string[] {
  const rates: string[] = [];
  for (let at = text.indexOf(measure); at >= 0; at = text.indexOf(measure, at + measure.length)) {
    const window = text.slice(Math.max(0, at - PER_WINDOW), at).split(/[，。；：、,;:（）()]/).at(-1)!;
    const found = [...window.matchAll(PER_UNIT)].at(-1);
    if (found) rates.push(PER_KIND[found[1]!]!);
  }
  return rates;
}

/**
 * The question counts a measure it shares with the sentence per one span of time, and the sentence
 * counts it per another wherever it states a rate: "每月销售额多少以下" is not answered by
 * "年应征增值税销售额未超过五百万元".
 */
export function rateConflict(question: string, sentence: string, measures: readonly string[]): boolean {
  return measures.some((measure) => {
    // (jieba may keep the rate in the word: "月销售额".)
    const [, rate, base] = RATED_WORD.exec(measure) ?? [];
    const asked = rate ? [PER_KIND[rate]!] : countedPer(question, measure);
    if (asked.length === 0) return false;
    const stated = countedPer(sentence, base ?? measure);
    return stated.length > 0 && !stated.some((stated) => asked.includes(stated));
  });
}
