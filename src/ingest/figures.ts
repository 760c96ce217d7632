/**
 * Figures: every number with a unit stated in the corpus (3.5万余家, 2168亿元, 30%, 30日内),
 * with what it measures, the period it refers to, and where it stands, so a figure question
 * can be answered with the exact printed number and its source.
 */
import type { Chunk, Figure, PolicyDocument } from '../types.js';
import { sentenceSpans } from './chunk.js';
import { parseChineseInteger } from './metadata.js';

/** What a magnitude word multiplies by: 万 → 10,000. */
export const MAGNITUDES: Record<string, number> = {
  万亿: 1e12, 千亿: 1e11, 百亿: 1e10, 十亿: 1e9, 亿: 1e8, 千万: 1e7, 百万: 1e6, 十万: 1e5, 万: 1e4, 千: 1e3, 百: 1e2,
};

/** The currencies amounts are printed in ("2.43港元", "30亿欧元"): what an amount asked is answered in. */
export const CURRENCIES = ['元', '美元', '欧元', '港元', '日元', '英镑', '卢布', '韩元', '澳元', '新台币'];

/**
 * Units, longest first (sorted below) so "个百分点" wins over "个", "日元" over "日" and "架次" over "架".
 * Dates are excluded by the checks below, not here.
 */
export const FIGURE_UNITS = [
  '个百分点', '个工作日', '个月', '千瓦时', '平方公里', '平方米', '立方米', '公里', '千瓦', '小时', '人次', '大类', '批次', '周岁',
  '公顷', '公斤', '千克', '标准箱', '平方厘米', '厘米', '毫米', '毫升', 'cm2', 'cm²', 'cm', 'mm', 'ml', 'mL',
  '%', '％', '家', '个', '项', '台', '套', '款', '件', '人', '名', '位', '次', '场', '起', '条', '座', '所',
  '户', '吨', '亩', '倍', '辆', '架', '艘', '份', '篇', '种', '批', '类', '日', '天', '年', '部', '层', '米', '张', '章', '节', '岁',
  '只', '头', '株', '棵', '枚', '颗', '宗', '例', '栋', '间', '处', 'GW', 'TB', 'PB',
  // Energy, power, mass, distance and short spans of time, as reports print them (400吉瓦时, 15分钟, 70周年).
  '吉瓦时', '兆瓦时', '太瓦时', '吉瓦', '兆瓦', 'GWh', 'MWh', 'kWh', 'MW', 'kW', '海里', '毫克', '微克', '克',
  '分钟', '秒', '周年', '周',
  ...CURRENCIES,
  // Measure words of news counts (12门课程, 178列班列, 每周4趟).
  '架次', '班次', '门', '列', '趟', '班', '幅', '页', '段', '箱', '斤',
].sort((a, b) => b.length - a.length);

/**
 * What a unit is not when these follow it: a word that holds the unit's character ("房屋四周" is
 * around it, "三周期", "G1列车", "门户网站", "门槛", "五克拉", "12班级").
 */
const notAUnit = '周(?=[边围期转])|列(?=车)|门(?=[户槛店])|克(?=拉)|班(?=[级子组车])';

const qualifierBefore = '超过|超|近|约|逾|达到|达|突破|不少于|不低于|不超过|不到|高于|低于|仅|共|累计|合计|增长|下降|提升至|提高到';
const chineseNumber = '[〇零一二两三四五六七八九十百千]+';
/**
 * The units a number written in words is counted in ("五年内", "六十周岁", "三十六小时"): the
 * Chinese ones of FIGURE_UNITS. Laws print nearly every number this way.
 */
const wordedUnits = FIGURE_UNITS.filter((unit) => /^[\u4e00-\u9fff]/.test(unit)).join('|');
/** Units of time: "一年", "一个月" are figures only as a period ("一年以上", "一个月内"), not as "a year". */
const timeUnits = /^(?:个工作日|个月|周岁|小时|分钟|年|月|周(?!年)|日|天|岁)/;
/** "千余家", "百余项": a round hundred or thousand, more or less. */
const hundreds = '(?<![一二三四五六七八九十\\d])[一二两三四五六七八九]?[百千](?=余)';
const figurePattern = new RegExp(
  `(${qualifierBefore})?` +
    // (Thousands may be grouped: "1,801.89万元" is one number, not 801.89.)
    `(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|${hundreds}|${chineseNumber}(?=[万亿])|(?<![一二两三四五六七八九十百千〇零])${chineseNumber}(?=${wordedUnits}))` +
    // (千 of 千克 and 千瓦 is the unit's: "0.25千克" is a quarter of a kilogram.)
    `(万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![克瓦])|百)?` +
    `(余|多|来)?` +
    // A count of 万 or 亿 may be printed without a unit ("5G-A用户数超过1000万"): the unit is then ''.
    `(?!${notAUnit})(${FIGURE_UNITS.map((u) => u.replace('%', '\\%')).join('|')})?`,
  'g',
);

