/**
 * A question that asks several things, answered part by part: where it splits into parts, and how
 * the parts' answers join into one, their citations renumbered into one list.
 */
import type { Citation } from '../types.js';
import { Citations } from './citations.js';
import type { Composed } from './compose.js';
import { ASKING, HOW_MANY_JI } from './answer-type.js';
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

/** A line naming the source of the quotes below it, after what it leads with: "2018年。据《…》“…”部分：". */
const SOURCE_LINE = /^(?:([^\n]*?)。)?另?据《[^\n]*：$/;

/** The source a line names, above its quotes or before one, the same with or without 另. */
function sourceNamed(line: string): string | undefined {
  return /(?:^|。)另?(据《[^\n]*?》[^\n]*?：)/.exec(line)?.[1];
}

/** Joins the answers to several parts, renumbering their citations into one list. */
export function mergeParts(parts: { composed?: Composed; citations: Citations }[]): { text: string; citations: Citation[] } {
  const merged = new Citations();
  const stated = new Set<string>();
  const printed: string[] = [];
  // The source line ("据《…》：") the quotes printed last stand under, when it stands alone.
  let heading: string | undefined;
  for (const part of parts) {
    const renumber = new Map<number, string>();
    for (const citation of part.citations.list) renumber.set(citation.n, merged.adopt(citation));
    const lines = part.composed!.text.replace(/\[(\d+)\]/g, (marker, n: string) => renumber.get(Number(n)) ?? marker).split('\n');
    const kept: string[] = [];
    lines.forEach((line, i) => {
      const header = SOURCE_LINE.exec(line);
      // Two parts answered by the same sentence state it once. (A source line stays where the
      // quotes under it are new: it may have been printed before, over other quotes.)
      if (!header && stated.has(line)) return;
      if (header) {
        // (Its quotes run to the next line that names a source: "另据《…》：“…”" quotes one of its own.)
        const next = lines.findIndex((other, j) => j > i && sourceNamed(other) !== undefined);
        const quotes = lines.slice(i + 1, next < 0 ? undefined : next);
        // A source line whose quotes were all stated before goes with them: what it leads with
        // points to the earlier quote instead ("部长李乐成[1]。"), unless it was said as it stands.
        if (quotes.length > 0 && quotes.every((quote) => stated.has(quote))) {
          const pointer = header[1] && !stated.has(line) && `${header[1]}${markerOf(quotes.join(''), header[1])}。`;
          if (pointer && !stated.has(pointer)) kept.push(pointer);
          return;
        }
        // "据《…》：" once when the quotes printed last stand under the same line.
        if (line === heading) return;
      }
      // A figure answered by a sentence already quoted points to that quote ("336个（2026年）[1]。").
      const requoted = /^(.+?)。另?据《[^\n]*?：(“.+”\[\d+\])$/.exec(line);
      kept.push(requoted && [...stated].some((earlier) => earlier.includes(requoted[2]!)) ? `${requoted[1]}${requoted[2]!.slice(requoted[2]!.lastIndexOf('['))}。` : line);
      if (header && !header[1]) heading = line;
      else if (sourceNamed(line)) heading = undefined;
    });
    for (const line of kept) stated.add(line);
    printed.push(...kept);
  }
  return { text: printed.join('\n'), citations: merged.list };
}

/**
 * The citation marker of the quoted sentence that states `lead`, as printed (without the period
 * put after a figure in brackets or the year before a day), else of the first sentence quoted: the
 * best one, which a lead is read from.
 */
function markerOf(quoted: string, lead: string): string {
  const cited = [...quoted.matchAll(/([^[\]]*)(\[\d+\])/g)];
  const bare = lead.replace(/（[^）]*）$/, '').replace(/^(?:19|20)\d{2}年(?=\d{1,2}月)/, '');
  // (A lead of one or two characters, "是", would be found in any sentence.)
  const stating = bare.length > 2 ? cited.find(([, sentence]) => sentence!.includes(bare)) : undefined;
  return (stating ?? cited[0])?.[2] ?? '';
}
