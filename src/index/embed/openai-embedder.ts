/**
 * Embeddings from any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Azure-style gateways,
 * vLLM, Ollama, LM Studio, …) through the official SDK, which also supplies bounded retries with
 * exponential backoff on 408/409/429/5xx and connection errors, honouring Retry-After.
 */
import OpenAI from 'openai';
import type { EmbeddingConfig } from '../../config.js';
import { PolicyQaError } from '../../errors.js';
import type { Embedder } from './embedder.js';

export interface OpenAIEmbedderOptions {
  /** Retries per request after the first attempt. Default 5. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 60 000. */
  timeoutMs?: number;
}

export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly batchSize: number;

  constructor(config: EmbeddingConfig, options: OpenAIEmbedderOptions = {}) {
    if (!config.apiKey && !config.baseUrl) {
      throw new PolicyQaError(
        'INVALID_CONFIG',
        'Invalid configuration: EMBEDDING_PROVIDER=openai needs EMBEDDING_API_KEY (or OPENAI_API_KEY), or EMBEDDING_BASE_URL for a local endpoint.',
      );
    }
    this.model = config.model;
    this.dimensions = config.dimensions;
    this.batchSize = Math.max(1, config.batchSize);
    this.id = `openai:${config.model}/${config.dimensions}`;
    this.client = new OpenAI({
      // Local servers usually ignore the key, but the SDK refuses to start without one.
      apiKey: config.apiKey || 'unused',
      baseURL: config.baseUrl,
      maxRetries: options.maxRetries ?? 5,
      timeout: options.timeoutMs ?? 60_000,
    });
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  private async embedBatch(input: string[]): Promise<Float32Array[]> {
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      // encoding_format 'float' explicitly: the SDK otherwise asks for base64 and decodes it
      // blindly, which silently corrupts vectors from servers that ignore the field.
      response = await this.client.embeddings.create({ model: this.model, input, encoding_format: 'float' });
    } catch (error) {
      throw new PolicyQaError('EMBEDDING_FAILED', `Embedding request failed: ${describe(error)}`, { cause: error });
    }

    const data = Array.isArray(response?.data) ? response.data : [];
    if (data.length !== input.length) {
      throw new PolicyQaError(
        'EMBEDDING_FAILED',
        `Embedding request failed: sent ${input.length} texts, received ${data.length} vectors.`,
      );
    }
    const vectors = new Array<Float32Array | undefined>(input.length);
    for (const item of data) {
      const index = item.index;
      if (!Number.isInteger(index) || index < 0 || index >= input.length || vectors[index]) {
        throw new PolicyQaError('EMBEDDING_FAILED', `Embedding request failed: response has a bad index ${index}.`);
      }
      const vector = toVector(item.embedding as unknown);
      if (vector.length !== this.dimensions) {
        throw new PolicyQaError(
          'EMBEDDING_FAILED',
          `Embedding request failed: model ${this.model} returns ${vector.length}-dimensional vectors but ${this.dimensions} are configured. Set EMBEDDING_DIMENSIONS=${vector.length}.`,
        );
      }
      vectors[index] = normalize(vector);
    }
    return vectors as Float32Array[];
  }
}

/** Accepts the float array we asked for, or base64 little-endian float32 from servers that send it anyway. */
function toVector(embedding: unknown): Float32Array {
  if (Array.isArray(embedding) && embedding.every((x) => typeof x === 'number')) {
    return Float32Array.from(embedding as number[]);
  }
  if (typeof embedding === 'string') {
    const bytes = Buffer.from(embedding, 'base64');
    const vector = new Float32Array(bytes.length >>> 2);
    new Uint8Array(vector.buffer).set(bytes.subarray(0, vector.length * 4));
    return vector;
  }
  throw new PolicyQaError('EMBEDDING_FAILED', 'Embedding request failed: response has no embedding vector.');
}

function normalize(vector: Float32Array): Float32Array {
  let sumSquares = 0;
  for (const x of vector) sumSquares += x * x;
  if (!Number.isFinite(sumSquares)) {
    throw new PolicyQaError('EMBEDDING_FAILED', 'Embedding request failed: response vector contains non-numbers.');
  }
  if (sumSquares > 0) {
    const scale = 1 / Math.sqrt(sumSquares);
    for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  }
  return vector;
}

function describe(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    return `HTTP ${error.status} ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
