// Dead-stream detection (liveness.ts) on a manual clock: when it probes, when it gives up, and that
// anything received keeps the stream alive.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIVENESS,
  Liveness,
  type LivenessOptions,
} from '../../../../src/client/connection/liveness.js';
import { ManualClock } from '../calls/fakes.js';

/** Runs `script` (time offset -> action) and returns what the watchdog did, with times from start. */
function run(
  script: Array<[number, 'heard' | 'stop' | 'start']>,
  until: number,
  options: LivenessOptions = DEFAULT_LIVENESS,
) {
  const clock = new ManualClock();
  const t0 = clock.now();
  const log: Array<[number, string]> = [];
  const w = new Liveness(
    {
      clock,
      probe: () => log.push([clock.now() - t0, 'probe']),
      dead: () => log.push([clock.now() - t0, 'dead']),
    },
    options,
  );
  w.start();
  for (const [at, action] of script) {
    clock.advance(at - (clock.now() - t0));
    w[action]();
  }
  clock.advance(until - (clock.now() - t0));
  return log;
}

describe('liveness: XEP-0198 <r/> after a quiet period, dead when nothing answers', () => {
  it('a silent stream: probe after 20 s quiet, dead 10 s later, nothing after that', () =>
    expect(run([], 120_000)).toEqual([
      [20_000, 'probe'],
      [30_000, 'dead'],
    ]));

  it('an answered probe: the quiet period starts again from the answer', () =>
    expect(run([[20_050, 'heard']], 65_000)).toEqual([
      [20_000, 'probe'],
      [40_050, 'probe'],
      [50_050, 'dead'],
    ]));

  it('steady traffic: never probes', () =>
    expect(
      run(
        Array.from({ length: 10 }, (_, i): [number, 'heard'] => [(i + 1) * 19_000, 'heard']),
        190_000 + 19_999,
      ),
    ).toEqual([]));

  it('stopped (socket lost, client stopped): no timer outlives it, and start() watches again', () =>
    expect(
      run(
        [
          [5_000, 'stop'],
          [100_000, 'start'],
        ],
        125_000,
      ),
    ).toEqual([[120_000, 'probe']]));

  it('stopped while a probe is out: not declared dead', () =>
    expect(run([[25_000, 'stop']], 100_000)).toEqual([[20_000, 'probe']]));

  it('idleMs 0 turns it off', () => expect(run([], 1_000_000, { idleMs: 0, answerMs: 10_000 })).toEqual([]));

  it('other settings are honoured', () =>
    expect(run([], 1_000, { idleMs: 300, answerMs: 200 })).toEqual([
      [300, 'probe'],
      [500, 'dead'],
    ]));
});
