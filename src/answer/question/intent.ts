/**
 * What kind of answer a question wants, read from its wording: a figure, a list of conditions,
 * a formal reply draft, a document's metadata, or a plain fact.
 */
import { ASKING, HOW_MANY_JI } from './answer-type.js';
import { CURRENCIES, FIGURE_UNITS, MAGNITUDES, statedFigures } from '../../ingest/figures.js';
import { englishInChinese } from '../../text/english.js';
import type { Intent } from '../../types.js';

/** Which metadata field a document-lookup question asks for. */
export type LookupField = 'documentNumber' | 'issuers' | 'date' | 'adoption' | 'effectiveDate' | 'type' | 'title' | 'issuedBy';


/** Whether a figure question asks for an amount of money ("金额是多少", "多少亿元", "多少美元"). */
export function asksForMoney(intent: IntentAnalysis): boolean {
  return intent.units.some((unit) => CURRENCIES.includes(unit));
}

export interface IntentAnalysis {
  intent: Intent;
  /** For lookups: the fields asked for, in the order the question asks them. */
  lookupFields?: LookupField[];
  /** Units the question expects in a figure answer, e.g. ['元'] for 多少亿元. */
  units: string[];
  /**
   * For a figure question naming no unit: the units the corpus prints its measure in
   * (measure-units.ts), preferred over others but not required.
   */
  expectedUnits?: string[];
}

/** What stands before 答复 or 回复 where a reply given by someone else is meant: "要给答复", "延期答复", "未作答复", "予以答复". */
const GIVEN_BY = '给(?:我|你|他|她)?们?|给予|给出|作出|做出|作|延期|当场|及时|逾期|书面|予以|不予|收到|得到|有|未|没|不|对';
// A request for a draft, however 答复 stands in it ("请…予以答复", "请对来信作出答复"); not a reply an
// authority gives or has given ("多少天内要给答复", "不能当场答复", "采购人答复了", "答复期限是多久"), nor
// one already given, which is a source ("工信部答复里给的标准"). (起草 of a standard one takes part in, and
// a briefing something should appear "in", are not requests.)
const drafting = new RegExp(
  `请(?!问)[^，。？?]{0,20}(?:答复|回复)|答复口径|口径|写段话|写一段话|写几句|写两句|(?<!${GIVEN_BY})(?:答复|回复)(?![里中时后称说表示了]|期限|时限)|复函|(?<!参与|参加|标准|负责|牵头)起草|拟写|拟稿|草拟|代拟|写一段|拟一段|拟个|拟一份|提示函|(?<!在[^，。？?]{0,12})(?:简报|简讯|通稿|新闻稿)(?![中里])|拟一则|提案摘要|怎么回答|如何回应|帮我写|写个|写一份|(?:情况|内部|工作)说明`,
);
/** A request for a reply draft names what it wants before a colon ("请起草一段答复口径：…"): the case follows it. */
const DRAFT_FRAME = new RegExp(`^[^，,。？?：:]{0,16}?(?:${drafting.source})[^，,。？?：:]{0,8}[：:]`);
/** Verbs of issuing a document, formal and colloquial. */
const issuing = '(?:印发|发布|下发|发出|发文|发的|出台|制定|签发|联合发|一起发|共同发|成文|落款|公布|颁布)';
const lookupFields: Array<[RegExp, LookupField]> = [
  [/文号|发文字号|文件编号|第几号/, 'documentNumber'],
  // Laws and interpretations are adopted at a meeting ("第十四届全国人民代表大会常务委员会第九次会议通过").
  [/(?:哪|第几|什么)[^，。？?]{0,12}会议[^，。？?]{0,6}通过/, 'adoption'],
  // When it takes effect, not what happens once it has ("条例施行后…是不是也要…").
  [/(?:什么时候|何时|哪天|哪一天|几月几日|几号|从何时|什么时间|啥时候)\s*(?:起|开始|正式|才|就|将){0,3}\s*(?:施行|生效|实施|实行)|(?:施行|生效|实施)(?:日期|时间)|(?:施行|生效)(?:了)?(?:吗|没有)|自何时/, 'effectiveDate'],
  [new RegExp(`(?:哪些|哪几[个家]?|哪[一二三四五六七八九十两]个|(?<!哪)几个|多少个?|什么|哪个|哪家)\\s*(?:省级|市级|省直|市直|国家|中央|政府|发文)?(?:部门|单位|机关|机构|厅局|部委|厅|局).{0,6}${issuing}|(?:哪几家|哪些家|哪几个|几家)\\s*(?:联合|共同|一起)\\s*${issuing}|由谁.{0,4}${issuing}|谁${issuing}|发文(?:机关|单位|部门)|${issuing}(?:机关|部门|单位)`), 'issuers'],
  [new RegExp(`(?:哪天|哪一天|什么时候|何时|啥时候|几月几日|几号|日期|时间).{0,6}${issuing}|${issuing}.{0,6}(?:哪天|哪一天|什么时候|何时|啥时候|几月几日|几号|日期|时间)|落款|文号(?:和|及|与|、)(?:成文|印发|发文|落款)?日期|日期(?:和|及|与|、)文号`), 'date'],
  [/什么类型|哪类文件|文种|属于(?:什么|哪类|哪种)/, 'type'],
  // (The 全称 of a document, not of a fund or an agency it names: "联合基金，全称是什么？".)
  [/(?:文件|通知|意见|办法|方案|条例|规定|计划|政策|^它|^该文件|^这个?文件)(?:的)?(?:全称|名称|叫什么)|标题|^全称/, 'title'],
];
/** "工信部参与联合印发了哪些文件？": the documents a body issued or co-issued. */
const issuedBy = new RegExp(
  `(?:哪些|哪几个|哪几份|几个|几份)(?:政策)?(?:文件|政策|通知|意见|办法|方案)|(?:文件|政策)[都有是]{0,3}(?:哪些|哪几个|哪几份)|${issuing}(?:了)?(?:哪些|几个|几份)`,
);
const conditions = /哪几类|哪些类|哪几种|哪些种类|哪几个方面|哪些方面|哪几个层级|条件|资格|要求|情形|哪些情况|何种情况|什么情况下|哪种情况|哪些情形|什么情形|何种情形|需要(?:提交|提供|准备)|哪些材料|材料|程序|流程|步骤|适用|范围|哪些|哪几(?![天年月日号])|分别|各自|禁止|不得|怎么申请|如何申请/;
/**
 * 多重 asks a weight only where it ends a clause or is the measure of what follows 的 ("多重的无人机");
 * "多重风险", "多重国籍" are "multiple".
 */
