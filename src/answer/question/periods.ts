/**
 * The periods a text names: years (and the years inside a range, "2023年至2025年"), halves,
 * quarters, the months counted from January ("1-5月") or between two others ("4-6月" is the second
 * quarter), and months with their year, so that a sentence about another period than the one asked
 * ("2023年第二季度" for "第一季度") can be told apart: the commonest near miss in reports that repeat a
 * figure every quarter. (Not months alone: a report's dateline, "8月3日消息", names one in almost
 * every lede.)
 */
import nodejieba from 'nodejieba';
import { parseChineseInteger } from '../../ingest/metadata.js';
import { storyOf } from './answer-type.js';

const quarters: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4 };

/**
 * "1-5月", "1至7月份", "1—6月" (not "11-12月" nor a day's "1-5日"); "前8个月", "前三季度" of a year
 * ("今年前8个月", or opening a clause), not the months before an event ("有效期届满前六个月").
 */
/** The end of a range of months: "-6月", "至十二月" (its month captured). */
const TO_MONTH = String.raw`\s*[-—–~～至到]\s*(\d{1,2}|[二三四五六七八九十]|十[一二])月`;
const MONTHS_FROM_JANUARY = new RegExp(
  String.raw`(?<![\d一二三四五六七八九十])[1一]月?${TO_MONTH}(?!\d{1,2}日)|(?<=^|[年，,。；;：:\s])前(\d{1,2}|[二两三四五六七八九十]|十[一二])个月|(?<=^|[年，,。；;：:\s])前([二两三])季度`,
  'g',
);

/**
 * A range of months not from January ("4-6月", "2023年4月至6月", "7至12月"): a quarter, the second
 * half, or the span it bounds. (Not days: "4-6日".)
 */
const MONTH_RANGE = new RegExp(String.raw`(?<![\d一二三四五六七八九十])([2-9]|1[0-2]|[二三四五六七八九]|十[一二]?)月?${TO_MONTH}(?!\d{1,2}日|龄)`, 'g');
/** A month that opens a range is no month of its own: "2023年4月" in "2023年4月至6月". */
const RANGE_FOLLOWS = new RegExp(String.raw`^${TO_MONTH}(?!\d{1,2}日)`);

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
  /**
   * The months from January a total is counted over ("1-5月", "1至7月份", "前8个月", "前三季度" →
   * "1-9"), where they make no half or quarter: 1-6月 is the first half, 1-3月 the first quarter; or
   * the months between two others ("5-8月" → "5-8"; 4-6月 is the second quarter).
   */
  span: Set<string>;
}

const noPeriods = (): Periods => ({ year: new Set(), half: new Set(), quarter: new Set(), month: new Set(), span: new Set() });

export function periodsOf(text: string): Periods {
  const periods = noPeriods();
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
  for (const m of text.matchAll(/((?:19|20)\d{2})年(\d{1,2})月(?!\d{1,2}日)/g)) {
    if (!RANGE_FOLLOWS.test(text.slice(m.index + m[0].length))) mentions.push({ kind: 'month', values: [`${m[1]}-${Number(m[2])}`], index: m.index });
  }
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
  // (A half-year report, 半年报 or 半年度报告, is of the first half.)
  for (const m of text.matchAll(/(?<![上下])半年(?:报|度)/g)) mentions.push({ kind: 'half', values: ['上'], index: m.index });
  for (const m of text.matchAll(/第([一二三四1-4])季度|(?<![A-Za-z])Q([1-4])(?!\d)|(?<![第前])([一二三四])季度/g)) {
    const quarter = m[1] ?? m[2] ?? m[3]!;
    mentions.push({ kind: 'quarter', values: [String(quarters[quarter] ?? Number(quarter))], index: m.index });
  }
  for (const m of text.matchAll(MONTHS_FROM_JANUARY)) {
    const months = m[1] ? parseChineseInteger(m[1]) : m[2] ? parseChineseInteger(m[2]) : 3 * quarters[m[3]!]!;
    if (months === 6) mentions.push({ kind: 'half', values: ['上'], index: m.index });
    else if (months === 3) mentions.push({ kind: 'quarter', values: ['1'], index: m.index });
    else if (months > 1 && months < 12) mentions.push({ kind: 'span', values: [`1-${months}`], index: m.index });
  }
  for (const m of text.matchAll(MONTH_RANGE)) {
    const [from, to] = [parseChineseInteger(m[1]!), parseChineseInteger(m[2]!)];
    // (Not an infant's age, "3至6月龄", nor a range past December.)
    if (!(to > from && to <= 12)) continue;
    if (to - from === 2 && from % 3 === 1) mentions.push({ kind: 'quarter', values: [String((from + 2) / 3)], index: m.index });
    else if (from === 7 && to === 12) mentions.push({ kind: 'half', values: ['下'], index: m.index });
    else mentions.push({ kind: 'span', values: [`${from}-${to}`], index: m.index });
  }
  return mentions;
}

