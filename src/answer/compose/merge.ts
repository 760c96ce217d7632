/**
 * How the answers to a question's parts (question/split.ts) join into one, their citations
 * renumbered into one list, and each sentence quoted once: a later part, or a later line of one
 * part, that quotes a sentence already printed points to it instead.
 */
import { ARTICLE_NUMBER } from '../../text/regexp.js';
import type { Citation } from '../../types.js';
import { Citations } from './citations.js';
import type { Composed } from './compose.js';

/**
 * How a composer names a source: "据《…》：", with its 文号 in brackets, and the article or the part
 * quoted ("第十五条", "“（十二）…”部分"). Not "据《经济日报》报道，…：" inside a quoted sentence.
 */
const SOURCE = String.raw`另?据《[^》\n]*》(?:（[^）\n]*）)?(?:${ARTICLE_NUMBER}|“[^\n]*?”部分)?：`;
/** A line naming the source of the quotes below it, after what it leads with: "2018年。据《…》“…”部分：". */
const SOURCE_LINE = new RegExp(`^(?:([^\\n]*?)。)?${SOURCE}$`);
/** The source a line names, at its start or after what it leads with. */
const SOURCE_NAMED = new RegExp(`(?:^|。)${SOURCE}`);

/**
 * Citation markers while parts are joined: characters no text holds, so that a "[2000]" a quoted
 * document prints (a 文号 in square brackets) is never taken for one. `[n]` again at the end.
 */
const MARKER = /\u0001(\d+)\u0002/g;
const marker = (n: number) => `\u0001${n}\u0002`;

/**
 * A quote as every composer prints it: the text up to its citation marker ("…不得超过六个月。”[1]").
 * `key` is the text without quotation marks, spaces or the list dash, to find the same sentence
 * quoted from another span of the same text (an overlapping passage, another version of a law).
 */
interface Quote {
  text: string;
  marker: string;
  key: string;
  /** The document and title cited: only quotes of one text (or of its versions) are compared by their words. */
  docId: string;
  title: string;
}

/** Shorter sentences are not compared by their text: "部长李乐成[1]" points to a quote, it is not one. */
const MIN_QUOTE_KEY = 8;
/** Shorter quotes are not taken for another text's words: two texts may share a short formula. */
const MIN_ECHO = 20;

