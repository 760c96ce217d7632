/**
 * What a figure measures, read from its clause and sentence, and whether it is what a question asks:
 * the noun it counts, the money it names, the casualties, a rate per unit or a total, a change's
 * direction and basis (同比, 环比), the limit it states (最多, 至少) and the act a time limit is for.
 * Each is a fact of the language: "多少个5G-A基站" is not answered by "300多个城市", "存款利息是多少钱" by
 * "190万元本金", "同比下降了多少" by "同比增长33%".
 */
import nodejieba from 'nodejieba';
import { CURRENCIES } from '../../ingest/figures.js';
import type { Figure } from '../../types.js';
import { bigramOverlap, bigrams } from '../../text/bigrams.js';
import { printsFullForm } from '../../text/abbreviations.js';
import { escapeRegExp } from '../../text/regexp.js';
import { pastAuxiliaries, storyOf } from '../question/answer-type.js';
import { DURATION_UNITS } from '../question/intent.js';
import { withYearRanges } from '../question/periods.js';
import type { QueryTerm } from '../question/terms.js';

/**
 * A reading of the question, computed once for a run of calls with the same question: measureAgrees
 * asks for it for every figure of every candidate sentence.
 */
function perQuestion<T>(read: (question: string) => T): (question: string) => T {
  let last: { question: string; value: T } | undefined;
  return (question) => {
    if (last?.question !== question) last = { question, value: read(question) };
    return last.value;
  };
}

/** The noun a count question counts, by its first two characters ("多少个城市实现了…" → 城市). */
const countedNoun = perQuestion((question: string): string | undefined => {
  // (After 几 only at the question's end: "这几个产业加起来…" says "these", it does not count.)
  const counted =
    // ("多少批次的不合格样品": the measure word is 批次, and 的 is no part of the noun. "多少条别人的…信息",
    // "多少条我的信息": a pronoun owns what is counted, which is named further on; no noun is read.)
    /多少(?:批次|人次|个|家|项|台|款|条|名|位|件|所|座|辆|部|批|种|类)[A-Za-z0-9-]*(?:的|是|为)?(?!(?:别人|他人|自己|人家|大家|[我你他她它咱]们?)的?)([\u4e00-\u9fff]{2})/.exec(question)?.[1] ??
    /几(?:个|家|项|台|款|条|名|位|件|所|座|辆|部|批|种|类)([\u4e00-\u9fff]{2})(?=[？?。]|$)/.exec(question)?.[1] ??
    // …or the noun before "有多少个" at the question's end ("建成的5G-A基站有多少个？" → 基站).
    // ("分别有", "又有", "它一共有", "原文是" name no noun.)
    // ("约有", "大约有": an approximation before 有, not part of the noun.)
    // ("标准数量下限是多少项" counts 标准: 数量, 下限 say which number, not what is counted.)
    /([^\P{Script=Han}分别各又还它共这那们原总合累目现均再也都则要能会该得须需应可少约]{2})(?:数量|总数|数目|个数|总量)?(?:下限|上限|底线)?(?:一共|总共|共|约|大约|大概|将近|近)?(?:有|是)多少(?:个|家|项|台|款|条|名|位|件|所|座|辆|部|批|种|类)(?=[？?。]|$)/u.exec(question)?.[1];
  // Adverbs before 有多少 ("大概有多少家"), particles after it ("多少个来着") and what a count leads to,
  // an adverb of consequence before a modal or copula ("多少条就算情节严重", "几次就要吊销"; not 就业,
  // 便民), are not what is counted.
  if (!counted || /大概|大约|差不多|大致|现在|目前|已经|究竟|到底|一般|通常|最多|最少|至少|能够|可以|应该|需要|^(?:来着|左右|以上|上下|[了呢啊呀吗啦吧哈]|[就才便][算是要能会可得属])/.test(counted)) return undefined;
  // (A verb after the measure word, not modifying a noun, leaves the noun unsaid: "有多少家改为每天开放"
  // counts 家, the museums; in "多少条就业信息" 就业 modifies a noun and stays what is counted.)
  const [next, after] = nodejieba.tag(question.slice(question.indexOf(counted), question.indexOf(counted) + 8));
  return next?.tag === 'v' && next.word.length >= 2 && !after?.tag.startsWith('n') ? undefined : counted;
});