const WEIGHT_ASKED = /多重(?=[的？?吗呢，,。]|$)/;
/** Asking for a number. */
const countQuestion = new RegExp(`多少|几成|百分之几|多大|多长|多久|多远|${WEIGHT_ASKED.source}|(?:什么|多大|多高|哪个)(?:比例|比率|费率|税率|利率)`);
/** "几家" asks how many, or says "several". */
const fewQuestion = new RegExp(`(?<!哪)${HOW_MANY_JI}(?:个|家|项|台|款|次|年|天|日|月|%|倍|亿|万|条|张|部|批|种|类|名|位|人|件|所|场|章|节)`);
/**
 * "几家单位合作的项目，由谁申请？": 几 means "several" when the question asks something else; and a
 * question that ends on 吗 asks yes or no of an amount's topic ("投资持续增长了吗？").
 */
const otherQuestion = /谁|哪|什么|怎么|怎样|如何|能否|能不能|可否|是否|有没有|吗[？?]*$/;
/** Words about amounts: a figure question unless the question asks what or which. */
const figureTopic = /比例|比重|占比|规模|金额|总额|数量|产值|增长|增速|下降|期限|时限|截至|达到/;

/** The units a duration is printed in: what 多久 asks for, and what bounds an act in time. */
export const DURATION_UNITS = ['日', '天', '个工作日', '小时', '分钟', '周', '个月', '年'];