/**
 * The periods that apply to what a sentence states at `offset`: of each kind, the one it names last
 * before it, else the first after it. "截至第二季度末…拥有9.8亿美元…，高于第一季度末的约8.74亿美元":
 * 9.8亿 is the second quarter's, 8.74亿 the first's.
 */
export function periodsAt(sentence: string, offset: number): Periods {
  const periods = noPeriods();
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
  // (The parts of a year as one: "1-5月，全省…" under a headline of 上半年 states five months, not the half.)
  const namesPart = PARTS_OF_YEAR.some((kind) => sentence[kind].size > 0);
  const unsaid = (kind: keyof Periods) => sentence[kind].size === 0 && !(namesPart && (PARTS_OF_YEAR as readonly string[]).includes(kind));
  return Object.fromEntries(kinds.map((kind) => [kind, unsaid(kind) ? headline[kind] : sentence[kind]])) as unknown as Periods;
}

/**
 * The sentence names a period of a kind the question also names, and none it names: another year,
 * half, quarter or month than the one asked. Or it states a half where a quarter is asked, or a
 * quarter where a half is ("天地在线一季度净利润" is not "上半年…净利润亏损…"); `own` are the periods
 * the sentence itself names, where `sentence` has some from its headline.
 */
export function periodConflict(question: Periods, sentence: Periods, own: Periods = sentence): boolean {
  // (Of another part only as the sentence names it: a headline's quarter over a sentence that names
  // no period, in a report of the half year, is no part the sentence states.)
  const otherKind = PARTS_OF_YEAR.some((kind) => question[kind].size > 0 && sentence[kind].size === 0 && PARTS_OF_YEAR.some((other) => own[other].size > 0));
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
const PARTS_OF_YEAR = ['half', 'quarter', 'span'] as const;

/** Whether periods name any year, half, quarter, span of months or month. */
export function namesPeriod(periods: Periods): boolean {
  return Object.values(periods).some((set) => set.size > 0);
}

/**
 * The periods a question asks about: those of the part that asks, where it names one, not those of a
 * premise told before it ("中再资环…2023年7月合计收到政府补助830.34万元，那么2023年6月…收到了多少" asks
 * about June); the whole question's otherwise ("2023年上半年西安…，其中服务出口额是多少").
 */
export function periodsAsked(question: string): Periods {
  const story = storyOf(question);
  const asked = story ? periodsOf(question.slice(story.length)) : undefined;
  return asked && namesPeriod(asked) ? asked : periodsOf(question);
}

/** Whether periods name a part of a year: a half, a quarter, a span of months from January or a month. */
export function namesPartOfYear(periods: Periods): boolean {
  return PARTS_OF_YEAR.some((kind) => periods[kind].size > 0) || periods.month.size > 0;
}

/**
 * The time a measure is counted per, as printed just before it: "每月销售额", "年应征增值税销售额",
 * "每一纳税年度的收入额减除费用", "一年的基本减除费用". Read from jieba's words, so that a place, a
 * group or a time word holding the character (天津, 日照市, 老年人, 青年, 近日, 冬季) is not a rate; nor
 * is a named year or month ("2023年销售额", "上年度", "本年度", "3月"), which periodsOf reads.
 */
const RATE_WORD = /^(?:每一?|全|一个?|按)?(年|月|季|周|日|天)度?$/;
/** A year of account is a year, whatever its name: 会计年度, 财政年度. */
const ACCOUNT_YEAR = /^[\u4e00-\u9fff]{2}年度$/;
/** What makes the year or month after it a named one or a count: 上年度, 本月, 2023年, 三月, 多少年, 几年. */
const NAMING = /[\d〇零一二三四五六七八九十两上下本当今去前明次同该几少]$/;
const PER_KIND: Record<string, string> = { 年: 'year', 月: 'month', 季: 'quarter', 周: 'week', 日: 'day', 天: 'day' };
/** A word that starts with its rate: 月销售额, 年收入. */
const RATED_WORD = /^(?:每一?)?([年月季周日天])度?([\u4e00-\u9fff]{2,})$/;
/** How far before a measure its rate is looked for, within its clause. */
const PER_WINDOW = 6;

/** The rate a word of jieba's states, if it is one ("每月", "年度", "会计年度", or an unknown word like "指年"). */
function rateOf(word: string, tag: string, before: string): string | undefined {
  const rate = RATE_WORD.exec(word)?.[1] ?? (ACCOUNT_YEAR.test(word) ? '年' : undefined);
  // (A bare 年, 月 or 年度 is a named one after 上, 本 or a number.)
  if (rate) return /^[年月季周日天]度?$/.test(word) && NAMING.test(before) ? undefined : PER_KIND[rate];
  // (jieba's guess at an unknown word may glue the rate to the words beside it: "是指年应征…" → 指年,
  // "按月领养老金" → 按月领.)
  if (tag !== 'x') return undefined;
  const glued = /[按每]([年月日天周])/.exec(word) ?? /([年月])$/.exec(word);
  return glued && !NAMING.test(word.slice(0, glued.index + glued[0].length - 1)) ? PER_KIND[glued[1]!] : undefined;
}

/** The rates (year, month…) at which a text counts `measure`, one per place it prints it with one. */
export function countedPer(text: string, measure: string): string[] {
  const rates: string[] = [];
  for (let at = text.indexOf(measure); at >= 0; at = text.indexOf(measure, at + measure.length)) {
    // (The clause before it, longer than the window, so that the words at the window's edge are whole.)
    const clause = text.slice(Math.max(0, at - 3 * PER_WINDOW), at).split(/[，。；：、,;:（）()]/).at(-1)!;
    const words = nodejieba.tag(clause);
    let end = clause.length;
    let rate: string | undefined;
    for (let i = words.length - 1; i >= 0 && clause.length - end < PER_WINDOW; i--) {
      const { word, tag } = words[i]!;
      end -= word.length;
      rate = rateOf(word, tag, words[i - 1]?.word ?? '');
      if (rate) break;
    }
    if (rate) rates.push(rate);
  }
  return rates;
}

/** The rates at which a question counts each of its measures that it counts per a span of time. */
export interface AskedRate {
  /** The measure as a sentence prints it after its rate: 销售额 of 月销售额. */
  measure: string;
  rates: string[];
}

/** Read once per question: "每月销售额多少以下" counts 销售额 per month. */
export function ratesAsked(question: string, measures: readonly string[]): AskedRate[] {
  return measures.flatMap((measure) => {
    // (jieba may keep the rate in the word: "月销售额", where 销售额 is a noun of its own, not 年轻人's 轻人.)
    const [, rate, base] = RATED_WORD.exec(measure) ?? [];
    const words = base === undefined ? [] : nodejieba.tag(base);
    if (rate && base && words.length === 1 && words[0]!.tag.startsWith('n')) return [{ measure: base, rates: [PER_KIND[rate]!] }];
    const rates = countedPer(question, measure);
    return rates.length > 0 ? [{ measure, rates }] : [];
  });
}

/**
 * The sentence counts a measure the question counts per one span of time per another, wherever it
 * states a rate for it: "每月销售额多少以下" is not answered by "年应征增值税销售额未超过五百万元".
 */
export function rateConflict(asked: readonly AskedRate[], sentence: string): boolean {
  return asked.some(({ measure, rates }) => {
    const stated = sentence.includes(measure) ? countedPer(sentence, measure) : [];
    return stated.length > 0 && !stated.some((rate) => rates.includes(rate));
  });
}
