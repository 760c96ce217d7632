/**
 * Figure answers: the number a "多少/几" question asks for, led with as printed and its period, the
 * sentence quoted. Owns the corpus's figures by document and unit, the passages added for the unit
 * asked (figureHits), and the choice among figures (a year or an item stated respectively, a case
 * narrower than asked, a figure being checked); whether a figure measures what is asked is
 * figure-measure.ts's.
 */
import { statedFigures } from '../../ingest/figures.js';
import { figuresOf, type PolicyIndex } from '../../index/store.js';
import type { Figure, Hit, PolicyDocument } from '../../types.js';
import { bigramOverlap, bigrams } from '../../text/bigrams.js';
import { escapeRegExp } from '../../text/regexp.js';
import { numberBefore } from '../question/answer-type.js';
import { narrowerCase, setAsideCase } from '../question/asked.js';
import { Citations, sourceName, type Quotable } from './citations.js';
import { clauseReference, NEXT_FACT, NOT_ANSWERED, OTHER_PERIOD, quotable, type Composed } from './compose.js';
import { coverageOf, supportOf, type Evidence } from '../candidates/evidence.js';
import { isYearTerm, type QueryTerm } from '../question/terms.js';
import { namesPartOfYear, namesPeriod, periodConflict, periodsAsked, periodsAt, periodsOf, resolvedPeriod, withYearRanges, yearRanges } from '../question/periods.js';
import { askedMagnitude, askedUnit, asksForMoney, checkedClaim, claimedFigures, type IntentAnalysis } from '../question/intent.js';
import { premiseOffsets, statedQuantities } from '../candidates/ranges.js';
import { asksChange, CHANGE_VERB, countedNear, limitAsked, limitedAct, limitOf, limitsAct, measureAgrees } from './figure-measure.js';

/** How much of the sentence before a figure's own sentence it is read with, in a text of rules (see scoreOf). */
const CONTINUED = 0.9;
/**
 * A clause of the led figure's own text of rules that states another figure of the unit asked, ranked
 * at least this share of the led one, is quoted after it: the neighbouring clause for another case or
 * actor ("所在单位…30日内提出申请" beside "社会保险行政部门…60日内作出决定") is often the one asked, and
 * the words the two share cannot tell which. (Laws tuning: 0.9, 0.7, 0.5 won 2, 5, 5 answers and lost
 * none, quoting a further clause in 24, 60, 88 of 441 answers. In a report the next sentence states
 * another measure, not another case: news won 3 of 96 answers so lengthened, and is left as it was.)
 */
const NEIGHBOUR_SHARE = 0.7;

/**
 * Words that state a figure as a total to date, from no start the sentence names: 至此, 迄今, 截至目前,
 * 成立以来. (Not a bare 累计: "1-7月，全省累计完成投资…" is the total of a period, one periodsOf does not read.)
 */
const RUNNING_TOTAL = /至此|迄今|截至目前|成立以来/;

/** What figure answers read of the corpus, and the answerer's support floor. */
export interface FigureContext {
  index: PolicyIndex;
  /** The figures each document states, in the index's order. */
  figuresByDocument: FiguresBy;
  /** The figures of each measure word rare enough to be looked up in every document (see figureHits). */
  figuresByUnit: FiguresBy;
  /** The documents of each near-duplicate group (reposts of one story), by group id. */
  reposts: Map<string, PolicyDocument[]>;
  /**
   * The support below which an answer is taken as not answered: a document named in the question
   * vouches for its only figure of the unit asked above it.
   */
  supportFloor: number;
}

/** Figures by a key, read where they are asked for. */
export interface FiguresBy {
  get(key: string): readonly Figure[] | undefined;
}

/**
 * The corpus's figures by document, and those of the rare count words by unit: read through the
 * first time a count is asked for (one pass over the figures), so a corpus whose figures are not in
 * memory is not read whole to answer.
 */
export function indexFigures(index: PolicyIndex): Pick<FigureContext, 'figuresByDocument' | 'figuresByUnit'> {
  let rare: Map<string, Figure[]> | undefined;
  const figuresByUnit = {
    get(unit: string): readonly Figure[] | undefined {
      if (!rare) {
        const counted = new Map<string, Figure[]>();
        for (const figure of index.figures) {
          if (!COUNT_WORDS.includes(figure.unit)) continue;
          const list = counted.get(figure.unit);
          if (!list) counted.set(figure.unit, [figure]);
          // (Past the limit a unit is not looked up anywhere: its list is not kept whole.)
          else if (list.length <= RARE_UNIT_FIGURES) list.push(figure);
        }
        rare = counted;
      }
      return rare.get(unit);
    },
  };
  return { figuresByDocument: { get: (docId) => figuresOf(index, docId) }, figuresByUnit };
}

