/**
 * How many answerable dev questions the corpus can answer at all: for each item, the documents that
 * print a gold answer string, and the best share of the question's terms (IDF-weighted, as the reader
 * weighs them) that one of those documents holds. A question built from an article the corpus lacks
 * finds its short answer ("9名", "2023年7月19日") only in unrelated documents, which share few of its
 * words. Items are bucketed by that share, with how many the retriever finds (gold in the top 20
 * passages) and the assistant answers right, so a recall or accuracy target can be read against what
 * the corpus holds.
 *
 *   npx tsx scripts/diagnose-answerability.ts [--suite eval/suites.json] [--only news] [--part tuning] [--sample 500]
 */
import path from 'node:path';
import { Command } from 'commander';
import { coverageOf } from '../src/answer/candidates/evidence.js';
import { queryTerms } from '../src/answer/question/terms.js';
import { openAssistant } from '../src/cli/open-index.js';
import { loadConfig } from '../src/config.js';
import { readDataset } from '../src/eval/dataset.js';
import { answerRank, isCorrect, normalizeForMatch, RECALL_DEPTH } from '../src/eval/score.js';
import { partOf, sample } from '../src/eval/split.js';
import { corpusFolder, readSuites } from '../src/eval/suite.js';
import { analyzeQuery } from '../src/retrieve/query.js';

/** A question whose best answering document holds less than this share of its terms is taken as not answerable here. */
const HELD = 0.5;

const program = new Command()
  .option('--suite <file>', 'suite file of (corpus, index, datasets)', 'eval/suites.json')
  .option('--only <names>', 'only these suites (comma-separated)', 'news')
  .option('--part <part>', 'tuning, validation or all', 'tuning')
  .option('--sample <n>', 'at most n items per dataset', '500')
  .action(async (flags: { suite: string; only: string; part: string; sample: string }) => {
    const only = flags.only.split(',');
    for (const suite of (await readSuites(flags.suite)).filter((s) => only.includes(s.name))) {
      const corpus = await corpusFolder(suite, path.resolve('data/corpora'));
      const assistant = await openAssistant({ ...loadConfig(), corpusDir: corpus, indexDir: suite.index }, { corpusGiven: true });
      const documents = [...assistant.index.documents.values()].map((document) => ({ document, text: normalizeForMatch(`${document.title}\n${document.text}`) }));
      const buckets = new Map<number, { items: number; found: number; right: number }>();
      let held = { items: 0, found: 0, right: 0 };
      let all = { items: 0, found: 0, right: 0 };
      for (const dataset of suite.datasets) {
        const items = sample((await readDataset(dataset)).filter((item) => item.answers.length > 0 && (flags.part === 'all' || partOf(item.id) === flags.part)), Number(flags.sample));
        for (const [n, item] of items.entries()) {
          // (Follow-ups are asked after their history, as the eval asks them.)
          const sessionId = `answerability:${item.id}:${n}`;
          for (const turn of item.history ?? []) await assistant.ask(turn, { sessionId });
          const answer = await assistant.ask(item.question, { sessionId });
          const hits = await assistant.retriever.search(answer.resolvedQuestion, { limit: RECALL_DEPTH });
          const found = answerRank(item, hits.map((hit) => hit.chunk.text)) > 0 ? 1 : 0;
          const right = isCorrect(item, answer.answer, answer.answered) ? 1 : 0;
          const golds = item.answers.map(normalizeForMatch);
          const terms = await queryTerms(analyzeQuery(answer.resolvedQuestion), assistant.index);
          let best = 0;
          for (const { document, text } of documents) {
            if (golds.some((gold) => text.includes(gold))) best = Math.max(best, coverageOf(`${document.title}\n${document.text}`, terms));
          }
          const bucket = Math.min(9, Math.floor(best * 10));
          const counts = buckets.get(bucket) ?? { items: 0, found: 0, right: 0 };
          for (const c of [counts, all, ...(best >= HELD ? [held] : [])]) {
            c.items++;
            c.found += found;
            c.right += right;
          }
          buckets.set(bucket, counts);
          if (process.stderr.isTTY && n % 50 === 0) process.stderr.write(`\r${suite.name}: ${n}/${items.length}`);
        }
      }
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(`\n${suite.name} (${flags.part}): best share of the question's terms in a document printing the answer`);
      console.log('share      items  found@20  right');
      for (const [bucket, c] of [...buckets].sort((a, b) => a[0] - b[0])) {
        console.log(`${(bucket / 10).toFixed(1)}–${((bucket + 1) / 10).toFixed(1)}  ${String(c.items).padStart(7)}  ${String(c.found).padStart(8)}  ${String(c.right).padStart(5)}`);
      }
      const share = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(3));
      console.log(`all: ${all.items} items, recall@20 ${share(all.found, all.items)}, answered right ${share(all.right, all.items)}`);
      console.log(`held (share ≥ ${HELD}): ${held.items} items (${share(held.items, all.items)} of all), recall@20 ${share(held.found, held.items)}, answered right ${share(held.right, held.items)}`);
    }
  });

await program.parseAsync();
