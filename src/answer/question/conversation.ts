/**
 * Multi-turn conversations: a follow-up such as "它的文号是多少？" or "一共支持了多少个项目？" is
 * resolved against the earlier turns, searching with their topic and preferring the documents
 * their answers cited.
 */
import nodejieba from 'nodejieba';
import { isPlace } from '../../text/places.js';
import { segment, tokenize } from '../../text/tokenize.js';
import type { Answer } from '../../types.js';
import { ASKING } from './answer-type.js';

export interface Turn {
  question: string;
  answer: Answer;
}

/** Words that point back at something said before. */
const reference = /^(?:它|他|她|其|该|这|那|此|上述|以上|前述|上面|刚才|同时|另外|还有|那么|并且|而且)|它的|它们|他的|他们|她的|她们|其中|该(?:文件|办法|通知|意见|方案|条例|政策|项目|行动)|这(?:个|份|项|些|一)|那(?:个|份|项|些)|一共|总共|分别|具体是/;

/** Pronouns and demonstratives: the question is about the earlier turn's subject itself. */
const pointing = /^(?:它|他|她|该|这|那(?!么)|此|上述|前述|第[一二三四五六七八九十\d]+(?:个|条|项|点|是))|它的|它们|他的|他们|她的|她们|该(?:文件|办法|通知|意见|方案|条例|政策|项目|行动)|这(?:个|份|项|些|批|次|种|类|样)|那(?:个|份|项|些|批|次|种|类|样)|此类/;

/**
 * A question that reads as continuing the conversation by its form: a clause closed by 呢 that asks
 * nothing itself ("冷静期过了之后呢？", "如果过了期限还不交呢？": the earlier question, of another case),
 * or a condition opening the question ("要是决策出了问题，…": a case of the earlier subject). Such a
 * question may still stand alone ("申请需要哪些条件呢？"): it is asked both ways, the conversation's
 * reading preferred (assistant.ts).
 */
export function readsAsContinuing(question: string): boolean {
  const closed = [...question.matchAll(/([^，,。？?！!；;]*)呢/g)].some((m) => !ASKING.test(m[1]!));
  return closed || /^(?:如果|要是|假如|假设|若(?!干)|万一)/.test(question);
}

/** A question with this few content words cannot stand alone. */
const MIN_STANDALONE_TOKENS = 3;

/** "第二个呢？", "金额呢？", "那吴丰礼呢，他建议怎么搞？": the earlier question, asked again about something else. */
// (Typed without punctuation, "那应急程序呢 具体多少小时": a space.)
const elliptical = /^(?:那|那么)?([^，,？?\s]{1,16}?)呢(?:[？?]|(?:[，,]|\s+)(.{0,20}?)[？?]?)?$/;
const ordinal = /第[一二三四五六七八九十\d]+(?:个|条|项|点|批|次|是)?/;
const year = /(?:19|20)\d{2}年/;

/**
 * A follow-up that names nothing it measures ("那未来五年预计能提升到多少？", "那全国能提升到多少？":
 * no noun but a place or a whole area) asks the figure of what the earlier turn measured, in its
 * units; one naming its own ("国内用户能到多少") does not.
 */
export function measuresNothingOfItsOwn(question: string): boolean {
  const measured = ({ word, tag }: { word: string; tag: string }) => /^[nl]/.test(tag) && tag !== 'ns' && !isPlace(word) && !/^全[国省市区县球]$/.test(word);
  return !nodejieba.tag(question).some(measured);
}