/**
 * A counted noun printed by its head alone right before the figure: a Chinese noun ends on its head,
 * and a count names it short ("多少座车站" ← "设站37座"; not "多少名球员" ← "共有37名员工").
 */
function headBeside(counted: string, at: number, sentence: string): boolean {
  return at >= 0 && sentence.slice(Math.max(0, at - 2), at).includes(counted.at(-1)!);
}

/**
 * The nouns naming the part a question asks about after 其中 (a part of the whole it has just named),
 * in the clause that asks: those before the part's first verb, pronoun, preposition, locative or 的
 * ("其中巨力索具一家捐了…" → 巨力, 索具; not the measure after them, "…的网络销售额"). Not a 其中 of a
 * premise ("…，其中制造业企业占六成，全省研发投入是多少？").
 */
const partNouns = perQuestion((question: string): string[] => {
  const story = storyOf(question);
  const asked = `${/其中[，,]$/.test(story) ? '其中' : ''}${question.slice(story.length)}`;
  const part = /其中([^，,。；;？?！!]+)/.exec(asked)?.[1];
  if (!part) return [];
  const words = nodejieba.tag(part);
  const end = words.findIndex((w) => /^(?:v|r|uj|p|f)/.test(w.tag));
  // ("其中第二个亮点里，…" points to a place in the text, by its order and 里: it names no part.)
  if (words[end]?.tag === 'f') return [];
  // (jieba tags a word it does not know x: "裘革".)
  return words.slice(0, end < 0 ? words.length : end).filter((w) => w.word.length >= 2 && (/^n/.test(w.tag) || (w.tag === 'x' && /^\p{Script=Han}+$/u.test(w.word)))).map((w) => w.word);
});

/**
 * Where a figure stands in its sentence, not inside a longer number ("5000名" in "15000名", "五名" in
 * "二十五名"); −1 if not found.
 */
function figureAt(figure: Figure, sentence: string): number {
  return sentence.search(new RegExp(`(?<![\\d.〇零一二两三四五六七八九十百千万])${escapeRegExp(figure.raw)}`));
}

/**
 * The counted noun is named before the figure (at `at`) or in its clause: a noun only in a later
 * clause is another subject ("现有退役军人1700余名，…老兵法律工作室" does not count 老兵).
 */
function namedBy(counted: string, at: number, sentence: string): boolean {
  if (at < 0) return sentence.includes(counted);
  const clauseEnd = sentence.slice(at).search(/[，。；,;]/);
  return sentence.slice(0, clauseEnd < 0 ? sentence.length : at + clauseEnd).includes(counted);
}

/** The counted noun stands by the figure ("151项赋能应用典型案例"), not elsewhere in its sentence. */
export function countedNear(question: string, figure: Figure, sentence: string): boolean {
  const counted = countedNoun(question);
  if (!counted) return true;
  const compact = sentence.replace(/\s+/g, '');
  const at = compact.indexOf(figure.raw.replace(/\s+/g, ''));
  return (at < 0 ? compact : compact.slice(Math.max(0, at - 24), at + figure.raw.length + 20)).includes(counted);
}

/** The words of a bound that questions and texts share: the most, the least. */
const MOST = '最多|最长|最高|至多|不超过|不得超过';
const LEAST = '最少|最短|最低|至少|不少于|不低于';
/** …as a question asks for them ("上限", "最晚") and as a text states them before a figure ("延长至"). */
const MOST_ASKED = new RegExp(`${MOST}|最大|上限|封顶|最晚|最迟`);
const LEAST_ASKED = new RegExp(`${LEAST}|最小|下限|最早`);
const MOST_STATED = new RegExp(`(?:${MOST}|不能超过|不应超过|不宜超过|延长至|延长到)$`);
const LEAST_STATED = new RegExp(`(?:${LEAST}|不得少于|不得低于)$`);

