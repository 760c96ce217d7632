/**
 * Reads corpus files into SourceText records: one per file, or one per line of a .jsonl file.
 * Only extraction happens here; cleaning and splitting into documents come later (ingest/split).
 *
 * Whatever the bytes, a loader either returns text or throws a PolicyQaError whose message names
 * the file: the work per file is bounded (size, zip directory, PDF pages, HTML depth, time), so
 * one bad file is one problem and the rest of the ingest goes on.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import mammoth from 'mammoth';
import { defaultConfig, type IngestLimitsConfig } from '../config.js';
import { PolicyQaError, isPolicyQaError, policyError } from '../errors.js';
import type { IngestProblem, SourceFormat, SourceText } from '../types.js';
import { extractHtml, wellFormed } from './html.js';
import type { StatedMetadata } from './split.js';
import { checkZip, ZipProblem } from './zip.js';

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
 * Reads one corpus file. Whole-file failures throw PolicyQaError naming the file: UNSUPPORTED_FILE,
 * UNREADABLE_FILE, EMPTY_FILE, FILE_TOO_LARGE, FILE_TOO_COMPLEX, LOAD_TIMEOUT, or LOADER_FAILED for
 * anything a parser throws unexpectedly. Bad .jsonl lines, flattened HTML and skipped PDF pages
 * become problems and the rest of the file still loads.
 */
export async function loadFile(
  corpusDir: string,
  relativePath: string,
  limits: IngestLimitsConfig = defaultConfig.ingest,
): Promise<LoadResult> {
  const format = formatByExtension[path.extname(relativePath).toLowerCase()];
  if (!format) throw policyError('UNSUPPORTED_FILE', relativePath);
  const absPath = path.join(corpusDir, relativePath);
  const budget = new TimeBudget(relativePath, limits.fileTimeoutMs);
  try {
    if (format === 'jsonl') return await budget.race(loadJsonl(absPath, relativePath, limits));
    return await budget.race(loadWholeFile(absPath, relativePath, format, limits, budget));
  } catch (error) {
    throw loaderError(relativePath, error);
  } finally {
    budget.stop();
  }
}

/**
 * Checks bytes against the limits that can be judged without extracting text: the file size, and
 * for a .docx the zip directory (zip bombs). The upload route runs it before keeping a file.
 * Throws FILE_TOO_LARGE, FILE_TOO_COMPLEX or UNREADABLE_FILE naming the file.
 */
export function checkFileLimits(sourceFile: string, bytes: Uint8Array, limits: IngestLimitsConfig = defaultConfig.ingest): void {
  const format = formatByExtension[path.extname(sourceFile).toLowerCase()];
  if (format !== 'jsonl' && bytes.byteLength > limits.maxFileBytes) {
    throw policyError('FILE_TOO_LARGE', sourceFile, `${bytes.byteLength} bytes (at most ${limits.maxFileBytes}, INGEST_MAX_FILE_BYTES)`);
  }
  if (format === 'docx') checkDocx(bytes, sourceFile, limits);
}

