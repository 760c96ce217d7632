/**
 * All configuration, typed, in one place. Values come from (highest first) command-line flags,
 * the environment, then the defaults below. `.env.example` mirrors every variable.
 */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PolicyQaError } from './errors.js';

/** The prompts shipped with the project, wherever the command is run from. */
const SHIPPED_PROMPTS = fileURLToPath(new URL('../prompts', import.meta.url));

export interface EmbeddingConfig {
  /**
   * `none`: no vectors, retrieval is BM25 alone (default: offline, the hashed vectors below cost
   * recall on every corpus measured). `hash`: offline hashed character n-gram + word vectors.
   * `openai`: any OpenAI-compatible /v1/embeddings endpoint, fused with BM25. Env: EMBEDDING_PROVIDER.
   */
  provider: 'none' | 'hash' | 'openai';
  /** Model name sent to the endpoint (openai provider only). Env: EMBEDDING_MODEL. */
  model: string;
  /** Vector size. Hash provider default 256; for openai, the endpoint's size (checked). Env: EMBEDDING_DIMENSIONS. */
  dimensions: number;
  /** Env: EMBEDDING_BASE_URL, falling back to OPENAI_BASE_URL. */
  baseUrl?: string;
  /** Env: EMBEDDING_API_KEY, falling back to OPENAI_API_KEY. */
  apiKey?: string;
  /** Texts per embeddings request. Env: EMBEDDING_BATCH_SIZE. Default 64. */
  batchSize: number;
}

/**
 * Bounds on the work one corpus file may cost, so a malformed or hostile file becomes a problem
 * for that file instead of exhausting the stack, the memory or the time of a whole ingest.
 * Uploads are checked against the same limits before they are kept.
 */
export interface IngestLimitsConfig {
  /** Largest file read whole, in bytes (.jsonl is streamed: only its lines are limited). Env: INGEST_MAX_FILE_BYTES. Default 100 MB. */
  maxFileBytes: number;
  /** Longest .jsonl line in bytes; a longer line becomes a problem and the rest still load. Env: INGEST_MAX_JSONL_LINE_BYTES. Default 10 MB. */
  maxJsonlLineBytes: number;
  /** HTML elements nested deeper than this are flattened, their text kept (browsers stop at 512). Env: INGEST_MAX_HTML_DEPTH. Default 512. */
  maxHtmlDepth: number;
  /** Pages read from one PDF; later pages are skipped with a warning. Env: INGEST_MAX_PDF_PAGES. Default 2000. */
  maxPdfPages: number;
  /** Total uncompressed bytes of a .docx's compressible parts, read from the zip directory before parsing. Env: INGEST_MAX_DOCX_UNCOMPRESSED_BYTES. Default 50 MB. */
  maxDocxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of a .docx part over 1 MB (real XML stays under ~30). Env: INGEST_MAX_ZIP_RATIO. Default 200. */
  maxZipRatio: number;
  /** Most XML tags (each '<') in a .docx's parts; mammoth needs ~1.5 KB of memory per tag. Env: INGEST_MAX_DOCX_XML_TAGS. Default 300 000 (~500 MB). */
  maxDocxXmlTags: number;
  /** Time one file may take to load, in ms; a slower file is skipped as a problem. Env: INGEST_FILE_TIMEOUT_MS. Default 120 000. */
  fileTimeoutMs: number;
  /** Worker threads that chunk, tokenise and find figures while files are read; 0 does it all in one thread. Env: INGEST_WORKERS. Default: the machine's cores. */
  workers: number;
}

export interface ChunkingConfig {
  /** A chunk grows paragraph by paragraph up to this many characters. Default 600 (400 cut laws articles and long paragraphs into pieces: see eval/README). */
  maxChars: number;
  /** Paragraphs shorter than this are merged with their neighbour under the same heading. Default 60. */
  minChars: number;
}

export interface Bm25Config {
  /** Term-frequency saturation, useful range 1.2–2.0. Default 1.2. */
  k1: number;
  /** Length normalisation, 0 (none) to 1 (full). Default 0.75. */
  b: number;
}

export interface HnswConfig {
  /** Graph degree; higher is more accurate and larger. Default 16. */
  m: number;
  /** Candidate list size while building. Default 100. */
  efConstruction: number;
  /** Candidate list size while searching. Default 64. */
  efSearch: number;
}

