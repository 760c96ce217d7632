/** The answer type a question expects, as a passage feature: a passage stating a figure in the unit asked ranks first. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type SeedIndex, writeLaw } from '../seed-index.js';

let fixture: SeedIndex;

beforeAll(async () => {
  fixture = await openCorpusIndex('answer-units', (corpus) => {
    // Articles long enough to be passages of their own; the one on what an application holds
    // matches the question's words about as well as the one that states how long protection lasts.
    const filler = '申请人应当如实提交有关材料，国务院专利行政部门依法审查并作出决定，并予以登记和公告。';
    writeLaw(corpus, '专利法(2020-10-17).md', '中华人民共和国专利法', [
      `第二十七条 申请外观设计专利的，应当提交请求书、图片或者照片以及简要说明等文件。${filler.repeat(3)}`,
      `第二十三条 授予专利权的外观设计，应当不属于现有设计，应当具有明显区别。${filler.repeat(3)}`,
      `第四十二条 发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。${filler.repeat(3)}`,
    ]);
  });
}, 120_000);
afterAll(() => fixture?.cleanup());

describe('a question asking for a figure in a unit', () => {
  it('ranks first the passage that states a figure in that unit', async () => {
    const question = '外观设计专利的保护期是多少年？';
    const first = async (units?: string[]) => (await fixture.assistant.retriever.search(question, { units }))[0]!.chunk.text;
    expect(await first(['年'])).toContain('第四十二条');
    // Without the unit, the application article comes first.
    expect(await first()).not.toContain('第四十二条');
  });
});