/** The limit a question asks for: the most ("最多", "最长", "上限", "不超过多少") or the least ("最少", "至少", "最短"). */
export function limitAsked(question: string): 'most' | 'least' | undefined {
  // (Not a name: 最高人民法院, 最大限度.)
  const asked = question.replace(/最高人民|最大限度/g, '');
  if (MOST_ASKED.test(asked)) return 'most';
  if (LEAST_ASKED.test(asked)) return 'least';
  return undefined;
}

/**
 * The limit a sentence states a figure as: "最多不得超过四百毫升", "可以延长至四十八小时", "三日以内" (most),
 * "不少于六个月", "五十条以上" (least). (Not a bound of the case a rule is for: "在二十四小时以内仍不能证实…的，".)
 */
export function limitOf(printed: string, figure: Figure): 'most' | 'least' | undefined {
  const before = printed.slice(Math.max(0, figure.start - 6), figure.start);
  const after = printed.slice(figure.end, figure.end + 2);
  if (/^[^，。；：]*的[，,]/.test(printed.slice(figure.end, figure.end + 40))) return undefined;
  if (MOST_STATED.test(before) || /^(?:以下|以内|之内|内)/.test(after)) return 'most';
  if (LEAST_STATED.test(before) || /^以上/.test(after)) return 'least';
  return undefined;
}

/** A question on a change rather than a level: "同比增长了多少", "增速". */
export function asksChange(question: string): boolean {
  return CHANGE_ASKED.test(question);
}

/** Verbs of a change up and of a change down. */
const RISING_VERBS = ['增长', '增加', '提高', '提升', '上升', '上涨', '回升', '延长', '扩大'];
const FALLING_VERBS = ['下降', '下跌', '下滑', '减少', '降低', '回落', '缩短', '压缩', '缩小'];
const CHANGE_VERBS = [...RISING_VERBS, ...FALLING_VERBS].join('|');
/** The verbs of a change and the nouns for its size. */
const CHANGE_WORDS = `${CHANGE_VERBS}|增幅|增速|涨幅|降幅`;
/** The verb of a change right before a figure: "同比增长5.2%", "增加35起", "降幅为3%". */
export const CHANGE_VERB = new RegExp(`(?:${CHANGE_WORDS})(?:了|为|达|约|超过?)?$`);
const CHANGE_ASKED = new RegExp(`同比|环比|增长率|增速|增幅|涨幅|(?:${CHANGE_VERBS})了?多少`);
/** A figure's measure that states a change: "同比增长2.7%", "增加9%". */
const CHANGE_STATED = new RegExp(`同比|环比|${CHANGE_WORDS}`);
/** A question that speaks of a change or a comparison anywhere: "提高了几个百分点", "比去年多了多少". */
const SPEAKS_OF_CHANGE = new RegExp(`${CHANGE_STATED.source}|变化|变动|多了|(?<!多)少了|高了|低了|(?<![占对])比(?![例重率较])[^，。？?]{1,12}?[多少高低快慢]`);
/** Words that say which number of a thing is meant, not what the money is: 金额, 标准, 上限. */
const WHICH_NUMBER = /^(?:金额|总额|数额|价格|价钱|标准|门槛|起点|限额|上限|下限|总量|规模|数量|数目|额度|费用|资金|钱数)$/;
const MONEY_HEAD = /[金费款息价资税薪酬奖贴助损润入收]$/;
/** The currency spelled out after an amount ("500万元人民币"): no other noun. */
const CURRENCY_NAME = /^(?:人民币|美金|现钞)$/;

