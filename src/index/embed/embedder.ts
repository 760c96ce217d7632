import type { EmbeddingConfig } from '../../config.js';
import { HashEmbedder } from './hash-embedder.js';
import { OpenAIEmbedder, type OpenAIEmbedderOptions } from './openai-embedder.js';

/** Turns texts into unit-length vectors for cosine search. */
export interface Embedder {
  /**
   * Identifies the model and every setting that changes the vectors, e.g. `hash-ngram-v2/256`
   * or `openai:text-embedding-3-small/1536`. An index records it; a different id means rebuild.
   */
  readonly id: string;
  readonly dimensions: number;
  /** One L2-normalised vector per text, in input order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface EmbedderOptions {
  /** Word segmenter for the hash embedder (e.g. jieba); without it only character n-grams are used. */
  segmentWords?: (text: string) => string[];
  /** Retry and timeout settings for the openai provider. */
  openai?: OpenAIEmbedderOptions;
}

/**
 * No vectors: retrieval is BM25 alone. The default offline: measured on laws, news and the seeds,
 * hashed n-gram vectors cost recall@1 everywhere and added nothing (see eval/README.md).
 */
export const noEmbedder: Embedder = { id: 'none', dimensions: 0, embed: async () => [] };

export function createEmbedder(config: EmbeddingConfig, options: EmbedderOptions = {}): Embedder {
  switch (config.provider) {
    case 'none':
      return noEmbedder;
    case 'hash':
      return new HashEmbedder({ dimensions: config.dimensions, segmentWords: options.segmentWords });
    case 'openai':
      return new OpenAIEmbedder(config, options.openai);
  }
}
