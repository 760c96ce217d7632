import { readFileSync, readdirSync } from 'node:fs';
import { tokenize, segment, normalizeText } from './src/text/tokenize.ts';
import nodejieba from 'nodejieba';
const texts = readdirSync('corpus').map((f) => readFileSync('corpus/' + f, 'utf8'));
// chunk into paragraphs-ish ~400 chars like the indexer would
const chunks: string[] = [];
for (const t of texts) for (let i = 0; i < t.length; i += 400) chunks.push(t.slice(i, i + 400));
const chars = chunks.reduce((a, c) => a + c.length, 0);
tokenize('预热');
function bench(name: string, fn: (s: string) => unknown, reps = 20) {
  const t0 = performance.now(); let n = 0;
  for (let r = 0; r < reps; r++) for (const c of chunks) { const x = fn(c) as unknown[]; n += Array.isArray(x) ? x.length : 0; }
  const ms = performance.now() - t0;
  console.log(name.padEnd(22), ((chars * reps) / (ms / 1000) / 1e6).toFixed(2), 'M chars/s', (n / reps) | 0, 'tokens');
}
bench('normalizeText', (s) => [normalizeText(s)]);
bench('nodejieba.cut raw', (s) => nodejieba.cut(s, true));
bench('nodejieba.cutForSearch', (s) => nodejieba.cutForSearch(s, true));
bench('segment', segment);
bench('tokenize', tokenize);
console.log('chars', chars, 'chunks', chunks.length);
import * as mod from './src/text/tokenize.ts';
const re = /[\u4e00-\u9fa5]{1,10}〔\d{4}〕\d+号/g;
bench('docno-regex-only', (s) => { const n = normalizeText(s); return [...n.matchAll(re)]; });
const big = chunks.join('\n');
bench('jieba cut whole (1 call)', () => [], 1);
let t0 = performance.now(); nodejieba.cut(big, true); console.log('one big cut', (big.length / ((performance.now() - t0) / 1000) / 1e6).toFixed(2), 'M chars/s');
