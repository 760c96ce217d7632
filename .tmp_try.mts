import { tokenize, segment, normalizeText } from './src/text/tokenize.ts';
const xs = process.argv.slice(2);
for (const s of xs) { console.log(JSON.stringify(s)); console.log('  N', normalizeText(s)); console.log('  S', segment(s).join(' | ')); console.log('  T', tokenize(s).join(' | ')); }
