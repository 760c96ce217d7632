/**
 * Admin: upload documents into the corpus and re-index, behind ADMIN_API_KEY. Uploads are checked
 * by extension, declared content type, content (a PDF starts %PDF, a .docx is a zip, text is UTF-8),
 * size and count, and stored under corpus/uploads/ with a sanitised name that never overwrites.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { Config } from '../../config.js';
import type { AssistantHost } from '../host.js';
import { HttpError } from '../http-error.js';
import { requireAdminKey } from '../security.js';

const textTypes = ['text/plain', 'text/markdown', 'text/x-markdown', 'text/html', 'application/json', 'application/x-ndjson', 'application/jsonl', 'application/octet-stream'];
/** Declared content types accepted per extension (browsers send octet-stream for what they do not know). */
const acceptedTypes: Record<string, string[]> = {
  '.txt': textTypes,
  '.md': textTypes,
  '.html': textTypes,
  '.htm': textTypes,
  '.jsonl': textTypes,
  '.pdf': ['application/pdf', 'application/octet-stream'],
  '.docx': ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/octet-stream', 'application/zip'],
};

/** Why a file's bytes are not what its name says, if they are not. */
function contentProblem(extension: string, bytes: Buffer): string | undefined {
  if (extension === '.pdf') return bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? undefined : 'not a PDF (no %PDF- header)';
  if (extension === '.docx') return bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? undefined : 'not a .docx (not a zip archive)';
  if (bytes.includes(0)) return 'binary content in a text file';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'text is not UTF-8';
  }
  return undefined;
}

/** A file name safe to create inside the uploads folder: no folders, no dot files, no odd characters. */
export function safeFileName(original: string): string {
  const base = path.basename(original.replace(/\\/g, '/'));
  const extension = path.extname(base).toLowerCase();
  const stem = base.slice(0, base.length - extension.length).replace(/[^\p{L}\p{N}_.-]+/gu, '_').replace(/^[._-]+/, '').slice(0, 80);
  return `${stem || 'upload'}${extension}`;
}

async function writeNew(dir: string, name: string, bytes: Buffer): Promise<string> {
  const extension = path.extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? name : `${stem}-${n}${extension}`;
    try {
      await writeFile(path.join(dir, candidate), bytes, { flag: 'wx' });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export function adminRoutes(host: AssistantHost, config: Config): Router {
  const router = Router();
  router.use(requireAdminKey(config.server));

  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: { fileSize: config.server.uploadMaxBytes, files: config.server.uploadMaxFiles, fields: 10, parts: config.server.uploadMaxFiles + 10 },
  }).array('files', config.server.uploadMaxFiles);

  router.post(
    '/documents',
    (req: Request, res: Response, next: NextFunction) => {
      if (!req.is('multipart/form-data')) return next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Upload with multipart/form-data, files in the field "files".'));
      upload(req, res, next);
    },
    async (req: Request, res: Response) => {
      if (host.reindexing) throw new HttpError(409, 'REINDEX_RUNNING', 'A re-index is already running. Upload again when it has finished.');
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      if (files.length === 0) throw new HttpError(400, 'UPLOAD_REJECTED', 'Upload rejected: no files in the field "files".');
      const rejected: Array<{ file: string; reason: string }> = [];
      for (const file of files) {
        const extension = path.extname(file.originalname).toLowerCase();
        const accepted = acceptedTypes[extension];
        if (!accepted) rejected.push({ file: file.originalname, reason: `unsupported file type ${extension || '(none)'}; supported: ${Object.keys(acceptedTypes).join(' ')}` });
        else if (!accepted.includes(file.mimetype)) rejected.push({ file: file.originalname, reason: `content type ${file.mimetype} does not match ${extension}` });
        else {
          const problem = contentProblem(extension, file.buffer);
          if (problem) rejected.push({ file: file.originalname, reason: problem });
        }
      }
      // All or nothing: a batch with a bad file stores none of it, so a retry does not duplicate.
      if (rejected.length > 0) throw new HttpError(400, 'UPLOAD_REJECTED', `Upload rejected: ${rejected.map((r) => `${r.file}: ${r.reason}`).join('; ')}`, rejected);
      const dir = path.join(config.corpusDir, 'uploads');
      const saved: string[] = [];
      const save = async () => {
        await mkdir(dir, { recursive: true });
        for (const file of files) saved.push(`uploads/${await writeNew(dir, safeFileName(file.originalname), file.buffer)}`);
      };
      if (req.query.reindex === 'false') {
        await save();
        res.status(201).json({ saved });
        return;
      }
      // Saving and re-indexing hold the re-index turn together: a 409 means nothing was saved.
      const index = await host.reindex(save);
      res.status(201).json({ saved, index });
    },
  );

  router.post('/reindex', async (_req, res) => {
    res.json({ index: await host.reindex() });
  });

  return router;
}
