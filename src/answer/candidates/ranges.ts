/**
 * Condition ranges: laws tie a rule to a range of some quantity ("劳动合同期限一年以上不满三年的",
 * "累计缴费满五年不足十年的", "十六周岁至二十五周岁的"), and neighbouring clauses share every other word.
 * A question that states its quantity ("签了三年的合同", "交了11年", "我今年三十岁") is answered by
 * the clause whose range holds it. Bounds follow the statutory reading (民法典 第一千二百五十九条):
 * 以上, 以下 and 满 include the number, 不满, 不足 and 未满 do not.
 */
import { statedFigures, type StatedFigure } from '../../ingest/figures.js';

/** Quantities compared on one scale: durations in days, ages in years; other units only with themselves. */
const SCALE: Record<string, { dimension: string; factor: number }> = {
  年: { dimension: 'duration', factor: 365 },
  个月: { dimension: 'duration', factor: 30 },
  日: { dimension: 'duration', factor: 1 },
  天: { dimension: 'duration', factor: 1 },
  个工作日: { dimension: 'duration', factor: 1 },
  小时: { dimension: 'duration', factor: 1 / 24 },
  周岁: { dimension: 'age', factor: 1 },
  岁: { dimension: 'age', factor: 1 },
};

interface Quantity {
  dimension: string;
  value: number;
}

export interface Range {
  dimension: string;
  low?: { value: number; inclusive: boolean };
  high?: { value: number; inclusive: boolean };
}

function quantityOf(figure: StatedFigure): Quantity {
  const scale = SCALE[figure.unit];
  return scale ? { dimension: scale.dimension, value: figure.value * scale.factor } : { dimension: figure.unit, value: figure.value };
}

/**
 * The quantities a question states of its case ("签了三年的劳动合同" → three years), with the words
 * that state them (三年); not a bound it asks about ("未满20岁的青少年", "三年以上"), which names a
 * range of its own.
 */
export function statedQuantities(question: string): Array<Quantity & { raw: string }> {
  return statedFigures(question)
    .filter((figure) => !boundOf(question, figure))
    .map((figure) => ({ ...quantityOf(figure), raw: figure.raw }));
}

/** The bound a figure's words make it, if any: 以上, 以下 and 至 after it; 满, 不满, 不足, 未满 before it. */
function boundOf(text: string, figure: StatedFigure): { side: 'low' | 'high'; inclusive: boolean } | undefined {
  const rest = text.slice(figure.offset + figure.raw.length);
  const before = text.slice(Math.max(0, figure.offset - 2), figure.offset);
  if (rest.startsWith('以上') || /^[至到]/.test(rest)) return { side: 'low', inclusive: true };
  if (rest.startsWith('以下')) return { side: 'high', inclusive: true };
  if (/(?:不满|不足|未满)$/.test(before)) return { side: 'high', inclusive: false };
  if (/满$/.test(before)) return { side: 'low', inclusive: true };
  return undefined;
}

const CLAUSE_END = /[，,；;。：:？?！!]/;

interface ConditionBound {
  figure: StatedFigure;
  side: 'low' | 'high';
  inclusive: boolean;
  clauseEnd: number;
}

/**
 * The figures a sentence states as bounds of a condition: a bound (以上, 以下, 满, 不满, 不足, 未满,
 * X至Y) in a clause that goes on to a 的-phrase ("…不满三年的，", "三年以上固定期限…的劳动合同"). A
 * limit the rule sets ("不得超过六个月", "十五日以内") is what such a clause answers, not a condition.
 */
