// Reconnect delays for the client and the component: exponential, capped, with "full jitter" so that
// many connections dropped by one server restart do not come back in lock-step. `random` is injected
// (tests are exact, and no hidden state).

export interface BackoffSpec {
  /** First delay in ms. */
  baseMs: number;
  /** Upper bound of any delay in ms. */
  capMs: number;
}

/**
 * Delay before attempt `attempt` (0-based): a value in [ceiling/2, ceiling] where
 * ceiling = min(cap, base * 2^attempt). Half is kept fixed so a retry never fires instantly.
 */
export function backoffDelay(attempt: number, random: () => number, spec: BackoffSpec): number {
  const ceiling = Math.min(spec.capMs, spec.baseMs * 2 ** Math.min(attempt, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
