import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/agent/circuit-breaker.js';

/** A breaker on a clock the test moves by hand. */
function breaker(failureThreshold = 3, cooldownMs = 1000) {
  const clock = { now: 0 };
  return { clock, breaker: new CircuitBreaker({ failureThreshold, cooldownMs, now: () => clock.now }) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success starts the count again', () => {
    const { breaker: b } = breaker(3);
    b.failure(b.acquire()!);
    b.failure(b.acquire()!);
    b.success(b.acquire()!);
    b.failure(b.acquire()!);
    b.failure(b.acquire()!);
    expect(b.state).toBe('closed');
    expect(b.acquire()).toEqual({ probe: false });
  });

  it('opens after the threshold of failures in a row and refuses calls for the cool-down', () => {
    const { clock, breaker: b } = breaker(3, 1000);
    for (let i = 0; i < 3; i++) b.failure(b.acquire()!);
    expect(b.state).toBe('open');
    expect(b.acquire()).toBeUndefined();
    clock.now = 400;
    expect(b.acquire()).toBeUndefined();
    expect(b.retryInMs).toBe(600);
  });

  it('opens at once on a failure marked as opening it (a timeout)', () => {
    const { breaker: b } = breaker(3);
    b.failure(b.acquire()!, true);
    expect(b.state).toBe('open');
  });

  it('lets one probe through after the cool-down; its success closes the circuit', () => {
    const { clock, breaker: b } = breaker(1, 1000);
    b.failure(b.acquire()!);
    clock.now = 1000;
    expect(b.state).toBe('half_open');
    const probe = b.acquire();
    expect(probe).toEqual({ probe: true });
    // Only one question waits on a possibly hanging endpoint; the others are answered offline.
    expect(b.acquire()).toBeUndefined();
    b.success(probe!);
    expect(b.state).toBe('closed');
    expect(b.acquire()).toEqual({ probe: false });
  });

  it('opens again for a whole cool-down when the probe fails', () => {
    const { clock, breaker: b } = breaker(3, 1000);
    b.failure(b.acquire()!, true);
    clock.now = 1500;
    b.failure(b.acquire()!);
    expect(b.state).toBe('open');
    expect(b.retryInMs).toBe(1000);
    clock.now = 2500;
    expect(b.acquire()).toEqual({ probe: true });
  });

  it('a probe released with no verdict (the client went away) lets the next caller probe', () => {
    const { clock, breaker: b } = breaker(1, 1000);
    b.failure(b.acquire()!);
    clock.now = 1000;
    b.release(b.acquire()!);
    expect(b.state).toBe('half_open');
    expect(b.acquire()).toEqual({ probe: true });
  });

  it('a call that started before the circuit opened does not free the probe slot', () => {
    const { clock, breaker: b } = breaker(1, 1000);
    const early = b.acquire()!;
    b.failure(b.acquire()!);
    clock.now = 1000;
    const probe = b.acquire()!;
    b.release(early);
    expect(b.acquire()).toBeUndefined();
    b.success(probe);
    expect(b.state).toBe('closed');
  });
});