/** The documents of each near-duplicate group, by group id. */
export function indexReposts(documents: Iterable<PolicyDocument>): Map<string, PolicyDocument[]> {
  const groups = new Map<string, PolicyDocument[]>();
  for (const document of documents) {
    if (!document.duplicateGroup) continue;
    const list = groups.get(document.duplicateGroup);
    if (list) list.push(document);
    else groups.set(document.duplicateGroup, [document]);
  }
  return groups;
}

const compactText = (text: string) => text.replace(/\s+/g, '');

/** How much of the quoted sentence a repost's sentence repeats to be its counterpart. */
const COUNTERPART_OVERLAP = 0.6;

/** A unit the whole corpus states at most this often is looked up in every document (see figureHits). */
const RARE_UNIT_FIGURES = 200;

/** "多少个典型案例" is printed "151项": 个 stands for any measure word of a count. */
export const COUNT_WORDS = ['项', '家', '条', '款', '件', '台', '座', '所', '名', '位', '人', '场', '次', '批', '类', '种', '部'];

/**
 * Passages holding figures of the unit a question asks for (时限 → 日, 小时 …) in the documents
 * retrieved, even when the passage's wording differs from the question's ("30日内作出决定").
 */
export function figureHits(ctx: FigureContext, intent: IntentAnalysis, terms: QueryTerm[], hits: Hit[]): Hit[] {
  if (intent.units.length === 0 || hits.length === 0) return [];
  const seen = new Set(hits.map((h) => h.chunk.id));
  const documents = new Set(hits.map((h) => h.document.id));
  const floor = hits[hits.length - 1]!.score;
  const inRetrieved = [...documents]
    .flatMap((id) => ctx.figuresByDocument.get(id) ?? [])
    .filter((f) => intent.units.includes(f.unit) && !seen.has(f.chunkId))
    .map((f) => ({ f, coverage: coverageOf(f.sentence, terms) }))
    .filter(({ coverage }) => coverage > 0);
  // A count by a rare measure word ("多少款") is looked up in every document: the passage that
  // states it may rank below passages that only share the question's words. Only a sentence that
  // matches well counts. (Amounts, shares and durations are stated of too many things for that.)
  const rare = intent.units.filter((unit) => COUNT_WORDS.includes(unit)).map((unit) => ctx.figuresByUnit.get(unit) ?? []);
  const stated = rare.reduce((sum, list) => sum + list.length, 0);
  const elsewhere = stated > 0 && stated <= RARE_UNIT_FIGURES
    ? rare.flat().filter((f) => !documents.has(f.docId) && !seen.has(f.chunkId)).map((f) => ({ f, coverage: coverageOf(f.sentence, terms) })).filter(({ coverage }) => coverage >= 0.6)
    : [];
  const candidates = [...inRetrieved, ...elsewhere].sort((a, b) => b.coverage - a.coverage);
  const extra: Hit[] = [];
  for (const { f } of candidates) {
    const chunk = ctx.index.chunks.get(f.chunkId);
    const document = ctx.index.documents.get(f.docId);
    if (!chunk || !document || seen.has(chunk.id)) continue;
    seen.add(chunk.id);
    extra.push({ chunk, document, score: floor });
    if (extra.length >= 2) break;
  }
  return extra;
}

/** The figures a sentence states. */
export function figuresIn(ctx: Pick<FigureContext, 'figuresByDocument'>, evidence: Evidence): Figure[] {
  return (ctx.figuresByDocument.get(evidence.hit.document.id) ?? []).filter((f) => f.start >= evidence.start && f.end <= evidence.end);
}

/**
 * Whether two sources can state one figure differently: two reports, or two versions of one text.
 * A rule's number and a report's (a case's 约定试用期为3个月 beside the law's 不得超过六个月) are
 * two facts, not two statements of one.
 */
function comparable(a: PolicyDocument, b: PolicyDocument): boolean {
  return (a.type === '新闻' && b.type === '新闻') || a.versionKey === b.versionKey;
}

/**
 * Leads with the number as printed, with its period, then quotes the sentence and names the
 * source. When other sources give a different number for the same thing, they are listed too.
 */
