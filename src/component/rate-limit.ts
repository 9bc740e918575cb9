// Token buckets per client address (issue #6): `capacity` requests at once, refilled at
// capacity/periodMs. Pure apart from the Map: the caller passes the time.

export interface RateSpec {
  capacity: number;
  periodMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #spec: RateSpec;

  constructor(spec: RateSpec) {
    if (!(spec.capacity >= 1) || !(spec.periodMs > 0)) {
      throw new TypeError(`RateLimiter needs capacity >= 1 and periodMs > 0, got ${JSON.stringify(spec)}`);
    }
    this.#spec = spec;
  }

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const b = this.#level(key, now);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    this.#buckets.set(key, b);
    // Full buckets carry no information: dropping them keeps the map as small as the set of busy clients.
    if (this.#buckets.size > 1024) this.#sweep(now);
    return true;
  }

  /** Tokens available to `key` at `now` (fractional while refilling). */
  available(key: string, now: number): number {
    return this.#level(key, now).tokens;
  }

  #level(key: string, now: number): Bucket {
    const { capacity, periodMs } = this.#spec;
    const b = this.#buckets.get(key);
    if (b === undefined) return { tokens: capacity, at: now };
    const elapsed = Math.max(0, now - b.at);
    return {
      tokens: Math.min(capacity, b.tokens + (elapsed * capacity) / periodMs),
      at: Math.max(now, b.at),
    };
  }

  #sweep(now: number): void {
    for (const key of [...this.#buckets.keys()]) {
      if (this.#level(key, now).tokens >= this.#spec.capacity) this.#buckets.delete(key);
    }
  }
}

/** `"10/60"`: 10 requests, refilled over 60 seconds. */
export function parseRateSpec(text: string): RateSpec | undefined {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  if (m === null) return undefined;
  const capacity = Number(m[1]);
  const seconds = Number(m[2]);
  if (capacity < 1 || seconds < 1) return undefined;
  return { capacity, periodMs: seconds * 1000 };
}
