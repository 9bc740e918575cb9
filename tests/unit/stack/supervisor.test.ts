// npm start's restart policy (src/stack/supervisor.ts) with fake processes, a fake clock and a sleep
// the test releases: which lines are printed, which delays are asked for, and when it gives up.
import { describe, expect, it } from 'vitest';
import type { ExitStatus, RunningService } from '../../../src/stack/service.js';
import { restartDelay, supervise } from '../../../src/stack/supervisor.js';

interface FakeProcess extends RunningService {
  die(e: ExitStatus): void;
  stops: number;
}

let nextPid = 100;
function fakeProcess(): FakeProcess {
  let die!: (e: ExitStatus) => void;
  const exitStatus = new Promise<ExitStatus>((r) => (die = r));
  const p: FakeProcess = {
    name: 'fake',
    pid: nextPid++,
    exitStatus,
    exited: exitStatus.then((e) => e.code),
    die: (e) => die(e),
    stops: 0,
    stop: async () => {
      p.stops++;
      die({ code: null, signal: 'SIGTERM' });
    },
  };
  return p;
}

/** A supervisor whose sleeps are recorded and released by the test, on a clock the test moves. */
function harness(restartResults: Array<'ok' | Error>) {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const releases: Array<() => void> = [];
  const started: FakeProcess[] = [];
  let clock = 0;
  const first = fakeProcess();
  const sup = supervise(first, {
    name: 'component',
    report: (l) => lines.push(l),
    now: () => clock,
    sleep: (ms) =>
      new Promise<void>((r) => {
        sleeps.push(ms);
        releases.push(r);
      }),
    restart: async () => {
      const next = restartResults.shift() ?? 'ok';
      if (next instanceof Error) throw next;
      const p = fakeProcess();
      started.push(p);
      return { service: p, note: `pid ${p.pid}, connected` };
    },
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    sup,
    first,
    lines,
    sleeps,
    started,
    advance: (ms: number) => (clock += ms),
    release: async () => {
      releases.shift()?.();
      await settle();
    },
    settle,
  };
}

describe('restartDelay', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [2, 4000],
    [4, 16_000],
    [5, 30_000],
    [60, 30_000],
  ])('restart %i waits %i ms', (attempt, ms) => {
    expect(restartDelay(attempt, 1000, 30_000)).toBe(ms);
  });
});

describe('supervise', () => {
  it('says why the process exited, restarts it after 1 s and says it is back', async () => {
    const h = harness(['ok']);
    h.first.die({ code: null, signal: 'SIGKILL' });
    await h.settle();
    expect({ lines: h.lines, sleeps: h.sleeps, started: h.started.length }).toEqual({
      lines: ['component exited (signal SIGKILL); restarting in 1 s'],
      sleeps: [1000],
      started: 0,
    });
    await h.release();
    const second = h.started[0];
    expect({ lines: h.lines, current: h.sup.current().pid, restarts: h.sup.restarts }).toEqual({
      lines: [
        'component exited (signal SIGKILL); restarting in 1 s',
        `component back (pid ${second?.pid}, connected)`,
      ],
      current: second?.pid,
      restarts: 1,
    });
    await h.sup.stop();
  });

  it('doubles the delay while restarts keep failing or dying young, and resets it after a stable run', async () => {
    const h = harness([new Error('Prosody did not start: it exited with code 3\nlast lines…'), 'ok', 'ok']);
    h.first.die({ code: 1, signal: null });
    await h.settle();
    await h.release(); // attempt 1 throws
    await h.release(); // attempt 2 starts
    h.advance(5_000);
    h.started[0]?.die({ code: null, signal: 'SIGSEGV' }); // died after 5 s: not stable
    await h.settle();
    await h.release();
    h.advance(60_000);
    h.started[1]?.die({ code: 0, signal: null }); // ran a minute: back to 1 s
    await h.settle();
    expect({ lines: h.lines, sleeps: h.sleeps }).toEqual({
      lines: [
        'component exited (code 1); restarting in 1 s',
        'component did not start again (Prosody did not start: it exited with code 3); restarting in 2 s',
        `component back (pid ${h.started[0]?.pid}, connected)`,
        'component exited (signal SIGSEGV); restarting in 4 s',
        `component back (pid ${h.started[1]?.pid}, connected)`,
        'component exited (code 0); restarting in 1 s',
      ],
      sleeps: [1000, 2000, 4000, 1000],
    });
    await h.sup.stop();
  });

  it('after stop(), a pending restart never happens and the stop of the process is not reported', async () => {
    const h = harness(['ok']);
    h.first.die({ code: null, signal: 'SIGKILL' });
    await h.settle();
    await h.sup.stop();
    await h.release();
    expect({ lines: h.lines, started: h.started.length, stops: h.first.stops }).toEqual({
      lines: ['component exited (signal SIGKILL); restarting in 1 s'],
      started: 0,
      stops: 1,
    });
  });

  it('stop() of a running process stops it and prints nothing', async () => {
    const h = harness([]);
    await h.sup.stop();
    await h.settle();
    expect({ lines: h.lines, stops: h.first.stops, started: h.started.length }).toEqual({
      lines: [],
      stops: 1,
      started: 0,
    });
  });

  it('nextStart() resolves with the restarted process', async () => {
    const h = harness(['ok']);
    const next = h.sup.nextStart();
    h.first.die({ code: null, signal: 'SIGKILL' });
    await h.settle();
    await h.release();
    expect((await next).pid).toBe(h.started[0]?.pid);
    await h.sup.stop();
  });
});
