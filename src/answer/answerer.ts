/**
 * The offline extractive answerer: retrieves passages, picks the sentences that answer, and
 * composes a short Chinese answer that leads with the fact, every statement quoted from the
 * corpus and cited [n]. When the corpus does not support an answer it says so and shows the
 * closest passages instead.
 *
 * This file is the orchestration: a question split into parts, each part retrieved and attempted
 * with its terms, the composed answer dispatched by intent, the parts joined, and the refusal left
 * to the reader model. The stages live in folders beside it, in the order the data flows:
 *   question/    what a question asks: intent, answer type, parts, periods, the cases it sets aside
 *   candidates/  candidate sentences from the retrieved passages, each with its named features
 *   model/       the features' names and the fitted model (reader-weights.json, `npm run train`)
 *   compose/     the answer kinds (figure, conditions, draft, lookup, plain), citations, parts joined
 */
import type { PolicyIndex } from '../index/store.js';
import { analyzeQuery, type AnalyzedQuery, type QueryFilters } from '../retrieve/query.js';
import { namesAnotherLaw, type Retriever, type SearchOptions } from '../retrieve/retriever.js';
import { bigramOverlap } from '../text/bigrams.js';
import { englishInChinese } from '../text/english.js';
import type { Answer, Citation, Hit, Intent, PolicyDocument } from '../types.js';
import { MONTH_PART, pastAuxiliaries, YEAR_PART } from './question/answer-type.js';
import { holdsNoTopic, missesNumberAsked, missesWhatIsAsked, pastYears, withoutSetAside } from './question/asked.js';
import { Citations, printedDate, sourceName } from './compose/citations.js';
import { conditionsAnswer, generalAnswer, ledAnswer, NOT_ANSWERED, ordinalItem, OTHER_PERIOD, quotable, rankByAnswerType, refusal, requiredCue, type Composed } from './compose/compose.js';
import { continuation, datesEvent, draftReply, sentencesMatching, timeLimit, type DraftContext } from './compose/draft.js';
import { gatherEvidence, type Evidence } from './candidates/evidence.js';
import { kindsThatPin, queryTerms, type QueryTerm } from './question/terms.js';
import { BEST_SENTENCE_FEATURES, intentFeatures, type AnswerFeatures } from './model/features.js';
import { MeasureUnits } from './question/measure-units.js';
import { figureAnswer, figureHits, figuresIn, indexFigures, indexReposts, statesQuantity, type FigureContext } from './compose/figure-answer.js';
import { asksForDate, asksForMoney, asksInUnit, detectIntent, DURATION_UNITS, plainWording, topicOf, type IntentAnalysis } from './question/intent.js';
import { documentsByFile, lookupAnswer, recordFields, type LookupContext } from './compose/lookup.js';
import { standardModel, type ReaderModel } from './model/model.js';
import { mergeParts } from './compose/merge.js';
import { splitQuestion } from './question/split.js';
import { measuresNothingOfItsOwn } from './question/conversation.js';

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
 * The support a later part of a question needs to join the answer: lower, since it is answered from
 * the documents the first part was answered from ("学位法从什么时候开始施行？原来的学位条例还有效吗"
 * → "《中华人民共和国学位条例》同时废止。"), and its own few words are all it can be matched by.
 * (0.25: laws tuning +3 items, seeds and news unchanged; 0.2 adds one more.)
 */
const LATER_PART_FLOOR = 0.25;
/**
 * What an answer's support keeps when a number is asked and it states none (asked.ts
 * missesNumberAsked). (0.3: laws tuning traps +2 over 0.4, "几张电话卡", "几点几分播放国歌", nothing lost.)
 */
const NO_NUMBER = 0.3;

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
  /** The answer as it would be given, refused or not, and what it cites. */
  text: string;
  citations: Citation[];
  /** The model's probability that the answer is right, and the threshold below which it is refused. */
  probability: number;
  threshold: number;
  /** Whether any part of the question could be answered at all (else it is refused whatever the probability). */
  composed: boolean;
  /** The search the main part was answered from, so a measurement can repeat it deeper. */
  search: { query: AnalyzedQuery; options: SearchOptions };
}

