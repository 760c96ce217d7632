/**
 * Lookup answers: a document's metadata (文号, issuers, dates, type, title) read from its record and
 * cited where the corpus prints it (its signature, the notice it was issued with), the policy texts
 * a body issued, and the metadata a draft or figure question also asks for (recordFields).
 */
import type { IndexedChunk, PolicyIndex } from '../../index/store.js';
import { analyzeQuery, namesOf, type AnalyzedQuery } from '../../retrieve/query.js';
import { currentVersionsFirst, namesAnotherLaw, type Retriever } from '../../retrieve/retriever.js';
import type { Hit, PolicyDocument } from '../../types.js';
import { bookTitle, Citations, compactTitle, printedDate, sourceName } from './citations.js';
import { generalAnswer, type Composed } from './compose.js';
import { aboutNamedRegulations, coverageOf, type Evidence } from '../candidates/evidence.js';
import type { QueryTerm } from '../question/terms.js';
import { askedFields, type LookupField } from '../question/intent.js';

/** What lookups read of the corpus. */
export interface LookupContext {
  index: PolicyIndex;
  retriever: Retriever;
  /** Documents of each source file: a measure and the notice it was issued with share one. */
  documentsByFile: Map<string, PolicyDocument[]>;
  /** The documents a document's title names (《…》). */
  namedIn(document: PolicyDocument): PolicyDocument[];
}

/** The corpus's documents by source file. */
export function documentsByFile(documents: Iterable<PolicyDocument>): Map<string, PolicyDocument[]> {
  const byFile = new Map<string, PolicyDocument[]>();
  for (const document of documents) {
    const list = byFile.get(document.sourceFile) ?? [];
    list.push(document);
    byFile.set(document.sourceFile, list);
  }
  return byFile;
}

/** Wording that states each metadata field in running text. */
const fieldCues: Record<LookupField, RegExp> = {
  documentNumber: /〔\d{4}〕\d+号/,
  issuers: /部门|联合|会同|召开|印发|发布/,
  date: /\d{1,2}月\d{1,2}日/,
  adoption: /会议.{0,6}通过/,
  effectiveDate: /施行|实施|生效/,
  type: /通知|意见|办法|条例|方案/,
  title: /《[^》]+》/,
  issuedBy: /印发|联合/,
};

/**
 * The answer to a metadata question (文号, issuers, dates …): read from the record of the document
 * asked about, each fact cited where it is printed; where no record answers, from a sentence stating it.
 */
export function lookupAnswer(ctx: LookupContext, question: string, fields: LookupField[], query: AnalyzedQuery, hits: Hit[], evidence: Evidence[], terms: QueryTerm[], citations: Citations, focusDocIds?: string[]): Composed | undefined {
  const issued = fields[0] === 'issuedBy' ? issuedBy(ctx, query, citations) : undefined;
  const document = lookupDocument(ctx, query, fields, hits, terms, focusDocIds);
  const parts = document ? fields.map((field) => lookup(ctx, document, field, citations)).filter(Boolean) : [];
  // "几个部门联合印发的？": the count as printed ("工信部等九部门联合印发"), never one derived.
  const about = aboutNamedRegulations(query.titles, question);
  const counted = document && fields.includes('issuers') && /(?<!哪)几个?部门|多少个?部门/.test(question) ? printedIssuerCount(ctx, document, citations) : undefined;
  // Metadata read from the document record is certain; no lexical support needed.
  if (issued) return { text: issued, support: 1 };
  if (fields[0] === 'issuedBy') return undefined;
  if (document && parts.length === fields.length) return { text: parts.join('') + (counted ?? ''), support: 1 };
  // A 《title》 the corpus does not hold is answered only from a sentence of a report that names it
  // ("…表决通过《…条例》（以下简称《条例》），《条例》将于2026年1月1日起施行").
  // So is a regulation named without 《》 ("成都市数据条例是哪天施行的"): "该条例已于…施行" may be another's.
  if (about && ctx.retriever.namedDocuments(query).length === 0) return fieldFromText(fields[0]!, evidence.filter(about), terms, citations);
  return fieldFromText(fields[0]!, evidence, terms, citations);
}

/**
 * The metadata a draft or a figure question also asks for ("…由哪几个厅局联合印发，到2028年要培育多少…",
 * "注明文号"), from the record of the policy the answer quotes, unless the answer already states it.
 */
