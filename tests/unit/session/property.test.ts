// Two engines wired through a simulated network that reorders (a transport-info may overtake the
// session-initiate just before it), duplicates (XEP-0198 re-sends) and drops IQs (the sender then
// gets iq-timeout; session-terminate is never dropped, since the spec has no recovery for its loss).
import fc from 'fast-check';
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import {
  createSessionTable,
  InvalidStateError,
  JINGLE_ERRORS,
  openSession,
  routeIq,
  sessionKey,
  stepTable,
  type Effect,
  type Intent,
  type JingleErrorName,
  type SessionTable,
} from '../../../src/jingle/session/index.js';
import { ALICE, BOB, candidate, xml } from './helpers.js';
import { answerContents, offerContents } from './setup.js';

type Side = 'a' | 'b';
type Msg =
  | { to: Side; kind: 'iq'; id: string; jingle: Element }
  | { to: Side; kind: 'reply'; ref: string; error?: JingleErrorName };
const JID = { a: ALICE, b: BOB } as const;
const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');

const command = fc.oneof(
  fc.record({ op: fc.constant('deliver' as const), overtake: fc.boolean() }),
  fc.record({ op: fc.constant('drop' as const) }),
  fc.record({ op: fc.constant('duplicate' as const) }),
  fc.record({
    op: fc.constant('intent' as const),
    side: fc.constantFrom<Side>('a', 'b'),
    what: fc.constantFrom('accept', 'terminate', 'ringing', 'candidate', 'modify'),
  }),
);

function simulate(
  glare: boolean,
  cmds: readonly { op: string; overtake?: boolean; side?: Side; what?: string }[],
) {
  const t: Record<Side, SessionTable> = { a: createSessionTable(ALICE), b: createSessionTable(BOB) };
  const net: Msg[] = [];
  const delivered: Msg[] = [];
  const errors: string[] = [];
  const history: Record<Side, string[]> = { a: [], b: [] };
  let now = 0;
  const absorb = (side: Side, effects: Effect[]) => {
    for (const e of effects) {
      if (e.kind === 'send') net.push({ to: other(side), kind: 'iq', id: e.ref, jingle: e.jingle });
      else if (e.kind === 'result') net.push({ to: other(side), kind: 'reply', ref: e.iqId });
      else if (e.kind === 'error') {
        errors.push(e.error);
        net.push({ to: other(side), kind: 'reply', ref: e.iqId, error: e.error });
      } else if (e.kind === 'event' && e.event.type === 'state')
        history[side].push(`${e.sid}:${e.event.state}`);
    }
  };
  const keyOf = (side: Side, ref: string) => sessionKey(JID[other(side)], ref.slice(0, ref.lastIndexOf('#')));
  const receive = (m: Msg) => {
    now += 1;
    if (m.kind === 'iq') {
      const r = routeIq(t[m.to], { kind: 'iq', id: m.id, from: JID[other(m.to)], jingle: m.jingle, now });
      t[m.to] = r.table;
      return absorb(m.to, r.effects);
    }
    const key = keyOf(m.to, m.ref);
    if (!t[m.to].sessions.has(key)) return;
    const spec = m.error === undefined ? undefined : JINGLE_ERRORS[m.error];
    const input =
      spec === undefined
        ? { kind: 'iq-result' as const, ref: m.ref, now }
        : {
            kind: 'iq-error' as const,
            ref: m.ref,
            now,
            error: {
              condition: spec.condition,
              ...('jingle' in spec ? { jingleCondition: spec.jingle } : {}),
            },
          };
    const r = stepTable(t[m.to], key, input);
    t[m.to] = r.table;
    absorb(m.to, r.effects);
  };
  const start = (side: Side, sid: string) => {
    t[side] = openSession(t[side], JID[other(side)], sid);
    const r = stepTable(t[side], sessionKey(JID[other(side)], sid), {
      kind: 'local',
      intent: { kind: 'initiate', contents: offerContents() },
      now,
    });
    t[side] = r.table;
    absorb(side, r.effects);
  };
  start('a', 'c1');
  if (glare) start('b', 'c0');
  for (const c of cmds) {
    if (c.op === 'deliver' && net.length > 0) {
      const m0 = net[0]!;
      const m1 = net[1];
      const jumps =
        c.overtake === true &&
        m0.kind === 'iq' &&
        m1?.kind === 'iq' &&
        m0.jingle.attrs['action'] === 'session-initiate' &&
        m1.jingle.attrs['action'] === 'transport-info';
      const [m] = net.splice(jumps ? 1 : 0, 1);
      delivered.push(m!);
      receive(m!);
    } else if (
      c.op === 'drop' &&
      net[0]?.kind === 'iq' &&
      net[0].jingle.attrs['action'] !== 'session-terminate'
    ) {
      const m = net.shift() as Extract<Msg, { kind: 'iq' }>;
      const sender = other(m.to);
      const key = keyOf(sender, m.id);
      if (t[sender].sessions.has(key)) {
        const r = stepTable(t[sender], key, { kind: 'iq-timeout', ref: m.id, now });
        t[sender] = r.table;
        absorb(sender, r.effects);
      }
    } else if (c.op === 'duplicate' && delivered.some((m) => m.kind === 'iq')) {
      receive(delivered.filter((m) => m.kind === 'iq').at(-1)!);
    } else if (c.op === 'intent') {
      const side = c.side!;
      const live = [...t[side].sessions.entries()].find(
        ([, s]) => s.state === 'pending' || s.state === 'active',
      );
      if (live === undefined) continue;
      const intents: Record<string, Intent> = {
        accept: { kind: 'accept', contents: answerContents() },
        terminate: { kind: 'terminate', cause: 'hangup' },
        ringing: { kind: 'info', info: { kind: 'ringing' } },
        candidate: { kind: 'candidate', content: 'a0', candidate: xml(candidate(String(now), 4000 + now)) },
        modify: { kind: 'content-modify', name: 'v0', senders: 'initiator' },
      };
      try {
        const r = stepTable(t[side], live[0], { kind: 'local', intent: intents[c.what!]!, now });
        t[side] = r.table;
        absorb(side, r.effects);
      } catch (e) {
        if (!(e instanceof InvalidStateError) && !(e instanceof TypeError)) throw e;
      }
    }
  }
  while (net.length > 0) receive(net.shift()!); // the network settles in order
  return { t, errors, history };
}