export function figureAnswer(ctx: FigureContext, question: string, intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations, named = new Set<string>()): Composed | undefined {
  // A statement being checked may state the source's figure or a wrong one.
  const claimed = claimedFigures(question);
  const stated = statedQuantities(question);
  const magnitude = askedMagnitude(question);
  const withUnits = (units: string[]) =>
    evidence
      // A number the question itself states ("151项案例中…有多少项？") is its premise, not the answer; so
      // is a rule's condition on it ("签了两年的…" and "期限一年以上不满三年的，试用期不得超过二个月").
      .map((e) => ({ e, premises: premiseOffsets(e.hit.document.text.slice(e.start, e.end), stated) }))
      .map(({ e, premises }) => ({
        e,
        figures: figuresIn(ctx, e).filter((f) => (units.length === 0 || units.includes(f.unit)) && f.value >= magnitude && (!question.includes(f.raw) || claimed.includes(f.raw)) && !premises.has(f.start - e.start)),
      }))
      .filter(({ figures, e }) => figures.length > 0 && e.coverage > 0);
  // Prefer the unit the question asks for (多少家 → 家); any figure, less confidently, if none has it.
  // A change in an amount is printed as a share too ("收入…同比增长了多少" → 同比增长2.7%).
  const changeAsked = asksChange(question);
  // (Not where the question names its measure word: "减少了多少分钟", "增加了多少亿元" are printed in it.)
  const shareToo = changeAsked && intent.units.length > 0 && askedUnit(question).length === 0;
  let withFigures = withUnits(shareToo ? [...new Set([...intent.units, '%', '个百分点'])] : intent.units);
  let unitFactor = 1;
  if (intent.units.length === 1 && intent.units[0] === '个' && !withFigures.some(({ e, figures }) => figures.some((f) => measureAgrees(question, f, e.text, terms) && countedNear(question, f, e.text)))) {
    const counted = withUnits(COUNT_WORDS).filter(({ e, figures }) => figures.some((f) => measureAgrees(question, f, e.text, terms)));
    if (counted.length > 0) withFigures = counted;
  }
  // (A share is never answered by a count: "广东省占多少" is not "300多个城市"; nor an amount of money by
  // anything but money: "受贿的金额是多少" is not "3天".)
  if (withFigures.length === 0 && intent.units.length > 0 && !intent.units.includes('%') && !asksForMoney(intent)) {
    withFigures = withUnits([]);
    // (A figure in another unit than the one asked for keeps 0.3 of its support.)
    unitFactor = 0.3;
  }
  // In a text of rules, a figure stated in the sentence right after a better one is read with it: a
  // rule, then its limit ("…明确突发公共事件等紧急状态下的应急审查流程…。应急审查一般在72小时内完成。").
  // (Not after "；", which parts cases: "床位不满100张的…；床位在100张以上的…". Nor in a report or a
  // plan: their next sentence is the next fact or target.)
  const endingAt = new Map(evidence.filter((e) => !NEXT_FACT.has(e.hit.document.type) && e.text.endsWith('。')).map((e) => [`${e.hit.document.id}:${e.end}`, e]));
  const previousSentence = (e: Evidence) => endingAt.get(`${e.hit.document.id}:${e.start}`);
  const scoreOf = (e: Evidence) => Math.max(e.score, CONTINUED * (previousSentence(e)?.score ?? 0));
  // A figure of the very unit asked for ("几条" → 4条) may sit in a less prominent sentence.
  // (Measured from the best sentence about a case the question does not set aside.)
  const leading = Math.max(...evidence.map((e) => e.score * (setAsideCase(question, e.text) ? 0.5 : 1)));
  const floor = leading * (unitFactor === 1 && intent.units.length > 0 ? 0.6 : 0.7);
  // A question naming no unit prefers figures in the units its measure is printed in ("估值是多少" →
  // 美元, 元), when one of them stands in a sentence as good as any other's.
  if (intent.units.length === 0 && intent.expectedUnits?.length) {
    const preferred = withUnits(changeAsked ? [...intent.expectedUnits, '%', '个百分点'] : intent.expectedUnits);
    if (preferred.some(({ e }) => scoreOf(e) >= floor)) withFigures = preferred;
  }
  // Figures that count what is asked for ("几个层级" → 四个层级, not 14个行业) come first.
  let agreeing = withFigures
    .map(({ e, figures }) => ({ e, figures: figures.filter((f) => measureAgrees(question, f, e.text, terms)) }))
    .filter(({ figures }) => figures.length > 0);
  // A time limit is for one act: one for another act than asked does not answer. (Unless no candidate
  // prints a pair of the act's characters, "几年内交齐" for "五年内缴足": then no limit can be told by it.)
  const act = limitedAct(question);
  const actPairs = bigrams(act ?? '');
  if (act && evidence.some((e) => bigramOverlap(actPairs, e.text) > 0)) {
    agreeing = agreeing.map(({ e, figures }) => ({ e, figures: figures.filter((f) => limitsAct(act, f, e.text)) })).filter(({ figures }) => figures.length > 0);
  }
  // A question about the present ("现在有多少用户") is answered by a count, before a forecast ("华为预测…将超").
  // ("华为预测，…将超", not "设备故障预测" as a named scenario.)
  const forecast = /预测[，,：:]|预计|有望|将(?:达|超|突破|有|实现)/;
  const present = !/预测|预计|有望|将|目标|计划|力争|未来|明年|到20\d\d|要达到|要突破/.test(question);
  // A figure for a narrower case than asked ("对纳入复核清单的…活动…不超过6个月" when the question
  // names no such list) ranks below one that applies as asked ("…一般不超过12个月").
  // A figure for another quarter, half or month than asked ranks below one for the period asked.
  const weight = (e: Evidence) => scoreOf(e) * (present && forecast.test(e.text) ? 0.75 : 1) * (narrowerCase(e.text, terms) ? 0.85 : 1) * (e.features.periodConflict && claimed.length === 0 ? 0.5 : 1);
  // A figure for a case the question sets aside ranks below any other.
  const aside = (e: Evidence) => (setAsideCase(question, e.text) ? 1 : 0);
  agreeing.sort((a, b) => aside(a.e) - aside(b.e) || weight(b.e) - weight(a.e));
  let best = agreeing.find(({ e }) => scoreOf(e) >= floor) ?? withFigures[0];
  // The only figure of the unit asked in the document that matches the question best ("聊了多少场"
  // → "共“聊”了900多场") may sit in a sentence worded unlike the question: the document vouches for it.
  let vouched = 1;
  // (Counts only: amounts and rates are what near-miss questions ask for, "每台补贴多少钱".)
  const counting = intent.units.length > 0 && !asksForMoney(intent) && !intent.units.includes('%');
  if ((!best || scoreOf(best.e) < floor) && unitFactor === 1 && counting) {
    const top = evidence[0]!;
    // (Not a sentence about another place than asked: "江北区…5000多件" for a question on 象山县.)
    const inTop = agreeing.filter(({ e }) => e.hit.document.id === top.hit.document.id && !e.features.placeConflict);
    if (inTop.length > 0 && new Set(inTop.flatMap(({ figures }) => figures.map((f) => f.raw))).size === 1) {
      best = inTop[0]!;
      vouched = Math.max(1, (0.7 * supportOf(top, terms)) / Math.max(supportOf(best.e, terms), 0.01));
    }
  }
  if (!best || (scoreOf(best.e) < floor && vouched === 1)) return undefined;
  const agrees = agreeing.some(({ e }) => e === best.e);
  if (agrees) withFigures = agreeing;
  // Of several figures in the sentence, the one whose clause matches the question ("数据集不少于5个", not "至少选择3个").
  // (Not a year of a statement being checked: that may be what is wrong.)
  const askedYears = terms.filter((t) => isYearTerm(t.term) && !claimed.some((raw) => raw.startsWith(t.term.slice(0, 4)))).map((t) => t.term.slice(0, 4));
  const respective = askedYears.length === 1 ? respectiveFigure(best.e, best.figures, askedYears[0]!) : undefined;
  // Figures stated respectively for a list of items ("…和手持订单量…分别占…49.6%、72.6%和53.2%") by the item named;
  // other figures of one clause ("41个工业大类、207个工业中类、666个工业小类") by what follows each.
  // A question on a change ("同比增长了多少") is answered by the figure the change verb states
  // ("收入达1016亿元，同比增长2.7%": 2.7%), not the level beside it.
  const printed = best.e.hit.document.text;
  const states = (f: Figure) => (changeAsked && CHANGE_VERB.test(printed.slice(Math.max(0, f.start - 6), f.start)) ? 1 : 0);
  // Of figures for several periods, the one for the period asked ("截至第二季度末…9.8亿美元，高于第一季度末的
  // 约8.74亿美元" answers 第一季度 with 8.74亿): a figure's period is the one named nearest before it. (Only
  // to choose within the sentence: "第一季度和第二季度分别为X和Y" names 第二季度 nearest before X as well.)
  const askedPeriods = periodsAsked(question);
  const sentence = printed.slice(best.e.start, best.e.end);
  const ofOtherPeriod = new Set(claimed.length > 0 ? [] : best.figures.filter((f) => periodConflict(askedPeriods, periodsAt(sentence, f.start - best.e.start))));
  // A question for a limit ("最多能抽多少", "最短几天") is answered by the figure the sentence states as
  // that limit ("一般为二百毫升，最多不得超过四百毫升": 四百毫升).
  const limit = limitAsked(question);
  const statesLimit = (f: Figure) => (limit && limitOf(printed, f) === limit ? 1 : 0);
  // (The words right after a figure are its own up to the next item: "95868人次、喀什机场" names no 喀什 for it.)
  const after = (f: Figure) => /^[^、]*/.exec(withinSentence(best.e, f).slice(f.raw.length, f.raw.length + 6))![0];
  const fit = (f: Figure) => coverageOf(f.measure, terms) + 0.5 * coverageOf(after(f), terms) + states(f) + statesLimit(f) - (ofOtherPeriod.has(f) ? 2 : 0);
  // Figures of one clause listed with 、 fit alike; the words of their own item tell them apart: before
  // the figure, "乌鲁木齐机场…95868人次、喀什机场…14819人次", or after it where the item opens with the
  // figure, "7000余家先进级、500余家卓越级".
  const item = (f: Figure) => {
    const before = /[^、，。；：,;:]*$/.exec(printed.slice(Math.max(best.e.start, f.start - 40), f.start))![0];
    return coverageOf(/[\u4e00-\u9fff]{2}/.test(before) ? before : /^[^、，。；：,;:]*/.exec(printed.slice(f.end, Math.min(best.e.end, f.end + 40)))![0], terms);
  };
  const fitsBetter = (b: Figure, a: Figure) => fit(b) > fit(a) + 1e-9 || (Math.abs(fit(b) - fit(a)) <= 1e-9 && item(b) > item(a));
  const counted = numberBefore(question, best.e.text);
  const figure = respective ?? respectiveItemFigure(best.e, best.figures, question) ?? best.figures.find((f) => counted?.startsWith(f.raw)) ?? best.figures.reduce((a, b) => (fitsBetter(b, a) ? b : a));
  const before = figure.qualifier?.split('…')[0];
  // "50项以上", "三日内" are led with their bound: "50项" alone says exactly fifty.
  const boundAt = (end: number) => /^(?:以上|以下|左右|以内|之内|内)/.exec(printed.slice(end))?.[0] ?? '';
  // A range is led whole: "一千元至三千元以上", "三倍以上五倍以下", "三万元以上不满二十万元".
  const ranges = (from: Figure, to: Figure) => {
    if (to.unit !== from.unit || to.start <= from.end || to.start > from.end + 6) return false;
    const gap = printed.slice(from.end, to.start);
    // (A bare bound between two figures is a range only with the other bound after: "…以上五倍以下".)
    if (/^(?:以上|以下)$/.test(gap)) return boundAt(to.end) === (gap === '以上' ? '以下' : '以上');
    return /^(?:以上|以下)?(?:至|到|～|~|—|-|不满|不足|未满)$/.test(gap);
  };
  const rangeStart = best.figures.find((f) => ranges(f, figure));
  const rangeEnd = rangeStart ? undefined : best.figures.find((f) => ranges(figure, f));
  const [low, high] = rangeStart ? [rangeStart, figure] : rangeEnd ? [figure, rangeEnd] : [figure, undefined];
  const printedAs = high ? `${low.raw}${printed.slice(low.end, high.start)}${high.raw}${boundAt(high.end)}` : `${figure.raw}${boundAt(figure.end)}`;
  const qualifier = before && !/^[余多来]$/.test(before) && !/^(?:共|累计|合计)$/.test(before) ? before : '';
  // "不得超过六个月" is led with its negation: "超过六个月" alone says the opposite.
  const negation = qualifier && printed.slice(figure.start - qualifier.length, figure.start) === qualifier ? (/(?:不得|不能|不应|不宜|不|未|没有|没)$/.exec(printed.slice(Math.max(0, figure.start - qualifier.length - 2), figure.start - qualifier.length))?.[0] ?? '') : '';
  // (A number in a unit the index does not know, "400吉瓦时", leads as printed: no figure of the index
  // is it, so no other source's figure is compared with it.)
  const unindexed = counted !== undefined && !counted.startsWith(figure.raw);
  // (Its qualifier and negation stand before the figure: before the range only when it starts it.)
  const lead = unindexed ? counted : `${low === figure ? `${negation}${qualifier}` : ''}${printedAs}`;
  const statedPeriod = respective ? `${askedYears[0]}年` : figure.period && resolvedPeriod(figure.period, best.e.hit.document.date);
  let period = statedPeriod ? `（${statedPeriod}）` : '';
  // "2023年和2024年各压减了多少？": each year's figure of a range stated respectively.
  const eachYear = askedYears.length > 1 ? askedYears.map((year) => respectiveFigure(best.e, best.figures, year)) : [];
  if (eachYear.length > 0 && eachYear.every(Boolean)) period = eachYear.map((f, i) => `${i === 0 ? '（' : `、${f!.raw}（`}${askedYears[i]}年）`).join('');
  const provision = wholeProvision(best.e);
  let text = `${eachYear.length > 0 && eachYear.every(Boolean) ? eachYear[0]!.raw : lead}${period}。据${sourceName(best.e.hit.document)}：“${provision.text}”${citations.cite(provision)}`;
  // Reposts of one story (index/duplicates.ts) are one source: each figure is cited from one of them.
  const cited = new Set<string>();
  const citedOnce = (document: PolicyDocument, value: number) => {
    if (!document.duplicateGroup) return true;
    const key = `${document.duplicateGroup}:${value}`;
    return !cited.has(key) && Boolean(cited.add(key));
  };
  citedOnce(best.e.hit.document, figure.value);
  const others: Evidence[] = [];
  for (const { e, figures } of withFigures) {
    if (unindexed || others.length === 2) break;
    // (Or the passage retrieval ranked first, nearly as good a sentence: the two rankings disagree.)
    const firstPassage = e.rank === 0 && best.e.rank !== 0 && e.score >= best.e.score * 0.7;
    if (e === best.e || e.hit.document.id === best.e.hit.document.id || (e.coverage < best.e.coverage * 0.9 && !firstPassage)) continue;
    // (Nor the sentence quoted, as another version of a law or a report quoting it prints it.)
    if (provision.text.includes(e.text)) continue;
    const differing = figures.find((f) => f.unit === figure.unit && f.value !== figure.value);
    if (differing && citedOnce(e.hit.document, differing.value)) others.push(e);
  }
  for (const other of others) {
    text += `\n另据${sourceName(other.hit.document)}：“${other.text}”${citations.cite(quotable(other))}`;
  }
  // A repost that states another figure in its copy of the quoted sentence, though retrieval ranked it
  // below other stories (see Retriever.search).
  const repost = !unindexed && others.length < 2 ? repostFigure(ctx, best.e, figure, cited) : undefined;
  if (repost) text += `\n另据${sourceName(repost.document)}：“${repost.document.text.slice(repost.start, repost.end)}”${citations.cite(repost)}`;
  // Sources disagree where one states the figure otherwise: not where it states the led figure too
  // ("培育10个亿级连接…、100个千万级连接…"), nor where two texts' rules differ by design (two laws'
  // time limits); only reports, and versions of one text, state a figure another could state otherwise.
  const disagrees = (e: Evidence) => comparable(best.e.hit.document, e.hit.document) && !figuresIn(ctx, e).some((f) => f.unit === figure.unit && f.value === figure.value);
  if (others.some(disagrees) || repost) text += '\n各来源表述的数字不同，请按统计口径和时间核对。';
  text += checkNote(question, figure, best.e.text);
  // The neighbouring clause of a text of rules for another case (NEIGHBOUR_SHARE), after the other
  // sources: a follow-up keeps to the first two documents cited (question/conversation.ts). (Not one for
  // a case the question sets aside, nor beside a statement being checked.)
  const neighbour = unindexed || claimed.length > 0 || NEXT_FACT.has(best.e.hit.document.type) ? undefined : withFigures.find(({ e, figures }) =>
    e.hit.document.id === best.e.hit.document.id && !provision.text.includes(e.text) && !e.text.includes(provision.text) && !aside(e) &&
    weight(e) >= weight(best.e) * NEIGHBOUR_SHARE && figures.some((f) => f.unit === figure.unit && f.value !== figure.value));
  if (neighbour) text += `\n另据${sourceName(neighbour.e.hit.document)}${clauseReference(neighbour.e, { trail: true, quote: neighbour.e.text })}：“${neighbour.e.text}”${citations.cite(quotable(neighbour.e))}`;
  // A figure for another year does not answer a question about this one.
  const statedYear = /(?:19|20)\d{2}/.exec(statedPeriod ?? '')?.[0];
  const allStated = eachYear.length > 0 && eachYear.every(Boolean);
  const otherYear = !allStated && askedYears.length > 0 && statedYear !== undefined && !askedYears.includes(statedYear) && !askedYears.every((y) => withYearRanges(best.e.text).includes(y));
  const narrowed = narrowsToListedItem(best.e, terms);
  // …and does not answer it ("2023年第一季度…多少" by "2023年第二季度财报，合并营收为…"). (A statement
  // being checked may state the wrong period: that is what is checked.)
  // …nor does a running total ("至此…累计突破51亿千瓦时") answer a question for a half, a quarter or a
  // month, in a sentence that names no period. (A year's may be the total to date in a report of
  // that year: "2025年…用户数已超过多少" ← "截至目前…用户数超过1000万".)
  const runningTotal = RUNNING_TOTAL.test(printed.slice(best.e.start, figure.start)) && namesPartOfYear(askedPeriods) && !namesPeriod(periodsOf(sentence));
  const otherPeriod = !allStated && !respective && claimed.length === 0 && (best.e.features.periodConflict === 1 || runningTotal);
  const previous = previousSentence(best.e);
  const support = Math.max(supportOf(best.e, terms), previous ? CONTINUED * supportOf(previous, terms) : 0) * vouched * (otherYear || otherPeriod ? OTHER_PERIOD : 1) * unitFactor * (agrees ? 1 : NOT_ANSWERED) * (narrowed ? 0.3 : 1);
  // The question names the document (文号, 《title》) and this is its only figure of the unit asked,
  // for the years asked: the document vouches for it however the question is worded.
  const onlyOne = named.has(best.e.hit.document.id) && intent.units.length > 0 && unitFactor === 1 && agrees && !otherYear && !narrowed &&
    new Set((ctx.figuresByDocument.get(best.e.hit.document.id) ?? []).filter((f) => intent.units.includes(f.unit) && askedYears.every((y) => (f.period ?? f.sentence).includes(y))).map((f) => f.raw)).size === 1;
  return { text, support: onlyOne ? Math.max(support, ctx.supportFloor * 1.2) : support };
}

