/**
 * Reads a zip archive's central directory and checks what it would cost to inflate, before any
 * unzipping library sees the bytes. A .docx is a zip; a 1 MB one can hold 300 MB of XML, and
 * mammoth (through JSZip) would inflate and parse all of it. The directory states every part's
 * sizes in a few bytes each, so a bomb is refused without inflating it.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; JSZip reads nothing else. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** Sum of the uncompressed sizes of compressible parts. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of a part over `ratioFloorBytes`. */
  maxRatio: number;
  /** Most XML tags (each '<') in all XML parts together: mammoth holds ~1.5 KB per tag. */
  maxTags: number;
}

/** Why an archive is refused: `size` for a bomb or an over-limit total, `format` for a damaged directory. */
export class ZipProblem extends Error {
  constructor(
    readonly kind: 'size' | 'format' | 'complex',
    message: string,
  ) {
    super(message);
    this.name = 'ZipProblem';
  }
}

/** A docx holds tens of parts; a directory of more is not a document. */
export const maxZipEntries = 10_000;
/** Real documents nest tables in tables a few levels; WordprocessingML stays under ~100. */
export const maxXmlDepth = 1000;
/** Parts below this size are not ratio-checked: small XML of repeated tags legitimately compresses well. */
const ratioFloorBytes = 1024 * 1024;
/** A part that shrinks by less than this is already compressed (an image): it cannot amplify memory. */
const compressibleRatio = 2;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

/** Lists the entries of the central directory; throws ZipProblem('format') when it cannot be read. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfDirectory(view);
  let count = view.readUInt16LE(eocd + 10);
  let size = view.readUInt32LE(eocd + 12);
  let offset = view.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === U32_MAX || offset === U32_MAX) {
    // Zip64: the real values sit in a second record that a locator just before the EOCD points to.
    const locator = eocd - 20;
    if (locator < 0 || view.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new ZipProblem('format', 'zip64 directory locator missing');
    const record = u64(view, locator + 8);
    if (record + 56 > view.length || view.readUInt32LE(record) !== ZIP64_EOCD) throw new ZipProblem('format', 'zip64 directory record missing');
    count = u64(view, record + 32);
    size = u64(view, record + 40);
    offset = u64(view, record + 48);
  }
  if (count > maxZipEntries) throw new ZipProblem('complex', `${count} parts in the archive (at most ${maxZipEntries})`);
  if (offset + size > view.length) throw new ZipProblem('format', 'central directory lies outside the file');

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.length || view.readUInt32LE(at) !== CENTRAL) throw new ZipProblem('format', `central directory entry ${i + 1} is damaged`);
    const nameLength = view.readUInt16LE(at + 28);
    const extraLength = view.readUInt16LE(at + 30);
    const commentLength = view.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > view.length) throw new ZipProblem('format', `central directory entry ${i + 1} is damaged`);
    const entry: ZipEntry = {
      name: view.toString('utf8', at + 46, at + 46 + nameLength),
      method: view.readUInt16LE(at + 10),
      compressedSize: view.readUInt32LE(at + 20),
      uncompressedSize: view.readUInt32LE(at + 24),
      localHeaderOffset: view.readUInt32LE(at + 42),
    };
    applyZip64Extra(entry, view.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at = end;
  }
  return entries;
}

/**
 * Refuses an archive whose parts would inflate past the limits: by the sizes the directory
 * declares, then by inflating each deflated part with its declared size as a hard ceiling, so a
 * directory that understates a part is caught too (JSZip trusts it), and counting the tags of
 * the XML parts. Memory stays within one part's declared size; time within the total. Throws ZipProblem.
 */
