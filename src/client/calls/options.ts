// The call manager's options with their defaults; types.ts (CallManagerOptions) says what each does.
import { DEFAULT_ICE_RESTART_AFTER_MS } from './ice-recovery.js';
import type { CallManagerOptions } from './types.js';

/** Long enough for a burst (host, srflx, relay of one transport arrive within a few ms), short for ICE. */
export const DEFAULT_CANDIDATE_BATCH_MS = 20;

export type ResolvedOptions = Required<Omit<CallManagerOptions, 'ringTimeoutMs'>> & {
  ringTimeoutMs?: number;
};

export function resolveCallOptions(options: CallManagerOptions): ResolvedOptions {
  return {
    acceptCallsFrom: 'contacts',
    trustedDomains: [],
    statsIntervalMs: 1000,
    candidateBatchMs: DEFAULT_CANDIDATE_BATCH_MS,
    iceRestartAfterMs: DEFAULT_ICE_RESTART_AFTER_MS,
    busyWhileInCall: true,
    ...options,
  };
}