/** How far past its clause a provision is quoted, at most. */
const PROVISION_TAIL = 200;

/**
 * The quoted clause with the rest of its provision: a clause that ends on "；" is one part of a
 * sentence whose later parts qualify it ("…要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足
 * 一千元的，为一千元。"). Quoted to the sentence's "。" on the same line, within the passage; an
 * enumeration on the lines below is not part of it.
 */
function wholeProvision(evidence: Evidence): Quotable & { text: string } {
  const quoted = { ...quotable(evidence), text: evidence.text };
  if (!evidence.text.endsWith('；')) return quoted;
  const printed = evidence.hit.document.text;
  const rest = printed.slice(evidence.end, Math.min(evidence.hit.chunk.end, evidence.end + PROVISION_TAIL));
  const stop = rest.search(/[。\n]/);
  if (stop < 0 || rest[stop] !== '。') return quoted;
  const end = evidence.end + stop + 1;
  return { ...quoted, end, text: printed.slice(evidence.start, end).trim() };
}

/**
 * The sentence of a near-duplicate of the quoted document that repeats the quoted sentence with
 * another figure of the same unit (a repost that updated or misprinted it), if one does and no
 * source stating that figure is cited yet.
 */
function repostFigure(ctx: FigureContext, quoted: Evidence, figure: Figure, cited: Set<string>): Quotable | undefined {
  const group = quoted.hit.document.duplicateGroup;
  if (!group) return undefined;
  const sentence = bigrams(quoted.text);
  for (const document of ctx.reposts.get(group) ?? []) {
    if (document.id === quoted.hit.document.id) continue;
    const figures = ctx.figuresByDocument.get(document.id) ?? [];
    for (const other of figures) {
      if (other.unit !== figure.unit || other.value === figure.value || cited.has(`${group}:${other.value}`)) continue;
      // The counterpart of the quoted figure: its sentence repeats the quoted one, the words before it
      // are the same ("中型企业PMI为", not "小型企业PMI为"), and the sentence does not also print the
      // quoted figure (then it is another of its figures).
      if (bigramOverlap(sentence, other.sentence) < COUNTERPART_OVERLAP || compactText(other.measure) !== compactText(figure.measure)) continue;
      if (figures.some((f) => f.sentence === other.sentence && f.unit === figure.unit && f.value === figure.value)) continue;
      const start = document.text.indexOf(other.sentence, Math.max(0, other.start - other.sentence.length));
      const chunk = ctx.index.chunks.get(other.chunkId);
      if (start < 0) continue;
      return { document, ...(chunk ? { chunk } : {}), start, end: start + other.sentence.length };
    }
  }
  return undefined;
}

