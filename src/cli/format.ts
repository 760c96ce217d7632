/** Plain-text rendering of ingestion results for the terminal. */
import { bookTitle, excerpt, groupCitations } from '../answer/compose/citations.js';
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
