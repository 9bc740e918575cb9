// Reconnect delays: exponential with "full jitter" so many components restarted together do not
// reconnect in lockstep. `random` is injected so tests are exact.

export interface BackoffSpec {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSpec = { initialMs: 250, maxMs: 30_000 };

/** Delay before attempt `attempt` (0-based): uniform in [cap/2, cap], cap = min(max, initial * 2^attempt). */
export function backoffDelay(
  attempt: number,
  random: () => number,
  spec: BackoffSpec = DEFAULT_BACKOFF,
): number {
  const cap = Math.min(spec.maxMs, spec.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