/** Joins the answers to several parts, renumbering their citations into one list. */
export function mergeParts(parts: { composed?: Composed; citations: Citations }[]): { text: string; citations: Citation[] } {
  const merged = new Citations();
  const printedQuotes: Quote[] = [];
  const statedLines = new Set<string>();
  const printed: string[] = [];

  /**
   * The line's quotes after the source it names, what stands before them (with what the line leads
   * with, before the source) and after the last.
   */
  const quotesOf = (line: string): { head: string; lead?: string; quotes: Quote[]; tail: string } => {
    const named = SOURCE_NAMED.exec(line);
    const from = named ? named.index + named[0].length : 0;
    const lead = named && named.index > 0 ? line.slice(0, named.index) : undefined;
    const quotes: Quote[] = [];
    let at = from;
    for (const m of line.slice(from).matchAll(MARKER)) {
      const end = from + m.index;
      const text = line.slice(at, end);
      const { docId = '', title = '' } = merged.list[Number(m[1]) - 1] ?? {};
      quotes.push({ text, marker: m[0], key: text.replace(/^[-\s；;，,]+/, '').replace(/[“”"\s]/g, ''), docId, title });
      at = end + m[0].length;
    }
    return { head: line.slice(0, from), ...(lead ? { lead } : {}), quotes, tail: line.slice(at) };
  };
  /**
   * The quotes printed before that hold this one: the same citation, or quotes of the same text
   * holding each of its sentences (a provision quoted whole after its sentences were, or one of them
   * after the whole).
   */
  const earlier = (quote: Quote): Quote[] | undefined => {
    const same = printedQuotes.find((other) => other.marker === quote.marker);
    if (same) return [same];
    // (Clauses of a "；" run count as sentences: a composer quotes them one by one or as one run.)
    const sentences = quote.key.split(/(?<=[。；！？])/).filter((sentence) => sentence.length >= MIN_QUOTE_KEY);
    if (sentences.length === 0) return undefined;
    const ofText = printedQuotes.filter((other) => other.docId === quote.docId || other.title === quote.title);
    const holding = sentences.map((sentence) => ofText.find((other) => other.key.includes(sentence)));
    return holding.every((other) => other !== undefined) ? [...new Set(holding)] : undefined;
  };
  /**
   * A quote another text printed before word for word (a repost, an amendment quoting the article
   * it amends): said, where the line only quotes. (A lead is never pointed to another text's quote:
   * "本办法自发布之日起施行" dates each 办法 by its own.)
   */
  const echoed = (quote: Quote) => quote.key.length >= MIN_ECHO && printedQuotes.some((other) => other.key.includes(quote.key));
  const said = (quote: Quote, led: boolean) => Boolean(earlier(quote)) || (!led && echoed(quote));
  /** The marker a lead points to: of the quote stating it, as printed before when it was. */
  const leadMarker = (lead: string, quotes: Quote[]) =>
    markerOf(quotes.flatMap((quote) => earlier(quote) ?? [quote]).map((quote) => `${quote.text}${quote.marker}`).join(''), lead);
  /**
   * A line that leads with a figure or a date, its quotes partly printed before: the lead points to
   * the earlier quote when that one states it ("2018年[1]。据《…》："), as the quote stays above.
   */
  const pointedLead = (head: string, lead: string | undefined, quotes: Quote[]) => {
    const stated = lead && leadMarker(lead, quotes);
    return lead && printedQuotes.some((quote) => quote.marker === stated) ? `${lead}${stated}。${head.slice(lead.length + 1)}` : head;
  };
  const print = (line: string, quotes: Quote[]) => {
    printedQuotes.push(...quotes);
    statedLines.add(line);
    printed.push(line);
  };

  // The source line ("据《…》：") the quotes printed last stand under, when it stands alone.
  let heading: string | undefined;
  for (const part of parts) {
    const renumber = new Map<number, string>();
    for (const citation of part.citations.list) renumber.set(citation.n, marker(Number(merged.adopt(citation).slice(1, -1))));
    const lines = part.composed!.text.replace(/\[(\d+)\]/g, (cited, n: string) => renumber.get(Number(n)) ?? cited).split('\n');
    lines.forEach((line, i) => {
      const header = SOURCE_LINE.exec(line);
      // (A line's quotes run to the next line that names a source: "另据《…》：“…”" quotes one of its own.)
      const next = lines.findIndex((other, j) => j > i && SOURCE_NAMED.test(other));
      const below = lines.slice(i + 1, next < 0 ? undefined : next);
      if (header) {
        const quotes = below.flatMap((quoteLine) => quotesOf(quoteLine).quotes);
        const lead = header[1];
        // A source line whose quotes were all printed before goes with them: what it leads with
        // points to the earlier quote instead ("部长李乐成[1]。"), unless it was said as it stands.
        if (quotes.length > 0 && quotes.every((quote) => said(quote, Boolean(lead)))) {
          const pointer = lead && !statedLines.has(line) && `${lead}${leadMarker(lead, quotes)}。`;
          if (pointer && !statedLines.has(pointer)) print(pointer, []);
          return;
        }
        // "据《…》：" once when the quotes printed last stand under the same line.
        if (line === heading) return;
        print(pointedLead(line, lead, quotes), []);
        heading = lead ? undefined : line;
        return;
      }
      const { head, lead, quotes, tail } = quotesOf(line);
      // A list's lead ("…应当提交下列材料：") is kept whole where its items are new, for them to hang
      // on; one that only introduces them (quoting nothing, or ending in "：") goes when they all went.
      const end = lines.findIndex((other, j) => j > i && !other.startsWith('- '));
      const items = line.startsWith('- ') ? [] : lines.slice(i + 1, end < 0 ? undefined : end);
      const itemQuotes = items.flatMap((item) => quotesOf(item).quotes);
      const introduces = quotes.every((quote) => /[：:]$/.test(quote.key));
      if (introduces && itemQuotes.length > 0 && itemQuotes.every((quote) => said(quote, false))) return;
      const leadsList = itemQuotes.some((quote) => !said(quote, false));
      const fresh = leadsList ? quotes : quotes.filter((quote) => !said(quote, Boolean(lead)));
      if (fresh.length === quotes.length) {
        // (A line quoting nothing, "特此答复。", is printed once.)
        if (quotes.length === 0 && statedLines.has(line)) return;
        print(line, quotes);
      } else if (fresh.length > 0) {
        // Only the quotes not printed before.
        print(`${pointedLead(head, lead, quotes)}${fresh.map((quote) => `${quote.text}${quote.marker}`).join('')}${tail}`, fresh);
      } else {
        // Every quote printed before: a figure the line leads with points to the quote that states
        // it; a line that only quotes goes.
        const pointer = lead && !statedLines.has(line) && `${lead}${leadMarker(lead, quotes)}。`;
        if (pointer && !statedLines.has(pointer)) {
          print(pointer, []);
          // (Quotes after it need their source named again.)
          heading = undefined;
        }
        return;
      }
      if (SOURCE_NAMED.test(line)) heading = undefined;
    });
  }
  return citedOnly(printed.join('\n'), merged.list);
}

/** The citations the text still cites, numbered in the order it first cites them: a quote left out leaves no source behind. */
function citedOnly(text: string, citations: Citation[]): { text: string; citations: Citation[] } {
  const order = new Map<number, number>();
  for (const m of text.matchAll(MARKER)) if (!order.has(Number(m[1]))) order.set(Number(m[1]), order.size + 1);
  return {
    text: text.replace(MARKER, (_, n: string) => `[${order.get(Number(n))}]`),
    citations: citations.filter((c) => order.has(c.n)).map((c) => ({ ...c, n: order.get(c.n)! })).sort((a, b) => a.n - b.n),
  };
}

/**
 * The citation marker of the quoted sentence that states `lead`, as printed (without the period
 * put after a figure in brackets or the year before a day), else of the first sentence quoted: the
 * best one, which a lead is read from.
 */
function markerOf(quoted: string, lead: string): string {
  const cited = [...quoted.matchAll(/([^\u0001\u0002]*?)(\u0001\d+\u0002)/g)];
  const bare = lead.replace(/（[^）]*）$/, '').replace(/^(?:19|20)\d{2}年(?=\d{1,2}月)/, '');
  // (A lead of one or two characters, "是", would be found in any sentence.)
  const stating = bare.length > 2 ? cited.find(([, sentence]) => sentence!.includes(bare)) : undefined;
  return (stating ?? cited[0])?.[2] ?? '';
}
