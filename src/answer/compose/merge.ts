/** How the answers to a question's parts (question/split.ts) join into one, their citations renumbered into one list. */
import type { Citation } from '../../types.js';
import { Citations } from './citations.js';
import type { Composed } from './compose.js';

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
