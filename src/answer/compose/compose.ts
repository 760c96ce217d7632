/**
 * Composing answers from evidence: a plain answer, a list of conditions, a formal reply draft, and
 * the refusal. Every statement is a quoted sentence with its citation marker; nothing is paraphrased.
 */
import nodejieba from 'nodejieba';
import { Citations, sourceName, type Quotable } from './citations.js';
import { asksRule, doerOfAct, expectedAnswerType, leadSpan, LIGHT_VERBS, MODAL_VERBS, numberBefore, RULE_WORDS, slotOfAct, verdictOf } from '../question/answer-type.js';
import { pinningOf, supportOf, type Evidence } from '../candidates/evidence.js';
import type { QueryTerm } from '../question/terms.js';
import { enumerated, listLeadAt } from '../candidates/lists.js';
import type { PolicyDocument } from '../../types.js';
import { ORDINAL_NUMBER } from '../../text/regexp.js';

/**
 * The share of its support an answer keeps when it lacks the kind of fact asked for (a figure
 * question naming its unit, or answered by no quantity at all; a date question by no date; a reply
 * draft without the number, date or contact asked): too little to answer (a probability near 0.22 at
 * the fitted weights) or to join as a later part. (At 0.25 such answers of full coverage stood at the
 * refusal threshold itself, where a refit moving the weights in the fourth decimal answered three
 * laws traps.)
 */
export const NOT_ANSWERED = 0.2;
/**
 * What an answer's support keeps when the sentence it stands on is about another period than asked (or
 * counts per another span of time): as little as an answer lacking the kind of fact asked for keeps,
 * since it does not answer either. (At 0.3 a figure of another month with full coverage stood just above
 * the threshold: "本田中国2023年8月…销量" answered by 2022年7月's. News tuning traps +1, nothing lost.)
 */
export const OTHER_PERIOD = NOT_ANSWERED;
/**
 * Texts whose next sentence states the next fact or target, not the limit or another case of the rule
 * before: reports and plans. A text of rules states parallel cases in neighbouring clauses (by who
 * acts, how much, which kind), and the words a question shares with them often cannot tell which it asks.
 */
export const NEXT_FACT = new Set<PolicyDocument['type']>(['新闻', '规划', '方案']);
/**
 * A further clause of the best sentence's own text of rules scoring at least this share of it is
 * quoted too, as a close runner-up of its passage is. (Laws tuning: 0.85 won 4 answers, lost none, and
 * quoted a further clause in 43 of 441 answers; 0.7 won 6 and answered a near-miss trap.)
 */
const NEIGHBOUR_SCORE = 0.85;

/** An answer composed from evidence, and how well that evidence supports it (0–1). */
export interface Composed {
  text: string;
  support: number;
}

/** A list item: enumerated and a statement, not a bare section heading such as "二、严格政府投资项目审批管理". */
function isItem(evidence: Evidence): boolean {
  return enumerated.test(evidence.text) && /[，。；：]/.test(evidence.text);
}

export function quotable(evidence: Evidence) {
  return { document: evidence.hit.document, chunk: evidence.hit.chunk, start: evidence.start, end: evidence.end };
}

export function refusal(hasRelated: boolean): string {
  return hasRelated
    ? '语料中没有找到能回答这个问题的内容。以下是最接近的段落，仅供参考，不能作为答案依据。'
    : '语料中没有找到能回答这个问题的内容。';
}

/** A pattern the answering sentence must match, for who/where/contact questions. */
export function requiredCue(question: string): RegExp | undefined {
  // (Past a light verb or the copula: "找谁来做审查" → 审查, "谁是万达集团董事长" → 万达; past a
  // prepositional phrase, as jieba tags it, to the act: "谁通过争取国家政策资金支持" → 争取.)
  // (The clause after 谁, numbers and all: "谁在8月18日举行…"; past an adverb, a modal verb or a verb of
  // attempt too: "谁试图促成…" → 促成, "谁应当承担…" → 承担.)
  const who = WHO.exec(question)?.[1];
  if (who) return new RegExp(actPast(who) ?? actPastAdverb(who) ?? who.slice(0, 2));
  // "向哪里提出申请" asks for a body, not a place.
  if (/(?<![向到找去])哪里|在哪|什么地方|何地|哪个地方/.test(question)) {
    const place = /在[\u4e00-\u9fff]{2,12}(?:举行|召开|开幕|发布)|[\u4e00-\u9fff]{2,8}(?:会场|大会堂|中心|基地)|[\u4e00-\u9fff]{2,6}(?:省|市|县|区|镇|乡|村|街道)/;
    // The act asked about, its first word after the interrogative ("在哪里持刀行凶" → 持刀): a sentence
    // that states it and a place, or where it happens (在…, not 正在, 现在), answers. ("在哪个城市…"
    // names a class instead.)
    const after = /(?:哪里|哪儿|在哪(?![个一些种家位])|什么地方|何地|哪个地方)[上里]?([\u4e00-\u9fff]{2,})/.exec(question)?.[1];
    const act = after ? actIn(after) : undefined;
    const cue = act ? new RegExp(`^(?=.*${act})(?:.*(?<![正存所现实])在[\\u4e00-\\u9fff]{2}|.*(?:${place.source}))`) : place;
    // Chinese asks in place: a sentence that prints the words before the interrogative with a noun
    // where it stands answers it too ("危机蔓延到了哪里" ← "危机…已蔓延到军队中").
    // (Not 在哪里, whose 在 is read above.)
    const asked = /([\u4e00-\u9fff]{2})(?<!在)了?(?:哪里|哪儿)/.exec(question)?.[1];
    return asked ? new RegExp(`${cue.source}|${asked}[\\u4e00-\\u9fff]{2}`) : cue;
  }
  return contactCue(question);
}

