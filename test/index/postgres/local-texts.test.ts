import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalTexts } from '../../../src/index/postgres/local-texts.js';
import { storedFigures, type IndexedChunk, type StoredChunk } from '../../../src/index/store.js';
import { extractFigures } from '../../../src/ingest/figures.js';
import type { Figure, PolicyDocument } from '../../../src/types.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function policyDocument(n: number, text: string): PolicyDocument {
  return { id: `doc-${n}`, title: `某市第${n}号通知`, sourceFile: `${n}.txt`, text, issuers: ['某市人民政府'], type: '通知', versionKey: `某市第${n}号通知` };
}

/** Documents, two passages each, and their figures, as a database hands them over, moved to a file. */
function moved(texts: string[], options: { cachedChars?: number; cachedFigureDocuments?: number } = {}) {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'local-texts-'));
  folders.push(folder);
  const originals = texts.map((text, n) => policyDocument(n, text));
  const documents = new Map<string, PolicyDocument>();
  const chunks = new Map<string, IndexedChunk>();
  const local = new LocalTexts(documents, chunks, { folder, ...options });
  const allFigures: Figure[] = [];
  let label = 0;
  for (const original of originals) {
    const document = local.document(original);
    documents.set(document.id, document);
    const half = Math.floor(original.text.length / 2);
    for (const [ordinal, [start, end]] of [[0, half], [half, original.text.length]].entries()) {
      const stored: StoredChunk = { id: `${original.id}#${ordinal}`, docId: original.id, ordinal, headingPath: [original.title], start: start!, end: end!, label: label++ };
      const chunk = local.chunk(stored);
      chunks.set(chunk.id, chunk);
      allFigures.push(...extractFigures(original, { ...stored, text: original.text.slice(start, end) }));
    }
  }
  const byDocument = (docId: string) => allFigures.filter((f) => f.docId === docId);
  for (const original of originals) {
    local.figures(original.id, [...storedFigures({ documents: new Map([[original.id, original]]), figures: byDocument(original.id) } as never)]);
  }
  return { folder, local, originals, documents, chunks, allFigures, figures: local.figureList() };
}

describe('LocalTexts', () => {
  it('hands back every text, passage and figure as the database gave them, and leaves no file behind', () => {
    const { folder, local, originals, documents, chunks, allFigures, figures } = moved([
      '截至2025年底，某市累计建成5G基站4.2万个，较上年增长15%。',
      '申请人应当自收到通知之日起三十日内提交材料，逾期不予受理。补贴标准为每家企业最高100万元。',
    ]);
    expect(readdirSync(folder)).toEqual([]);
    expect(allFigures.length).toBeGreaterThanOrEqual(4);
    for (const original of originals) {
      const document = documents.get(original.id)!;
      expect(document.text).toBe(original.text);
      expect({ ...document, text: document.text }).toEqual(original);
      expect(chunks.get(`${original.id}#0`)!.text + chunks.get(`${original.id}#1`)!.text).toBe(original.text);
      expect(figures.ofDocument!(original.id)).toEqual(allFigures.filter((f) => f.docId === original.id));
    }
    expect(figures.length).toBe(allFigures.length);
    expect([...figures]).toEqual(allFigures);
    local.close();
  });

  it('joins the figures of a document given in parts, and reads nothing once closed', () => {
    const { local, originals, documents, allFigures } = moved(['第一条 补贴标准为每家企业最高100万元，每年不超过3次。']);
    const figures = allFigures.filter((f) => f.docId === originals[0]!.id);
    expect(figures.length).toBeGreaterThanOrEqual(2);
    // (moved() gave them all at once; a second run of the same document's is added after them.)
    local.figures(originals[0]!.id, [...storedFigures({ documents: new Map([[originals[0]!.id, originals[0]!]]), figures } as never)]);
    expect(local.figureList().ofDocument!(originals[0]!.id).map((f) => f.raw)).toEqual([...figures, ...figures].map((f) => f.raw));
    local.close();
    expect(() => documents.get(originals[0]!.id)!.text).toThrow(expect.objectContaining({ code: 'INDEX_CLOSED' }));
  });

  it('reads a text again once it has left the cache', () => {
    const texts = Array.from({ length: 50 }, (_, n) => `第${n}条 某市对符合条件的企业给予${n + 1}万元奖励。`.repeat(3));
    const { local, originals, documents, figures } = moved(texts, { cachedChars: 100, cachedFigureDocuments: 2 });
    for (let round = 0; round < 2; round++) {
      for (const original of originals) {
        expect(documents.get(original.id)!.text).toBe(original.text);
        expect(figures.ofDocument!(original.id).map((f) => f.raw)).toEqual(Array(3).fill(`${Number(original.id.slice(4)) + 1}万元`));
      }
    }
    local.close();
  });
});
