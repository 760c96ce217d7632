/**
 * Evidence: the sentences of retrieved passages, scored by how much of the question they cover.
 * Coverage weighs each question term by its IDF in the corpus, so a sentence that shares the rare,
 * specific words of a question beats one that shares only common ones.
 */
import nodejieba from 'nodejieba';
import { sentenceSpans } from '../../ingest/chunk.js';
import type { PolicyIndex } from '../../index/store.js';
import { synonymsIn, type AnalyzedQuery } from '../../retrieve/query.js';
import { statedFigures } from '../../ingest/figures.js';
import { claimedFigures } from '../question/intent.js';
import { bigramOverlap, bigrams } from '../../text/bigrams.js';
import { isPlace, namesPlace } from '../../text/places.js';
import { tokenize } from '../../text/tokenize.js';
import type { Hit, PolicyDocument } from '../../types.js';
import { ASKING, expectedAnswerType, holdsAnswerType } from '../question/answer-type.js';
import { handScore, type SentenceFeatures } from '../model/features.js';
import { periodConflict, periodsOf, relativeYears, withHeadline, withYearRanges, type Periods } from '../question/periods.js';
import { standardModel, type ReaderModel } from '../model/model.js';
import { conditionRanges, heldInBoundedRange, rangeAgreement, statedQuantities } from './ranges.js';
import { enumerated, listLeadAt } from './lists.js';

/** Words that say what kind of answer is wanted, not what it is about. */
const askingWords = new Set([
  '文号', '发文字号', '印发', '发布', '出台', '施行', '实施', '实行', '生效', '日期', '时间', '部门', '哪些', '哪个', '多少', '几个',
  '条件', '要求', '情形', '答复', '口径', '起草', '回复', '拟写', '规定', '内容', '问题', '一段', '关于', '联合', '什么',
  '具体', '主要', '包括', '一共', '总共', '分别', '请问', '介绍', '说明', '有关', '相关', '文件', '政策', '如何', '怎样', '可以',
  // Requests for a reply draft: who asks and how, not what about.
  '请', '帮', '帮我', '帮忙', '请拟', '拟个', '写', '拟', '草拟', '拟写', '拟稿', '对外', '注明', '引用', '依据', '政策依据', '需要', '情况', '咨询',
  '来电', '来信', '老板', '问要', '不要', '写个', '帮拟', '群众反映', '反映', '群众', '举报', '一段', '答复口径', '进展', '目前', '现在', '最新', '我们', '准备',
  '询问', '来函', '写明', '条款', '具体条款', '对应', '对象', '出处',
  // Asking what a term means: the sentence defining it says 是指/所称, not these.
  '界定', '定义', '含义', '指向', '一语', '所指', '意思', '一层',
  // Metadata questions: the field asked for.
  '机关', '单位', '哪天', '哪一天', '几月几日', '发文', '牵头',
  // Prohibitions are asked for in many words and printed as 不得/严禁: the kind of answer, not its topic.
  '禁止', '禁止性', '限制', '限制性', '不允许', '不能', '不准',
  // Framing a user's situation ("我们没有任何…", "属于…的范围") rather than the rule.
  '没有', '任何', '属于', '这种', '那种', '我们', '我是', '应该', '做法', '开始',
  // Bounds are printed as 不少于/不超过, not as the question's 最少/至少.
  '最少', '至少', '最多', '最长', '最短', '最晚', '最早',
  // Where the asker read of it and that they want it checked ("看到…报道", "想确认一下"): not the topic.
  '看到', '注意到', '了解到', '确认', '报道',
  // Politeness and the question's own words ("麻烦帮我…", "什么时候").
  '麻烦', '时候', '打电话',
  // Interrogatives of measure, and the age they ask with 多大: what kind of number is wanted, printed as the number.
  '多大', '多久', '多长', '多高', '多远', '多重', '多少钱', '年纪', '岁数',
]);

export interface QueryTerm {
  term: string;
  weight: number;
  /** The term itself and its synonyms: any one present covers the term. */
  forms: string[];
  /**
   * Must be found in the answering document: a year the question names, or one of its most
   * specific words. A passage about another year or another programme does not answer.
   */
  critical: boolean;
  /** A place name the corpus never mentions: a document without it is about another place. */
  place?: boolean;
}

