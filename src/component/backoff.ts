// The component's reconnect policy: it has no XEP-0198, so it retries sooner than clients do at first.
// The delay formula is shared with the client (src/jingle/backoff.ts).
import { backoffDelay as delay, type BackoffSpec } from '../jingle/backoff.js';

export type { BackoffSpec };

export const DEFAULT_BACKOFF: BackoffSpec = { baseMs: 250, capMs: 30_000 };

export function backoffDelay(
  attempt: number,
  random: () => number,
  spec: BackoffSpec = DEFAULT_BACKOFF,
): number {
  return delay(attempt, random, spec);
}
