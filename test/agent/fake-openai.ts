/**
 * A local stand-in for an OpenAI-compatible endpoint, started by the tests: chat completions
 * (plain and streamed, with tool calls and usage) and embeddings, answering from a script. The real
 * client, agent loop, streaming and fallbacks run against it with no network.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: unknown } }>;
}

/** What the scripted model does for one request. */
export type Reply =
  | {
      content: string;
      toolCalls?: undefined;
      delayMs?: number;
      /** Drop the connection after streaming this many characters. */
      cutAfterChars?: number;
      /** Pause between streamed pieces, to make streaming observable. */
      chunkDelayMs?: number;
      /** Stop sending, connection held open, after this many streamed chunks (a stalled server). */
      stallAfterChunks?: number;
    }
  | { toolCalls: Array<{ name: string; arguments: string }>; content?: string; delayMs?: number; stallAfterChunks?: number }
  | { status: number; message?: string; delayMs?: number; headers?: Record<string, string> }
  | { raw: string; delayMs?: number }
  /** Accept the request and never answer, not even the headers (a hanging server). */
  | { hang: true };

export type Script = (request: ChatRequest, callNumber: number) => Reply;

export interface FakeOpenAI {
  baseUrl: string;
  /** Every chat request received, in order. */
  requests: ChatRequest[];
  embeddingRequests: Array<{ model: string; input: string[] }>;
  /** Requests whose client had gone away by the time the reply was ready (delayed replies only). */
  abandoned: number;
  script: Script;
  close: () => Promise<void>;
}

const usage = { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 };

/** The text of the last tool message: what the tools returned to the model. */
export function lastToolResult(request: ChatRequest): string {
  return [...request.messages].reverse().find((m) => m.role === 'tool')?.content ?? '';
}

export async function startFakeOpenAI(script: Script, embed: (text: string) => number[] = () => [1, 0, 0, 0]): Promise<FakeOpenAI> {
  const fake: FakeOpenAI = { baseUrl: '', requests: [], embeddingRequests: [], abandoned: 0, script, close: async () => {} };
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => void handle(fake, req, res, body, embed));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return fake;
}

async function handle(fake: FakeOpenAI, req: IncomingMessage, res: ServerResponse, body: string, embed: (text: string) => number[]): Promise<void> {
  if (req.method === 'POST' && req.url === '/v1/embeddings') {
    const request = JSON.parse(body) as { model: string; input: string[] | string };
    const input = Array.isArray(request.input) ? request.input : [request.input];
    fake.embeddingRequests.push({ model: request.model, input });
    const data = input.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', model: request.model, data, usage }));
    return;
  }
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(404).end();
    return;
  }
  const request = JSON.parse(body) as ChatRequest;
  fake.requests.push(request);
  const reply = fake.script(request, fake.requests.length);
  if ('hang' in reply) return;
  if (reply.delayMs) {
    let gone = false;
    res.on('close', () => (gone = !res.writableFinished));
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (gone || res.destroyed) {
      fake.abandoned++;
      return;
    }
  }
  if ('status' in reply) {
    res.writeHead(reply.status, { 'content-type': 'application/json', 'retry-after-ms': '5', ...reply.headers });
    res.end(JSON.stringify({ error: { message: reply.message ?? 'scripted failure', type: 'server_error' } }));
    return;
  }
  if ('raw' in reply) {
    res.writeHead(200, { 'content-type': request.stream ? 'text/event-stream' : 'application/json' }).end(reply.raw);
    return;
  }
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
    id: `call_${fake.requests.length}_${i}`,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
  const finish = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  const id = `chatcmpl-${fake.requests.length}`;
  if (!request.stream) {
    const message = { role: 'assistant', content: reply.content ?? null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, object: 'chat.completion', created: 0, model: request.model, choices: [{ index: 0, message, finish_reason: finish }], usage }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const closed = new Promise((resolve) => res.on('close', resolve));
  let sent = 0;
  /** Writes one chunk; false once the scripted stall point is reached (the caller stops writing). */
  const send = (delta: object, finishReason: string | null = null): boolean => {
    if (reply.stallAfterChunks !== undefined && sent >= reply.stallAfterChunks) return false;
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`);
    sent++;
    return true;
  };
  // Stalled: nothing more is sent, and the connection stays open until the client gives up.
  const stall = () => closed;
  if (!send({ role: 'assistant', content: '' })) return void (await stall());
  // Content in small pieces, as real servers stream it.
  const content = [...(reply.content ?? '')];
  const cut = 'cutAfterChars' in reply ? reply.cutAfterChars : undefined;
  for (let i = 0; i < content.length; i += 3) {
    if (cut !== undefined && i >= cut) {
      // Let the client read what was sent before the connection drops.
      await new Promise((resolve) => setTimeout(resolve, 50));
      res.socket?.destroy();
      return;
    }
    if (!send({ content: content.slice(i, i + 3).join('') })) return void (await stall());
    if ('chunkDelayMs' in reply && reply.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, reply.chunkDelayMs));
  }
  for (const [index, call] of toolCalls.entries()) {
    if (!send({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] })) return void (await stall());
    const args = call.function.arguments;
    for (let i = 0; i < args.length; i += 8) if (!send({ tool_calls: [{ index, function: { arguments: args.slice(i, i + 8) } }] })) return void (await stall());
  }
  if (!send({}, finish)) return void (await stall());
  if (request.stream_options?.include_usage) {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [], usage })}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}
