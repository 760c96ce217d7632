/**
 * Why the offline reader answered as it did (`ask --explain`): its confidence against the refusal
 * threshold, the answer features the model weighed, the best candidate sentences with their
 * scores, and for a refusal the answer it would have given, with what it would have cited. Built
 * as data (printed with --json), then as text for the terminal.
 */
import type { ReaderTrace } from '../answer/answerer.js';
import { bookTitle, compactTitle, excerpt } from '../answer/compose/citations.js';
import type { Answer, Citation } from '../types.js';

export interface Explanation {
  /** The model's probability that the answer is right, and the threshold below which it refuses. */
  confidence: number;
  threshold: number;
  answered: boolean;
  /** No part of the question could be answered at all: refused whatever the confidence. */
  nothingComposed: boolean;
  /** The answer features the model weighed (those not zero). */
  features: Record<string, number>;
  /** The best candidate sentences, best first. */
  candidates: Array<{ score: number; docId: string; title: string; heading: string; text: string }>;
  /** For a refusal: the answer it would have given, and what it would have cited. */
  wouldAnswer?: string;
  wouldCite?: Citation[];
}

export function explain(answer: Answer, trace: ReaderTrace | undefined, sentences = 5): Explanation | undefined {
  if (!trace) return undefined;
  return {
    confidence: trace.probability,
    threshold: trace.threshold,
    answered: answer.answered,
    nothingComposed: !trace.composed,
    features: Object.fromEntries(Object.entries(trace.features).filter(([, value]) => value !== 0)),
    candidates: trace.evidence.slice(0, sentences).map((e) => ({
      score: e.score,
      docId: e.hit.document.id,
      title: compactTitle(e.hit.document.title, e.hit.document.text),
      heading: e.hit.chunk.headingPath.slice(1).join(' > '),
      text: e.text,
    })),
    ...(!answer.answered && trace.composed ? { wouldAnswer: trace.text, wouldCite: trace.citations } : {}),
  };
}

/** 《title》 and the last heading it stands under, then the text quoted: "《…》 第十七条  “…”". */
const quoted = (title: string, heading: string | undefined, text: string) => `${bookTitle(title)}${heading ? ` ${heading.split(' > ').at(-1)}` : ''}  “${excerpt(text)}”`;

const round = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(3));

export function formatExplanation(explanation: Explanation | undefined, answer: Answer): string {
  if (!explanation) return `【说明】此回答由${answer.mode === 'llm' ? '大模型' : '离线阅读器'}给出，没有阅读器的打分记录。`;
  const { confidence, threshold, nothingComposed } = explanation;
  const verdict = nothingComposed ? '没有能回答问题的句子：拒答' : `${confidence >= threshold ? '不低于' : '低于'}阈值：${answer.answered ? '作答' : '拒答'}`;
  const lines = [`【说明】置信度 ${round(confidence)}，拒答阈值 ${round(threshold)}，${verdict}。`];
  const features = Object.entries(explanation.features).map(([name, value]) => `${name} ${round(value)}`);
  lines.push(`答案特征：${features.length > 0 ? features.join('，') : '（无）'}`);
  // (A lookup may be answered from a document's record, its 文号, issuers or date, not from a sentence.)
  if (explanation.features.lookup) lines.push('查询类问题：答案可取自文件的登记信息（文号、发文机关、日期），不一定出自下列候选句。');
  lines.push('候选句（得分，来源）：');
  if (explanation.candidates.length === 0) lines.push('  （无）');
  for (const c of explanation.candidates) lines.push(`  ${c.score.toFixed(3)}  ${quoted(c.title, c.heading, c.text)}`);
  if (explanation.wouldAnswer) {
    lines.push('若作答，将是：', explanation.wouldAnswer);
    for (const c of explanation.wouldCite ?? []) lines.push(`  [${c.n}] ${quoted(c.title, c.heading, c.quote)}`);
  }
  return lines.join('\n');
}
