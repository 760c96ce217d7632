/**
 * The offline extractive answerer: retrieves passages, picks the sentences that answer, and
 * composes a short Chinese answer that leads with the fact, every statement quoted from the
 * corpus and cited [n]. When the corpus does not support an answer it says so and shows the
 * closest passages instead.
 */
import { sentenceSpans } from '../ingest/chunk.js';
import { statedFigures } from '../ingest/figures.js';
import type { PolicyIndex } from '../index/store.js';
import { analyzeQuery, type AnalyzedQuery, type QueryFilters } from '../retrieve/query.js';
import { bigramOverlap, bigrams } from '../text/bigrams.js';
import { englishInChinese } from '../text/english.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { Answer, Hit, Intent, PolicyDocument } from '../types.js';
import { aboutNamedRegulations, missesWhatIsAsked, pastYears, setAsideCase, withoutSetAside } from './asked.js';
import { Citations, sourceName } from './citations.js';
import {
  conditionsAnswer,
  contactCue,
  draftAnswer,
  enumerated,
  generalAnswer,
  listDraft,
  ordinalItem,
  quotable,
  rankByAnswerType,
  refusal,
  requiredCue,
  type Composed,
} from './compose.js';
import { gatherEvidence, queryTerms, type Evidence, type QueryTerm } from './evidence.js';
import { COUNT_WORDS, figureAnswer, figureHits, figuresIn, indexFigures, statesQuantity, type FigureContext } from './figure-answer.js';
import { documentsByFile, lookupAnswer, recordFields, type LookupContext } from './lookup.js';
import { intentFeatures, type AnswerFeatures } from './features.js';
import { standardModel, type ReaderModel } from './model.js';
import { mergeParts, splitQuestion } from './parts.js';
import { asksForDate, detectIntent, plainWording, topicOf, type IntentAnalysis } from './intent.js';

export interface AnswererOptions {
  /** The fitted reader model (sentence scores, the probability an answer is right, the refusal threshold). */
  model?: ReaderModel;
}

/**
 * The support (0–1) below which a part of a question, or a follow-up's own words, is taken as not
 * answered when parts and attempts are compared; whether the whole answer is refused is the model's call.
 */
const SUPPORT_FLOOR = 0.35;

/**
 * A drafting request describes the requester's situation at length ("有企业来电反映…请起草…"), so its
 * evidence covers a smaller share of its words than a plain question's does for the same support.
 * Calibrated on the eval sets (seed, dev2–dev15): 1.35 answered 5 more requests and refused no fewer.
 */
const DRAFT_SUPPORT_SCALE = 1.35;

export interface AnswerRequest {
  question: string;
  /** The question with earlier turns folded in, used for retrieval (defaults to the question). */
  searchText?: string;
  /** Documents an earlier turn was about. */
  focusDocIds?: string[];
  /** The question points at the earlier turn's subject (他, 这批, 该办法): answer from its documents. */
  pinned?: boolean;
  filters?: QueryFilters;
  /** Receives what the answer was chosen from (candidate sentences, answer features): for `npm run train`. */
  trace?: (trace: ReaderTrace) => void;
}

/** The candidates and features behind one answer. */
export interface ReaderTrace {
  evidence: Evidence[];
  features: AnswerFeatures;
  /** The answer as it would be given, refused or not. */
  text: string;
}

/** One question's composed answer with its own citations, the passages retrieved and its intent. */
interface Solved {
  composed?: Composed;
  citations: Citations;
  hits: Hit[];
  intent: Intent;
  /** The candidate sentences, best first. */
  evidence?: Evidence[];
}

/** A time limit as printed: "十日内", "30日内", "3个工作日内". */
const timeLimit = /[\d一二三四五六七八九十两]+(?:个工作日|日|天|个?小时|个月)(?:内|以内|之内)/;

/** A date a reply can give: a day, or the day a text is issued ("自印发之日起"). */
const draftDate = /\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九十]{1,3}月[〇零一二三四五六七八九十]{1,3}日|印发之日|发布之日|公布之日/;

