// Replays the XEP-0353 examples through the machine and compares every message it sends, as a whole
// stanza, with the example. Where an example's `to` predates the v0.8.0 addressing rules of §3 (ex11,
// ex12 address reject/finish/proceed to a bare JID), the comparison re-addresses the example and says so.
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import {
  createJmiDevice,
  jmiToXml,
  payloadToXml,
  startCallee,
  startCaller,
  stepJmi,
  stepJmiDevice,
  type JmiEffect,
  type JmiState,
} from '../../../src/jingle/jmi/index.js';
import {
  expectSameXml,
  jmi,
  JULIET,
  JULIET_DESKTOP,
  JULIET_PHONE,
  JULIET_TABLET,
  OLD_SID,
  readdressed,
  ROMEO,
  SID,
  SID_HIGH,
  SID_NEW,
  stanza,
  strip,
} from './helpers.js';

const T = 1_800_000_000_000;
/** The stanzas a step sends, stamped with our own `from` as the server would. */
const sent = (effects: readonly JmiEffect[], from: string): Element[] =>
  effects.flatMap((e) => (e.type === 'send' ? [jmiToXml({ to: e.to, payload: e.payload }, { from })] : []));
const only = (els: Element[]): Element => {
  expect(els).toHaveLength(1);
  return els[0] as Element;
};
const receive = (s: JmiState, el: Element, now = T) =>
  stepJmi(s, { type: 'message', message: jmi(el, s.own), now });

