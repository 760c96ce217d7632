/**
 * Seeded fuzzing of the corpus loaders: small valid files of every type, mutated (byte flips,
 * truncation, garbage, repeated slices, invalid UTF-8 and GB18030, deep nesting, lying zip sizes),
 * each loaded by loadFile. Every case must load or throw a PolicyQaError whose message names the
 * file; anything else is "uncoded" and fails the run.
 *
 *   npm run fuzz:loaders -- --seed 1 --cases 10000
 *
 * `--cases` is the total, spread evenly over the five types. Prints counts by type and outcome,
 * the slowest case and the peak RSS; exits 1 on an uncoded error. The test suite runs a few
 * hundred cases of the same generator (test/ingest/loaders-fuzz.test.ts).
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { defaultConfig, type IngestLimitsConfig } from '../src/config.js';
import { isPolicyQaError } from '../src/errors.js';
import { loadFile } from '../src/ingest/loaders.js';

export const fuzzTypes = ['txt', 'html', 'pdf', 'docx', 'jsonl'] as const;
export type FuzzType = (typeof fuzzTypes)[number];

/** mulberry32: tiny, fast, and the same sequence on every machine for a seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

/** Byte runs that break decoders: invalid UTF-8, overlongs, surrogates, GB18030 past U+10FFFF, BOMs. */
const nastyBytes: readonly number[][] = [
  [0xe3, 0x32, 0x9a, 0x36, 0xe3, 0x32, 0x9a, 0x36],
  [0xfe, 0x39, 0xfe, 0x39],
  [0xf4, 0x90, 0x80, 0x80],
  [0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80],
  [0xc0, 0x80],
  [0xff, 0xfe],
  [0xfe, 0xff, 0x00],
  [0x00],
  [0x80, 0x81, 0x82],
  [0xef, 0xbb, 0xbf],
];

const nastyText = ['&#x110000;', '&#1114112;', '&#xD800;', '&#0;', '\uD800', '\uDC00\uDC00', '<![CDATA[', '<!--', '\u0000', '<?xml', ']]>'];