/** One question's composed answer with its own citations, the passages retrieved and its intent. */
interface Solved {
  composed?: Composed;
  citations: Citations;
  hits: Hit[];
  intent: Intent;
  /** The candidate sentences, best first. */
  evidence?: Evidence[];
  search: ReaderTrace['search'];
}

export class Answerer {
  private readonly namedByTitle = new Map<string, PolicyDocument[]>();
  /** The corpus's present: the year of its newest dated document ("去年" is the year before). */
  private readonly presentYear?: number;
  private readonly model: ReaderModel;
  /** Learned from the corpus's figures on the first question that needs it (a second or two on 68k news). */
  private measureUnits?: MeasureUnits;
  /** What the answer kinds read of the corpus. */
  private readonly context: FigureContext & LookupContext & DraftContext;

  constructor(
    private readonly index: PolicyIndex,
    private readonly retriever: Retriever,
    options: AnswererOptions = {},
  ) {
    this.model = options.model ?? standardModel();
    this.context = {
      index,
      retriever,
      model: this.model,
      documentsByFile: documentsByFile(index.documents.values()),
      ...indexFigures(index),
      reposts: indexReposts(index.documents.values()),
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
    // What was said before the question: the earlier turns (searchText is they and the question).
    const earlier = request.searchText?.endsWith(request.question) ? request.searchText.slice(0, -request.question.length).trim() : '';
    for (const [n, part] of parts.entries()) {
      const first = solved[0];
      // (The first part names the topic; earlier turns are already in its documents.)
      const searchText = n === 0 ? request.searchText : `${parts[0]} ${part}`;
      const focusDocIds = n === 0 ? request.focusDocIds : [...new Set([...(request.focusDocIds ?? []), ...(first?.citations.list.map((c) => c.docId) ?? [])])];
      // Later parts ask about the first part's subject ("会上…", "一共…"): answered from its documents.
      const said = [earlier, ...parts.slice(0, n)].filter(Boolean).join(' ');
      solved.push(await this.solve(part, searchText, focusDocIds, request.filters, n > 0 || request.pinned, said));
    }
    const main = solved[0]!;
    // The answer as it would be given; the model then says how likely it is right, and below the
    // threshold the assistant refuses.
    const given = main.composed ? [main, ...solved.slice(1).filter((s) => s.composed && s.composed.support >= LATER_PART_FLOOR)] : [];
    if (given.length > 0 && intent.intent !== 'lookup') {
      const record = recordFields(this.context, question, given);
      if (record) given.push({ ...record, hits: main.hits, intent: 'lookup', search: main.search });
    }
    const merged = mergeParts(given);
    merged.text += this.repealNotes(merged.citations);
    const features = this.answerFeatures(solved);
    const probability = this.model.answerProbability(features);
    request.trace?.({ evidence: main.evidence ?? [], features, text: merged.text, citations: merged.citations, probability, threshold: this.model.refusalThreshold, composed: given.length > 0, search: main.search });
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

  /** A note for each text quoted that a later text has repealed: quoted beside it, never as the law in force. */
  private repealNotes(citations: Citation[]): string {
    const notes = new Set<string>();
    for (const citation of citations) {
      const document = this.index.documents.get(citation.docId);
      const repealer = document && this.retriever.repealerOf(document);
      if (!document || !repealer) continue;
      const inForce = repealer.effectiveDate ?? repealer.date;
      notes.add(`\n注：${sourceName(document)}已被${sourceName(repealer)}废止${inForce ? `（后者自${printedDate(inForce)}起施行）` : ''}。`);
    }
    return [...notes].join('');
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
      ...(Object.fromEntries(BEST_SENTENCE_FEATURES.map((name) => [name, best?.features[name] ?? 0])) as Record<(typeof BEST_SENTENCE_FEATURES)[number], number>),
      ...intentFeatures(main.intent, main.composed?.support ?? 0),
      partial: solved.some((s) => (s.composed?.support ?? 0) < SUPPORT_FLOOR) ? 1 : 0,
    };
  }

  /**
   * Retrieves and composes the answer to one question. `said`: what the asker said before this
   * question or part, which a follow-up may take its unit from.
   */
  private async solve(question: string, searchText: string | undefined, focusDocIds: string[] | undefined, filters: QueryFilters | undefined, pinned = false, said = ''): Promise<Solved> {
    const own = detectIntent(question);
    // "那未来五年预计能提升到多少？" after a question on a rate: the unit of what was said before carries over.
    const inherits = own.intent === 'figure' && own.units.length === 0 && said !== '' && measuresNothingOfItsOwn(question);
    const carried = inherits ? { ...own, units: detectIntent(said).units } : own;
    // A figure question naming no unit ("估值是多少？") expects the units the corpus prints its measure in.
    const intent = carried.intent === 'figure' && carried.units.length === 0 ? { ...carried, expectedUnits: this.expectedUnits(question) } : carried;
    // (The earlier turns in searchText are as typed: their English words too are read in Chinese.)
    const query = analyzeQuery(topicOf(searchText ? englishInChinese(searchText) : question));
    const earlier = new Set(this.withNamedDocuments(focusDocIds ?? []));
    // "那九部门物联网行动方案…呢？" points at a document of its own, not back at the earlier turn's.
    const pointsBack = pinned && !this.retriever.namedDocuments(analyzeQuery(question)).some((d) => !earlier.has(d.id));
    const search = { query, options: { filters, focusDocIds: pointsBack ? [...earlier] : focusDocIds, units: intent.units } };
    const found = await this.retriever.search(search.query, search.options);
    const inFocus = found.filter((hit) => earlier.has(hit.document.id));
    const hits = pointsBack && inFocus.length > 0 ? inFocus : found;
    // A follow-up is about the documents of the earlier turn: its own words pick the sentence when
    // they support an answer; otherwise the whole conversation's words are tried.
    const followUp = Boolean(searchText) && (focusDocIds?.length ?? 0) > 0;
    const termSets = [await queryTerms(query, this.index, question), ...(followUp ? [await queryTerms(analyzeQuery(topicOf(question)), this.index, question)] : [])].map((terms) =>
      kindsThatPin(withoutSetAside(question, terms), hits, intent.intent === 'drafting'),
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
    return { ...best!, hits, intent: intent.intent, search };
  }

  /** Starts learning the corpus's measure units in the background (a server, once its index is open). */
  warmUp(): void {
    this.measureUnits ??= MeasureUnits.learnInBackground(this.index.figures);
  }

  /** The units a figure question's measure is printed in, in this corpus (measure-units.ts). */
  private expectedUnits(question: string): string[] {
    this.measureUnits ??= MeasureUnits.learn(this.index.figures);
    return this.measureUnits.expected(question);
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
    // (A law's namesake answers nothing: "民营经济促进法…" is not asked of 循环经济促进法.)
    const asked = [...hits, ...figureHits(this.context, intent, terms, hits)].filter((hit) => !namesAnotherLaw(question, hit.document));
    const evidence = gatherEvidence(asked, terms, question, this.model);
    const citations = new Citations();
    let composed: Composed | undefined;
    if (intent.intent === 'lookup') {
      composed = lookupAnswer(this.context, question, intent.lookupFields!, query, hits, evidence, terms, citations, focusDocIds);
    } else {
      // (Only a formal name, 文号 or title, vouches for a document's only figure: see figureAnswer.)
      const named = new Set(this.retriever.namedDocuments(query, { formally: true }).map((d) => d.id));
      composed = this.compose(question, intent, evidence, terms, citations, named);
    }
    if (!composed) return { citations, evidence };
    // An answer sharing none of the question's words beside its years and numbers answers nothing.
    return { composed: holdsNoTopic(composed.text, terms) ? { ...composed, support: composed.support * NOT_ANSWERED } : composed, citations, evidence };
  }

  private compose(question: string, intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations, named = new Set<string>()): Composed | undefined {
    const composed = this.composeByIntent(question, intent, evidence, terms, citations, named);
    if (!composed || intent.intent === 'figure') return composed;
    // A sentence about another period than asked answers as little as a figure of one does.
    // (Read where the answer quotes that sentence as it stands.)
    if (evidence[0]?.features.periodConflict && composed.text.includes(evidence[0].text)) return { ...composed, support: composed.support * OTHER_PERIOD };
    // Sentences that miss what is asked answer nothing, however many of its words they share.
    if (missesWhatIsAsked(question, composed.text, terms)) return { ...composed, support: 0 };
    // A name asked, where the answer leads with none and what it quotes brings the thing in without
    // naming it ("事发商场叫什么名字" ← "某商场内", "那位主播叫什么名字" ← "给一个主播打赏"): reports mask
    // names with 某, and 一个, 一名 bring in a thing unnamed. (Not 该, 这: they point back at a name. And
    // 一个 only where a name is asked in so many words: "哪个台风" is answered by "台风“卡努”" beside
    // "又一个台风".)
    const masked = nameAsked(question);
    if (masked && composed.text.startsWith('据')) {
      const unnamed = NAME_ASKED.test(question) ? `(?:某|(?<![第下上同统唯每])一(?:个|名|位|家|所|间|座|条)?)${masked}` : `某${masked}`;
      if (new RegExp(unnamed).test(composed.text.replace(/《[^》]*》/g, ''))) return { ...composed, support: composed.support * NOT_ANSWERED };
    }
    // Nor do sentences that state no number answer a question for one, whatever its intent (a figure
    // question's are lowered in composeByIntent).
    return missesNumberAsked(question, composed.text) ? { ...composed, support: composed.support * NO_NUMBER } : composed;
  }

  private composeByIntent(question: string, intent: IntentAnalysis, evidence: Evidence[], terms: QueryTerm[], citations: Citations, named: Set<string>): Composed | undefined {
    if (evidence.length === 0) return undefined;
    switch (intent.intent) {
      case 'figure': {
        const figure = figureAnswer(this.context, question, intent, evidence, terms, citations, named);
        if (figure) return figure;
        // A question for a number answered without one is at best related material; one whose
        // words ask in a unit ("规模是多少亿元", "判了几年", "多长时间") or for money ("金额是多少") is not
        // answered at all.
        const general = generalAnswer(evidence, terms, citations);
        // ("每年校验1次" does answer "多久校验一次": 每 and a unit of time is an interval of one.)
        const interval = intent.units.some((unit) => DURATION_UNITS.includes(unit) && general.text.includes(`每${unit.replace(/^个/, '')}`));
        const unitNamed = (asksInUnit(question) || asksForMoney(intent)) && !interval;
        // (Nor is it answered by sentences that state no quantity at all: "补贴标准是多少" by "建议出台补贴政策".)
        return { ...ledAnswer(general, evidence[0], question, terms), support: general.support * (unitNamed || !statesQuantity(general.text, question) ? NOT_ANSWERED : 0.4) };
      }
      case 'conditions':
        return conditionsAnswer(evidence, terms, citations, (e) => continuation(this.context, e), question, (e) => figuresIn(this.context, e).some((f) => intent.units.includes(f.unit)));
      case 'drafting':
        return draftReply(this.context, question, intent, evidence, terms, citations);
      default: {
        if (!asksForDate(question)) {
          // A who/where/contact cue, or the N-th item of a list, may sit in a passage not retrieved.
          // (Every N-th item of the documents is looked at: a retrieved one may be of another list.)
          const item = ordinalItem(question);
          const cue = requiredCue(question) ?? item;
          const pool = cue && (item || !evidence.slice(0, 20).some((e) => cue.test(e.text))) ? [...sentencesMatching(this.context, cue, evidence, terms), ...evidence] : evidence;
          const ranked = rankByAnswerType(question, pool);
          return ledAnswer(generalAnswer(ranked, terms, citations), ranked[0], question, terms);
        }
        // "几月几号开的会？": the sentence that states a date; without one the question is not answered.
        const year = /哪一?年|什么年份|几几年/.test(question);
        // "最晚什么时候要提？" is also answered by a time limit ("十日内").
        const deadline = /最晚|最迟|截止|期限/.test(question) ? `|${timeLimit.source}` : '';
        // (A part of a year or month answers too: "2024年上半年", "8月底前".)
        const date = year ? /\d{4}年/ : new RegExp(`\\d{1,2}月\\d{1,2}日|\\d{4}年\\d{1,2}月|\\d{4}年${YEAR_PART}|\\d{1,2}月${MONTH_PART}|[〇零一二三四五六七八九十]{1,3}月[〇零一二三四五六七八九十]{1,3}日${deadline}`);
        const stated = evidence.filter((e) => date.test(e.text) && datesEvent(question, e.text, date));
        // Rules answer "什么时候办" by a time limit ("期满前十二个月内") where they print no date; a
        // calendar day or year asked ("哪一天", "几月几号") is not answered by one.
        const relative = !deadline && !year && WHEN_ASKED.test(question) && !/哪一?天|几[月号]|几日|日期/.test(question);
        const dated = stated.length > 0 || !relative ? stated : evidence.filter((e) => timeLimit.test(e.text) && limitsActAsked(question, e.text));
        const general = generalAnswer(dated.length > 0 ? dated : evidence, terms, citations);
        if (dated.length === 0) return { ...general, support: general.support * NOT_ANSWERED };
        const led = ledAnswer(general, dated[0], question, terms);
        // "阶段性总结报告和行动总结报告分别什么时候报？": the next date the same text states, too.
        const other = /分别|各自/.test(question) ? dated.find((e) => e.hit.document === dated[0]!.hit.document && !general.text.includes(e.text)) : undefined;
        return other ? { ...led, text: `${led.text}\n${other.text}${citations.cite(quotable(other))}` } : led;
      }
    }
  }
}

/** A question that asks when, not on which calendar day: "什么时候去办续展". */
const WHEN_ASKED = /什么时候|何时|啥时候|什么时间/;
/** …with the words before it and the clause after it, where the act asked about stands. */
const WHEN_AND_ACT = new RegExp(`(.{0,2})(?:${WHEN_ASKED.source})([^，。；？?！!]*)`);

/** A question that asks for a name in so many words, and the thing named right before: "事发商场叫什么名字". */
const NAME_ASKED = /叫什么|名字|姓名|名称/;
const NAME_OF = new RegExp(`([\u4e00-\u9fff]{2})(?:的)?(?:${NAME_ASKED.source})`);

/** The thing whose name a question asks: "事发商场叫什么名字" → 商场, "在哪家支行买的" → 支行. */
function nameAsked(question: string): string | undefined {
  return (NAME_OF.exec(question) ?? /(?:哪家|哪位|哪个)([\u4e00-\u9fff]{2})/.exec(question))?.[1];
}

/**
 * Whether a sentence's time limit is for the act a when-question asks about: the act after the
 * interrogative ("什么时候申请复审" → 申请复审, past modal and light verbs), or the words right before it
 * ("续展什么时候办" → 续展), stands after the limit ("期满前十二个月内…办理续展手续"). A limit for another
 * act ("一年内…不予核准") does not say when to ask for a review.
 */
function limitsActAsked(question: string, sentence: string): boolean {
  const asked = WHEN_AND_ACT.exec(question);
  const after = pastAuxiliaries(asked?.[2] ?? '');
  const act = after.length >= 2 ? after : (asked?.[1] ?? '');
  const limit = timeLimit.exec(sentence);
  // (Half its pairs at least: "申请复审" is not stated by a limit followed by any 申请.)
  return limit !== null && bigramOverlap(act, sentence.slice(limit.index)) >= 0.5;
}
