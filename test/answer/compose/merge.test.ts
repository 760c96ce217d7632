/** Joining the answers to several parts of a question: one citation list, each quote under its own source. */
import { describe, expect, it } from 'vitest';
import { Citations } from '../../../src/answer/compose/citations.js';
import { mergeParts } from '../../../src/answer/compose/merge.js';
import type { Citation } from '../../../src/types.js';

/** A part's answer: its text, citing quotes of the named documents at made-up offsets. */
function part(text: string, quotes: Array<[docId: string, start: number]>) {
  const citations = new Citations();
  for (const [docId, start] of quotes) citations.adopt({ n: 0, docId, title: docId, heading: '', quote: `${docId}@${start}`, start, end: start + 10 } satisfies Citation);
  return { composed: { text, support: 1 }, citations };
}

describe('mergeParts', () => {
  it('keeps every quote under its own source when a part whose quotes were stated before is dropped', () => {
    const merged = mergeParts([
      part('据《A》：\n“a1”[1]\n据《B》：\n“b1”[2]\n据《C》：\n“c1”[3]', [['A', 0], ['B', 0], ['C', 0]]),
      part('据《B》：\n“b1”[1]', [['B', 0]]),
      part('据《B》：\n“b2”[1]', [['B', 50]]),
    ]);
    const lines = merged.text.split('\n');
    // b2 follows c1, so it needs its source line: without one it would read as 《C》's.
    expect(lines.slice(-2)).toEqual(['据《B》：', '“b2”[4]']);
    expect(merged.citations.map((c) => c.docId)).toEqual(['A', 'B', 'C', 'B']);
  });

  it('names a source once when the next part quotes it again right under it', () => {
    const merged = mergeParts([part('据《A》：\n“a1”[1]', [['A', 0]]), part('据《A》：\n“a2”[1]', [['A', 40]])]);
    expect(merged.text).toBe('据《A》：\n“a1”[1]\n“a2”[2]');
    // (After a lead, the part that follows is introduced again: "6月20日。据《A》：" answers the first part.)
    const led = mergeParts([part('6月20日。据《A》：\n“a1”[1]', [['A', 0]]), part('据《A》：\n“a2”[1]', [['A', 40]])]);
    expect(led.text).toBe('6月20日。据《A》：\n“a1”[1]\n据《A》：\n“a2”[2]');
  });

  it('points a lead answered by a stated quote to the sentence that states it, once', () => {
    const merged = mergeParts([
      part('据《A》：\n“第一句说了2018年首创。”[1]“第二句说2020年推行。”[2]', [['A', 0], ['A', 30]]),
      part('2020年。据《A》：\n“第一句说了2018年首创。”[1]“第二句说2020年推行。”[2]', [['A', 0], ['A', 30]]),
      part('2020年。据《A》：\n“第一句说了2018年首创。”[1]“第二句说2020年推行。”[2]', [['A', 0], ['A', 30]]),
    ]);
    expect(merged.text.split('\n').slice(2)).toEqual(['2020年[2]。']);
    // (A year put before a day, or a period in brackets after a figure, is not how the sentence prints it.)
    const dated = mergeParts([
      part('据《A》：\n“会议于6月20日召开。”[1]“另有一句。”[2]', [['A', 0], ['A', 30]]),
      part('2026年6月20日。据《A》：\n“会议于6月20日召开。”[1]“另有一句。”[2]', [['A', 0], ['A', 30]]),
    ]);
    expect(dated.text.split('\n').at(-1)).toBe('2026年6月20日[1]。');
  });

  it('quotes a sentence once however it was printed: in a run, as a list item, or from another span', () => {
    const merged = mergeParts([
      part('据《A》：\n第一条 甲。[1]第二条 乙。[2]', [['A', 0], ['A', 20]]),
      part('据《A》第二条：第二条 乙。[1]\n- 第三条 丙。[2]\n- 第一条 甲。[3]', [['A', 20], ['A', 40], ['A', 0]]),
    ]);
    // (The second part's line leads a list whose items are partly new: it is kept whole.)
    expect(merged.text.split('\n')).toEqual(['据《A》：', '第一条 甲。[1]第二条 乙。[2]', '据《A》第二条：第二条 乙。[2]', '- 第三条 丙。[3]']);
    // The same sentence at another span (an overlapping passage, another version) is not quoted again.
    const twice = mergeParts([part('据《A》：监事会主席由国务院任命的人员担任。[1]\n- 主席任期三年。[2]\n- 监事会主席由国务院任命的人员担任。[3]', [['A', 0], ['A', 30], ['A', 60]])]);
    expect(twice.text).toBe('据《A》：监事会主席由国务院任命的人员担任。[1]\n- 主席任期三年。[2]');
    expect(twice.citations.map((c) => c.start)).toEqual([0, 30]);
    // …but another text's words are its own, however alike ("本办法自发布之日起施行。").
    const boilerplate = mergeParts([part('据《A》：\n本办法自发布之日起施行。[1]', [['A', 0]]), part('自发布之日起施行。据《B》：“本办法自发布之日起施行。”[1]', [['B', 0]])]);
    expect(boilerplate.text.split('\n').at(-1)).toBe('自发布之日起施行。据《B》：“本办法自发布之日起施行。”[2]');
  });

  it('points a figure to the earlier quotes that hold its provision, and lists only the sources still cited', () => {
    const merged = mergeParts([
      part('据《A》：\n届满后三十日内，双方应当亲自申请；[1]未申请的，视为撤回申请。[2]', [['A', 0], ['A', 20]]),
      part('三十日内。据《A》：“届满后三十日内，双方应当亲自申请；未申请的，视为撤回申请。”[1]', [['A', 5]]),
      part('据《B》：\n另一份文件的话。[1]', [['B', 0]]),
    ]);
    // (The provision's own span, [3] before, is no longer cited: 《B》's quote is [3] now.)
    expect(merged.text.split('\n')).toEqual(['据《A》：', '届满后三十日内，双方应当亲自申请；[1]未申请的，视为撤回申请。[2]', '三十日内[1]。', '据《B》：', '另一份文件的话。[3]']);
    expect(merged.citations.map((c) => [c.n, c.docId])).toEqual([[1, 'A'], [2, 'A'], [3, 'B']]);
  });

  it('reads only citation markers as markers, and keeps what a lead or a list needs', () => {
    // A 文号 printed in square brackets is text, not a citation.
    const bracketed = mergeParts([part('据《A》：\n《关于工时的通知》（劳社部发[2000]8号）同时废止。[1]', [['A', 0]])]);
    expect(bracketed.text).toBe('据《A》：\n《关于工时的通知》（劳社部发[2000]8号）同时废止。[1]');
    expect(bracketed.citations.map((c) => c.n)).toEqual([1]);
    // A lead whose quote was printed before points to it; the new quote stays under the source.
    const led = mergeParts([
      part('据《A》：\n“第一句说了2018年首创。”[1]', [['A', 0]]),
      part('2018年。据《A》：\n“第一句说了2018年首创。”[1]“第二句说2020年推行。”[2]', [['A', 0], ['A', 30]]),
    ]);
    expect(led.text.split('\n').slice(2)).toEqual(['2018年[1]。据《A》：', '“第二句说2020年推行。”[2]']);
    // A lead that quotes nothing goes with its items when they were all printed before.
    const list = mergeParts([
      part('据《A》：\n- 甲项：身份证明材料。[1]\n- 乙项：住所证明材料。[2]', [['A', 0], ['A', 20]]),
      part('据《A》：\n应当提交以下材料：\n- 甲项：身份证明材料。[1]\n- 乙项：住所证明材料。[2]', [['A', 0], ['A', 20]]),
    ]);
    expect(list.text).toBe('据《A》：\n- 甲项：身份证明材料。[1]\n- 乙项：住所证明材料。[2]');
    // …and so does a lead quoted only to introduce them.
    const quotedLead = mergeParts([
      part('据《A》：\n- 甲项：身份证明材料。[1]\n- 乙项：住所证明材料。[2]', [['A', 0], ['A', 20]]),
      part('据《A》第九条：第九条 申请变更登记的，应当提交下列材料：[1]\n- 甲项：身份证明材料。[2]\n- 乙项：住所证明材料。[3]', [['A', 40], ['A', 0], ['A', 20]]),
    ]);
    expect(quotedLead.text).toBe('据《A》：\n- 甲项：身份证明材料。[1]\n- 乙项：住所证明材料。[2]');
    // "据《经济日报》报道，…：" inside a quoted sentence names no source of the answer's.
    const reported = mergeParts([part('据《A》：\n今年以来增长较快。据《经济日报》报道，有关负责人表示：增长5%。[1]', [['A', 0]])]);
    expect(reported.text).toBe('据《A》：\n今年以来增长较快。据《经济日报》报道，有关负责人表示：增长5%。[1]');
  });
});

