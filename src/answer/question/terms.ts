/**
 * The question's terms: the words a sentence must hold to answer it, each weighed by how telling it
 * is in this corpus (its idf), with the forms it may be printed in, and marked critical where it pins
 * the question to one instance (a year, 第三批, the rarest words); without the words that only say
 * what kind of answer is wanted. Candidate sentences (candidates/evidence.ts) are scored by them.
 */
import nodejieba from 'nodejieba';
import { statedFigures } from '../../ingest/figures.js';
import type { PolicyIndex } from '../../index/store.js';
import type { Hit } from '../../types.js';
import { synonymsIn, type AnalyzedQuery } from '../../retrieve/query.js';
import { isPlace } from '../../text/places.js';
import { tokenize } from '../../text/tokenize.js';
import { ASKING, storyOf } from './answer-type.js';
import { claimedFigures } from './intent.js';

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
  /**
   * A noun naming the kind of thing asked (城镇燃气 of 经营许可证): a document that never names it states
   * another kind. It pins the document as a critical term does, but does not rank its sentences.
   */
  kind?: boolean;
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

/**
 * `asAsked`: the question as asked, where query.question is its topic (topicOf replaces the 是不是 before a
 * supposed figure): claims are read from the question itself, not from earlier turns.
 */
export async function queryTerms(query: AnalyzedQuery, index: PolicyIndex, asAsked = query.question): Promise<QueryTerm[]> {
  // jieba glues question words to nouns ("哪些因素", "什么情况", "有何意义"): keep the noun.
  const unglued = query.tokens.map((token) => /^(?:哪些|哪几个?|哪个|什么|多少|怎样|如何|有何|因何|为何|何种)(.{2,})$/.exec(token)?.[1] ?? token);
  const candidates = [...new Set(unglued)].filter((term) => !askingWords.has(term) && !unitWords.test(term) && !isInterrogative(term));
  // The figures of a statement being checked may be wrong: the source's sentence need not print them.
  const claimed = claimedFigures(asAsked);
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
  // A noun put before the noun asked about says which kind is asked (城镇燃气 经营许可证, 育儿 假, 高温 津贴):
  // a text that never names it states another kind (兽药经营许可证, 探望配偶假, 职务津贴).
  // (Only in the clause that asks; see kindsThatPin for when they pin.)
  const asking = asked.split(/[，,。；;：:？?！!]/).filter((clause) => ASKING.test(clause));
  // (A modifier as common as the noun it modifies or more, 实际 of 用户数, narrows nothing.)
  for (const [modifier, head] of asking.flatMap(kindModifiers)) {
    const term = terms.find((t) => t.term === modifier);
    const headTerm = terms.find((t) => t.term === head);
    if (term && headTerm && term.weight > headTerm.weight && !term.critical && !tellsCase(term.term)) term.kind = true;
  }
  // A year the asker's own story names ("我们慈善组织去年刚登记的", 去年 read as a year) dates their
  // case, not the text that answers: it does not pin. (A story in the first person is the asker's;
  // 我国, 我省, 我市… name an authority, as official texts do.)
  if (/[咱俺]|我(?![国省市区县州局委厅部院校司])/.test(story)) for (const term of kept) if (isYearTerm(term.term) && tellsCase(term.term)) term.critical = false;
  return kept;
}

/** Nouns as jieba's tagger marks them: common, proper, organisations, places, verbal nouns. */
const NOUN_TAG = /^(?:n|vn)/;

/**
 * The nouns a question puts right before another noun, as modifiers naming its kind, with that noun:
 * "城镇燃气经营许可证" → [城镇, 燃气], [燃气, 经营], [经营, 许可证].
 */
export function kindModifiers(question: string): Array<[modifier: string, head: string]> {
  const words = nodejieba.tag(question);
  return words.flatMap((w, i): Array<[string, string]> => {
    const next = words[i + 1];
    // (A word with a numeral counts or orders, "新一轮融资", "第二批": it names no kind.)
    return w.word.length >= 2 && NOUN_TAG.test(w.tag) && !/[\d一二三四五六七八九十两]/.test(w.word) && next && NOUN_TAG.test(next.tag) ? [[w.word, next.word]] : [];
  });
}

/**
 * The terms with a kind kept only where it pins: where a passage retrieved names it, so that a
 * document that does not states another kind. Where none does, the asker's word may be one the texts
 * never print (网店 for 网络销售, 商家 for 经营者), and every document would be lowered alike. Nor in a
 * request for a reply draft: the case it describes names the asker's kind of thing, which the
 * governing text states in general words.
 */
export function kindsThatPin(terms: QueryTerm[], hits: Hit[], drafting: boolean): QueryTerm[] {
  if (!terms.some((t) => t.kind)) return terms;
  const texts = drafting ? [] : [...new Set(hits.map((hit) => hit.document))].map((d) => `${d.title}\n${d.text}`.toLowerCase());
  return terms.map((t) => (t.kind && !t.forms.some((form) => texts.some((text) => text.includes(form))) ? { ...t, kind: false } : t));
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
