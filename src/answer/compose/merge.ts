/**
 * How the answers to a question's parts (question/split.ts) join into one, their citations
 * renumbered into one list, and each sentence quoted once: a later part, or a later line of one
 * part, that quotes a sentence already printed points to it instead.
 */
import type { Citation } from '../../types.js';
import { Citations } from './citations.js';
import type { Composed } from './compose.js';

/** A line naming the source of the quotes below it, after what it leads with: "2018年。据《…》“…”部分：". */
const SOURCE_LINE = /^(?:([^\n]*?)。)?另?据《[^\n]*：$/;

/** The source a line names, above its quotes or before one, the same with or without 另. */
function sourceNamed(line: string): RegExpExecArray | null {
  return /(?:^|。)另?(据《[^\n]*?》[^\n]*?：)/.exec(line);
}

/**
 * A quote as every composer prints it: the text up to its citation marker ("…不得超过六个月。”[1]").
 * `key` is the text without quotation marks, spaces or the list dash, to find the same sentence
 * quoted from another span (an overlapping passage, another version of a law).
 */
interface Quote {
  text: string;
  marker: string;
  key: string;
}

/** Shorter quotes are not compared by their text: "部长李乐成[1]" points to a quote, it is not one. */
const MIN_QUOTE_KEY = 8;

/** The line's quotes after the source it names, and what stands before them and after the last. */
function quotesOf(line: string): { head: string; quotes: Quote[]; tail: string } {
  const named = sourceNamed(line);
  const from = named ? named.index + named[0].length : 0;
  const quotes: Quote[] = [];
  let at = from;
  for (const m of line.slice(from).matchAll(/\[\d+\]/g)) {
    const end = from + m.index;
    const text = line.slice(at, end);
    quotes.push({ text, marker: m[0], key: text.replace(/^[-\s；;，,]+/, '').replace(/[“”"\s]/g, '') });
    at = end + m[0].length;
  }
  return { head: line.slice(0, from), quotes, tail: line.slice(at) };
}

/** Joins the answers to several parts, renumbering their citations into one list. */
export function mergeParts(parts: { composed?: Composed; citations: Citations }[]): { text: string; citations: Citation[] } {
  const merged = new Citations();
  const printedQuotes: Quote[] = [];
  const statedLines = new Set<string>();
  const printed: string[] = [];
  /**
   * The quotes printed before that hold this one: the same marker, or quotes holding each of its
   * sentences (a provision quoted whole after its sentences were, or one of them after the whole).
   */
  const earlier = (quote: Quote): Quote[] | undefined => {
    const same = printedQuotes.find((other) => other.marker === quote.marker);
    if (same) return [same];
    if (quote.key.length < MIN_QUOTE_KEY) return undefined;
    const holding = quote.key.split(/(?<=[。；！？])/).filter(Boolean).map((sentence) => printedQuotes.find((other) => other.key.includes(sentence)));
    return holding.every((other) => other !== undefined) ? [...new Set(holding)] : undefined;
  };
  // What a lead points to: the earlier quote that states it ("336个（2026年）[1]。").
  const pointer = (lead: string, quotes: Quote[]) => `${lead}${markerOf(quotes.flatMap((quote) => earlier(quote)!).map((other) => `${other.text}${other.marker}`).join(''), lead)}。`;
  const print = (line: string, quotes: Quote[]) => {
    printedQuotes.push(...quotes);
    statedLines.add(line);
    printed.push(line);
  };
  // The source line ("据《…》：") the quotes printed last stand under, when it stands alone.
  let heading: string | undefined;
  for (const part of parts) {
    const renumber = new Map<number, string>();
    for (const citation of part.citations.list) renumber.set(citation.n, merged.adopt(citation));
    const lines = part.composed!.text.replace(/\[(\d+)\]/g, (marker, n: string) => renumber.get(Number(n)) ?? marker).split('\n');
    lines.forEach((line, i) => {
      const header = SOURCE_LINE.exec(line);
      if (header) {
        // (Its quotes run to the next line that names a source: "另据《…》：“…”" quotes one of its own.)
        const next = lines.findIndex((other, j) => j > i && sourceNamed(other) !== null);
        const quotes = lines.slice(i + 1, next < 0 ? undefined : next).flatMap((quoteLine) => quotesOf(quoteLine).quotes);
        // A source line whose quotes were all printed before goes with them: what it leads with
        // points to the earlier quote instead ("部长李乐成[1]。"), unless it was said as it stands.
        if (quotes.length > 0 && quotes.every((quote) => earlier(quote))) {
          const pointed = header[1] && !statedLines.has(line) && pointer(header[1], quotes);
          if (pointed && !statedLines.has(pointed)) print(pointed, []);
          return;
        }
        // "据《…》：" once when the quotes printed last stand under the same line.
        if (line === heading) return;
        print(line, []);
        heading = header[1] ? undefined : line;
        return;
      }
      const { head, quotes, tail } = quotesOf(line);
      // (A line leading a list is kept whole where the list's items are new: they hang on it.)
      const end = lines.findIndex((other, j) => j > i && !other.startsWith('- '));
      const items = line.startsWith('- ') ? [] : lines.slice(i + 1, end < 0 ? undefined : end);
      const leadsList = items.some((item) => quotesOf(item).quotes.some((quote) => !earlier(quote)));
      const fresh = leadsList ? quotes : quotes.filter((quote) => !earlier(quote));
      if (fresh.length === quotes.length) {
        // (A line quoting nothing, "特此答复。", is printed once.)
        if (quotes.length === 0 && statedLines.has(line)) return;
        print(line, quotes);
      } else if (fresh.length > 0) {
        // Only the quotes not printed before.
        print(`${head}${fresh.map((quote) => `${quote.text}${quote.marker}`).join('')}${tail}`, fresh);
      } else {
        // Every quote printed before: a figure the line leads with points to the quote that states
        // it; a line that only quotes goes.
        const lead = /^(.+?)。另?据《/.exec(head)?.[1];
        const pointed = lead && !statedLines.has(line) && pointer(lead, quotes);
        if (pointed && !statedLines.has(pointed)) print(pointed, []);
        heading = undefined;
        return;
      }
      if (sourceNamed(line)) heading = undefined;
    });
  }
  return citedOnly(printed.join('\n'), merged.list);
}

/** The citations the text still cites, numbered in the order it first cites them: a quote left out leaves no source behind. */
function citedOnly(text: string, citations: Citation[]): { text: string; citations: Citation[] } {
  const order = new Map<number, number>();
  for (const m of text.matchAll(/\[(\d+)\]/g)) if (!order.has(Number(m[1]))) order.set(Number(m[1]), order.size + 1);
  return {
    text: text.replace(/\[(\d+)\]/g, (marker, n: string) => `[${order.get(Number(n)) ?? n}]`),
    citations: citations.filter((c) => order.has(c.n)).map((c) => ({ ...c, n: order.get(c.n)! })).sort((a, b) => a.n - b.n),
  };
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
