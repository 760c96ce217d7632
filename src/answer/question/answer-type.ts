/**
 * The kind of answer a question expects, read from its interrogative and the noun it asks about
 * with jieba's part-of-speech tagger, and the spans of that kind a candidate sentence holds.
 *
 * The interrogatives and the class nouns below are facts of the language (谁 asks for a person,
 * 哪个部门 for an organisation, 多少 for a number), not wordings of particular questions.
 */
import nodejieba from 'nodejieba';
import { isPlace } from '../../text/places.js';
import { escapeRegExp, ORDINAL_NUMBER } from '../../text/regexp.js';
import { bigrams } from '../../text/bigrams.js';

export type AnswerType =
  | 'number'
  | 'person'
  | 'organisation'
  | 'place'
  | 'date'
  | 'list'
  | 'reason'
  | 'method'
  | 'definition'
  | 'yesno'
  | 'other';

export const ANSWER_TYPES: AnswerType[] = ['number', 'person', 'organisation', 'place', 'date', 'list', 'reason', 'method', 'definition', 'yesno', 'other'];

/** Class nouns: what "哪个/什么 + noun" asks for. */
const classNouns: Array<[AnswerType, RegExp]> = [
  ['date', /^(?:时候|时间|日期|年份?|月份?|日子|天|季度|时期|阶段|期限|时限)$/],
  ['place', /^(?:地方|地点|地区|区域|城市|省份?|国家|县|市|区|场所|位置|会场)$/],
  ['organisation', /^(?:部门|机构|单位|机关|公司|企业|组织|银行|学校|高校|大学|医院|媒体|平台|政府|法院|检察院|协会|团队|集团)$/],
  ['person', /^(?:人|人物|人员|领导|负责人|官员|专家|球员|选手|运动员|演员|作者|嘉宾|代表|主席|部长|市长|书记|院士|同志)$/],
];

/** The expected answer type of a question. */
export function expectedAnswerType(question: string): AnswerType {
  const words = nodejieba.tag(question);
  let offset = 0;
  for (const [i, { word }] of words.entries()) {
    const at = offset;
    offset += word.length;
    const next = words.slice(i + 1).find((w) => !/^(?:的|个|一个|种|类|些)$/.test(w.word));
    const head = next && /^n/.test(next.tag) ? next.word : undefined;
    if (/^(?:谁|哪位|何人)$/.test(word)) return 'person';
    if (/^(?:哪里|哪儿|何处|何地|在哪)$/.test(word)) return 'place';
    if (/^(?:何时|几时|多久|多长时间|哪年|哪天|哪一天|哪一年|几号|几月|几日)$/.test(word)) return word === '多久' || word === '多长时间' ? 'number' : 'date';
    if (/^(?:为什么|为何|怎么会)$/.test(word)) return 'reason';
    if (/^(?:怎么|怎样|如何|怎么样|怎么办)$/.test(word)) return 'method';
    // (Not 几 that says "a few": "这几天里多出来的损失谁承担？" asks who.)
    if (/^(?:多少|多大|多高|多长|多远|多重|百分之几)$/.test(word) || (/^几/.test(word) && asksHowMany(question, at))) return 'number';
    if (/^(?:哪些|哪几)$/.test(word)) return head ? (classOf(head) ?? 'list') : 'list';
    if (/^(?:哪个|哪一个|哪|哪家|哪一|什么|何种|哪种|啥)$/.test(word)) {
      if (head) {
        const kind = classOf(head);
        if (kind) return kind;
      }
      // "X是什么", "什么是X": a definition.
      if (/^(?:什么|啥)$/.test(word) && (words[i - 1]?.word === '是' || words[i + 1]?.word === '是' || /是指|意思|含义/.test(question))) return 'definition';
      return 'other';
    }
    if (/^(?:吗|么|是否|能否|可否|有没有|是不是|能不能|可不可以)$/.test(word)) return 'yesno';
  }
  return 'other';
}

function classOf(noun: string): AnswerType | undefined {
  for (const [type, nouns] of classNouns) if (nouns.test(noun)) return type;
  // A noun ending in a class noun ("主管部门", "牵头单位", "举办城市") asks for that class.
  for (const [type, nouns] of classNouns) {
    for (let cut = 1; cut < noun.length - 1; cut++) if (nouns.test(noun.slice(cut))) return type;
  }
  return undefined;
}

/**
 * 几 asking how many. After a plural pronoun, a demonstrative, 好 or a round number it says "a few":
 * "我们几个业主", "这几家", "好几次", "十几年", "近几年"; but "你们几点开门" asks the hour. (After 前, 后
 * or 过 it asks: "提前几天", "收到后几天内", "经过几个城区".) So it does opening a clause that tells what
 * some mean to do: "几个农户想一起成立合作社", "村里几户想…". 几乎, 几率 and 几何 are words of their own.
 * A fact of the language.
 */
export const HOW_MANY_JI =
  '(?:(?<![们这那好十近头])几|(?<=们)几(?=[点号时月]))(?![乎率何])' +
  // (Counting those who mean to do something only where they open the clause: "需要几个人一起申请" asks.)
  '(?:(?<!(?:^|[，,。；;：:！!？?\\s])(?:[\\u4e00-\\u9fff]{0,2}里)?几)|(?![个位名家户]?[\\u4e00-\\u9fff]{1,4}?(?:想|打算|准备|计划|商量|合伙|一起|共同)))';