async function loadWholeFile(
  absPath: string,
  relativePath: string,
  format: Exclude<SourceFormat, 'jsonl'>,
  limits: IngestLimitsConfig,
  budget: TimeBudget,
): Promise<LoadResult> {
  // The size is checked before reading: a file is held whole in memory only under the limit.
  const info = await stat(absPath).catch((error: unknown) => {
    throw unreadable(relativePath, error);
  });
  if (info.size > limits.maxFileBytes) {
    throw policyError('FILE_TOO_LARGE', relativePath, `${info.size} bytes (at most ${limits.maxFileBytes}, INGEST_MAX_FILE_BYTES)`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(absPath);
  } catch (error) {
    throw unreadable(relativePath, error);
  }
  if (bytes.length === 0) throw policyError('EMPTY_FILE', relativePath);
  checkFileLimits(relativePath, bytes, limits);

  const problems: IngestProblem[] = [];
  let text: string;
  let title: string | undefined;
  let date: string | undefined;
  const stated: StatedMetadata = {};
  switch (format) {
    case 'txt':
      text = decodeText(bytes).replace(/\r\n?/g, '\n');
      break;
    case 'md':
      // An HTML comment ("<!-- INFO END -->") is not shown in Markdown: not text, nor a title.
      text = decodeText(bytes).replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '');
      break;
    case 'html': {
      const html = extractHtml(bytes, limits.maxHtmlDepth);
      ({ text, title, date } = html);
      if (html.documentNumber) stated.documentNumber = html.documentNumber;
      if (html.issuers) stated.issuers = html.issuers.map(wellFormed);
      if (html.flattened > 0) {
        problems.push(problem('HTML_FLATTENED', relativePath, limits.maxHtmlDepth, html.flattened));
      }
      break;
    }
    case 'pdf': {
      const pdf = await extractPdf(bytes, relativePath, limits.maxPdfPages, budget);
      text = pdf.text;
      // What the file says of itself stands in for what its text does not state.
      title = pdf.title;
      date = pdf.date;
      if (pdf.pages > limits.maxPdfPages) problems.push(problem('PDF_PAGES_SKIPPED', relativePath, pdf.pages, limits.maxPdfPages));
      break;
    }
    case 'docx':
      text = await extractDocx(bytes, relativePath);
      break;
  }
  budget.check();
  text = wellFormed(text);
  if (text.trim() === '') throw policyError('EMPTY_FILE', relativePath);

  const record: SourceText & StatedMetadata = { sourceFile: relativePath, format, text, ...stated };
  if (title) record.title = wellFormed(title);
  if (date) record.date = date;
  return { texts: [record], problems };
}