export function recordFields(ctx: LookupContext, question: string, parts: { composed?: Composed; citations: Citations }[]): { composed: Composed; citations: Citations } | undefined {
  const fields = askedFields(question).filter((field) => field === 'documentNumber' || field === 'issuers' || field === 'date' || field === 'effectiveDate');
  if (fields.length === 0) return undefined;
  const quoted = [...new Set(parts.flatMap((part) => part.citations.list.map((c) => c.docId)))];
  const query = analyzeQuery(question);
  const stated = parts.map((part) => part.composed?.text ?? '').join('\n');
  const citations = new Citations();
  const lines = fields.map((field) => {
    const document = lookupDocument(ctx, query, [field], [], [], quoted);
    if (!document) return field === 'effectiveDate' ? reportedEffectiveDate(ctx, quoted, stated, citations, query.titles) : undefined;
    if (field === 'documentNumber' && stated.includes(document.documentNumber!)) return undefined;
    return lookup(ctx, document, field, citations);
  }).filter(Boolean);
  return lines.length > 0 ? { composed: { text: lines.join(''), support: 1 }, citations } : undefined;
}

/**
 * The date a quoted report says a law takes effect ("《条例》将于2026年1月1日起施行"), when no policy
 * text in the corpus records it, unless the answer already states it.
 */
function reportedEffectiveDate(ctx: LookupContext, docIds: string[], stated: string, citations: Citations, askedTitles: string[] = []): string | undefined {
  for (const id of docIds) {
    const document = ctx.index.documents.get(id);
    const span = document && sentenceAround(document, /(?:19|20)\d{2}年\d{1,2}月\d{1,2}日起(?:正式)?(?:施行|生效)/);
    if (!document || !span) continue;
    const sentence = document.text.slice(span.start, span.end);
    // The date another 《regulation》 named in the sentence takes effect is not the asked one's.
    const named = [...sentence.matchAll(/《([^》]+)》/g)].map((m) => m[1]!);
    if (askedTitles.length > 0 && named.length > 0 && !named.some((title) => askedTitles.some((asked) => title.includes(asked) || asked.includes(title)))) continue;
    const date = /(?:19|20)\d{2}年\d{1,2}月\d{1,2}日/.exec(sentence)![0];
    if (stated.includes(date)) return undefined;
    return `施行日期：${date}。据${sourceName(document)}：“${sentence}”${citations.cite({ document, start: span.start, end: span.end })}`;
  }
  return undefined;
}

/**
 * A metadata question the document records cannot answer (a news report's date, the bodies at a
 * meeting): answered from the sentence that states it, if one does.
 */
function fieldFromText(field: LookupField, evidence: Evidence[], terms: QueryTerm[], citations: Citations): Composed | undefined {
  // Only a sentence that states such a fact can answer (a 文号, a date); none means not answered.
  const stating = evidence.filter((e) => fieldCues[field].test(e.text));
  return stating.length > 0 ? generalAnswer(stating, terms, citations) : undefined;
}

/**
 * The document a metadata question is about: one it names or the conversation was about, else a
 * retrieved one whose title matches the question well and that records the field.
 */
