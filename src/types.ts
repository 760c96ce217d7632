/**
 * The records that flow through the pipeline, one stage to the next:
 * SourceText (ingest/loaders) → PolicyDocument (ingest/split) → Chunk (ingest/chunk)
 * → Figure (ingest/figures) → the index (index/).
 */

export type SourceFormat = 'txt' | 'md' | 'html' | 'pdf' | 'docx' | 'jsonl';

/** Raw text read from one corpus file (or one line of a .jsonl file), before cleaning. */
export interface SourceText {
  /** Path relative to the corpus root, with forward slashes. */
  sourceFile: string;
  /** 1-based line number, for .jsonl records. */
  sourceLine?: number;
  format: SourceFormat;
  text: string;
  /** Metadata the source states itself (a .jsonl record's fields, an HTML <title>). */
  externalId?: string;
  title?: string;
  date?: string;
  source?: string;
  url?: string;
}

/** A problem with one input that was skipped while the rest went on. */
export interface IngestProblem {
  code: string;
  sourceFile: string;
  line?: number;
  message: string;
}

/** The kinds of document (文种) a document is classified as; 新闻 for news reports, 其他 otherwise. */
export const documentTypes = ['通知', '意见', '办法', '条例', '规定', '方案', '规划', '决定', '法律', '解释', '标准', '公告', '新闻', '其他'] as const;

export type DocumentType = (typeof documentTypes)[number];

/** One article or policy text, split out of a source file and cleaned. */
export interface PolicyDocument {
  /** Stable across runs: derived from the source file and the document's position and title. */
  id: string;
  title: string;
  /**
   * A display headline printed over a formal title in a briefing ("首个省级数据科技创新政策发布"
   * over "关于印发《…》的通知"): readers name the text by either.
   */
  headline?: string;
  /** No headline was printed: the title is the opening of the text. */
  untitled?: boolean;
  /** A roundup of several voices under one headline: each section is one speaker's, named with it. */
  roundup?: boolean;
  sourceFile: string;
  sourceLine?: number;
  /** Cleaned text; paragraphs separated by "\n". Chunk and citation offsets point into it. */
  text: string;
  /** 发文机关, in the order printed. */
  issuers: string[];
  /** 文号, normalised, e.g. 工信厅联科函〔2026〕193号. */
  documentNumber?: string;
  /** 成文/发布日期, ISO yyyy-mm-dd. */
  date?: string;
  /** 施行日期, ISO yyyy-mm-dd. */
  effectiveDate?: string;
  type: DocumentType;
  /** Same for every version of one regulation (title without version qualifiers). */
  versionKey: string;
  /**
   * Set when the corpus holds near-duplicates of this document (reposts of one story): the same id,
   * the smallest document id of the group, on every member. Recomputed by every ingest that changes the index.
   */
  duplicateGroup?: string;
  url?: string;
  source?: string;
}

/** A citable passage of a document, cut along the text's own structure. */
export interface Chunk {
  /** `${docId}#${ordinal}` */
  id: string;
  docId: string;
  ordinal: number;
  text: string;
  /** Document title first, then headings down to this passage, e.g. [《…办法》, 第四章 工作程序, 第十四条]. */
  headingPath: string[];
  /** Character offsets into PolicyDocument.text: text === doc.text.slice(start, end). */
  start: number;
  end: number;
}

/** A numeric fact stated in the corpus. */
export interface Figure {
  docId: string;
  chunkId: string;
  /** The number as printed, with its unit, e.g. "3.5万余家", "2168亿元", "30%". */
  raw: string;
  /** Value in base units of `unit` (万/亿 multiplied out): 3.5万余家 → 35000. */
  value: number;
  /** Unit without magnitude prefix: 家, 元, %, 个, 台 … */
  unit: string;
  /** Qualifier printed with the number: 余, 多, 超, 近, 约 … */
  qualifier?: string;
  /** What the number measures, as phrased before it in the sentence. */
  measure: string;
  /** Period or date the figure refers to, when stated (e.g. 2025年, 到2028年, 截至2025年年底). */
  period?: string;
  sentence: string;
  /** Offsets of `raw` in the document text. */
  start: number;
  end: number;
}

/** A retrieved chunk with the document it belongs to and how it ranked. */
export interface Hit {
  chunk: Chunk;
  document: PolicyDocument;
  /** Fused score: higher is better. Only comparable within one search. */
  score: number;
  /** 1-based ranks in the BM25 and vector result lists, when the chunk appeared there. */
  bm25Rank?: number;
  vectorRank?: number;
}

/** Where a fact in an answer comes from: a quoted span of a document. */
export interface Citation {
  /** 1-based number used in the answer text as [n]. */
  n: number;
  docId: string;
  title: string;
  documentNumber?: string;
  date?: string;
  /** Heading path below the title, joined with " > ", e.g. "第四章 工作程序 > 第十六条". */
  heading: string;
  quote: string;
  /** Offsets of the quote in the document text. */
  start: number;
  end: number;
}

export type Intent = 'figure' | 'conditions' | 'drafting' | 'lookup' | 'general';

/** Tokens an answer cost, summed over every model call. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  modelCalls: number;
}

/** What the grounding verifier did to a generated answer. */
export interface VerificationReport {
  /** Sentences checked. */
  sentences: number;
  /** Sentences removed, with the unsupported number, date or 文号 that got them removed. */
  removed: Array<{ sentence: string; reason: string }>;
  /** Citations pointed at another passage, or added to a factual sentence that had none. */
  corrected: number;
  /** Citations dropped because nothing retrieved supports their sentence. */
  dropped: number;
  /** Claims kept but marked unverified. */
  marked: number;
  /** Sentences that kept at least one citation. */
  supported: number;
}

/** Why an LLM answer was replaced by the offline one. */
export type FallbackReason = 'timeout' | 'rate_limit' | 'http_error' | 'connection' | 'circuit_open' | 'tool_loop' | 'malformed' | 'unsupported' | 'error';

export interface Answer {
  question: string;
  /** The question as understood after resolving references to earlier turns. */
  resolvedQuestion: string;
  answer: string;
  answered: boolean;
  /** The reader model's probability (0–1) that the answer is right; below its refusal threshold it is not answered. */
  confidence: number;
  intent: Intent;
  citations: Citation[];
  /** Closest passages, shown as related material when the corpus does not answer. */
  related: Citation[];
  latencyMs: number;
  /** Who wrote the answer: the offline extractive answerer or the LLM agent. */
  mode?: 'extractive' | 'llm';
  /** A short line for the user about how the answer was made, e.g. why the offline answer is shown. */
  notice?: string;
  /** Set when the LLM failed and the offline answer stands in for it. */
  fallback?: { reason: FallbackReason; detail: string };
  /** LLM mode: tokens used for this answer. */
  usage?: TokenUsage;
  /** LLM mode: what the grounding verifier checked and changed. */
  verification?: VerificationReport;
}

/** What a streamed answer emits, in order: text as it is verified, then the whole answer. */
export type AnswerEvent =
  | { type: 'delta'; text: string }
  /**
   * Discard the text shown so far: the LLM failed and the offline answer follows (notice says so),
   * or text streamed before a tool call is withdrawn (empty notice).
   */
  | { type: 'reset'; notice: string }
  | { type: 'done'; answer: Answer };
