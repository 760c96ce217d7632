import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type RunningApp } from './server-harness.js';

const harness = new Harness();
let admin: RunningApp;
const auth = { Authorization: 'Bearer right-key' };
const notice = ['关于开展2026年社区养老服务补贴试点的通知', '', '一、试点地区每个社区养老服务站给予一次性建设补贴30万元。'].join('\n');

beforeAll(async () => {
  await harness.build();
  admin = await harness.start({ ADMIN_API_KEY: 'right-key', INGEST_MAX_DOCX_UNCOMPRESSED_BYTES: '1000000' });
});

afterAll(async () => {
  await admin.close();
  harness.cleanup();
});

const uploads = () => path.join(harness.corpusDir, 'uploads');

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  return body.error.message;
}

function form(name: string, type: string, content: string | Uint8Array<ArrayBuffer>): FormData {
  const body = new FormData();
  body.append('files', new Blob([content], { type }), name);
  return body;
}

/** A multipart body written by hand: FormData would escape the odd bytes a hostile client sends. */
function rawUpload(fileName: string, content: string): { headers: Record<string, string>; body: Uint8Array<ArrayBuffer> } {
  const boundary = 'policyqa-boundary';
  const body = Uint8Array.from(Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="`),
    Buffer.from(fileName, 'utf8'),
    Buffer.from(`"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`),
  ]));
  return { headers: { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body };
}

async function docxBomb(): Promise<Uint8Array<ArrayBuffer>> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('word/document.xml', `<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>x${' '.repeat(20 * 1024 * 1024)}</w:t></w:r></w:p></w:body></w:document>`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }) as Promise<Uint8Array<ArrayBuffer>>;
}

describe('admin uploads: limits', () => {
  it('refuses a .docx zip bomb at upload, naming the file and the reason, and keeps nothing', async () => {
    const response = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form('bomb.docx', 'application/octet-stream', await docxBomb()) });
    const message = await expectError(response, 400, 'UPLOAD_REJECTED');
    expect(message).toContain('bomb.docx');
    expect(message).toContain('FILE_TOO_LARGE');
    expect(existsSync(path.join(uploads(), 'bomb.docx'))).toBe(false);
  });

  it('answers 400, not 500, for a NUL or another control character in the file name', async () => {
    for (const name of ['a\u0000b.txt', 'line\nbreak.txt', 'tab\u0007.txt']) {
      const { headers, body } = rawUpload(name, notice);
      const response = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers, body });
      expect(response.status, JSON.stringify(name)).toBe(400);
    }
    // The same names as a browser's FormData sends them.
    for (const name of ['a\u0000b.txt', 'bell\u0007.txt']) {
      const response = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form(name, 'text/plain', notice) });
      expect(response.status, JSON.stringify(name)).toBe(400);
    }
    expect(existsSync(uploads()) ? readdirSync(uploads()) : []).toEqual([]);
  });
});

describe('admin uploads: list and delete', () => {
  it('lists an upload, deletes it, and the re-index drops its documents', async () => {
    const health = async () => ((await (await fetch(`${admin.url}/api/health`)).json()) as { documents: number }).documents;
    const before = await health();
    const saved = await fetch(`${admin.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form('养老补贴.txt', 'text/plain', notice) });
    expect(saved.status).toBe(201);
    expect(await health()).toBe(before + 1);

    const listed = (await (await fetch(`${admin.url}/api/admin/uploads`, { headers: auth })).json()) as { files: Array<{ name: string; path: string }> };
    expect(listed.files.map((file) => file.path)).toEqual(['uploads/养老补贴.txt']);

    const deleted = await fetch(`${admin.url}/api/admin/uploads/${encodeURIComponent('养老补贴.txt')}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { deleted: string }).deleted).toBe('uploads/养老补贴.txt');
    expect(readdirSync(uploads())).toEqual([]);
    expect(await health()).toBe(before);

    await expectError(await fetch(`${admin.url}/api/admin/uploads/${encodeURIComponent('养老补贴.txt')}`, { method: 'DELETE', headers: auth }), 404, 'NOT_FOUND');
  });

  it('deletes only plain names inside the uploads folder, with the admin key', async () => {
    // A corpus file outside uploads/ that a traversal would reach.
    writeFileSync(path.join(harness.corpusDir, 'keep.txt'), notice);
    for (const name of ['..%2Fkeep.txt', '..%5Ckeep.txt', '%2E%2E', '.hidden', 'a%00b.txt']) {
      const response = await fetch(`${admin.url}/api/admin/uploads/${name}`, { method: 'DELETE', headers: auth });
      expect([400, 404], name).toContain(response.status);
    }
    expect(existsSync(path.join(harness.corpusDir, 'keep.txt'))).toBe(true);
    await expectError(await fetch(`${admin.url}/api/admin/uploads/keep.txt`, { method: 'DELETE' }), 401, 'UNAUTHORIZED');
  });
});
