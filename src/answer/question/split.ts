/**
 * Where a question that asks several things splits into parts, each answered on its own (the
 * answers join in compose/merge.ts).
 */
import { ASKING, HOW_MANY_JI } from './answer-type.js';
import { tokenize } from '../../text/tokenize.js';

/**
 * The parts of a question that asks several things, split at question marks, and between two
 * counts asked in one sentence ("发布了多少条行业需求、遴选了多少项典型案例？"); one part otherwise.
 */
export function splitQuestion(question: string): string[] {
  const parts: string[] = [];
  // "如果是纳入专家复核清单的活动呢？跟踪审查间隔是多长？": the case sets the next question's subject
  // (its 呢？ states the case; any other word that asks makes it a question of its own).
  let condition = '';
  for (const raw of question.split(/(?<=[？?])/).map((p) => p.trim())) {
    const part = condition + raw;
    condition = '';
    if (part.replace(/[？?，,。\s]/g, '').length < 2) continue;
    // A first part with no word to search that asks nothing but 吗 or 呢 ("在吗？", "请问？") greets;
    // the question follows it. ("为什么？", "哪一年？" ask, though no word of theirs is searched.)
    if (parts.length === 0 && tokenize(part).length === 0 && !asksBeforeItsEnd(part)) continue;
    if (/^(?:那|那么)?(?:如果|要是|假如|若是?)/.test(part) && /呢[？?]$/.test(part) && !asksBeforeItsEnd(part)) {
      condition = part.replace(/呢[？?]$/, '，');
      continue;
    }
    // A closing statement ("稿子写的是从30%提到50%以上。") belongs to the question before it.
    if (parts.length > 0 && !/[？?]$/.test(part) && !ASKING.test(part)) parts[parts.length - 1] += part;
    else parts.push(...splitCounts(part));
  }
  if (condition) parts.push(condition.replace(/，$/, '呢？'));
  return parts.length > 1 ? parts : [question];
}

/** Whether a part asks anything before the particle and question mark it ends with ("…呢？" only states a case). */
function asksBeforeItsEnd(part: string): boolean {
  return ASKING.test(part.replace(/[吗呢]?[？?]*$/, ''));
}

/** What asks one count, date or person: two of them in one sentence are two questions. */
const ASKS_ONE = new RegExp(String.raw`多少|(?<!哪)${HOW_MANY_JI}(?=[个项条家款台人名位件次场批种类天日年倍])|哪一?天|什么时候|何时|几月几[日号]|哪一?次(?=会)|(?<=[，,\s](?:由|是)?)谁`, 'g');

/** "…发布了多少条行业需求、遴选了多少项典型案例？" → the two counts asked, each its own part. */
function splitCounts(part: string): string[] {
  const asks = [...part.matchAll(ASKS_ONE)];
  if (asks.length !== 2) return [part];
  // The separator between them, after the first count's noun: "、", "，" or "以及/和/又".
  const [first, second] = asks as [RegExpMatchArray, RegExpMatchArray];
  const after = first.index! + first[0].length;
  const between = part.slice(after, second.index!);
  // (Typed without punctuation, "哪天开的 谁主持的": a space.)
  const cut = /[、，,；\s]|以及|(?<=[\u4e00-\u9fff]{2})又/.exec(between);
  if (!cut || /分别|各/.test(part.slice(first.index!))) return [part];
  const at = after + cut.index;
  return [`${part.slice(0, at)}？`, part.slice(at + cut[0].length)];
}
