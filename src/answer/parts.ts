/**
 * A question that asks several things, answered part by part: where it splits into parts, and how
 * the parts' answers join into one, their citations renumbered into one list.
 */
import type { Citation } from '../types.js';
import { Citations } from './citations.js';
import type { Composed } from './compose.js';
import { ASKING } from './answer-type.js';
import { tokenize } from '../text/tokenize.js';

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
    // A first part with no word to search ("在吗？", "请问？") greets; the question follows it.
    if (parts.length === 0 && tokenize(part).length === 0) continue;
    if (/^(?:那|那么)?(?:如果|要是|假如|若是?)/.test(part) && /呢[？?]$/.test(part) && !ASKING.test(part.replace(/呢[？?]$/, ''))) {
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

/** "…发布了多少条行业需求、遴选了多少项典型案例？" → the two counts asked, each its own part. */
function splitCounts(part: string): string[] {
  const asks = [...part.matchAll(/多少|(?<!哪)几(?=[个项条家款台人名位件次场批种类天日年倍])|哪一?天|什么时候|何时|几月几[日号]|哪一?次(?=会)|(?<=[，,\s](?:由|是)?)谁/g)];
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

/** A line naming the source of the quotes below it. */
const SOURCE_LINE = /据《[^\n]*：$/;

/** Joins the answers to several parts, renumbering their citations into one list. */
export function mergeParts(parts: { composed?: Composed; citations: Citations }[]): { text: string; citations: Citation[] } {
  const merged = new Citations();
  let previousSource = '';
  const stated = new Set<string>();
  const texts = parts.map((part) => {
    const renumber = new Map<number, string>();
    for (const citation of part.citations.list) renumber.set(citation.n, merged.adopt(citation));
    let text = part.composed!.text.replace(/\[(\d+)\]/g, (marker, n: string) => renumber.get(Number(n)) ?? marker);
    // "据《…》：" once when consecutive parts quote the same source.
    const source = /^据《[^\n]*?》[^\n]*?：\n/.exec(text)?.[0];
    if (source && source === previousSource) text = text.slice(source.length);
    previousSource = source ?? '';
    // Two parts answered by the same sentence state it once; a figure answered by a sentence
    // already quoted points to that quote ("336个（2026年）[1]。") instead of quoting it again.
    // A source line ("2018年。据《…》“…”部分：") whose quotes below were all stated before goes
    // with them: what it leads with points to the earlier quote instead.
    const lines = text.split('\n');
    const kept: string[] = [];
    lines.forEach((line, i) => {
      if (stated.has(line)) return;
      const below = lines.slice(i + 1);
      const quotes = SOURCE_LINE.test(line) ? below.slice(0, (below.findIndex((next) => SOURCE_LINE.test(next)) + 1 || below.length + 1) - 1) : [];
      if (quotes.length > 0 && quotes.every((quote) => stated.has(quote))) {
        const lead = /^(.+?)。(?:另)?据《/.exec(line)?.[1];
        if (lead) kept.push(`${lead}${markerOf(quotes.join(''), lead)}。`);
        return;
      }
      const requoted = /^(.+?)。(?:另)?据《[^\n]*?：(“.+”\[\d+\])$/.exec(line);
      kept.push(requoted && [...stated].some((earlier) => earlier.includes(requoted[2]!)) ? `${requoted[1]}${requoted[2]!.slice(requoted[2]!.lastIndexOf('['))}。` : line);
    });
    text = kept.join('\n');
    for (const line of text.split('\n')) stated.add(line);
    return text;
  });
  return { text: texts.filter(Boolean).join('\n'), citations: merged.list };
}

/** The citation marker of the quoted sentence that states `lead`, else the line's last one. */
function markerOf(quoted: string, lead: string): string {
  const cited = [...quoted.matchAll(/([^\[\]]*)(\[\d+\])/g)];
  return (cited.find(([, sentence]) => sentence!.includes(lead)) ?? cited.at(-1))?.[2] ?? '';
}
