/**
 * Answer latency benchmark: `npm run bench:ask -- [--index DIR] [--questions FILE.jsonl] [--sample N]
 *                           [--type T] [--issuer NAME] [--from DATE] [--to DATE]`
 * Times assistant.ask on each question (eval-format JSONL, or N questions made from random sentences
 * of the indexed documents) after loading the index, and prints p50/p95/max latency; then the same
 * for retrieval alone (Retriever.search, the passages the answer reads), and the process's memory.
 * With DATABASE_URL set, the index is the one that database serves. The filters, when given, go
 * with every question, as the API's do.
 */
import { readFile } from 'node:fs/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Command } from 'commander';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig } from '../src/config.js';
import { describeUrl } from '../src/index/postgres/database.js';
import { percentile } from '../src/eval/score.js';
import { queryFilters } from '../src/retrieve/query.js';
import { documentTypes, type DocumentType } from '../src/types.js';

/** Deterministic pseudo-random numbers, so a sample is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Questions a reader might ask about a document: a clause of one of its sentences, turned into a question. */
function sampleQuestions(assistant: Assistant, count: number): string[] {
  const documents = [...assistant.index.documents.values()];
  const next = random(42);
  const questions: string[] = [];
  while (questions.length < count && documents.length > 0) {
    const document = documents[Math.floor(next() * documents.length)]!;
    const sentences = document.text.split(/[。！？\n]/).filter((s) => s.length >= 12);
    const sentence = sentences[Math.floor(next() * sentences.length)];
    if (!sentence) continue;
    const clause = sentence.split(/[，；：]/).find((c) => c.length >= 8) ?? sentence;
    questions.push(`${clause.slice(0, 24)}是怎么回事？`);
  }
  return questions;
}

const program = new Command()
  .option('--index <dir>', 'index folder (default: $INDEX_DIR or data/index/)')
  .option('--questions <file>', 'eval-format JSONL whose questions are asked')
  .option('--sample <n>', 'ask N questions made from the indexed documents instead', '200')
  .option('--type <type>', 'only documents of this type')
  .option('--issuer <name>', 'only documents issued by this body')
  .option('--from <date>', 'only documents dated on or after this day (yyyy-mm-dd)')
  .option('--to <date>', 'only documents dated on or before this day (yyyy-mm-dd)')
  .action(async (flags: { index?: string; questions?: string; sample: string; type?: string; issuer?: string; from?: string; to?: string }) => {
    if (flags.type && !(documentTypes as readonly string[]).includes(flags.type)) throw new Error(`--type must be one of ${documentTypes.join(', ')}`);
    const filters = queryFilters({ type: flags.type as DocumentType | undefined, issuer: flags.issuer, dateFrom: flags.from, dateTo: flags.to });
    const asked = filters ? { filters } : {};
    const config = loadConfig({ indexDir: flags.index });
    let began = performance.now();
    const assistant = await Assistant.open(config);
    const source = config.databaseUrl ? `the database at ${describeUrl(config.databaseUrl)}` : `index ${config.indexDir}`;
    console.log(`${source}${filters ? `, filters ${JSON.stringify(filters)}` : ''}: ${assistant.index.manifest.counts.documents} documents, ${assistant.index.manifest.counts.chunks} chunks, loaded in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    const questions = flags.questions
      ? (await readFile(flags.questions, 'utf8')).split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { question: string }).question)
      : sampleQuestions(assistant, Number(flags.sample));
    // Warm-up: first calls pay for jieba's dictionary and lazy structures.
    for (const question of questions.slice(0, 5)) await assistant.ask(question, asked);
    const latencies: number[] = [];
    let answered = 0;
    began = performance.now();
    for (const question of questions) {
      const start = performance.now();
      const answer = await assistant.ask(question, asked);
      latencies.push(performance.now() - start);
      if (answer.answered) answered++;
    }
    const seconds = (performance.now() - began) / 1000;
    console.log(
      `${questions.length} questions: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
        `max ${Math.max(...latencies).toFixed(1)} ms, ${(questions.length / seconds).toFixed(1)} questions/s, ${answered} answered`,
    );
    const searches: number[] = [];
    for (const question of questions) {
      const start = performance.now();
      await assistant.retriever.search(question, asked);
      searches.push(performance.now() - start);
    }
    console.log(`search alone: p50 ${percentile(searches, 50).toFixed(1)} ms, p95 ${percentile(searches, 95).toFixed(1)} ms, max ${Math.max(...searches).toFixed(1)} ms`);
    const { rss, heapUsed } = process.memoryUsage();
    console.log(`memory while serving: RSS ${(rss / 2 ** 20).toFixed(0)} MB, JS heap ${(heapUsed / 2 ** 20).toFixed(0)} MB`);
    // What the process keeps, without the garbage of the questions just answered.
    v8.setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const kept = process.memoryUsage();
    console.log(`after a garbage collection: RSS ${(kept.rss / 2 ** 20).toFixed(0)} MB, JS heap ${(kept.heapUsed / 2 ** 20).toFixed(0)} MB`);
  });

await program.parseAsync();