/** Events a date is printed with: the clause "将于2026年1月1日起施行" dates a coming into force. */
const datedEvents = /施行|实施|生效|印发|发布|召开|举行|表决|通过|设立|成立|启动|截止|报送|出台|签署/g;

/**
 * Whether a sentence's date is for the event asked: "哪一天表决通过的？" is not answered by "将于2026年
 * 1月1日起施行" in the same sentence. A date whose clause names no event is taken as the sentence's.
 */
function datesEvent(question: string, sentence: string, date: RegExp): boolean {
  const asked = [...question.matchAll(datedEvents)].map((m) => m[0]);
  if (asked.length === 0) return true;
  return sentence.split(/[，。；]/).some((clause) => {
    if (!date.test(clause)) return false;
    const events = [...clause.matchAll(datedEvents)].map((m) => m[0]);
    return events.length === 0 || events.some((event) => asked.includes(event));
  });
}


export class Answerer {
  private readonly namedByTitle = new Map<string, PolicyDocument[]>();
  /** The corpus's present: the year of its newest dated document ("去年" is the year before). */
  private readonly presentYear?: number;
  private readonly model: ReaderModel;
  /** What the answer kinds read of the corpus. */
  private readonly context: FigureContext & LookupContext;

  constructor(
    private readonly index: PolicyIndex,
    private readonly retriever: Retriever,
    options: AnswererOptions = {},
  ) {
    this.model = options.model ?? standardModel();
    this.context = {
      index,
      retriever,
      documentsByFile: documentsByFile(index.documents.values()),
      ...indexFigures(index.figures),
      namedIn: (document) => this.namedIn(document),
      supportFloor: SUPPORT_FLOOR,
    };
    // A loop, not Math.max(...years): spreading 200k arguments overflows the stack.
    for (const document of index.documents.values()) {
      const year = Number(document.date?.slice(0, 4));
      if (year > 1900 && year > (this.presentYear ?? 0)) this.presentYear = year;
    }
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const began = performance.now();
    const question = this.presentYear ? pastYears(plainWording(request.question), this.presentYear) : plainWording(request.question);
    const intent = detectIntent(question);
    // A request for a reply draft is one question, however many sentences describe the case.
    const whole = intent.intent === 'drafting' || (intent.lookupFields?.length ?? 0) > 1;
    const parts = whole ? [question] : splitQuestion(question);

    // A question asking two things ("最早是哪里搞出来的？哪一年？") is answered part by part; later
    // parts carry the first part's topic and documents.
    const solved: Solved[] = [];
    for (const [n, part] of parts.entries()) {
      const first = solved[0];
      // (The first part names the topic; earlier turns are already in its documents.)
      const searchText = n === 0 ? request.searchText : `${parts[0]} ${part}`;
      const focusDocIds = n === 0 ? request.focusDocIds : [...new Set([...(request.focusDocIds ?? []), ...(first?.citations.list.map((c) => c.docId) ?? [])])];
      // Later parts ask about the first part's subject ("会上…", "一共…"): answered from its documents.
      solved.push(await this.solve(part, searchText, focusDocIds, request.filters, n > 0 || request.pinned));
    }
    const main = solved[0]!;
    // The answer as it would be given; the model then says how likely it is right, and below the
    // threshold the assistant refuses.
    const given = main.composed ? [main, ...solved.slice(1).filter((s) => s.composed && s.composed.support >= SUPPORT_FLOOR)] : [];
    if (given.length > 0 && intent.intent !== 'lookup') {
      const record = recordFields(this.context, question, given);
      if (record) given.push({ ...record, hits: main.hits, intent: 'lookup' });
    }
    const merged = mergeParts(given);
    const features = this.answerFeatures(solved);
    const probability = this.model.answerProbability(features);
    request.trace?.({ evidence: main.evidence ?? [], features, text: merged.text });
    const answered = given.length > 0 && probability >= this.model.refusalThreshold;

    const related = new Citations();
    for (const hit of main.hits.slice(0, 3)) related.cite({ document: hit.document, chunk: hit.chunk, start: hit.chunk.start, end: hit.chunk.end });
    return {
      question: request.question,
      resolvedQuestion: request.searchText ?? request.question,
      answer: answered ? merged.text : refusal(related.list.length > 0),
      answered,
      confidence: Number(probability.toFixed(3)),
      intent: main.intent,
      citations: answered ? merged.citations : [],
      related: related.list,
      latencyMs: performance.now() - began,
    };
  }

