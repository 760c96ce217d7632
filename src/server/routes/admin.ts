/**
 * Admin: upload documents into the corpus, list and delete them, re-index and watch its progress
 * (GET /status), behind ADMIN_API_KEY.
 * Uploads are checked by name, extension, declared content type, content (a PDF starts %PDF, a
 * .docx is a zip, text is UTF-8), size and count, and the ingest limits (a .docx's zip directory),
 * and stored under corpus/uploads/ with a sanitised name that never overwrites.
 */
import { lstat, mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { Config } from '../../config.js';
import { isPolicyQaError } from '../../errors.js';
import { checkFileLimits } from '../../ingest/loaders.js';
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

/**
 * Why an uploaded file's name is refused, if it is: control characters (a NUL reaches the file
 * system as an error, a newline forges log lines) have no business in a document's name.
 */
function nameProblem(name: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control characters in the file name';
  if (name.length > 255) return 'file name longer than 255 characters';
  return undefined;
}

/** Why the bytes break an ingest limit (size, zip bomb), if they do: the check the loader makes first. */
function limitProblem(name: string, bytes: Buffer, config: Config): string | undefined {
  try {
    checkFileLimits(name, bytes, config.ingest);
    return undefined;
  } catch (error) {
    if (isPolicyQaError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
}

/** An uploaded file named in a URL: one plain name in the uploads folder, never a path. */
function uploadedName(raw: string): string {
  if (raw === '' || raw === '.' || raw === '..' || raw.startsWith('.') || /[/\\]/.test(raw) || nameProblem(raw)) {
    throw new HttpError(400, 'INVALID_REQUEST', `Invalid upload name: ${JSON.stringify(raw)}. Give the name as listed by GET /api/admin/uploads.`);
  }
  return raw;
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
  const uploadsDir = path.join(config.corpusDir, 'uploads');

  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: { fileSize: config.server.uploadMaxBytes, files: config.server.uploadMaxFiles, fields: 10, parts: config.server.uploadMaxFiles + 10 },
  }).array('files', config.server.uploadMaxFiles);

  router.post(
    '/documents',
    (req: Request, res: Response, next: NextFunction) => {
      if (!req.is('multipart/form-data')) return next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Upload with multipart/form-data, files in the field "files".'));
      upload(req, res, (error?: unknown) => {
        // busboy refuses a part header it cannot parse (a NUL in a file name is one): the client's fault, a 400.
        const failure = error as { code?: unknown; message?: string } | undefined;
        if (error && !(typeof failure?.code === 'string' && failure.code.startsWith('LIMIT_'))) {
          return next(new HttpError(400, 'UPLOAD_REJECTED', `Upload rejected: the multipart body cannot be read (${failure?.message ?? 'unknown error'}).`));
        }
        next(error);
      });
    },
    async (req: Request, res: Response) => {
      if (host.reindexing) throw new HttpError(409, 'REINDEX_RUNNING', 'A re-index is already running. Upload again when it has finished.');
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      if (files.length === 0) throw new HttpError(400, 'UPLOAD_REJECTED', 'Upload rejected: no files in the field "files".');
      const rejected: Array<{ file: string; reason: string }> = [];
      for (const file of files) {
        const extension = path.extname(file.originalname).toLowerCase();
        const accepted = acceptedTypes[extension];
        const badName = nameProblem(file.originalname);
        if (badName) rejected.push({ file: JSON.stringify(file.originalname).slice(1, -1), reason: badName });
        else if (!accepted) rejected.push({ file: file.originalname, reason: `unsupported file type ${extension || '(none)'}; supported: ${Object.keys(acceptedTypes).join(' ')}` });
        else if (!accepted.includes(file.mimetype)) rejected.push({ file: file.originalname, reason: `content type ${file.mimetype} does not match ${extension}` });
        else {
          const problem = contentProblem(extension, file.buffer) ?? limitProblem(file.originalname, file.buffer, config);
          if (problem) rejected.push({ file: file.originalname, reason: problem });
        }
      }
      // All or nothing: a batch with a bad file stores none of it, so a retry does not duplicate.
      if (rejected.length > 0) throw new HttpError(400, 'UPLOAD_REJECTED', `Upload rejected: ${rejected.map((r) => `${r.file}: ${r.reason}`).join('; ')}`, rejected);
      const saved: string[] = [];
      const save = async () => {
        await mkdir(uploadsDir, { recursive: true });
        for (const file of files) saved.push(`uploads/${await writeNew(uploadsDir, safeFileName(file.originalname), file.buffer)}`);
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

  router.get('/uploads', async (_req, res) => {
    const entries = await readdir(uploadsDir, { withFileTypes: true }).catch(() => []);
    const files = [];
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      const info = await lstat(path.join(uploadsDir, entry.name));
      files.push({ name: entry.name, path: `uploads/${entry.name}`, bytes: info.size, modified: info.mtime.toISOString() });
    }
    res.json({ files: files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) });
  });

  // Deleting an upload is how a file that should not be in the corpus leaves it; the re-index
  // that follows (unless ?reindex=false) drops its documents from the index.
  router.delete('/uploads/:name', async (req: Request<{ name: string }>, res: Response) => {
    const name = uploadedName(req.params.name);
    const file = path.join(uploadsDir, name);
    const info = await lstat(file).catch(() => undefined);
    if (!info?.isFile()) throw new HttpError(404, 'NOT_FOUND', `No uploaded file named ${JSON.stringify(name)}.`);
    const remove = async () => {
      await unlink(file);
    };
    if (req.query.reindex === 'false') {
      if (host.reindexing) throw new HttpError(409, 'REINDEX_RUNNING', 'A re-index is running. Delete again when it has finished.');
      await remove();
      res.json({ deleted: `uploads/${name}` });
      return;
    }
    // Deleting and re-indexing hold the re-index turn together: a 409 means nothing was deleted.
    const index = await host.reindex(remove);
    res.json({ deleted: `uploads/${name}`, index });
  });

  // What the knowledge-base page polls: the re-index in progress or the last one's summary, and the
  // problems each file of the current index had (a skipped JSONL line, a flattened table).
  router.get('/status', (_req, res) => {
    const { index } = host.current;
    const problems = [...index.files.values()].flatMap((record) => record.problems.map(({ code, line, message }) => ({ file: record.path, code, ...(line !== undefined ? { line } : {}), message })));
    const { counts, updatedAt } = index.manifest;
    res.json({
      reindex: host.reindexState,
      index: { files: index.files.size, documents: counts.documents, chunks: counts.chunks, updatedAt },
      problems,
    });
  });

  router.post('/reindex', async (_req, res) => {
    res.json({ index: await host.reindex() });
  });

  return router;
}
