import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { PolicyQaError } from '../../src/errors.js';
import { checkFileLimits, listCorpusFiles, loadFile, readJsonlRecords, supportedExtensions, withoutRunningLines } from '../../src/ingest/loaders.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'policy-qa-loaders-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(relativePath: string, content: string | Uint8Array): Promise<void> {
  const target = path.join(dir, relativePath);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content);
}

/** Runs fn and returns the PolicyQaError it throws; fails the test if it does not throw one. */
async function caught(fn: () => Promise<unknown>): Promise<PolicyQaError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyQaError);
    return error as PolicyQaError;
  }
  throw new Error('expected a PolicyQaError');
}

async function buildDocx(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function buildPdf(pages: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const line of pages) {
    const page = pdf.addPage([400, 300]);
    page.drawText(line, { x: 40, y: 200, size: 14, font });
  }
  return pdf.save();
}

describe('supportedExtensions', () => {
  it('lists every format the loader reads', () => {
    expect([...supportedExtensions].sort()).toEqual(
      ['.docx', '.htm', '.html', '.jsonl', '.markdown', '.md', '.pdf', '.txt'],
    );
  });
});

describe('loadFile: plain text', () => {
  it('reads UTF-8 Chinese text, strips the BOM and normalises CRLF', async () => {
    await put('utf8.txt', '\uFEFF关于推动人工智能产业发展的通知\r\n第一条 为了促进发展。\r\n');
    const { texts, problems } = await loadFile(dir, 'utf8.txt');
    expect(problems).toEqual([]);
    expect(texts).toEqual([
      { sourceFile: 'utf8.txt', format: 'txt', text: '关于推动人工智能产业发展的通知\n第一条 为了促进发展。\n' },
    ]);
  });

  it('falls back to GB18030 when the bytes are not UTF-8', async () => {
    // GBK bytes for "政策" followed by ASCII "2026".
    await put('gbk.txt', Uint8Array.from([0xd5, 0xfe, 0xb2, 0xdf, 0x32, 0x30, 0x32, 0x36]));
    const { texts } = await loadFile(dir, 'gbk.txt');
    expect(texts[0]?.text).toBe('政策2026');
  });

  it('leaves out the HTML comments of Markdown, which a reader never sees', async () => {
    await put('cases/overtime.md', '# 加班费的仲裁时效应当如何认定\n\n<!-- INFO END -->\n\n## 基本案情\n\n张某于2016年7月入职。');
    const { texts } = await loadFile(dir, 'cases/overtime.md');
    expect(texts[0]!.text).not.toContain('INFO END');
    expect(texts[0]!.text).toContain('## 基本案情\n\n张某于2016年7月入职。');
  });

  it('reads .md and .markdown files as md', async () => {
    await put('notes/readme.markdown', '# 标题\n\n正文');
    const { texts } = await loadFile(dir, 'notes/readme.markdown');
    expect(texts[0]).toMatchObject({ sourceFile: 'notes/readme.markdown', format: 'md', text: '# 标题\n\n正文' });
  });

  it('throws EMPTY_FILE for an empty or whitespace-only file', async () => {
    await put('empty.txt', '');
    await put('blank.txt', '  \n\r\n ');
    expect((await caught(() => loadFile(dir, 'empty.txt'))).code).toBe('EMPTY_FILE');
    expect((await caught(() => loadFile(dir, 'blank.txt'))).code).toBe('EMPTY_FILE');
  });

  it('throws UNREADABLE_FILE naming a file that does not exist', async () => {
    const error = await caught(() => loadFile(dir, 'missing.txt'));
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.message).toContain('missing.txt');
  });
});

describe('loadFile: unsupported types', () => {
  it('throws UNSUPPORTED_FILE for an unknown extension', async () => {
    await put('data.xyz', 'whatever');
    const error = await caught(() => loadFile(dir, 'data.xyz'));
    expect(error.code).toBe('UNSUPPORTED_FILE');
    expect(error.message).toContain('data.xyz');
  });

  it('matches extensions case-insensitively', async () => {
    await put('UPPER.TXT', '大写扩展名');
    const { texts } = await loadFile(dir, 'UPPER.TXT');
    expect(texts[0]?.text).toBe('大写扩展名');
  });
});

