// Keeps one server process of `npm start` running (the component, Prosody, coturn): when it exits
// without being asked to, it is started again after an exponential delay, 1 s doubling up to 30 s,
// back to 1 s once a run has lasted a minute. Every exit and every return is one printed line, so a
// crash is never silent. The same code restarts the component in the fault test
// (tests/e2e/fault-component.test.ts).
import { describeExit, type ExitStatus, type RunningService } from './service.js';

export interface Started {
  service: RunningService;
  /** Said after "back", e.g. "connected (pid 4242, log …)"; default: the PID. */
  note?: string;
}

export interface SupervisorOptions {
  /** As printed: "component", "Prosody", "coturn". */
  name: string;
  /** Starts the process again; throwing counts as one more failed attempt. */
  restart: () => Promise<Started>;
  report: (line: string) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A run at least this long resets the delay to `firstDelayMs`. */
  stableMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Supervisor {
  /** The process running now (or the last one, while a restart is pending). */
  current(): RunningService;
  /** How many times it was started again. */
  readonly restarts: number;
  /** Resolves at the next successful restart (for tests and for waiting on "back"). */
  nextStart(): Promise<RunningService>;
  /** Stops watching, cancels a pending restart and stops the process. */
  stop(): Promise<void>;
}

export const RESTART_DELAYS = { firstMs: 1000, maxMs: 30_000, stableMs: 60_000 } as const;

/** The delay before restart number `attempt` (0-based) of a crash run. */
export function restartDelay(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 30));
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

export function supervise(first: RunningService, o: SupervisorOptions): Supervisor {
  const now = o.now ?? (() => performance.now());
  const firstMs = o.firstDelayMs ?? RESTART_DELAYS.firstMs;
  const maxMs = o.maxDelayMs ?? RESTART_DELAYS.maxMs;
  const stableMs = o.stableMs ?? RESTART_DELAYS.stableMs;
  let cancelWait: (() => void) | undefined;
  const sleep =
    o.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        cancelWait = () => {
          clearTimeout(t);
          resolve();
        };
      }));
  let current = first;
  let stopped = false;
  let restarts = 0;
  let waiters: Array<(s: RunningService) => void> = [];
  let inflight: Promise<Started> | undefined;

  const watch = (service: RunningService, since: number, attempt: number): void => {
    void service.exitStatus.then((exit) => {
      if (!stopped) void recover(exit, now() - since >= stableMs ? 0 : attempt);
    });
  };

  const recover = async (exit: ExitStatus | { error: string }, attempt: number): Promise<void> => {
    const delay = restartDelay(attempt, firstMs, maxMs);
    const what = 'error' in exit ? `did not start again (${exit.error})` : `exited (${describeExit(exit)})`;
    o.report(`${o.name} ${what}; restarting in ${seconds(delay)}`);
    await sleep(delay);
    cancelWait = undefined;
    if (stopped) return;
    let started: Started;
    try {
      inflight = o.restart();
      started = await inflight;
    } catch (e) {
      if (!stopped) void recover({ error: firstLine(e) }, attempt + 1);
      return;
    } finally {
      inflight = undefined;
    }
    if (stopped) return; // stop() stops it
    current = started.service;
    restarts++;
    o.report(`${o.name} back (${started.note ?? `pid ${started.service.pid}`})`);
    const w = waiters;
    waiters = [];
    for (const fn of w) fn(started.service);
    watch(started.service, now(), attempt + 1);
  };

  watch(first, now(), 0);
  return {
    current: () => current,
    get restarts() {
      return restarts;
    },
    nextStart: () => new Promise((resolve) => waiters.push(resolve)),
    async stop() {
      stopped = true;
      cancelWait?.();
      const late = await inflight?.catch(() => undefined);
      await Promise.all([current.stop(), late?.service.stop()]);
    },
  };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