/** Rewrites an elliptical follow-up as a full question by swapping its new part into the earlier one. */
export function rewriteElliptical(question: string, previous: string): string | undefined {
  const match = elliptical.exec(question.trim());
  if (!match) return undefined;
  const part = match[1]!;
  // "还有呢 领航级要打造什么样的标杆": a filler, then the question itself.
  if (/^(?:还有|另外|其他|其它|别的|然后)$/.test(part)) return match[2] ? `${match[2]}？` : undefined;
  for (const pattern of [ordinal, year]) {
    if (pattern.test(part) && pattern.test(previous)) return previous.replace(pattern, pattern.exec(part)![0]);
  }
  // "那第三条呢 具体说的啥" after "…提了几条建议": the third of them.
  if (ordinal.test(part)) return `${previous.replace(/[？?。]$/, '')}，${part}是什么？`;
  // A name in place of a name: the one word of the earlier question as long as the new one
  // ("何小鹏…提了什么建议？" + "那吴丰礼呢" → "吴丰礼…提了什么建议？").
  const peers = segment(previous).filter((word) => word.length === part.length && /^[\u4e00-\u9fff]+$/.test(word) && !tokenize(word).every((t) => t.length < 2));
  // Only short parts (names of people and places are 2–3 characters); "企业数量呢" asks for another
  // attribute, not another subject.
  if (part.length >= 2 && part.length <= 3 && peers.length === 1 && !previous.includes(part)) return previous.replace(peers[0]!, part);
  // "那要是按规定得国务院核准的呢？" after "…主题公园谁来核准？": the earlier question asked of a new case.
  const tail = /(?:谁|哪|什么|多少|几|怎么|如何|是否|能否)[^，,。？?]*[？?]?$/.exec(previous)?.[0];
  if (tail && (/^(?:要是|如果|若是?|假如)/.test(part) || /的$/.test(part) || part.length >= 6)) return `${part.replace(/^(?:要是|如果|若是?|假如)/, '')}${tail}`;
  // "那应急审查呢，一般多长时间完成？": the new subject with its own question.
  const asked = match[2]?.replace(/^(?:它|他|她|其)/, '');
  if (asked && /多少|几|什么|啥|哪|谁|怎么|如何|多久|多长|吗|是否|能否/.test(asked)) return `${part}${asked}？`;
  return `${previous.replace(/[？?。]$/, '')}，${part}是多少？`;
}

export interface ResolvedQuestion {
  /** The follow-up rewritten to stand alone, when it was elliptical ("第二个呢？"). */
  question?: string;
  /** Text to search with: the earlier topic and the new question. */
  searchText?: string;
  focusDocIds: string[];
  /** Points at the earlier subject (他, 这批): answered from the earlier documents. */
  pinned?: boolean;
}

export class Conversation {
  readonly turns: Turn[] = [];

  /** For a question that refers back (它, 其中, 一共 …), the earlier topic and documents to search with. */
  resolve(question: string): ResolvedQuestion {
    const context = this.context();
    if (!context) return { focusDocIds: [] };
    const rewritten = rewriteElliptical(question, this.turns[this.turns.length - 1]!.answer.resolvedQuestion);
    if (rewritten) return { question: rewritten, searchText: rewritten, focusDocIds: context.focusDocIds };
    const followUp = reference.test(question) || pointing.test(question) || tokenize(question).length < MIN_STANDALONE_TOKENS;
    if (!followUp) return { focusDocIds: [] };
    return { searchText: context.searchText(question), focusDocIds: context.focusDocIds, pinned: pointing.test(question) };
  }

  /** What the conversation has been about: the last turn's question and the documents its answer cited. */
  context(): { searchText: (question: string) => string; focusDocIds: string[] } | undefined {
    const previous = this.turns[this.turns.length - 1];
    if (!previous) return undefined;
    const cited = previous.answer.citations.map((c) => c.docId);
    const related = previous.answer.related.map((c) => c.docId);
    return {
      searchText: (question) => `${previous.answer.resolvedQuestion} ${question}`,
      focusDocIds: [...new Set(cited.length > 0 ? cited.slice(0, 2) : related.slice(0, 1))],
    };
  }

  record(question: string, answer: Answer): void {
    this.turns.push({ question, answer });
  }
}