export interface RetrievalConfig {
  /** Results taken from each of BM25 and the vector index before fusion. Default 60. */
  candidates: number;
  /** Reciprocal rank fusion constant: larger flattens the difference between ranks. Default 60. */
  rrfK: number;
  /** Passages handed to the answerer. Default 8. Env: RETRIEVAL_LIMIT. */
  limit: number;
  /** Weight of the vector list in fusion, relative to BM25's 1. Default 0.7. */
  vectorWeight: number;
  /**
   * Weight of the question's character pairs found in a passage or its title when the fused list's
   * first passages are reordered, against the fused score's 1 (its share of the best). 0 turns the
   * reordering off. Default 1 (chosen on the tuning parts of the dev sets: scripts/ablate-retrieval.ts).
   * Env: RETRIEVAL_BIGRAM_WEIGHT.
   */
  bigramWeight: number;
}

export interface LlmConfig {
  /** Env: OPENAI_API_KEY. Local servers (vLLM, Ollama) usually need none: set only the base URL. */
  apiKey?: string;
  /** Env: OPENAI_BASE_URL, e.g. https://api.deepseek.com/v1 or http://localhost:11434/v1. */
  baseUrl?: string;
  /** Env: LLM_MODEL. Default gpt-4o-mini. */
  model: string;
  /** Env: LLM_TEMPERATURE. Default 0: answers quote, they do not invent. */
  temperature: number;
  /** One request's time limit, from sending it to the end of its (streamed) reply, in ms. Env: LLM_TIMEOUT_MS. Default 30 000. */
  timeoutMs: number;
  /**
   * From sending a request to the first streamed chunk, in ms. What a hanging endpoint costs the user
   * once (the circuit breaker spares the following questions). Env: LLM_FIRST_TOKEN_TIMEOUT_MS. Default 8 000.
   */
  firstTokenTimeoutMs: number;
  /** Longest pause between two streamed chunks, in ms. Env: LLM_IDLE_TIMEOUT_MS. Default 5 000. */
  idleTimeoutMs: number;
  /** The whole answer's time limit (every model call and tool), in ms. Env: LLM_TOTAL_TIMEOUT_MS. Default 90 000. */
  totalTimeoutMs: number;
  /**
   * Retries of a request answered 5xx, 408, 409 or 429, or whose connection was reset, as long as the
   * waits fit within the first-token deadline. Never after a timeout or a refused connection. Env: LLM_MAX_RETRIES. Default 2.
   */
  maxRetries: number;
  /** Failed answers in a row (timeouts count as all of them) that open the circuit breaker. Env: LLM_BREAKER_FAILURES. Default 3. */
  breakerFailures: number;
  /** How long an open breaker answers offline before it lets one question probe the endpoint, in ms. Env: LLM_BREAKER_COOLDOWN_MS. Default 30 000. */
  breakerCooldownMs: number;
  /** Model calls allowed for one answer, tool rounds included. Env: LLM_MAX_STEPS. Default 6. */
  maxSteps: number;
}

/**
 * `auto`: the LLM agent when an endpoint is configured, else the offline answerer.
 * `llm`: the agent (an error when no endpoint is configured). `extractive`: always offline.
 */
export type AnswerMode = 'auto' | 'llm' | 'extractive';

/**
 * Which proxies in front of the server may name the client in X-Forwarded-For, as Express's
 * `trust proxy`: false (none: the socket address is the client), a hop count, or addresses and
 * subnets (`loopback`, `10.0.0.0/8`, …). Only a trusted proxy's header can pick a rate-limit key.
 */
export type TrustProxy = boolean | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One TRUST_PROXY entry: a name Express knows, an address, or address/prefix (or /netmask). */
function proxyEntryValid(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', mask, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (mask === undefined) return true;
  if (/^\d+$/.test(mask)) return Number(mask) <= (family === 4 ? 32 : 128);
  return isIP(mask) === family;
}

function trustProxy(env: Env): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.find((entry) => !proxyEntryValid(entry));
  if (bad !== undefined || entries.length === 0) {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: TRUST_PROXY must be false, true, a hop count, or comma-separated addresses/subnets (e.g. loopback,10.0.0.0/8), got "${bad ?? raw}".`);
  }
  return entries;
}

/** HOST: an IP address or a host name (localhost, a machine's name). */
function listenHost(env: Env): string {
  const raw = env.HOST?.trim();
  if (!raw) return defaultConfig.server.host;
  if (isIP(raw) !== 0 || /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(raw)) return raw;
  throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: HOST must be an IP address or a host name (127.0.0.1, 0.0.0.0, ::, localhost), got "${raw}".`);
}

