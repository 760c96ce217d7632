/**
 * Hybrid retrieval: BM25 over jieba tokens and HNSW over embeddings, fused by reciprocal rank
 * (by chunk label, never by text; a request's filters apply inside BM25's search), then focused on
 * documents the question names, and made version-aware: when several versions of one regulation
 * (or editions of an annual report) match, the current one wins unless the question asks for
 * another. The first passages are then reordered by the question's character pairs, and reposts
 * of a story ranked above are lowered.
 */
import type { RetrievalConfig } from '../config.js';
import type { Embedder } from '../index/embed/embedder.js';
import { searchScope } from '../index/filters.js';
import { figuresOf, type IndexedChunk, type PolicyIndex } from '../index/store.js';
import { repealedTitles } from '../ingest/metadata.js';
import type { Hit, PolicyDocument } from '../types.js';
import { abbreviates } from '../text/abbreviations.js';
import { bigrams } from '../text/bigrams.js';
import { provincesIn } from '../text/places.js';
import { tokenize } from '../text/tokenize.js';
import { analyzeQuery, compactTitle as compact, synonyms, synonymsIn, type AnalyzedQuery, type QueryFilters } from './query.js';

export interface SearchOptions {
  /** How many hits to return (default: config.limit). */
  limit?: number;
  filters?: QueryFilters;
  /** Documents to prefer, e.g. the one an earlier turn of the conversation was about. */
  focusDocIds?: string[];
  /**
   * Units of the figure the question asks for ("多少年" → 年): passages that state a figure in one of
   * them rank above passages alike but for it (see reorderByPairs).
   */
  units?: string[];
}

/** Fused score added to chunks of a document the question names: above any unfocused chunk. */
const FOCUS_BONUS = 0.05;
/** Passages of the fused list reordered by the question's character pairs (see reorderByPairs). */
const REORDER_DEPTH = 50;
/**
 * Added in shares of the best fused score to a passage stating a figure in the unit asked: the answer
 * type a question expects, as a passage feature. Tuning parts, recall@1: laws 0.514 → 0.578, seeds
 * 0.851 → 0.863, news 0.453 → 0.458 (0.2 ranks alike but answers 3 fewer questions right).
 */
const UNIT_WEIGHT = 0.1;
/** How much a repost's score keeps below the first-ranked document of its group (0.3–0.7 measured alike on news). */
const REPOST_FACTOR = 0.5;
/** BM25's best passages kept in every result list, whatever the fusion says. */
const BM25_KEPT = 2;
/** How much a superseded version's score keeps when the question does not ask for it. */
const SUPERSEDED_FACTOR = 0.5;
/**
 * Ranks looked up beyond the fusion candidates: for focused documents, within documents the question
 * names, and in the vector list of a filtered search (filtered after it).
 */
const DEEP_CANDIDATES = 2000;
/** The last word of a policy title says what kind of text it is; informal names end with it too. */
const GENRES = ['方案', '办法', '意见', '通知', '计划', '条例', '规定', '细则', '规划', '纲要', '指南', '决定'];
const GENRE = new RegExp(`(?:${GENRES.join('|')})$`);
/** An informal name: words, then a title's last word ("…关于深化投资审批制度改革的文件": 文件 stands for any kind). */
const INFORMAL_MENTION = new RegExp(`([^，。；：？！、,.;:?!]{2,24}?)(${[...GENRES, '文件'].join('|')})`, 'g');
/**
 * The last word of a law's or regulation's title ("劳动合同法", "工伤保险条例", "民法典"): such a title
 * is named by itself in running text, without 《》 and without "中华人民共和国".
 */
