/**
 * The agent's tools over the index: search, a document's header and outline, a passage by heading
 * or offsets, figures, and document lists. Every passage a tool returns is numbered in the answer's
 * PassageRegistry, so the model's [n] markers can be checked and turned into citations.
 */
import { tool } from 'langchain';
import { z } from 'zod';
import type { PolicyLibrary, Span } from '../retrieve/library.js';
import { compactTitle as compact, queryFilters, type QueryFilters } from '../retrieve/query.js';
import { matchesFilters } from '../index/filters.js';
import { documentTypes, type PolicyDocument } from '../types.js';
import { renderPassage, type Passage, type PassageRegistry } from './passages.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd');

const filterFields = {
  issuer: z.string().optional().describe('发文机关（部分名称即可），如 工业和信息化部'),
  type: z.enum(documentTypes).optional().describe('文件类型'),
  dateFrom: isoDate.optional().describe('成文日期不早于，yyyy-mm-dd'),
  dateTo: isoDate.optional().describe('成文日期不晚于，yyyy-mm-dd'),
};

const documentRef = {
  id: z.string().optional().describe('文件 id（工具结果中的 docId）'),
  title: z.string().optional().describe('文件标题或其中几个字'),
  documentNumber: z.string().optional().describe('文号，如 工信厅联科函〔2026〕193号'),
};

/** Most passages one tool call returns: enough to answer, few enough to keep prompts small. */
const MAX_PASSAGES = 8;
const MAX_DOCUMENTS = 20;

function describeDocument(document: PolicyDocument): string {
  const fields: Array<[string, string | undefined]> = [
    ['docId', document.id],
    ['标题', document.title],
    ['标题（报道用）', document.headline],
    ['文号', document.documentNumber],
    ['发文机关', document.issuers.join('、') || undefined],
    ['成文/发布日期', document.date],
    ['施行日期', document.effectiveDate],
    ['类型', document.type],
  ];
  return fields.filter(([, value]) => value).map(([name, value]) => `${name}：${value}`).join('\n');
}

function notFound(ref: object): string {
  return `未找到符合 ${JSON.stringify(ref)} 的文件。可以先用 search_policies 或 list_documents 查找。`;
}

