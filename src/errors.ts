/**
 * Every error the project raises on purpose has a stable code. The CLI and the HTTP server
 * turn codes into user messages and statuses; tests assert codes, not wording.
 */
export const errorCodes = {
  UNSUPPORTED_FILE: 'Unsupported file type: %s. Supported: .txt, .md, .html, .htm, .pdf, .docx, .jsonl.',
  UNREADABLE_FILE: 'Cannot read %s.',
  EMPTY_FILE: '%s has no text.',
  INVALID_JSONL_LINE: 'Invalid JSONL record.',
  FILE_TOO_LARGE: '%s is too large to load: %s',
  FILE_TOO_COMPLEX: '%s is too complex to load: %s',
  LOAD_TIMEOUT: '%s took longer than %s ms to load and was skipped.',
  LOADER_FAILED: 'Loading %s failed: %s',
  HTML_FLATTENED: '%s nests elements deeper than %s; the %s tags below that depth were flattened and their text kept.',
  PDF_PAGES_SKIPPED: '%s has %s pages; only the first %s were read (INGEST_MAX_PDF_PAGES).',
  CORPUS_MISSING: 'Corpus folder %s does not exist. Copy documents into it or pass --corpus DIR.',
  INDEX_MISSING: 'No index in %s. Run `npm run ingest` first.',
  INDEX_CORRUPT: 'The index in %s is damaged and was not used. Run `npm run ingest -- --rebuild` to build it again.',
  INDEX_PATH_UNSAFE: 'Refusing to write an index to %s: %s. Use --index with a missing path, an empty folder or an existing index folder.',
  INDEX_LOCKED: 'The index in %s is being updated by another process.',
  INDEX_CLOSED: 'The index this question was answered from has been replaced by a newer one and closed. Ask again.',
  INDEX_VERSION: 'The index in %s was built by an incompatible version. Run `npm run ingest -- --rebuild`.',
  EMBEDDING_MISMATCH: 'The index in %s was built with embeddings %s, but %s is configured. Run `npm run ingest -- --rebuild`.',
  EMBEDDING_FAILED: 'Embedding request failed: %s',
  INVALID_CONFIG: 'Invalid configuration: %s',
  DATABASE_FAILED: 'The database at %s could not be used: %s',
  PROMPT_MISSING: 'Prompt file %s is missing or empty. Restore it from the repository or set PROMPTS_DIR.',
  LLM_NOT_CONFIGURED: 'LLM mode needs an endpoint: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server (see .env.example).',
  LLM_FAILED: 'The LLM request failed: %s',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class PolicyQaError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyQaError';
    this.code = code;
  }
}

/** Builds an error from the code's message template; `%s` placeholders are filled in order. */
export function policyError(code: ErrorCode, ...args: Array<string | number>): PolicyQaError {
  let i = 0;
  const message = errorCodes[code].replace(/%s/g, () => String(args[i++] ?? ''));
  return new PolicyQaError(code, message);
}

export function isPolicyQaError(error: unknown): error is PolicyQaError {
  return error instanceof PolicyQaError;
}