describe('loadFile: HTML', () => {
  it('drops scripts and page chrome, keeps paragraphs apart and takes the title', async () => {
    await put(
      'page.html',
      `<!doctype html><html><head><meta charset="utf-8"><title> 关于印发《办法》的通知 </title>
       <style>p { color: red }</style></head>
       <body>
         <header>网站首页</header><nav>导航 栏目</nav>
         <script>var secret = "SCRIPT_TEXT";</script>
         <h1>关于印发《办法》的通知</h1>
         <div class="content">
           <p>第一条   为了规范管理，&amp; 制定本办法。</p>
           <p>第二条 本办法适用于<b>全国</b>范围。</p>
           <ul><li>一、总体要求</li><li>二、主要任务</li></ul>
           第三行<br>第四行
         </div>
         <footer>版权所有</footer>
       </body></html>`,
    );
    const { texts } = await loadFile(dir, 'page.html');
    expect(texts).toHaveLength(1);
    const [record] = texts;
    expect(record?.format).toBe('html');
    expect(record?.title).toBe('关于印发《办法》的通知');
    expect(record?.text).toBe(
      [
        '关于印发《办法》的通知',
        '第一条 为了规范管理，& 制定本办法。',
        '第二条 本办法适用于全国范围。',
        '一、总体要求',
        '二、主要任务',
        '第三行',
        '第四行',
      ].join('\n'),
    );
    expect(record?.text).not.toContain('SCRIPT_TEXT');
    expect(record?.text).not.toContain('color');
    expect(record?.text).not.toContain('导航');
    expect(record?.text).not.toContain('版权所有');
  });

  it('uses the first h1 as title when there is no <title>', async () => {
    await put('no-title.htm', '<html><body><h1>国务院令</h1><p>正文内容</p></body></html>');
    const { texts } = await loadFile(dir, 'no-title.htm');
    expect(texts[0]).toMatchObject({ title: '国务院令', text: '国务院令\n正文内容' });
  });

  it('decodes a GBK page declared with <meta charset>', async () => {
    const head = Buffer.from('<html><head><meta charset="gbk"></head><body><p>');
    const tail = Buffer.from('</p></body></html>');
    await put('gbk.html', Buffer.concat([head, Buffer.from([0xd5, 0xfe, 0xb2, 0xdf]), tail]));
    const { texts } = await loadFile(dir, 'gbk.html');
    expect(texts[0]?.text).toBe('政策');
  });

  it('reads a GBK page without a charset declaration as GB18030, not windows-1252', async () => {
    const bytes = Buffer.concat([Buffer.from('<p>'), Buffer.from([0xd5, 0xfe, 0xb2, 0xdf]), Buffer.from('</p>')]);
    await put('gbk-undeclared.html', bytes);
    const { texts } = await loadFile(dir, 'gbk-undeclared.html');
    expect(texts[0]?.text).toBe('政策');
  });

  it('throws EMPTY_FILE when only scripts and chrome remain', async () => {
    await put('chrome.html', '<html><body><nav>菜单</nav><script>x()</script></body></html>');
    expect((await caught(() => loadFile(dir, 'chrome.html'))).code).toBe('EMPTY_FILE');
  });
});

describe('loadFile: DOCX', () => {
  it('loads both paragraphs of a Word document', async () => {
    await put('doc.docx', await buildDocx(['第一段：人工智能产业发展。', '第二段：加强组织保障。']));
    const { texts } = await loadFile(dir, 'doc.docx');
    expect(texts).toEqual([
      { sourceFile: 'doc.docx', format: 'docx', text: '第一段：人工智能产业发展。\n第二段：加强组织保障。' },
    ]);
  });

  it('throws UNREADABLE_FILE for a .docx that is not a zip', async () => {
    await put('broken.docx', 'this is not a zip archive');
    const error = await caught(() => loadFile(dir, 'broken.docx'));
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.message).toContain('broken.docx');
  });
});

describe('loadFile: PDF', () => {
  it('extracts the text of every page', async () => {
    await put('notice.pdf', await buildPdf(['Notice on AI 2026', 'Second page here']));
    const { texts } = await loadFile(dir, 'notice.pdf');
    expect(texts).toHaveLength(1);
    expect(texts[0]?.format).toBe('pdf');
    expect(texts[0]?.text).toBe('Notice on AI 2026\n\nSecond page here');
  });

  it('throws UNREADABLE_FILE naming a corrupt PDF', async () => {
    const junk = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256);
    await put('corrupt.pdf', junk);
    const error = await caught(() => loadFile(dir, 'corrupt.pdf'));
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.message).toContain('corrupt.pdf');
  });
});

