// fast-check: two engines over the simulated network of sim.ts, with random intents on both sides
// (answer, hang up, session-info, trickle, content-add/-modify/-remove, both ICE restart styles),
// random timers (tick, peer presence, accept timeout, candidate batching) and network faults.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sessionKey, type Session, type SessionTable } from '../../../src/jingle/session/index.js';
import { ALICE, BOB } from './helpers.js';
import { simulate, type Cmd, type SimConfig } from './sim.js';
import { command, config } from './sim-arbitraries.js';

const stateOf = (t: SessionTable, peer: string, sid: string) => {
  const s = t.sessions.get(sessionKey(peer, sid))?.state ?? 'ended';
  return s === 'idle' ? 'ended' : s;
};
const contentsOf = (s: Session) =>
  s.contents
    .map((c) => ({ name: c.name, senders: c.senders, status: c.status }))
    .sort((x, y) => (x.name < y.name ? -1 : 1));
const ufrags = (s: Session, side: 'local' | 'remote') =>
  Object.fromEntries(s.contents.map((c) => [c.name, c[side].transport?.attrs['ufrag']]));

function check(cfg: SimConfig, cmds: readonly Cmd[]): void {
  const { t, errors, replyProblems, setups } = simulate(cfg, cmds);
  // Every delivered IQ got exactly one answer, and every IQ we sent was answered.
  expect(replyProblems).toEqual([]);
  // Only the errors the spec requires in these races (sim-rules.ts documents each).
  expect(errors.filter((e) => e.why === undefined)).toEqual([]);
  // DTLS roles never flip (XEP-0320 §4): the initiator offered actpass and is the DTLS server
  // (passive), the responder answered active; neither ever claims the other's role (actpass in an
  // offer is fine). Restart transports came from the app with random setups: the engine fixes them.
  const flipped: Record<string, string> = { initiator: 'active', responder: 'passive' };
  expect(setups.filter((s) => s.setup === flipped[s.role])).toEqual([]);
  const sids = new Set([...t.a.sessions.values(), ...t.b.sessions.values()].map((s) => s.sid));
  for (const sid of sids) expect(stateOf(t.a, BOB, sid)).toEqual(stateOf(t.b, ALICE, sid));
  const live = (x: SessionTable) =>
    [...x.sessions.values()].filter((s) => s.state !== 'ended' && s.state !== 'idle');
  // Tie-breaks resolve to one session.
  expect(live(t.a).length <= 1 && live(t.b).length <= 1).toBe(true);
  const [a] = live(t.a);
  const b = a && t.b.sessions.get(sessionKey(ALICE, a.sid));
  if (a === undefined || b === undefined) return;
  expect({ a: a.outstanding, b: b.outstanding, ra: a.restart, rb: b.restart }).toEqual({
    a: [],
    b: [],
    ra: undefined,
    rb: undefined,
  });
  expect(contentsOf(a)).toEqual(contentsOf(b));
  const [i, r] = a.role === 'initiator' ? [a, b] : [b, a];
  expect({ i: [i.localSetup, i.remoteSetup], r: [r.localSetup, r.remoteSetup] }).toEqual({
    i: ['actpass', r.state === 'active' ? 'active' : undefined],
    r: [r.state === 'active' ? 'active' : undefined, 'actpass'],
  });
  // Each side's latest local ICE credentials are the ones the other side applied as remote.
  expect(ufrags(i, 'remote')).toEqual(r.state === 'active' ? ufrags(r, 'local') : mapUndefined(i));
  expect(ufrags(r, 'remote')).toEqual(ufrags(i, 'local'));
}
const mapUndefined = (s: Session) => Object.fromEntries(s.contents.map((c) => [c.name, undefined]));

describe('two engines over an unreliable network', () => {
  it('agree on state, contents, ICE credentials and DTLS roles; only spec-required errors', () => {
    fc.assert(
      fc.property(config, fc.array(command, { minLength: 20, maxLength: 80 }), (cfg, cmds) =>
        check(cfg, cmds),
      ),
      { numRuns: Number(process.env['SESSION_SIM_RUNS'] ?? 500) },
    );
  });
  it('a happy call has the expected state history on both sides', () => {
    const cfg = { glare: false, audioOnly: false, candidateBatchMs: 0, peerGoneMs: 8000, acceptAdds: true };
    const { history } = simulate(cfg, [
      { op: 'deliver', overtake: false },
      { op: 'deliver', overtake: false },
      { op: 'intent', side: 'b', what: 'accept', pick: 0 },
      { op: 'deliver', overtake: false },
      { op: 'deliver', overtake: false },
      { op: 'intent', side: 'a', what: 'terminate', pick: 0 },
    ]);
    expect(history).toEqual({
      a: ['c1:pending', 'c1:active', 'c1:ended'],
      b: ['c1:pending', 'c1:active', 'c1:ended'],
    });
  });
});
