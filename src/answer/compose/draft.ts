/**
 * Reply drafts (答复口径): the rule for a "能不能…" request, otherwise the points it raises listed and
 * cited, completed with what the request asks that the draft leaves out. Owns the sentences drafts
 * draw on beyond the evidence (a list's continuation, lines matching a cue, the policy text a report
 * quotes) and the dates and time limits a reply gives.
 */
import { sentenceSpans } from '../../ingest/chunk.js';
import { statedFigures } from '../../ingest/figures.js';
import type { PolicyIndex } from '../../index/store.js';
import { bigramOverlap, bigrams } from '../../text/bigrams.js';
import { polarPredicate } from '../question/answer-type.js';
import { setAsideCase } from '../question/asked.js';
import { Citations, sourceName } from './citations.js';
import { conditionsAnswer, contactCue, draftAnswer, listDraft, NOT_ANSWERED, quotable, type Composed } from './compose.js';
import { enumerated } from '../candidates/lists.js';
import { aboutNamedRegulations, gatherEvidence, type Evidence } from '../candidates/evidence.js';
import type { QueryTerm } from '../question/terms.js';
import { COUNT_WORDS } from './figure-answer.js';
import type { IntentAnalysis } from '../question/intent.js';
import type { ReaderModel } from '../model/model.js';

/** What drafts read of the corpus: its passages and the sentence scorer. */
export interface DraftContext {
  index: PolicyIndex;
  model: ReaderModel;
}

/**
 * A drafting request describes the requester's situation at length ("有企业来电反映…请起草…"), so its
 * evidence covers a smaller share of its words than a plain question's does for the same support.
 * Calibrated on the eval sets (seed, dev2–dev15): 1.35 answered 5 more requests and refused no fewer.
 */
const DRAFT_SUPPORT_SCALE = 1.35;

/** A time limit as printed: "十日内", "30日内", "3个工作日内". */
export const timeLimit = /[\d一二三四五六七八九十两]+(?:个工作日|日|天|个?小时|个月|年)(?:内|以内|之内)/;

/** A date a reply can give: a day, or the day a text is issued ("自印发之日起"). */
const draftDate = /\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九十]{1,3}月[〇零一二三四五六七八九十]{1,3}日|印发之日|发布之日|公布之日/;

/** Events a date is printed with: the clause "将于2026年1月1日起施行" dates a coming into force. */
const datedEvents = /施行|实施|生效|印发|发布|召开|举行|举办|表决|通过|设立|成立|启动|截止|报送|出台|签署|披露|公布|宣布|投产|开工|竣工|开通|通车|上线|开业|开幕|闭幕|交付|上市|发射|启用|投运/g;

/**
 * Whether a sentence's date is for the event asked: "哪一天表决通过的？" is not answered by "将于2026年
 * 1月1日起施行" in the same sentence. A date whose clause names no event is taken as the sentence's.
 */
export function datesEvent(question: string, sentence: string, date: RegExp): boolean {
  const asked = [...question.matchAll(datedEvents)].map((m) => m[0]);
  if (asked.length === 0) return true;
  const clauses = sentence.split(/[，。；]/);
  // (In a sentence that names no event asked, a date that ends its clause dates the next one's event:
  // "4日，安迪苏披露半年报" is not when a plant goes into production.)
  const namesAsked = asked.some((event) => sentence.includes(event));
  return clauses.some((clause, i) => {
    if (!date.test(clause)) return false;
    const events = [...clause.matchAll(datedEvents)].map((m) => m[0]);
    if (events.length === 0 && !namesAsked && /\d日$/.test(clause)) events.push(...[...(clauses[i + 1] ?? '').matchAll(datedEvents)].map((m) => m[0]));
    return events.length === 0 || events.some((event) => asked.includes(event));
  });
}

/**
 * The answer to a drafting request: the draft, then the points it raises that the draft leaves out,
 * the sentence dating the event it asks about and the contact line it asks for, each quoted and cited.
 */