export interface Evidence {
  hit: Hit;
  /** 0-based rank of the hit in retrieval. */
  rank: number;
  text: string;
  /** Offsets in the document text. */
  start: number;
  end: number;
  /** IDF-weighted share of question terms in the sentence (0–1). */
  coverage: number;
  /** The same over the sentence's whole passage with its heading path. */
  passageCoverage: number;
  /** Names the thing the question asks for (see questionFocus). */
  focused: boolean;
  /** What the sentence model scores (model/features.ts). */
  features: SentenceFeatures;
  /** The sentence model's score: higher answers the question better. */
  score: number;
}

/** Units and measure words say what kind of number is wanted, not what it is about. */
const unitWords = /^(?:[两一二三四五六七八九十几多]*(?:家|个|项|台|款|件|条|人|名|次|元|亿|万|亿元|万元|天|日|年|月|小时|倍|场|批|类))$/;
/**
 * Nor does an interrogative as jieba keeps it with its measure or particle ("多少岁", "几枚", "第几", "哪支",
 * "有何", "怎么办", "由谁来", "啥时候"): no text prints it. (A word that only starts like one is a noun or
 * a name to jieba's tagger: 哪吒, 几内亚, 几率.)
 */
const INTERROGATIVE_START = /^(?:(?:百分之)?(?:多少|几)|第几|哪|何|有何|因何|为何|怎么|由谁|啥)/;
const isInterrogative = (term: string) => INTERROGATIVE_START.test(term) && !nodejieba.tag(term).some(({ tag }) => tag.startsWith('n'));

/** A question term that names a year: "2025年", "2025". */
export function isYearTerm(term: string): boolean {
  return /^(?:19|20)\d{2}年?$/.test(term);
}

/** A term no text holds: its idf is the rarest possible, the mark of a word the corpus never uses. */
const UNKNOWN_TERM = '\u0000';

