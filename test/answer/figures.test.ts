import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../src/answer/assistant.js';
import { loadConfig } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';

let work: string;
let assistant: Assistant;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'policy-figures-'));
  const corpusDir = path.join(work, 'corpus');
  mkdirSync(corpusDir);
  // Two reports give different numbers for the same measure, as happens between a ministry's
  // briefing and a later newspaper report.
  writeFileSync(
    path.join(corpusDir, 'briefing.txt'),
    '□ 本报记者 王明\n\n某省专精特新中小企业培育情况通报\n\n截至2025年底，某省累计培育专精特新中小企业1200家，较上年增长15%。\n\n下一步将继续加大培育力度，完善服务体系。\n',
  );
  writeFileSync(
    path.join(corpusDir, 'report.txt'),
    '□ 本报记者 李华\n\n某省中小企业发展报告发布\n\n报告显示，截至2025年底，某省累计培育专精特新中小企业1350家，数量居全国前列。\n\n报告还提出了加强融资支持等建议。\n',
  );
  const config = loadConfig({ corpusDir, indexDir: path.join(work, 'index') }, {});
  await buildIndex(config);
  assistant = await Assistant.open(config);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('figure answers', () => {
  it('give every source when the figures differ', async () => {
    const answer = await assistant.ask('截至2025年底某省累计培育了多少家专精特新中小企业？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('1200家');
    expect(answer.answer).toContain('1350家');
    expect(answer.answer).toContain('各来源表述的数字不同');
    expect(new Set(answer.citations.map((c) => c.docId)).size).toBe(2);
    for (const citation of answer.citations) {
      expect(assistant.index.documents.get(citation.docId)!.text.slice(citation.start, citation.end)).toBe(citation.quote);
    }
  });
});
