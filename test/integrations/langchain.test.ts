/** The index as a LangChain retriever and tools, over the seed index. */
import { BaseRetriever } from '@langchain/core/retrievers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyRetriever, policyAnswerTool, policySearchTool } from '../../src/integrations/langchain.js';
import { openSeedIndex, type SeedIndex } from '../seed-index.js';

let seed: SeedIndex;
beforeAll(async () => {
  seed = await openSeedIndex();
});
afterAll(() => seed.cleanup());

describe('PolicyRetriever', () => {
  it('is a LangChain retriever returning passages with what cites them in metadata', async () => {
    const retriever = new PolicyRetriever({ assistant: seed.assistant, k: 3 });
    expect(retriever).toBeInstanceOf(BaseRetriever);
    const documents = await retriever.invoke('遇到突发公共事件时，人工智能科技伦理应急审查一般要在多长时间内完成？');
    expect(documents).toHaveLength(3);
    const first = documents.find((d) => d.pageContent.includes('72小时'));
    expect(first!.metadata).toMatchObject({
      title: '人工智能科技伦理审查与服务办法（试行）',
      documentNumber: '工信部联科〔2026〕75号',
      date: '2026-03-20',
      type: '办法',
    });
    expect(first!.metadata.headingPath[0]).toBe('《人工智能科技伦理审查与服务办法（试行）》');
    expect(first!.metadata.heading).toMatch(/第四节 应急程序/);
    // The offsets locate the passage in the document: it can be cited and opened.
    const document = seed.assistant.index.documents.get(first!.metadata.docId)!;
    expect(document.text.slice(first!.metadata.start, first!.metadata.end)).toBe(first!.pageContent);
    expect(first!.id).toBe(first!.metadata.chunkId);
  });

  it('searches Chinese as the index does, and filters', async () => {
    const retriever = new PolicyRetriever({ assistant: seed.assistant, filters: { issuer: '国务院办公厅' } });
    const documents = await retriever.invoke('企业投资项目核准');
    expect(documents.length).toBeGreaterThan(0);
    for (const d of documents) expect(d.metadata.issuers.some((issuer) => issuer.includes('国务院办公厅'))).toBe(true);
  });

  it('gives a title without the spaces a PDF line break left', async () => {
    const [first] = await new PolicyRetriever({ assistant: seed.assistant, k: 1 }).invoke('第二批两重建设项目 超长期特别国债资金');
    expect(first!.metadata.title).toBe('国家发展和改革委员会下达2026年第二批“两重”建设项目清单');
  });
});

describe('policySearchTool', () => {
  it('is a tool an agent calls with a query and filters, returning numbered passages', async () => {
    const search = policySearchTool(seed.assistant, { k: 2 });
    expect(search.name).toBe('search_policies');
    const text = await search.invoke({ query: '第二批两重建设项目安排了多少资金' });
    expect(text).toMatch(/^\[1\] 《国家发展和改革委员会下达2026年第二批“两重”建设项目清单》/);
    expect(text).toContain('2168亿元');
    expect(text).toContain('[2] ');
    const none = await search.invoke({ query: '两重建设项目', type: '条例' });
    expect(none).toContain('没有找到');
  });
});

describe('policyAnswerTool', () => {
  it('answers offline with quotes and sources grouped per document', async () => {
    const answer = policyAnswerTool(seed.assistant);
    const text = await answer.invoke({ question: '国务院关于推进服务业扩能提质的意见文号是多少？' });
    expect(text).toContain('国发〔2026〕7号[1]');
    expect(text).toContain('来源：\n《国务院关于推进服务业扩能提质的意见》（国发〔2026〕7号）\n  [1] “国发〔2026〕7号”');
  });
});
