// The two measured phases of bench/component/main.ts: call setups at a given concurrency, and idle guest
// sessions. CPU time is read from /proc for the component and Prosody before and after each phase.
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { closeAll, guestCall, idleGuest, pool, type CallResult } from './guests.js';
import type { ComponentProcess, MemoryReading } from './process.js';
import { cpuDelta, cpuSnapshot, rssBytes } from './procs.js';
import { percentile } from '../stats.js';
import { failedCalls, resetMarks, stepMedians } from './timeline.js';

export interface CallTarget {
  /** Guest WebSocket URLs, one per owner link; guest i calls urls[i % urls.length]. */
  urls: readonly string[];
  offer: string;
  timeoutMs: number;
  pids: { component: number; prosody: number };
}

export interface LevelResult {
  concurrency: number;
  calls: number;
  ok: number;
  failed: number;
  /** First few distinct failures, "stage: error". */
  failures: string[];
  wallMs: number;
  setupsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU milliseconds spent during the level, by process: component, prosody, bench. */
  cpu: Record<string, number>;
  /** Setup time by step (offer → propose → initiate → answer), ms. */
  steps: ReturnType<typeof stepMedians>;
  /** JSON lines with the wall-clock marks of each failed call (for `--keep-logs`). */
  failedCalls: string[];
  /** RSS at the end of the level, bytes: component and Prosody. */
  rss: { component: number; prosody: number };
}

export async function runCalls(
  t: CallTarget,
  calls: number,
  concurrency: number,
  offset = 0,
): Promise<LevelResult> {
  resetMarks();
  const before = cpuSnapshot(t.pids);
  const start = performance.now();
  const results: CallResult[] = await pool(calls, concurrency, (i) => {
    const n = offset + i;
    return guestCall(t.urls[n % t.urls.length] ?? '', `Guest ${n}`, t.offer, t.timeoutMs);
  });
  const wallMs = performance.now() - start;
  // The component and Prosody finish their share (session-terminate, acks) a moment after the
  // guest's socket closes; wait for that before reading CPU times.
  await new Promise((r) => setTimeout(r, 300));
  const cpu = cpuDelta(before, cpuSnapshot(t.pids));
  const setups = results.flatMap((r) => (r.ok ? [r.setupMs] : []));
  const failures = new Set<string>();
  for (const r of results) if (!r.ok && failures.size < 5) failures.add(`${r.stage}: ${r.error}`);
  return {
    concurrency,
    calls,
    ok: setups.length,
    failed: calls - setups.length,
    failures: [...failures],
    wallMs,
    setupsPerSecond: (setups.length * 1000) / wallMs,
    p50: percentile(setups, 50),
    p99: percentile(setups, 99),
    cpu,
    steps: stepMedians(),
    failedCalls: failedCalls(),
    rss: { component: rssBytes(t.pids.component), prosody: rssBytes(t.pids.prosody) },
  };
}

export interface IdleResult {
  sessions: number;
  openMs: number;
  baseline: MemoryReading;
  loaded: MemoryReading;
  afterClose: MemoryReading;
  /** Component CPU ms to accept and greet all sessions. */
  componentCpuMs: number;
}

/** Opens `count` idle guests (connected + hello answered) and reads the component's memory. */
export async function runIdle(
  component: ComponentProcess,
  urls: readonly string[],
  count: number,
  openConcurrency: number,
): Promise<IdleResult> {
  const baseline = await component.memory();
  const before = cpuSnapshot({ component: component.pid });
  const start = performance.now();
  const sockets: WebSocket[] = [];
  try {
    await pool(count, openConcurrency, async (i) => {
      sockets.push(await idleGuest(urls[i % urls.length] ?? '', `Idle ${i}`, 30_000));
    });
    const openMs = performance.now() - start;
    const componentCpuMs = cpuDelta(before, cpuSnapshot({ component: component.pid }))['component'] ?? NaN;
    // Let timers and socket buffers settle before the reading.
    await new Promise((r) => setTimeout(r, 1000));
    const loaded = await component.memory();
    await closeAll(sockets);
    await new Promise((r) => setTimeout(r, 1000));
    const afterClose = await component.memory();
    return { sessions: count, openMs, baseline, loaded, afterClose, componentCpuMs };
  } finally {
    for (const ws of sockets) ws.terminate();
  }
}