/** Who is asked about, and the words after: "由谁来做审查", "谁是万达集团董事长". */
const WHO = new RegExp(`(?:由)?(?:谁|哪位|何人)(?:来|去|负责)?(?:${LIGHT_VERBS.join('|')}|是)?([\\u4e00-\\u9fff][^，。；？?！!]+)`);

/** Words that name no act of their own: light verbs ("进行练习" is 练习) and modal verbs ("可以办理" is 办理). */
const NO_ACT = new RegExp(`^(?:${[...LIGHT_VERBS, ...MODAL_VERBS, '可能'].join('|')})$`);

/**
 * The act a phrase opening with a preposition leads to, as jieba tags it: its first verb of two
 * characters or more ("通过争取国家政策资金支持" → 争取, "向记者透露" → 透露). Undefined when the
 * phrase does not open with one.
 */
function actPast(phrase: string): string | undefined {
  const words = nodejieba.tag(phrase);
  return words[0]?.tag === 'p' ? firstAct(words) : undefined;
}

/**
 * The act a phrase opening with an adverb, a modal verb or a verb of attempt leads to: its first verb
 * of two characters or more, else its first other word of two ("将在…举行首脑峰会" → 举行, "试图促成…妥协"
 * → 促成, "已经被任命为…" → 任命, which jieba tags a noun). Undefined when the phrase opens otherwise.
 */
function actPastAdverb(phrase: string): string | undefined {
  const words = nodejieba.tag(phrase);
  if (words[0]?.tag !== 'd' && !NO_ACT.test(words[0]?.word ?? '') && !ATTEMPT.test(words[0]?.word ?? '')) return undefined;
  return firstAct(words) ?? words.find((w, i) => i > 0 && w.word.length >= 2 && !/^[dpr]/.test(w.tag) && !NO_ACT.test(w.word) && !ATTEMPT.test(w.word))?.word;
}

/** The first verb of two characters or more after the first word, past light and modal verbs. */
function firstAct(words: Array<{ word: string; tag: string }>): string | undefined {
  return words.find((w, i) => i > 0 && w.tag === 'v' && w.word.length >= 2 && !NO_ACT.test(w.word) && !ATTEMPT.test(w.word))?.word;
}

/** Verbs of attempt and intent: the act is the verb they lead to ("试图促成", "打算举办"). */
const ATTEMPT = /^(?:试图|企图|打算|准备|想要|设法|力图|力争)$/;

/**
 * The act a phrase after a where-interrogative names: past a preposition, its first verb; otherwise
 * its first word of two characters or more, past light and modal verbs ("持刀行凶" → 持刀, "可以办理"
 * → 办理; jieba tags many acts as nouns, "集会", "行凶").
 */
function actIn(phrase: string): string | undefined {
  const words = nodejieba.tag(phrase).filter((w) => !NO_ACT.test(w.word));
  if (words[0]?.tag === 'p') return actPast(phrase);
  return words.find((w) => w.word.length >= 2)?.word;
}

/** A pattern for the contact detail a question asks for: a phone number, a web address, an email. */
export function contactCue(question: string): RegExp | undefined {
  // (A caller who "打电话问" asks about something else.)
  if (/(?<!打|来|通|接到?|打个)电话(?!问|来|咨询|反映|说|询问)|联系方式/.test(question)) return /\d{3,4}-\d{7,8}|\d{3,4}-\d{4}\s?\d{4}/;
  if (/网址|网站|官网/.test(question)) return /https?:|www\./;
  if (/邮箱|邮件/.test(question)) return /@/;
  return undefined;
}

/** A sentence announcing a list by its count: "着力做好三个方面的工作", "总体看有三大亮点". */
const announcesCount = /[两二三四五六七八九十]+(?:个|大|项|点|条|类)?(?:方面|亮点|任务|举措|措施|工作|建议|目标|重点|特点|原则|类)/;