const unitHints: Array<[RegExp, string[]]> = [
  [/多少(?:亿|万)?(?:元|人民币)|多少钱|金额|资金|投资(?!项目|主管|审批|管理)|产值|(?<!(?:用户|人数|人口|产能|连接|产量)[^，。？?]{0,6})规模(?!以上)(?![^，。？?]{0,8}(?:产能|用户|人口|连接|产量))|总额|营收|支出|经费|预算|补贴|收入|资产|债|收费|费用|价格(?:是|为)?多少|奖励|奖金|罚款/, CURRENCIES],
  [/工作日/, ['个工作日']],
  [new RegExp(`多少家|(?<!哪)${HOW_MANY_JI}家|企业数|数量.*企业`), ['家']],
  // "哪几个" asks which ones, not how many.
  // ("几个人" counts people; "多少个人工智能场景" counts scenarios, "多少人民币" money.)
  [new RegExp(`多少个(?!小时|工作日|月|人(?!工智能)|百分点)|(?<!哪)${HOW_MANY_JI}个(?!小时|工作日|月|人(?!工智能)|百分点)`), ['个']],
  [/比例|占比|比重|百分之|百分点|几分之几|%|增速|[\u4e00-\u9fff]率[^，。？?]{0,6}(?:多少|几)/, ['%', '个百分点']],
  // ("多少天" is not answered by hours, "多久" by any duration: "保存3年", "期限一般不超过二年".)
  [new RegExp(`多少天|${HOW_MANY_JI}[天日]|多少日`), ['日', '天', '个工作日']],
  [/多久|多长时间|多少时间|期限|时限|时间内/, DURATION_UNITS],
  [new RegExp(`多少(?:个)?小时|${HOW_MANY_JI}(?:个)?小时`), ['小时']],
  // ("近几年", "这几年" say when, they do not ask how long.)
  [new RegExp(`多少年|(?<![前后过])${HOW_MANY_JI}年(?![级来前后])`), ['年']],
  [new RegExp(`多少个?人(?!工智能|民币)|${HOW_MANY_JI}个?人(?!工智能|民币)|人数|(?:多少|${HOW_MANY_JI})(?:个|位|名)?(?:委员|专家|代表|人员|成员|干部|职工|员工|学生)`), ['人', '名', '位']],
  [new RegExp(`多少倍|${HOW_MANY_JI}倍`), ['倍']],
  // A distance is printed in 米 or 公里, a weight in 千克, 公斤 or 吨.
  [/多远/, ['米', '公里']],
  [WEIGHT_ASKED, ['千克', '公斤', '吨']],
  // An age is printed in 岁 or 周岁, whether its value or its limit is asked ("对年龄有什么要求").
  [/多大年纪|多大岁数|年龄(?:是|为|要求|限制|上限|下限)?(?:多少|多大|几)|年龄[^，。？?]{0,6}(?:要求|限制|上限|下限)/, ['岁', '周岁']],
  [new RegExp(`多少票|${HOW_MANY_JI}票|票数|票[^，。？?]{0,6}(?:多少|几)`), ['票']],
  [new RegExp(`多少章|${HOW_MANY_JI}章|多少节|${HOW_MANY_JI}节`), ['章', '节']],
];

/**
 * Colloquial question words in their standard form (啥 → 什么, 咋 → 怎么), so one set of patterns
 * reads both; English words mixed in, in Chinese (deadline → 截止时间); and without the preamble an
 * official's question often opens with.
 */
export function plainWording(question: string): string {
  // ("至少要几个人才行？": 才行 ends the question, it does not make 人才.)
  const plain = englishInChinese(question).replace(/啥/g, '什么').replace(/咋/g, '怎么').replace(/哪儿/g, '哪里').replace(/多会儿/g, '什么时候').replace(/才(?:行|可以|够|算数)(?=[？?。！!]|$)/g, '');
  return withoutPreamble(plain);
}

/** "为起草本地产业发展情况汇报，", "在整理新能源汽车安全监管资料时，": what the answer is for, not about. */
const purposeClause = /(?:^|(?<=[，,。；;]))(?:为|为了)(?:起草|撰写|编写|准备|整理|形成|完善)[^，,。；;？?]*[，,。；;]|(?:^|(?<=[，,。；;]))在(?:整理|起草|撰写|编写|准备)[^，,。；;？?]*时[，,]/g;
/** A character of a clause that names no document (by its kind, or in 《》) and no figure. */
const unnamed = '(?:(?!意见|通知|办法|条例|方案|计划|规定|决定|标准)[^，,。；;？?《》\\d])';
/**
 * "我的毕业论文在写…，", "论文里要对比各类伦理委员会的议事规则。", "我研究的是地方立法质量评价，": what the
 * asker's study is about, not what they ask. (A clause naming a document, in 《》 or by its kind
 * "…的意见", or a figure is kept: "我写综述时要引用国务院推进服务业扩能提质的意见。这份文件的文号…".)
 */
