// The client's reconnect policy: how many attempts and their spacing. The delay formula itself is the
// core's (src/jingle/backoff.ts backoffDelay), shared with the component.
import type { BackoffSpec } from '../../jingle/backoff.js';

export interface BackoffOptions extends BackoffSpec {
  /** Attempts before giving up; Infinity to retry forever. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000, maxAttempts: Infinity };
