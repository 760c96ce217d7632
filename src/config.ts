/**
 * All configuration, typed, in one place. Values come from (highest first) command-line flags,
 * the environment, then the defaults below. `.env.example` mirrors every variable.
 */
import { PolicyQaError } from './errors.js';

export interface EmbeddingConfig {
  /**
   * `hash`: offline hashed character n-gram + word vectors, no download, no API (default).
   * `openai`: any OpenAI-compatible /v1/embeddings endpoint.
   */
  provider: 'hash' | 'openai';
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

export interface ChunkingConfig {
  /** A chunk grows paragraph by paragraph up to this many characters. Default 400. */
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
}

export interface Config {
  /** Env: CORPUS_DIR. Default `corpus`. */
  corpusDir: string;
  /** Env: INDEX_DIR. Default `data/index`. */
  indexDir: string;
  embedding: EmbeddingConfig;
  chunking: ChunkingConfig;
  bm25: Bm25Config;
  hnsw: HnswConfig;
  retrieval: RetrievalConfig;
}

export const defaultConfig: Config = {
  corpusDir: 'corpus',
  indexDir: 'data/index',
  embedding: { provider: 'hash', model: 'hash-ngram', dimensions: 256, batchSize: 64 },
  chunking: { maxChars: 400, minChars: 60 },
  bm25: { k1: 1.2, b: 0.75 },
  hnsw: { m: 16, efConstruction: 100, efSearch: 64 },
  retrieval: { candidates: 60, rrfK: 60, limit: 8, vectorWeight: 0.7 },
};

export interface ConfigOverrides {
  corpusDir?: string;
  indexDir?: string;
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

/** Reads the configuration once, at the edge (CLI, server); everything below receives it as an argument. */
export function loadConfig(overrides: ConfigOverrides = {}, env: Env = process.env): Config {
  const provider = env.EMBEDDING_PROVIDER || defaultConfig.embedding.provider;
  if (provider !== 'hash' && provider !== 'openai') {
    throw new PolicyQaError('INVALID_CONFIG', `Invalid configuration: EMBEDDING_PROVIDER must be "hash" or "openai", got "${provider}".`);
  }
  const model = env.EMBEDDING_MODEL || (provider === 'openai' ? 'text-embedding-3-small' : defaultConfig.embedding.model);
  return {
    corpusDir: overrides.corpusDir || env.CORPUS_DIR || defaultConfig.corpusDir,
    indexDir: overrides.indexDir || env.INDEX_DIR || defaultConfig.indexDir,
    embedding: {
      provider,
      model,
      dimensions: positiveInt(env, 'EMBEDDING_DIMENSIONS', provider === 'openai' ? 1536 : defaultConfig.embedding.dimensions),
      baseUrl: env.EMBEDDING_BASE_URL || env.OPENAI_BASE_URL || undefined,
      apiKey: env.EMBEDDING_API_KEY || env.OPENAI_API_KEY || undefined,
      batchSize: positiveInt(env, 'EMBEDDING_BATCH_SIZE', defaultConfig.embedding.batchSize),
    },
    chunking: {
      maxChars: positiveInt(env, 'CHUNK_MAX_CHARS', defaultConfig.chunking.maxChars),
      minChars: positiveInt(env, 'CHUNK_MIN_CHARS', defaultConfig.chunking.minChars),
    },
    bm25: { ...defaultConfig.bm25 },
    hnsw: {
      m: positiveInt(env, 'HNSW_M', defaultConfig.hnsw.m),
      efConstruction: positiveInt(env, 'HNSW_EF_CONSTRUCTION', defaultConfig.hnsw.efConstruction),
      efSearch: positiveInt(env, 'HNSW_EF_SEARCH', defaultConfig.hnsw.efSearch),
    },
    retrieval: { ...defaultConfig.retrieval, limit: positiveInt(env, 'RETRIEVAL_LIMIT', defaultConfig.retrieval.limit) },
  };
}