/** Whether the 几 at `offset` of the question asks how many (HOW_MANY_JI). */
function asksHowMany(question: string, offset: number): boolean {
  const ji = new RegExp(HOW_MANY_JI, 'y');
  ji.lastIndex = offset;
  return ji.test(question);
}

/**
 * Words of a clause that ask: an interrogative, a question particle, or a predicate asked as
 * A-not-A (算不算, 有没有), unless conceded ("不管有没有社保"). 多高, 多重 ask only at the clause's end
 * ("有多重？"; "多重压力" is "manifold").
 */
export const ASKING = new RegExp(String.raw`吗|呢|多少|${HOW_MANY_JI}|多久|多长|多大|多远|多(?:高|重)(?=[？?吗呢，,。]|$)|什么|啥|哪|怎么|怎样|如何|谁|何时|何种|为何|有何|是否|能否|可否|(?<!(?:不管|无论|不论)[^，,。；]{0,6})([\u4e00-\u9fff])[不没]\1`);

/**
 * A number: in digits, or in words before a measure word or a unit of measure (二百米, 五千元, 三十六小时).
 * A share in words: 百分之三十. (Not every measure word: "一场听证会", "一种方式" say "a", not a count;
 * nor a bare 千 or 万: "每千米", "万吨级".)
 */
const numberSpan = /[0-9０-９]+(?:[.,．][0-9]+)*\s*(?:%|％|[万亿千百]?[\u4e00-\u9fff]?)|[百千万]分之[零〇一二三四五六七八九十百点]+|[零〇一二三四五六七八九十两][零〇一二三四五六七八九十百千万两]*(?:个|项|家|年|月|日|天|元|倍|人|名|条|款|次|分之|成|点|张|岁|周岁|小时|分钟|周|米|公里|平方米|平方公里|立方米|公顷|亩|吨|公斤|千克|千瓦时?|美元)/;
const dateSpan = /(?:19|20)\d{2}年|\d{1,2}月\d{1,2}[日号]|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|[上下]午|\d{1,2}时|(?:今|明|去|前)年|[春夏秋冬]季/;
const listCue = /[、；]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]是/;
const reasonCue = /因为|由于|为了|旨在|原因|导致|所以|因此|以便/;
const methodCue = /通过|采取|采用|方式|办法|措施|应当|按照|依照|途径/;
const definitionCue = /是指|系指|所称|是一种|定义为|即/;
/** How the name of a body ends: 局, 委员会, 集团 … */
const BODY_ENDINGS = '部|委|局|院|厅|署|办|会|司|处|中心|公司|集团|银行|大学|学院|协会|政府|法院|检察院|委员会';
const organisationSuffix = new RegExp(`(?:${BODY_ENDINGS})$`);

/** The time of day printed after a date: a part of the day, an hour, or both ("夜间", "12时", "上午10时30分"). */
const clock = /^(?:凌晨|清晨|早晨|早上|上午|中午|下午|傍晚|晚上|晚间|夜间|夜里|深夜)?(?:\d{1,2}时(?:\d{1,2}分)?)?/;
/** A day printed without its month: not part of a full date, a dateline (日电) or a count of days (30日内). */
const dayAlone = /(?<![\d月.第])([1-9]|[12]\d|3[01])日(?!电|内|以内|之内|以上|以下|后|左右)/g;
/** A part of a month, of a year, as a time is printed ("8月底", "2024年上半年"; not 初步). */
export const MONTH_PART = '(?:底|末|初(?!步)|上旬|中旬|下旬)';
export const YEAR_PART = '(?:底|末|初(?!步)|上半年|下半年)';
/** A date as printed: a day, a month or a year, or a part of a month or year ("8月底", "2024年上半年", "2025年底前"). */
const fullDate = new RegExp(
  `(?:19|20)\\d{2}年\\d{1,2}月\\d{1,2}日|(?:19|20)\\d{2}年\\d{1,2}月${MONTH_PART}?|\\d{1,2}月\\d{1,2}日|\\d{1,2}月${MONTH_PART}|(?:19|20)\\d{2}年${YEAR_PART}?`,
  'g',
);
/** The second date of a span, after the first: "至6月30日". */
const dateRangeEnd = new RegExp(`^(?:至|到|—|－|-|~|～)(?:${fullDate.source})`);

/**
 * The span of the asked type a sentence states, for an answer to lead with ("李强。据…", "2024年1月1日。
 * 据…", "圣彼得堡。据…"): of the names, places or dates the question does not state itself, the one
 * nearest the words the question shares with the sentence. Not for a body: jieba cuts long names of
 * bodies into pieces ("国家发展改革委"), so a lead naming one could be wrong where the quote is right.
 * A name leads where a title stands before it, or else next to one of those words, as Chinese prints
 * a role or an act beside whoever holds it ("院长朱松纯", "李强主持"); a place only between a locative
 * and the act ("在圣彼得堡举行"). Undefined when the sentence states none or another kind is asked.
 */