function conditionBounds(sentence: string): ConditionBound[] {
  const bounds: ConditionBound[] = [];
  let previousEnd = -1;
  for (const figure of statedFigures(sentence)) {
    const end = figure.offset + figure.raw.length;
    const rest = sentence.slice(end);
    const clauseEnd = end + (rest.search(CLAUSE_END) < 0 ? rest.length : rest.search(CLAUSE_END));
    // "X至Y": Y follows X across 至 or 到.
    const closesSpan = previousEnd >= 0 && /^[至到]$/.test(sentence.slice(previousEnd, figure.offset));
    previousEnd = end;
    if (!sentence.slice(end, clauseEnd).includes('的')) continue;
    const marked = boundOf(sentence, figure) ?? (closesSpan ? { side: 'high' as const, inclusive: true } : undefined);
    if (marked) bounds.push({ figure, ...marked, clauseEnd });
  }
  return bounds;
}

/** The ranges a sentence states as conditions (see conditionBounds), with where their bounds stand. */
function rangesWithBounds(sentence: string): Array<Range & { offsets: number[] }> {
  const ranges: Array<Range & { clauseEnd: number; offsets: number[] }> = [];
  for (const { figure, side, inclusive, clauseEnd } of conditionBounds(sentence)) {
    const { dimension, value } = quantityOf(figure);
    const bound = { value, inclusive };
    // "一年以上不满三年的": the second bound closes the range the first opened in the same clause.
    const open = ranges.at(-1);
    if (open && open.clauseEnd === clauseEnd && open.dimension === dimension && !open[side]) {
      open[side] = bound;
      open.offsets.push(figure.offset);
    } else ranges.push({ dimension, clauseEnd, offsets: [figure.offset], [side]: bound });
  }
  return ranges.map(({ dimension, low, high, offsets }) => ({ dimension, offsets, ...(low ? { low } : {}), ...(high ? { high } : {}) }));
}

/** The ranges a sentence states as conditions (see conditionBounds). */
export function conditionRanges(sentence: string): Range[] {
  return rangesWithBounds(sentence).map(({ offsets: _offsets, ...range }) => range);
}

/**
 * Offsets in the sentence of the bounds of a condition that holds a quantity the question states of
 * its case: its premise, not its answer ("签了两年的合同，试用期多久" is answered by "劳动合同期限一年以上
 * 不满三年的，试用期不得超过二个月" with 二个月). A question stating none may ask for the bound itself
 * ("多少元以上属于数额较大").
 */
export function premiseOffsets(sentence: string, asked: Quantity[]): Set<number> {
  if (asked.length === 0) return new Set();
  return new Set(rangesWithBounds(sentence).filter((range) => asked.some((quantity) => holds(range, quantity))).flatMap((range) => range.offsets));
}

function holds(range: Range, quantity: Quantity): boolean {
  if (range.dimension !== quantity.dimension) return false;
  const { low, high } = range;
  const above = !low || (low.inclusive ? quantity.value >= low.value : quantity.value > low.value);
  const below = !high || (high.inclusive ? quantity.value <= high.value : quantity.value < high.value);
  return above && below;
}

/**
 * Whether a sentence's condition ranges hold the quantities the question states: 'holds' when one
 * does, 'excludes' when it states ranges of that kind and none does, undefined when it states none.
 */
export function rangeAgreement(asked: Quantity[], sentenceRanges: Range[]): 'holds' | 'excludes' | undefined {
  if (asked.length === 0) return undefined;
  const ranges = sentenceRanges.filter((range) => asked.some((quantity) => quantity.dimension === range.dimension));
  if (ranges.length === 0) return undefined;
  return ranges.some((range) => asked.some((quantity) => holds(range, quantity))) ? 'holds' : 'excludes';
}

/**
 * The quantities the question states that a condition bounded on both sides holds ("已满10年不满20年的",
 * "二十六周岁至四十五周岁的"): such a clause is the rule for the asker's case, where an open one
 * ("连续工作一年以上的") only says the rule applies.
 */
export function heldInBoundedRange<Q extends Quantity>(asked: Q[], sentenceRanges: Range[]): Q[] {
  const bounded = sentenceRanges.filter((range) => range.low && range.high);
  return asked.filter((quantity) => bounded.some((range) => holds(range, quantity)));
}