  /** What the answer model judges: the main part's support and best sentence, and its kind. */
  private answerFeatures(solved: Solved[]): AnswerFeatures {
    const main = solved[0]!;
    const best = main.evidence?.[0];
    const rival = main.evidence?.find((e) => e.hit.document.id !== best?.hit.document.id);
    return {
      support: main.composed?.support ?? 0,
      topScore: best?.score ?? 0,
      margin: best ? best.score - (rival?.score ?? 0) : 0,
      typeMatch: best?.features.typeMatch ?? 0,
      criticalMissing: best?.features.criticalMissing ?? 0,
      criticalShare: best?.features.criticalShare ?? 0,
      periodConflict: best?.features.periodConflict ?? 0,
      coverage: best?.coverage ?? 0,
      passageCoverage: best?.passageCoverage ?? 0,
      ...intentFeatures(main.intent, main.composed?.support ?? 0),
      partial: solved.some((s) => (s.composed?.support ?? 0) < SUPPORT_FLOOR) ? 1 : 0,
    };
  }

  /** Retrieves and composes the answer to one question. */
  private async solve(question: string, searchText: string | undefined, focusDocIds: string[] | undefined, filters: QueryFilters | undefined, pinned = false): Promise<Solved> {
    const own = detectIntent(question);
    // "那未来五年预计能提升到多少？" after a question on a rate: the unit carries over.
    const inherits = own.intent === 'figure' && own.units.length === 0 && searchText && /提升|提高|增长|增加|降低|下降|减少|达到|到多少/.test(question) && !/用户|企业|项目|资金|人数|城市|家数/.test(question);
    const intent = inherits ? { ...own, units: detectIntent(searchText).units } : own;
    // (The earlier turns in searchText are as typed: their English words too are read in Chinese.)
    const query = analyzeQuery(topicOf(searchText ? englishInChinese(searchText) : question));
    const earlier = new Set(this.withNamedDocuments(focusDocIds ?? []));
    // "那九部门物联网行动方案…呢？" points at a document of its own, not back at the earlier turn's.
    const pointsBack = pinned && !this.retriever.namedDocuments(analyzeQuery(question)).some((d) => !earlier.has(d.id));
    const found = await this.retriever.search(query, { filters, focusDocIds: pointsBack ? [...earlier] : focusDocIds });
    const inFocus = found.filter((hit) => earlier.has(hit.document.id));
    const hits = pointsBack && inFocus.length > 0 ? inFocus : found;
    // A follow-up is about the documents of the earlier turn: its own words pick the sentence when
    // they support an answer; otherwise the whole conversation's words are tried.
    const followUp = Boolean(searchText) && (focusDocIds?.length ?? 0) > 0;
    const termSets = [queryTerms(query, this.index), ...(followUp ? [queryTerms(analyzeQuery(topicOf(question)), this.index)] : [])].map((terms) =>
      withoutSetAside(question, terms),
    );
    let best: { composed?: Composed; citations: Citations; evidence: Evidence[] } | undefined;
    for (const terms of termSets.reverse()) {
      // The follow-up's own words come first: they win whenever they support an answer well, and
      // unless the whole conversation's words support one twice as well.
      const attempt = this.attempt(question, intent, query, hits, terms, focusDocIds);
      const support = (found?: { composed?: Composed }) => found?.composed?.support ?? -1;
      if (!best) best = attempt;
      else if (support(best) < SUPPORT_FLOOR ? support(attempt) > support(best) : support(attempt) > support(best) * 2) best = attempt;
      if (support(best) >= SUPPORT_FLOOR * 2) break;
    }
    return { ...best!, hits, intent: intent.intent };
  }

