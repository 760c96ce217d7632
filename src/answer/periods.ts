/**
 * The periods a text names, by kind (year, half, quarter, month), so that a sentence about another
 * period than the one asked ("2023年第二季度" for "第一季度", "7月30日" for "8月3日") can be told
 * apart: the commonest near miss in reports that repeat a figure every quarter or month.
 */
const numerals: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };
const numberOf = (text: string) => (/^\d+$/.test(text) ? Number(text) : numerals[text] ?? 0);

export interface Periods {
  year: Set<string>;
  half: Set<string>;
  quarter: Set<string>;
  month: Set<string>;
}

export function periodsOf(text: string): Periods {
  const periods: Periods = { year: new Set(), half: new Set(), quarter: new Set(), month: new Set() };
  for (const m of text.matchAll(/((?:19|20)\d{2})年?(?:至|到|—|–|-)((?:19|20)\d{2})年/g)) for (let y = Number(m[1]); y <= Number(m[2]) && y - Number(m[1]) < 30; y++) periods.year.add(String(y));
  for (const m of text.matchAll(/((?:19|20)\d{2})年/g)) periods.year.add(m[1]!);
  for (const m of text.matchAll(/([上下])半年/g)) periods.half.add(m[1]!);
  for (const m of text.matchAll(/第([一二三四1-4])季度|(?<![A-Za-z])Q([1-4])(?!\d)|(?<![第前])([一二三四])季度/g)) periods.quarter.add(String(numberOf(m[1] ?? m[2] ?? m[3]!)));
  for (const m of text.matchAll(/(?<![\d至到—–-])(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?!份?[至到—–-])/g)) periods.month.add(String(numberOf(m[1]!)));
  return periods;
}

/**
 * The sentence names a period of a kind the question also names, and none it names: another year,
 * half or quarter than the one asked. (Not months: a report's dateline, "8月3日消息", names one in
 * almost every lede.)
 */
export function periodConflict(question: Periods, sentence: Periods): boolean {
  return (['year', 'half', 'quarter'] as const).some((kind) => {
    const asked = question[kind];
    const stated = sentence[kind];
    return asked.size > 0 && stated.size > 0 && ![...asked].some((value) => stated.has(value));
  });
}