/**
 * "第二个是什么？", "第三类针对的是…" after a sentence introducing a list: the item printed as
 * 第二，/二是/（二）/三、.
 */
export function ordinalItem(question: string): RegExp | undefined {
  const ordinal = /第([一二三四五六七八九十])(?:个|点|条|项|方面|类|种)/.exec(question)?.[1];
  return ordinal ? new RegExp(`^(?:第${ordinal}[，、：]|${ordinal}是|[（(]${ordinal}[)）]|${ordinal}、)`) : undefined;
}

/** Re-ranks evidence by the kind of answer the question expects (who, where, contact, N-th item, may-I). */
export function rankByAnswerType(question: string, evidence: Evidence[]): Evidence[] {
  // Who did it, or where, must be said by a sentence that names the act ("谁主持的？" → "…主持会议")
  // or a place: among the strong candidates, only such sentences answer.
  const required = requiredCue(question);
  const item = ordinalItem(question);
  if (item) {
    const answering = evidence.filter((e) => item.test(e.text));
    if (answering.length > 0) {
      // The item is supported by the sentence that introduced its list ("…有三大亮点。"); with
      // several lists, the item whose introduction matches the question best.
      // The introduction is among the few sentences before the item: the one closest to the question.
      // The nearest sentence before it announcing a count ("着力做好三个方面的工作", "有三大亮点")
      // introduces its list; failing one, the closest to the question of the few before it.
      const introOf = (e: Evidence) => {
        const before = evidence
          .filter((other) => other.hit.document === e.hit.document && other.start < e.start && !enumerated.test(other.text))
          .sort((a, b) => b.start - a.start);
        return before.slice(0, 12).find((other) => announcesCount.test(other.text)) ?? before.slice(0, 6).sort((a, b) => b.coverage - a.coverage)[0];
      };
      const found = answering.reduce((a, b) => ((introOf(b)?.coverage ?? 0) > (introOf(a)?.coverage ?? 0) ? b : a));
      const intro = introOf(found);
      const ranked = [found, ...evidence.filter((e) => e !== found)];
      return intro ? ranked.map((e) => (e === found ? { ...e, coverage: Math.max(e.coverage, intro.coverage), passageCoverage: Math.max(e.passageCoverage, intro.passageCoverage) } : e)) : ranked;
    }
  }
  if (required) {
    const top = evidence.slice(0, 20);
    const answering = top.filter((e) => required.test(e.text));
    if (answering.length > 0) return [...answering, ...evidence.filter((e) => !answering.includes(e))];
  }
  // "能不能…？" wants the rule that allows or forbids it.
  if (asksRule(question)) {
    const bonus = (e: Evidence) => (RULE_WORDS.test(e.text) ? 0.15 : 0);
    return [...evidence].sort((a, b) => b.score + bonus(b) - (a.score + bonus(a)));
  }
  return evidence;
}

