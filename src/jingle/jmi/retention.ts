// How long the JMI device remembers ended calls: long enough to ignore duplicates of their proposes,
// bounded in time and number so no sender (#11: a stranger's flood of proposes) grows it without end.
import { STALE_PROPOSE_MS } from './model.js';
import type { JmiState } from './state.js';

/**
 * How long an ended call is remembered, so a duplicate of its propose (an XEP-0198 re-send, a carbon
 * racing the direct copy, a re-sent propose) cannot ring again. Later duplicates are stale anyway
 * (XEP-0353 §5: older than a minute is a missed call), so the call is then forgotten (#11: a flood of
 * proposes must not stay in memory).
 */
export const JMI_DEDUP_WINDOW_MS = 5 * STALE_PROPOSE_MS;
/** At most this many ended calls are remembered at once; beyond it the earliest ended go first. */
export const JMI_ENDED_LIMIT = 100;

/** Records the calls that ended in this step and drops (from `calls` too) those past the window or limit. */
export function forgetEnded(
  before: { calls: ReadonlyMap<string, JmiState>; ended: readonly { id: string; at: number }[] },
  calls: Map<string, JmiState>,
  now: number,
): readonly { id: string; at: number }[] {
  const fresh = [...calls.values()]
    .filter((c) => c.phase === 'ended' && before.calls.get(c.id)?.phase !== 'ended')
    .map((c) => ({ id: c.id, at: now }));
  const all = [...before.ended, ...fresh];
  const kept = all.filter((e) => now - e.at < JMI_DEDUP_WINDOW_MS).slice(-JMI_ENDED_LIMIT);
  if (kept.length === all.length) return fresh.length === 0 ? before.ended : all;
  const keep = new Set(kept.map((e) => e.id));
  for (const e of all) if (!keep.has(e.id)) calls.delete(e.id);
  return kept;
}