async function loadJsonl(absPath: string, sourceFile: string, limits: IngestLimitsConfig): Promise<LoadResult> {
  const result: LoadResult = { texts: [], problems: [] };
  for await (const item of readJsonlRecords(absPath, sourceFile, limits)) {
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
 * A line longer than `limits.maxJsonlLineBytes` is skipped unread (a problem), so memory stays
 * within one line whatever the file. Throws UNREADABLE_FILE when the file cannot be read.
 */
export async function* readJsonlRecords(
  absPath: string,
  sourceFile: string,
  limits: IngestLimitsConfig = defaultConfig.ingest,
): AsyncGenerator<{ text?: SourceText; problem?: IngestProblem }> {
  // Opening first reports a missing or unreadable file as UNREADABLE_FILE before any line is read.
  let handle;
  try {
    handle = await open(absPath, 'r');
  } catch (error) {
    throw unreadable(sourceFile, error);
  }
  // The stream owns the handle from here on and closes it when destroyed.
  const stream = handle.createReadStream();
  const decoder = new TextDecoder('utf-8');
  // Bytes of the current line so far; `overlong` once it passed the limit and is being skipped.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let lineNumber = 0;
  const finishLine = (): { text?: SourceText; problem?: IngestProblem } | undefined => {
    lineNumber++;
    const bytes = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (overlong) {
      overlong = false;
      return { problem: { code: 'INVALID_JSONL_LINE', sourceFile, line: lineNumber, message: `Line is longer than ${limits.maxJsonlLineBytes} bytes (INGEST_MAX_JSONL_LINE_BYTES); skipped.` } };
    }
    let line = wellFormed(decoder.decode(bytes)).replace(/\r$/, '');
    if (lineNumber === 1) line = line.replace(/^\uFEFF/, '');
    if (line.trim() === '') return undefined;
    const parsed = parseJsonlRecord(line);
    if (typeof parsed === 'string') {
      return { problem: { code: 'INVALID_JSONL_LINE', sourceFile, line: lineNumber, message: parsed } };
    }
    return { text: { sourceFile, sourceLine: lineNumber, format: 'jsonl', ...parsed } };
  };
  const append = (part: Buffer) => {
    if (overlong || part.length === 0) return;
    if (pendingBytes + part.length > limits.maxJsonlLineBytes) {
      overlong = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
  };
  try {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let start = 0;
        for (let newline = chunk.indexOf(0x0a); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
          append(chunk.subarray(start, newline));
          start = newline + 1;
          const item = finishLine();
          if (item) yield item;
        }
        append(chunk.subarray(start));
      }
    } catch (error) {
      throw isPolicyQaError(error) ? error : unreadable(sourceFile, error);
    }
    if (pendingBytes > 0 || overlong) {
      const item = finishLine();
      if (item) yield item;
    }
  } finally {
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

interface PdfText {
  text: string;
  pages: number;
  /** The Info dictionary's Title, when it reads as a title (not a file name). */
  title?: string;
  /** The Info dictionary's CreationDate, ISO yyyy-mm-dd. */
  date?: string;
}

async function extractPdf(bytes: Buffer, sourceFile: string, maxPages: number, budget: TimeBudget): Promise<PdfText> {
  // Loaded on first use: pdf.js costs ~150 MB of memory, wasted on corpora without PDFs.
  const { PDFParse, VerbosityLevel } = await import('pdf-parse');
  guardPdfJsRejections();
  // pdf.js transfers (detaches) the buffer it is given, so hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS });
  // Past the time budget, destroying the document stops pdf.js between pages.
  budget.onTimeout(() => void parser.destroy().catch(() => undefined));
  try {
    const result = await parser.getText({ first: maxPages });
    // Join pages ourselves: result.text carries "-- 1 of N --" page markers.
    const pages = withoutRunningLines(result.pages.map((page) => page.text));
    const pdf: PdfText = { text: pages.join('\n\n'), pages: result.total };
    // The metadata is a fallback: a file whose Info dictionary cannot be read still has its text.
    const info: unknown = await parser.getInfo().then((r) => r.info as unknown, () => undefined);
    if (info && typeof info === 'object') {
      const { Title, CreationDate } = info as Record<string, unknown>;
      if (typeof Title === 'string' && Title.trim() !== '' && !/\.[A-Za-z0-9]{2,5}$/.test(Title.trim())) pdf.title = Title.trim();
      const date = typeof CreationDate === 'string' ? pdfDate(CreationDate) : undefined;
      if (date) pdf.date = date;
    }
    return pdf;
  } catch (error) {
    throw unreadable(sourceFile, error);
  } finally {
    // A failed cleanup must not hide the extraction error or result.
    await parser.destroy().catch(() => undefined);
  }
}

/** A PDF date string, "D:20260305120000+08'00'", as ISO yyyy-mm-dd. */
function pdfDate(value: string): string | undefined {
  const match = /^(?:D:)?(\d{4})(\d{2})(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** A page number as a 公文 prints it (GB/T 9704: "— 1 —"), or alone. */
const pageNumberLine = /^[-－—–\s]*\d{1,4}[-－—–\s]*$/;

/**
 * Drops running headers and footers: a first or last line that recurs at the same edge of most
 * pages once its digits are masked ("— 3 —", "1/4", a title repeated over every page), and page
 * numbers. What is left of a sentence broken by the page then meets its other half. A running
 * line is dropped once at each edge of a page: the first page also prints the title itself, which
 * the header repeats above it (or below, in the order pdf.js reads a header template).
 */
export function withoutRunningLines(pages: string[]): string[] {
  const lines = pages.map((page) => page.trim().split('\n'));
  const shape = (line: string) => line.trim().replace(/\d+/g, '#');
  const edgeCounts = { top: new Map<string, number>(), bottom: new Map<string, number>() };
  for (const page of lines) {
    for (const [edge, near] of [['top', page.slice(0, 2)], ['bottom', page.slice(-2)]] as const) {
      for (const line of new Set(near.map(shape).filter(Boolean))) edgeCounts[edge].set(line, (edgeCounts[edge].get(line) ?? 0) + 1);
    }
  }
  const running = (edge: 'top' | 'bottom', line: string) => pages.length >= 2 && (edgeCounts[edge].get(shape(line)) ?? 0) >= Math.max(2, pages.length / 2);
  return lines.map((page) => {
    const dropped = { top: new Set<string>(), bottom: new Set<string>() };
    const furniture = (edge: 'top' | 'bottom', line: string) => {
      if (pageNumberLine.test(line.trim())) return true;
      if (!running(edge, line) || dropped[edge].has(shape(line))) return false;
      dropped[edge].add(shape(line));
      return true;
    };
    let start = 0;
    let end = page.length;
    while (end > 0 && page.length - end < 2 && furniture('bottom', page[end - 1]!)) end--;
    while (start < end && start < 2 && furniture('top', page[start]!)) start++;
    return page.slice(start, end).join('\n');
  });
}

let pdfJsGuarded = false;

/**
 * pdf.js runs its "worker" in this thread and, on some damaged files (a bad XRef entry), rejects a
 * promise of its own that nobody awaits; Node then ends the process. Such rejections (pdf.js
 * exceptions, raised from pdf.js code) are dropped: the extraction itself has already failed or
 * succeeded on its own terms. Any other unhandled rejection is rethrown, as Node would, unless the
 * application has listeners of its own to handle it.
 */
function guardPdfJsRejections(): void {
  if (pdfJsGuarded) return;
  pdfJsGuarded = true;
  process.on('unhandledRejection', (reason) => {
    if (isPdfJsError(reason)) return;
    if (process.listenerCount('unhandledRejection') > 1) return;
    throw reason;
  });
}

function isPdfJsError(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const pdfJsName = /(Exception|Error)$/.test(reason.name) && reason.name !== 'Error';
  return (pdfJsName || reason.constructor.name === 'BaseException') && /pdfjs-dist|pdf\.worker/.test(reason.stack ?? '');
}

/** The zip directory is checked first: mammoth would inflate a bomb whole before reading a word. */
function checkDocx(bytes: Uint8Array, sourceFile: string, limits: IngestLimitsConfig): void {
  try {
    checkZip(bytes, { maxUncompressedBytes: limits.maxDocxUncompressedBytes, maxRatio: limits.maxZipRatio, maxTags: limits.maxDocxXmlTags });
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    if (error.kind === 'size') throw policyError('FILE_TOO_LARGE', sourceFile, error.message);
    if (error.kind === 'complex') throw policyError('FILE_TOO_COMPLEX', sourceFile, error.message);
    throw unreadable(sourceFile, error);
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

/**
 * The time one file may take. Asynchronous work (pdf.js, mammoth, reading) is raced against the
 * clock and abandoned at the deadline; synchronous steps (HTML parsing) cannot be interrupted, so
 * they are bounded by the other limits and the clock is checked after them.
 */
class TimeBudget {
  private readonly deadline: number;
  private timer?: NodeJS.Timeout;
  private readonly cancels: Array<() => void> = [];

  constructor(
    private readonly sourceFile: string,
    private readonly ms: number,
  ) {
    this.deadline = performance.now() + ms;
  }

  race<T>(work: Promise<T>): Promise<T> {
    const expired = new Promise<never>((_, reject) => {
      this.timer = setTimeout(() => {
        for (const cancel of this.cancels) cancel();
        reject(this.error());
      }, this.ms);
    });
    // The abandoned work may still fail later; that failure is no longer anyone's business.
    work.catch(() => undefined);
    return Promise.race([work, expired]);
  }

  onTimeout(cancel: () => void): void {
    this.cancels.push(cancel);
  }

  check(): void {
    if (performance.now() > this.deadline) throw this.error();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private error(): PolicyQaError {
    return policyError('LOAD_TIMEOUT', this.sourceFile, this.ms);
  }
}

/**
 * Whatever a loader threw, as a coded error naming the file. A stack overflow means nesting the
 * limits did not foresee: the file is too complex, not the ingest broken.
 */
function loaderError(sourceFile: string, error: unknown): PolicyQaError {
  if (isPolicyQaError(error)) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new PolicyQaError('FILE_TOO_COMPLEX', `${sourceFile} is too complex to load: ${error.message}`, { cause: error });
  }
  return new PolicyQaError('LOADER_FAILED', `Loading ${sourceFile} failed: ${errorMessage(error)}`, { cause: error });
}

function problem(code: 'HTML_FLATTENED' | 'PDF_PAGES_SKIPPED', sourceFile: string, ...args: Array<string | number>): IngestProblem {
  return { code, sourceFile, message: policyError(code, sourceFile, ...args).message };
}

function unreadable(sourceFile: string, cause: unknown): PolicyQaError {
  return new PolicyQaError('UNREADABLE_FILE', `Cannot read ${sourceFile}: ${errorMessage(cause)}`, { cause });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
