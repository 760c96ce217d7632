/**
 * Reading what a question asks, beyond its intent: the years "去年" means, the act a yes/no question
 * asks about, the subject of a "how is X put" question, the count of things it asks to name, the
 * regulations it names, and the cases it sets aside; and whether an answer's sentences miss it.
 */
import nodejieba from 'nodejieba';
import { FIGURE_UNITS } from '../../ingest/figures.js';
import { synonymsIn } from '../../retrieve/query.js';
import { expectedAnswerType, holdsAnswerType } from './answer-type.js';
import { bigrams } from '../../text/bigrams.js';
import { escapeRegExp, ORDINAL_NUMBER } from '../../text/regexp.js';
import type { QueryTerm } from './terms.js';
import { relativeYears } from './periods.js';

/** The case a sentence restricts what it says to: "对纳入复核清单的…" → 纳入复核清单. */
function caseQualifier(sentence: string): string | undefined {
  return /对(?:于)?([^，。；、]{2,12}?)的/.exec(sentence)?.[1];
}

/** The sentence restricts what it says to a case the question does not name ("对纳入复核清单的…"). */
export function narrowerCase(sentence: string, terms: QueryTerm[]): boolean {
  const qualifier = caseQualifier(sentence)?.toLowerCase();
  return Boolean(qualifier) && !terms.some((t) => t.term.length >= 2 && t.forms.some((f) => qualifier!.includes(f)));
}

/** A case the question sets aside: "不在复核清单里的那种", "未纳入清单的". */
const leftOut = /(?:不在|不属于|未纳入|没有纳入|没纳入|未列入|没有列入)([^，。；？?（）()]{2,12}?)(?:里面?|中间?|内|之内|之列|范围内?)?(?:的|那种|那类)/g;
/**
 * …"不是驾校全日制的学生": not "是不是…的", which asks, nor "不是…嘛", a reminder ("办法里不是有个简化版
 * 的程序嘛"): both are what Chinese says, not a case left out.
 */
const notOne = /(?<!是)不是([^，。；？?（）()]{2,12}?)(?:的|那种|那类)(?![^，。；？?！!]*[嘛吗])/g;
/** …"（非复核清单）". */
const bracketedNot = /(?<=[（(])非([^，。；？?（）()]{2,12})(?=[）)])/g;
/**
 * …and a condition the question negates, "如果不需要管护或留置，": the rules for the positive case are
 * set aside, though the words are the question's own (statutes print the negated case: "未订立…的").
 */
const negatedCondition = /(?:如果|假如|要是|若)(?:不需要|无需|不用|没有|不)([^，。；？?！!]{2,12})[，,]/g;

/** The cases a question sets aside ("不在复核清单里的", "（非复核清单）"): 复核清单. */
function setAsidePhrases(question: string, patterns: RegExp[]): string[] {
  return patterns
    .flatMap((pattern) => [...question.matchAll(pattern)].map((m) => m[1]!.replace(/^(?:那个|这个)/, '')))
    .filter((phrase) => phrase.length >= 2);
}

/** What the question names as not asked about. */
const NAMED_AS_NOT_ASKED = [leftOut, notOne, bracketedNot];

/** Terms of what the question asks about, without the words of a case it sets aside: those describe what is not asked. */
export function withoutSetAside(question: string, terms: QueryTerm[]): QueryTerm[] {
  const phrases = setAsidePhrases(question, NAMED_AS_NOT_ASKED);
  return phrases.length === 0 ? terms : terms.filter((t) => !phrases.some((phrase) => phrase.includes(t.term)));
}

/**
 * The case a sentence states its rule for: "对纳入复核清单的…" → 纳入复核清单, and a rule's condition,
 * all it says before its last "…的，" ("需要采取管护或者留置措施的，强制到案…不得超过二十四小时").
 */
function casesStated(sentence: string): string[] {
  const conditionEnd = sentence.lastIndexOf('的，');
  return [caseQualifier(sentence), conditionEnd > 0 ? sentence.slice(0, conditionEnd) : undefined].filter((c): c is string => Boolean(c));
}

/**
 * Whether a stated case is the one a phrase names, and not negated: it shares three characters with
 * the phrase ("驾校全日制" and "接受全日制驾驶职业教育的学生"), and its clause negates nothing ("不需要
 * 采取管护…的", "对处罚决定不服的" are the cases asked about, not the ones set aside). A negation is a
 * word of its own, or opens one (不服, 未经, 没有); not 无 or 非 inside a word (无人机, 非法).
 */
