/**
 * Reads corpus files into SourceText records: one per file, or one per line of a .jsonl file.
 * Only extraction happens here; cleaning and splitting into documents come later (ingest/split).
 */
import { isUtf8 } from 'node:buffer';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as cheerio from 'cheerio';
import mammoth from 'mammoth';
import { PolicyQaError, policyError } from '../errors.js';
import type { IngestProblem, SourceFormat, SourceText } from '../types.js';

export const supportedExtensions: readonly string[] = [
  '.txt',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.pdf',
  '.docx',
  '.jsonl',
];

const formatByExtension: Readonly<Record<string, SourceFormat>> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.jsonl': 'jsonl',
};

export interface LoadResult {
  texts: SourceText[];
  problems: IngestProblem[];
}

/**
 * Recursively lists files under corpusDir (relative paths with forward slashes, sorted).
 * Skips hidden files and folders; lists unsupported files too, so the caller can report them.
 */
export async function listCorpusFiles(corpusDir: string): Promise<string[]> {
  const info = await stat(corpusDir).catch(() => undefined);
  if (!info?.isDirectory()) throw policyError('CORPUS_MISSING', corpusDir);

  const files: string[] = [];
  const walk = async (relDir: string): Promise<void> => {
    const entries = await readdir(path.join(corpusDir, relDir), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(rel);
      } else if (entry.isFile()) {
        files.push(rel);
      } else if (entry.isSymbolicLink()) {
        // Linked files are listed; linked folders are not followed, so a link loop cannot hang ingest.
        const target = await stat(path.join(corpusDir, rel)).catch(() => undefined);
        if (target?.isFile()) files.push(rel);
      }
    }
  };
  await walk('');
  // Plain code-unit order: the same on every machine, whatever the locale.
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Reads one corpus file. Whole-file failures throw PolicyQaError (UNSUPPORTED_FILE,
 * UNREADABLE_FILE, EMPTY_FILE); bad .jsonl lines become problems and the other lines still load.
 */
export async function loadFile(corpusDir: string, relativePath: string): Promise<LoadResult> {
  const format = formatByExtension[path.extname(relativePath).toLowerCase()];
  if (!format) throw policyError('UNSUPPORTED_FILE', relativePath);
  const absPath = path.join(corpusDir, relativePath);

  if (format === 'jsonl') return loadJsonl(absPath, relativePath);

  let bytes: Buffer;
  try {
    bytes = await readFile(absPath);
  } catch (error) {
    throw unreadable(relativePath, error);
  }
  if (bytes.length === 0) throw policyError('EMPTY_FILE', relativePath);

  let text: string;
  let title: string | undefined;
  switch (format) {
    case 'txt':
    case 'md':
      text = decodeText(bytes).replace(/\r\n?/g, '\n');
      break;
    case 'html':
      ({ text, title } = extractHtml(bytes));
      break;
    case 'pdf':
      text = await extractPdf(bytes, relativePath);
      break;
    case 'docx':
      text = await extractDocx(bytes, relativePath);
      break;
  }
  if (text.trim() === '') throw policyError('EMPTY_FILE', relativePath);

  const record: SourceText = { sourceFile: relativePath, format, text };
  if (title) record.title = title;
  return { texts: [record], problems: [] };
}

async function loadJsonl(absPath: string, sourceFile: string): Promise<LoadResult> {
  const result: LoadResult = { texts: [], problems: [] };
  for await (const item of readJsonlRecords(absPath, sourceFile)) {
    if (item.text) result.texts.push(item.text);
    if (item.problem) result.problems.push(item.problem);
  }
  if (result.texts.length === 0 && result.problems.length === 0) {
    throw policyError('EMPTY_FILE', sourceFile);
  }
  return result;
}

/**
 * Streams a .jsonl file line by line, so a file of hundreds of megabytes is never one string.
 * Yields a text for each valid record and a problem for each bad line; blank lines yield nothing.
 * Throws UNREADABLE_FILE when the file cannot be opened.
 */