const sharePattern = new RegExp(`(${qualifierBefore})?(百分之|千分之|万分之)(\\d+|[〇零一二两三四五六七八九十百]+)(?:[点.]([〇零一二三四五六七八九\\d]+))?`, 'g');
/** What a share in words is out of, as a divisor of its percentage. */
const shareBases: Record<string, number> = { 百分之: 1, 千分之: 10, 万分之: 100 };
/** One digit after 点, in words or not. */
const digitOf = (c: string) => (/\d/.test(c) ? c : String('〇一二三四五六七八九'.indexOf(c.replace('零', '〇'))));

const periodPatterns = [
  /(?:截至|截止|到|至|于|在)?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末|年底|年末|上半年|下半年|前三季度|一季度|全年)?(?:前|以来)?/g,
  /\d{4}[—–-]\d{4}年/g,
  // (Not 明 ending a verb: "注明年、月、日", "说明年度…".)
  /(?:今年|去年|前年|(?<![注说表证标查声写载指阐申言讲])明年)(?:\d{1,2}月|上半年|下半年|前[一二三四五六七八九十两]+个月|以来)?/g,
  /(?:前|近|过去|未来)[一二三四五六七八九十两\d]+(?:个月|年)/g,
  /“?十[四五六]五”?(?:期间|时期|末|开局之年)?/g,
];

/** Words that make a period the base of a comparison ("与2022年同期相比", "较上年", "比去年"). */
const COMPARED_BEFORE = /(?:比|较|与|同)$/;
const COMPARED_AFTER = /^(?:同期|相比|比较)/;

/** The period stated nearest before the figure in its sentence, else the first after it. */
function findPeriod(sentence: string, figureOffset: number): string | undefined {
  let before: { text: string; index: number } | undefined;
  let after: { text: string; index: number } | undefined;
  for (const pattern of periodPatterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(sentence); match; match = pattern.exec(sentence)) {
      // A period compared with is not the figure's: "比2022年同期（365起）增加9%" is this year's 9%.
      if (COMPARED_BEFORE.test(sentence.slice(Math.max(0, match.index - 2), match.index)) || COMPARED_AFTER.test(sentence.slice(match.index + match[0].length))) continue;
      const found = { text: match[0], index: match.index };
      if (match.index + match[0].length <= figureOffset) {
        if (!before || found.index > before.index) before = found;
      } else if (match.index >= figureOffset && (!after || found.index < after.index)) {
        after = found;
      }
    }
  }
  return (before ?? after)?.text;
}

function clauseAround(sentence: string, start: number, end: number): string {
  const delimiter = /[，。；：！？,;]/;
  let from = start;
  while (from > 0 && !delimiter.test(sentence[from - 1]!)) from--;
  let to = end;
  while (to < sentence.length && !delimiter.test(sentence[to]!)) to++;
  return sentence.slice(from, to).trim();
}

/** Rejects numbers that are dates, ordinals, codes or parts of other numbers. */
function isFigure(sentence: string, index: number, number: string, unit: string, match: string): boolean {
  const before = sentence.slice(Math.max(0, index - 1), index);
  const after = sentence.slice(index + match.length, index + match.length + 1);
  // (Nor the number of a train or a model, "G1列车": a letter before it.)
  if (before === '第' || /[\d.〔\-–—/:：A-Za-z]/.test(before)) return false;
  // ("1,2,3个": the tail of a list of digits.)
  if (before === ',' && /\d/.test(sentence[index - 2] ?? '')) return false;
  if (unit === '年' && (/^\d{4}$/.test(number) || after === '度')) return false;
  if (/^[〇零一二两三四五六七八九十百千]+$/.test(number)) {
    // Digit by digit ("二〇二四年") is a year or a code; a bare 百 or 千 is "many" ("千家万户").
    if (/^[〇零一二两三四五六七八九]{2,}$/.test(number) || (/^[百千]$/.test(number) && !match.includes('余'))) return false;
    // 一 is mostly "a": "一年以上" is a period, "一年来" and "一次性" are not figures.
    if (number === '一' && !(timeUnits.test(unit) && /^(?:以|内|之|后|前|起|不|的|[，。；、）])/.test(sentence.slice(index + match.length)))) return false;
    // A digit in words glued to 元 and a noun names a kind, not a sum: 三元电池, 二元结构, 一元化
    // (not 三万元罚款, 五元罚款: a sum is followed by what it is paid as).
    if (match === `${number}元` && /^[一二两三]$/.test(number) && /^(?:电池|材料|结构|化|论|组|素|一次|函数|方程)/.test(sentence.slice(index + match.length))) return false;
    // "房屋四周" is around the house, not four weeks: a count of weeks in words bounds a time.
    if (unit === '周' && !/^(?:以|内|之|后|前|起|不|的|左右|时间|[，。；、）])/.test(sentence.slice(index + match.length))) return false;
  }
  // "30日内" is a time limit; "9日从…获悉" is a day of the month, "经过六十日" no day of any month.
  if (unit === '日' && !/^[内后前起以之]/.test(sentence.slice(index + match.length)) && !(parseChineseInteger(number) > 31)) return false;
  // "1月1日起施行" is a date, not a time limit.
  if (unit === '日' && before === '月') return false;
  if (unit === '年' && /^[\d]/.test(number) && /[月—–-]/.test(after)) return false;
  if (unit === '条' && /^(?:例|款)/.test(sentence.slice(index + match.length))) return false;
  return true;
}