/** The best one or two sentences, from different passages, each cited. */
export function generalAnswer(evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed {
  const best = evidence[0]!;
  // A clause of a "；" run is quoted with the rest of its run ("…开放共享；…授权使用。").
  const passage = evidence.filter((e) => e.hit.chunk.id === best.hit.chunk.id);
  const run = semicolonRun(passage, best);
  // A list item ("三是加强…激励。加大首台套…") is quoted whole, up to the next item.
  const item = enumerated.test(best.text) ? itemRun(passage, best) : [];
  const quoted = run.length >= 2 && run.length <= 4 ? run : item.length >= 2 ? item : [best];
  // An item says little without the sentence it hangs on ("…一次记12分：" over "（一）饮酒后驾驶机动车的；").
  const lead = enumerated.test(best.text) ? listLead(best) : undefined;
  let answer = (lead ? `${lead.text}${citations.cite(lead)}` : '') + quoted.map((e) => `${e.text}${citations.cite(quotable(e))}`).join('');
  // A close runner-up is quoted too: the lede of a report often outscores the sentence that states
  // the detail asked for. From another passage, it must cover as much of the question.
  const runnerUp = (e: Evidence) => e.text !== best.text && (e.hit.chunk.id === best.hit.chunk.id ? e.score >= best.score * 0.85 : e.coverage >= best.coverage * 0.8);
  // When the best sentence does not name what is asked for ("什么方式"), one of its document that does.
  const focused = best.focused ? undefined : evidence.find((e) => e.focused && e.hit.document === best.hit.document && e.score >= best.score * 0.6);
  const second = quoted.length > 1 ? undefined : (focused ?? firstRankedBeside(evidence, best) ?? evidence.find(runnerUp));
  const said = [...quoted, ...(second ? [second] : []), ...(lead ? [lead] : [])].map((e) => e.text);
  // (Not another item of the best sentence's list: the item asked is chosen already, "第二个任务是什么？".)
  const neighbour = NEXT_FACT.has(best.hit.document.type) ? undefined : evidence.find((e) =>
    e.hit.document === best.hit.document && e.score >= best.score * NEIGHBOUR_SCORE && !(enumerated.test(best.text) && enumerated.test(e.text)) && !said.some((text) => text.includes(e.text) || e.text.includes(text)));
  if (second) answer += `\n${sourceOf(second, best)}${second.text}${citations.cite(quotable(second))}`;
  if (neighbour) answer += `\n${sourceOf(neighbour, best, second && second.hit.document !== best.hit.document)}${neighbour.text}${citations.cite(quotable(neighbour))}`;
  // The heading the sentence stands under says whose words they are, or which part of the text.
  return { text: `据${sourceName(best.hit.document)}${clauseReference(best, { trail: true, quote: quoted[0]!.text })}：\n${answer}`, support: supportOf(best, terms) };
}

/**
 * The best sentence of the passage retrieval ranked first, when the answer's best sentence is of
 * another document and this one scores at least 0.7 of it: where the two rankings disagree, the reader
 * quotes both. (News tuning: plain answers +19 −6, lists +5 −0; 0.5 let weak ledes in on the seeds.)
 */
function firstRankedBeside(evidence: Evidence[], best: Evidence): Evidence | undefined {
  const first = evidence.find((e) => e.rank === 0);
  return first && first.hit.document !== best.hit.document && first.score >= best.score * 0.7 ? first : undefined;
}

/**
 * Where a further quote comes from, when the answer's "据《…》第X条：" line does not say: another
 * document ("另据《…》第X条："), or another clause of the same one ("第十二条："), named too after a
 * quote from another document (`afterOther`), under whose name it would stand.
 */
function sourceOf(further: Evidence, first: Evidence, afterOther = false): string {
  const clause = clauseReference(further, { trail: true, quote: further.text });
  if (further.hit.document !== first.hit.document || afterOther) return `另据${sourceName(further.hit.document)}${clause}：`;
  return clause && clause !== clauseReference(first, { trail: true, quote: first.text }) ? `${clause}：` : '';
}

/**
 * A plain answer led by what the question asks for, when its best sentence states it: a name, date or
 * place ("国务院总理李强。据《…》：…", "圣彼得堡。据…"), the body printed before the act asked about
 * ("市场监管总局。"), what stands where a "V 什么 N" question's interrogative stands ("科普事业。"), or the
 * number before the words a question counts in when no indexed figure answers it ("三段行程。"); the
 * quote follows as before.
 */
export function ledAnswer(composed: Composed, best: Evidence | undefined, question: string, terms: QueryTerm[]): Composed {
  const type = expectedAnswerType(question);
  if (!best) return composed;
  const report = best.hit.document.type === '新闻';
  const span = () => leadSpan(type, best.text, question, terms.flatMap((t) => t.forms).filter((form) => best.text.toLowerCase().includes(form)), report ? best.hit.document.date : undefined);
  // (A doer that is no one's name, "市场监管总局", "国家防总", leads as printed before the act. The
  // passage quoted, not another source's, tells whether the act is stated twice.)
  const quoted = composed.text.split('\n另据')[0]!;
  // (A yes-or-no question is answered yes or no, whatever its other words ask: "种的几棵杨树…要办采伐证吗".)
  const lead =
    verdictOf(best.text, question) ??
    (type === 'person' ? (span() ?? doerOfAct(best.text, question, quoted) ?? slotOfAct(best.text, question, quoted))
    : type === 'organisation' ? (doerOfAct(best.text, question, quoted) ?? slotOfAct(best.text, question, quoted))
    : type === 'other' || type === 'definition' ? slotOfAct(best.text, question, quoted)
    : type === 'place' ? (span() ?? slotOfAct(best.text, question, quoted))
    : type === 'date' ? span()
    : type === 'number' ? numberBefore(question, best.text)
    : undefined);
  if (!lead) return composed;
  // A report's "8月10日" is in the year the report is dated ("2023年8月10日"), as a figure's 今年 is.
  // (Not a regulation's: its "6月30日前" recurs every year.)
  const thisYear = type === 'date' && report && /^\d{1,2}月/.test(lead) && !best.text.includes(`每年${lead}`);
  const year = thisYear ? /^((?:19|20)\d{2})-/.exec(best.hit.document.date ?? '')?.[1] : undefined;
  return { ...composed, text: `${year ? `${year}年` : ''}${lead}。${composed.text}` };
}

/**
 * Conditions are listed item by item, each cited: the enumerated items that follow the best
 * sentence in its passage ("有下列情形之一的…：（一）…（二）…"), or else the best sentences.
 */
export function conditionsAnswer(
  evidence: Evidence[],
  terms: QueryTerm[],
  citations: Citations,
  continuation: (e: Evidence) => Evidence[],
  question: string,
  statesAskedFigure: (e: Evidence) => boolean = () => false,
): Composed {
  // Prohibitions are asked for as 禁止性规定 and printed as 不得/严禁.
  const prohibitive = /禁止|不得|不能|不允许|限制/.test(question);
  // What happens to those who break a rule ("会有什么后果") is printed as the sanction.
  const consequence = /后果|会怎么样|会怎样|怎么处理|如何处理|怎么处罚|如何处罚|怎么罚|处罚|惩戒|追责/.test(question);
  const weigh = (e: Evidence) =>
    officialWeight(e) +
    (prohibitive && /不得|严禁|禁止|不允许/.test(e.text) ? 0.15 : 0) +
    (consequence && /惩戒|处罚|信用记录|追究|责令|罚款|吊销|通报|约谈|取消.{0,4}资格/.test(e.text) ? 0.15 : 0);
  // The passage that answers a conditions question usually introduces a list ("有下列情形之一的…："):
  // among the strongest passages, one that does wins; the governing text wins over a report on it.
  const byPassage = new Map<string, Evidence[]>();
  for (const e of evidence) byPassage.set(e.hit.chunk.id, [...(byPassage.get(e.hit.chunk.id) ?? []), e]);
  const top = Math.max(...evidence.map(weigh));
  let chosen: Evidence[] = [];
  let chosenScore = -1;
  for (const sentences of byPassage.values()) {
    const best = Math.max(...sentences.map(weigh));
    if (best < top * 0.45) continue;
    const list = extendedList(sentences, continuation);
    // A list whose lead names what is asked for ("提出4条具体建议。" for 哪几条建议) answers it, even
    // where the report's lede shares more of the question's words.
    const announced = list.items.length >= 2 && list.lead?.focused === true;
    if (best < top * 0.75 && !announced) continue;
    // Such a list outranks any passage without one, unless that passage states the figure the
    // question asks for ("到会委员人数有什么最低要求" ← "到会委员应不少于5人").
    const listed = list.items.length >= 2 ? (announced ? 1 : 0.15) : sentences.some(statesAskedFigure) ? 1 : 0;
    if (best + listed > chosenScore) {
      chosen = sentences;
      chosenScore = best + listed;
    }
  }
  const strongestInPassage = chosen.reduce((a, b) => (weigh(b) > weigh(a) ? b : a));
  let { lead, items } = extendedList(chosen, continuation);
  // A passage may print a list beside the sentence that answers ("对下列情形…：" before "对特殊或者专业
  // 领域财物，应当邀请专家论证…"): a list far weaker than that sentence is not the answer.
  const listed = [...(lead ? [lead] : []), ...items];
  const statement = /。$/.test(strongestInPassage.text);
  if (statement && listed.length > 0 && !listed.includes(strongestInPassage) && Math.max(...listed.map(weigh)) < weigh(strongestInPassage) * 0.7) {
    lead = undefined;
    items = [];
  }
  const head = lead ?? strongestInPassage;
  // Clauses separated by "；" in one paragraph are a list too: "…严格控制设立企业；…不得…；…。"
  if (items.length < 2 && !lead) items.splice(0, items.length, ...semicolonRun(chosen, head));
  // The lead sentence is quoted unless the items alone are the list (a run of "；" clauses).
  const quoteHead = Boolean(lead) || items.length < 2;
  const clause = clauseReference(head, quoteHead ? { quote: head.text } : {});
  const lines = [`据${sourceName(head.hit.document)}${clause}：${quoteHead ? `${head.text}${citations.cite(quotable(head))}` : ''}`];
  if (items.length >= 2) {
    for (const item of items) lines.push(`- ${item.text}${citations.cite(quotable(item))}`);
  } else {
    // No printed list: the head's paragraph often states the points one sentence each
    // ("投资主管部门履行…；行业主管部门履行…；地方政府履行…"), then the next strongest sentences.
    const text = head.hit.document.text;
    const mates = evidence
      .filter((e) => e !== head && e.hit.document === head.hit.document && !text.slice(Math.min(e.end, head.end), Math.max(e.start, head.start)).includes('\n'))
      .sort((a, b) => a.start - b.start)
      .slice(0, 4);
    const others = [...evidence].sort((a, b) => weigh(b) - weigh(a)).filter((e) => e !== head && !mates.includes(e) && e.coverage >= head.coverage * 0.6);
    const more = [...mates, ...others].slice(0, 4);
    // (Sentences of another text are not listed under this one's name: they follow under their own.)
    const byDocument = new Map<PolicyDocument, Evidence[]>([[head.hit.document, []]]);
    for (const item of more) byDocument.set(item.hit.document, [...(byDocument.get(item.hit.document) ?? []), item]);
    for (const [document, items] of byDocument) {
      if (document !== head.hit.document && items.length > 0) lines.push(`另据${sourceName(document)}：`);
      for (const item of items) lines.push(`- ${item.text}${citations.cite(quotable(item))}`);
    }
  }
  const strongest = [head, ...items].reduce((a, b) => (b.score > a.score ? b : a));
  // "投向了哪些领域？" answered by "涉及人工智能、城市地下管网…、“三北”工程等重点领域": a sentence that
  // names what is asked for and enumerates it answers, however few of the question's other words it shares.
  // (Still lowered when the document lacks a year or name the question pins.)
  const enumerates = head.focused && /(?:[^、，。；]{2,24}、){2,}/.test(head.text);
  // "能不能走简易程序？需要满足什么条件？" answered by "有下列情形之一的可以适用简易程序：（一）…": a list
  // announced as the conditions of a specific thing the question names answers it, however the
  // asker describes their own case.
  const announcesConditions = Boolean(lead) && items.length >= 2 && /(?:下列|以下|如下)(?:情形|条件|情况|要求)/.test(head.text);
  const namesSubject = terms.some((t) => t.term.length >= 3 && t.weight >= 2.5 && t.forms.some((f) => head.text.toLowerCase().includes(f)));
  const first = firstRankedBeside(evidence, strongest);
  if (first && !lines.some((line) => line.includes(first.text))) lines.push(`另据${sourceName(first.hit.document)}：${first.text}${citations.cite(quotable(first))}`);
  const support = supportOf(strongest, terms);
  const floor = enumerates || (announcesConditions && namesSubject) ? 0.45 * pinningOf(strongest, terms) : 0;
  return { text: lines.join('\n'), support: Math.max(support, floor) };
}

/** A passage's list, continued into the passages that carry on with its items. */
function extendedList(sentences: Evidence[], continuation: (e: Evidence) => Evidence[]): { lead?: Evidence; items: Evidence[] } {
  const list = listOf(sentences);
  let last = list.items[list.items.length - 1];
  while (last) {
    const more = mergeByParagraph(continuation(last)).filter(isItem);
    if (more.length === 0 || list.items.length > 20) break;
    list.items.push(...more);
    last = more[more.length - 1];
  }
  return list;
}

/** The sentence a list item hangs on (candidates/lists.ts), quotable. */
function listLead(item: Evidence): (Quotable & { text: string }) | undefined {
  const lead = listLeadAt(item.hit.document.text, item.start);
  return lead && { document: item.hit.document, ...lead };
}

/** An enumerated item's sentences: from its first up to the next item or the paragraph's end (at most four). */
function itemRun(sentences: Evidence[], first: Evidence): Evidence[] {
  const text = first.hit.document.text;
  const following = sentences.filter((e) => e.start >= first.end).sort((a, b) => a.start - b.start);
  const run = [first];
  for (const next of following) {
    const last = run[run.length - 1]!;
    if (run.length >= 4 || enumerated.test(next.text) || text.slice(last.end, next.start).includes('\n')) break;
    run.push(next);
  }
  return run;
}

/** The run of "；"-separated sentences around `sentence` in its paragraph, when there is one. */
function semicolonRun(sentences: Evidence[], sentence: Evidence): Evidence[] {
  const ordered = [...sentences].sort((a, b) => a.start - b.start);
  const text = sentence.hit.document.text;
  const at = ordered.indexOf(sentence);
  const joined = (a: Evidence, b: Evidence) => !text.slice(a.end, b.start).includes('\n') && /；$/.test(a.text);
  let from = at;
  while (from > 0 && joined(ordered[from - 1]!, ordered[from]!)) from--;
  let to = at;
  while (to + 1 < ordered.length && joined(ordered[to]!, ordered[to + 1]!)) to++;
  return to > from ? ordered.slice(from, to + 1) : [];
}

/**
 * A list in one passage: a sentence that introduces it ("…：") and the items after it, either
 * enumerated ((一)… 一是… 1.…) or, within the same paragraph, separated by "；".
 */
function listOf(sentences: Evidence[]): { lead?: Evidence; items: Evidence[] } {
  const ordered = [...sentences].sort((a, b) => a.start - b.start);
  const text = ordered[0]?.hit.document.text ?? '';
  const sameParagraph = (a: Evidence, b: Evidence) => !text.slice(a.end, b.start).includes('\n');
  // A paragraph ending in "：" introduces the enumerated paragraphs after it (items may hold "；").
  const paragraphs = mergeByParagraph(ordered);
  for (const [i, paragraph] of paragraphs.entries()) {
    if (!/[：:]$/.test(paragraph.text)) continue;
    const items: Evidence[] = [];
    for (const candidate of paragraphs.slice(i + 1)) {
      if (!isItem(candidate)) break;
      items.push(candidate);
    }
    if (items.length > 0) return { lead: paragraph, items };
  }
  // Items run on inside the lead's paragraph: "…应当进行价格认定：涉嫌违纪违法案件；刑事案件；…。"
  for (const [i, sentence] of ordered.entries()) {
    const next = ordered[i + 1];
    if (!next || !/[：:]/.test(sentence.text) || !/[；：:]$/.test(sentence.text) || !sameParagraph(sentence, next)) continue;
    const run = [next];
    for (const more of ordered.slice(i + 2)) {
      if (!sameParagraph(run[run.length - 1]!, more) || /。$/.test(run[run.length - 1]!.text)) break;
      run.push(more);
    }
    if (run.length >= 2 || /；/.test(sentence.text)) return { lead: sentence, items: run };
  }
  // "提出4条具体建议。一是…。二是…。": items numbered inside a paragraph, each running on until the next.
  for (const [i, sentence] of ordered.entries()) {
    const first = ordered[i + 1];
    if (!first || !/^(?:一是|第一[，、]|[（(][一1][)）]|1[.、．])/.test(first.text)) continue;
    const items: Evidence[] = [];
    for (const more of ordered.slice(i + 1)) {
      const last = items[items.length - 1];
      if (enumerated.test(more.text)) items.push(more);
      else if (last && sameParagraph(last, more)) items[items.length - 1] = { ...last, text: text.slice(last.start, more.end).trim(), end: more.end, score: Math.max(last.score, more.score) };
      else break;
    }
    if (items.length >= 2) return { lead: sentence, items };
  }
  // Without a lead, only enumerated whole paragraphs are items: "（三）加强换届规范。" opening a long
  // paragraph is that paragraph's heading, not an item of a list.
  // "（六）持续深化登记制度改革。研究制定…" is a section with a heading sentence, not a list item.
  const section = (p: Evidence) => /^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)[^，。；：]{2,24}。./.test(p.text);
  return { items: paragraphs.filter((p) => isItem(p) && !section(p) && p.text.length <= 200) };
}

