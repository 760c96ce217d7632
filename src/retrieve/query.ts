/**
 * Query analysis: what a question asks for, beyond its words. Synonyms and abbreviations,
 * Chinese numerals, document titles in 《》 and 文号, requests for an older version.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeDocumentNumber, parseChineseInteger } from '../ingest/metadata.js';
import { normalizeText, tokenize, tokenizeMarked } from '../text/tokenize.js';
import type { QueryFilters } from '../index/filters.js';
import type { DocumentType } from '../types.js';

export type { QueryFilters } from '../index/filters.js';

/** Filters from optional fields (a request's, a tool call's); undefined when none is set. */
export function queryFilters(input: { issuer?: string | undefined; type?: DocumentType | undefined; dateFrom?: string | undefined; dateTo?: string | undefined }): QueryFilters | undefined {
  const filters: QueryFilters = {};
  if (input.issuer) filters.issuer = input.issuer;
  if (input.type) filters.type = input.type;
  if (input.dateFrom) filters.dateFrom = input.dateFrom;
  if (input.dateTo) filters.dateTo = input.dateTo;
  return Object.keys(filters).length > 0 ? filters : undefined;
}

/** A title as compared across spellings: no spaces, brackets or quotes. */
export function compactTitle(text: string): string {
  return text.replace(/[\s《》“”"'（）()]/g, '');
}

export interface AnalyzedQuery {
  question: string;
  /** Search tokens of the question itself. */
  tokens: string[];
  /** Tokens of synonyms, abbreviations and Arabic forms of numbers, searched alongside. */
  expansions: string[];
  /**
   * BM25 weight of the search tokens that are not the question's own words (sub-words of its
   * words, synonyms, other forms of its numbers and dates): {@link EXPANSION_WEIGHT}. Absent = 1.
   */
  weights: Map<string, number>;
  /** Titles named in 《》. */
  titles: string[];
  /** 文号 named in the question, normalised. */
  documentNumbers: string[];
  /** Four-digit years named in the question. */
  years: string[];
  /** The question asks for an earlier version (旧版, 修订前, 2007年版 …). */
  wantsOlderVersion: boolean;
}

const dictionary = (file: string) => fileURLToPath(new URL(`../text/dictionary/${file}`, import.meta.url));
const groupsIn = (file: string) =>
  readFileSync(dictionary(file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('|').map((name) => name.trim()).filter(Boolean));
let synonymGroups: string[][] | undefined;
let everydayGroups: string[][] | undefined;

/** Synonym groups from src/text/dictionary/synonyms.txt, longest names first within each group. */
export function synonyms(): string[][] {
  synonymGroups ??= groupsIn('synonyms.txt');
  return synonymGroups;
}

/**
 * Everyday words for the terms statutes print (老板 for 用人单位, 去世 for 死亡), from
 * src/text/dictionary/everyday-words.txt, each group's statutory term first.
 */
export function everydayWords(): string[][] {
  everydayGroups ??= groupsIn('everyday-words.txt');
  return everydayGroups;
}

/**
 * The statutory terms of the everyday words a text uses ("老板拖欠工钱" → 用人单位, 劳动报酬): searched
 * for, one way (a question in statutes' words searches no everyday words, which statutes rarely print
 * and reports print in other senses), and not counted as the question's own words where the reader
 * weighs a sentence's support. Counted there too, they lift near-miss clauses as much as answers
 * (tuning laws +8 −1 answers; after the refit the threshold rises and validation laws traps refused
 * fall 0.833 → 0.800).
 */
export function statutoryTermsIn(text: string): string[] {
  const lower = text.toLowerCase();
  return everydayWords()
    .filter(([term, ...everyday]) => !lower.includes(term!) && everyday.some((name) => lower.includes(name.toLowerCase())))
    .map(([term]) => term!);
}

/** The names of the group `name` belongs to (itself included), or just `name`. */
export function namesOf(name: string): string[] {
  return synonyms().find((group) => group.includes(name)) ?? [name];
}

/** Every other name of every group a text mentions (ASCII names matched case-insensitively). */
export function synonymsIn(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const group of synonyms()) {
    if (!group.some((name) => lower.includes(name.toLowerCase()))) continue;
    for (const name of group) if (!lower.includes(name.toLowerCase())) found.push(name);
  }
  return found;
}

const chineseAmount = /(?<![第十百千])([零一二两三四五六七八九十百千]{2,})(?=[多余]?[万亿]?[元个家项台人名次件条%％倍天日年])/g;

/** Arabic forms of Chinese numerals that count something: 一百多个 → 100. */
function arabicNumbers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(chineseAmount)) {
    const value = parseChineseInteger(match[1]!);
    if (Number.isFinite(value) && value > 0) found.push(String(value));
  }
  return found;
}

