/** Server-sent events: named events with JSON data, and comment heartbeats that keep proxies patient. */
import type { Response } from 'express';

/** What a client reads when the server stops in the middle of its answer. */
export const SHUTTING_DOWN = { code: 'SHUTTING_DOWN', message: 'The server is restarting. Ask again in a moment.' } as const;

/**
 * The event streams one server has open. A stream can last as long as an answer takes (minutes with
 * a slow model), so a shutdown ends them itself instead of waiting for them.
 */
export class OpenStreams {
  private readonly open = new Set<EventStream>();

  add(stream: EventStream): void {
    this.open.add(stream);
  }

  delete(stream: EventStream): void {
    this.open.delete(stream);
  }

  get size(): number {
    return this.open.size;
  }

  /** Tells every open stream's client the server is stopping, and ends the stream; returns how many. */
  interruptAll(): number {
    const streams = [...this.open];
    for (const stream of streams) stream.interrupt();
    return streams.length;
  }
}

export interface EventStreamOptions {
  /** Where the stream registers while open, for shutdown. */
  streams?: OpenStreams;
  /** Called when the stream is interrupted by a shutdown: stop the work feeding it. */
  onInterrupt?: () => void;
}

export class EventStream {
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: Response,
    heartbeatMs: number,
    private readonly options: EventStreamOptions = {},
  ) {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Nginx and similar proxies would otherwise buffer the whole answer.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    this.heartbeat = setInterval(() => this.res.write(': heartbeat\n\n'), heartbeatMs);
    options.streams?.add(this);
    // A client that goes away ends the stream too.
    res.once('close', () => this.end());
  }

  send(event: string, data: unknown): void {
    if (!this.res.writableEnded) this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the stream with a SHUTTING_DOWN error event, and stops the work behind it. */
  interrupt(): void {
    this.send('error', SHUTTING_DOWN);
    this.options.onInterrupt?.();
    this.end();
  }

  end(): void {
    clearInterval(this.heartbeat);
    this.options.streams?.delete(this);
    if (!this.res.writableEnded) this.res.end();
  }
}

export function wantsEventStream(accept: string | undefined): boolean {
  return /\btext\/event-stream\b/.test(accept ?? '');
}