describe('replaying XEP-0353 v0.8.0 examples', () => {
  it('Romeo calls: ex1 out, ex3 and ex5 in, session-initiate as ex8, ex9 out', () => {
    const start = startCaller({ id: SID, own: ROMEO, to: JULIET, media: ['audio'], now: T });
    expectSameXml(only(sent(start.effects, ROMEO)), stanza('0353-ex1.xml'));
    const ringing = receive(start.state, stanza('0353-ex3.xml'));
    expect(ringing.state.phase).toEqual('ringing');
    const proceeding = receive(ringing.state, stanza('0353-ex5.xml'));
    const ex8 = stanza('0353-ex8.xml');
    const jingle = ex8.getChild('jingle');
    const media = jingle?.getChildren('content').map((c) => c.getChild('description')?.attrs['media']);
    expect(proceeding.effects).toEqual([
      { type: 'initiate-session', sid: jingle?.attrs['sid'], to: ex8.attrs['to'], media },
    ]);
    const finish = stepJmi(proceeding.state, { type: 'end-call', now: T + 9 });
    expectSameXml(only(sent(finish.effects, ROMEO)), stanza('0353-ex9.xml'));
    expect(receive(finish.state, stanza('0353-ex10.xml')).effects).toEqual([]);
  });

  it("Romeo answers Juliet's finish (ex10) with his own (ex9)", () => {
    const start = startCaller({ id: SID, own: ROMEO, to: JULIET, media: ['audio'], now: T });
    const proceeding = receive(start.state, stanza('0353-ex5.xml'));
    const r = receive(proceeding.state, stanza('0353-ex10.xml'));
    expectSameXml(only(sent(r.effects, ROMEO)), stanza('0353-ex9.xml'));
  });

  it("Juliet's phone: ex1 in, ex3 out, ex5 out (+ <accept/> to her bare JID), ex10 out", () => {
    const start = startCallee(jmi(stanza('0353-ex1.xml'), JULIET_PHONE), {
      own: JULIET_PHONE,
      now: T,
      callerIsTrusted: true,
    });
    expectSameXml(only(sent(start.effects, JULIET_PHONE)), stanza('0353-ex3.xml'));
    const accepted = stepJmi(start.state, { type: 'accept-call', now: T + 1 });
    const [proceed, accept] = sent(accepted.effects, JULIET_PHONE);
    expectSameXml(proceed as Element, stanza('0353-ex5.xml'));
    // v0.3.1 Example 5 is the same <accept/>, then without type='chat' and <store/>.
    const old = stanza('0353v0.3.1-ex5.xml');
    expect(accept?.attrs['to']).toEqual(old.attrs['to']);
    expect(payloadToXml({ kind: 'accept', id: OLD_SID }).toString()).toEqual(
      strip(old).getChildElements()[0]?.toString(),
    );
    const finished = stepJmi(accepted.state, { type: 'end-call', now: T + 2 });
    expectSameXml(only(sent(finished.effects, JULIET_PHONE)), stanza('0353-ex10.xml'));
  });

  it('Juliet declines as busy: ex7 out', () => {
    const start = startCallee(jmi(stanza('0353-ex1.xml'), JULIET_PHONE), {
      own: JULIET_PHONE,
      now: T,
      callerIsTrusted: true,
    });
    const r = stepJmi(start.state, {
      type: 'decline-call',
      now: T,
      reason: { condition: 'busy', text: 'Busy' },
    });
    expectSameXml(only(sent(r.effects, JULIET_PHONE)), stanza('0353-ex7.xml'));
  });

  it('Romeo retracts: ex4 out; Juliet rings, then misses the call', () => {
    const start = startCaller({ id: SID, own: ROMEO, to: JULIET, media: ['audio'], now: T });
    const r = stepJmi(start.state, { type: 'cancel-call', now: T + 1 });
    expectSameXml(only(sent(r.effects, ROMEO)), stanza('0353-ex4.xml'));
    const ringing = startCallee(jmi(stanza('0353-ex1.xml'), JULIET_PHONE), {
      own: JULIET_PHONE,
      now: T,
      callerIsTrusted: true,
    });
    expect(receive(ringing.state, stanza('0353-ex4.xml')).effects).toEqual([
      { type: 'ended', id: SID, outcome: 'missed', reason: { condition: 'cancel', text: 'Retracted' } },
    ]);
  });

  it('ex11 tie-break: Romeo rejects the higher id, Juliet retracts it and proceeds with the lower', () => {
    let romeo = stepJmiDevice(createJmiDevice(ROMEO), {
      type: 'place-call',
      id: SID,
      to: JULIET,
      media: ['audio'],
      now: T,
    });
    expectSameXml(only(sent(romeo.effects, ROMEO)), stanza('0353-ex11.xml', 0));
    let juliet = stepJmiDevice(createJmiDevice(JULIET_PHONE), {
      type: 'place-call',
      id: SID_HIGH,
      to: ROMEO,
      media: ['audio'],
      now: T,
    });
    expectSameXml(
      only(sent(juliet.effects, JULIET_PHONE)),
      readdressed(stanza('0353-ex11.xml', 1), 'romeo@montague.example'),
    );

    romeo = stepJmiDevice(romeo.device, {
      type: 'message',
      message: jmi(stanza('0353-ex11.xml', 1), ROMEO),
      now: T,
      callerIsTrusted: true,
    });
    // v0.8.0 §3: reject goes to the proposer's full JID (the example still uses the bare one).
    expectSameXml(only(sent(romeo.effects, ROMEO)), readdressed(stanza('0353-ex11.xml', 2), JULIET_PHONE));

    juliet = stepJmiDevice(juliet.device, {
      type: 'message',
      message: jmi(stanza('0353-ex11.xml', 0), JULIET_PHONE),
      now: T,
      callerIsTrusted: true,
    });
    const [retract, proceed, accept] = sent(juliet.effects, JULIET_PHONE);
    // §3.2: retract goes to the bare JID (the example uses Romeo's full JID).
    expectSameXml(retract as Element, readdressed(stanza('0353-ex11.xml', 3), 'romeo@montague.example'));
    expectSameXml(proceed as Element, stanza('0353-ex11.xml', 4));
    expect(accept?.toString()).toEqual(
      jmiToXml({ to: JULIET, payload: { kind: 'accept', id: SID } }, { from: JULIET_PHONE }).toString(),
    );

    romeo = stepJmiDevice(romeo.device, {
      type: 'message',
      message: jmi(stanza('0353-ex11.xml', 4), ROMEO),
      now: T,
      callerIsTrusted: true,
    });
    expect(romeo.effects).toEqual([
      { type: 'initiate-session', sid: SID, to: JULIET_PHONE, media: ['audio'] },
    ]);
  });

  it('ex12 existing-session tie-break: Romeo finishes the old call with <migrated to> and proceeds', () => {
    let romeo = stepJmiDevice(createJmiDevice(ROMEO), {
      type: 'place-call',
      id: SID,
      to: JULIET,
      media: ['audio'],
      now: T,
    });
    const msg = (i: number) => ({
      type: 'message' as const,
      message: jmi(stanza('0353-ex12.xml', i), ROMEO),
      now: T + i,
      callerIsTrusted: true,
    });
    romeo = stepJmiDevice(romeo.device, msg(1));
    romeo = stepJmiDevice(romeo.device, msg(2));
    const [finish, proceed] = sent(romeo.effects, ROMEO);
    // v0.8.0 §3: finish and proceed go to full JIDs; the example sends both to Juliet's bare JID.
    expectSameXml(finish as Element, readdressed(stanza('0353-ex12.xml', 3), JULIET_PHONE));
    expectSameXml(proceed as Element, readdressed(stanza('0353-ex12.xml', 4), JULIET_TABLET));
    const end = stepJmiDevice(romeo.device, { type: 'end-call', id: SID_NEW, now: T + 9 });
    expectSameXml(only(sent(end.effects, ROMEO)), readdressed(stanza('0353-ex12.xml', 5), JULIET_TABLET));
    expect(stepJmiDevice(end.device, msg(6)).effects).toEqual([]);
  });
});