/**
 * A question that states an age in 岁 ("8岁小孩") also searches 周岁, the unit statutes state ages in
 * ("八周岁以上的未成年人"). (Not the number: statutes print it in Chinese numerals, and the age asked
 * about is rarely the bound a clause states.)
 */
function statuteAge(text: string): string[] {
  return /[\d一二三四五六七八九十两]岁/.test(text) ? ['周岁'] : [];
}

/**
 * What an expansion token counts for in a query, against 1 for the question's own words. At 1, a
 * long word counts several times over through its sub-words (石家庄市 → 石家庄, 家庄) and synonyms
 * weigh as much as the words the question used. Tuning parts, recall@1/5/20 at 1 → 0.3: laws
 * 0.44/0.74/0.88 → 0.49/0.80/0.93, news 0.39/0.54/0.66 → 0.40/0.56/0.67, seeds 0.80 → 0.83 @1
 * (0.2–0.5 all do about as well).
 */
export const EXPANSION_WEIGHT = 0.3;

/**
 * What the statutory term of an everyday word the question uses counts for, with its pieces as jieba
 * cuts them (老板 → 用人单位, 用人, 单位): the same thing in other words, so more than the question's own
 * sub-words and other names (EXPANSION_WEIGHT), less than the asker's own words. Tuning laws at 0.3
 * → 0.6 → 1: answers 0.597 → 0.601 → 0.605, recall@1 0.582 → 0.588 → 0.584, @5 0.810 → 0.808 → 0.800,
 * @20 0.905 → 0.905 → 0.897 (at 1, news traps +1); the seeds unchanged. (The refit at 0.6 then moves
 * laws +1 answer −1 trap.)
 */
export const STATUTORY_TERM_WEIGHT = 0.6;

export function analyzeQuery(question: string): AnalyzedQuery {
  const text = normalizeText(question);
  const { tokens, expansions: subwords } = tokenizeMarked(question);
  const own = new Set(tokens);
  const expansions: string[] = [];
  const statutory = statutoryTermsIn(text);
  for (const extra of [...synonymsIn(text), ...statutory, ...arabicNumbers(text), ...statuteAge(text)]) {
    for (const token of tokenize(extra)) {
      if (!own.has(token) && !expansions.includes(token)) expansions.push(token);
    }
  }
  const titles = [...question.matchAll(/《([^》]{2,80})》/g)].map((m) => m[1]!);
  const documentNumbers = [...question.matchAll(/[\u4e00-\u9fff]{1,14}\s*[〔[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号/g)]
    // The issuer code is glued to the words before it: "依据国发〔2026〕7号".
    .map((m) => normalizeDocumentNumber(m[0].replace(/^.*(?:依据|根据|按照|参照|对照|落实|贯彻|执行|关于|印发|的|和|与|及|是|为|即)/, '')))
    .filter((n): n is string => Boolean(n));
  const years = [...new Set([...text.matchAll(/(?<!\d)(19|20)\d{2}(?=年|版|-)/g)].map((m) => m[0]))];
  const wantsOlderVersion = /旧版|原版|老版|修订前|修正前|修改前|此前的版本|之前的版本|上一版|废止|\d{4}年版/.test(question);
  const weights = new Map<string, number>();
  for (const token of [...subwords, ...expansions]) weights.set(token, EXPANSION_WEIGHT);
  for (const token of statutory.flatMap(tokenize)) if (!own.has(token)) weights.set(token, STATUTORY_TERM_WEIGHT);
  return { question, tokens, expansions, weights, titles, documentNumbers, years, wantsOlderVersion };
}