const LAW_GENRE = /(?:法|法典|条例|规定|办法|细则|解释|决定|修正案[一二三四五六七八九十]*)$/;
/** A law's short name is a name only where it does not run into a longer word: 公司法律, 公司法人 are not 公司法. */
const NOT_AFTER_NAME = /^[律院官庭学理人]/;
/** The longest short name of a law read as one ("反诈法", "个保法", "治安处罚法"). */
const SHORT_NAME_MAX = 5;
/** What a tax's short name stands after: the question's start, punctuation, or a word before a noun (按, 依据, 的, 交 …). */
const BEFORE_NAME = /(?:^|[^\u4e00-\u9fff]|[按依据照在和与及或的是了说看查读用把对从于交缴])$/;
/** "中华人民共和国" before a law's name, which people leave out. */
const STATE_PREFIX = /^中华人民共和国/;
/** Of the title's words, how many (character pairs) an informal name must repeat. */
const INFORMAL_MIN_PAIRS = 3;
const INFORMAL_MIN_SHARE = 0.2;

export class Retriever {
  /** Each document's chunks in order, built on first use (the CLI rarely needs them). */
  private chunksByDocument?: Map<string, IndexedChunk[]>;
  private readonly titleKeys: Array<{ document: PolicyDocument; title: string; versionKey: string }>;
  /** Each document's place in the corpus: named documents are listed in that order. */
  private readonly order = new Map<PolicyDocument, number>();
  /** Documents that carry a 文号 or are policy texts: the only ones a question can name outside 《》. */
  private readonly policyKeys: Array<{ document: PolicyDocument; documentNumber?: string; versionKey: string }>;
  /** Policy texts by each character pair of their title's subject (see namedInformally). */
  private readonly informalKeys = new Map<string, InformalKey[]>();
  private readonly named = new WeakMap<AnalyzedQuery, { formally: PolicyDocument[]; all: PolicyDocument[] }>();
  /** Laws and regulations by the name people call them: title without 中华人民共和国 and version qualifiers. */
  private readonly lawNames = new Map<string, PolicyDocument[]>();
  /** The names of laws (…法, not …办法) by their first character: where a short name ("反诈法") is looked up. */
  private readonly lawNamesByFirst = new Map<string, string[]>();
  /** The endings of those names (促进法, 保护法): a kind of law, not one law's short name. */
  private readonly lawNameEndings = new Set<string>();
  /** Texts a later text of the corpus, in force, declares repealed (answered from when asked for), and that text. */
  private readonly repealers: Map<PolicyDocument, PolicyDocument>;

  constructor(
    private readonly index: PolicyIndex,
    readonly embedder: Embedder,
    private readonly config: RetrievalConfig,
  ) {
    this.titleKeys = [...index.documents.values()].map((document) => ({
      document,
      title: compact(document.title),
      versionKey: compact(document.versionKey),
    }));
    this.titleKeys.forEach(({ document }, i) => this.order.set(document, i));
    this.policyKeys = this.titleKeys
      .filter(({ document }) => document.documentNumber || document.type !== '新闻')
      .map(({ document, versionKey }) => ({
        document,
        ...(document.documentNumber ? { documentNumber: compact(document.documentNumber) } : {}),
        versionKey: document.type === '新闻' ? '' : versionKey,
      }));
    const informal = this.titleKeys.flatMap(({ document, versionKey }): InformalKey[] => {
      const genre = document.type === '新闻' ? undefined : GENRE.exec(versionKey)?.[0];
      if (!genre) return [];
      // The issuers' names count for less: "工信部…的文件" names a body, not which of its texts.
      let subject = versionKey.slice(0, -genre.length);
      for (const issuer of document.issuers) subject = subject.split(compact(issuer)).join(' ');
      return [{ document, genre, pairs: hanPairs(subject.replace(/^\s*关于/, '')), issuerPairs: hanPairs(document.issuers.join(' ')) }];
    });
    for (const { document } of this.titleKeys) {
      const name = lawName(document);
      if (!name) continue;
      const list = this.lawNames.get(name);
      if (list) list.push(document);
      else this.lawNames.set(name, [document]);
    }
    for (const name of this.lawNames.keys()) {
      if (!/(?<!办)法$/.test(name)) continue;
      const list = this.lawNamesByFirst.get(name[0]!);
      if (list) list.push(name);
      else this.lawNamesByFirst.set(name[0]!, [name]);
      for (let length = 3; length <= SHORT_NAME_MAX && length < name.length; length++) this.lawNameEndings.add(name.slice(-length));
    }
    this.repealers = repealersIn(this.policyKeys.map(({ document }) => document));
    for (const key of informal) {
      for (const pair of key.pairs) {
        const keys = this.informalKeys.get(pair);
        if (keys) keys.push(key);
        else this.informalKeys.set(pair, [key]);
      }
    }
  }

