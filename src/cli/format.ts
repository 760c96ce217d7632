/** Plain-text rendering of ingestion results for the terminal. */
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

/** What follows the answer text: sources (or related passages) and, in LLM mode, the tokens used. */
export function formatSources(answer: Answer): string {
  const lines: string[] = [];
  const sources = answer.answered ? answer.citations : answer.related;
  if (sources.length > 0) lines.push(answer.answered ? '来源：' : '相关段落：');
  for (const citation of sources) {
    const meta = [citation.documentNumber, citation.date].filter(Boolean).join('，');
    const heading = citation.heading ? ` > ${citation.heading}` : '';
    const quote = citation.quote.length > 120 ? `${citation.quote.slice(0, 120)}…` : citation.quote;
    lines.push(`[${citation.n}] 《${citation.title}》${meta ? `（${meta}）` : ''}${heading}`);
    lines.push(`    “${quote.replace(/\n/g, ' ')}”  [${citation.docId} ${citation.start}–${citation.end}]`);
  }
  if (answer.usage) lines.push('', `（大模型 ${answer.usage.modelCalls} 次调用，${answer.usage.totalTokens} tokens）`);
  return lines.join('\n').trimEnd();
}
