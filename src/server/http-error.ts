/**
 * Errors the HTTP layer answers with: a status, a stable code and a message for the client, never a
 * stack trace. Errors from the pipeline (PolicyQaError) are mapped here too.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { isPolicyQaError, type ErrorCode } from '../errors.js';
import { ConversationFullError } from './conversations.js';

export type HttpErrorCode =
  | 'INVALID_REQUEST'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'ADMIN_DISABLED'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UPLOAD_REJECTED'
  | 'REINDEX_RUNNING'
  | 'CONVERSATION_FULL'
  | 'INTERNAL';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode | ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const pipelineStatus: Partial<Record<ErrorCode, number>> = {
  LLM_NOT_CONFIGURED: 400,
  INVALID_CONFIG: 400,
  UNSUPPORTED_FILE: 415,
  EMPTY_FILE: 400,
  INDEX_MISSING: 503,
  INDEX_CORRUPT: 503,
  INDEX_VERSION: 503,
  INDEX_LOCKED: 409,
  INDEX_CLOSED: 503,
  INDEX_PATH_UNSAFE: 500,
  EMBEDDING_MISMATCH: 503,
  EMBEDDING_FAILED: 502,
  LLM_FAILED: 502,
};

/** Parses input with a schema, or fails with a 400 that lists what was wrong. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
  throw new HttpError(400, 'INVALID_REQUEST', `Invalid ${what}: ${summary}`, details);
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ConversationFullError) return new HttpError(409, 'CONVERSATION_FULL', error.message);
  // (The database's own message names hosts and tables: it goes to the log, not to the client.)
  if (isPolicyQaError(error) && error.code === 'DATABASE_FAILED') return new HttpError(503, error.code, 'The database is not available. The details are in the server log.');
  if (isPolicyQaError(error)) return new HttpError(pipelineStatus[error.code] ?? 500, error.code, error.message);
  // body-parser and multer failures carry a status or a code of their own.
  const failure = error as { status?: number; type?: string; code?: string; message?: string };
  if (failure?.type === 'entity.too.large' || failure?.code === 'LIMIT_FILE_SIZE') return new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request too large: ${failure.message ?? ''}`.trim());
  if (failure?.type === 'entity.parse.failed') return new HttpError(400, 'INVALID_REQUEST', 'Invalid JSON in the request body.');
  if (failure?.code?.startsWith('LIMIT_')) return new HttpError(400, 'UPLOAD_REJECTED', `Upload rejected: ${failure.message}`);
  if (typeof failure?.status === 'number' && failure.status >= 400 && failure.status < 500) {
    return new HttpError(failure.status, 'INVALID_REQUEST', failure.message ?? 'Invalid request.');
  }
  return new HttpError(500, 'INTERNAL', 'Internal error. The details are in the server log.');
}

export function sendError(res: Response, error: HttpError): void {
  res.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
}

/** The last middleware: every error becomes a JSON error body; unexpected ones are logged. */
export function errorHandler(log: (message: string) => void) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const http = toHttpError(error);
    if (http.status >= 500) log(`${http.code}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(res, http);
  };
}