export interface ServerConfig {
  /**
   * Address the server listens on. Env: HOST. Default 127.0.0.1: only this machine reaches it.
   * 0.0.0.0 (or ::) serves every network interface; do that only inside a trusted network or
   * behind a proxy, since the server has no user accounts.
   */
  host: string;
  /** Env: PORT. Default 3000. */
  port: number;
  /** Where conversations and feedback are kept. Env: DATA_DIR. Default `data`. */
  dataDir: string;
  /** Origins allowed to call the API from a browser (comma-separated). Env: CORS_ORIGINS. Default: none (same origin only). */
  corsOrigins: string[];
  /** Key for the admin endpoints (upload, re-index); unset disables them. Env: ADMIN_API_KEY. */
  adminApiKey?: string;
  /** Requests per client per minute to the answering endpoints. Env: RATE_LIMIT_PER_MINUTE. Default 60. */
  rateLimitPerMinute: number;
  /** Largest JSON body in bytes. Env: BODY_LIMIT_BYTES. Default 65536. */
  bodyLimitBytes: number;
  /** Longest question in characters. Env: MAX_QUESTION_CHARS. Default 1000. */
  maxQuestionChars: number;
  /** Largest uploaded file in bytes. Env: UPLOAD_MAX_BYTES. Default 20 MB. */
  uploadMaxBytes: number;
  /** Most files in one upload. Env: UPLOAD_MAX_FILES. Default 10. */
  uploadMaxFiles: number;
  /** Milliseconds between SSE heartbeats while an answer is being made. Env: SSE_HEARTBEAT_MS. Default 10 000. */
  heartbeatMs: number;
  /** Proxies whose X-Forwarded-For is believed. Env: TRUST_PROXY. Default false (the socket address is the client). */
  trustProxy: TrustProxy;
  /** Most conversations kept; the least recently updated go first. Env: CONVERSATIONS_MAX_COUNT. Default 1000. */
  conversationsMaxCount: number;
  /** Days a conversation is kept after its last turn. Env: CONVERSATIONS_MAX_AGE_DAYS. Default 90. */
  conversationsMaxAgeDays: number;
}

export interface Config {
  /** Env: CORPUS_DIR. Default `corpus`. */
  corpusDir: string;
  /** Env: INDEX_DIR. Default `data/index`. */
  indexDir: string;
  /**
   * A Postgres (17+, with pgvector and pg_textsearch) that serves the index instead of INDEX_DIR:
   * ingest still builds in INDEX_DIR, then publishes there. Env: DATABASE_URL. Default: none (files).
   */
  databaseUrl?: string;
  embedding: EmbeddingConfig;
  ingest: IngestLimitsConfig;
  chunking: ChunkingConfig;
  bm25: Bm25Config;
  hnsw: HnswConfig;
  retrieval: RetrievalConfig;
  /** Env: ANSWER_MODE. Default auto. */
  mode: AnswerMode;
  llm: LlmConfig;
  /** Folder of the agent's prompt files. Env: PROMPTS_DIR. Default: the project's `prompts/`. */
  promptsDir: string;
  server: ServerConfig;
}

export const defaultConfig: Config = {
  corpusDir: 'corpus',
  indexDir: 'data/index',
  embedding: { provider: 'none', model: 'hash-ngram', dimensions: 256, batchSize: 64 },
  ingest: {
    maxFileBytes: 100 * 1024 * 1024,
    maxJsonlLineBytes: 10 * 1024 * 1024,
    maxHtmlDepth: 512,
    maxPdfPages: 2000,
    maxDocxUncompressedBytes: 50 * 1024 * 1024,
    maxZipRatio: 200,
    maxDocxXmlTags: 300_000,
    fileTimeoutMs: 120_000,
    workers: availableParallelism(),
  },
  chunking: { maxChars: 600, minChars: 60 },
  bm25: { k1: 1.2, b: 0.75 },
  hnsw: { m: 16, efConstruction: 100, efSearch: 64 },
  retrieval: { candidates: 60, rrfK: 60, limit: 8, vectorWeight: 0.7, bigramWeight: 1 },
  mode: 'auto',
  llm: {
    model: 'gpt-4o-mini',
    temperature: 0,
    timeoutMs: 30_000,
    firstTokenTimeoutMs: 8_000,
    idleTimeoutMs: 5_000,
    totalTimeoutMs: 90_000,
    maxRetries: 2,
    breakerFailures: 3,
    breakerCooldownMs: 30_000,
    maxSteps: 6,
  },
  promptsDir: SHIPPED_PROMPTS,
  server: {
    host: '127.0.0.1',
    port: 3000,
    dataDir: 'data',
    corsOrigins: [],
    rateLimitPerMinute: 60,
    bodyLimitBytes: 65_536,
    maxQuestionChars: 1000,
    uploadMaxBytes: 20 * 1024 * 1024,
    uploadMaxFiles: 10,
    heartbeatMs: 10_000,
    trustProxy: false,
    conversationsMaxCount: 1000,
    conversationsMaxAgeDays: 90,
  },
};