export async function queryTerms(query: AnalyzedQuery, index: PolicyIndex): Promise<QueryTerm[]> {
  // jieba glues question words to nouns ("哪些因素", "什么情况", "有何意义"): keep the noun.
  const unglued = query.tokens.map((token) => /^(?:哪些|哪几个?|哪个|什么|多少|怎样|如何|有何|因何|为何|何种)(.{2,})$/.exec(token)?.[1] ?? token);
  const candidates = [...new Set(unglued)].filter((term) => !askingWords.has(term) && !unitWords.test(term) && !isInterrogative(term));
  // The figures of a statement being checked may be wrong: the source's sentence need not print them.
  const claimed = claimedFigures(query.question);
  const doubted = (term: string) => /\d/.test(term) && claimed.some((raw) => raw.includes(term) || term.includes(raw));
  // The clauses told before the first that asks: the asker's case (see below and countsTries).
  const told = storyOf(query.question);
  // A word the corpus never prints is as telling as the forms it is printed in: a synonym group's
  // other names, for a word that is or holds one of them ("醉驾" as "醉酒驾驶"; "前提条件" as 要求, 情形,
  // the forms that cover it below too). It weighs as the rarest word among those forms the corpus prints.
  const formsOf = new Map(candidates.map((term) => [term, [term, ...synonymsIn(term)].map((form) => form.toLowerCase())]));
  const formWords = new Map([...formsOf.values()].flatMap((forms) => forms.slice(1)).map((form) => [form, tokenize(form)]));
  const idf = await index.bm25.idfs([...candidates, ...[...formWords.values()].flat(), UNKNOWN_TERM]);
  const unknown = idf.get(UNKNOWN_TERM)!;
  const printedIdf = (form: string) => {
    const words = formWords.get(form) ?? [];
    return words.length > 0 && words.every((word) => idf.get(word)! < unknown) ? Math.max(...words.map((word) => idf.get(word)!)) : undefined;
  };
  const terms: QueryTerm[] = candidates.map((term) => {
    const forms = formsOf.get(term)!;
    const asSynonym = idf.get(term)! < unknown ? undefined : Math.max(0, ...forms.slice(1).map((form) => printedIdf(form) ?? 0));
    const known = idf.get(term)! < unknown || Boolean(asSynonym);
    // Single characters and words the corpus never uses (paraphrases, question phrasing) carry little.
    const weight = (asSynonym || idf.get(term)!) * (term.length === 1 ? 0.3 : 1) * (known ? 1 : 0.3);
    // "第二个" is printed as "第二，" or "第二条".
    // It is also printed as "三是" or "（三）" in a list.
    // …and "三、" in a list whose items are its kinds ("第三类").
    if (/^第[一二三四五六七八九十\d]+[个项点条类种]$/.test(term)) forms.push(term.slice(0, -1), `${term.slice(1, -1)}是`, `（${term.slice(1, -1)}）`, `${term.slice(1, -1)}、`);
    // "完整性" is printed "最完整的", "必要性" "必要": the quality by its adjective.
    if (/^[\u4e00-\u9fff]{2}性$/.test(term)) forms.push(term.slice(0, 2));
    // Years and ordinals (第三批) pin the question to one instance: another one does not answer it.
    if (doubted(term)) return { term, weight: weight * 0.2, forms, critical: false };
    const critical = isYearTerm(term) || (/^第[一二三四五六七八九十\d]+[批次届期轮个项点条]$/.test(term) && !countsTries(told, term));
    // A place the corpus never mentions (湖南省 where only 湖北 is covered) is another place, not a
    // paraphrase; one it mentions elsewhere (湖北省 asked of a national list) pins the question too.
    if (isPlace(term)) return { term, weight, forms, critical: true, place: true };
    return { term, weight, forms, critical };
  });
  // The tokenizer also emits Arabic forms (第十次 → 第10次): one term, two ways to print it.
  for (const term of [...terms]) {
    const arabic = /^第(\d+)(.)$/.exec(term.term);
    const printed = arabic && terms.find((t) => t !== term && t.term.startsWith('第') && t.term.endsWith(arabic[2]!) && !/\d/.test(t.term));
    if (printed) {
      printed.forms.push(...term.forms);
      terms.splice(terms.indexOf(term), 1);
    }
  }
  // Query expansion also emits a word's synonyms as tokens (工信部 → 工业和信息化部): one term, not two,
  // or a name the question says once would weigh twice.
  for (const term of [...terms]) {
    const same = terms.find((t) => t !== term && terms.indexOf(t) < terms.indexOf(term) && t.forms.includes(term.term.toLowerCase()));
    if (!same) continue;
    // (It weighs as its more telling name: "AI" for 人工智能.)
    same.weight = Math.max(same.weight, term.weight);
    same.critical ||= term.critical;
    terms.splice(terms.indexOf(term), 1);
  }
  // Sub-words of a longer query word add little once the word itself is counted.
  const kept = terms.filter((t) => t.critical || !terms.some((other) => other !== t && other.term.length > t.term.length && other.term.includes(t.term)));
  const strongest = Math.max(0, ...kept.filter((t) => t.term.length >= 2).map((t) => t.weight));
  // The rarest words of three or more characters name the thing asked about (领航级, 部长通道); not the
  // words of a story told before the question ("同事…突发心脏病，送医院第二天没抢救过来，这种能算工伤吗"),
  // which name the asker's case, nor a quantity stated of it ("我今年三十岁").
  // (A text the story names, "根据《慈善法》，…", still pins.)
  const story = told.replace(/《[^》]*》/g, '');
  const asked = query.question.slice(told.length);
  const stated = statedFigures(story).map((figure) => figure.raw);
  const tellsCase = (term: string) => (story.includes(term) && !asked.includes(term)) || stated.some((raw) => term.includes(raw));
  for (const term of kept) if (term.term.length >= 3 && term.weight >= strongest * 0.85 && term.weight > 3 && !doubted(term.term) && !tellsCase(term.term)) term.critical = true;
  // A year the asker's own story names ("我们慈善组织去年刚登记的", 去年 read as a year) dates their
  // case, not the text that answers: it does not pin. (A story in the first person is the asker's;
  // 我国, 我省, 我市… name an authority, as official texts do.)
  if (/[咱俺]|我(?![国省市区县州局委厅部院校司])/.test(story)) for (const term of kept) if (isYearTerm(term.term) && tellsCase(term.term)) term.critical = false;
  return kept;
}

/**
 * An ordinal of 次 before a verb in the story told before the question counts the asker's tries
 * ("第一次去献血，…", "小公司第一次参加政府采购投标，…"); asked about, it names an instance, as before a
 * noun ("劳动法第一次修订是哪年", "第十次中小企业圆桌会议"): only that pins the question to one text.
 */
function countsTries(story: string, ordinal: string): boolean {
  if (!ordinal.endsWith('次')) return false;
  const at = story.indexOf(ordinal);
  const next = at < 0 ? undefined : nodejieba.tag(story.slice(at + ordinal.length, at + ordinal.length + 6))[0];
  return next !== undefined && next.tag === 'v';
}