  /**
   * Documents the question names by 文号, by a title in 《》, by a full title in its text, or
   * informally ("九部门物联网行动方案"); `formally` leaves the informal names out.
   */
  namedDocuments(query: AnalyzedQuery, { formally = false } = {}): PolicyDocument[] {
    // (Asked for one query by the search and again by the answerer: every title is scanned once.)
    let named = this.named.get(query);
    if (!named) {
      const formal = this.findNamed(query);
      named = { formally: [...formal], all: [...new Set([...formal, ...this.namedInformally(compact(query.question))])] };
      this.named.set(query, named);
    }
    return formally ? named.formally : named.all;
  }

  private findNamed(query: AnalyzedQuery): PolicyDocument[] {
    const question = compact(query.question);
    const named = new Set<PolicyDocument>();
    // (Only the titles that could match are scanned: a news corpus has tens of thousands.)
    for (const { document, documentNumber, versionKey } of this.policyKeys) {
      if (documentNumber && (query.documentNumbers.includes(document.documentNumber!) || question.includes(documentNumber))) named.add(document);
      if (versionKey.length >= 8 && question.includes(versionKey)) named.add(document);
    }
    for (const document of this.lawsNamedIn(question)) named.add(document);
    const mentions = query.titles.map(compact).filter((mention) => mention.length >= 4);
    if (mentions.length > 0) {
      for (const { document, title, versionKey } of this.titleKeys) {
        if (mentions.some((mention) => title.includes(mention) || mention.includes(versionKey))) named.add(document);
      }
    }
    // In corpus order, whichever way each was found.
    return [...named].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  private readonly titleTokenCache = new WeakMap<PolicyDocument, string[]>();

  private titleTokens(document: PolicyDocument): string[] {
    let tokens = this.titleTokenCache.get(document);
    if (!tokens) this.titleTokenCache.set(document, (tokens = tokenize(document.title)));
    return tokens;
  }

  /**
   * Laws and regulations the question names as people do ("劳动合同法", "个税法", "按工伤保险条例"): a
   * title's name, one from the synonym list ("个税法", "消法"), or a short name keeping its characters
   * in order, standing as a word of its own.
   * A name inside a longer one that also matches ("劳动合同法实施条例") stands for the longer only.
   */
  private lawsNamedIn(question: string): PolicyDocument[] {
    if (this.lawNames.size === 0) return [];
    const spans: Array<{ start: number; end: number; documents: PolicyDocument[] }> = [];
    const text = question + ' ' + synonymsIn(question).join(' ');
    for (const [name, documents] of this.lawNames) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        if (!NOT_AFTER_NAME.test(text.slice(at + name.length))) spans.push({ start: at, end: at + name.length, documents });
      }
    }
    // A law's name as people shorten it, its characters in order ("反诈法" for 反电信网络诈骗法, "噪声法"
    // for 噪声污染防治法), of three to five characters, naming the shortest such laws; not where a name
    // as printed ends ("新公司法" is 公司法), nor as the ending of a law's name, which names a kind of
    // law ("民营经济促进法" is no 促进科技成果转化法: 促进法 ends 循环经济促进法). A tax is named by its short
    // name too ("车购税" for 车辆购置税法) where that stands as a word.
    for (let end = 2; end < question.length; end++) {
      const law = question[end] === '法' && !NOT_AFTER_NAME.test(question.slice(end + 1));
      // (Not the 税 of 税收, 税务, 税费, 税款: "对企业税收" names no 企业所得税法.)
      const tax = question[end] === '税' && !/^[收务费款]/.test(question.slice(end + 1));
      if ((!law && !tax) || spans.some((span) => span.end === end + 1)) continue;
      for (let length = Math.min(SHORT_NAME_MAX, end + 1); length >= 3; length--) {
        const start = end + 1 - length;
        const short = question.slice(start, end + 1);
        if (!/^[\u4e00-\u9fff]+$/.test(short) || this.lawNames.has(short)) continue;
        if (law ? this.lawNameEndings.has(short) : !BEFORE_NAME.test(question.slice(0, start))) continue;
        const names = this.lawNamesByFirst.get(short[0]!) ?? [];
        const full = law ? names.filter((name) => abbreviates(short, name)) : names.filter((name) => name.endsWith('税法') && abbreviates(short, name.slice(0, -1)));
        const shortest = Math.min(...full.map((name) => name.length));
        const documents = full.filter((name) => name.length === shortest).flatMap((name) => this.lawNames.get(name)!);
        if (documents.length > 0) {
          spans.push({ start, end: end + 1, documents });
          break;
        }
      }
    }
    const inside = (a: (typeof spans)[number], b: (typeof spans)[number]) => a !== b && b.start <= a.start && a.end <= b.end && b.end - b.start > a.end - a.start;
    return spans.filter((span) => !spans.some((other) => inside(span, other))).flatMap((span) => span.documents);
  }

  /**
   * Policy texts named informally: "九部门物联网行动方案", "AI伦理审查办法" — the words before the
   * title's last word (方案, 办法 …) repeat enough of the title's, in its own words or their synonyms.
   * Only the best-matching title counts for each mention. A report or notice whose title carries
   * the named text's title is named with it, as for a 《title》.
   */
  private namedInformally(question: string): PolicyDocument[] {
    const named: PolicyDocument[] = [];
    for (const mention of question.matchAll(INFORMAL_MENTION)) {
      // "湖南省的数据科技创新三年行动计划" is not Hubei's, however alike the rest.
      const places = provincesIn(mention[1]!);
      const words = new Set([...hanPairs(mention[1]!), ...hanPairs(canonicalNames(mention[1]!))]);
      let best: { documents: PolicyDocument[]; shared: number } = { documents: [], shared: 0 };
      // Only titles sharing two subject pairs with the mention can match: counted through the pair index.
      const counts = new Map<InformalKey, number>();
      for (const pair of words) for (const key of this.informalKeys.get(pair) ?? []) counts.set(key, (counts.get(key) ?? 0) + 1);
      for (const [{ document, genre, pairs, issuerPairs }, subject] of counts) {
        if ((mention[2] !== '文件' && genre !== mention[2]) || places.some((place) => !document.title.includes(place))) continue;
        const shared = subject + 0.5 * [...words].filter((pair) => !pairs.has(pair) && issuerPairs.has(pair)).length;
        if (subject < 2 || shared < INFORMAL_MIN_PAIRS || subject < pairs.size * INFORMAL_MIN_SHARE) continue;
        if (shared > best.shared) best = { documents: [document], shared };
        else if (shared === best.shared) best.documents.push(document);
      }
      for (const document of best.documents) {
        const key = compact(document.versionKey);
        named.push(...this.titleKeys.filter(({ title }) => title.includes(key)).map(({ document: other }) => other));
      }
    }
    return [...new Set(named)];
  }

  /** The text of the corpus, in force, that declares this one repealed. */
  repealerOf(document: PolicyDocument): PolicyDocument | undefined {
    return this.repealers.get(document);
  }

  /** A document's chunks in order. */
  chunksOf(document: PolicyDocument): IndexedChunk[] {
    if (!this.chunksByDocument) {
      const byDocument = new Map<string, IndexedChunk[]>();
      for (const chunk of this.index.chunks.values()) {
        const list = byDocument.get(chunk.docId) ?? [];
        list.push(chunk);
        byDocument.set(chunk.docId, list);
      }
      for (const list of byDocument.values()) list.sort((a, b) => a.ordinal - b.ordinal);
      this.chunksByDocument = byDocument;
    }
    return this.chunksByDocument.get(document.id) ?? [];
  }

  private documentOfLabel(label: number): PolicyDocument | undefined {
    const chunk = this.index.chunksByLabel.get(label);
    return chunk && this.index.documents.get(chunk.docId);
  }

  async search(question: string | AnalyzedQuery, options: SearchOptions = {}): Promise<Hit[]> {
    const query = typeof question === 'string' ? analyzeQuery(question) : question;
    const limit = options.limit ?? this.config.limit;
    const { rrfK, candidates, vectorWeight } = this.config;
    const focus = new Set([...this.namedDocuments(query).map((d) => d.id), ...(options.focusDocIds ?? [])]);

    const searchTokens = [...query.tokens, ...query.expansions];
    // BM25 searches only the passages the filters allow; the vector list is filtered after it, so
    // it is read deeper to leave enough passages that pass.
    const scope = options.filters && Object.keys(options.filters).length > 0 ? searchScope(options.filters, (label) => this.documentOfLabel(label)) : undefined;
    const bm25 = await this.index.bm25.search(searchTokens, focus.size > 0 ? DEEP_CANDIDATES : candidates, query.weights, scope);
    const vectorIndex = vectorWeight > 0 ? this.index.vectors : undefined;
    const [queryVector] = vectorIndex ? await this.embedder.embed([query.question]) : [];
    const nearest = vectorIndex && queryVector ? await vectorIndex.search(queryVector, scope ? DEEP_CANDIDATES : candidates) : [];
    // (Ranked among the passages in scope, as BM25's are.)
    const vectors = scope ? nearest.filter((hit) => scope.allows(hit.label)).slice(0, candidates) : nearest;

    const fused = new Map<number, { score: number; bm25Rank?: number; vectorRank?: number }>();
    bm25.forEach((hit, i) => {
      const chunk = this.index.chunksByLabel.get(hit.label);
      if (i >= candidates && !(chunk && focus.has(chunk.docId))) return;
      fused.set(hit.label, { score: 1 / (rrfK + i + 1), bm25Rank: i + 1 });
    });
    // Within a document the question names, its name has done its work (every passage carries the
    // title): passages are ranked by the question's other words ("…条例的施行时间" → 施行, 时间).
    const named = this.namedDocuments(query);
    if (named.length > 0) {
      const nameTokens = new Set(named.flatMap((document) => this.titleTokens(document)));
      const rest = searchTokens.filter((token) => !nameTokens.has(token));
      if (rest.length > 0 && rest.length < searchTokens.length) {
        let rank = 0;
        // (Scored within those documents, however far below the corpus's first passages they rank.)
        const within = searchScope(options.filters ?? {}, (label) => this.documentOfLabel(label), named.flatMap((document) => this.chunksOf(document).map((chunk) => chunk.label)));
        for (const hit of await this.index.bm25.search(rest, DEEP_CANDIDATES, query.weights, within)) {
          const entry = fused.get(hit.label) ?? { score: 0 };
          entry.score += 1 / (rrfK + ++rank);
          fused.set(hit.label, entry);
        }
      }
    }
    vectors.forEach((hit, i) => {
      const entry = fused.get(hit.label) ?? { score: 0 };
      entry.score += vectorWeight / (rrfK + i + 1);
      entry.vectorRank = i + 1;
      fused.set(hit.label, entry);
    });

    const hits: Hit[] = [];
    for (const [label, entry] of fused) {
      const chunk: IndexedChunk | undefined = this.index.chunksByLabel.get(label);
      const document = chunk && this.index.documents.get(chunk.docId);
      if (!chunk || !document) continue;
      const score = entry.score + (focus.has(document.id) ? FOCUS_BONUS : 0);
      const hit: Hit = { chunk, document, score };
      if (entry.bm25Rank !== undefined) hit.bm25Rank = entry.bm25Rank;
      if (entry.vectorRank !== undefined) hit.vectorRank = entry.vectorRank;
      hits.push(hit);
    }
    preferCurrentVersions(hits, query);
    if (!query.wantsOlderVersion) for (const hit of hits) if (this.repealers.has(hit.document) && !named.includes(hit.document)) hit.score *= SUPERSEDED_FACTOR;
    const byScore = (a: Hit, b: Hit) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id);
    // (Reposts are lowered after the reordering: their pairs are the story's, and would lift them back.)
    const reordered = this.reorderByPairs(hits.sort(byScore), query.question, options.units ?? []);
    lowerReposts(reordered);
    const ranked = reordered.sort(byScore);
    // The passages that match the question's words best always make the list: fusion alone can
    // drop BM25's first passage when the offline vectors rank it low, below passages ranked
    // middling by both. They replace the weakest others, never a passage of a focused document.
    const kept = (hit: Hit) => hit.bm25Rank !== undefined && hit.bm25Rank <= BM25_KEPT;
    const top = ranked.slice(0, limit);
    for (const hit of ranked.slice(limit).filter(kept)) {
      let weakest = top.length - 1;
      while (weakest >= 0 && (kept(top[weakest]!) || focus.has(top[weakest]!.document.id))) weakest--;
      if (weakest < 0) break;
      top.splice(weakest, 1);
      top.push(hit);
    }
    return top;
  }

  /**
   * The first passages reordered by how many of the question's character pairs each holds, with
   * its document's title, added to its fused score in shares of the best: word segmentation
   * splits names and phrases differently in questions and texts ("拉加镇" → 拉加/镇), and the pairs
   * still match. Measured on the dev sets of every corpus, it raises recall@1 on each.
   */
  private reorderByPairs(ranked: Hit[], question: string, units: string[]): Hit[] {
    const weight = this.config.bigramWeight;
    const asked = bigrams(question.replace(/[\s？?，,。！!：:；;、]/g, ''));
    if ((weight === 0 && units.length === 0) || ranked.length < 2) return ranked;
    const head = ranked.slice(0, REORDER_DEPTH);
    const best = head[0]!.score;
    const pairShare = (hit: Hit) => {
      if (asked.size === 0) return 0;
      let found = 0;
      for (const pair of asked) if (hit.chunk.text.includes(pair) || hit.document.title.includes(pair)) found++;
      return found / asked.size;
    };
    const statesUnit = (hit: Hit) => (units.length > 0 && this.unitsOf(hit.chunk).some((unit) => units.includes(unit)) ? 1 : 0);
    // (The score stays on the fused scale, so the passages below the reordered ones stay below them.)
    const reordered = head.map((hit) => ({ ...hit, score: hit.score + (weight * pairShare(hit) + UNIT_WEIGHT * statesUnit(hit)) * best })).sort((a, b) => b.score - a.score);
    return [...reordered, ...ranked.slice(REORDER_DEPTH)];
  }

  /** The units of the figures a passage states. */
  private unitsOf(chunk: Pick<IndexedChunk, 'id' | 'docId'>): string[] {
    const units: string[] = [];
    for (const figure of figuresOf(this.index, chunk.docId)) if (figure.chunkId === chunk.id && !units.includes(figure.unit)) units.push(figure.unit);
    return units;
  }
}

