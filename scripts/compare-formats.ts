/**
 * The same law texts as users bring them: Markdown as the laws corpus holds them, PDFs printed by
 * Chromium (a running header repeating the title over every page and "— 1 —" page numbers, or the
 * 公文 layout of GB/T 9704 with --gongwen), and pages of a legal portal (menus, breadcrumb, an
 * information table, print links, related laws, footer). Asks the laws questions whose source is
 * one of them and prints one table per format: what the product loses to the format is the gap.
 *
 *   npx tsx scripts/compare-formats.ts [--texts 50] [--others 110] [--gongwen] [--out DIR]
 *
 * Run from the repository root. Needs the laws corpus (eval/suites.json, unpacked to data/corpora/laws
 * by the first eval) and Debian's chromium. The corpora, indexes and results go under --out, a new or
 * empty folder (default: a temporary one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { chromium } from 'playwright-core';
import { readDataset } from '../src/eval/dataset.js';
import { corpusFolder, readSuites } from '../src/eval/suite.js';

const program = new Command()
  .option('--texts <n>', 'texts the most questions ask about', '50')
  .option('--others <n>', 'other texts beside them, every tenth of the corpus', '110')
  .option('--gongwen', 'print PDFs in the 公文 layout (仿宋 16pt, page number at the right) instead of with a title header')
  .option('--out <dir>', 'where the corpora, indexes and results go')
  .parse();
const flags = program.opts<{ texts: string; others: string; gongwen?: boolean; out?: string }>();

const laws = (await readSuites('eval/suites.json')).find((suite) => suite.name === 'laws')!;
const root = await corpusFolder(laws, path.resolve('data/corpora'));
const files: string[] = [];
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    // (A folder's _index.md is no text; a name printed in two folders is taken once.)
    else if (file.endsWith('.md') && name !== '_index.md' && !files.some((other) => path.basename(other) === name)) files.push(file);
  }
};
walk(root);

// The questions that name their source, and the texts they ask about most.
const items = (await Promise.all(laws.datasets.map(readDataset))).flat().filter((item) => item.source && !item.history);
// The text a source names: the one of that very name, else the shortest that holds it (反不正当竞争法,
// not 最高人民法院关于适用《反不正当竞争法》若干问题的解释).
const textNamed = (source: string) =>
  files.find((file) => path.basename(file, '.md').replace(/\([^)]*\)$/, '') === source) ??
  files.filter((file) => path.basename(file, '.md').includes(source)).sort((a, b) => a.length - b.length)[0];
const sourceOf = new Map(items.map((item) => [item.id, textNamed(item.source!)]));
const asked = new Map<string, number>();
for (const file of sourceOf.values()) if (file) asked.set(file, (asked.get(file) ?? 0) + 1);
const texts = [...asked.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(flags.texts)).map(([file]) => file);
const others = files.filter((file) => !texts.includes(file)).filter((_, i) => i % 10 === 3).slice(0, Number(flags.others));

const out = path.resolve(flags.out ?? mkdtempSync(path.join(os.tmpdir(), 'policy-formats-')));
// (Its files are written, never someone else's: an existing folder must be empty.)
if (existsSync(out) && readdirSync(out).length > 0) {
  console.error(`--out ${out} is not empty: give a new or empty folder.`);
  process.exit(2);
}
for (const format of ['md', 'pdf', 'html']) mkdirSync(path.join(out, format), { recursive: true });
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const style = flags.gongwen
  ? 'body{font-family:serif;font-size:16pt;line-height:28.9pt}h1{text-align:center;font-size:22pt;line-height:34pt;font-weight:normal}h2{font-size:16pt}p{text-indent:2em;margin:0;text-align:justify}'
  : 'body{font-family:serif;font-size:15pt;line-height:26pt}h1{text-align:center;font-size:20pt}h2{text-align:center;font-size:16pt}p{text-indent:2em;margin:0}';

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [n, file] of [...texts, ...others].entries()) {
  const name = path.basename(file, '.md');
  const markdown = readFileSync(file, 'utf8');
  writeFileSync(path.join(out, 'md', `${name}.md`), markdown);
  const title = /^#\s*(.*)$/m.exec(markdown)?.[1] ?? name.replace(/\(.*\)$/, '');
  const body = markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const heading = /^(#+)\s*(.*)$/.exec(line);
      return heading ? `<h${heading[1]!.length}>${escape(heading[2]!)}</h${heading[1]!.length}>` : `<p>${escape(line)}</p>`;
    })
    .join('\n');
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title><style>${style}</style></head><body>${body}</body></html>`);
  await page.pdf({
    path: path.join(out, 'pdf', `${name}.pdf`),
    format: 'A4',
    displayHeaderFooter: true,
    headerTemplate: flags.gongwen ? '<span></span>' : `<div style="font-size:9pt;width:100%;text-align:center">${escape(title)}</div>`,
    footerTemplate: `<div style="font-size:${flags.gongwen ? 14 : 10}pt;width:100%;padding:0 28mm;text-align:${flags.gongwen ? 'right' : 'center'}">— <span class="pageNumber"></span> —</div>`,
    margin: flags.gongwen ? { top: '37mm', bottom: '35mm', left: '28mm', right: '26mm' } : { top: '30mm', bottom: '30mm', left: '28mm', right: '26mm' },
  });
  const date = /\((\d{4})-(\d{2})-(\d{2})\)$/.exec(name);
  writeFileSync(
    path.join(out, 'html', `${name}.html`),
    `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}_国家法律法规数据库</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/">法律</a> <a href="/">行政法规</a> <a href="/">司法解释</a> <input placeholder="请输入关键词"> <button>搜索</button></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/">法律法规</a> &gt; 正文</div>
<div class="box"><table class="info"><tr><td>标题：</td><td>${escape(title)}</td></tr>${date ? `<tr><td>公布日期：</td><td>${date[1]}年${Number(date[2])}月${Number(date[3])}日</td></tr>` : ''}<tr><td>时效性：</td><td>有效</td></tr></table>
<div class="article">${body}</div>
<div class="tools"><a href="#">【打印】</a> <a href="#">【下载PDF】</a> <a href="#">【关闭】</a></div></div>
<div class="related"><h3>相关法规</h3><ul><li><a href="/1">中华人民共和国民法典</a></li><li><a href="/2">中华人民共和国行政处罚法</a></li></ul></div>
<div class="footer">主办单位：某某委员会办公厅 版权所有 <a href="#">京ICP备00000000号</a></div></body></html>`,
  );
  if (process.stderr.isTTY && n % 10 === 0) process.stderr.write(`\rprinted ${n}/${texts.length + others.length}`);
}
await browser.close();

const questions = items.filter((item) => texts.includes(sourceOf.get(item.id) ?? ''));
writeFileSync(path.join(out, 'questions.jsonl'), questions.map((item) => JSON.stringify(item)).join('\n') + '\n');
const suites = ['md', 'pdf', 'html'].map((format) => ({ name: format, corpus: format, index: `index-${format}`, datasets: ['questions.jsonl'] }));
writeFileSync(path.join(out, 'suite.json'), JSON.stringify({ suites }, null, 1));
console.log(`\n${texts.length + others.length} texts in each format, ${questions.length} questions, in ${out}`);
const run = spawnSync('npx', ['tsx', 'src/cli/eval.ts', '--suite', path.join(out, 'suite.json'), '--part', 'all', '--no-baseline', '--out', path.join(out, 'results')], { stdio: 'inherit' });
process.exit(run.status ?? 1);
