/**
 * Where the reader loses answers, per corpus of a suite file: of the answerable items, how many are
 * answered right, refused although the answer would have been right, answered or refused with the
 * gold answer in a candidate sentence that was not chosen (first, in 2–5, lower), or without any
 * candidate holding it (retrieval); of the unanswerable ones, how many are refused.
 *
 *   npx tsx scripts/diagnose-reader.ts [--suite eval/suites.json] [--only laws,news] [--part tuning] [--sample 500] [--out FILE]
 *
 * --out writes every miss with its question, gold answers, the answer as it would be given and what
 * it cites, and the chosen and answering candidates, to read what a change should fix (on tuning
 * parts only).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { ReaderTrace } from '../src/answer/answerer.js';
import { openAssistant } from '../src/cli/open-index.js';
import { loadConfig } from '../src/config.js';
import { readDataset } from '../src/eval/dataset.js';
import { isCorrect, normalizeForMatch } from '../src/eval/score.js';
import { partOf, sample } from '../src/eval/split.js';
import { corpusFolder, readSuites } from '../src/eval/suite.js';

const program = new Command()
  .option('--suite <file>', 'suite file of (corpus, index, datasets)', 'eval/suites.json')
  .option('--only <names>', 'only these suites (comma-separated)')
  .option('--part <part>', 'tuning, validation or all', 'tuning')
  .option('--sample <n>', 'at most n items per dataset', '500')
  .option('--out <file>', 'write every miss, to read')
  .action(async (flags: { suite: string; only?: string; part: string; sample: string; out?: string }) => {
    const only = flags.only?.split(',');
    const misses: string[] = [];
    for (const suite of (await readSuites(flags.suite)).filter((s) => !only || only.includes(s.name))) {
      const corpus = await corpusFolder(suite, path.resolve('data/corpora'));
      const assistant = await openAssistant({ ...loadConfig(), corpusDir: corpus, indexDir: suite.index }, { corpusGiven: true });
      const counts = new Map<string, number>();
      const count = (kind: string) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
      for (const dataset of suite.datasets) {
        const items = sample((await readDataset(dataset)).filter((item) => flags.part === 'all' || partOf(item.id) === flags.part), Number(flags.sample));
        for (const [n, item] of items.entries()) {
          const sessionId = `diagnose:${item.id}:${n}`;
          for (const turn of item.history ?? []) await assistant.ask(turn, { sessionId });
          let trace: ReaderTrace | undefined;
          const answer = await assistant.ask(item.question, { sessionId, trace: (t) => (trace = t) });
          if (item.answers.length === 0) {
            count(answer.answered ? 'unanswerable, answered' : 'unanswerable, refused');
            continue;
          }
          const golds = item.answers.map(normalizeForMatch);
          const evidence = trace?.evidence ?? [];
          const at = evidence.findIndex((e) => golds.some((gold) => normalizeForMatch(e.text).includes(gold)));
          const refused = answer.answered ? '' : ', refused';
          const kind = isCorrect(item, answer.answer, answer.answered)
            ? 'right'
            : isCorrect(item, trace?.text ?? '', true)
              ? 'refused, would have been right'
              : at < 0
                ? 'no candidate holds the answer'
                : at === 0
                  ? `first candidate holds it, answer does not${refused}`
                  : at < 5
                    ? `a candidate 2–5 holds it${refused}`
                    : `only a candidate below 5 holds it${refused}`;
          count(kind);
          if (kind !== 'right') {
            misses.push(
              `## ${suite.name} ${item.id} [${kind}] confidence ${answer.confidence}\nQ: ${item.question}\ngold: ${item.answers.join(' | ')}${item.all ? ` + ${item.all.join(' | ')}` : ''}\n` +
                `answer: ${(trace?.text ?? '').slice(0, 240).replace(/\n/g, ' / ')}\n` +
                `cites: ${(trace?.citations ?? []).map((c) => `[${c.n}] ${c.title}${c.heading ? ` ${c.heading.split(' > ').at(-1)}` : ''}`).join('; ') || '-'}\n` +
                `chosen: ${evidence[0]?.text.slice(0, 160) ?? '-'}\n${at > 0 ? `holds it (#${at + 1}): ${evidence[at]!.text.slice(0, 160)}\n` : ''}`,
            );
          }
        }
      }
      const answerable = [...counts].filter(([kind]) => !kind.startsWith('unanswerable')).reduce((sum, [, n]) => sum + n, 0);
      console.log(`\n${suite.name} (${flags.part}): ${answerable} answerable`);
      for (const [kind, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${kind}`);
    }
    if (flags.out) {
      await writeFile(flags.out, misses.join('\n'));
      console.log(`\nWrote ${misses.length} misses to ${flags.out}.`);
    }
  });

await program.parseAsync();