describe('loadFile: JSONL', () => {
  const lines = [
    JSON.stringify({ id: 'a1', text: '第一条记录', title: '通知一', date: '2026-01-05', source: '工信部', url: 'https://example.gov.cn/1' }),
    '{"id": "a2", "text": broken json',
    JSON.stringify({ id: 3, text: '第三条记录', title: '通知三', date: '2026-02-01' }),
    JSON.stringify({ id: 'a4', title: '没有正文' }),
    '',
    JSON.stringify({ text: '第六条记录', title: '通知六', date: null }),
    JSON.stringify({ text: '类型错误', title: 42 }),
    '[1, 2]',
    JSON.stringify({ text: '   ' }),
  ];

  it('loads the good lines and reports each bad line with its line number', async () => {
    await put('records.jsonl', lines.join('\n') + '\n');
    const { texts, problems } = await loadFile(dir, 'records.jsonl');

    expect(texts).toEqual([
      {
        sourceFile: 'records.jsonl', sourceLine: 1, format: 'jsonl', text: '第一条记录',
        externalId: 'a1', title: '通知一', date: '2026-01-05', source: '工信部', url: 'https://example.gov.cn/1',
      },
      { sourceFile: 'records.jsonl', sourceLine: 3, format: 'jsonl', text: '第三条记录', externalId: '3', title: '通知三', date: '2026-02-01' },
      { sourceFile: 'records.jsonl', sourceLine: 6, format: 'jsonl', text: '第六条记录', title: '通知六' },
    ]);

    expect(problems.map((p) => p.line)).toEqual([2, 4, 7, 8, 9]);
    for (const problem of problems) {
      expect(problem).toMatchObject({ code: 'INVALID_JSONL_LINE', sourceFile: 'records.jsonl' });
    }
    expect(problems[0]?.message).toMatch(/not valid JSON/);
    expect(problems[1]?.message).toMatch(/"text"/);
    expect(problems[2]?.message).toMatch(/"title" must be a string/);
    expect(problems[3]?.message).toMatch(/not a JSON object/);
    expect(problems[4]?.message).toMatch(/"text" is empty/);
  });

  it('counts lines correctly with CRLF endings and a BOM', async () => {
    await put('crlf.jsonl', '\uFEFF' + ['{"text":"甲"}', 'nope', '{"text":"乙"}'].join('\r\n'));
    const { texts, problems } = await loadFile(dir, 'crlf.jsonl');
    expect(texts.map((t) => [t.sourceLine, t.text])).toEqual([[1, '甲'], [3, '乙']]);
    expect(problems.map((p) => p.line)).toEqual([2]);
  });

  it('returns no texts but the problems when every line is bad', async () => {
    await put('all-bad.jsonl', 'not json\n{"title":"x"}\n');
    const { texts, problems } = await loadFile(dir, 'all-bad.jsonl');
    expect(texts).toEqual([]);
    expect(problems.map((p) => p.line)).toEqual([1, 2]);
  });

  it('throws EMPTY_FILE for an empty .jsonl', async () => {
    await put('empty.jsonl', '\n\n');
    expect((await caught(() => loadFile(dir, 'empty.jsonl'))).code).toBe('EMPTY_FILE');
  });

  it('streams records one at a time through readJsonlRecords', async () => {
    await put('stream.jsonl', '{"text":"一"}\nbad\n{"text":"二"}\n');
    const items = [];
    for await (const item of readJsonlRecords(path.join(dir, 'stream.jsonl'), 'stream.jsonl')) items.push(item);
    expect(items.map((i) => i.text?.text ?? `problem@${i.problem?.line}`)).toEqual(['一', 'problem@2', '二']);
  });

  it('throws UNREADABLE_FILE for a .jsonl that does not exist', async () => {
    const error = await caught(() => loadFile(dir, 'nowhere.jsonl'));
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.message).toContain('nowhere.jsonl');
  });
});

describe('listCorpusFiles', () => {
  it('lists files recursively and sorted, skipping hidden ones, keeping unsupported ones', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'policy-qa-list-'));
    try {
      for (const rel of ['b.txt', 'a/z.pdf', 'a/deep/c.jsonl', 'notes.xyz', '.hidden.txt', '.git/config', 'a/.cache/x.txt']) {
        const target = path.join(root, rel);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, 'x');
      }
      expect(await listCorpusFiles(root)).toEqual(['a/deep/c.jsonl', 'a/z.pdf', 'b.txt', 'notes.xyz']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('throws CORPUS_MISSING for a folder that does not exist', async () => {
    const missing = path.join(dir, 'no-such-folder');
    const error = await caught(() => listCorpusFiles(missing));
    expect(error.code).toBe('CORPUS_MISSING');
    expect(error.message).toContain(missing);
  });
});

