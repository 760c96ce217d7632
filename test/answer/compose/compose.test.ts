/** Composing a plain answer from ranked candidate sentences (compose.ts). */
import { describe, expect, it } from 'vitest';
import { Citations } from '../../../src/answer/compose/citations.js';
import { conditionsAnswer, generalAnswer, requiredCue } from '../../../src/answer/compose/compose.js';
import type { Evidence } from '../../../src/answer/candidates/evidence.js';
import type { SentenceFeatures } from '../../../src/answer/model/features.js';
import type { PolicyDocument } from '../../../src/types.js';

/** A one-sentence news report as the index holds it, retrieved at `rank`, its sentence scored `score`. */
function candidate(id: string, title: string, text: string, rank: number, score: number, coverage: number): Evidence {
  const document = { id, title, text, sourceFile: `${id}.jsonl`, issuers: [], type: '新闻', versionKey: title } as unknown as PolicyDocument;
  const chunk = { id: `${id}#0`, docId: id, ordinal: 0, text, headingPath: [title], start: 0, end: text.length };
  return { hit: { chunk, document, score: 1 / (1 + rank) }, rank, text, start: 0, end: text.length, coverage, passageCoverage: coverage, focused: false, features: {} as SentenceFeatures, score };
}

describe('a plain answer', () => {
  const echo = candidate('b', '市民热线一周回顾', '关于新能源汽车消费补贴由哪个部门组织实施，市民来电咨询较多。', 2, 1.0, 0.9);
  const other = candidate('c', '外地补贴政策', '外省新能源汽车消费补贴组织实施情况良好。', 1, 0.6, 0.8);

  it('also quotes the best sentence of the passage retrieval ranked first, when the best sentence is of another document', () => {
    const first = candidate('a', '新能源汽车消费补贴政策解读', '消费补贴由市商务局负责组织实施。', 0, 0.8, 0.5);
    const { text } = generalAnswer([echo, first, other], [], new Citations());
    expect(text).toContain('市商务局');
    expect(text).not.toContain('外省');
  });

  it('does not, when that sentence is much weaker: a close runner-up is quoted instead', () => {
    const first = candidate('a', '新能源汽车消费补贴政策解读', '消费补贴政策解读。', 0, 0.4, 0.3);
    const { text } = generalAnswer([echo, other, first], [], new Citations());
    expect(text).not.toContain('政策解读。');
    expect(text).toContain('外省');
  });
});

describe('a plain answer from a text of rules', () => {
  /** A clause of one text, in a passage of its own. (The others cover less of the question than a runner-up must.) */
  const texts = new Map<string, PolicyDocument>();
  const clause = (type: string, passage: number, text: string, score: number) => {
    const evidence = candidate(type, '某省民办学校管理条例', text, passage, score, passage === 0 ? 0.8 : 0.5);
    evidence.hit.document = texts.get(type) ?? { ...evidence.hit.document, type: type as PolicyDocument['type'] };
    texts.set(type, evidence.hit.document);
    evidence.hit.chunk = { ...evidence.hit.chunk, id: `${type}#${passage}`, ordinal: passage };
    return evidence;
  };

  it('also quotes a clause of the same text nearly as good: the neighbouring case is often the one asked', () => {
    const schooling = clause('条例', 0, '第十二条 举办实施学历教育的民办学校，由县级以上人民政府教育行政部门审批。', 1.0);
    const training = clause('条例', 1, '第十三条 举办实施职业技能培训的民办学校，由县级以上人民政府人力资源社会保障行政部门审批。', 0.9);
    const { text } = generalAnswer([schooling, training], [], new Citations());
    expect(text).toContain('教育行政部门审批。[1]');
    expect(text).toContain('人力资源社会保障行政部门审批。[2]');
  });

  it('names its own text when it follows a quote from another text', () => {
    const schooling = clause('条例', 0, '第十二条 举办实施学历教育的民办学校，由县级以上人民政府教育行政部门审批。', 1.0);
    const training = clause('条例', 1, '第十三条 举办实施职业技能培训的民办学校，由县级以上人民政府人力资源社会保障行政部门审批。', 0.9);
    const national = candidate('n', '民办教育促进法实施条例', '民办学校由县级以上人民政府教育行政部门审批。', 2, 0.95, 0.8);
    const { text } = generalAnswer([schooling, national, training], [], new Citations());
    expect(text).toContain('\n另据《民办教育促进法实施条例》：民办学校由县级以上人民政府教育行政部门审批。[2]');
    expect(text).toContain('\n另据《某省民办学校管理条例》：第十三条 举办实施职业技能培训的民办学校');
  });

  it('does not, when the other clause is much weaker, nor in a report, whose next sentence states the next fact', () => {
    const schooling = clause('条例', 0, '第十二条 举办实施学历教育的民办学校，由县级以上人民政府教育行政部门审批。', 1.0);
    const weak = clause('条例', 1, '第十三条 举办实施职业技能培训的民办学校，由县级以上人民政府人力资源社会保障行政部门审批。', 0.6);
    expect(generalAnswer([schooling, weak], [], new Citations()).text).not.toContain('人力资源');
    const lede = clause('新闻', 0, '记者获悉，某省去年审批学历教育民办学校12所。', 1.0);
    const next = clause('新闻', 1, '职业技能培训机构审批改由人社部门负责。', 0.9);
    expect(generalAnswer([lede, next], [], new Citations()).text).not.toContain('人社部门');
  });
});

