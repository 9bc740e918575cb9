// The client's reconnect policy; the delay formula is shared with the component (src/jingle/backoff.ts).
import { backoffDelay as delay, type BackoffSpec } from '../../jingle/backoff.js';

export interface BackoffOptions extends BackoffSpec {
  /** Attempts before giving up; Infinity to retry forever. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000, maxAttempts: Infinity };

export function backoffDelay(
  attempt: number,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  return delay(attempt, random, options);
}
