/**
 * `npm run ask -- [--index DIR] [--json] [--explain] [--issuer NAME] [--type 类型] [--from DATE] [--to DATE] "问题"`
 * Answers one question from the index, offline, with citations.
 */
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { PolicyQaError } from '../errors.js';
import { queryFilters, type QueryFilters } from '../retrieve/query.js';
import type { DocumentType } from '../types.js';
import type { ReaderTrace } from '../answer/answerer.js';
import { explain, formatExplanation } from './explain.js';
import { formatAnswer } from './format.js';
import { openAssistant } from './open-index.js';
import { runCommand } from './run.js';

export interface FilterFlags {
  issuer?: string;
  type?: string;
  from?: string;
  to?: string;
}

export function filtersFrom(flags: FilterFlags): QueryFilters | undefined {
  for (const [name, value] of [['from', flags.from], ['to', flags.to]] as const) {
    if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: --${name} must be a date like 2026-04-01, got "${value}".`);
    }
  }
  return queryFilters({ issuer: flags.issuer, type: flags.type as DocumentType | undefined, dateFrom: flags.from, dateTo: flags.to });
}

const program = new Command()
  .name('ask')
  .description('Answer a question about the policy corpus, with citations.')
  .argument('<question...>', 'the question, in Chinese')
  .option('--index <dir>', 'index folder (default: $INDEX_DIR or data/index/)')
  .option('--corpus <dir>', 'corpus to build the index from when it is missing (default: $CORPUS_DIR or corpus/)')
  .option('--mode <mode>', 'auto (LLM when configured), llm or extractive (default: $ANSWER_MODE or auto)')
  .option('--issuer <name>', 'only documents issued by this body')
  .option('--type <type>', 'only documents of this type (通知, 意见, 办法, 条例, 方案, 新闻 …)')
  .option('--from <date>', 'only documents dated on or after this day (yyyy-mm-dd)')
  .option('--to <date>', 'only documents dated on or before this day (yyyy-mm-dd)')
  .option('--json', 'print the answer object as JSON')
  .option('--explain', 'after the answer, why: its confidence against the refusal threshold, the features weighed, the best candidate sentences (with --json: an "explanation" field)')
  .action(async (words: string[], flags: FilterFlags & { index?: string; corpus?: string; mode?: string; json?: boolean; explain?: boolean }) => {
    const config = loadConfig({ indexDir: flags.index, corpusDir: flags.corpus, mode: flags.mode });
    const filters = filtersFrom(flags);
    const assistant = await openAssistant(config, { corpusGiven: Boolean(flags.corpus) });
    let trace: ReaderTrace | undefined;
    const answer = await assistant.ask(words.join(' '), { ...(filters ? { filters } : {}), ...(flags.explain ? { trace: (t: ReaderTrace) => (trace = t) } : {}) });
    const explanation = flags.explain ? explain(answer, trace) : undefined;
    if (flags.json) console.log(JSON.stringify(flags.explain ? { ...answer, explanation: explanation ?? null } : answer, null, 2));
    else console.log(formatAnswer(answer) + (flags.explain ? `\n\n${formatExplanation(explanation, answer)}` : ''));
  });

await runCommand(() => program.parseAsync().then(() => undefined));