/** The clauses a question tells before the first one that asks ("我们慈善组织去年刚登记的，想搞公开募捐，"), if any. */
export function storyOf(question: string): string {
  let end = 0;
  for (const clause of question.matchAll(/[^，,。；;？?！!]+[，,。；;？?！!]?/g)) {
    if (ASKING.test(clause[0])) return question.slice(0, end);
    end = clause.index + clause[0].length;
  }
  return '';
}

/**
 * How much a question word its document's title states counts in a sentence: within a document the
 * title's words are given, and its sentences are told apart by the others. A report's title is its
 * headline or its opening words, and its later sentences speak of the story without naming it again
 * ("大会主题为…" under "2023ACM中国图灵大会在武汉举行开幕…"); a policy's clauses do name their matter.
 * Tuning parts, reports 0.4 → 0.15: news +22 −6 answers and +3 traps refused, all seed questions
 * +5 −1 (with TRANSMITTAL), laws unchanged (0.25: news +13; 0.05: news +12). Policies at 0.15 too: laws −5.
 */
const TITLE_WEIGHT = { report: 0.15, policy: 0.4 };

/** The title a sentence of the document is read under, with how much its words count there. */
function givenTitle(document: PolicyDocument): { text: string; weight: number } {
  return { text: document.title, weight: document.type === '新闻' ? TITLE_WEIGHT.report : TITLE_WEIGHT.policy };
}

/** IDF-weighted share of the terms found in a text (as substrings, so segmentation never hides a match). */
export function coverageOf(text: string, terms: QueryTerm[], title?: { text: string; weight: number }): number {
  const haystack = withYearRanges(text.toLowerCase());
  const implied = title?.text.toLowerCase();
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const has = (source: string) => term.forms.some((form) => source.includes(form));
    const weight = implied && has(implied) ? term.weight * title!.weight : term.weight;
    total += weight;
    if (has(haystack)) covered += weight;
    // A four-character word printed apart ("扩大…开放"): both halves present count for most of it.
    else if (term.term.length === 4 && haystack.includes(term.term.slice(0, 2)) && haystack.includes(term.term.slice(2))) covered += weight * 0.7;
    // "解释权" is printed as "负责解释", "核准权限" as "核准": the act stands for the power to do it.
    else if (/^[\u4e00-\u9fff]{2}权(?:限)?$/.test(term.term) && haystack.includes(term.term.slice(0, 2))) covered += weight * 0.7;
  }
  return total > 0 ? covered / total : 0;
}

/**
 * The thing a question asks for, named right after its question word: "用的是什么方式" → 方式,
 * "哪个督导组到会" → 督导组. Returned as candidates, since the noun's end is not marked: prefixes
 * (the noun may run on into the next word, "督导组到会") and pairs (its head is its end, "学习方式").
 */
export function questionFocus(question: string): string[] {
  // ("几条具体的建议" → 建议: the qualifier says which, the noun is what a sentence names.)
  const asked = /(?:什么样的?|什么|哪个|哪些|哪几[条个项点类种方]?|哪一?[项条部份次场种类家位级]|何种|几[条项点]|多少[条项点])(?:具体|主要|重点)?的?([\u4e00-\u9fff]{2,5})/.exec(question)?.[1];
  // "什么时候", "什么意思": not a thing a sentence would name.
  if (!asked || /^(?:时候|时间|地方|意思|原因|作用|意义|样子|程度|办法|东西)/.test(asked)) return [];
  const prefixes = [5, 4, 3].filter((n) => n <= asked.length).map((n) => asked.slice(0, n));
  const pairs = [0, 1, 2].map((i) => asked.slice(i, i + 2)).filter((pair) => pair.length === 2);
  // A word the question also uses elsewhere names its topic, not what it asks for.
  const elsewhere = question.replace(asked, '');
  // Most asking words are too general to mark a sentence; these are printed where the answer starts ("会议要求，…").
  const printed = new Set(['要求', '条件', '情形', '措施', '任务', '规定']);
  return [...prefixes, ...pairs].filter((p) => (printed.has(p) || !askingWords.has(p)) && !elsewhere.includes(p));
}

const aliasCache = new WeakMap<PolicyDocument, Array<{ full: string; short: string }>>();