/**
 * "清单里城市地下管网建设改造领域安排了多少亿元？" when the figure is the list's total and the
 * document names 城市地下管网建设改造 only as one item of an enumeration ("涉及人工智能、城市地下管网
 * 建设改造、…等重点领域"): the question asks for one item's share, which the figure is not.
 */
function narrowsToListedItem(evidence: Evidence, terms: QueryTerm[]): boolean {
  const sentence = evidence.text.toLowerCase();
  const text = evidence.hit.document.text.toLowerCase();
  // Only a term the document mentions solely as such an item: one it also discusses is its topic.
  const onlyListed = (form: string) => {
    const mentions = [...text.matchAll(new RegExp(escapeRegExp(form), 'g'))];
    // (An item of an enumeration of three or more: "全国人大代表、传化集团董事长徐冠巨" is an apposition.)
    const clause = (at: number) => text.slice(0, at).split(/[，。；：\n]/).at(-1)! + text.slice(at).split(/[，。；：\n]/)[0]!;
    return mentions.length > 0 && mentions.every((m) => (text[m.index - 1] === '、' || /^[^，。；：、\n]{0,8}、/.test(text.slice(m.index + form.length))) && clause(m.index).split('、').length >= 3);
  };
  return terms.some(
    (term) =>
      term.term.length >= 4 &&
      !term.forms.some((form) => sentence.includes(form) || evidence.hit.document.title.toLowerCase().includes(form)) &&
      term.forms.some(onlyListed),
  );
}