const studyClause = new RegExp(
  [
    `(?:我的|我们的|我|我们|本人)?(?:毕业论文|学位论文|论文|研究|课题|综述)${unnamed}*`,
    `(?:我|我们|本人)(?:在|正在|要|想|准备)?(?:研究|比较(?!关心|关注|担心|想|希望|在意|急|着急|困惑)|对比|梳理)${unnamed}*`,
    `(?:我|我们|本人)(?:在|正在|要|想|准备)?(?:做|写)${unnamed}*?(?:论文|章节|一章|一节|研究|课题|比较|对比|综述|文献)${unnamed}*`,
  ]
    .map((clause) => `(?:^|(?<=[，,。；;]))${clause}[，,。；;]`)
    .join('|'),
  'g',
);
/** "…。请核实：首批有多少家？": what follows is the question. */
const checkRequest = /(?:请|需要|需|烦请)(?:核实|核查|查明|确认)(?:一下)?[：:]?|(?:请|需要|需|烦请)说明(?:一下)?[：:]/;
/** Words pointing back at the preamble ("它的文号", "该通知"): then the preamble is needed. */
const pointsBack = /^(?:它|其|该|这|此|上述|前述)|它的|该(?:文件|通知|办法|意见|条例|方案|项目|活动|会议)/;

/**
 * The question without what an official's preamble adds: the purpose of the answer (a purpose
 * clause with 起草 is not a request for a draft), and the context before "请核实：" when what follows
 * asks on its own.
 */
function withoutPreamble(question: string): string {
  const text = withoutContextSentences(question.replace(purposeClause, '').replace(studyClause, '').trim() || question);
  const check = checkRequest.exec(text);
  if (check && check.index > 0) {
    const rest = text.slice(check.index + check[0].length).trim();
    if (rest.length >= 8 && /多少|几|什么|哪|谁|吗|何时|是否|？|\?/.test(rest) && !pointsBack.test(rest)) return rest;
  }
  return text;
}

/**
 * What a question is about, without who asks and how: "有项目单位问评标时能不能只看报价" → "评标时只看报价".
 * Question forms (能不能, 是否) and a requester's preamble only confuse word segmentation and scoring.
 */
export function topicOf(question: string): string {
  const topic = question
    // A hesitation typed out ("那个……", "嗯……") opens nothing.
    .replace(/^(?:那个|这个|嗯+|呃+|喂)?(?:……|…)+/, '')
    .replace(DRAFT_FRAME, '')
    .replace(/^(?:有|某)[^，,。？?：:]{0,12}?(?:问|咨询|来电|来信|反映)(?:到|说|：|:)?/, '')
    // A hotline's "来电人说他是做…的，就是想问下…": the caller is the asker, in the third person.
    .replace(/(?:^|(?<=[，,。；;：:]))(?:喂[，,]?)?(?:来电人|来电者|来信人|来访人)(?:说|称|表示|反映)?(?:他|她|其)?(?=是|在|做|单位|公司|企业|厂)/g, '我')
    .replace(/(?:就是)?(?:我)?想(?:问|了解|咨询)(?:一)?下|(?<=[，,。；;：:]|^)问(?:一)?下/g, '')
    .replace(/(?:^|(?<=[，,。；;：:]))(?:来电人|来电者|来信人|来访人)(?:说|称|表示|反映|问)?/g, '')
    // "我在一家做工厂自动化的公司上班，…", "我们是一家做AI客服的小企业，…": who asks, not what about.
    .replace(/^(?:我|我们)(?:单位|公司|企业)?(?:在|是|正在)[^，,。？?：:]{2,24}?(?:上班|工作|任职|企业|公司|单位|项目)[，,：:]/, '')
    // "区工信局询问…", "一家企业来函询问：…": who asks, not what about.
    .replace(/^[^，,。？?：:]{0,12}?(?:来函询问|来电询问|来函咨询|询问)(?:：|:)?/, '')
    // ("那个…", "那些…" are fillers or pointers, not "then".)
    .replace(/^(?:那么?|那要是|要是|如果)(?![个些种])(?=[\u4e00-\u9fff]{2})/, '')
    .replace(/的话(?=[，,])/g, '')
    // "根据2025年世界移动通信大会期间的报道，…": where the asker read it, not what they ask.
    .replace(/(?:^|(?<=[。；;]))(?:根据|据|按照)[^，,。？?]{2,40}?(?:报道|介绍|消息|采访|讲话|发布会|通报)(?:中|里|显示)?[，,]/g, '')
    // How the request came and how to reply ("来函询问", "予以说明", "通知精神") says nothing of the subject.
    .replace(/(?:来函|来信|来电)(?![人者群])(?:询问|咨询|反映)?|予以(?:说明|答复|回复|解答)|(?<=通知|意见|文件)精神/g, '')
    .replace(/能不能|可不可以|是不是|有没有|能否|可否|是否/g, '，');
  return withoutAskerContext(withoutContextSentences(topic)).replace(/^[，,\s]+/, '').trim() || question;
}

