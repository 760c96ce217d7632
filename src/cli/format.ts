/** Plain-text rendering of ingestion results for the terminal. */
import { bookTitle, compactTitle, excerpt, groupCitations } from '../answer/citations.js';
import type { ReaderTrace } from '../answer/answerer.js';
import type { BuildSummary } from '../index/build.js';
import type { Answer, IngestProblem } from '../types.js';

export function formatProblem(problem: IngestProblem): string {
  const where = problem.line !== undefined ? `${problem.sourceFile}:${problem.line}` : problem.sourceFile;
  return `warning [${problem.code}] ${where}: ${problem.message}`;
}

export function formatSummary(summary: BuildSummary): string {
  const { files } = summary;
  const fileParts = [`${files.added} added`, `${files.changed} changed`, `${files.removed} removed`, `${files.unchanged} unchanged`];
  if (files.failed) fileParts.push(`${files.failed} failed`);
  return (
    `Indexed ${summary.documents} documents, ${summary.chunks} chunks, ${summary.figures} figures ` +
    `from ${files.total} files (${fileParts.join(', ')}) in ${summary.seconds.toFixed(1)} s, ` +
    `${summary.megabytesPerSecond.toFixed(2)} MB/s → ${summary.indexDir}`
  );
}

/** An answer for the terminal: the text, then its sources, or the related passages after a refusal. */
export function formatAnswer(answer: Answer): string {
  return [...(answer.notice ? [`（${answer.notice}）`] : []), answer.answer, '', formatSources(answer)].join('\n').trimEnd();
}

/**
 * What follows the answer text: sources (or related passages) grouped per document, the title and
 * its 文号 once over the quotes taken from it, and, in LLM mode, the tokens used.
 */
export function formatSources(answer: Answer): string {
  const lines: string[] = [];
  const sources = answer.answered ? answer.citations : answer.related;
  if (sources.length > 0) lines.push(answer.answered ? '来源：' : '相关段落：');
  const byNumber = new Map(sources.map((c) => [c.n, c]));
  for (const group of groupCitations(sources)) {
    const meta = [group.documentNumber, group.date].filter(Boolean).join('，');
    lines.push(`${bookTitle(group.title)}${meta ? `（${meta}）` : ''}  [${group.docId}]`);
    // Quotes under one heading (第二十条) follow it without repeating it.
    let heading = '';
    for (const n of group.citations) {
      const citation = byNumber.get(n)!;
      if (citation.heading && citation.heading !== heading) lines.push(`  ${citation.heading}`);
      heading = citation.heading;
      lines.push(`${heading ? '    ' : '  '}[${n}] “${excerpt(citation.quote)}”  [${citation.start}–${citation.end}]`);
    }
  }
  if (answer.usage) lines.push('', `（大模型 ${answer.usage.modelCalls} 次调用，${answer.usage.totalTokens} tokens）`);
  return lines.join('\n').trimEnd();
}

/**
 * Why the offline reader answered as it did, after the answer (`ask --explain`): its confidence
 * against the refusal threshold, the answer features the model weighed, the best candidate
 * sentences with their scores, and, when it refused, the answer it would have given.
 */
export function formatExplanation(answer: Answer, trace: ReaderTrace | undefined, threshold: number, sentences = 5): string {
  if (!trace) return `【说明】此回答由${answer.mode === 'llm' ? '大模型' : '离线阅读器的规则（无候选句打分）'}给出，无打分记录。`;
  const lines = [`【说明】置信度 ${answer.confidence.toFixed(2)}，拒答阈值 ${threshold.toFixed(2)}：${answer.answered ? '作答' : '拒答'}。`];
  const features = Object.entries(trace.features)
    .filter(([, value]) => value !== 0)
    .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(2)}`);
  lines.push(`答案特征：${features.join('，')}`);
  lines.push('候选句（得分，来源）：');
  for (const e of trace.evidence.slice(0, sentences)) lines.push(`  ${e.score.toFixed(3)}  ${bookTitle(compactTitle(e.hit.document.title, e.hit.document.text))}${e.hit.chunk.headingPath.length > 1 ? ` ${e.hit.chunk.headingPath.at(-1)}` : ''}  “${excerpt(e.text)}”`);
  if (!answer.answered && trace.text) lines.push('若作答，将是：', trace.text);
  return lines.join('\n');
}