/**
 * The name people call a law or regulation by: its title without 中华人民共和国 and version
 * qualifiers ("劳动合同法", "工伤保险条例"); undefined for other documents.
 */
export function lawName(document: PolicyDocument): string | undefined {
  if (document.type === '新闻') return undefined;
  // A code's part ("民法典 人格权编") goes by the code's name.
  const name = compact(document.versionKey).replace(STATE_PREFIX, '').replace(/(?<=法典)\s*(?:[\u4e00-\u9fff]{1,6}编|总则|附则)$/, '');
  // Two characters name a law only as X法 (刑法, 民法); "细则" alone names nothing.
  return LAW_GENRE.test(name) && (name.length >= 3 || /^[\u4e00-\u9fff]法$/.test(name)) ? name : undefined;
}

/** Words before a name that point at it rather than name it: "这部促进法", "该条例". */
const POINTING = /[该这那此本部个份]/;

/**
 * The question names another law of the same kind than the document: it ends a name the way the
 * document's name ends ("…经济促进法", "…保险条例") but its words before differ ("民营经济促进法" is
 * not "循环经济促进法"). A law's name is what identifies it; a question about a law the corpus does
 * not hold is not answered from its namesake.
 */
export function namesAnotherLaw(question: string, document: PolicyDocument): boolean {
  const name = lawName(document);
  if (!name) return false;
  const asked = compact(question);
  if (asked.includes(name)) return false;
  // The longest ending of the name the question prints, of three characters at least (a bare
  // "法" or "条例" also ends 方法, 办法 and every other name).
  for (let length = name.length - 1; length >= 3; length--) {
    const ending = name.slice(-length);
    for (let at = asked.indexOf(ending); at >= 0; at = asked.indexOf(ending, at + 1)) {
      const before = asked[at - 1];
      if (before && /[\u4e00-\u9fff]/.test(before) && !POINTING.test(before) && before !== name[name.length - length - 1]) return true;
    }
    if (asked.includes(ending)) return false;
  }
  return false;
}