function numericValue(number: string, magnitude: string | undefined): number {
  const base = /^\d/.test(number) ? Number(number.replace(/,/g, '')) : parseChineseInteger(number);
  return base * (magnitude ? MAGNITUDES[magnitude]! : 1);
}

/** A number with its unit as stated in a sentence, at `offset`. */
export interface StatedFigure {
  raw: string;
  value: number;
  unit: string;
  qualifier?: string;
  offset: number;
}

/** The figures a sentence states (dates, ordinals and codes left out). */
export function statedFigures(sentence: string): StatedFigure[] {
  const stated: StatedFigure[] = [];
  figurePattern.lastIndex = 0;
  for (let match = figurePattern.exec(sentence); match; match = figurePattern.exec(sentence)) {
    const [whole, qualifier, number, magnitude, approx, rawUnit] = match;
    const offset = match.index + (qualifier?.length ?? 0);
    const raw = whole.slice(qualifier?.length ?? 0);
    // Without a unit only a number of 万 or 亿 that ends its clause is a figure ("用户数超过1000万。"),
    // not one glued to more words ("1000万台" has its unit; "3万名" too).
    if (!rawUnit && !(/^(?:万|亿|万亿)$/.test(magnitude ?? '') && /^(?:以上|左右|[，。；、,;）)]|$)/.test(sentence.slice(match.index + whole.length)))) continue;
    if (!isFigure(sentence, offset, number!, rawUnit ?? '', raw)) continue;
    const value = numericValue(number!, magnitude);
    if (!Number.isFinite(value)) continue;
    const figure: StatedFigure = { raw: raw.replace('％', '%'), value, unit: rawUnit === '％' ? '%' : (rawUnit ?? ''), offset };
    const qualifiers = [qualifier, approx].filter(Boolean).join('…');
    if (qualifiers) figure.qualifier = qualifiers;
    stated.push(figure);
  }
  // An order of magnitude ("万台级产能", "千万人级"): the level is the figure.
  for (const match of sentence.matchAll(/(?<![\d一二三四五六七八九十百千万亿])(十万|百万|千万|十亿|百亿|十|百|千|万|亿)(台|辆|人|家|吨|户|个)级/g)) {
    stated.push({ raw: match[0], value: MAGNITUDES[match[1]!] ?? (match[1] === '十' ? 10 : 0), unit: match[2]!, offset: match.index });
  }
  // A share in words ("百分之二十", "万分之五"): a percentage, printed as it stands.
  for (const match of sentence.matchAll(sharePattern)) {
    const [whole, qualifier, base, number, decimals] = match;
    const value = (parseChineseInteger(number!) + Number(`0.${[...(decimals ?? '0')].map(digitOf).join('')}`)) / shareBases[base!]!;
    if (!Number.isFinite(value)) continue;
    const figure: StatedFigure = { raw: whole.slice(qualifier?.length ?? 0), value: Number(value.toFixed(6)), unit: '%', offset: match.index + (qualifier?.length ?? 0) };
    if (qualifier) figure.qualifier = qualifier;
    stated.push(figure);
  }
  return stated.sort((a, b) => a.offset - b.offset);
}

/** Extracts the figures stated in one chunk of a document. */
export function extractFigures(document: PolicyDocument, chunk: Chunk): Figure[] {
  const figures: Figure[] = [];
  for (const span of sentenceSpans(chunk.text, chunk.start)) {
    const sentence = document.text.slice(span.start, span.end);
    for (const { raw, value, unit, qualifier, offset } of statedFigures(sentence)) {
      const start = span.start + offset;
      const figure: Figure = {
        docId: document.id,
        chunkId: chunk.id,
        raw,
        value,
        unit,
        measure: clauseAround(sentence, offset, offset + raw.length),
        sentence: sentence.trim(),
        start,
        end: start + raw.length,
      };
      if (qualifier) figure.qualifier = qualifier;
      const period = findPeriod(sentence, offset);
      if (period) figure.period = period;
      figures.push(figure);
    }
  }
  return figures;
}
