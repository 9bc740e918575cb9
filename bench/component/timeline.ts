// Where a call setup's time goes: the guests and the owners run in this process, so they stamp one
// clock. Keyed by the guest's full JID (the `ready` message names it; the owner sees it as `from`).
import { performance } from 'node:perf_hooks';
import { percentile } from '../stats.js';

export const MARKS = ['offer', 'propose', 'initiate', 'answer'] as const;
/** `failed`: the guest gave up or was ended; outside the step chain, kept for `--keep-logs`. */
export type Mark = (typeof MARKS)[number] | 'failed' | 'accept-sent' | 'accept-reply';

const calls = new Map<string, Partial<Record<Mark, number>>>();

export function mark(guest: string, what: Mark): void {
  let m = calls.get(guest);
  if (m === undefined) calls.set(guest, (m = {}));
  m[what] ??= performance.now();
}

/** Median milliseconds of each step (from one mark to the next) over the calls marked since the last reset. */
export function stepMedians(): Array<{ step: string; p50: number; p99: number }> {
  const out: Array<{ step: string; p50: number; p99: number }> = [];
  for (let i = 1; i < MARKS.length; i++) {
    const from = MARKS[i - 1] as Mark;
    const to = MARKS[i] as Mark;
    const samples: number[] = [];
    for (const m of calls.values()) {
      const a = m[from];
      const b = m[to];
      if (a !== undefined && b !== undefined) samples.push(b - a);
    }
    out.push({ step: `${from} → ${to}`, p50: percentile(samples, 50), p99: percentile(samples, 99) });
  }
  return out;
}

/** Failed calls of the last level as JSON lines with wall-clock times (ISO), to match against logs. */
export function failedCalls(): string[] {
  const iso = (t: number | undefined): string | undefined =>
    t === undefined ? undefined : new Date(performance.timeOrigin + t).toISOString();
  const out: string[] = [];
  for (const [guest, m] of calls) {
    if (m.failed === undefined) continue;
    const times = Object.fromEntries(Object.entries(m).map(([k, t]) => [k, iso(t)]));
    out.push(JSON.stringify({ guest, ...times }));
  }
  return out;
}

export function resetMarks(): void {
  calls.clear();
}