/** The five tools, bound to one answer's passage registry. */
export function policyTools(library: PolicyLibrary, registry: PassageRegistry, defaultFilters?: QueryFilters) {
  const span = ({ document, start, end, chunk }: Span) => registry.add(document, start, end, chunk);
  const render = (passage: Passage) => renderPassage(passage, library.retriever.repealerOf(passage.document));
  const searchPolicies = tool(
    async ({ query, limit, ...filters }) => {
      const hits = await library.retriever.search(query, { limit: Math.min(limit ?? 6, MAX_PASSAGES), filters: { ...defaultFilters, ...queryFilters(filters) } });
      if (hits.length === 0) return `没有检索到与“${query}”相关的段落。`;
      return hits.map((hit) => render(registry.add(hit.document, hit.chunk.start, hit.chunk.end, hit.chunk))).join('\n\n');
    },
    {
      name: 'search_policies',
      description: '按问题或关键词检索政策文件段落（BM25 + 向量混合检索），返回带编号的原文段落。可按发文机关、类型、日期筛选。',
      schema: z.object({
        query: z.string().min(1).describe('检索用的问题或关键词，中文'),
        limit: z.number().int().min(1).max(MAX_PASSAGES).optional().describe('返回段落数，默认 6'),
        ...filterFields,
      }),
    },
  );

  const getDocument = tool(
    async (ref) => {
      const document = library.findDocument(ref);
      if (!document) return notFound(ref);
      const outline = [...new Set(library.chunksOf(document).map((c) => c.headingPath.slice(1).join(' > ')).filter(Boolean))];
      const header = span(library.header(document));
      return [
        describeDocument(document),
        outline.length > 0 ? `目录（可用 get_passage 按标题取原文）：\n${outline.slice(0, 60).map((h) => `- ${h}`).join('\n')}` : '',
        render(header),
      ].filter(Boolean).join('\n\n');
    },
    {
      name: 'get_document',
      description: '按 docId、标题或文号取一份文件的信息：标题、文号、发文机关、日期、施行日期、类型和目录，并返回文号所在的原文段落。',
      schema: z.object(documentRef),
    },
  );

  const getPassage = tool(
    async ({ heading, start, end, ...ref }) => {
      const document = library.findDocument(ref);
      if (!document) return notFound(ref);
      const chunks = library.chunksOf(document);
      let chosen = chunks.slice(0, 3);
      if (heading) chosen = chunks.filter((c) => compact(c.headingPath.slice(1).join('')).includes(compact(heading)));
      else if (start !== undefined) chosen = chunks.filter((c) => c.end > start && c.start < (end ?? start + 1));
      if (chosen.length === 0) return `《${document.title}》中没有标题含“${heading ?? ''}”或位于该位置的段落。可先用 get_document 查看目录。`;
      return chosen.slice(0, MAX_PASSAGES).map((c) => render(registry.add(document, c.start, c.end, c))).join('\n\n');
    },
    {
      name: 'get_passage',
      description: '取某份文件中某一部分的原文：按标题（如“第十四条”“第三章”“重点任务”）或按字符位置 start/end。',
      schema: z.object({
        ...documentRef,
        heading: z.string().optional().describe('标题或条款号，如 第十四条'),
        start: z.number().int().min(0).optional().describe('起始字符位置'),
        end: z.number().int().min(0).optional().describe('结束字符位置'),
      }),
    },
  );

  const lookupFigures = tool(
    async ({ subject, unit, period }) => {
      const figures = await library.figures(subject, unit, period);
      if (figures.length === 0) return `没有找到关于“${subject}”${unit ? `、单位为“${unit}”` : ''}${period ? `、时间为“${period}”` : ''}的数字。`;
      return figures
        .map((figure) => {
          const document = library.index.documents.get(figure.docId)!;
          const sentenceStart = Math.max(0, document.text.lastIndexOf(figure.sentence, figure.start));
          const chunk = library.index.chunks.get(figure.chunkId);
          const passage = registry.add(document, sentenceStart, sentenceStart + figure.sentence.length, chunk);
          const facts = [`数字：${figure.raw}`, figure.measure && `所指：${figure.measure}`, figure.period && `时间：${figure.period}`].filter(Boolean).join('；');
          return `${facts}\n${render(passage)}`;
        })
        .join('\n\n');
    },
    {
      name: 'lookup_figures',
      description: '查找语料中写明的数字（金额、数量、比例等）及其所在原句：按所指对象，可限定单位（元、个、家、%…）和时间（如 2025年）。',
      schema: z.object({
        subject: z.string().min(1).describe('数字所指的对象，如 两重建设项目 资金'),
        unit: z.string().optional().describe('单位，如 元、个、家、%'),
        period: z.string().optional().describe('时间，如 2025年'),
      }),
    },
  );

  const listDocuments = tool(
    async ({ titleContains, limit, ...filters }) => {
      const wanted = queryFilters(filters);
      const documents = [...library.index.documents.values()]
        .filter((d) => (!titleContains || compact(d.title).includes(compact(titleContains))) && matchesFilters(d, wanted))
        .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
      if (documents.length === 0) return '没有符合条件的文件。';
      const shown = documents.slice(0, Math.min(limit ?? 10, MAX_DOCUMENTS));
      const more = documents.length > shown.length ? `\n（共 ${documents.length} 份，只列出最新的 ${shown.length} 份）` : '';
      return shown.map((d) => `${describeDocument(d)}\n${render(span(library.header(d)))}`).join('\n\n') + more;
    },
    {
      name: 'list_documents',
      description: '按发文机关、类型、日期范围或标题关键词列出文件（最新的在前），返回每份文件的文号、发文机关、日期。',
      schema: z.object({
        titleContains: z.string().optional().describe('标题中包含的字词'),
        limit: z.number().int().min(1).max(MAX_DOCUMENTS).optional().describe('最多列出几份，默认 10'),
        ...filterFields,
      }),
    },
  );

  return [searchPolicies, getDocument, getPassage, lookupFigures, listDocuments] as const;
}