function statesCase(stated: string, phrase: string): boolean {
  const size = Math.min(3, phrase.length);
  for (let i = 0; i + size <= phrase.length; i++) {
    const at = stated.indexOf(phrase.slice(i, i + size));
    if (at < 0) continue;
    const clause = /[^，,；;：:。]*$/.exec(stated.slice(0, at))![0] + /^[^，,；;：:。]*/.exec(stated.slice(at))![0];
    return !nodejieba.cut(clause).some((word) => /^[不未没]/.test(word) || word === '无' || word === '非');
  }
  return false;
}

/** The sentence is about a case the question sets aside ("对纳入复核清单的…" when it asks about "不在复核清单里的"). */
export function setAsideCase(question: string, sentence: string): boolean {
  const phrases = setAsidePhrases(question, [...NAMED_AS_NOT_ASKED, negatedCondition]);
  if (phrases.length === 0) return false;
  const cases = casesStated(sentence);
  return phrases.some((phrase) => cases.some((stated) => statesCase(stated, phrase)));
}

/** "去年第二批…" in a corpus whose newest documents are of 2026 asks about 2025: written as the year. */
export function pastYears(question: string, presentYear: number): string {
  return question.replace(/(?<![今明])(去年|前年)(?!同期|以来|底|末|年底|年末)/g, (word) => `${presentYear + relativeYears[word]!}年`);
}

/**
 * The act a short yes/no question asks about, when it ends the question: "要不要收费？" → 收费.
 * (Longer predicates are paraphrased too freely, and 允许, 合规 … ask for a ruling, not an act.)
 */
export function askedAct(question: string): string | undefined {
  // (Not an alternative the rule depends on: "…而不是完全看本人是否自愿", "无论是否…", "视情况…是否…";
  // 看守所, 视同 and 电视 are no such words.)
  const act = /(?<!(?:要看|就看|只看|全看|不是看|视情况|视乎|取决于|无论|不论|不管)[^，,。；;？?]{0,6})(?:要不要|需不需要|用不用|能不能|可不可以|是否(?:需要|要|可以|能|应当|必须)?|有没有)\s*(?:再|还|都|也)?被?([\u4e00-\u9fff]{2,4}?)(?=[？?。，,！!]|吗|呢|$)/.exec(question)?.[1];
  // ("有没有时限规定？" asks about a 时限: 规定 is in every sentence of a regulation.)
  const bare = act?.replace(/(?<=[\u4e00-\u9fff]{2})(?:规定|要求|限制)$/, '');
  return bare && !RULING_ASKED.test(bare) && !BOUND_NAMED.test(bare) ? bare : undefined;
}

/** Words a yes/no question asks a ruling with (允许, 合法 …), not an act a text would name. */
const RULING_ASKED = /^(?:允许|可行|合规|合法|违规|违法|可以|需要|必要|有效|适用|问题|影响|规定|要求|限制|区别|变化|例外)$/;
/** Nouns naming a bound ("有没有上限/封顶/底线/限额"): a text prints the bound (不得超过, 最高), not its name. */
const BOUND_NAMED = /(?:上限|下限|底线|封顶线?|限额)$/;

/**
 * Whether an answer's sentences miss what the question asks, though they share its words:
 * "全年GDP增速目标是怎么表述的？" answered by sentences that say nothing of 增速 or 目标; "那10家企业
 * 都是哪几家？" by the sentence that only counts them; "要不要收费？" by sentences that never say 收费.
 */
export function missesWhatIsAsked(question: string, text: string, terms: QueryTerm[]): boolean {
  const subject = askedSubject(question);
  const about = subject ? terms.filter((t) => t.term.length >= 2 && subject.includes(t.term)) : [];
  const weight = (list: QueryTerm[]) => list.reduce((sum, t) => sum + t.weight, 0);
  const said = about.filter((t) => t.forms.some((form) => text.toLowerCase().includes(form)));
  if (about.length > 0 && weight(said) < weight(about) * 0.5) return true;
  // (A sentence naming them goes on "10家企业：…", "（…）", "分别是…".)
  const counted = countNamed(question);
  if (counted && text.includes(counted) && !new RegExp(`${escapeRegExp(counted)}[^。；，,\n]{0,12}?(?:[：:（(]|分别是|分别为|包括|即)`).test(text)) return true;
  const act = askedAct(question);
  if (!act) return false;
  // (Any content pair of its characters will do: "办许可" is answered by "取得相应许可", "贴息支持" by "贷款贴息".)
  const pairs = [...bigrams(act)].filter((pair) => !/[了的着往写办做搞跟去来把给得地]/.test(pair));
  return pairs.length > 0 && ![...pairs, ...synonymsIn(act)].some((form) => text.includes(form));
}

