/** Server-sent events: named events with JSON data, and comment heartbeats that keep proxies patient. */
import type { Response } from 'express';

export class EventStream {
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: Response,
    heartbeatMs: number,
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
  }

  send(event: string, data: unknown): void {
    if (!this.res.writableEnded) this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
  }
}

export function wantsEventStream(accept: string | undefined): boolean {
  return /\btext\/event-stream\b/.test(accept ?? '');
}