/** A document's own abbreviations: "设立人工智能科技伦理委员会（以下简称委员会）" → 委员会. */
function aliasesOf(document: PolicyDocument): Array<{ full: string; short: string }> {
  let aliases = aliasCache.get(document);
  if (!aliases) {
    aliases = [...document.text.matchAll(/([^，。；：、（(\n]{2,24})[（(]以下(?:简称|统称)为?[“《]?([^”》）)]{2,12})[”》]?[）)]/g)].map((m) => ({
      full: m[1]!,
      short: m[2]!.replace(/\^?[①②③④⑤⑥⑦⑧⑨]/g, ''),
    }));
    aliasCache.set(document, aliases);
  }
  return aliases;
}

/** The terms with the document's abbreviation of any full name they are part of as one more form. */
function withAliases(terms: QueryTerm[], document: PolicyDocument): QueryTerm[] {
  const aliases = aliasesOf(document);
  if (aliases.length === 0) return terms;
  return terms.map((term) => {
    const extra = term.term.length >= 3 ? aliases.filter((a) => a.full.includes(term.term)).map((a) => a.short.toLowerCase()) : [];
    return extra.length > 0 ? { ...term, forms: [...term.forms, ...extra] } : term;
  });
}

/** The words a question asks the meaning of: "…里农民工是怎么定义的" → …农民工 (its head is at its end). */
const DEFINITION_ASKED = /([\u4e00-\u9fffA-Za-z]{2,12}?)(?:是怎么|怎么|如何)?(?:定义|界定)|([\u4e00-\u9fffA-Za-z]{2,12}?)(?:具体)?(?:是指什么|指什么|指的是|是什么意思|什么意思)/;

/**
 * Whether a defined term is the one asked about: the quoted term, or the head of the asked phrase;
 * undefined when the question asks about neither (then no sentence need be read for a definition).
 */
function definitionAsked(question: string, quoted: string[]): ((defined: string | undefined) => boolean) | undefined {
  const match = DEFINITION_ASKED.exec(question);
  const phrase = match?.[1] ?? match?.[2];
  if (quoted.length === 0 && !phrase) return undefined;
  return (defined) => Boolean(defined && (quoted.some((q) => defined.includes(q)) || (phrase && phrase.endsWith(defined))));
}

/** The term a sentence defines: "本条例所称农民工，是指…", "（以下简称“…”）", "X是指…"; none otherwise. */
function definedTerm(text: string): string | undefined {
  const defined = /所称([^，,。；]{1,24}?)[，,]?(?:是指|系指|包括)|(?:以下|下文)?(?:简称|统称)为?[“"]?([^”"，,。；)）]{1,16})|^(?:第[^条]{1,8}条\s*)?([^，,。；]{1,24}?)(?:是指|系指)/.exec(text);
  return defined?.[1] ?? defined?.[2] ?? defined?.[3];
}

/**
 * A notice's transmittal ("现将《…》印发给你们，请结合实际认真抓好落实", "现予印发，请遵照执行"): it names
 * the text it sends, as a heading does, and states nothing of it.
 */
const TRANSMITTAL = /现(?:将|予)[^。；]{0,60}?(?:印发|转发)/;

/** How much of a sentence's coverage its headings may add: they are context, not the statement. */
const HEADED = 0.8;
/**
 * …and a list item's lead sentence: less, since a lead words every item's case alike (0.8: laws
 * tuning +2, all seed questions −1; 0.7: laws +1; 0.6: no change).
 */
const LED = 0.7;