  /**
   * Documents and the policies their titles name: after a turn answered from "关于印发《行动计划》的通知"
   * or a report on it, "它打算设立什么基金？" is about the 行动计划 itself.
   */
  private withNamedDocuments(ids: string[]): string[] {
    const named = ids.flatMap((id) => {
      const document = this.index.documents.get(id);
      return document ? this.namedIn(document).map((d) => d.id) : [];
    });
    return [...new Set([...ids, ...named])];
  }

  /** The documents a document's title names (《…》), found once per document: the lookup scans every title. */
  private namedIn(document: PolicyDocument): PolicyDocument[] {
    let named = this.namedByTitle.get(document.id);
    if (!named) {
      named = this.retriever.namedDocuments(analyzeQuery(document.title));
      this.namedByTitle.set(document.id, named);
    }
    return named;
  }

  /** Composes an answer from the hits, with the question terms given. */
  private attempt(question: string, intent: IntentAnalysis, query: AnalyzedQuery, hits: Hit[], terms: QueryTerm[], focusDocIds?: string[]): { composed?: Composed; citations: Citations; evidence: Evidence[] } {
    const evidence = gatherEvidence([...hits, ...figureHits(this.context, intent, terms, hits)], terms, question, this.model);
    const citations = new Citations();
    let composed: Composed | undefined;
    if (intent.intent === 'lookup') {
      composed = lookupAnswer(this.context, question, intent.lookupFields!, query, hits, evidence, terms, citations, focusDocIds);
    } else {
      // (Only a formal name, 文号 or title, vouches for a document's only figure: see figureAnswer.)
      const named = new Set(this.retriever.namedDocuments(query, { formally: true }).map((d) => d.id));
      composed = this.compose(question, intent, evidence, terms, citations, named);
    }
    return composed ? { composed, citations, evidence } : { citations, evidence };
  }

  private compose(question: string, intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations, named = new Set<string>()): Composed | undefined {
    const composed = this.composeByIntent(question, intent, evidence, terms, citations, named);
    if (!composed || intent.intent === 'figure' || !missesWhatIsAsked(question, composed.text, terms)) return composed;
    return { ...composed, support: composed.support * 0.3 };
  }

