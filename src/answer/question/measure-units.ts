/**
 * The units a corpus prints each measure in, learned from its own figures: "年龄为16岁" teaches
 * 年龄 → 岁, "估值达30亿美元" 估值 → 美元, "61%的受访者" 受访者 → %. A figure question that names no
 * unit ("嫌疑人多大年龄？", "黄蜂队的估值是多少？") then expects the units its measure is printed in,
 * on any corpus, without a list of nouns per unit.
 */
import type { FigureList } from '../../index/store.js';
import type { Figure } from '../../types.js';

/** Characters read before a figure (its measure, "年龄为") and after it ("的受访者"), within its clause. */
const BEFORE = 6;
const AFTER = 4;
/** A pair of characters seen by fewer figures says nothing reliable about units. */
const MIN_SEEN = 20;
/** The most telling pair must print this share of its figures in one unit to set the question's units. */
const MIN_SHARE = 0.5;
/** Units are taken, most printed first, until they cover this share of the pair's figures. */
const COVERED = 0.8;

/** Where a question asks for a quantity: the measure stands around these words. */
const ASKS_MEASURE = /多少|几|多大|多高|多长|多重|多远|多久/;

const isHan = (code: number) => code >= 0x4e00 && code <= 0x9fff;

/** Each pair of adjacent Chinese characters in the text, once. */
function pairsOf(text: string): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHan(text.charCodeAt(i)) && isHan(text.charCodeAt(i + 1))) pairs.add(text.slice(i, i + 2));
  }
  return pairs;
}

export class MeasureUnits {
  /** Character pair → unit → figures printed in that unit with the pair beside them. */
  private readonly seen = new Map<string, Map<string, number>>();
  /** The figures not learned from yet, in order. */
  private readonly unread: Iterator<Figure>;
  private done = false;

  private constructor(figures: FigureList) {
    this.unread = figures[Symbol.iterator]();
  }

  static learn(figures: FigureList): MeasureUnits {
    const units = new MeasureUnits(figures);
    units.learnSome(Infinity);
    return units;
  }

  /**
   * Learns a slice of the figures per turn of the event loop (a news corpus has 367k: 1.3 s in one
   * go), so a server that has just opened its index answers meanwhile; a question that needs the
   * units before then learns the rest at once.
   */
  static learnInBackground(figures: FigureList, slice = 20_000): MeasureUnits {
    const units = new MeasureUnits(figures);
    const step = () => {
      if (!units.learnSome(slice)) setImmediate(step).unref();
    };
    setImmediate(step).unref();
    return units;
  }

  /** Every figure has been learned from. */
  get complete(): boolean {
    return this.done;
  }

  /** Learns from the next `count` figures; true once every figure is learned. */
  private learnSome(count: number): boolean {
    for (let n = 0; n < count && !this.done; n++) {
      const next = this.unread.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const { measure, raw, unit } = next.value;
      const at = measure.indexOf(raw);
      if (at < 0) continue;
      const around = `${measure.slice(Math.max(0, at - BEFORE), at)}|${measure.slice(at + raw.length, at + raw.length + AFTER)}`;
      for (const pair of pairsOf(around)) {
        let units = this.seen.get(pair);
        if (!units) this.seen.set(pair, (units = new Map()));
        units.set(unit, (units.get(unit) ?? 0) + 1);
      }
    }
    return this.complete;
  }

  /**
   * The units the question's measure is printed in, most printed first; none when no pair of
   * characters around its asking word tells (then any unit may answer, as before).
   */
  expected(question: string): string[] {
    this.learnSome(Infinity);
    const asking = ASKS_MEASURE.exec(question);
    if (!asking) return [];
    const window = `${question.slice(Math.max(0, asking.index - BEFORE), asking.index)}|${question.slice(asking.index + asking[0].length, asking.index + asking[0].length + AFTER)}`;
    let best: { share: number; total: number; units: Array<[string, number]> } | undefined;
    for (const pair of pairsOf(window)) {
      const units = this.seen.get(pair);
      if (!units) continue;
      const total = [...units.values()].reduce((a, b) => a + b, 0);
      if (total < MIN_SEEN) continue;
      const ranked = [...units].sort((a, b) => b[1] - a[1]);
      const share = ranked[0]![1] / total;
      if (!best || share > best.share || (share === best.share && total > best.total)) best = { share, total, units: ranked };
    }
    if (!best || best.share < MIN_SHARE) return [];
    const chosen: string[] = [];
    let covered = 0;
    for (const [unit, count] of best.units) {
      if (covered >= COVERED * best.total || chosen.length === 3) break;
      chosen.push(unit);
      covered += count;
    }
    return chosen;
  }
}