export async function* readJsonlRecords(
  absPath: string,
  sourceFile: string,
): AsyncGenerator<{ text?: SourceText; problem?: IngestProblem }> {
  // Opening first reports a missing or unreadable file as UNREADABLE_FILE before any line is read.
  let handle;
  try {
    handle = await open(absPath, 'r');
  } catch (error) {
    throw unreadable(sourceFile, error);
  }
  // The stream owns the handle from here on and closes it when destroyed.
  const stream = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    let lineNumber = 0;
    for await (const rawLine of lines) {
      lineNumber++;
      const line = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
      if (line.trim() === '') continue;
      const parsed = parseJsonlRecord(line);
      if (typeof parsed === 'string') {
        yield { problem: { code: 'INVALID_JSONL_LINE', sourceFile, line: lineNumber, message: parsed } };
      } else {
        yield { text: { sourceFile, sourceLine: lineNumber, format: 'jsonl', ...parsed } };
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

type JsonlFields = Pick<SourceText, 'text' | 'externalId' | 'title' | 'date' | 'source' | 'url'>;

const optionalStringFields = ['title', 'date', 'source', 'url'] as const;

/** Returns the record's fields, or a message saying what is wrong with the line. */
function parseJsonlRecord(line: string): JsonlFields | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `Line is not valid JSON: ${errorMessage(error)}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `Line is not a JSON object (got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}).`;
  }
  const record = value as Record<string, unknown>;

  if (!('text' in record)) return 'Record has no "text" field.';
  if (typeof record.text !== 'string') return `Field "text" must be a string, got ${typeof record.text}.`;
  if (record.text.trim() === '') return 'Field "text" is empty.';
  const fields: JsonlFields = { text: record.text };

  const id = record.id;
  if (typeof id === 'string' || typeof id === 'number') {
    if (id !== '') fields.externalId = String(id);
  } else if (id !== undefined && id !== null) {
    return `Field "id" must be a string or number, got ${typeof id}.`;
  }

  // null counts as absent: exporters often write every column, empty ones as null.
  for (const name of optionalStringFields) {
    const field = record[name];
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string') return `Field "${name}" must be a string, got ${typeof field}.`;
    if (field !== '') fields[name] = field;
  }
  return fields;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 (BOM stripped); UTF-16 when it has a BOM; otherwise GB18030, a superset of the GBK many government sites use. */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const droppedHtmlElements = 'script, style, noscript, nav, header, footer, iframe, template';
const blockHtmlElements = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'tr', 'table', 'section', 'article', 'blockquote', 'pre', 'hr', 'main', 'aside',
  'dl', 'dt', 'dd', 'figure', 'figcaption', 'form', 'address',
]);

/** Structural view of the DOM nodes cheerio returns (cheerio does not re-export domhandler's types). */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  children?: HtmlNode[];
}

function extractHtml(bytes: Buffer): { text: string; title?: string } {
  // loadBuffer honours a BOM or <meta charset>; without either it would assume windows-1252,
  // so default to UTF-8 when the bytes are valid UTF-8 and to GB18030 (GBK) otherwise.
  const $ = cheerio.loadBuffer(bytes, { encoding: { defaultEncoding: isUtf8(bytes) ? 'utf-8' : 'gb18030' } });
  $(droppedHtmlElements).remove();

  const title = squeeze($('title').first().text()) || squeeze($('h1').first().text()) || undefined;

  // Text nodes have their own whitespace collapsed (markup indentation is not content);
  // block elements add the line breaks, so paragraph boundaries survive.
  const parts: string[] = [];
  const walk = (node: HtmlNode): void => {
    if (node.type === 'text') {
      parts.push((node.data ?? '').replace(/[ \t\r\n\f\u00a0]+/g, ' '));
      return;
    }
    const isBlock = node.name !== undefined && blockHtmlElements.has(node.name);
    if (isBlock) parts.push('\n');
    for (const child of node.children ?? []) walk(child);
    if (isBlock) parts.push('\n');
  };
  const body = $('body').get(0) ?? $.root().get(0);
  if (body) walk(body as unknown as HtmlNode);

  const text = parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  return title ? { text, title } : { text };
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function extractPdf(bytes: Buffer, sourceFile: string): Promise<string> {
  // Loaded on first use: pdf.js costs ~150 MB of memory, wasted on corpora without PDFs.
  const { PDFParse, VerbosityLevel } = await import('pdf-parse');
  // pdf.js transfers (detaches) the buffer it is given, so hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS });
  try {
    const result = await parser.getText();
    // Join pages ourselves: result.text carries "-- 1 of N --" page markers.
    return result.pages.map((page) => page.text).join('\n\n');
  } catch (error) {
    throw unreadable(sourceFile, error);
  } finally {
    // A failed cleanup must not hide the extraction error or result.
    await parser.destroy().catch(() => undefined);
  }
}

async function extractDocx(bytes: Buffer, sourceFile: string): Promise<string> {
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (error) {
    throw unreadable(sourceFile, error);
  }
  // mammoth ends every paragraph with a blank line; one newline per paragraph is the project's convention.
  return raw.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n').trim();
}

function unreadable(sourceFile: string, cause: unknown): PolicyQaError {
  return new PolicyQaError('UNREADABLE_FILE', `Cannot read ${sourceFile}: ${errorMessage(cause)}`, { cause });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