/**
 * Among hits from several versions of one regulation (same version key, different documents),
 * lowers every version but the one the question asks for (see preferredVersion).
 */
export function preferCurrentVersions(hits: Hit[], query: AnalyzedQuery): void {
  for (const documents of versionGroups(hits.map((hit) => hit.document))) {
    const preferred = preferredVersion(documents, query);
    for (const hit of hits) {
      if (documents.includes(hit.document) && hit.document !== preferred) hit.score *= SUPERSEDED_FACTOR;
    }
  }
}

/** The documents in the order to answer from: of several versions of one regulation, the one asked for first. */
export function currentVersionsFirst(documents: PolicyDocument[], query: AnalyzedQuery): PolicyDocument[] {
  const superseded = new Set<PolicyDocument>();
  for (const versions of versionGroups(documents)) {
    const preferred = preferredVersion(versions, query);
    for (const document of versions) if (document !== preferred) superseded.add(document);
  }
  return [...documents.filter((d) => !superseded.has(d)), ...documents.filter((d) => superseded.has(d))];
}

/**
 * The texts that a later text among the documents declares repealed ("《…暂行条例》同时废止"), once
 * that text is in force on `today` (of the texts by the title it names, those dated before it), each
 * with that text. Not an earlier version of the same text: an amended law keeps the closing article
 * of its first edition, which repealed an older one of the same title (versionGroups handles versions).
 */
