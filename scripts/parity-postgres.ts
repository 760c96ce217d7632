/**
 * Issue "Beyond one machine", parity: every item of each suite's part answered from the files
 * index and from the same index published to Postgres (an embedded one, PGlite over its socket:
 * the `pg` code path a real server uses), compared item by item.
 *
 *   npx tsx scripts/parity-postgres.ts [--suite eval/suites.json] [--only seeds,laws] [--part validation] [--sample N]
 */
import { parseArgs } from 'node:util';
import { Assistant } from '../src/answer/assistant.js';
import { loadConfig } from '../src/config.js';
import { readDataset, type EvalItem } from '../src/eval/dataset.js';
import { runEval, type ResultLine } from '../src/eval/run.js';
import { partOf, sample } from '../src/eval/split.js';
import { readSuites } from '../src/eval/suite.js';
import { startDevDatabase } from '../src/index/postgres/dev-database.js';
import { publishFolder } from '../src/index/postgres/publish.js';

const { values: flags } = parseArgs({
  options: { suite: { type: 'string', default: 'eval/suites.json' }, only: { type: 'string' }, part: { type: 'string', default: 'validation' }, sample: { type: 'string' } },
});
const only = flags.only?.split(',');
const percent = (n: number, of: number) => (of === 0 ? '–' : (n / of).toFixed(3));

for (const suite of await readSuites(flags.suite!)) {
  if (only && !only.includes(suite.name)) continue;
  const items: EvalItem[] = [];
  for (const dataset of suite.datasets) {
    const list = (await readDataset(dataset)).filter((item) => flags.part === 'all' || partOf(item.id) === flags.part);
    items.push(...(flags.sample ? sample(list, Number(flags.sample)) : list));
  }
  const config = loadConfig({ indexDir: suite.index });
  const database = await startDevDatabase({ port: 0 });
  try {
    let began = performance.now();
    await publishFolder(database.url, suite.index);
    const publishSeconds = (performance.now() - began) / 1000;
    const files = await Assistant.open(config);
    began = performance.now();
    const postgres = await Assistant.open({ ...config, databaseUrl: database.url });
    const openSeconds = (performance.now() - began) / 1000;
    const a = await runEval(files, items, { k: 5 });
    const b = await runEval(postgres, items, { k: 5 });
    const right = (results: ResultLine[]) => results.filter((r) => r.correct).length;
    const differ = a.results.filter((r, i) => r.answer !== b.results[i]!.answer);
    const median = (results: ResultLine[]) => results.map((r) => r.latencyMs).sort((x, y) => x - y)[Math.floor(results.length / 2)]!;
    console.log(`\n== ${suite.name}: ${items.length} ${flags.part} items; published in ${publishSeconds.toFixed(1)} s, opened in ${openSeconds.toFixed(1)} s ==`);
    console.log(`right: files ${right(a.results)} (${percent(right(a.results), items.length)}), postgres ${right(b.results)} (${percent(right(b.results), items.length)})`);
    console.log(`answers worded differently: ${differ.length}; p50 answer latency files ${median(a.results)} ms, postgres ${median(b.results)} ms`);
    for (const [i, r] of a.results.entries()) {
      const other = b.results[i]!;
      if (r.answer === other.answer) continue;
      const mark = r.correct === other.correct ? '=' : r.correct ? '−' : '+';
      console.log(`${mark} ${r.id} ${r.question}\n    files:    ${r.answer.slice(0, 120).replace(/\n/g, ' / ')}\n    postgres: ${other.answer.slice(0, 120).replace(/\n/g, ' / ')}`);
    }
  } finally {
    await database.stop();
  }
}