  private composeByIntent(question: string, intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations, named: Set<string>): Composed | undefined {
    if (evidence.length === 0) return undefined;
    switch (intent.intent) {
      case 'figure': {
        const figure = figureAnswer(this.context, question, intent, evidence, terms, citations, named);
        if (figure) return figure;
        // A question for a number answered without one is at best related material; one naming
        // the unit it wants ("规模是多少亿元") is not answered at all.
        const general = generalAnswer(evidence, terms, citations);
        const unitNamed = /多少(?:亿|万)?(?:元|钱)|多少(?:个|家|项|台|款|条|名|位|件|场|次|批|票|章|节)|几票|几章|几节/.test(question);
        // (Nor is it answered by sentences that state no quantity at all: "补贴标准是多少" by "建议出台补贴政策".)
        return { ...general, support: general.support * (unitNamed || !statesQuantity(general.text) ? 0.25 : 0.4) };
      }
      case 'conditions':
        return conditionsAnswer(evidence, terms, citations, (e) => this.continuation(e), question, (e) => figuresIn(this.context, e).some((f) => intent.units.includes(f.unit)));
      case 'drafting': {
        const drafted = this.draft(question, evidence, terms, citations);
        // A request that asks for a number ("加计扣除比例具体是多少") is not answered by a draft without one.
        const asksNumber = intent.units.length > 0 && /多少|比例|百分之|几成/.test(question);
        const numbered = statedFigures(drafted.text).some((f) => intent.units.includes(f.unit) || (intent.units.includes('个') && COUNT_WORDS.includes(f.unit)));
        // One that asks for a date ("从哪一天起施行") is not answered by a draft that states none.
        const asksDay = /哪一?天|几月几[日号]|什么时候|何时|哪一日/.test(question);
        const dated = draftDate.test(drafted.text);
        // A request asking a date beside other points ("哪天起施行？…还要不要做价格认定"): the
        // sentence dating the event asked is added to the points, when the same documents state it.
        const dating = asksDay && !dated ? this.datingSentence(question, evidence) : undefined;
        // One asking for a contact ("联系电话") gets the line that prints it.
        const cue = contactCue(question);
        const contact = cue && !cue.test(drafted.text) ? this.sentencesMatching(cue, evidence, terms)[0] : undefined;
        // Points the request raises that the draft does not yet cover ("各自的报送截止时间", "不服怎么办").
        // (What the draft quotes: its heading and "关于…问题，" repeat the request's own words.)
        const quoted = drafted.text.split('\n').slice(1).join('\n').replace(/^关于[^\n]*?问题，/, '');
        const points = this.uncoveredPoints(question, quoted, evidence, terms);
        let text = drafted.text;
        for (const added of [...points, dating, contact]) {
          if (!added) continue;
          const same = text.includes(sourceName(added.hit.document));
          const line = `${same ? '该文并称' : `另据${sourceName(added.hit.document)}`}：“${added.text}”${citations.cite(quotable(added))}`;
          text = text.replace(/\n特此答复。$/, `\n${line}\n特此答复。`);
        }
        const missing = (asksNumber && !numbered) || (asksDay && !dated && !dating) || Boolean(cue && !cue.test(text));
        return { ...drafted, text, support: Math.min(1, drafted.support * DRAFT_SUPPORT_SCALE) * (missing ? 0.25 : 1) };
      }
      default: {
        if (!asksForDate(question)) {
          // A who/where/contact cue, or the N-th item of a list, may sit in a passage not retrieved.
          // (Every N-th item of the documents is looked at: a retrieved one may be of another list.)
          const item = ordinalItem(question);
          const cue = requiredCue(question) ?? item;
          const pool = cue && (item || !evidence.slice(0, 20).some((e) => cue.test(e.text))) ? [...this.sentencesMatching(cue, evidence, terms), ...evidence] : evidence;
          return generalAnswer(rankByAnswerType(question, pool), terms, citations);
        }
        // "几月几号开的会？": the sentence that states a date; without one the question is not answered.
        const year = /哪一?年|什么年份|几几年/.test(question);
        // "最晚什么时候要提？" is also answered by a time limit ("十日内").
        const deadline = /最晚|最迟|截止|期限/.test(question) ? `|${timeLimit.source}` : '';
        const date = year ? /\d{4}年/ : new RegExp(/\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|[〇零一二三四五六七八九十]{1,3}月[〇零一二三四五六七八九十]{1,3}日/.source + deadline);
        const dated = evidence.filter((e) => date.test(e.text) && datesEvent(question, e.text, date));
        const general = generalAnswer(dated.length > 0 ? dated : evidence, terms, citations);
        if (dated.length === 0) return { ...general, support: general.support * 0.25 };
        // "阶段性总结报告和行动总结报告分别什么时候报？": the next date the same text states, too.
        const other = /分别|各自/.test(question) ? dated.find((e) => e.hit.document === dated[0]!.hit.document && !general.text.includes(e.text)) : undefined;
        return other ? { ...general, text: `${general.text}\n${other.text}${citations.cite(quotable(other))}` } : general;
      }
    }
  }

