import { readFileSync, readdirSync } from 'node:fs';
import nodejieba from 'nodejieba';
const lines = readdirSync('corpus').flatMap((f) => readFileSync('corpus/' + f, 'utf8').split(/\n+/)).filter((l) => l.trim());
const before = lines.map((l) => nodejieba.cut(l, true));
nodejieba.load({ userDict: 'src/text/dictionary/user.dict.utf8' });
const dict = new Set(readFileSync('src/text/dictionary/user.dict.utf8', 'utf8').split('\n').map((l) => l.split(' ')[0]));
const used = new Map<string, number>();
const diffs = new Map<string, number>();
lines.forEach((l, i) => {
  const after = nodejieba.cut(l, true);
  for (const w of after) if (dict.has(w)) used.set(w, (used.get(w) ?? 0) + 1);
  const b = before[i]!.join('/'), a = after.join('/');
  if (a !== b) {
    // collect changed windows: tokens in after not in before
    const bs = new Set(before[i]);
    for (let k = 0; k < after.length; k++) if (!bs.has(after[k]!) && !dict.has(after[k]!)) { const key = (after[k-1] ?? '') + '/' + after[k] + '/' + (after[k+1] ?? ''); diffs.set(key, (diffs.get(key) ?? 0) + 1); }
  }
});
console.log('dict words used in corpus:', used.size, 'of', dict.size);
console.log([...used].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([w, n]) => w + ':' + n).join(' '));
console.log('new non-dict tokens after loading dict (possible collateral splits):');
console.log([...diffs].map(([w, n]) => w + ':' + n).join('\n'));
