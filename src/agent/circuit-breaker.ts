/**
 * A circuit breaker in front of the LLM endpoint, shared by every question of one assistant.
 * While the endpoint is down or hanging, each question would otherwise pay for its own failed
 * attempt; after `failureThreshold` failures in a row (or one timeout, which alone costs the user
 * the whole deadline) questions are answered offline at once for `cooldownMs`. Then one question is
 * let through as a probe: its success closes the circuit, its failure opens it for another cool-down.
 */

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit answers offline before it lets one probe through, in ms. */
  cooldownMs: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Leave to call the endpoint, given by `acquire()`; its outcome goes back with `success`, `failure` or `release`. */
export interface CircuitPermit {
  /** This call is the one probe of a half-open circuit. */
  readonly probe: boolean;
}

export class CircuitBreaker {
  private readonly now: () => number;
  private failures = 0;
  /** When the circuit last opened; undefined while it is closed. */
  private openedAt: number | undefined;
  private probing = false;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt < this.options.cooldownMs ? 'open' : 'half_open';
  }

  /** Milliseconds until an open circuit lets a probe through; 0 when it is not open. */
  get retryInMs(): number {
    if (this.openedAt === undefined) return 0;
    return Math.max(0, this.openedAt + this.options.cooldownMs - this.now());
  }

  /**
   * Leave to call the endpoint, or undefined: answer offline. A half-open circuit gives leave to one
   * caller at a time, so a hanging endpoint holds at most one question while it is probed.
   */
  acquire(): CircuitPermit | undefined {
    const state = this.state;
    if (state === 'closed') return { probe: false };
    if (state === 'open' || this.probing) return undefined;
    this.probing = true;
    return { probe: true };
  }

  /** The endpoint answered: the circuit closes and the count of failures starts again. */
  success(permit: CircuitPermit): void {
    this.endProbe(permit);
    this.failures = 0;
    this.openedAt = undefined;
  }

  /**
   * The endpoint failed. The circuit opens after `failureThreshold` failures in a row, when a probe
   * fails, or at once when `opensNow` (a timeout: the next try would cost the next user as much).
   */
  failure(permit: CircuitPermit, opensNow = false): void {
    this.failures++;
    if (permit.probe || opensNow || this.failures >= this.options.failureThreshold) this.openedAt = this.now();
    this.endProbe(permit);
  }

  /** The call ended with no verdict on the endpoint (the client went away): the next caller may probe. */
  release(permit: CircuitPermit): void {
    this.endProbe(permit);
  }

  private endProbe(permit: CircuitPermit): void {
    if (permit.probe) this.probing = false;
  }
}
