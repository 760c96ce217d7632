import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddingConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/index/embed/embedder.js';
import { OpenAIEmbedder } from '../../src/index/embed/openai-embedder.js';

interface EmbeddingRequest {
  model: string;
  input: string[];
  encoding_format?: string;
  dimensions?: number;
}

/**
 * A scripted stand-in for /v1/embeddings. Each text "t<n>" embeds to a vector whose first
 * component is n, so the tests can tell which vector belongs to which text.
 */
let server: Server;
let baseUrl: string;
let requests: EmbeddingRequest[] = [];
let failuresBeforeSuccess = 0;
let failureStatus = 429;
let returnedDimensions = 4;
let reverseOrder = false;
let base64 = false;

function vectorFor(text: string): number[] {
  const n = Number(text.slice(1));
  return Array.from({ length: returnedDimensions }, (_, i) => (i === 0 ? n : 1));
}

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
    res.writeHead(404).end();
    return;
  }
  const request = JSON.parse(body) as EmbeddingRequest;
  requests.push(request);
  if (failuresBeforeSuccess > 0) {
    failuresBeforeSuccess--;
    res.writeHead(failureStatus, { 'content-type': 'application/json', 'retry-after-ms': '5' });
    res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
    return;
  }
  const data = request.input.map((text, index) => ({
    object: 'embedding',
    index,
    embedding: base64 ? Buffer.from(Float32Array.from(vectorFor(text)).buffer).toString('base64') : vectorFor(text),
  }));
  if (reverseOrder) data.reverse();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', model: request.model, data, usage: { prompt_tokens: 1, total_tokens: 1 } }));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  failuresBeforeSuccess = 0;
  failureStatus = 429;
  returnedDimensions = 4;
  reverseOrder = false;
  base64 = false;
});

function config(overrides: Partial<EmbeddingConfig> = {}): EmbeddingConfig {
  return { provider: 'openai', model: 'test-embed', dimensions: 4, baseUrl, apiKey: 'sk-test', batchSize: 2, ...overrides };
}

const texts = ['t1', 't2', 't3', 't4', 't5'];

describe('OpenAIEmbedder', () => {
  it('batches by batchSize and returns unit vectors in input order', async () => {
    const embedder = new OpenAIEmbedder(config(), { maxRetries: 0, timeoutMs: 2000 });
    const vectors = await embedder.embed(texts);
    expect(requests.map((r) => r.input)).toEqual([['t1', 't2'], ['t3', 't4'], ['t5']]);
    expect(requests[0]).toMatchObject({ model: 'test-embed', encoding_format: 'float' });
    expect(requests[0]?.dimensions).toBeUndefined();
    expect(vectors).toHaveLength(5);
    vectors.forEach((v, i) => {
      const expected = vectorFor(texts[i]!);
      const norm = Math.hypot(...expected);
      expect(v[0]).toBeCloseTo(expected[0]! / norm, 6);
      expect(Math.hypot(...v)).toBeCloseTo(1, 6);
    });
  });

  it('puts vectors back in input order when the server sends them shuffled', async () => {
    reverseOrder = true;
    const vectors = await new OpenAIEmbedder(config({ batchSize: 5 }), { maxRetries: 0 }).embed(texts);
    expect(requests).toHaveLength(1);
    const firsts = vectors.map((v) => v[0]! / v[1]!);
    firsts.forEach((ratio, i) => expect(ratio).toBeCloseTo(i + 1, 5));
  });

  it('accepts base64 vectors from servers that send them although floats were asked for', async () => {
    base64 = true;
    const [vector] = await new OpenAIEmbedder(config(), { maxRetries: 0 }).embed(['t3']);
    expect(vector![0]! / vector![1]!).toBeCloseTo(3, 5);
  });

  it('retries a 429 and then succeeds', async () => {
    failuresBeforeSuccess = 1;
    const vectors = await new OpenAIEmbedder(config(), { maxRetries: 2, timeoutMs: 2000 }).embed(['t1']);
    expect(requests).toHaveLength(2);
    expect(vectors).toHaveLength(1);
  });

  it('gives up after the bounded retries with EMBEDDING_FAILED', async () => {
    failuresBeforeSuccess = 10;
    failureStatus = 503;
    const embedder = new OpenAIEmbedder(config(), { maxRetries: 2, timeoutMs: 2000 });
    await expect(embedder.embed(['t1'])).rejects.toMatchObject({
      code: 'EMBEDDING_FAILED',
      message: expect.stringContaining('503'),
    });
    expect(requests).toHaveLength(3);
  });

  it('reports a dimension mismatch with the size to configure', async () => {
    returnedDimensions = 8;
    const embedder = new OpenAIEmbedder(config(), { maxRetries: 0 });
    await expect(embedder.embed(['t1'])).rejects.toMatchObject({
      code: 'EMBEDDING_FAILED',
      message: expect.stringContaining('EMBEDDING_DIMENSIONS=8'),
    });
  });

  it('wraps connection failures as EMBEDDING_FAILED', async () => {
    const embedder = new OpenAIEmbedder(config({ baseUrl: 'http://127.0.0.1:1/v1' }), { maxRetries: 0, timeoutMs: 1000 });
    await expect(embedder.embed(['t1'])).rejects.toMatchObject({ code: 'EMBEDDING_FAILED' });
  });

  it('is what createEmbedder returns for the openai provider, with a model-specific id', async () => {
    const embedder = createEmbedder(config(), { openai: { maxRetries: 0 } });
    expect(embedder.id).toBe('openai:test-embed/4');
    expect(await embedder.embed([])).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it('needs an API key or a base URL', () => {
    expect(() => new OpenAIEmbedder(config({ apiKey: undefined, baseUrl: undefined }))).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});
