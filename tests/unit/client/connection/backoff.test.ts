import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../../../../src/client/connection/backoff.js';
import { backoffDelay } from '../../../../src/jingle/backoff.js';

// The client's reconnect policy (connection/backoff.ts DEFAULT_BACKOFF) through the core's delay formula.
describe('reconnect backoff', () => {
  it('doubles from 500 ms and caps at 30 s (random = 1: the ceiling)', () => {
    expect(Array.from({ length: 9 }, (_, i) => backoffDelay(i, () => 1, DEFAULT_BACKOFF))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('random = 0 gives half the ceiling, never zero', () => {
    expect(Array.from({ length: 8 }, (_, i) => backoffDelay(i, () => 0, DEFAULT_BACKOFF))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 15000, 15000,
    ]);
  });

  it('custom options and out-of-range randoms are clamped', () => {
    const opts = { baseMs: 100, capMs: 250, maxAttempts: 3 };
    expect([
      backoffDelay(0, () => 0.5, opts),
      backoffDelay(5, () => 2, opts),
      backoffDelay(5, () => -1, opts),
    ]).toEqual([75, 250, 125]);
  });

  it('every delay lies in [ceiling/2, ceiling] and never exceeds the cap (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, () => r, DEFAULT_BACKOFF);
        const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** Math.min(attempt, 30));
        return d >= Math.round(ceiling / 2) && d <= ceiling;
      }),
    );
  });
});