export function leadSpan(type: AnswerType, sentence: string, question: string, questionWords: string[], dated?: string): string | undefined {
  const spans: Array<{ text: string; at: number; shown?: string }> = [];
  if (type === 'date') {
    // (With the time of day printed after a day: "8月2日夜间", "7月28日12时".)
    const timeOfDay = (end: number) => (/日$/.test(sentence.slice(0, end)) ? (clock.exec(sentence.slice(end))?.[0] ?? '') : '');
    // (A span of dates is led whole: "1月1日至6月30日".)
    const toDate = (end: number) => dateRangeEnd.exec(sentence.slice(end))?.[0] ?? '';
    let rangeEnd = -1;
    // (Not a report's dateline, "新华社北京7月20日电", "8月11日讯": the day it was reported, which answers
    // only for what the report says happens that day, "从即日起".)
    const reportedDay = /即日|今天|今日|当天|当日/.test(sentence);
    for (const m of sentence.matchAll(fullDate)) {
      const dateline = /^[电讯](?=[\s（(，,：:]|$)/.test(sentence.slice(m.index + m[0].length)) && !reportedDay;
      if (question.includes(m[0]) || m.index < rangeEnd || dateline) continue;
      const to = toDate(m.index + m[0].length);
      if (to) rangeEnd = m.index + m[0].length + to.length;
      spans.push({ text: to ? `${m[0]}${to}` : `${m[0]}${timeOfDay(m.index + m[0].length)}`, at: m.index });
    }
    // A report prints a day of its own month as the day alone ("计划于18日赴美"): in the month the
    // sentence named last before it, or else the month the report is dated. (Not its dateline, "10日电".)
    for (const m of sentence.matchAll(dayAlone)) {
      const month = [...sentence.slice(0, m.index).matchAll(/(\d{1,2})月/g)].at(-1)?.[1] ?? (dated ? String(Number(dated.slice(5, 7))) : undefined);
      if (month && !question.includes(m[0])) spans.push({ text: `${month}月${m[1]}日${timeOfDay(m.index + m[0].length)}`, at: m.index });
    }
  } else if (type === 'person') {
    // (At most one character between: "院长朱松纯", "李强主持", "汪文斌表示".)
    const beside = (span: { text: string; at: number }) =>
      questionWords.some((word) => occurrences(sentence, word).some((at) => (at + word.length >= span.at - 1 && at + word.length <= span.at) || (at >= span.at + span.text.length && at <= span.at + span.text.length + 1)));
    // A name after a title is a name wherever it stands; one only the tagger calls a name must stand
    // beside a word of the question.
    const names = personNames(sentence).filter((name) => !question.includes(name.text) && (name.titled || beside(name)));
    // (A title says it is a name; the tagger alone also calls "向东", "雷达" names.)
    // (Led with the title it is printed with: "外交部发言人汪文斌", "习近平总书记".)
    spans.push(...(names.some((name) => name.titled) ? names.filter((name) => name.titled) : names).map((name) => ({ ...name, shown: name.withTitle })));
  }
  if (type === 'place') spans.push(...placesOfActs(sentence, question, questionWords));
  if (spans.length === 0) return undefined;
  const anchors = questionWords.flatMap((word) => occurrences(sentence, word).map((at) => at + word.length / 2));
  const distance = (span: { text: string; at: number }) => (anchors.length === 0 ? span.at : Math.min(...anchors.map((a) => Math.abs(a - (span.at + span.text.length / 2)))));
  const nearest = spans.reduce((a, b) => (distance(b) < distance(a) ? b : a));
  return nearest.shown ?? nearest.text;
}

/**
 * Titles and roles, printed before the name of whoever holds them ("国防部长布瓦什恰克", "首席执行官琳达·
 * 亚卡里诺", "辅警康安友"): the last characters of the noun say it is one.
 */
const title = /(?:[长员官警使帅将]|主席|总统|总理|首相|书记|主任|记者|代表|委员|教授|院士|专家|经理|总裁|董事长|发言人|负责人|创始人|主持人|导演|演员|球员|选手|教练|律师|法官|医生|博士|老师|作者|通讯员|局长|处长|外长|议员|国王|女王|王储|总监|主管|男子|女子|老人|村民|市民)$/;
/**
 * What jieba makes of a name it does not know: pieces tagged as names, places, abbreviations,
 * pronouns or unknown words ("布瓦/nrt 什/r 恰克/ns", "琳达/x ·/x 亚/j 卡里/nrt 诺/nz").
 */
const namePiece = /^(?:nr\w*|nz|ns|j|r|x)$/;

/**
 * The people a sentence names, with where: the words jieba tags as personal names (nr), and the
 * name printed right after a title ("…部长布瓦什恰克10日宣布"), which jieba mostly leaves untagged:
 * the pieces up to the next verb, number, particle or known place.
 */
export function personNames(sentence: string): Array<{ text: string; at: number; titled: boolean; withTitle: string }> {
  const tagged = nodejieba.tag(sentence);
  let at = 0;
  const offsets = tagged.map(({ word }) => {
    const found = sentence.indexOf(word, at);
    if (found >= 0) at = found + word.length;
    return found;
  });
  const hanName = (word: string) => /^[\u4e00-\u9fff·]+$/.test(word);
  const names: Array<{ text: string; at: number; titled: boolean; withTitle: string }> = [];
  // The title as printed before a name, with the nouns it is compounded of ("外交部发言人", "波兰国防部长").
  const titleBefore = (i: number) => {
    let text = tagged[i]!.word;
    for (let k = i - 1; k >= 0 && /^n[stz]?$/.test(tagged[k]!.tag) && hanName(tagged[k]!.word) && text.length + tagged[k]!.word.length <= 8; k--) text = tagged[k]!.word + text;
    return text;
  };
  for (let i = 0; i < tagged.length; i++) {
    const { word, tag } = tagged[i]!;
    if (offsets[i]! < 0) continue;
    if (/^(?:n|x|l)/.test(tag) && title.test(word)) {
      let j = i + 1;
      let text = '';
      // (Not a place jieba knows, "记者李明北京报道", nor a pronoun, "记者他们": a one-character piece may be tagged so.)
      const piece = ({ word: w, tag: t }: { word: string; tag: string }) => namePiece.test(t) && hanName(w) && !isPlace(w) && (t !== 'r' || w.length === 1);
      for (; j < tagged.length && piece(tagged[j]!); j++) text += tagged[j]!.word;
      const han = text.replace(/·/g, '').length;
      // (Two to four characters for a Chinese name; a foreign one may run to six, or be joined by "·".)
      const fits = text.includes('·') ? han >= 3 && han <= 12 && !/^·|·$/.test(text) : han >= 2 && han <= 6;
      if (fits && offsets[i + 1]! >= 0) {
        names.push({ text, at: offsets[i + 1]!, titled: true, withTitle: `${titleBefore(i)}${text}` });
        i = j - 1;
        continue;
      }
    }
    // ("习近平总书记", "泽连斯基总统": a title may follow the name.)
    const next = tagged[i + 1];
    const after = next && /^n/.test(next.tag) && title.test(next.word) && offsets[i + 1] === offsets[i]! + word.length ? next.word : '';
    if (/^nr/.test(tag) && word.length >= 2 && hanName(word)) names.push({ text: word, at: offsets[i]!, titled: false, withTitle: `${word}${after}` });
  }
  return names;
}

/** How a place name ends, or the kind of place a venue is. */
const placeEnd = /(?:省|市|县|区|州|镇|乡|村|街道|国|岛|湾|港|海|洋|河|江|湖|山|基地|会场|中心|大会堂|机场|广场|体育馆|海域|地区|边境|前线|首都|境内)$/;

/**
 * The place where an act of the question happens, printed between a locative and the act ("在圣彼得堡
 * 举行", "于北京出席"): Chinese puts the place of an act there. A place jieba knows (ns) or one ending
 * as places do; not a time ("在7月27日举行") nor a word of the question.
 */
function placesOfActs(sentence: string, question: string, questionWords: string[]): Array<{ text: string; at: number }> {
  const places: Array<{ text: string; at: number }> = [];
  for (const word of questionWords) {
    for (const at of occurrences(sentence, word)) {
      const before = /(?:在|于|赴|到|抵达|前往|来到)([^，。；：、\s“”在于赴到]{2,12}?)$/.exec(sentence.slice(Math.max(0, at - 14), at));
      if (!before || /\d|[年月日时]/.test(before[1]!)) continue;
      // The last run of nouns that names a place: "与美国" → 美国, "美国与总统" → 美国.
      const runs: Array<Array<{ word: string; tag: string }>> = [[]];
      for (const piece of nodejieba.tag(before[1]!)) {
        if (/^(?:n|j|x)/.test(piece.tag)) runs.at(-1)!.push(piece);
        else if (runs.at(-1)!.length > 0) runs.push([]);
      }
      const run = runs.filter((r) => r.some(({ tag }) => tag === 'ns') || placeEnd.test(r.map((piece) => piece.word).join(''))).at(-1);
      const place = run?.map((piece) => piece.word).join('') ?? '';
      if (place.length >= 2 && !question.includes(place)) places.push({ text: place, at: at - place.length });
    }
  }
  return places;
}

/**
 * Who did the act a "谁 + act" question asks about ("谁发布了…公告？" of "…，市场监管总局5日发布关于…的公告"):
 * Chinese puts the doer right before the act, after the clause's start, with the time and adverbs
 * between ("5日", "近日", "已"). The question must open with its interrogative ("谁…", "哪个部门…"),
 * so that it asks for the doer, not for whom the act is done. `quoted`: all the answer quotes around the sentence.
 */
export function doerOfAct(sentence: string, question: string, quoted = sentence): string | undefined {
  const tagged = nodejieba.tag(question.replace(/^(?:请问|那么?|是)/, ''));
  const opens = tagged[0]?.word === '谁' ? 1 : /^(?:哪个|哪家|哪一个|什么)$/.test(tagged[0]?.word ?? '') && tagged[1] && classOf(tagged[1].word) ? 2 : 0;
  if (opens === 0) return undefined;
  // The act: the first word after the interrogative that is not an adverb, particle or time ("谁正在调查…" → 调查).
  const act = tagged.slice(opens).find((piece) => piece.word.length >= 2 && contentWord(piece))?.word;
  if (!act) return undefined;
  const at = sentence.indexOf(act);
  if (at < 0 || !statedOnce(quoted, act)) return undefined;
  // The clause before it, without the time and adverbs between doer and act ("俄罗斯上月", "市场监管总局5日").
  const doer = /[^，。；：！？、“”‘’（）()\s]*$/.exec(sentence.slice(0, at))![0]
    .replace(/^(?:此外|同时|其中|另外|而且|而|但|并且|并|据悉|据了解|目前|随后|当天|今天|近日|日前|\d{1,2}月\d{1,2}日|\d{1,2}日|经|由|被|向|对)+/, '')
    .replace(/(?:\d{1,2}日|[上本]月|[今昨前]天|近日|日前|当天|当日|此前|随后|也|还|又|已经|已|正在|正|将|曾|均|都|亦|再次|首次|正式|共同|联合|分别|先后|于)+$/, '');
  if (doer.length < 2 || doer.length > 16 || !/^[\u4e00-\u9fff·]+$/.test(doer) || question.includes(doer)) return undefined;
  // Only a body by its ending, or a single name, place or body ("俄罗斯"): the words before an
  // act are as often its circumstances ("…日前召开全体会议，提出").
  const words = nodejieba.tag(doer);
  // (A word jieba made up from its HMM, tagged x, standing alone before the act is a name it does not
  // know, "祁生鹏"; not one that opens with a pronoun, a demonstrative or a number: 我局, 该网, 两人.)
  const unknownName = words[0]?.tag === 'x' && doer.length <= 4 && !/^[我你他她它该本此这那其某贵各每一二三四五六七八九十两几多数]/.test(doer);
  const named = words.length === 1 && (/^(?:nr|ns|nt|nz|j)/.test(words[0]!.tag) || unknownName);
  return named || doerSuffix.test(doer) || personNames(doer).some((name) => name.text === doer) ? doer : undefined;
}

/**
 * What a "V 什么 (N)" question asks for, as the sentence prints it after the act, up to the noun or
 * to the clause's end ("要制定什么文件？" of "…制定金融支持民营企业的指导性文件" → 金融支持民营企业的指导性文件;
 * "提供了什么？" of "…提供了餐食和饮用水，…" → 餐食和饮用水): Chinese asks in place, so the answer stands
 * where the interrogative stood. `quoted`: all the answer quotes around the sentence.
 */
export function slotOfAct(sentence: string, question: string, quoted = sentence): string | undefined {
  const tagged = nodejieba.tag(question);
  const i = tagged.findIndex(({ word }) => /^(?:什么|哪种|何种|什么样|哪个|哪些|哪家|哪款|哪位|哪项|哪类|哪一个|哪|谁)$/.test(word));
  // The act: the word before the interrogative, past its aspect particle ("采用了什么" → 采用): a verb
  // (jieba tags some as nouns: "参观了什么"), or the preposition that takes it as object ("把什么当作…").
  let a = i - 1;
  // ("引入的是什么技术": what is introduced is asked, as in "引入了什么技术".)
  if (tagged[a]?.word === '是' && tagged[a - 1]?.word === '的') a -= 2;
  while (a > 0 && /^(?:了|过|着)$/.test(tagged[a]!.word)) a--;
  // ("提升脱贫人口的什么竞争力？": the possessor, 人口, stands right before the answer, "…脱贫人口就业竞争力".)
  // (Only when a noun of two or more characters follows the interrogative: a measure word, "中老铁路的
  // 哪个段承担…", leaves open where the answer ends.)
  const asked = tagged[i + 1];
  const possessive = tagged[a]?.word === '的' && a > 0 && /^n/.test(tagged[a - 1]!.tag) && tagged[a - 1]!.word.length >= 2 && asked !== undefined && /^n/.test(asked.tag) && asked.word.length >= 2;
  if (possessive) a--;
  const act = tagged[a];
  if (!act || !(/^p/.test(act.tag) || (act.word.length >= 2 && act.word !== '是' && contentWord(act)))) return undefined;
  const from = sentence.indexOf(act.word);
  if (from < 0 || !statedOnce(quoted, act.word)) return undefined;
  // (A negated act answers nothing: "并未发现疑似爆炸物".)
  const clause = /[^，。；：！？]*$/.exec(sentence.slice(0, from))![0];
  if (nodejieba.cut(clause).some((word) => /^(?:不|没|没有|未|并未|尚未|从未|无)$/.test(word))) return undefined;
  const start = from + act.word.length + (possessive && sentence[from + act.word.length] === '的' ? 1 : 0);
  const clauseEnd = start + /^[^，。；：！？]*/.exec(sentence.slice(start))![0].length;
  // Where the answer ends, read from what follows the interrogative: nothing means the act's whole
  // object ("提供了什么？" → 餐食和饮用水); after 把, 将, 以, 用 a verb stands there ("把什么当作通行证");
  // else a noun phrase, the class asked about or what it qualifies.
  const after: Array<{ word: string; tag: string }> = [];
  for (const piece of tagged.slice(i + 1)) {
    if (piece.tag === 'x' && !/[\u4e00-\u9fff]/.test(piece.word)) break;
    // ("哪三个省份", "什么样的处罚": the count and 的 are not the answer's.)
    if (after.length === 0 && (piece.tag === 'm' || piece.word === '的')) continue;
    after.push(piece);
  }
  const within = (word: string) => {
    const at = sentence.indexOf(word, start);
    return at >= 0 && at <= clauseEnd ? at : undefined;
  };
  let end: number | undefined;
  if (after.length === 0) end = clauseEnd;
  else if (/^.?(?:把|将|以|用|拿)$/.test(act.word) && /^[vp]/.test(after[0]!.tag)) end = within(after[0]!.word);
  // (谁 is no noun's modifier but by 的: "向谁报案" → …, "团结在谁的周围" → …的周围.)
  else if (tagged[i]!.word === '谁' && tagged[i + 1]?.word !== '的') end = within(after[0]!.word);
  else if (within(after[0]!.word) === undefined) {
    // A class the sentence need not print ("联合哪个部门下发" of "联合农业农村部下发", "派遣什么团队前往"):
    // the answer ends where the question's next word stands, or with it when it is the noun the
    // class qualifies ("什么类型的装甲车" of "试驾了新型多功能装甲车").
    const rest = after.slice(1);
    const k = rest.findIndex(({ word }) => word !== '的');
    // (Not past a conjunction: "什么样的环境和生活" asks for both.)
    const at = k < 0 || /^[cu]/.test(rest[k]!.tag) ? undefined : within(rest[k]!.word);
    // (Only "哪个国家？" asks for a name of the class whatever the sentence prints: "制定什么文件？" of
    // "制定相关措施" is not answered.)
    if (k < 0) end = tagged[i]!.word.startsWith('哪') ? clauseEnd : undefined;
    else if (at !== undefined && (k > 0 || /^(?:n|vn)/.test(rest[k]!.tag))) {
      end = at;
      for (const { word } of rest.slice(k)) {
        if (!sentence.startsWith(word, end)) break;
        end += word.length;
      }
    } else end = at;
  } else {
    // The noun asked about: the first noun the sentence prints ("什么安全防护机制" → …机制, "什么机制提供金融支持" → …机制).
    // (A word jieba does not tag as a noun only when it is the only one: "什么支撑".)
    const noun = after.filter(({ word, tag }) => word.length >= 2 && /^n/.test(tag)).map(({ word }) => word).find((word) => within(word) !== undefined) ?? (after.length === 1 ? after[0]!.word : undefined);
    if (noun) {
      end = within(noun)! + noun.length;
      // (The words after it that follow in both belong to it: "历史时刻", "背景下".)
      for (const { word, tag } of after.slice(after.findIndex((piece) => piece.word === noun) + 1)) {
        if (!/^[nf]/.test(tag) || !sentence.startsWith(word, end)) break;
        end += word.length;
      }
    }
  }
  if (end === undefined || end - start > 30 || end <= start) return undefined;
  // (Without a verb, adverb or particle the act is compounded with: "制定出台…文件", "提高了…意识".)
  const words = nodejieba.tag(sentence.slice(start, end));
  // (Nor the indefinite "一架", "一项" before a name.)
  // (After a possessor the words before the class qualify it: "就业竞争力".)
  while (!possessive && words.length > 1 && ((/^[vdu]/.test(words[0]!.tag) && words[0]!.tag !== 'vn') || /^一[^\d]$/.test(words[0]!.word))) words.shift();
  const slot = words.map(({ word }) => word).join('');
  // (A pronoun, a bare modifier, 任何 or a question of the sentence's own names nothing: "提供任何帮助",
  // "提供了有力", "产生了何种影响".)
  if ((words.length === 1 && /^(?:r|a|ad|d|m)$/.test(words[0]!.tag)) || /^(?:任何|何|什么|哪|怎)/.test(words[0]?.word ?? '')) return undefined;
  return slot.length >= 2 && !/[，。；：]/.test(slot) && !/^[、）)]/.test(slot) && !question.includes(slot) ? slot : undefined;
}