/**
 * A term that only dates or counts ("2025年", "1月", "上半年", "30日", "12个月", "80万"): what a question
 * asks in, not what it is about. Its units are those figures are counted in (FIGURE_UNITS), and those
 * of dates and short spans. (Not a name with digits: 5G, 12345热线, 996工作制.)
 */
const DATING_OR_COUNTING = new RegExp(
  String.raw`^(?:(?:19|20)\d{2}年?(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月(?:\d{1,2}日)?|[上下]半年|第?[一二三四]季度|[今去明前]年|[\d.]+[万亿千百]?[多余]?(?:${[...FIGURE_UNITS, '‰', '工作日', '月', '号'].map(escapeRegExp).join('|')})?)$`,
);

/**
 * Whether an answer shares none of the question's words beside its years, dates and numbers:
 * "2025年春节放假从1月几号放到几号？" is not answered by "本条例自2025年1月1日起施行", however
 * heavily its year weighs. (The text includes the titles it cites: a document may be the topic.)
 */
export function holdsNoTopic(text: string, terms: QueryTerm[]): boolean {
  const topical = terms.filter((t) => !DATING_OR_COUNTING.test(t.term));
  const lower = text.toLowerCase();
  return topical.length > 0 && !topical.some((t) => t.forms.some((form) => lower.includes(form)));
}

/**
 * Whether a question asks for a number (its last clause: "…提了几条建议，第三条是什么？" asks for the
 * third) and the answer states none, beside its article numbers and citation marks: "最多只能办几张
 * 电话卡？" answered by "…建立电话用户开卡数量核验机制…".
 */
export function missesNumberAsked(question: string, answer: string): boolean {
  const asked = question.split(/[，,。；;！!]/).map((clause) => clause.trim()).filter(Boolean).at(-1) ?? question;
  return expectedAnswerType(asked) === 'number' && !holdsAnswerType('number', answer.replace(new RegExp(`第${ORDINAL_NUMBER}[条款项章节编]|\\[\\d+\\]`, 'g'), ''), question);
}

/** The count a question states of the things it asks to name: "那10家企业都是哪几家？" → 10家. */
export function countNamed(question: string): string | undefined {
  const which = /哪(?:几|些|[\d一二三四五六七八九十两]+)(家|个|位|项|类|种|所|款)/.exec(question);
  if (!which) return undefined;
  const stated = new RegExp(`(?<![哪第\\d])(\\d+|[一二三四五六七八九十两]+)${which[1]}`).exec(question.slice(0, which.index) + question.slice(which.index + which[0].length));
  return stated?.[0];
}

/**
 * What a "how is X put" question asks about: "4月28日政治局会议对全年GDP增速目标是怎么表述的？" →
 * 全年GDP增速目标 (after the last 对/关于 or clause break).
 */
export function askedSubject(question: string): string | undefined {
  const subject = /([^，,。；;？?]{2,24}?)(?:是|又是|都是)?(?:怎么|如何|怎样)(?:表述|规定|说|讲|写|安排|部署|定)的?/.exec(question)?.[1];
  const asked = subject?.split(/对于|对|关于/).at(-1)?.trim();
  // "两办那个意见是怎么规定的？" asks what a document says on the matter named before, not about the document.
  return asked && !/(?:意见|通知|办法|条例|方案|计划|文件|细则|决定)$/.test(asked) ? asked : undefined;
}

/** Regulations a question names without 《》: "成都那部水污染防治条例" → 成都水污染防治条例 (not "该条例"). */
export function spokenTitles(question: string): string[] {
  return [...question.replace(/《[^》]*》/g, '').matchAll(/(?<![该这那此本个])([\u4e00-\u9fff]{3,20}?(?:条例|办法|规定|细则))/g)]
    // (Its last ten characters: words before them are more likely the asker's than the name's.)
    .map((m) => m[1]!.replace(/那个|这个|那部|这部|那份|这份|的/g, '').slice(-10))
    .filter((name) => name.length >= 5);
}
