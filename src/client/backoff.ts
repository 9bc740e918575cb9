// Reconnect delays: exponential, capped, with "full jitter" so that many clients dropped by one
// server restart do not come back in lock-step. `random` is injected (tests, and no hidden state).

export interface BackoffOptions {
  /** First delay in ms. */
  baseMs: number;
  /** Upper bound of any delay in ms. */
  capMs: number;
  /** Attempts before giving up; Infinity to retry forever. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000, maxAttempts: Infinity };

/**
 * Delay before attempt `attempt` (0-based): a value in [ceiling/2, ceiling] where
 * ceiling = min(cap, base * 2^attempt). Half is kept fixed so a retry never fires instantly.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