  /**
   * Sentences that cover what a reply draft's quotes leave out of the request: greedily, each
   * adding the most weight of question terms not yet quoted (a twelfth of the whole at least), from
   * sentences a third as strong as the best. At most two.
   */
  private uncoveredPoints(question: string, quoted: string, evidence: Evidence[], terms: QueryTerm[]): Evidence[] {
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
  private datingSentence(question: string, evidence: Evidence[]): Evidence | undefined {
    const top = evidence[0];
    // A question naming a regulation is answered only by a sentence about it: "该条例已于…施行" may be another's.
    const about = aboutNamedRegulations([...question.matchAll(/《([^》]+)》/g)].map((m) => m[1]!), question);
    return evidence.find((e) => e.score >= top!.score * 0.4 && draftDate.test(e.text) && datesEvent(question, e.text, draftDate) && (!about || about(e)));
  }

  /** A reply draft: the rule for "能不能…" requests; otherwise the points raised, listed and each cited. */
  private draft(question: string, evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed {
    // "多久必须给出结论？请起草答复": the clause that sets the time limit leads the reply.
    const asksDuration = /多久|多长时间|多长期限|几天|多少天|多少日|期限|时限/.test(question);
    const limiting = new RegExp(`${timeLimit.source}|\\d{1,2}月\\d{1,2}日(?:前|之前|以前)|(?:不超过|不得超过|最长)[\\d一二三四五六七八九十两]+(?:个工作日|日|天|个?小时|个月|年)`);
    // (Not a clause for a case the request sets aside, "非复核清单", unless nothing else is found.)
    const sources = this.withOfficialSources(evidence);
    const applying = sources.filter((e) => !setAsideCase(question, e.text));
    const all = applying.length > 0 ? applying : sources;
    const limits = asksDuration ? all.filter((e) => limiting.test(e.text)) : [];
    const official = limits.length > 0 && limits[0]!.score >= all[0]!.score * 0.5 ? limits : all;
    if (!/能否|能不能|可否|可不可以|是否|允许|行不行|可以吗|要不要/.test(question)) {
      const listed = conditionsAnswer(official, terms, citations, (e) => this.continuation(e), question);
      return listDraft(listed, terms, official[0]!.hit.document.title, question);
    }
    return draftAnswer(official, terms, citations, question, (e) => figuresIn(this.context, e).length > 0);
  }

  /**
   * Sentences of the passage after `evidence`'s when it continues the same list: the same heading
   * (a list cut by the chunk size), or the next item of a list whose items are headings (一、… 二、…).
   */
  private continuation(evidence: Evidence): Evidence[] {
    const { chunk, document } = evidence.hit;
    const next = this.index.chunks.get(`${document.id}#${chunk.ordinal + 1}`);
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
  private sentencesMatching(cue: RegExp, evidence: Evidence[], terms: QueryTerm[]): Evidence[] {
    const documents = [...new Set(evidence.slice(0, 10).map((e) => e.hit.document))];
    const found: Evidence[] = [];
    for (const document of documents) {
      for (let ordinal = 0; ; ordinal++) {
        const chunk = this.index.chunks.get(`${document.id}#${ordinal}`);
        if (!chunk) break;
        const sentences = gatherEvidence([{ chunk, document, score: 0 }], terms, '', this.model).filter((e) => cue.test(e.text));
        found.push(...sentences);
      }
    }
    return found.sort((a, b) => b.score - a.score).slice(0, 5);
  }

  /**
   * For statements a news report quotes from a policy text ("《行动方案》提出，到2028年…"), the same
   * sentence in the policy text itself, when the corpus holds it: a reply cites the governing text.
   */
  private withOfficialSources(evidence: Evidence[]): Evidence[] {
    const official = [...new Set(evidence.map((e) => e.hit.document))].filter((d) => d.type !== '新闻');
    if (official.length === 0) return evidence;
    const extra: Evidence[] = [];
    for (const e of evidence.slice(0, 5)) {
      if (e.hit.document.type !== '新闻') continue;
      const grams = bigrams(e.text);
      for (const document of official) {
        for (let ordinal = 0; ; ordinal++) {
          const chunk = this.index.chunks.get(`${document.id}#${ordinal}`);
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
}