/** Text that names something specifically: a year or figure, a “term”, a 《title》. */
function namesSomething(text: string): boolean {
  return /[“”"《》]|\d/.test(text);
}

/**
 * A question of several sentences whose last one asks on its own: the sentences before it that ask
 * nothing ("通信管理部门要求在简报中反映5G-A商用进展。") are background, not the topic.
 */
function withoutContextSentences(text: string): string {
  const sentences = text.split(/(?<=[。；;！!])/).filter((sentence) => sentence.trim());
  if (sentences.length < 2) return text;
  const last = sentences.at(-1)!;
  // (A last sentence that says 这种情况, 这类项目, 该条例 … needs what came before.)
  const refersBack = /这(?:种|类|个|些|项|批|样)|该|此|上述|前述|其|它/.test(last);
  // It must name its subject specifically itself: "两档上限各是多少？" is about the sentence before it.
  const asksAlone = asking.test(last) && namesSomething(last) && last.length >= 10 && !refersBack && !/请|帮|拟|起草|答复|口径/.test(last);
  if (!asksAlone || sentences.slice(0, -1).some((sentence) => asking.test(sentence))) return text;
  return last;
}

/** Who the asker is ("我们是做传感器的", "我们公司在做城市地下管网改造"): their trade, not their case. */
const askerIdentity = /^(?:因为|由于)?(?:我|我们|我司|本公司|我公司|咱们)(?:公司|单位|企业|厂|集团)?(?:是|是一家|是做|做|在做|主要做|主营|从事|属于)/;
/** What the asker's case or plan is: that is the question's subject, not context. */
const askerCase = /想|打算|准备|计划|申报|申请|执行|涉及|已经|被|要|需要|拟/;
/** A clause about the asker after the question ("我们在武汉的子公司想争取入库"): why they ask. */
const askerClause = /^(?:因为|由于)?(?:我|我们|我司|本公司|我公司|我单位|咱们|我方)/;
/** A sentence that asks: any word that asks (ASKING), a bare 么, or a question mark. */
const asking = new RegExp(`${ASKING.source}|么|[？?]`);

/**
 * The question without clauses that only say who the asker is, or why they ask once the question
 * is asked: their words (城市地下管网, 传感器, 武汉) are not what the answer is about. Their case
 * ("我们厂想申报先进级智能工厂", "我们的产品执行的是政府指导价") is the subject and stays.
 */
function withoutAskerContext(text: string): string {
  const clauses = text.split(/(?<=[，,。；;！!？?])/);
  const lastAsking = clauses.map((clause) => asking.test(clause)).lastIndexOf(true);
  if (clauses.length < 2 || lastAsking < 0) return text;
  const identity = (clause: string) => {
    const bare = clause.replace(/[，,。；;！!？?\s]+$/, '');
    // (A clause naming something specific says what about.)
    return !asking.test(clause) && !namesSomething(clause) && askerIdentity.test(bare) && !askerCase.test(bare);
  };
  // The asker's trade is dropped only when the rest names its subject specifically: otherwise
  // ("我们是做新能源车的，宣传续航能不能往高了说？") the trade is the subject.
  const named = clauses.some((clause) => !identity(clause) && namesSomething(clause));
  const kept = clauses.filter((clause, i) => {
    if (asking.test(clause) || namesSomething(clause)) return true;
    const afterwards = i > lastAsking && askerClause.test(clause);
    return !(named && identity(clause)) && !afterwards;
  });
  return kept.join('');
}

/** The question asks when: its answer must state a date. */
export function asksForDate(question: string): boolean {
  return /几月几[日号]|哪一?天|几号|什么时候|何时|啥时候|哪一?年|什么时间|日期/.test(question);
}

/** Metadata a question asks for besides its main request ("…请注明文号", "由哪几个厅局联合印发，…"). */
export function askedFields(question: string): LookupField[] {
  return lookupFields.filter(([pattern]) => pattern.test(question)).map(([, field]) => field);
}

/** Wording of someone checking a statement against the sources: a copy editor, a fact-checker. */
const checking = /稿子|稿件|原文|核对|核实|核一下|对不对|对吗|写错|有误|准确|正确|属实|真的吗|是真的|是不是真的|靠谱吗/;

/**
 * The statement a question checks ("稿子写“…发布了200余条行业需求”，原文是多少？"): quoted, or
 * after 写/称/说, where the question checks (`checking`); or, in any question, a figure the asker
 * supposes right after 是不是/是否 ("年龄上限是不是35周岁？", "是不是有50项指标"). Its figures may be
 * wrong, so they are neither the topic nor the answer's premise.
 */
export function checkedClaim(question: string): string | undefined {
  // (Only a copula-like word between: "是否可以超过6个月", "是否需要满18周岁" ask whether a rule
  // allows or requires, and the figure is the asker's case, not a claim.)
  const supposed = [...question.matchAll(/(?:是不是|是否)(?:就是|只有|有|为|在|按|约|近)?(\d[^，,。？?！]{0,6})/g)].map((m) => m[1]!);
  const claims = checking.test(question) ? [...quotedClaims(question), ...supposed] : supposed;
  return claims.filter((text) => /\d/.test(text)).join('；') || undefined;
}

/** What a checking question quotes, says was written or said, or doubts. */
function quotedClaims(question: string): string[] {
  const quoted = [...question.matchAll(/“([^”]{4,})”/g)].map((m) => m[1]!);
  const stated = [...question.matchAll(/(?:写的是|写成|写着|写了|写|称|说)[：:]?([^。？?！“”]{2,})/g)].map((m) => m[1]!);
  // "5G-A用户已经6000万了 是真的吗": what comes before the doubt is the claim.
  const doubted = /^(.{4,}?)[，,。\s]*(?:是真的吗|是不是真的|真的吗|靠谱吗)/.exec(question)?.[1];
  return [...quoted, ...stated, ...(doubted ? [doubted] : [])];
}

/** Figures of a checked claim that the question does not also state outside it. */
export function claimedFigures(question: string): string[] {
  const claim = checkedClaim(question);
  if (!claim) return [];
  let outside = question;
  for (const part of claim.split('；')) outside = outside.replace(part, '');
  // Years and bare numbers ("超6000万") too: either may be what is wrong.
  const numbers = claim.match(/(?:19|20)\d{2}年|\d+(?:\.\d+)?(?:万亿|亿|万)?/g) ?? [];
  return [...new Set([...statedFigures(claim).map((f) => f.raw), ...numbers])].filter((raw) => !outside.includes(raw));
}

/** Units printed alike: "30日" and "30天", "18周岁" and "18岁". */
const sameUnits: string[][] = [['日', '天'], ['岁', '周岁'], ['人', '名', '位']];

/**
 * The measure word a question counts in, right after 多少/几 ("多少批次" → 批次, "多少万千瓦" → 千瓦,
 * "几岁" → 岁): the unit the figure must be printed in. A fact of the language, read against the
 * units figures are indexed with.
 */
export function askedUnit(question: string): string[] {
  // (After 个 comes the noun counted, "几个层级": 个 is the measure word. "近几年" says when; "多少人民币" asks money.)
  const measure = new RegExp(`(?:(?<!第)多少|(?<![前后第])${HOW_MANY_JI})(?:万亿|亿|千万|百万|万|千|百)?(${FIGURE_UNITS.filter((u) => u !== '%' && u !== '％').join('|')})(?![级来前后度]|民币)`).exec(question)?.[1];
  if (!measure || measure === '个') return [];
  return sameUnits.find((same) => same.includes(measure)) ?? [measure];
}

/** Interrogatives that say the kind of number they ask: a duration, money, a distance, an age, a weight, a count of 个. */
const MEASURE_ASKED = new RegExp(`多久|多长时间|多少钱|多远|多大(?:年纪|岁数)|${WEIGHT_ASKED.source}|(?:多少|${HOW_MANY_JI})个(?!百分点)`);

/**
 * Whether the question's words ask for a number in a unit ("多少张", "判了几年", "几个小时", "多久"),
 * not only its topic suggests one ("比例" → %, "年龄" → 岁, "期限" → days): a question asked so is
 * not answered by a sentence that states no number, whereas a share may be printed as 两成.
 */
export function asksInUnit(question: string): boolean {
  const counting = question.replace(/第几/g, '第');
  return askedUnit(counting).length > 0 || MEASURE_ASKED.test(counting);
}

/**
 * The least a figure can be that answers a count asked in a magnitude ("最高能贷多少万" → 10,000;
 * "几个亿" → 100,000,000): fifteen days is not "多少万". Read in the clause that asks, where the count
 * asked stands ("欠了我几万块工资，时效多久？" asks no magnitude); 0 when none is asked. A fact of the language.
 */
export function askedMagnitude(question: string): number {
  const asking = question.split(/[，,。；;？?！!]/).filter((clause) => ASKING.test(clause)).at(-1) ?? '';
  const magnitude = MAGNITUDE_ASKED.exec(asking)?.[1];
  return magnitude ? MAGNITUDES[magnitude]! : 0;
}

/** 多少 or 几 before a magnitude word, the longest first (万亿 before 万); not a level, 亿级. */
const MAGNITUDE_ASKED = new RegExp(
  `(?<!第)(?:多少|${HOW_MANY_JI})个?(${Object.keys(MAGNITUDES).filter((word) => MAGNITUDES[word]! >= 1e4).sort((a, b) => b.length - a.length).join('|')})(?!级)`,
);

export function detectIntent(question: string): IntentAnalysis {
  // "第几次会议" asks which one, not how many.
  const counting = question.replace(/第几/g, '第');
  const suggested = unitHints.filter(([pattern]) => pattern.test(counting)).map(([, list]) => list);
  // The measure word asked in wins over what the topic suggests ("装机规模为多少万千瓦": not 元;
  // "股份达到5%的，要在几天内报告": days, with the units printed alike, not % or 元).
  const measured = askedUnit(counting);
  const alike = suggested.filter((list) => list.some((unit) => measured.includes(unit)));
  // (An amount is printed in any currency, but one the question names is that one: "多少亿元" is not 美元.)
  const currency = measured.some((unit) => CURRENCIES.includes(unit));
  const hinted = measured.length === 0 ? suggested.flat() : alike.length > 0 && !currency ? [...new Set(alike.flat())] : measured;
  // "资金占全年总额的百分之多少": a share is asked, whatever it is a share of.
  const share = /百分之(?:多少|几)|几分之几|(?:比例|占比|比重)(?:是|为|有|达到)?多少|占[^，。？?]{0,14}(?:多少|几成)/.test(question);
  const units = share ? hinted.filter((unit) => unit === '%' || unit === '个百分点') : hinted;
  if (drafting.test(question)) return { intent: 'drafting', units };
  if (issuedBy.test(question) && /部|委|局|院|办|厅|署|行/.test(question)) return { intent: 'lookup', lookupFields: ['issuedBy'], units };
  const fields = askedFields(question);
  if (fields.length > 0) return { intent: 'lookup', lookupFields: fields, units };
  // Contact details and dates are looked up in the text, not counted.
  if (/电话|号码|邮箱|网址|地址|传真/.test(question) || asksForDate(question)) return { intent: 'general', units: [] };
  // "多少" with a unit, a period or an amount is a figure even when it also says 要求 or 条件.
  // "规模达到了什么水平/量级？" with an amount named asks for the amount.
  const level = units.length > 0 && /(?:什么|何种|哪个|怎样的?)(?:水平|量级|数量级)|有多大/.test(question);
  const figure = level || countQuestion.test(counting) || ((fewQuestion.test(counting) || figureTopic.test(counting)) && !otherQuestion.test(question));
  if (figure && (units.length > 0 || !conditions.test(question))) return { intent: 'figure', units };
  // "稿子写“…超过20%”，原文的数字是什么？": checking a figure asks for the source's figure.
  const claimed = statedFigures(checkedClaim(question) ?? '');
  if (claimed.length > 0) return { intent: 'figure', units: [...new Set([...units, ...claimed.map((f) => f.unit)])] };
  if (conditions.test(question)) return { intent: 'conditions', units };
  return { intent: 'general', units };
}