/** Consecutive sentences of one paragraph merged into one piece of evidence spanning the paragraph. */
function mergeByParagraph(sentences: Evidence[]): Evidence[] {
  const paragraphs: Evidence[] = [];
  for (const sentence of sentences) {
    const last = paragraphs[paragraphs.length - 1];
    const text = sentence.hit.document.text;
    if (last && last.hit.document === sentence.hit.document && !text.slice(last.end, sentence.start).includes('\n')) {
      paragraphs[paragraphs.length - 1] = {
        ...last,
        text: text.slice(last.start, sentence.end).trim(),
        end: sentence.end,
        score: Math.max(last.score, sentence.score),
        coverage: Math.max(last.coverage, sentence.coverage),
      };
    } else {
      paragraphs.push(sentence);
    }
  }
  return paragraphs;
}

/** A formal reply draft: 关于…问题，根据《…》（文号）第X条规定：“…”，each point cited. */
export function draftAnswer(evidence: Evidence[], terms: QueryTerm[], citations: Citations, question: string): Composed {
  // A reply quotes the governing policy text, not a news report about it; one on whether something
  // is allowed, the rule.
  const wantsRule = asksRule(question);
  const weigh = (e: Evidence) => officialWeight(e) + (wantsRule && RULE_WORDS.test(e.text) ? 0.15 : 0);
  const ranked = [...evidence].sort((a, b) => weigh(b) - weigh(a));
  const best = ranked[0]!;
  const topic = draftTopic(terms, best.hit.document.title, question);
  // A reply covers each point the request raises: up to three statements of the same document,
  // in the order the document makes them.
  const points = [best, ...ranked.filter((e) => e !== best && e.text !== best.text && e.hit.document.id === best.hit.document.id && e.coverage >= best.coverage * 0.7).slice(0, 2)].sort(
    (a, b) => a.start - b.start,
  );
  // Points from different clauses each name their clause: "第十六条规定：“…”；第十七条规定：“…”".
  const clauses = new Set(points.map((e) => clauseReference(e)));
  const quoted = points
    .map((e) => {
      const named = clauses.size > 1 ? clauseReference(e, { quote: e.text }) : '';
      return `${named ? `${named}规定：` : ''}“${e.text}”${citations.cite(quotable(e))}`;
    })
    .join('；');
  const governing = `${sourceName(best.hit.document)}${clauses.size > 1 ? '' : clauseReference(best, { quote: points[0]!.text })}`;
  const text = [
    `关于${topic}问题的答复口径（草稿）`,
    `关于${topic}问题，根据${governing}${clauses.size > 1 ? '：' : '规定：'}${quoted}`,
    '特此答复。',
  ].join('\n');
  return { text, support: supportOf(best, terms) };
}

