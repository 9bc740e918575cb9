// Romeo (one device) and Juliet (phone + tablet, sharing her bare JID through carbons) over a network
// that interleaves channels, duplicates stanzas and lets time pass; users act at random moments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JmiMedia, JmiState } from '../../../src/jingle/jmi/index.js';
import { JULIET, JULIET_PHONE, JULIET_TABLET, ROMEO, ROMEO_BARE } from './helpers.js';
import { apply, busyChannels, createWorld, deliver, drain, tick, type World } from './network.js';

const DEVICES = [ROMEO, JULIET_PHONE, JULIET_TABLET] as const;
const T0 = 1_900_000_000_000;

type Step =
  | { t: 'deliver'; channel: number; duplicate: boolean }
  | { t: 'user'; device: number; action: 'accept' | 'decline' | 'cancel' | 'hangup' }
  | { t: 'tick'; ms: number };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('deliver' as const),
      channel: fc.nat(20),
      duplicate: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('user' as const),
      device: fc.nat(2),
      action: fc.constantFrom('accept' as const, 'decline' as const, 'cancel' as const, 'hangup' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 70_000 }) }),
  },
);
const arbMedia = fc.constantFrom<JmiMedia[]>(['audio'], ['video'], ['audio', 'video']);
const arbId = fc.stringMatching(/^[0-9a-f]{1,6}$/);

const calls = (w: World, jid: string): JmiState[] => [...(w.devices.get(jid)?.calls.values() ?? [])];

function userAction(w: World, step: Extract<Step, { t: 'user' }>): void {
  const jid = DEVICES[step.device] ?? ROMEO;
  const wanted = {
    accept: (c: JmiState) => c.role === 'callee' && c.phase === 'ringing',
    decline: (c: JmiState) => c.role === 'callee' && c.phase === 'ringing',
    cancel: (c: JmiState) => c.role === 'caller' && (c.phase === 'proposed' || c.phase === 'ringing'),
    hangup: (c: JmiState) => c.phase === 'proceeding',
  }[step.action];
  const call = calls(w, jid).find(wanted);
  if (call === undefined) return;
  const type = {
    accept: 'accept-call',
    decline: 'decline-call',
    cancel: 'cancel-call',
    hangup: 'end-call',
  } as const;
  apply(w, jid, { type: type[step.action], id: call.id, now: w.now });
}

function run(w: World, steps: readonly Step[]): void {
  for (const s of steps) {
    if (s.t === 'deliver') {
      const busy = busyChannels(w);
      const key = busy[s.channel % Math.max(busy.length, 1)];
      if (key !== undefined) deliver(w, key, s.duplicate);
    } else if (s.t === 'user') userAction(w, s);
    else tick(w, s.ms);
  }
  drain(w);
}

/** The calls in progress, as `device: id with peer`, sorted; both ends of a call must list each other. */
function inCall(w: World): string[] {
  return DEVICES.flatMap((jid) =>
    calls(w, jid)
      .filter((c) => c.phase === 'proceeding')
      .map((c) => `${jid}: ${c.id} with ${c.peerFull ?? '?'}`),
  ).sort();
}

function expectSettled(w: World): void {
  const live = DEVICES.flatMap((jid) =>
    calls(w, jid).filter((c) => c.phase === 'proposed' || c.phase === 'ringing'),
  );
  expect(live).toEqual([]);
  const active = inCall(w);
  if (active.length === 0) return; // everybody ended
  // Exactly one call: Romeo and exactly one of Juliet's devices, naming each other, same id.
  const [a, b] = active;
  expect(active).toHaveLength(2);
  const romeo = active.find((s) => s.startsWith(`${ROMEO}:`)) ?? '';
  const juliet = active.find((s) => !s.startsWith(`${ROMEO}:`)) ?? '';
  const id = romeo.split(' ')[1];
  const julietDevice = juliet.split(':')[0];
  expect([a, b].sort()).toEqual(
    [`${julietDevice}: ${id} with ${ROMEO}`, `${ROMEO}: ${id} with ${julietDevice}`].sort(),
  );
}

describe('JMI over a reordering, duplicating, delaying network', () => {
  it('every run ends with one device in the call or everything ended, both sides agreeing', () => {
    fc.assert(
      fc.property(arbId, arbMedia, fc.array(arbStep, { maxLength: 40 }), (id, media, steps) => {
        const w = createWorld(DEVICES, T0);
        apply(w, ROMEO, { type: 'place-call', id, to: JULIET, media, now: w.now });
        run(w, steps);
        tick(w, 120_000); // whatever still rings rings out
        drain(w);
        expectSettled(w);
      }),
      { numRuns: 300 },
    );
  });

  it('simultaneous proposals from both sides always resolve to exactly one call', () => {
    fc.assert(
      fc.property(
        arbId,
        arbId,
        fc.array(fc.record({ channel: fc.nat(20), duplicate: fc.boolean() }), { maxLength: 30 }),
        (a, b, order) => {
          fc.pre(a !== b);
          const w = createWorld(DEVICES, T0);
          apply(w, ROMEO, { type: 'place-call', id: a, to: JULIET, media: ['audio'], now: w.now });
          apply(w, JULIET_PHONE, { type: 'place-call', id: b, to: ROMEO_BARE, media: ['audio'], now: w.now });
          run(
            w,
            order.map((o) => ({ t: 'deliver', ...o })),
          );
          const winner = a < b ? a : b;
          expect(inCall(w)).toEqual([
            `${JULIET_PHONE}: ${winner} with ${ROMEO}`,
            `${ROMEO}: ${winner} with ${JULIET_PHONE}`,
          ]);
          expect(
            DEVICES.flatMap((j) =>
              calls(w, j).filter((c) => c.phase === 'ringing' || c.phase === 'proposed'),
            ),
          ).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