/** A word that says something: not an adverb, particle, preposition, conjunction, pronoun, numeral, classifier, locative or time word, nor a stray symbol. */
function contentWord({ word, tag }: { word: string; tag: string }): boolean {
  return !/^[dupcrmqft]/.test(tag) && (tag !== 'x' || /^[\u4e00-\u9fff]+$/.test(word));
}

/**
 * An act the quote states once: one it states twice ("先进级…打造区域领先的标杆；领航级…打造全球领先的标杆")
 * leaves open which is asked about.
 */
function statedOnce(quoted: string, act: string): boolean {
  return quoted.indexOf(act) === quoted.lastIndexOf(act);
}

/** A body named before an act: a body's ending, or a unit's within one (调查科, 军乐队, 交易所), after two characters at least. */
const doerSuffix = new RegExp(`[\\u4e00-\\u9fff]{2,}(?:${BODY_ENDINGS}|科|队|组|所|社|团)$`);

/** Where a word stands in a text, every time. */
function occurrences(text: string, word: string): number[] {
  const found: number[] = [];
  for (let at = word ? text.indexOf(word) : -1; at >= 0; at = text.indexOf(word, at + word.length)) found.push(at);
  return found;
}

/**
 * Whether a sentence holds a span of the type asked for that the question does not itself state
 * (a number, a name, a date): the sentence can answer, not just repeat the topic.
 */