export function repealersIn(documents: PolicyDocument[], today = new Date().toISOString().slice(0, 10)): Map<PolicyDocument, PolicyDocument> {
  // (Titles cited inside another's are printed in 〈〉: "关于适用〈中华人民共和国刑事诉讼法〉的解释".)
  const key = (title: string) => compact(title.replace(/[〈〉]/g, '')).replace(STATE_PREFIX, '');
  const byTitle = new Map<string, PolicyDocument[]>();
  for (const document of documents) {
    // (By its title as printed, and without an edition's year: "…条例（2019修订）" is cited as "…条例".)
    for (const title of new Set([key(document.title), key(document.versionKey)])) {
      const list = byTitle.get(title);
      if (list) list.push(document);
      else byTitle.set(title, [document]);
    }
  }
  const repealed = new Map<PolicyDocument, PolicyDocument>();
  for (const document of documents) {
    if (document.type === '新闻' || !document.date || (document.effectiveDate ?? document.date) > today) continue;
    for (const title of repealedTitles(document.text)) {
      for (const earlier of byTitle.get(key(title)) ?? []) {
        if (earlier.versionKey !== document.versionKey && (earlier.date ?? '') < document.date) repealed.set(earlier, document);
      }
    }
  }
  return repealed;
}

/** Documents of which several versions (or editions) are present, grouped. */
function versionGroups(documents: PolicyDocument[]): PolicyDocument[][] {
  const versions = new Map<string, PolicyDocument[]>();
  for (const document of documents) {
    const key = editionKey(document);
    const list = versions.get(key) ?? [];
    if (!list.includes(document)) list.push(document);
    versions.set(key, list);
  }
  return [...versions.values()].filter((list) => list.length > 1);
}