/** Whether an LLM endpoint is configured: a key, or a base URL for a local server. */
export function llmConfigured(config: Config): boolean {
  return Boolean(config.llm.apiKey || config.llm.baseUrl);
}

export interface ConfigOverrides {
  corpusDir?: string;
  indexDir?: string;
  mode?: string;
}

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: ${name} must be a positive integer, got "${raw}".`);
  }
  return value;
}

function nonNegativeNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: ${name} must be a number ≥ 0, got "${raw}".`);
  }
  return value;
}

function answerMode(raw: string): AnswerMode {
  if (raw === 'auto' || raw === 'llm' || raw === 'extractive') return raw;
  throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: the answer mode must be auto, llm or extractive, got "${raw}".`);
}

function databaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // (Not echoed: it may hold a password.)
    throw new PolicyQaError('INVALID_CONFIG', 'Invalid configuration: DATABASE_URL is not a URL; it must look like postgres://user:password@host:5432/db.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//…".`);
  }
  return raw;
}

/** Reads the configuration once, at the edge (CLI, server); everything below receives it as an argument. */
export function loadConfig(overrides: ConfigOverrides = {}, env: Env = process.env): Config {
  const provider = env.EMBEDDING_PROVIDER || defaultConfig.embedding.provider;
  if (provider !== 'none' && provider !== 'hash' && provider !== 'openai') {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: EMBEDDING_PROVIDER must be "none", "hash" or "openai", got "${provider}".`);
  }
  const model = env.EMBEDDING_MODEL || (provider === 'openai' ? 'text-embedding-3-small' : defaultConfig.embedding.model);
  return {
    corpusDir: overrides.corpusDir || env.CORPUS_DIR || defaultConfig.corpusDir,
    indexDir: overrides.indexDir || env.INDEX_DIR || defaultConfig.indexDir,
    ...(env.DATABASE_URL ? { databaseUrl: databaseUrl(env.DATABASE_URL) } : {}),
    embedding: {
      provider,
      model,
      dimensions: positiveInt(env, 'EMBEDDING_DIMENSIONS', provider === 'openai' ? 1536 : defaultConfig.embedding.dimensions),
      baseUrl: env.EMBEDDING_BASE_URL || env.OPENAI_BASE_URL || undefined,
      apiKey: env.EMBEDDING_API_KEY || env.OPENAI_API_KEY || undefined,
      batchSize: positiveInt(env, 'EMBEDDING_BATCH_SIZE', defaultConfig.embedding.batchSize),
    },
    ingest: {
      maxFileBytes: positiveInt(env, 'INGEST_MAX_FILE_BYTES', defaultConfig.ingest.maxFileBytes),
      maxJsonlLineBytes: positiveInt(env, 'INGEST_MAX_JSONL_LINE_BYTES', defaultConfig.ingest.maxJsonlLineBytes),
      maxHtmlDepth: positiveInt(env, 'INGEST_MAX_HTML_DEPTH', defaultConfig.ingest.maxHtmlDepth),
      maxPdfPages: positiveInt(env, 'INGEST_MAX_PDF_PAGES', defaultConfig.ingest.maxPdfPages),
      maxDocxUncompressedBytes: positiveInt(env, 'INGEST_MAX_DOCX_UNCOMPRESSED_BYTES', defaultConfig.ingest.maxDocxUncompressedBytes),
      maxZipRatio: positiveInt(env, 'INGEST_MAX_ZIP_RATIO', defaultConfig.ingest.maxZipRatio),
      maxDocxXmlTags: positiveInt(env, 'INGEST_MAX_DOCX_XML_TAGS', defaultConfig.ingest.maxDocxXmlTags),
      fileTimeoutMs: positiveInt(env, 'INGEST_FILE_TIMEOUT_MS', defaultConfig.ingest.fileTimeoutMs),
      workers: Math.floor(nonNegativeNumber(env, 'INGEST_WORKERS', defaultConfig.ingest.workers)),
    },
    chunking: {
      maxChars: positiveInt(env, 'CHUNK_MAX_CHARS', defaultConfig.chunking.maxChars),
      minChars: positiveInt(env, 'CHUNK_MIN_CHARS', defaultConfig.chunking.minChars),
    },
    bm25: { k1: nonNegativeNumber(env, 'BM25_K1', defaultConfig.bm25.k1), b: nonNegativeNumber(env, 'BM25_B', defaultConfig.bm25.b) },
    hnsw: {
      m: positiveInt(env, 'HNSW_M', defaultConfig.hnsw.m),
      efConstruction: positiveInt(env, 'HNSW_EF_CONSTRUCTION', defaultConfig.hnsw.efConstruction),
      efSearch: positiveInt(env, 'HNSW_EF_SEARCH', defaultConfig.hnsw.efSearch),
    },
    retrieval: {
      candidates: positiveInt(env, 'RETRIEVAL_CANDIDATES', defaultConfig.retrieval.candidates),
      rrfK: positiveInt(env, 'RETRIEVAL_RRF_K', defaultConfig.retrieval.rrfK),
      limit: positiveInt(env, 'RETRIEVAL_LIMIT', defaultConfig.retrieval.limit),
      vectorWeight: nonNegativeNumber(env, 'RETRIEVAL_VECTOR_WEIGHT', defaultConfig.retrieval.vectorWeight),
      bigramWeight: nonNegativeNumber(env, 'RETRIEVAL_BIGRAM_WEIGHT', defaultConfig.retrieval.bigramWeight),
    },
    mode: answerMode(overrides.mode || env.ANSWER_MODE || defaultConfig.mode),
    llm: {
      apiKey: env.OPENAI_API_KEY || undefined,
      baseUrl: env.OPENAI_BASE_URL || undefined,
      model: env.LLM_MODEL || defaultConfig.llm.model,
      temperature: nonNegativeNumber(env, 'LLM_TEMPERATURE', defaultConfig.llm.temperature),
      timeoutMs: positiveInt(env, 'LLM_TIMEOUT_MS', defaultConfig.llm.timeoutMs),
      firstTokenTimeoutMs: positiveInt(env, 'LLM_FIRST_TOKEN_TIMEOUT_MS', defaultConfig.llm.firstTokenTimeoutMs),
      idleTimeoutMs: positiveInt(env, 'LLM_IDLE_TIMEOUT_MS', defaultConfig.llm.idleTimeoutMs),
      totalTimeoutMs: positiveInt(env, 'LLM_TOTAL_TIMEOUT_MS', defaultConfig.llm.totalTimeoutMs),
      maxRetries: Math.floor(nonNegativeNumber(env, 'LLM_MAX_RETRIES', defaultConfig.llm.maxRetries)),
      breakerFailures: positiveInt(env, 'LLM_BREAKER_FAILURES', defaultConfig.llm.breakerFailures),
      breakerCooldownMs: Math.floor(nonNegativeNumber(env, 'LLM_BREAKER_COOLDOWN_MS', defaultConfig.llm.breakerCooldownMs)),
      maxSteps: positiveInt(env, 'LLM_MAX_STEPS', defaultConfig.llm.maxSteps),
    },
    promptsDir: env.PROMPTS_DIR || defaultConfig.promptsDir,
    server: {
      host: listenHost(env),
      port: positiveInt(env, 'PORT', defaultConfig.server.port),
      dataDir: env.DATA_DIR || defaultConfig.server.dataDir,
      corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
      adminApiKey: env.ADMIN_API_KEY || undefined,
      rateLimitPerMinute: positiveInt(env, 'RATE_LIMIT_PER_MINUTE', defaultConfig.server.rateLimitPerMinute),
      bodyLimitBytes: positiveInt(env, 'BODY_LIMIT_BYTES', defaultConfig.server.bodyLimitBytes),
      maxQuestionChars: positiveInt(env, 'MAX_QUESTION_CHARS', defaultConfig.server.maxQuestionChars),
      uploadMaxBytes: positiveInt(env, 'UPLOAD_MAX_BYTES', defaultConfig.server.uploadMaxBytes),
      uploadMaxFiles: positiveInt(env, 'UPLOAD_MAX_FILES', defaultConfig.server.uploadMaxFiles),
      heartbeatMs: positiveInt(env, 'SSE_HEARTBEAT_MS', defaultConfig.server.heartbeatMs),
      trustProxy: trustProxy(env),
      conversationsMaxCount: positiveInt(env, 'CONVERSATIONS_MAX_COUNT', defaultConfig.server.conversationsMaxCount),
      conversationsMaxAgeDays: positiveInt(env, 'CONVERSATIONS_MAX_AGE_DAYS', defaultConfig.server.conversationsMaxAgeDays),
    },
  };
}