export function holdsAnswerType(type: AnswerType, sentence: string, question: string): boolean {
  const fresh = (span: string) => span.trim().length > 0 && !question.includes(span.trim());
  switch (type) {
    case 'number':
      return [...sentence.matchAll(new RegExp(numberSpan.source, 'g'))].some((m) => fresh(m[0]) && !/^(?:19|20)\d{2}年$/.test(m[0]));
    case 'date':
      return [...sentence.matchAll(new RegExp(dateSpan.source, 'g'))].some((m) => fresh(m[0]));
    case 'person':
      return personNames(sentence).some((name) => fresh(name.text));
    case 'place':
    case 'organisation': {
      const tags = type === 'place' ? /^ns/ : /^nt/;
      return nodejieba.tag(sentence).some(({ word, tag }) => fresh(word) && word.length >= 2 && (tags.test(tag) || (type === 'organisation' && /^n/.test(tag) && organisationSuffix.test(word) && word.length >= 3)));
    }
    case 'list':
      return listCue.test(sentence);
    case 'reason':
      return reasonCue.test(sentence);
    case 'method':
      return methodCue.test(sentence);
    case 'definition':
      return definitionCue.test(sentence);
    case 'yesno':
      return RULE_WORDS.test(sentence);
    default:
      return false;
  }
}