/** The newest version, or the one whose year or edition numbers the question names, or the one before when it asks for an older one. */
function preferredVersion(documents: PolicyDocument[], query: AnalyzedQuery): PolicyDocument {
  const byDate = [...documents].sort((a, b) => (editionYear(b) ?? '').localeCompare(editionYear(a) ?? '') || (b.date ?? '').localeCompare(a.date ?? ''));
  const named = byDate.find((d) => query.years.includes(editionYear(d) ?? '')) ?? numberedEdition(byDate, query.question);
  return named ?? (query.wantsOlderVersion ? byDate[1]! : byDate[0]!);
}

/**
 * What the versions of one regulation share, and the editions of an annual series ("2023年政府工作
 * 报告", "2024年政府工作报告"): the version key without the years its title names. (A title that is
 * little more than a year is no series.)
 */
function editionKey(document: PolicyDocument): string {
  const key = document.versionKey.replace(/(?:19|20)\d{2}年?度?/g, '');
  return key.length >= 4 ? key : document.versionKey;
}

/** Characters of a number, in digits or words. */
const NUMERAL = /[\d〇零一二两三四五六七八九十百]/;
/** How much of a document's start names its edition: its title, and the subtitle of a report or speech. */
const EDITION_HEAD_CHARS = 200;

/**
 * The edition a question names by its numbers ("十四届全国人大二次会议上的报告" → the one delivered
 * "在第十四届全国人民代表大会第二次会议上"): editions of a series differ in their numbers (year,
 * session, edition), so only the question's character pairs holding a numeral are compared, with
 * each edition's start. None when no edition holds more of them than every other.
 */