/** Who raises the matter a reply answers ("家长投诉", "有网友反映", "群众来信问"): not the matter itself. */
// (Not the same characters inside another word: 访问量, 顾问, 问题, 举报人, 咨询机构, 投诉电话.)
const RAISED_BY = /^[^，。；：]{0,10}?(?:反映(?![出了])|投诉(?![电信])|举报(?![人者电信])|咨询(?![机公服费师])|质疑|(?<![访顾学疑提])问(?![题责卷]))(?:称|说)?/;
/** Words that ask for the reply rather than state the matter ("请说明法律规定", "…说的 帮俺写个回复"). */
const REQUEST = /^(?:请|帮|麻烦|拟|写|说明|引用|注明)|帮.{0,2}写|写个|写一段|起草|回复|答复/;

/**
 * The subject of a reply, as an official titles one ("关于学校附近的网吧接待未成年人上网问题"): the
 * matter someone raised, in the request's own words; else what the question adds to the document's
 * name ("不予批准决定异议申诉"), not the name again.
 */
function draftTopic(terms: QueryTerm[], title: string, question: string): string {
  // "请帮我给公司研发部写一段说明：向本单位伦理委员会申请…": the matter follows the colon.
  const matter = question.includes('：') ? question.slice(question.lastIndexOf('：') + 1) : question;
  const clauses = matter.split(/[，。；？！,;?!]/).map((clause) => clause.trim());
  const raised = clauses.findIndex((clause) => RAISED_BY.test(clause));
  if (raised >= 0) {
    // ("有群众来信问，依申请公开政府信息…": the matter may be the next clause.)
    const own = clauses[raised]!.replace(RAISED_BY, '');
    // (Without its interrogative, or a 其/关于 the title adds again: "政府信息公开遵循什么原则" → 政府信息公开遵循原则.)
    const stated = (own || clauses[raised + 1] || '')
      .replace(/\s+|(?:是|为)?(?:什么时候|何时|多长时间|多久|会?怎么样|怎样|怎么|什么|哪些|哪个|哪天|如何|多少[个家项条名位]?|几[个家项条名位]|是否|能否|能不能|要不要|可不可以|有没有|有无)|吗|呢/g, '')
      .replace(/^(?:其|关于)+/, '');
    if (stated.length >= 4 && stated.length <= 24 && !REQUEST.test(stated)) return stated;
  }
  const name = title.toLowerCase();
  const inMatter = terms.filter((t) => t.term.length >= 2 && matter.toLowerCase().includes(t.term));
  const pool = inMatter.length > 0 ? inMatter : terms;
  const specific = pool.filter((t) => t.weight >= 2 && !t.forms.some((form) => name.includes(form)));
  // Too little beyond the document's name ("关于提出问题"): the matter's words as asked.
  return (specific.length >= 2 ? specific : pool).slice(0, specific.length >= 2 ? 4 : 6).map((t) => t.term).join('');
}