const stateOf = (t: SessionTable, peer: string, sid: string) => {
  const s = t.sessions.get(sessionKey(peer, sid))?.state ?? 'ended';
  return s === 'idle' ? 'ended' : s;
};

describe('two engines over an unreliable network', () => {
  it.each([false, true])('always agree on the state of every session (glare=%s)', (glare) => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (cmds) => {
        const { t, errors } = simulate(glare, cmds);
        const sids = new Set([...t.a.sessions.values(), ...t.b.sessions.values()].map((s) => s.sid));
        for (const sid of sids) expect(stateOf(t.a, BOB, sid)).toEqual(stateOf(t.b, ALICE, sid));
        // Tie-breaks resolve to one session: never two live sessions between the same two parties.
        const live = (x: SessionTable) => [...x.sessions.values()].filter((s) => s.state !== 'ended').length;
        expect(live(t.a) <= 1 && live(t.b) <= 1).toBe(true);
        // Only errors the spec requires in these races (glare, crossing terminate/timeout).
        expect(errors.filter((e) => e !== 'tie-break' && e !== 'unknown-session')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
  it('a happy call has the expected state history on both sides', () => {
    const { history } = simulate(false, [
      { op: 'deliver' },
      { op: 'deliver' },
      { op: 'intent', side: 'b', what: 'accept' },
      { op: 'deliver' },
      { op: 'deliver' },
      { op: 'intent', side: 'a', what: 'terminate' },
    ]);
    expect(history).toEqual({
      a: ['c1:pending', 'c1:active', 'c1:ended'],
      b: ['c1:pending', 'c1:active', 'c1:ended'],
    });
  });
});