describe('replaying the historical v0.3.1 flow (no type, no <store/>, <accept/> to own bare JID)', () => {
  const desktop = () => {
    const r = startCallee(jmi(stanza('0353v0.3.1-ex2.xml', 0), JULIET_DESKTOP), {
      own: JULIET_DESKTOP,
      now: T,
      callerIsTrusted: true,
    });
    return r.state;
  };

  it.each([0, 1, 2])("ex6 #%i (phone's <accept/>) stops the desktop ringing", (i) => {
    expect(receive(desktop(), stanza('0353v0.3.1-ex6.xml', i)).effects).toEqual([
      { type: 'ended', id: OLD_SID, outcome: 'answered-elsewhere' },
    ]);
  });

  it("ex9 (tablet's <reject/> to the bare JID) stops the desktop ringing", () => {
    expect(receive(desktop(), stanza('0353v0.3.1-ex9.xml', 0)).effects).toEqual([
      { type: 'ended', id: OLD_SID, outcome: 'declined-elsewhere' },
    ]);
  });

  it('ex4 (retract without reason) makes it a missed call', () => {
    expect(receive(desktop(), stanza('0353v0.3.1-ex4.xml')).effects).toEqual([
      { type: 'ended', id: OLD_SID, outcome: 'missed' },
    ]);
  });

  it('Romeo: ex7 proceed starts the session, ex10 reject ends an unanswered call', () => {
    const start = startCaller({ id: OLD_SID, own: ROMEO, to: JULIET, media: ['audio'], now: T });
    expect(receive(start.state, stanza('0353v0.3.1-ex7.xml', 0)).effects).toEqual([
      { type: 'initiate-session', sid: OLD_SID, to: JULIET_PHONE, media: ['audio'] },
    ]);
    expect(receive(start.state, stanza('0353v0.3.1-ex10.xml')).effects).toEqual([
      { type: 'ended', id: OLD_SID, outcome: 'rejected' },
    ]);
  });

  it('the phone ignores its own <accept/> echoed back by the server (ex6 #2)', () => {
    const phone = startCallee(jmi(stanza('0353v0.3.1-ex1.xml'), JULIET_PHONE), {
      own: JULIET_PHONE,
      now: T,
      callerIsTrusted: true,
    });
    const accepted = stepJmi(phone.state, { type: 'accept-call', now: T });
    expect(receive(accepted.state, stanza('0353v0.3.1-ex6.xml', 2))).toEqual({
      state: accepted.state,
      effects: [],
    });
  });
});
