/** The answerer opens an index of any size: nothing spreads a corpus-sized array into a call. */
import { describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answer/answerer.js';
import { defaultConfig } from '../../src/config.js';
import { noEmbedder } from '../../src/index/embed/embedder.js';
import { Bm25Index } from '../../src/index/bm25.js';
import type { PolicyIndex } from '../../src/index/store.js';
import { Retriever } from '../../src/retrieve/retriever.js';
import type { PolicyDocument } from '../../src/types.js';

describe('an index of 200,000 documents', () => {
  it('opens, and knows its newest year', () => {
    const documents = new Map<string, PolicyDocument>();
    for (let i = 0; i < 200_000; i++) {
      const id = `news.jsonl#${i}`;
      documents.set(id, { id, title: `新闻${i}`, sourceFile: 'news.jsonl', text: '内容。', issuers: [], type: '新闻', versionKey: `新闻${i}`, date: `20${10 + (i % 14)}-01-01` });
    }
    const index = { manifest: {} as PolicyIndex['manifest'], files: new Map(), documents, chunks: new Map(), chunksByLabel: new Map(), figures: [], bm25: new Bm25Index(defaultConfig.bm25) } as PolicyIndex;
    const retriever = new Retriever(index, noEmbedder, defaultConfig.retrieval);
    const answerer = new Answerer(index, retriever);
    expect((answerer as unknown as { presentYear: number }).presentYear).toBe(2023);
  });
});