function lookupDocument(ctx: LookupContext, query: AnalyzedQuery, fields: LookupField[], hits: Hit[], terms: QueryTerm[], focusDocIds: string[] | undefined): PolicyDocument | undefined {
  const hasFields = (d: PolicyDocument) => fields.every((field) => hasField(d, field));
  const named = ctx.retriever.namedDocuments(query);
  const focused = (focusDocIds ?? []).map((id) => ctx.index.documents.get(id)).filter((d): d is PolicyDocument => Boolean(d));
  // (Of a law's versions, the current one unless the question asks for another.)
  const chosen = currentVersionsFirst([...new Set([...named, ...focused])], query);
  if (chosen.length > 0) {
    const found = chosen.find((d) => d.type !== '新闻' && hasFields(d)) ?? chosen.find(hasFields);
    if (found) return found;
    // A news report on a policy ("…联合印发《行动方案》") carries no 文号: the policy it names does.
    const reported = chosen.flatMap((d) => ctx.namedIn(d));
    return reported.find((d) => d.type !== '新闻' && hasFields(d));
  }
  // Documents are often named informally ("物联网三年行动方案"): the retrieved one whose title
  // shares most of the question's words, if it shares enough.
  // A name the question quotes (“模数共振”) that a title prints settles it, whatever else is said.
  const quoted = [...query.question.matchAll(/[“"]([^”"]{2,20})[”"]/g)].map((m) => m[1]!);
  const candidates = [...new Set(hits.map((h) => h.document))]
    .filter((d) => hasFields(d) && !namesAnotherLaw(query.question, d))
    .map((d) => ({ d, coverage: coverageOf(d.title, terms) + (d.type === '新闻' ? 0 : 0.05) + (quoted.some((q) => d.title.includes(q)) ? 0.5 : 0) }))
    .filter(({ coverage }) => coverage >= 0.35)
    .sort((a, b) => b.coverage - a.coverage);
  return candidates[0]?.d;
}

/** The policy texts a body issued or co-issued, each cited where its signature names the body. */
function issuedBy(ctx: LookupContext, query: AnalyzedQuery, citations: Citations): string | undefined {
  const documents = [...ctx.index.documents.values()].filter((d) => d.type !== '新闻' && d.issuers.length > 0);
  const names = new Set(documents.flatMap((d) => d.issuers));
  const asked = query.question.replace(/\s+/g, '');
  const mentioned = [...names].filter((name) => namesOf(name).some((form) => form.length >= 2 && asked.includes(form)));
  // "工信部" names 工业和信息化部, not 工业和信息化部办公厅 as well: keep the shortest matching names.
  const issuers = mentioned.filter((name) => !mentioned.some((other) => other !== name && name.includes(other)));
  if (issuers.length === 0) return undefined;
  const issued = documents.filter((d) => d.issuers.some((issuer) => issuers.some((name) => issuer.includes(name))));
  if (issued.length === 0) return undefined;
  const lines = issued
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
    .map((d) => {
      const name = d.issuers.find((issuer) => issuers.some((n) => issuer.includes(n)))!;
      const facts = [d.documentNumber, d.date ? printedDate(d.date) : undefined].filter(Boolean).join('，');
      return `- ${bookTitle(compactTitle(d.title, d.text))}${facts ? `（${facts}）` : ''}${citeIssued(ctx, d, citations) || citePrinted(ctx, d, name, citations, true)}`;
    });
  return `语料中由${issuers.join('、')}印发或参与联合印发的文件有：\n${lines.join('\n')}`;
}

/** Where the corpus prints how many bodies issued a document ("工信部等九部门联合印发《…》"), cited. */
function printedIssuerCount(ctx: LookupContext, document: PolicyDocument, citations: Citations): string | undefined {
  const named = (ctx.documentsByFile.get(document.sourceFile) ?? []).filter((d) => d === document || d.title.includes(document.title) || document.title.includes(`《${d.title}》`) || d.title.includes(`《${document.title.replace(/^关于印发《(.+)》的通知$/, '$1')}》`));
  for (const candidate of named) {
    const match = /(?:[\u4e00-\u9fff]{2,12}等)?[一二三四五六七八九十]+(?:个)?部门(?:近日)?(?:联合|共同)?(?:印发|发布|出台)/.exec(candidate.text);
    if (!match) continue;
    const { start, end } = lineAround(candidate.text, match.index, match[0].length);
    return `${sourceName(candidate)}称“${match[0]}”${citations.cite({ document: candidate, start, end })}。`;
  }
  return undefined;
}

/** One metadata fact of a document, as a sentence citing the line where it is printed. */
function lookup(ctx: LookupContext, document: PolicyDocument, field: LookupField, citations: Citations): string | undefined {
  const stated = lookupSentence(ctx, document, field, citations);
  // A fact whose printed source cannot be found is not stated.
  return stated && /\[\d+\]/.test(stated) ? stated : undefined;
}

/** "《…》于2024年4月26日 第十四届…会议通过[1]。", cited on the line. */
function enacted(document: PolicyDocument, citations: Citations): string | undefined {
  const line = enactmentLine(document);
  return line && `${sourceName(document)}于${document.text.slice(line.start, line.end).trim()}${citations.cite({ document, ...line })}。`;
}

function lookupSentence(ctx: LookupContext, document: PolicyDocument, field: LookupField, citations: Citations): string | undefined {
  const name = sourceName(document);
  switch (field) {
    case 'documentNumber': {
      const number = document.documentNumber!;
      return `${bookTitle(compactTitle(document.title, document.text))}的文号是${number}${citePrinted(ctx, document, number, citations)}。`;
    }
    case 'issuers': {
      const issuers = document.issuers;
      // A rule promulgated by order names its body there ("国家市场监督管理总局令第56号公布").
      if (issuers.length === 0) return enacted(document, citations);
      const marker = citeIssued(ctx, document, citations) || citePrinted(ctx, document, issuers[issuers.length - 1]!, citations, true) || citePrinted(ctx, document, issuers[0]!, citations);
      // No derived count ("共10个部门"): every number in an answer is one the sources print.
      const verb = issuers.length > 1 ? `由${issuers.join('、')}联合印发` : `由${issuers[0]}印发`;
      return `${name}${verb}${marker}。`;
    }
    case 'date': {
      const printed = printedDate(document.date!);
      return `${name}的成文日期是${printed}${citeIssued(ctx, document, citations) || citePrinted(ctx, document, printed, citations, true)}。`;
    }
    case 'adoption':
      return enacted(document, citations);
    case 'effectiveDate': {
      const sentence = sentenceAround(document, /施行|生效/);
      const marker = sentence ? citations.cite({ document, start: sentence.start, end: sentence.end }) : '';
      // "自印发之日起施行" is said as printed, with the date it comes to.
      const printed = sentence && /自(?:印发|发布|公布)之日起(?:施行|生效)/.exec(document.text.slice(sentence.start, sentence.end))?.[0];
      if (printed) return `${name}${printed}（即${printedDate(document.effectiveDate!)}）${marker}。`;
      return `${name}自${printedDate(document.effectiveDate!)}起施行${marker}。`;
    }
    case 'type':
      return `${name}是一份${document.type}${citePrinted(ctx, document, document.title.slice(-8), citations)}。`;
    case 'title':
      return `该文件全称为${name}${citePrinted(ctx, document, document.title.slice(0, 12), citations)}。`;
    case 'issuedBy':
      return undefined;
  }
}

/** The chunk of a document that holds the span, found by walking its chunk ids ("docId#0", "#1" …). */
function chunkAt(ctx: LookupContext, docId: string, start: number, end: number): IndexedChunk | undefined {
  for (let ordinal = 0; ; ordinal++) {
    const chunk = ctx.index.chunks.get(`${docId}#${ordinal}`);
    if (!chunk || chunk.start > start) return undefined;
    if (chunk.end >= end) return chunk;
  }
}

/**
 * Cites the line where `printed` appears: in the document itself (last occurrence for signature
 * blocks), or else in a document printed with it, such as the notice a measure was issued with.
 */
function citePrinted(ctx: LookupContext, document: PolicyDocument, printed: string, citations: Citations, last = false): string {
  for (const candidate of [document, ...companions(ctx, document)]) {
    const at = last ? candidate.text.lastIndexOf(printed) : candidate.text.indexOf(printed);
    if (at < 0) continue;
    const { start, end } = lineAround(candidate.text, at, printed.length);
    const chunk = chunkAt(ctx, candidate.id, start, end);
    return citations.cite({ document: candidate, ...(chunk ? { chunk } : {}), start, end });
  }
  return '';
}

/**
 * Cites the block that states who issued a document and when (its signature, or its title over
 * the date), in the document or the notice it was issued with; '' when neither prints one. Cited
 * without a heading: a signature sits in a passage headed by signatory names, which says nothing.
 */
function citeIssued(ctx: LookupContext, document: PolicyDocument, citations: Citations): string {
  for (const candidate of [document, ...companions(ctx, document)]) {
    const block = issuedBlock(candidate);
    if (block) return citations.cite({ document: candidate, ...block });
  }
  return '';
}

/**
 * The notice a measure was issued with, which prints its 文号 and signatures: same file, and the
 * same 文号 or a title naming the measure ("关于印发《…行动计划》的通知").
 */
function companions(ctx: LookupContext, document: PolicyDocument): PolicyDocument[] {
  return (ctx.documentsByFile.get(document.sourceFile) ?? []).filter(
    (d) => d.id !== document.id && ((document.documentNumber && d.documentNumber === document.documentNumber) || d.title.includes(`《${document.title}》`)),
  );
}

/**
 * Where a document prints who issued it and when: the signature, its issuers' lines down to the
 * date line ("工业和信息化部\n…\n国家数据局\n2026年3月16日"), or a title naming its issuers over the
 * date printed under it ("中共中央办公厅 国务院办公厅关于…的意见\n（2025年11月1日）").
 */
function issuedBlock(document: PolicyDocument): { start: number; end: number } | undefined {
  if (!document.date || document.issuers.length === 0) return undefined;
  const text = document.text;
  const printed = printedDate(document.date);
  const at = text.lastIndexOf(printed);
  if (at < 0) return undefined;
  const dateLine = lineAround(text, at, printed.length);
  if (text.slice(dateLine.start, dateLine.end).replace(/[\s（）()]/g, '') !== printed) return undefined;
  const closed = (line: string) => line.replace(/\s+/g, '');
  // A line of issuer names only, one or several ("工业和信息化部办公厅 国家数据局综合司").
  const names = [...document.issuers].map(closed).sort((a, b) => b.length - a.length);
  const namesOnly = (line: string) => closed(line).length > 0 && names.reduce((rest, name) => rest.split(name).join(''), closed(line)) === '';
  const lineBefore = (start: number) => (start > 0 ? { start: text.lastIndexOf('\n', start - 2) + 1, end: start - 1 } : undefined);
  let start = dateLine.start;
  for (let above = lineBefore(start); above && namesOnly(text.slice(above.start, above.end)); above = lineBefore(start)) start = above.start;
  if (start < dateLine.start) return { start, end: dateLine.end };
  const title = lineBefore(dateLine.start);
  const titleText = title ? closed(text.slice(title.start, title.end)) : '';
  if (title && titleText.length > 0 && closed(document.title).includes(titleText) && names.some((name) => titleText.includes(name))) return { start: title.start, end: dateLine.end };
  return undefined;
}

function hasField(document: PolicyDocument, field: LookupField): boolean {
  switch (field) {
    case 'documentNumber':
      return Boolean(document.documentNumber);
    case 'date':
      return Boolean(document.date);
    case 'issuers':
      return document.issuers.length > 0 || Boolean(enactmentLine(document));
    case 'adoption':
      return Boolean(enactmentLine(document));
    case 'effectiveDate':
      return Boolean(document.effectiveDate);
    default:
      return true;
  }
}

/** How far into a law the lines under its title run, where its adoption is recorded. */
const HEADER_CHARS = 600;

/**
 * The dated line under a law's title that records how it was enacted: the meeting adopting it
 * ("2024年4月26日 第十四届全国人民代表大会常务委员会第九次会议通过") or the order promulgating a rule
 * ("2022年4月14日 国家市场监督管理总局令第56号公布"); the first, when amendments are listed after it.
 */
function enactmentLine(document: PolicyDocument): { start: number; end: number } | undefined {
  // (A line broken off at the meeting's number, "…第二次" with "会议通过" below, still counts.)
  const match = /(?:19|20)\d{2}年\d{1,2}月\d{1,2}日[^\n]{0,80}(?:会议[^\n]{0,12}通过|届[^\n]{0,40}次|令[^\n]{0,12}(?:公布|发布))/.exec(document.text.slice(0, HEADER_CHARS));
  return match ? lineAround(document.text, match.index, match[0].length) : undefined;
}

/** The line of `text` that holds the span at `at` (of `length` characters). */
function lineAround(text: string, at: number, length: number): { start: number; end: number } {
  const lineEnd = text.indexOf('\n', at + length);
  return { start: text.lastIndexOf('\n', at) + 1, end: lineEnd < 0 ? text.length : lineEnd };
}

function sentenceAround(document: PolicyDocument, pattern: RegExp): { start: number; end: number } | undefined {
  const match = pattern.exec(document.text);
  if (!match) return undefined;
  const before = document.text.slice(0, match.index);
  const start = Math.max(before.lastIndexOf('。'), before.lastIndexOf('\n')) + 1;
  const after = document.text.slice(match.index).search(/[。\n]/);
  return { start, end: after < 0 ? document.text.length : match.index + after + 1 };
}