/** The noun a question asks an amount of money of, right before "(是)多少钱/元" ("存款利息具体是多少钱" → 利息). */
const moneyNounAsked = perQuestion((question: string): string | undefined => {
  // ("净亏损多少？": 多少 ending the question asks in the unit the measure is printed in, here money.)
  const before = /^(.*?)(?:具体|一共|总共|大概|大约|共)?(?:是|为|有|达到|达)?多少(?:钱|[亿万千百]*(?:元|美元|欧元|港元|日元|英镑)|(?=[？?]?$))/.exec(question)?.[1];
  const last = before ? nodejieba.tag(before).at(-1) : undefined;
  // (A noun of money ends on its head, 金, 费, 息…: "双倍定金", "利息"; not "原文", "总盘子".)
  return last && (last.tag.startsWith('n') || last.tag === 'vn') && last.word.length >= 2 && MONEY_HEAD.test(last.word) && !WHICH_NUMBER.test(last.word) ? last.word : undefined;
});

/**
 * The text names the noun: itself, a longer form of it (a Chinese abbreviation keeps characters of
 * its full form in order: "营收" ← "营业收入", "财政资金" ← "财政安排资金"), or a shorter one, without its
 * last character ("赔偿金" ← "赔偿", "北京市" ← "北京") or its modifiers ("年终奖金" ← "奖金").
 */
function namesNoun(noun: string, text: string): boolean {
  if (text.includes(noun) || (noun.length >= 3 && text.includes(noun.slice(0, -1))) || (noun.length >= 4 && text.includes(noun.slice(-2)))) return true;
  return printsFullForm(noun, text);
}

/** Two names of one kind of money: one holds the other at an end (净利 and 净利润, 奖金 and 年终奖金). */
const sameMoney = (a: string, b: string) => a.startsWith(b) || b.startsWith(a) || a.endsWith(b) || b.endsWith(a);

/**
 * Another kind of money names the figure (at `at`): the noun right after it ("190万元本金"), or the noun
 * of money its clause ends on right before it ("偿还借款本金190万元"). Not the currency spelled out.
 */
function anotherMoney(figure: Figure, at: number, sentence: string, asked: string): boolean {
  if (at < 0) return false;
  const next = nodejieba.tag(sentence.slice(at + figure.raw.length, at + figure.raw.length + 6))[0];
  if (next && next.tag.startsWith('n') && next.word.length >= 2 && !sameMoney(next.word, asked) && !CURRENCY_NAME.test(next.word)) return true;
  const clauseStart = Math.max(0, ...[...sentence.slice(0, at).matchAll(/[，。；：,;:]/g)].map((m) => m.index + 1));
  const before = nodejieba.tag(sentence.slice(Math.max(clauseStart, at - 8), at)).at(-1);
  return before !== undefined && before.tag.startsWith('n') && before.word.length >= 2 && MONEY_HEAD.test(before.word) && !sameMoney(before.word, asked);
}

/**
 * What reports count people by, as asked and as stated: the casualties (伤亡: the dead and the
 * injured), the dead, the injured, the missing.
 */
const CASUALTIES = [
  { asked: '伤亡', stated: /死|亡|伤|遇难|丧生|罹难|遇害/ },
  { asked: '死|遇难|丧生|罹难|身亡|遇害', stated: /死|遇难|丧生|罹难|身亡|遇害/ },
  { asked: '伤', stated: /伤/ },
  { asked: '失踪', stated: /失踪/ },
].map(({ asked, stated }) => ({ asked: new RegExp(`多少名?人[^，。？?]{0,8}?(?:${asked})`), stated }));

/** A question asking how much per unit of something ("每部", "每人", "每平方米"; not per span of time, "每个月"). */
const PER_UNIT_ASKED = /每(?:[\u4e00-\u9fff]{1,3}一|一)?(?:个(?![月季星小工学年周])|部|台|人|户|吨|家|件|辆|名|张|份|亩|平方米|公斤|千克|斤|头|只|位|套|所|间|股|袋|瓶|盒|本|笔)[^，。？?]*?(?:，[^，。？?]*?)?(?:多少|几)/;
/** …unless the question asks for a total after stating a rate: "每名学生补助1000元，全校一共发放了多少". */
const TOTAL_ASKED = /一共|总共|共计|合计|累计|总计/;
/** A sentence stating a rate per unit: 每…, an average (人均, 单价), or a unit per another ("30元/平方米"). */
const PER_UNIT_STATED = /每|人均|户均|单价|均价|平均|[/／]/;