describe('seed corpus', () => {
  it('loads every file in corpus/ as non-empty text', async () => {
    const corpusDir = fileURLToPath(new URL('../../corpus', import.meta.url));
    const files = await listCorpusFiles(corpusDir);
    expect(files).toHaveLength(5);
    const texts = [];
    for (const file of files) {
      const result = await loadFile(corpusDir, file);
      expect(result.problems).toEqual([]);
      texts.push(...result.texts);
    }
    expect(texts).toHaveLength(5);
    for (const text of texts) {
      expect(text.format).toBe('txt');
      expect(text.text.trim().length).toBeGreaterThan(100);
      expect(text.text).not.toContain('\r');
    }
  });
});

describe('loadFile: hostile files are one file\'s problem', () => {
  const limits = defaultConfig.ingest;

  it('flattens a 20 000-deep nested HTML page, keeping its text, with an HTML_FLATTENED problem', async () => {
    await put('deep.html', `<html><body>${'<div>'.repeat(20_000)}第一条 深层正文${'</div>'.repeat(20_000)}<p>尾段</p></body></html>`);
    const { texts, problems } = await loadFile(dir, 'deep.html');
    expect(texts[0]?.text).toBe('第一条 深层正文\n尾段');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'HTML_FLATTENED', sourceFile: 'deep.html' });
  });

  it('reads HTML whose bytes decode to lone surrogates (parse5 pairs them into U+110000)', async () => {
    // GB18030 four-byte sequences past U+10FFFF; iconv-lite turned them into \uDC00\uDC00.
    const bytes = Buffer.concat([Buffer.from('<html><body><p>'), Buffer.from([0xe3, 0x32, 0x9a, 0x36, 0xe3, 0x32, 0x9a, 0x36]), Buffer.from('&#x110000;</p></body></html>')]);
    await put('codepoint.html', bytes);
    const { texts } = await loadFile(dir, 'codepoint.html');
    expect(texts[0]?.text).toMatch(/^\uFFFD+$/);
  });

  it('refuses a .docx zip bomb from its zip directory with FILE_TOO_LARGE, without inflating it', async () => {
    // 30 MB of spaces deflate to ~30 KB: over the ratio limit (the was 300 MB in 918 KB).
    await put('bomb.docx', await buildDocx([`x${' '.repeat(30 * 1024 * 1024)}`]));
    const before = process.memoryUsage().rss;
    const error = await caught(() => loadFile(dir, 'bomb.docx'));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toContain('bomb.docx');
    expect(error.message).toContain('zip bomb');
    expect(process.memoryUsage().rss - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('refuses a .docx whose parts declare more than the uncompressed limit', async () => {
    await put('big.docx', await buildDocx(['第一条 '.repeat(2000)]));
    const error = await caught(() => loadFile(dir, 'big.docx', { ...limits, maxDocxUncompressedBytes: 10_000 }));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toContain('big.docx');
  });

  it('refuses a .docx whose zip directory understates what a part inflates to', async () => {
    const bytes = Buffer.from(await buildDocx([`x${' '.repeat(2 * 1024 * 1024)}`]));
    // Every declared uncompressed size becomes 100 bytes: under every limit, and a lie.
    for (let at = 0; at + 30 < bytes.length; at++) {
      if (bytes.readUInt32LE(at) === 0x02014b50) bytes.writeUInt32LE(100, at + 24);
      if (bytes.readUInt32LE(at) === 0x04034b50) bytes.writeUInt32LE(100, at + 22);
    }
    await put('liar.docx', bytes);
    const error = await caught(() => loadFile(dir, 'liar.docx'));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toContain('declares');
  });

  it('refuses a .docx with more XML tags than mammoth can hold in bounded memory', async () => {
    await put('dense.docx', await buildDocx(Array.from({ length: 300 }, (_, i) => `第${i}段`)));
    const error = await caught(() => loadFile(dir, 'dense.docx', { ...limits, maxDocxXmlTags: 1000 }));
    expect(error.code).toBe('FILE_TOO_COMPLEX');
    expect(error.message).toContain('dense.docx');
  });

  it('refuses a .docx nested 20 000 deep (mammoth would take minutes) with FILE_TOO_COMPLEX', async () => {
    await put('deep.docx', await buildDocx([`${'<w:p>'.repeat(20_000)}深`]));
    const error = await caught(() => loadFile(dir, 'deep.docx'));
    expect(error.code).toBe('FILE_TOO_COMPLEX');
    expect(error.message).toContain('deep.docx');
  });

  it('reads HTML with a character reference too long to be a code point (parse5 threw on NaN)', async () => {
    await put('ref.html', '<p>正文&#x11000010000100001 尾</p>');
    const { texts } = await loadFile(dir, 'ref.html');
    expect(texts[0]?.text).toBe('正文\uFFFD 尾');
  });

  it('refuses a file over the size limit before reading it', async () => {
    await put('large.txt', '政策'.repeat(100));
    const error = await caught(() => loadFile(dir, 'large.txt', { ...limits, maxFileBytes: 100 }));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toContain('large.txt');
  });

  it('reads only the first pages of a PDF over the page limit, saying so', async () => {
    await put('long.pdf', await buildPdf(['Page one', 'Page two', 'Page three']));
    const { texts, problems } = await loadFile(dir, 'long.pdf', { ...limits, maxPdfPages: 2 });
    expect(texts[0]?.text).toBe('Page one\n\nPage two');
    expect(problems).toEqual([expect.objectContaining({ code: 'PDF_PAGES_SKIPPED', sourceFile: 'long.pdf' })]);
  });

  it('skips a .jsonl line over the line limit and loads the others', async () => {
    await put('long.jsonl', [JSON.stringify({ text: '短记录' }), JSON.stringify({ text: '长'.repeat(1000) }), JSON.stringify({ text: '末记录' })].join('\n'));
    const { texts, problems } = await loadFile(dir, 'long.jsonl', { ...limits, maxJsonlLineBytes: 200 });
    expect(texts.map((text) => text.text)).toEqual(['短记录', '末记录']);
    expect(problems).toEqual([expect.objectContaining({ code: 'INVALID_JSONL_LINE', line: 2 })]);
  });

  it('gives up on a file past its time budget with LOAD_TIMEOUT', async () => {
    await put('slow.pdf', await buildPdf(['One', 'Two']));
    const error = await caught(() => loadFile(dir, 'slow.pdf', { ...limits, fileTimeoutMs: 1 }));
    expect(error.code).toBe('LOAD_TIMEOUT');
    expect(error.message).toContain('slow.pdf');
  });

  it('checkFileLimits applies the same checks to bytes in memory (uploads)', async () => {
    expect(() => checkFileLimits('ok.docx', new Uint8Array(0))).toThrow(PolicyQaError);
    const bomb = await buildDocx([`x${' '.repeat(5 * 1024 * 1024)}`]);
    expect(() => checkFileLimits('bomb.docx', bomb)).toThrow(/bomb\.docx.*zip bomb/);
    checkFileLimits('doc.docx', await buildDocx(['正文']));
  });
});

describe('running headers and footers of PDF pages', () => {
  const page = (n: number, body: string[], { top = ['内部资料 注意保存'], bottom = ['内部资料 注意保存', `— ${n} —`] } = {}) => [...top, ...body, ...bottom].join('\n');

  it('are dropped at both edges of every page, though the same marking prints at each', () => {
    const bodies = [['为了规范公共数据授权运营，', '制定本办法。'], ['授权运营单位应当依法开展数据加工，', '不得超出授权范围。'], ['本办法自发布之日起施行，', '有效期五年。']];
    const pages = bodies.map((body, i) => page(i + 1, body));
    expect(withoutRunningLines(pages)).toEqual(bodies.map((body) => body.join('\n')));
  });

  it('keep the title the first page prints under a header that repeats it', () => {
    const title = '某市公共数据授权运营管理办法';
    const bodies = ['第一条 为了规范公共数据授权运营，制定本办法。', '第二条 授权运营单位应当依法开展数据加工。', '第三条 本办法自发布之日起施行。'];
    const pages = bodies.map((body, i) => page(i + 1, [...(i === 0 ? [title] : []), body], { top: [title], bottom: [`— ${i + 1} —`] }));
    expect(withoutRunningLines(pages)).toEqual([`${title}\n${bodies[0]}`, bodies[1], bodies[2]]);
  });
});