/** Splits the hits' passages into sentences and scores each with the reader's sentence model, best first. */
export function gatherEvidence(hits: Hit[], questionTerms: QueryTerm[], question = '', model: ReaderModel = standardModel()): Evidence[] {
  const evidence: Evidence[] = [];
  // (A place pins the document, not the sentence: a policy's clauses rarely repeat its province.)
  const critical = questionTerms.filter((t) => t.critical && !t.place);
  const focus = questionFocus(question);
  // A term the question quotes (“提出机关”) is asked about as such: the sentence naming it, best one
  // defining it ("以下统称为提出机关"), answers.
  // ("“十五五”" is a period printed in quotes, not a term.)
  const quoted = [...question.matchAll(/[“"「]([^”"」]{2,12})[”"」]/g)].map((m) => m[1]!).filter((q) => !/^十[一二三四五六七八九]五$/.test(q));
  // What a definition must define: the quoted term, or the words before "是怎么定义的".
  const definedAsked = definitionAsked(question, quoted);
  // "哪类涉案财物不做价格认定？": what is excluded is printed as 不进行/不予/无需/除外.
  const asksExclusion = /不做|不进行|不需要|不用|无需|不予|不再|不属于|不适用|免于|例外/.test(question);
  const excludes = /不(?:进行|予|得|再|需|必|适用|属于)|无需|免于|除外|不在/;
  // Character bigrams of the question catch what word segmentation splits differently ("下放到市县").
  const questionGrams = bigrams(question);
  const answerType = question ? expectedAnswerType(question) : 'other';
  const askedPeriods = periodsOf(question);
  const askedQuantities = statedQuantities(question);
  // A place asked by name (象山县, 湖南省), also printed without its suffix (象山, 湖南).
  const askedPlaces = questionTerms.filter((t) => t.place).flatMap((t) => [...t.forms, t.term.replace(/(?:省|市|自治区|州|县)$/, '')]);
  const topScore = Math.max(...hits.map((hit) => hit.score), 0);
  // Per document, not per sentence: the pinning test reads the whole text.
  const documentFacts = new Map<string, { pinning: number; titleCoverage: number; titlePeriods: Periods }>();
  const passagesOf = new Map<string, number>();
  for (const hit of hits) passagesOf.set(hit.document.id, (passagesOf.get(hit.document.id) ?? 0) + 1);
  hits.forEach((hit, rank) => {
    const terms = withAliases(questionTerms, hit.document);
    let facts = documentFacts.get(hit.document.id);
    if (!facts) {
      facts = { pinning: documentPinning(hit.document, questionTerms), titleCoverage: coverageOf(hit.document.title, questionTerms), titlePeriods: periodsOf(hit.document.title) };
      documentFacts.set(hit.document.id, facts);
    }
    // A report's sentence stands under its headings (a speaker, "优必选…周剑："): they say whose
    // words it is. (A policy text's headings name its chapters, which every clause there shares.)
    const reportHeadings = hit.document.type === '新闻' ? hit.chunk.headingPath.slice(1) : [];
    const passageCoverage = coverageOf(`${hit.chunk.headingPath.join(' ')} ${hit.chunk.text}`, terms);
    const title = givenTitle(hit.document);
    let previous = '';
    for (const span of sentenceSpans(hit.chunk.text, hit.chunk.start)) {
      const text = hit.document.text.slice(span.start, span.end).trim();
      if (text.length < 4) continue;
      const headings = reportHeadings.filter((h) => h !== text).join(' ');
      // A quantity the question states ("工龄12年") is printed as the condition bounded on both sides
      // that holds it ("已满10年不满20年的"): there its words count as printed.
      // (Its condition ranges, read once: whether they hold the stated quantities is asked twice.)
      const ranges = askedQuantities.length > 0 ? conditionRanges(text) : [];
      const held = heldInBoundedRange(askedQuantities, ranges);
      const read = held.length > 0 ? `${text} ${held.map((quantity) => quantity.raw).join(' ')}` : text;
      // A list item is read under the sentence it hangs on ("…应当符合下列条件：" over "（二）持有建设
      // 工程规划许可证"), as a report's sentence under its headings.
      const lead = enumerated.test(text) ? listLeadAt(hit.document.text, span.start)?.text : undefined;
      const coverage = Math.max(
        coverageOf(read, terms, title),
        headings ? HEADED * coverageOf(`${headings} ${read}`, terms, title) : 0,
        lead ? LED * coverageOf(`${lead} ${read}`, terms, title) : 0,
      );
      // The sentence before sets the scene ("突发公共事件等紧急状态下…") for a short one that states the fact.
      const contextCoverage = coverageOf(previous + read, terms, title);
      previous = hit.document.text[span.start - 1] === '\n' ? text : previous + text;
      // Headlines and headings name a topic; they do not state a fact.
      const heading = hit.chunk.headingPath.includes(text.replace(/[：:]$/, ''));
      const spanned = withYearRanges(text.toLowerCase());
      const focused = focus.some((f) => text.includes(f));
      const naming = quoted.some((q) => text.replace(/\^?[①②③④⑤⑥⑦⑧⑨]/g, '').includes(q));
      const features: SentenceFeatures = {
        coverage,
        contextCoverage,
        passageCoverage,
        bigramOverlap: questionGrams.size > 0 ? bigramOverlap(questionGrams, text) : coverage,
        reciprocalRank: 1 / (1 + rank),
        retrievalScore: topScore > 0 ? Math.max(0, hit.score) / topScore : 0,
        statement: (/[，。；：！？]/.test(text) || text.length > 80) && !heading && !TRANSMITTAL.test(text) ? 1 : 0,
        criticalShare: critical.length === 0 ? 0 : critical.filter((t) => t.forms.some((f) => spanned.includes(f))).length / critical.length,
        criticalMissing: 1 - facts.pinning,
        focused: focused ? 1 : 0,
        quotesTerm: naming ? 1 : 0,
        definesTerm: definedAsked?.(definedTerm(text)) ? 1 : 0,
        statesExclusion: asksExclusion && excludes.test(text) ? 1 : 0,
        typeMatch: holdsAnswerType(answerType, text, question) ? 1 : 0,
        // (A report's sentence is about the period its headline names, unless it names its own.)
        periodConflict: periodConflict(askedPeriods, hit.document.type === '新闻' ? withHeadline(periodsOf(text), facts.titlePeriods) : periodsOf(text)) ? 1 : 0,
        placeConflict: askedPlaces.length > 0 && !askedPlaces.some((place) => text.includes(place)) && namesPlace(text) ? 1 : 0,
        titleCoverage: facts.titleCoverage,
        documentShare: passagesOf.get(hit.document.id)! / hits.length,
        length: Math.min(1, text.length / 200),
        leading: 1 / (1 + span.start / 500),
        conditionRange: { holds: 1, excludes: -1, none: 0 }[rangeAgreement(askedQuantities, ranges) ?? 'none'],
        relativeCoverage: 0,
        handScore: 0,
      };
      evidence.push({ hit, rank, text, start: span.start, end: span.end, coverage, passageCoverage, focused, features, score: 0 });
    }
  });
  const bestCoverage = Math.max(0, ...evidence.map((e) => e.coverage));
  for (const e of evidence) {
    e.features.relativeCoverage = bestCoverage > 0 ? e.coverage / bestCoverage : 0;
    e.features.handScore = handScore(e.features);
    e.score = model.sentenceScore(e.features);
  }
  return evidence.sort((a, b) => b.score - a.score);
}

/**
 * How well a piece of evidence supports answering at all (0–1): its coverage of the question,
 * halved for every critical term (a named year, the most specific words) its document lacks.
 */
export function supportOf(evidence: Evidence | undefined, terms: QueryTerm[]): number {
  if (!evidence) return 0;
  return (0.6 * evidence.coverage + 0.4 * evidence.passageCoverage) * pinningOf(evidence, terms);
}

/**
 * The factor (0–1) by which evidence loses support for each critical term (a named year, the most
 * specific words) its document lacks: halved, quartered for a year, another instance of the same
 * series or a place. A report's 今年 is its own year (impliedYears).
 */
export function pinningOf(evidence: Evidence, terms: QueryTerm[]): number {
  return documentPinning(evidence.hit.document, terms);
}

/** The years a dated report names by 今年, 去年, 前年, 明年 ("今年上半年" in a report of 2023-08-03 is 2023's). */
function impliedYears(document: PolicyDocument): string[] {
  const year = Number(document.date?.slice(0, 4));
  if (!(year > 1900)) return [];
  return Object.entries(relativeYears)
    .filter(([word]) => document.text.includes(word))
    .map(([, offset]) => String(year + offset));
}

function documentPinning(document: PolicyDocument, terms: QueryTerm[]): number {
  if (!terms.some((term) => term.critical)) return 1;
  // Not cached: a lower-cased copy of every document read would double the corpus in memory.
  const documentText = withYearRanges(`${document.title}\n${document.text}`.toLowerCase());
  let pinning = 1;
  for (const term of terms) {
    if (!term.critical || term.forms.some((form) => documentText.includes(form.replace(/年$/, '')))) continue;
    const year = isYearTerm(term.term);
    if (year && impliedYears(document).includes(term.term.slice(0, 4))) continue;
    // Another instance of the same series (第二批 where 第三批 is asked), or another year, is a different
    // thing, not a paraphrase. (A year: news tuning traps +2, answers −3, two of them questions whose
    // year their source does not state.)
    const series = /^第.+([批次届期轮])$/.exec(term.term)?.[1];
    pinning *= term.place || year || (series && new RegExp(`第[一二三四五六七八九十\\d]+${series}`).test(documentText)) ? 0.25 : 0.5;
  }
  return pinning;
}
