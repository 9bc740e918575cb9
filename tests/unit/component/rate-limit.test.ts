import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/jingle/backoff.js';
import { RateLimiter, parseRateSpec } from '../../../src/component/rate-limit.js';

describe('RateLimiter (token bucket, injected clock)', () => {
  it('allows a burst of `capacity`, then refills one token per period/capacity', () => {
    const rl = new RateLimiter({ capacity: 3, periodMs: 3000 });
    const at = (t: number): boolean => rl.take('1.2.3.4', t);
    expect([at(0), at(0), at(0), at(0), at(999), at(1000), at(1000), at(3000), at(3000), at(3000)]).toEqual([
      true,
      true,
      true,
      false,
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('keeps addresses apart', () => {
    const rl = new RateLimiter({ capacity: 1, periodMs: 60_000 });
    expect([rl.take('a', 0), rl.take('a', 0), rl.take('b', 0)]).toEqual([true, false, true]);
  });

  it('never holds more than capacity after a long idle time', () => {
    const rl = new RateLimiter({ capacity: 2, periodMs: 1000 });
    rl.take('a', 0);
    expect(rl.available('a', 1_000_000)).toEqual(2);
  });

  it('a clock going backwards does not mint tokens', () => {
    const rl = new RateLimiter({ capacity: 1, periodMs: 1000 });
    expect([rl.take('a', 5000), rl.take('a', 0), rl.take('a', 5999), rl.take('a', 6000)]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('refuses a nonsense spec with TypeError', () => {
    expect(() => new RateLimiter({ capacity: 0, periodMs: 1 })).toThrow(TypeError);
  });

  it.each([
    ['10/60', { capacity: 10, periodMs: 60_000 }],
    [' 1/1 ', { capacity: 1, periodMs: 1000 }],
    ['0/60', undefined],
    ['10/0', undefined],
    ['10', undefined],
    ['-1/60', undefined],
    ['1.5/60', undefined],
  ])('parseRateSpec(%j)', (text, expected) => {
    expect(parseRateSpec(text)).toEqual(expected);
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap, jittered within [cap/2, cap]', () => {
    const spec = { baseMs: 100, capMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, () => 0, spec))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, () => 1, spec))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });
});