/**
 * The number printed right before the words a question counts in ("多少吉瓦时" → 400吉瓦时, "多少个基点"
 * → 15个基点, "有多少农业转移人口" → 1.4亿农业转移人口): in Chinese the measure word or the counted noun
 * follows the number, so the number it follows is the one asked for, whether or not the index knows
 * its unit. The longest run of two or more of the words after 多少/几 that one number precedes.
 */
export function numberBefore(question: string, sentence: string): string | undefined {
  const asked = /(?:多少|几)([\u4e00-\u9fffA-Za-z]{1,6})/.exec(question)?.[1];
  if (!asked) return undefined;
  // (Not one character: "有几件" is answered by the figures of its unit, weighed as the question is worded.)
  for (let length = asked.length; length >= 2; length--) {
    const printed = new Set(sentence.match(new RegExp(`(?<![\\d.])(?:\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)(?:万亿|亿|万|千)?(?:余|多)?${escapeRegExp(asked.slice(0, length))}`, 'g')));
    // (Several numbers in those words, "抽检2921763批次，…不合格样品70174批次": the question's other words decide.)
    if (printed.size > 0) return printed.size === 1 ? [...printed][0] : undefined;
  }
  return undefined;
}

/**
 * What a polar (yes or no) question asks holds: the words after 是否, 能否, 可否 or an A-not-A pair
 * (能不能, 要不要, 是不是, 有没有, 可不可以), or its last clause before a final 吗. Undefined for other
 * questions. Within a 吗-question 几 and 什么 say "a few", "some": "种的几棵杨树想砍了卖，需要办采伐证吗？"
 * asks yes or no. `truth`: it asks whether something is so (是否, 是不是, 吗), not what may or must be
 * done (能不能, 是否可以).
 */
