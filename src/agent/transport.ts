/**
 * The fetch the OpenAI client uses for the agent: it bounds how long a failing endpoint can hold a
 * question. The client's own timeout stops at the response headers, so a server that accepts the
 * request and then stalls mid-stream would hold the answer until the whole-answer deadline; here
 * every request has a first-token deadline, an idle limit between streamed chunks and an overall
 * limit, and a request is retried only where a retry can help (5xx, 429, a connection reset) and
 * the wait is short. A timeout or a refused connection is never retried: the next attempt would
 * fail the same way and cost the user as much again.
 */

export interface TransportLimits {
  /** From sending a streamed request to its first chunk, in ms. */
  firstTokenTimeoutMs: number;
  /** Longest pause between two chunks of a response body, in ms. */
  idleTimeoutMs: number;
  /** One request from sending to the end of its body, streamed or not, in ms. */
  timeoutMs: number;
  /** Retries of a request that got a 5xx, 408 or 429 response or lost its connection before one. */
  maxRetries: number;
}

/** Statuses a retry can cure: the server was busy or briefly broken. */
const RETRY_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);
/** Connection failures a retry can cure: a kept-alive socket the server had already closed. */
const RETRY_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
/** First wait between retries when the server names none, doubled each time, in ms. */
const BACKOFF_MS = 200;

/** A deadline missed. The name and message are what the OpenAI client and `classifyFailure` read as a timeout. */
export class LlmTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** The wait a response asks for before a retry (`retry-after-ms`, or `retry-after` in seconds or as a date), in ms. */
export function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms') || NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function streamed(init: RequestInit | undefined): boolean {
  if (typeof init?.body !== 'string') return false;
  try {
    return (JSON.parse(init.body) as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

function connectionCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * One attempt: the response, whose body errors with `LlmTimeoutError` when the first chunk (of a
 * streamed request) or the next chunk is late, or when the whole request runs past `timeoutMs`.
 */
async function attempt(base: typeof fetch, input: string | URL | Request, init: RequestInit | undefined, limits: TransportLimits): Promise<Response> {
  const began = performance.now();
  const upstream = new AbortController();
  const callerSignal = init?.signal;
  const onCallerAbort = () => upstream.abort(callerSignal!.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  // One watchdog per attempt: when it fires, the pending fetch or read fails with the timeout.
  let timer: NodeJS.Timeout | undefined;
  let expire!: (error: LlmTimeoutError) => void;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  expired.catch(() => {});
  const arm = (ms: number, message: string) => {
    clearTimeout(timer);
    const overall = limits.timeoutMs - (performance.now() - began);
    const [wait, why] = ms <= overall ? [ms, message] : [overall, `the request took over ${limits.timeoutMs} ms`];
    timer = setTimeout(() => {
      const error = new LlmTimeoutError(why);
      expire(error);
      upstream.abort(error);
    }, Math.max(0, wait));
  };
  const stop = () => {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  };

  // A non-streamed reply only starts when it is complete: its first chunk gets the whole limit.
  const firstChunkMs = streamed(init) ? limits.firstTokenTimeoutMs : limits.timeoutMs;
  arm(firstChunkMs, `no first token within ${firstChunkMs} ms`);
  let response: Response;
  try {
    response = await Promise.race([base(input, { ...init, signal: upstream.signal }), expired]);
  } catch (error) {
    stop();
    throw error;
  }
  if (!response.body) {
    stop();
    return response;
  }
  const reader = response.body.getReader();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Armed only while a read waits on the server: a slow reader is not a stalled server.
      if (!first) arm(limits.idleTimeoutMs, `no chunk for ${limits.idleTimeoutMs} ms`);
      first = false;
      try {
        const chunk = await Promise.race([reader.read(), expired]);
        clearTimeout(timer);
        if (chunk.done) {
          stop();
          controller.close();
        } else controller.enqueue(chunk.value);
      } catch (error) {
        stop();
        reader.cancel(error).catch(() => {});
        controller.error(error);
      }
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * A fetch with the limits above, for the OpenAI client (`configuration.fetch`). Retries wait as the
 * server asks (`Retry-After`) or back off from 200 ms, and only while the retries stay within the
 * first-token deadline: a failing request never costs more than a hanging one.
 */
export function guardedFetch(limits: TransportLimits, base: typeof fetch = (input, init) => globalThis.fetch(input, init)): typeof fetch {
  return async (input, init) => {
    const began = performance.now();
    for (let retry = 0; ; retry++) {
      const budget = () => limits.firstTokenTimeoutMs - (performance.now() - began);
      let response: Response;
      try {
        response = await attempt(base, input, init, limits);
      } catch (error) {
        const code = connectionCode(error);
        const wait = BACKOFF_MS * 2 ** retry;
        if (init?.signal?.aborted || retry >= limits.maxRetries || !code || !RETRY_CONNECTION_CODES.has(code) || wait > budget()) throw error;
        await sleep(wait, init?.signal);
        continue;
      }
      if (!RETRY_STATUSES.has(response.status) || retry >= limits.maxRetries) return response;
      const wait = retryAfterMs(response.headers) ?? BACKOFF_MS * 2 ** retry * (0.75 + Math.random() / 2);
      if (wait > budget()) return response;
      await response.body?.cancel().catch(() => {});
      await sleep(wait, init?.signal);
    }
  };
}