/**
 * "2023年至2025年，分别压减预算支出7968万元、8235万元和8300万元": the figure for one year of a
 * range (or list) of years that a sentence states respectively.
 */
export function respectiveFigure(evidence: Evidence, figures: Figure[], year: string): Figure | undefined {
  if (!/分别|依次/.test(evidence.text)) return undefined;
  const range = yearRanges(evidence.text)[0];
  const years = range
    ? Array.from({ length: range.to - range.from + 1 }, (_, i) => String(range.from + i))
    : [...evidence.text.matchAll(/((?:19|20)\d{2})年/g)].map((m) => m[1]!);
  const unit = figures[0]?.unit;
  const listed = figures.filter((f) => f.unit === unit).sort((a, b) => a.start - b.start);
  const at = years.indexOf(year);
  return at >= 0 && years.length === listed.length && years.length > 1 ? listed[at] : undefined;
}

/** How many characters two texts end alike. */
function sharedEnd(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * What tells the items of a list apart: coordinated items share their head ("完工量、新接订单量和手持
 * 订单量": 量, 订单量), and the two characters before the head each shares with another item name it
 * (完工, 新接, 手持). The last item is first cut after the head it shares ("手持订单量以载重吨计": the
 * list's qualifier follows).
 */
function distinctiveParts(items: string[]): string[] {
  const last = items.at(-1)!;
  const head = items.slice(0, -1).reduce((common, item) => item.slice(item.length - sharedEnd(item, common)), items[0]!);
  const cut = head ? last.lastIndexOf(head) : -1;
  const trimmed = cut >= 0 ? [...items.slice(0, -1), last.slice(0, cut + head.length)] : items;
  return trimmed.map((item, i) => {
    const shared = Math.max(...trimmed.map((other, j) => (i === j ? 0 : sharedEnd(item, other))));
    return item.slice(0, item.length - shared).slice(-2);
  });
}

/**
 * "造船完工量、新接订单量和手持订单量…分别占世界总量的49.6%、72.6%和53.2%": the figure a sentence
 * states respectively for the item the question names (手持订单量 → 53.2%). Items are what 、, 和, 及
 * and 与 join before 分别/依次 in its clause; the figures of the unit asked follow it in the same order.
 */
export function respectiveItemFigure(evidence: Evidence, figures: Figure[], question: string): Figure | undefined {
  const sentence = evidence.hit.document.text.slice(evidence.start, evidence.end);
  for (const marker of sentence.matchAll(/分别|依次/g)) {
    const at = evidence.start + marker.index;
    const items = sentence.slice(0, marker.index).split(/[，。；：\n]/).at(-1)!.split(/、|和|及|与/).filter((item) => item.length >= 2);
    if (items.length < 2) continue;
    // (The list runs to the clause's end, or to the next 分别 and its own list.)
    const clauseEnd = at + 2 + sentence.slice(marker.index + 2).search(/[；。\n]|分别|依次|$/);
    const unit = figures.find((f) => f.start > at)?.unit;
    const listed = figures.filter((f) => f.unit === unit && f.start > at && f.start < clauseEnd).sort((a, b) => a.start - b.start);
    if (listed.length !== items.length) continue;
    const named = distinctiveParts(items).map((part, i) => (part.length === 2 && question.includes(part) ? i : -1)).filter((i) => i >= 0);
    if (named.length === 1) return listed[named[0]!];
  }
  return undefined;
}

/**
 * For a statement being checked, whether its figure of the same kind matches the source's:
 * "所核对的“200余条”与原文（400余条）不一致". Said only when the statement has one such figure.
 */
function checkNote(question: string, figure: Figure, sentence: string): string {
  const claim = checkedClaim(question);
  if (!claim) return '';
  const same = statedFigures(claim).filter((f) => f.unit === figure.unit);
  // A claimed figure the quoted sentence also prints (占全年8000亿元) is not the one in question.
  const unconfirmed = same.filter((f) => f.value === figure.value || !statedFigures(sentence).some((s) => s.value === f.value && s.unit === f.unit));
  if (unconfirmed.length !== 1) return '';
  const stated = unconfirmed[0]!;
  return stated.value === figure.value
    ? `\n核对：所核对的“${stated.raw}”与原文一致。`
    : `\n核对：所核对的“${stated.raw}”与原文（${figure.raw}）不一致。`;
}

/** Text stating some quantity: a number, or words for one ("百亿级", "三分之一", "翻一番"). */
export function statesQuantity(text: string, question = ''): boolean {
  // (Not in the "据《…》（文号）…：" lines naming sources, nor citation marks or model names: L3. Nor the
  // question's own numbers: "共需返还98.4万元，其中杨某应承担多少" is not answered by the 98.4万元 it states.)
  let quoted = text.split('\n').filter((line) => !/^据.*：$/.test(line)).join('\n').replace(/\[\d+\]/g, '');
  for (const number of question.match(/\d+(?:\.\d+)?/g) ?? []) quoted = quoted.replace(new RegExp(`(?<![\\d.])${escapeRegExp(number)}(?![\\d.])`, 'g'), '');
  return /(?<![A-Za-z])\d|[一二两三四五六七八九十百千万亿]+(?:级|倍|成|分之|番)/.test(quoted) || statedFigures(quoted).length > 0;
}

/** The sentence from the figure on (offsets are the document's; the sentence is trimmed). */
function withinSentence(evidence: Evidence, figure: Figure): string {
  return evidence.hit.document.text.slice(figure.start, evidence.end);
}