export function draftReply(ctx: DraftContext, question: string, intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed {
  const drafted = draft(ctx, question, evidence, terms, citations);
  // A request that asks for a number ("加计扣除比例具体是多少") is not answered by a draft without one.
  const asksNumber = intent.units.length > 0 && /多少|比例|百分之|几成/.test(question);
  const numbered = statedFigures(drafted.text).some((f) => intent.units.includes(f.unit) || (intent.units.includes('个') && COUNT_WORDS.includes(f.unit)));
  // One that asks for a date ("从哪一天起施行") is not answered by a draft that states none.
  const asksDay = /哪一?天|几月几[日号]|什么时候|何时|哪一日/.test(question);
  const dated = draftDate.test(drafted.text);
  // A request asking a date beside other points ("哪天起施行？…还要不要做价格认定"): the
  // sentence dating the event asked is added to the points, when the same documents state it.
  const dating = asksDay && !dated ? datingSentence(question, evidence) : undefined;
  // One asking for a contact ("联系电话") gets the line that prints it.
  const cue = contactCue(question);
  const contact = cue && !cue.test(drafted.text) ? sentencesMatching(ctx, cue, evidence, terms)[0] : undefined;
  // Points the request raises that the draft does not yet cover ("各自的报送截止时间", "不服怎么办").
  // (What the draft quotes: its heading and "关于…问题，" repeat the request's own words.)
  const quoted = drafted.text.split('\n').slice(1).join('\n').replace(/^关于[^\n]*?问题，/, '');
  const points = uncoveredPoints(question, quoted, evidence, terms);
  let text = drafted.text;
  for (const added of [...points, dating, contact]) {
    // (The sentence dating the event may be a point already added.)
    if (!added || text.includes(added.text)) continue;
    const same = text.includes(sourceName(added.hit.document));
    const line = `${same ? '该文并称' : `另据${sourceName(added.hit.document)}`}：“${added.text}”${citations.cite(quotable(added))}`;
    text = text.replace(/\n特此答复。$/, `\n${line}\n特此答复。`);
  }
  const missing = (asksNumber && !numbered) || (asksDay && !dated && !dating) || Boolean(cue && !cue.test(text));
  return { ...drafted, text, support: Math.min(1, drafted.support * DRAFT_SUPPORT_SCALE) * (missing ? NOT_ANSWERED : 1) };
}

/** A reply draft: the rule for "能不能…" requests; otherwise the points raised, listed and each cited. */
function draft(ctx: DraftContext, question: string, evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed {
  // "多久必须给出结论？请起草答复": the clause that sets the time limit leads the reply.
  const asksDuration = /多久|多长时间|多长期限|几天|多少天|多少日|期限|时限/.test(question);
  const limiting = new RegExp(`${timeLimit.source}|\\d{1,2}月\\d{1,2}日(?:前|之前|以前)|(?:不超过|不得超过|最长)[\\d一二三四五六七八九十两]+(?:个工作日|日|天|个?小时|个月|年)`);
  // (Not a clause for a case the request sets aside, "非复核清单", unless nothing else is found.)
  const sources = withOfficialSources(ctx, evidence);
  const applying = sources.filter((e) => !setAsideCase(question, e.text));
  const all = applying.length > 0 ? applying : sources;
  const limits = asksDuration ? all.filter((e) => limiting.test(e.text)) : [];
  const official = limits.length > 0 && limits[0]!.score >= all[0]!.score * 0.5 ? limits : all;
  if (!polarPredicate(question)) {
    const listed = conditionsAnswer(official, terms, citations, (e) => continuation(ctx, e), question);
    return listDraft(listed, terms, official[0]!.hit.document.title, question);
  }
  return draftAnswer(official, terms, citations, question);
}

/**
 * Sentences that cover what a reply draft's quotes leave out of the request: greedily, each
 * adding the most weight of question terms not yet quoted (a twelfth of the whole at least), from
 * sentences a third as strong as the best. At most two.
 */
function uncoveredPoints(question: string, quoted: string, evidence: Evidence[], terms: QueryTerm[]): Evidence[] {
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  const top = evidence[0];
  if (!top || total === 0) return [];
  const missing = (written: string) => terms.filter((t) => t.term.length >= 2 && !t.forms.some((form) => written.toLowerCase().includes(form)));
  const added: Evidence[] = [];
  let written = quoted;
  for (let round = 0; round < 2; round++) {
    const open = missing(written);
    const gain = (e: Evidence) => open.filter((t) => t.forms.some((form) => e.text.toLowerCase().includes(form))).reduce((sum, t) => sum + t.weight, 0);
    const best = evidence
      .filter((e) => e.score >= top.score * 0.35 && !written.includes(e.text) && !setAsideCase(question, e.text))
      .map((e) => ({ e, gain: gain(e) }))
      .sort((a, b) => b.gain - a.gain || b.e.score - a.e.score)[0];
    if (!best || best.gain < total / 12) break;
    added.push(best.e);
    written += best.e.text;
  }
  return added;
}

/** The strongest sentence dating the event a question asks about ("哪天起施行" → "将于2026年1月1日起施行"). */
function datingSentence(question: string, evidence: Evidence[]): Evidence | undefined {
  const top = evidence[0];
  // A question naming a regulation is answered only by a sentence about it: "该条例已于…施行" may be another's.
  const about = aboutNamedRegulations([...question.matchAll(/《([^》]+)》/g)].map((m) => m[1]!), question);
  return evidence.find((e) => e.score >= top!.score * 0.4 && draftDate.test(e.text) && datesEvent(question, e.text, draftDate) && (!about || about(e)));
}

/**
 * Sentences of the passage after `evidence`'s when it continues the same list: the same heading
 * (a list cut by the chunk size), or the next item of a list whose items are headings (一、… 二、…).
 */
export function continuation(ctx: DraftContext, evidence: Evidence): Evidence[] {
  const { chunk, document } = evidence.hit;
  const next = ctx.index.chunks.get(`${document.id}#${chunk.ordinal + 1}`);
  if (!next) return [];
  const parent = (path: string[]) => path.slice(0, -1).join('>');
  const sameHeading = next.headingPath.join('>') === chunk.headingPath.join('>');
  const nextItem = parent(next.headingPath) === parent(chunk.headingPath) && enumerated.test(next.headingPath[next.headingPath.length - 1] ?? '');
  if (!sameHeading && !nextItem) return [];
  const hit = { ...evidence.hit, chunk: next };
  return sentenceSpans(next.text, next.start).map((span) => ({
    ...evidence,
    hit,
    text: document.text.slice(span.start, span.end).trim(),
    start: span.start,
    end: span.end,
  }));
}

/**
 * Sentences matching `cue` (a phone number, a place) anywhere in the documents of the strongest
 * evidence, scored like evidence: contact lines rarely share words with the question.
 */
export function sentencesMatching(ctx: DraftContext, cue: RegExp, evidence: Evidence[], terms: QueryTerm[]): Evidence[] {
  const documents = [...new Set(evidence.slice(0, 10).map((e) => e.hit.document))];
  const found: Evidence[] = [];
  for (const document of documents) {
    for (let ordinal = 0; ; ordinal++) {
      const chunk = ctx.index.chunks.get(`${document.id}#${ordinal}`);
      if (!chunk) break;
      const sentences = gatherEvidence([{ chunk, document, score: 0 }], terms, '', ctx.model).filter((e) => cue.test(e.text));
      found.push(...sentences);
    }
  }
  return found.sort((a, b) => b.score - a.score).slice(0, 5);
}

/**
 * For statements a news report quotes from a policy text ("《行动方案》提出，到2028年…"), the same
 * sentence in the policy text itself, when the corpus holds it: a reply cites the governing text.
 */
function withOfficialSources(ctx: DraftContext, evidence: Evidence[]): Evidence[] {
  const official = [...new Set(evidence.map((e) => e.hit.document))].filter((d) => d.type !== '新闻');
  if (official.length === 0) return evidence;
  const extra: Evidence[] = [];
  for (const e of evidence.slice(0, 5)) {
    if (e.hit.document.type !== '新闻') continue;
    const grams = bigrams(e.text);
    for (const document of official) {
      for (let ordinal = 0; ; ordinal++) {
        const chunk = ctx.index.chunks.get(`${document.id}#${ordinal}`);
        if (!chunk) break;
        for (const span of sentenceSpans(chunk.text, chunk.start)) {
          const text = document.text.slice(span.start, span.end).trim();
          if (bigramOverlap(grams, text) < 0.6) continue;
          extra.push({ ...e, hit: { chunk, document, score: e.hit.score }, text, start: span.start, end: span.end, score: e.score + 0.01 });
        }
      }
    }
  }
  return extra.length > 0 ? [...extra, ...evidence].sort((a, b) => b.score - a.score) : evidence;
}