const RISING = new RegExp(`${RISING_VERBS.join('|')}|增幅|涨幅`);
const FALLING = new RegExp(`${FALLING_VERBS.join('|')}|降幅`);
type Direction = 'up' | 'down';
const opposite = (direction: Direction): Direction => (direction === 'up' ? 'down' : 'up');

/** Which way a text's change goes, where its verbs all go one way. */
function directionOf(text: string): Direction | undefined {
  const up = RISING.test(text);
  const down = FALLING.test(text);
  return up === down ? undefined : up ? 'up' : 'down';
}


/** The act a time limit is asked for: "多少日内出具认定结论" → 出具认定结论 (past a modal verb). */
export function limitedAct(question: string): string | undefined {
  const act = /(?:(?:多少|几)(?:个工作|个)?(?:日|天|小时|月|年)|多长(?:时间|期限)|多久)(?:内|以内|之内)([^，。？?、；]{2,12})/.exec(question)?.[1];
  return act === undefined ? undefined : pastAuxiliaries(act);
}

/**
 * Whether a time limit is for the act asked: "多少日内出具认定结论" is not answered by "十日内…提出复核
 * 申请". The act follows the limit, maybe in the next clause ("三日内，向…作出书面报告"), after the case
 * it is for ("三十日内，任何一方不愿意离婚的，可以…撤回": a clause ending in 的 states a condition).
 */
export function limitsAct(act: string, figure: Figure, sentence: string): boolean {
  if (!DURATION_UNITS.includes(figure.unit)) return true;
  const clauses: string[] = [];
  let acts = 0;
  let conditions = 0;
  for (const clause of sentence.slice(sentence.indexOf(figure.raw) + figure.raw.length).split(/[，。；]/)) {
    clauses.push(clause);
    // (At most two conditions are read past: a chain of them is a list, not one act's case.)
    if (clause.endsWith('的') && conditions < 2) conditions++;
    else if (++acts === 2) break;
  }
  const after = clauses.join('，');
  const asked = bigrams(act);
  // (A two-character act is matched by a character: "做完" by "完成".)
  return asked.size === 0 || bigramOverlap(asked, after) > 0 || (act.length <= 2 && [...act].some((c) => !/[出进行作做开展提]/.test(c) && after.includes(c)));
}

/**
 * Whether a figure measures what the question counts: "多少个5G-A基站" is not answered by "300多个城市",
 * nor "同比增长了多少" by the size of an industry.
 */