describe('a list of conditions', () => {
  it('also quotes the best sentence of the passage retrieval ranked first, when the list is of another document', () => {
    const list = candidate('b', '申领指南', '申领新能源汽车消费补贴需满足本市户籍、首次购车等条件。', 2, 1.0, 0.9);
    const first = candidate('a', '补贴细则解读', '细则明确，申领补贴须在购车后30日内提交发票。', 0, 0.8, 0.4);
    const { text } = conditionsAnswer([list, first], [], new Citations(), () => [], '申领新能源汽车消费补贴需要满足哪些条件？');
    expect(text).toMatch(/^据《申领指南》/);
    expect(text).toContain('另据《补贴细则解读》：细则明确，申领补贴须在购车后30日内提交发票。');
  });
});

describe('the act a who-question asks about', () => {
  it('is the word after 谁, or past a prepositional phrase the verb it leads to', () => {
    expect(requiredCue('谁主持了会议？')?.source).toBe('主持');
    expect(requiredCue('找谁来做审查？')?.source).toBe('审查');
    // ("通过" only says how: the sentence naming who strives for funds need not print it.)
    expect(requiredCue('谁通过争取国家政策资金支持？')?.source).toBe('争取');
    expect(requiredCue('谁向记者透露了这一消息？')?.source).toBe('透露');
    // (Past an adverb or a verb of attempt: "赫尔佐格为促成…妥协" does not print 试图.)
    expect(requiredCue('谁试图促成政府和反对党之间的妥协？')?.source).toBe('促成');
    expect(requiredCue('谁将在8月18日举行首脑峰会？')?.source).toBe('举行');
    expect(requiredCue('谁在8月18日举行首脑峰会？')?.source).toBe('举行');
    expect(requiredCue('谁应当承担赔偿责任？')?.source).toBe('承担');
    expect(requiredCue('谁已经被任命为新的总理？')?.source).toBe('任命');
  });
});

describe('the act a where-question asks about', () => {
  it('must be stated with the place: its first word after the interrogative, past a light verb', () => {
    const cue = requiredCue('11岁小学生在哪里持刀行凶？')!;
    expect(cue.test('一名11岁小学生15日发帖称将在首尔一场演唱会上持刀行凶，16日被警方抓获。')).toBe(true);
    // (Another attack in a named city does not say where this act was.)
    expect(cue.test('8月3日，京畿道城南市一名男子进入一家商场，持凶器袭击民众。')).toBe(false);
    expect(requiredCue('马斯克计划在哪里进行练习？')!.test('马斯克说他将在自家后院练习。')).toBe(true);
    // "在哪个城市…" names the class of place asked for: any sentence naming a city, as before.
    expect(requiredCue('峰会在哪个城市举行？')!.test('峰会在杭州市举行。')).toBe(true);
  });

  it('is answered in place: the words before the interrogative, then a noun where it stands', () => {
    const cue = requiredCue('司法改革引发的危机蔓延到了哪里？')!;
    expect(cue.test('据报道，司法改革引发的危机甚至已蔓延到军队中。')).toBe(true);
    expect(cue.test('这是以政府1月宣布司法改革方案后，抗议者连续第30周举行示威游行。')).toBe(false);
  });
});