export function polarPredicate(question: string): { predicate: string; truth: boolean } | undefined {
  const clauses = question.split(/[，,。；;？?！!\s]/).filter(Boolean);
  for (const clause of clauses.reverse()) {
    const marker = /是否|能否|可否|([\u4e00-\u9fff])[不没]\1/.exec(clause);
    let predicate = marker ? clause.slice(marker.index + marker[0].length) : /吗$/.test(clause) ? clause.slice(0, -1) : undefined;
    if (predicate === undefined) continue;
    // ("可不可以", "应不应该": the pair's word goes on past it.)
    if (marker?.[1] && nodejieba.cut(marker[1] + predicate.slice(0, 1)).length === 1) predicate = predicate.slice(1);
    if (predicate.length < 2) return undefined;
    const truth = (!marker || /^(?:是否|是不是)$/.test(marker[0])) && !MODAL.test(predicate);
    return { predicate, truth };
  }
  return undefined;
}

/**
 * The words a rule is stated in (legal Chinese's deontic modals): a sentence holding one says
 * whether an act is allowed, required or forbidden, what "能不能…" and "…有什么规定" ask for.
 */
export const RULE_WORDS = /不得|严禁|禁止|不予|应当|必须|须|可以|允许|有权|原则上/;

/** Modal verbs of two characters: they say whether an act may or must be done, not which act. */
export const MODAL_VERBS = ['可以', '能够', '应当', '应该', '需要', '必须'];
/** Light verbs: they carry the act of the noun after them ("进行练习" is 练习, "做审查" is 审查). */
export const LIGHT_VERBS = ['进行', '开展', '做', '搞', '办', '弄'];

/** Modal verbs of one character, and what opens a phrase before its act: 去办, 要交, 才能领. */
const AUXILIARIES = new Set([...MODAL_VERBS, ...LIGHT_VERBS, '才能', '开始', '能', '要', '须', '需', '应', '该', '得', '去', '来', '再']);

/**
 * A phrase's act, past the modal and light verbs that open it, word by word as jieba cuts them
 * ("需要去办续展" → 续展; "办理续展手续" keeps 办理, a word of its own).
 */
export function pastAuxiliaries(phrase: string): string {
  const words = nodejieba.cut(phrase);
  const first = words.findIndex((word) => !AUXILIARIES.has(word));
  return first < 0 ? '' : words.slice(first).join('');
}

