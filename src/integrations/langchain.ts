/**
 * The index as LangChain building blocks, for a chain or agent of the user's own:
 *   PolicyRetriever   a BaseRetriever whose Documents are passages, with what cites them (title,
 *                     文号, heading path, offsets) in metadata
 *   policySearchTool  the same search as a tool an agent calls, passages numbered for citing
 *   policyAnswerTool  the offline answerer as a tool: a quoted answer with its sources
 * All run offline over an index opened with Assistant.open; no model is needed for them.
 */
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { Assistant } from '../answer/assistant.js';
import { bookTitle, compactTitle, excerpt, groupCitations } from '../answer/compose/citations.js';
import { queryFilters, type QueryFilters } from '../retrieve/query.js';
import { documentTypes, type Answer, type DocumentType, type Hit } from '../types.js';

/** What a retrieved passage carries besides its text: enough to cite it and to open it in the index. */
export interface PolicyPassageMetadata {
  /** `${docId}#${ordinal}` */
  chunkId: string;
  docId: string;
  /** The document's title, without spaces a PDF line break left inside it. */
  title: string;
  /** 文号, when the document has one. */
  documentNumber?: string;
  issuers: string[];
  /** Date issued or published (ISO). */
  date?: string;
  type: DocumentType;
  /** Headings from the title down to the passage, e.g. [《…办法》, 第四章 工作程序, 第十四条]. */
  headingPath: string[];
  /** The headings below the title, joined with " > " as citations print them. */
  heading: string;
  /** Offsets of the passage in the document text. */
  start: number;
  end: number;
  sourceFile: string;
  /** Fused retrieval score: higher is better, comparable within one search only. */
  score: number;
}

export interface PolicyRetrieverInput extends BaseRetrieverInput {
  /** An assistant over the index (Assistant.open(loadConfig())). */
  assistant: Assistant;
  /** Passages returned per query. Default: RETRIEVAL_LIMIT (8). */
  k?: number;
  /** Only passages of documents matching these (issuer, type, date range). */
  filters?: QueryFilters;
}

/** A hit as a LangChain Document: the passage's text, and its citation in metadata. */
export function passageDocument(hit: Hit): Document<PolicyPassageMetadata> {
  const { chunk, document } = hit;
  const metadata: PolicyPassageMetadata = {
    chunkId: chunk.id,
    docId: document.id,
    title: compactTitle(document.title, document.text),
    issuers: document.issuers,
    type: document.type,
    headingPath: chunk.headingPath,
    heading: chunk.headingPath.slice(1).join(' > '),
    start: chunk.start,
    end: chunk.end,
    sourceFile: document.sourceFile,
    score: hit.score,
  };
  if (document.documentNumber) metadata.documentNumber = document.documentNumber;
  if (document.date) metadata.date = document.date;
  return new Document({ pageContent: chunk.text, metadata, id: chunk.id });
}

/**
 * The hybrid retriever (jieba BM25, plus vectors when configured) as a LangChain retriever: Chinese
 * is tokenised as the index was, which LangChain's whitespace-splitting BM25 retriever cannot do.
 */
export class PolicyRetriever extends BaseRetriever<PolicyPassageMetadata> {
  static override lc_name(): string {
    return 'PolicyRetriever';
  }

  override lc_namespace = ['policy_qa', 'retrievers'];

  private readonly assistant: Assistant;
  private readonly k: number | undefined;
  private readonly filters: QueryFilters | undefined;

  constructor(fields: PolicyRetrieverInput) {
    super(fields);
    this.assistant = fields.assistant;
    this.k = fields.k;
    this.filters = fields.filters;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<PolicyPassageMetadata>[]> {
    const hits = await this.assistant.retriever.search(query, {
      ...(this.k !== undefined ? { limit: this.k } : {}),
      ...(this.filters ? { filters: this.filters } : {}),
    });
    return hits.map(passageDocument);
  }
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd');

const searchSchema = z.object({
  query: z.string().min(1).describe('检索内容：问题或关键词，如“两重建设项目 资金”'),
  issuer: z.string().optional().describe('发文机关（部分名称即可），如 工业和信息化部'),
  type: z.enum(documentTypes).optional().describe('文件类型'),
  dateFrom: isoDate.optional().describe('成文日期不早于，yyyy-mm-dd'),
  dateTo: isoDate.optional().describe('成文日期不晚于，yyyy-mm-dd'),
});

/** One passage as a tool shows it: "[n] 《title》（文号）heading\ntext". */
function renderPassage(n: number, document: Document<PolicyPassageMetadata>): string {
  const { title, documentNumber, heading, docId, start, end } = document.metadata;
  return `[${n}] ${bookTitle(title)}${documentNumber ? `（${documentNumber}）` : ''}${heading ? ` ${heading}` : ''}（${docId} ${start}–${end}）\n${document.pageContent}`;
}

/**
 * Policy search as a tool: the passages for a query, numbered, each with title, 文号 and heading, so
 * the model can quote and cite them. `k` passages per call (default 5).
 */
export function policySearchTool(assistant: Assistant, options: { k?: number } = {}) {
  const k = options.k ?? 5;
  return tool(
    async ({ query, issuer, type, dateFrom, dateTo }) => {
      const filters = queryFilters({ issuer, type, dateFrom, dateTo });
      const documents = await new PolicyRetriever({ assistant, k, ...(filters ? { filters } : {}) }).invoke(query);
      if (documents.length === 0) return '没有找到相关段落。可换用文件中的说法或去掉筛选条件再试。';
      return documents.map((document, i) => renderPassage(i + 1, document)).join('\n\n');
    },
    {
      name: 'search_policies',
      description:
        '检索政策文件库（中文政策、法规、通知和新闻），返回最相关的段落，每段带标题、文号、章节和位置。回答政策问题前先用它查找原文，并按编号引用。',
      schema: searchSchema,
    },
  );
}

/** An answer as a tool returns it: the quoted answer with [n] markers, then its sources per document. */
export function renderAnswer(answer: Answer): string {
  const sources = answer.answered ? answer.citations : answer.related;
  const byNumber = new Map(sources.map((c) => [c.n, c]));
  const lines = groupCitations(sources).flatMap((group) => [
    `${bookTitle(group.title)}${group.documentNumber ? `（${group.documentNumber}）` : ''}`,
    ...group.citations.map((n) => {
      const c = byNumber.get(n)!;
      return `  [${n}] ${c.heading ? `${c.heading}：` : ''}“${excerpt(c.quote)}”`;
    }),
  ]);
  return lines.length > 0 ? `${answer.answer}\n\n${answer.answered ? '来源' : '相关段落'}：\n${lines.join('\n')}` : answer.answer;
}

/**
 * The offline answerer as a tool: a question in, an answer quoted from the corpus with its sources
 * out, or the statement that the corpus does not answer it. Never calls a model.
 */
export function policyAnswerTool(assistant: Assistant) {
  return tool(
    async ({ question }) => renderAnswer(await assistant.ask(question, { mode: 'extractive' })),
    {
      name: 'answer_policy_question',
      description:
        '用政策文件库回答一个具体问题（数字、条件、文号、发文机关、日期等），返回逐字引用原文的答案和来源；文件库中没有答案时会明确说明。',
      schema: z.object({ question: z.string().min(1).describe('完整的中文问题') }),
    },
  );
}