export function checkZip(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const entries = readZipDirectory(bytes);
  let total = 0;
  for (const entry of entries) {
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > ratioFloorBytes && ratio > limits.maxRatio) {
      throw new ZipProblem('size', `part ${entry.name} expands ${Math.round(ratio)} times, to ${megabytes(entry.uncompressedSize)} (a zip bomb; at most ${limits.maxRatio} times)`);
    }
    // Stored parts are no larger than the file itself; barely compressible ones (images) no more than twice it.
    if (entry.method === 8 && ratio > compressibleRatio) total += entry.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      throw new ZipProblem('size', `its parts declare over ${megabytes(total)} uncompressed (at most ${megabytes(limits.maxUncompressedBytes)})`);
    }
  }
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let tags = 0;
  for (const entry of entries) {
    if (entry.method !== 0 && entry.method !== 8) continue;
    const data = entryData(view, entry);
    if (!data) continue; // A damaged local header: JSZip will refuse the archive itself.
    let content: Buffer | undefined = data;
    if (entry.method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
          throw new ZipProblem('size', `part ${entry.name} inflates to more than the ${entry.uncompressedSize} bytes its directory entry declares`);
        }
        // Corrupt deflate data stops before exceeding the declared size; whether the part is usable is mammoth's call.
        content = undefined;
      }
    }
    if (!content || !looksLikeXml(content)) continue;
    // mammoth's memory follows the number of tags, not bytes: 5 MB of bare paragraphs take 1.4 GB.
    const scan = scanXml(content);
    tags += scan.tags;
    if (tags > limits.maxTags) {
      throw new ZipProblem('complex', `its XML parts hold over ${limits.maxTags} tags (INGEST_MAX_DOCX_XML_TAGS)`);
    }
    // xmldom and mammoth slow down with depth squared: 50 000 nested paragraphs take a minute.
    if (scan.depth > maxXmlDepth) {
      throw new ZipProblem('complex', `part ${entry.name} nests elements ${scan.depth} deep (at most ${maxXmlDepth})`);
    }
  }
  return entries;
}

/** Whether a part could be parsed as XML (images and fonts cannot): its first non-blank byte is '<'. */
function looksLikeXml(content: Buffer): boolean {
  let at = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf ? 3 : 0;
  while (at < content.length && (content[at] === 0x20 || content[at] === 0x0a || content[at] === 0x0d || content[at] === 0x09)) at++;
  return content[at] === 0x3c;
}

/** Tags ('<') and the deepest nesting of an XML part, in one linear pass over its bytes. */
function scanXml(content: Buffer): { tags: number; depth: number } {
  let tags = 0;
  let depth = 0;
  let deepest = 0;
  let nextGt = -1;
  for (let at = content.indexOf(0x3c); at >= 0; at = content.indexOf(0x3c, at + 1)) {
    tags++;
    const next = content[at + 1];
    if (next === 0x2f) {
      depth--;
      continue;
    }
    if (next === 0x3f || next === 0x21) continue; // <?…?> and <!…>
    // One search for '>' serves every '<' before it, so '<<<<…' stays linear.
    if (nextGt <= at) nextGt = content.indexOf(0x3e, at + 1);
    if (nextGt < 0) break;
    if (content[nextGt - 1] !== 0x2f && ++depth > deepest) deepest = depth;
  }
  return { tags, depth: deepest };
}

function findEndOfDirectory(view: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65 535 bytes, at the very end of the file.
  const lowest = Math.max(0, view.length - 22 - 0xffff);
  for (let at = view.length - 22; at >= lowest; at--) {
    if (view.readUInt32LE(at) === EOCD) return at;
  }
  throw new ZipProblem('format', 'not a zip archive (no central directory)');
}

/** Zip64 extra field (id 1): 8-byte values for exactly those 32-bit fields that hold 0xFFFFFFFF, in this order. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  if (entry.uncompressedSize !== U32_MAX && entry.compressedSize !== U32_MAX && entry.localHeaderOffset !== U32_MAX) return;
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      const end = Math.min(extra.length, field + length);
      for (const key of ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const) {
        if (entry[key] !== U32_MAX) continue;
        if (field + 8 > end) throw new ZipProblem('format', `zip64 sizes of ${entry.name} are missing`);
        entry[key] = u64(extra, field);
        field += 8;
      }
      return;
    }
    at += 4 + length;
  }
  throw new ZipProblem('format', `zip64 sizes of ${entry.name} are missing`);
}

function entryData(view: Buffer, entry: ZipEntry): Buffer | undefined {
  const at = entry.localHeaderOffset;
  if (at + 30 > view.length || view.readUInt32LE(at) !== LOCAL) return undefined;
  const start = at + 30 + view.readUInt16LE(at + 26) + view.readUInt16LE(at + 28);
  if (start > view.length) return undefined;
  return view.subarray(start, Math.min(view.length, start + entry.compressedSize));
}

/** Unsigned 64-bit little-endian, as a number; values past 2^53 become Infinity-like huge numbers that fail every bound. */
function u64(view: Buffer, at: number): number {
  if (at + 8 > view.length) throw new ZipProblem('format', 'zip64 field outside the file');
  return Number(view.readBigUInt64LE(at));
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