/** A predicate that asks what may or must be done: "是否可以…", "需要办采伐证吗", "改革意见允许吗". */
const MODAL = new RegExp(`^(?:还|也|都|再)?(?:${MODAL_VERBS.join('|')}|能|要|得|允许)|(?:允许|可以|行)$`);

/** The question asks whether something may or must be done: the rule that allows or forbids it answers. */
export function asksRule(question: string): boolean {
  const polar = polarPredicate(question);
  return polar !== undefined && !polar.truth;
}

/** The words that state a rule's verdict, as jieba cuts them: negations and modal verbs. */
const VERDICT_WORDS = new Set(['不', '不得', '不予', '不再', '不能', '不会', '不应', '不应当', '不宜', '不可', '不必', '不用', '不需', '无需', '无须', '未', '没有', '禁止', '严禁', '可', '可以', '应', '应当', '应该', '必须', '须', '需', '需要', '有权', '允许']);

/** Characters that negate, also inside words jieba keeps whole (不是, 从未, 无法, 非法定, 没能). */
const NEGATING = /[不未非无没]/;

/**
 * The verdict a sentence gives on a polar question, read from its clause that shares most character
 * pairs (two or more) with what is asked and prints its last word (its object: "…往下放" → 下放): from
 * its negation or modal verb on ("核准权限不得下放" → 不得下放). A clause that names a case ("…缴纳社会保
 * 险费的，", "不缴纳社会保险费的用人单位，") gives its verdict in the next clause ("应当补缴"). A clause stating
 * most of what is asked, with no negation or modal verb anywhere in the sentence, answers "whether"
 * with 是的 ("是的，工作磋商目前已经全部结束"). Undefined when no clause states what is asked, or it asks
 * about a number (a figure answer checks that).
 */
export function verdictOf(sentence: string, question: string): string | undefined {
  const polar = polarPredicate(question);
  // (A rule for the cases it lists, "对下列情形…应当进行价格认定：", gives no verdict on the case asked.)
  if (!polar || /下列|以下(?:情形|情况|事项|行为)/.test(sentence) || numberSpan.test(polar.predicate)) return undefined;
  // (Pairs with a particle say nothing of what is asked: "法定的" is matched by 规定的.)
  const asked = new Set([...bigrams(polar.predicate)].filter((pair) => !/[的了着过地得]/.test(pair)));
  // (A prepositional phrase closing the predicate names whom or where, not the act: "下放给市县" → 下放.)
  const predicateWords = nodejieba.tag(polar.predicate.replace(/[了的过呢吧啊]+$/, ''));
  const core = predicateWords.length > 2 && predicateWords.at(-2)!.tag === 'p' ? predicateWords.slice(0, -2) : predicateWords;
  const object = core.map(({ word }) => word).join('').slice(-2);
  const clauses = sentence
    .replace(new RegExp(`^第${ORDINAL_NUMBER}条\\s*`), '')
    .split(/[，,；;。：:！!？?\n]/)
    .map((clause) => clause.replace(/[\s“”"「」『』‘’]/g, ''));
  const shared = clauses.map((clause) => (clause.includes(object) ? [...asked].filter((pair) => clause.includes(pair)).length : 0));
  const best = shared.indexOf(Math.max(...shared));
  if (shared[best]! < 2) return undefined;
  const words = nodejieba.tag(clauses[best]!);
  // (Not after a preposition: "对应当进行价格认定的涉案财物" names the things a rule is for.)
  const at = words.findIndex(({ word }, i) => VERDICT_WORDS.has(word) && words[i - 1]?.tag !== 'p');
  // The clause from its verdict word on, where it has one.
  const verdictFrom = (tagged: Array<{ word: string }>, i: number) => {
    const verdict = tagged.slice(i).map(({ word }) => word).join('');
    return i >= 0 && verdict.length <= 40 ? verdict : undefined;
  };
  const namesCase = clauses[best]!.endsWith('的') || (at === 0 && /的[^的]{1,8}$/.test(clauses[best]!));
  if (namesCase) {
    const next = clauses[best + 1] ? nodejieba.tag(clauses[best + 1]!) : [];
    return verdictFrom(next, next.findIndex(({ word }) => VERDICT_WORDS.has(word)));
  }
  if (at >= 0) return verdictFrom(words, at);
  // (Only a plain statement of most of what is asked says yes to it.)
  const plain = !NEGATING.test(clauses[best]!) && !nodejieba.cut(sentence).some((word) => VERDICT_WORDS.has(word)) && !/是否|吗/.test(clauses[best]!) && !/^[（(]?[一二三四五六七八九十\d]+[)）、.]/.test(clauses[best]!);
  return polar.truth && plain && shared[best]! >= asked.size / 2 && clauses[best]!.length <= 40 ? `是的，${clauses[best]}` : undefined;
}

/** The clauses a question tells before the first one that asks ("我们慈善组织去年刚登记的，想搞公开募捐，"), if any. */
export function storyOf(question: string): string {
  let end = 0;
  for (const clause of question.matchAll(/[^，,。；;？?！!]+[，,。；;？?！!]?/g)) {
    if (ASKING.test(clause[0])) return question.slice(0, end);
    end = clause.index + clause[0].length;
  }
  return '';
}