export function measureAgrees(question: string, figure: Figure, sentence: string, terms: QueryTerm[] = []): boolean {
  const at = figureAt(figure, sentence);
  const counted = countedNoun(question);
  if (counted && !namedBy(counted, at, sentence) && !headBeside(counted, at, sentence)) {
    // ("多少条企业那边的需求": in "A的B" the head B is what is counted, where it follows the figure:
    // "400余条行业需求".)
    const head = new RegExp(`${counted}[\u4e00-\u9fff]{0,4}?的([\u4e00-\u9fff]{2})`).exec(question)?.[1];
    if (!head || at < 0 || !sentence.slice(at + figure.raw.length, at + figure.raw.length + 6).includes(head)) return false;
  }
  if (ofAnotherSubject(question, figure.measure, sentence, terms)) return false;
  // "…合计捐赠2073.1万元，其中巨力索具一家捐了多少钱" asks for a part of the whole it names: a sentence
  // stating a figure of the part names the part.
  if (partNouns(question).some((noun) => !namesNoun(noun, sentence))) return false;
  // "专项资金规模是多少亿元" is not answered by an industry's 规模: the amount's noun stands in the sentence.
  const amountOf = figure.unit === '元' ? /([\u4e00-\u9fff]{2})(?:规模|总额|金额|总量)(?:是|为|有|达到|要达到)?多少(?:亿|万)?元/.exec(question)?.[1] : undefined;
  if (amountOf && !/^(?:产业|行业|经济|市场|总体|整体|总的)$/.test(amountOf) && !sentence.includes(amountOf)) return false;
  // "安排了多少专项资金" is not answered by an industry's size: money of that kind is in the sentence.
  const money = figure.unit === '元' ? /多少(?:亿|万)?元?的?[\u4e00-\u9fff]{0,2}?(资金|经费|补贴|补助|奖励|奖金|贷款|债券|国债|投资)/.exec(question)?.[1] : undefined;
  if (money && !sentence.includes(money)) return false;
  // "存款利息是多少钱" is not answered by "190万元本金" nor by "赔偿500万元": the money's noun is the figure's.
  const moneyNoun = CURRENCIES.includes(figure.unit) ? moneyNounAsked(question) : undefined;
  if (moneyNoun && (!namesNoun(moneyNoun, sentence) || anotherMoney(figure, at, sentence, moneyNoun))) return false;
  // "造成多少人遇难" counts the dead: a count of people that states no death ("集结4车25人赶赴现场") does not answer.
  const casualty = CASUALTIES.find(({ asked }) => asked.test(question));
  if (casualty && !casualty.stated.test(figure.measure)) return false;
  // "每部手机卖多少钱" asks a rate per unit: a total ("违法所得49万余元") does not answer it.
  if (PER_UNIT_ASKED.test(question) && !TOTAL_ASKED.test(question) && !PER_UNIT_STATED.test(sentence)) return false;
  const growth = asksChange(question);
  if (growth && !CHANGE_STATED.test(figure.measure)) return false;
  // Nor is a level asked ("服务出口额是多少") answered by a change printed as one ("同比增长14.3%"), where
  // the question speaks of no change or comparison at all.
  if (!growth && !SPEAKS_OF_CHANGE.test(question) && at >= 0 && CHANGE_VERB.test(sentence.slice(Math.max(0, at - 8), at))) return false;
  // "同比下降了多少" is not answered by "同比增长33%": a change goes one way.
  const direction = growth ? directionOf(question) : undefined;
  if (direction && directionOf(figure.measure) === opposite(direction)) return false;
  // Nor "同比" (on the year before) by "环比" (on the period before), or the other way round.
  const basis = (text: string) => /同比/.test(text) !== /环比/.test(text) ? (/同比/.test(text) ? '同比' : '环比') : undefined;
  const asked = growth ? basis(question) : undefined;
  if (asked && basis(figure.measure) && basis(figure.measure) !== asked) return false;
  return true;
}

/**
 * The figure measures what the question asks of another subject: "物联网核心产业规模是多少" is not
 * answered by "人工智能核心产业规模超过1.2万亿元". In "X是多少" the noun phrase X is what is measured,
 * and a Chinese noun phrase puts its modifiers before its head: where the figure's clause ends on the
 * same head (three characters or more), the question's telling word right before that head must be
 * named in the sentence.
 */
function ofAnotherSubject(question: string, measure: string, sentence: string, terms: QueryTerm[]): boolean {
  // (Only where 多少 ends the question, with at most its unit: "多少年来的首次…" measures something else.)
  const measured = /([\u4e00-\u9fffA-Za-z0-9]{3,16})(?:是|为|有|约|大约|达到|达)?多少[\u4e00-\u9fff]{0,3}[？?。]?$/.exec(question);
  if (!measured) return false;
  const phrase = measured[1]!;
  let head = '';
  for (let cut = phrase.length - 3; cut >= 0 && measure.includes(phrase.slice(cut)); cut--) head = phrase.slice(cut);
  if (!head) return false;
  const before = question.slice(0, measured.index + phrase.length - head.length);
  const strongest = Math.max(0, ...terms.map((t) => t.weight));
  const modifier = terms.find((t) => t.term.length >= 2 && before.endsWith(t.term) && t.weight >= strongest * 0.5);
  const stated = withYearRanges(sentence.toLowerCase());
  return modifier !== undefined && !modifier.forms.some((form) => stated.includes(form));
}