/** A listed answer ("据《…》第十二条：…：\n- （一）…") framed as a reply draft. */
export function listDraft(listed: Composed, terms: QueryTerm[], title: string, question: string): Composed {
  const topic = draftTopic(terms, title, question);
  // "据《…》第十二条：" → "根据《…》第十二条规定：" (a title may hold a "：" of its own).
  const named = listed.text.indexOf('》');
  const colon = listed.text.indexOf('：', named);
  const body = `根${listed.text.slice(0, colon)}规定${listed.text.slice(colon)}`;
  return { ...listed, text: [`关于${topic}问题的答复口径（草稿）`, `关于${topic}问题，${body}`, '特此答复。'].join('\n') };
}

function officialWeight(evidence: Evidence): number {
  return evidence.score + (evidence.hit.document.type === '新闻' ? 0 : 0.15);
}

const ARTICLE = new RegExp(`^第${ORDINAL_NUMBER}条$`);

/**
 * How a quote's place in its text is named before it: the article ("第十六条"), else the heading path
 * below the title, all of it (`trail`: "“优必选…周剑 > 确保…”部分") or its innermost heading. Nothing
 * when the quote opens with that name: "据《…》第二十条：第二十条 委员会…" would name it twice.
 */
export function clauseReference(evidence: Evidence, options: { trail?: boolean; quote?: string } = {}): string {
  const path = evidence.hit.chunk.headingPath.slice(1);
  const name = path.find((heading) => ARTICLE.test(heading)) ?? (options.trail ? path.join(' > ') : (path[path.length - 1] ?? ''));
  if (!name || options.quote?.startsWith(name)) return '';
  return ARTICLE.test(name) ? name : `“${name}”部分`;
}