function mutateBytes(random: Random, input: Uint8Array): Uint8Array {
  let bytes: Uint8Array = Uint8Array.from(input);
  const rounds = 1 + int(random, 4);
  for (let round = 0; round < rounds; round++) {
    const at = int(random, bytes.length + 1);
    switch (int(random, 6)) {
      case 0: // flip a few bytes
        for (let i = 0; i < 1 + int(random, 8) && bytes.length > 0; i++) bytes[int(random, bytes.length)] = int(random, 256);
        break;
      case 1: // truncate
        bytes = bytes.subarray(0, at);
        break;
      case 2: // insert garbage
        bytes = concat(bytes.subarray(0, at), Uint8Array.from({ length: 1 + int(random, 64) }, () => int(random, 256)), bytes.subarray(at));
        break;
      case 3: { // repeat a slice
        const length = 1 + int(random, 32);
        const slice = bytes.slice(at, at + length);
        const copies = Array.from({ length: 1 + int(random, 200) }, () => slice);
        bytes = concat(bytes.subarray(0, at), ...copies, bytes.subarray(at));
        break;
      }
      case 4: // decoder-breaking bytes
        bytes = concat(bytes.subarray(0, at), Uint8Array.from(pick(random, nastyBytes)), bytes.subarray(at));
        break;
      default: // delete a span
        bytes = concat(bytes.subarray(0, at), bytes.subarray(at + int(random, 64)));
    }
  }
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

const encoder = new TextEncoder();

function deepHtml(random: Random): string {
  const tag = pick(random, ['div', 'span', 'b', 'table', 'p', 'li', 'ul', 'font', 'a', 'svg', 'td', 'select', 'h1']);
  const depth = pick(random, [100, 600, 2000, 20_000]);
  const close = random() < 0.5 ? `</${tag}>`.repeat(depth) : '';
  return `<html><body>${`<${tag}>`.repeat(depth)}第一条 深层正文${close}</body></html>`;
}

function htmlSeed(random: Random): string {
  const charset = pick(random, ['', '<meta charset="utf-8">', '<meta charset="gbk">', '<meta charset="utf-16">', '<meta charset="x-unknown">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">']);
  const body = pick(random, [
    '<h1>关于推进政务服务的通知</h1><p>第一条 为了规范管理，制定本办法。</p><ul><li>一、总体要求</li><li>二、主要任务</li></ul>',
    `<p>${pick(random, nastyText)}正文${pick(random, nastyText)}</p><table><tr><td>补贴</td><td>100元</td></tr></table>`,
    '<script>var a = "<div>".repeat(9)</script><style>p{}</style><p>正文<br>第二行</p><!-- 注释',
  ]);
  return `<!doctype html><html><head>${charset}<title>政策 ${pick(random, nastyText)}</title></head><body>${body}</body></html>`;
}

function docxXml(random: Random): string {
  const paragraph = `<w:p><w:r><w:t xml:space="preserve">第一条 ${pick(random, nastyText)} 政策正文</w:t></w:r></w:p>`;
  let body = paragraph.repeat(1 + int(random, 5));
  if (random() < 0.2) body = `${'<w:p>'.repeat(pick(random, [500, 5000, 50_000]))}深`;
  if (random() < 0.1) body += '<w:p><w:r><w:t>' + ' '.repeat(2 * 1024 * 1024) + '</w:t></w:r></w:p>';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

async function docxBytes(documentXml: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file('word/document.xml', documentXml);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Rewrites every central-directory and local-header size field with a lie (0, tiny, huge). */
function lieAboutSizes(random: Random, input: Uint8Array): Uint8Array {
  const bytes = Buffer.from(input);
  const lie = pick(random, [0, 1, 100, 0x7fffffff, 0xfffffffe, 0xffffffff]);
  for (let at = 0; at + 30 < bytes.length; at++) {
    const signature = bytes.readUInt32LE(at);
    if (signature === 0x02014b50 && at + 28 <= bytes.length) bytes.writeUInt32LE(lie, at + (random() < 0.5 ? 24 : 20));
    if (signature === 0x04034b50) bytes.writeUInt32LE(lie, at + 22);
  }
  return bytes;
}

async function pdfBytes(random: Random): Promise<Uint8Array> {
  // No creation date, ids or producer written: the same seed gives the same bytes on every run.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 1 + int(random, 3); i++) pdf.addPage([300, 200]).drawText(`Article ${i + 1}: policy text`, { x: 20, y: 100, size: 12, font });
  return pdf.save({ useObjectStreams: random() < 0.5 });
}

function pdfStructural(random: Random, input: Uint8Array): Uint8Array {
  let text = Buffer.from(input).toString('latin1');
  switch (int(random, 4)) {
    case 0:
      text = text.replace(/\/Count \d+/, `/Count ${pick(random, ['999999999', '-1', '0', '1e9'])}`);
      break;
    case 1:
      text = text.replace(/\/Length \d+/g, () => `/Length ${pick(random, ['0', '99999999', '-5'])}`);
      break;
    case 2:
      text = text.replace(/(\d+) 0 R/g, (all, n: string) => (random() < 0.3 ? `${Number(n) + 1} 0 R` : all));
      break;
    default:
      text = text.replace('%%EOF', '') + '1 0 obj ' + '['.repeat(pick(random, [100, 10_000])) + '\n%%EOF';
  }
  return Buffer.from(text, 'latin1');
}

function jsonlSeed(random: Random): string {
  const lines = [
    JSON.stringify({ id: 1, title: '通知', text: '第一条 政策正文。' }),
    JSON.stringify({ id: 'b', text: `正文 ${pick(random, nastyText)}`, date: null }),
    pick(random, ['{"text": ', '[1,2,3]', 'null', '{"text": 5}', '', '{"text":"' + 'x'.repeat(int(random, 5000)) + '"}']),
    random() < 0.2 ? `{"text":"深","a":${'['.repeat(pick(random, [1000, 100_000]))}` : '{"text":"尾"}',
  ];
  return lines.join(pick(random, ['\n', '\r\n', '\r']));
}

/** One fuzz case: a file name (unique per case, so a message naming it can be checked) and its bytes. */
export interface FuzzCase {
  type: FuzzType;
  name: string;
  bytes: Uint8Array;
}

/** The deterministic case `index` of `type` for `seed`. */
export async function fuzzCase(seed: number, type: FuzzType, index: number): Promise<FuzzCase> {
  const random = prng((seed * 1_000_003 + index * 7919 + fuzzTypes.indexOf(type) * 104_729) >>> 0);
  const name = `fuzz-${seed}-${type}-${index}.${type}`;
  const mutate = random() < (type === 'docx' ? 0.4 : 0.85);
  let bytes: Uint8Array;
  switch (type) {
    case 'txt':
      bytes = encoder.encode(pick(random, ['第一章 总则\n第一条 为了规范管理。\r\n', '\uFEFF政策', 'plain ascii']) + pick(random, nastyText));
      if (random() < 0.2) bytes = concat(Uint8Array.of(0xff, 0xfe), bytes);
      break;
    case 'html':
      bytes = encoder.encode(random() < 0.25 ? deepHtml(random) : htmlSeed(random));
      break;
    case 'jsonl':
      bytes = encoder.encode(jsonlSeed(random));
      break;
    case 'docx': {
      // Half the cases mutate the XML before zipping: mutated zip bytes rarely get past the inflater.
      const xml = encoder.encode(docxXml(random));
      bytes = await docxBytes(Buffer.from(random() < 0.5 ? mutateBytes(random, xml) : xml).toString('utf8'));
      if (random() < 0.2) bytes = lieAboutSizes(random, bytes);
      break;
    }
    case 'pdf':
      bytes = await pdfBytes(random);
      if (random() < 0.3) bytes = pdfStructural(random, bytes);
      break;
  }
  return { type, name, bytes: mutate ? mutateBytes(random, bytes) : bytes };
}

export type Outcome = 'loaded' | string;

export interface FuzzReport {
  cases: number;
  /** type → outcome (`loaded` or an error code) → count. */
  outcomes: Record<string, Record<Outcome, number>>;
  /** Cases that threw something other than a coded error naming the file. */
  uncoded: Array<{ name: string; error: string }>;
  slowest: { name: string; ms: number };
  peakRssMb: number;
}

/** Loads `casesPerType` cases of each type (or of `types`) in a temporary folder. */
export async function runFuzz(options: { seed: number; casesPerType: number; types?: readonly FuzzType[]; limits?: Partial<IngestLimitsConfig>; onCase?: (done: number) => void }): Promise<FuzzReport> {
  const limits: IngestLimitsConfig = { ...defaultConfig.ingest, fileTimeoutMs: 10_000, ...options.limits };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'policy-qa-fuzz-'));
  const report: FuzzReport = { cases: 0, outcomes: {}, uncoded: [], slowest: { name: '', ms: 0 }, peakRssMb: 0 };
  try {
    for (let index = 0; index < options.casesPerType; index++) {
      for (const type of options.types ?? fuzzTypes) {
        const fuzz = await fuzzCase(options.seed, type, index);
        await writeFile(path.join(dir, fuzz.name), fuzz.bytes);
        const began = performance.now();
        let outcome: Outcome;
        try {
          await loadFile(dir, fuzz.name, limits);
          outcome = 'loaded';
        } catch (error) {
          if (isPolicyQaError(error) && error.message.includes(fuzz.name)) outcome = error.code;
          else {
            outcome = 'UNCODED';
            report.uncoded.push({ name: fuzz.name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
          }
        }
        const ms = performance.now() - began;
        if (ms > report.slowest.ms) report.slowest = { name: fuzz.name, ms: Math.round(ms) };
        const byType = (report.outcomes[type] ??= {});
        byType[outcome] = (byType[outcome] ?? 0) + 1;
        report.cases++;
        options.onCase?.(report.cases);
        await unlink(path.join(dir, fuzz.name));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  }
  return report;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
}

async function main(): Promise<void> {
  const seed = argument('seed', 1);
  const cases = argument('cases', 10_000);
  const casesPerType = Math.ceil(cases / fuzzTypes.length);
  const began = performance.now();
  const report = await runFuzz({
    seed,
    casesPerType,
    onCase: (done) => {
      if (done % 1000 === 0) process.stderr.write(`${done} cases, ${Math.round((performance.now() - began) / 1000)} s\n`);
    },
  });
  console.log(`seed ${seed}: ${report.cases} cases in ${((performance.now() - began) / 1000).toFixed(1)} s, peak RSS ${report.peakRssMb} MB, slowest ${report.slowest.name} ${report.slowest.ms} ms`);
  for (const [type, outcomes] of Object.entries(report.outcomes)) {
    const counts = Object.entries(outcomes).sort((a, b) => b[1] - a[1]).map(([outcome, count]) => `${outcome} ${count}`);
    console.log(`  ${type.padEnd(6)} ${counts.join(', ')}`);
  }
  for (const failure of report.uncoded.slice(0, 20)) console.log(`UNCODED ${failure.name}: ${failure.error}`);
  if (report.uncoded.length > 0) {
    console.log(`${report.uncoded.length} uncoded errors (rerun one with --seed ${seed})`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