function numberedEdition(editions: PolicyDocument[], question: string): PolicyDocument | undefined {
  const pairs = [...bigrams(question)].filter((pair) => NUMERAL.test(pair));
  if (pairs.length === 0) return undefined;
  const held = editions
    .map((document) => {
      const head = document.text.slice(0, EDITION_HEAD_CHARS);
      return { document, count: pairs.filter((pair) => head.includes(pair)).length };
    })
    .sort((a, b) => b.count - a.count);
  return held[0]!.count > held[1]!.count ? held[0]!.document : undefined;
}

/** The year of an edition: the one its title names, else its date's. */
function editionYear(document: PolicyDocument): string | undefined {
  return /(?:19|20)\d{2}(?=年)/.exec(document.title)?.[0] ?? document.date?.slice(0, 4);
}

/**
 * Lowers the passages of near-duplicates (reposts of one story, see index/duplicates.ts) of a
 * document ranked above them: one story reposted ten times would otherwise fill the list. Lowered,
 * not dropped: a repost whose passage matches far better than anything else still ranks.
 */
export function lowerReposts(ranked: Hit[]): void {
  const shownBy = new Map<string, string>();
  for (const hit of ranked) {
    const group = hit.document.duplicateGroup;
    if (!group) continue;
    const shown = shownBy.get(group);
    if (shown === undefined) shownBy.set(group, hit.document.id);
    else if (shown !== hit.document.id) hit.score *= REPOST_FACTOR;
  }
}

/** A policy text as an informal name may call it: its title's last word and the character pairs before it. */
interface InformalKey {
  document: PolicyDocument;
  genre: string;
  pairs: Set<string>;
  issuerPairs: Set<string>;
}

/** Every synonym replaced by its group's first name (AI → 人工智能), as titles print them. */
function canonicalNames(text: string): string {
  let canonical = text;
  for (const [name, ...others] of synonyms()) {
    for (const other of others) if (other.length >= 2) canonical = canonical.split(other).join(name!);
  }
  return canonical;
}

/** Character pairs with a Chinese character and no particle: "2026年" and "2025年" share "20", "行动的" and "部门的" "的", not a name. */
function hanPairs(text: string): Set<string> {
  return new Set([...bigrams(text)].filter((pair) => /[\u4e00-\u9fff]/.test(pair) && !/[的之和与及等]/.test(pair)));
}
