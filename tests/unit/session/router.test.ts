import { describe, expect, it } from 'vitest';
import {
  createSessionTable,
  ENDED_SESSIONS_KEPT,
  openSession,
  routeIq,
  sessionKey,
  stepTable,
  type SessionTable,
} from '../../../src/jingle/session/index.js';
import { ALICE, BOB, MALLORY, candidate, canon, content, jingle, show, transport, xml } from './helpers.js';
import { offerContents, offerXml } from './setup.js';

const at = (from: string, el: ReturnType<typeof jingle>, id: string) => ({
  kind: 'iq' as const,
  id,
  from,
  jingle: el,
  now: 1000,
});
const bobTable = (): SessionTable =>
  routeIq(createSessionTable(BOB), at(ALICE, jingle('session-initiate', 's1', offerXml()), 'i1')).table;

describe('routeIq', () => {
  it('answers an IQ for a live sid from anyone but the peer with unknown-session and changes nothing', () => {
    const t = bobTable();
    const r = routeIq(t, at(MALLORY, jingle('session-terminate', 's1', '<reason><success/></reason>'), 'h1'));
    expect(show(r.effects)).toEqual([{ kind: 'error', to: MALLORY, iqId: 'h1', error: 'unknown-session' }]);
    expect(r.table.sessions).toEqual(t.sessions);
  });
  it.each([
    ['an unknown sid', jingle('session-info', 'nope'), 'unknown-session'],
    ['an unknown action', jingle('session-ping', 's1'), 'bad-request'],
    ['a missing sid', xml('<jingle xmlns="urn:xmpp:jingle:1" action="session-info"/>'), 'bad-request'],
    ['a foreign element', xml('<query xmlns="jabber:iq:version"/>'), 'bad-request'],
    ['a content without name', jingle('content-add', 'zz', '<content creator="initiator"/>'), 'bad-request'],
  ])('answers %# with %s', (_what, el, error) => {
    const r = routeIq(createSessionTable(BOB), at(ALICE, el, 'e1'));
    expect(show(r.effects)).toEqual([{ kind: 'error', to: ALICE, iqId: 'e1', error }]);
  });
  it('answers a malformed IQ for a live session with bad-request', () => {
    const r = routeIq(
      bobTable(),
      at(ALICE, jingle('session-info', 's1', '<content creator="initiator"/>'), 'm1'),
    );
    expect(show(r.effects)).toEqual([{ kind: 'error', to: ALICE, iqId: 'm1', error: 'bad-request' }]);
  });
  it('acks transport-info that overtakes its session-initiate and releases it after the remote description', () => {
    const tinfo = jingle('transport-info', 's1', content('a0', transport('ia', 'ipa', candidate('1', 5000))));
    const r1 = routeIq(createSessionTable(BOB), at(ALICE, tinfo, 't0'));
    expect(show(r1.effects)).toEqual([{ kind: 'result', to: ALICE, iqId: 't0' }]);
    const r2 = routeIq(
      r1.table,
      at(ALICE, jingle('session-initiate', 's1', offerXml(), ` initiator="${ALICE}"`), 'i1'),
    );
    expect(show(r2.effects).map((e) => (e as { kind: string }).kind)).toEqual([
      'result',
      'event',
      'remote-description',
      'event',
      'remote-candidates',
    ]);
    expect(show(r2.effects)[4]).toEqual({
      kind: 'remote-candidates',
      jingle: canon(
        jingle('transport-info', 's1', content('a0', transport('ia', 'ipa', candidate('1', 5000)))),
      ),
    });
    expect(r2.table.early.size).toBe(0);
  });
});

describe('session-initiate tie-break (§7.2.16)', () => {
  const aliceCalling = (sid: string) => {
    const t = openSession(createSessionTable(ALICE), BOB, sid);
    return stepTable(t, sessionKey(BOB, sid), {
      kind: 'local',
      intent: { kind: 'initiate', contents: offerContents() },
      now: 0,
    }).table;
  };
  it('the higher sid loses: its initiate gets conflict + tie-break, ours lives on', () => {
    const t = aliceCalling('a1');
    const r = routeIq(t, at(BOB, jingle('session-initiate', 'b1', offerXml()), 'x'));
    expect(show(r.effects)).toEqual([{ kind: 'error', to: BOB, iqId: 'x', error: 'tie-break' }]);
    expect([...r.table.sessions.values()].map((s) => [s.sid, s.state])).toEqual([['a1', 'pending']]);
  });
  it('the lower sid wins: ours ends as alternative-session, theirs is acked', () => {
    const t = aliceCalling('b2');
    const r = routeIq(t, at(BOB, jingle('session-initiate', 'b1', offerXml()), 'x'));
    const text = 'Both parties called each other at once; the call with the lower session id continues.';
    const reason = { condition: 'alternative-session', alternativeSid: 'b1', text };
    expect(show(r.effects).slice(0, 4)).toEqual([
      {
        kind: 'send',
        to: BOB,
        ref: 'b2#1',
        jingle: canon(
          jingle(
            'session-terminate',
            'b2',
            `<reason><alternative-session><sid>b1</sid></alternative-session><text>${text}</text></reason>`,
          ),
        ),
      },
      { kind: 'event', sid: 'b2', peer: BOB, event: { type: 'state', state: 'ended' } },
      { kind: 'event', sid: 'b2', peer: BOB, event: { type: 'terminated', reason, by: 'local' } },
      { kind: 'result', to: BOB, iqId: 'x' },
    ]);
    expect([...r.table.sessions.values()].map((s) => [s.sid, s.role, s.state])).toEqual([
      ['b2', 'initiator', 'ended'],
      ['b1', 'responder', 'pending'],
    ]);
  });
  it('equal sids: the initiate sent by the lower JID wins', () => {
    // alice < bob: Bob's initiate loses at Alice's side...
    const r = routeIq(aliceCalling('same'), at(BOB, jingle('session-initiate', 'same', offerXml()), 'x'));
    expect(show(r.effects)).toEqual([{ kind: 'error', to: BOB, iqId: 'x', error: 'tie-break' }]);
    // ...and Alice's wins at Bob's side.
    const bt = openSession(createSessionTable(BOB), ALICE, 'same');
    const bob = stepTable(bt, sessionKey(ALICE, 'same'), {
      kind: 'local',
      intent: { kind: 'initiate', contents: offerContents() },
      now: 0,
    }).table;
    const r2 = routeIq(bob, at(ALICE, jingle('session-initiate', 'same', offerXml()), 'y'));
    expect([...r2.table.sessions.values()].map((s) => [s.sid, s.role, s.state])).toEqual([
      ['same', 'responder', 'pending'],
    ]);
  });
  it('i;octet compares code points, not UTF-16 units', async () => {
    const { octetCompare } = await import('../../../src/jingle/octet.js');
    expect(Math.sign(octetCompare('\u{10000}', '\uffff'))).toBe(1);
    expect(Math.sign(octetCompare('a', 'ab'))).toBe(-1);
  });
});

describe('ended sessions are forgotten beyond ENDED_SESSIONS_KEPT (#11: strangers must not pile up)', () => {
  it('after 5,000 refused session-initiates from a stranger the live call and the newest ended remain', () => {
    let t = bobTable();
    for (let i = 1; i <= 5000; i++) {
      const sid = `m${i}`;
      t = routeIq(t, at(MALLORY, jingle('session-initiate', sid, offerXml()), `i${i}`)).table;
      // What the client does with a stranger's call: decline it (call-sessions.ts).
      t = stepTable(t, sessionKey(MALLORY, sid), {
        kind: 'local',
        intent: { kind: 'terminate', cause: 'declined' },
        now: 1000,
      }).table;
    }
    const newest = Array.from({ length: ENDED_SESSIONS_KEPT }, (_, i) => [
      MALLORY,
      `m${5000 - ENDED_SESSIONS_KEPT + 1 + i}`,
      'ended',
    ]);
    expect([...t.sessions.values()].map((s) => [s.peer, s.sid, s.state])).toEqual([
      [ALICE, 's1', 'pending'],
      ...newest,
    ]);
    // A forgotten sid is unknown to its sender like an ended one.
    const r = routeIq(t, at(MALLORY, jingle('session-terminate', 'm1'), 'late'));
    expect(show(r.effects)).toEqual([{ kind: 'error', to: MALLORY, iqId: 'late', error: 'unknown-session' }]);
  });

  it('a long call that ends last is the newest ended session, not the first forgotten', () => {
    let t = bobTable();
    for (let i = 1; i <= ENDED_SESSIONS_KEPT; i++) {
      t = routeIq(t, at(MALLORY, jingle('session-initiate', `m${i}`, offerXml()), `i${i}`)).table;
      t = routeIq(t, at(MALLORY, jingle('session-terminate', `m${i}`), `t${i}`)).table;
    }
    t = routeIq(t, at(ALICE, jingle('session-terminate', 's1'), 'end')).table;
    expect([...t.sessions.values()].map((s) => s.sid)).toEqual([
      ...Array.from({ length: ENDED_SESSIONS_KEPT - 1 }, (_, i) => `m${i + 2}`),
      's1',
    ]);
  });
});

describe('ended sessions are kept slim (#14: a long-lived table must not hold every call SDP)', () => {
  it('an ended session keeps identity, state and reason, drops its contents, groups, buffers and timers', () => {
    let t = bobTable();
    const live = t.sessions.get(sessionKey(ALICE, 's1'));
    expect(live?.contents.length).toBeGreaterThan(0);
    t = routeIq(t, at(ALICE, jingle('session-terminate', 's1', '<reason><success/></reason>'), 'end')).table;
    const s = t.sessions.get(sessionKey(ALICE, 's1'));
    expect({
      sid: s?.sid,
      peer: s?.peer,
      state: s?.state,
      reason: s?.reason,
      contents: s?.contents,
      bufferedRemote: s?.bufferedRemote,
      seenCandidates: s?.seenCandidates,
      localQueue: s?.localQueue,
      refusedAdds: s?.refusedAdds,
      remoteGroup: s?.remoteGroup,
      localGroup: s?.localGroup,
      restart: s?.restart,
      timers: s?.timers,
    }).toEqual({
      sid: 's1',
      peer: ALICE,
      state: 'ended',
      reason: { condition: 'success' },
      contents: [],
      bufferedRemote: [],
      seenCandidates: [],
      localQueue: [],
      refusedAdds: [],
      remoteGroup: undefined,
      localGroup: undefined,
      restart: undefined,
      timers: {},
    });
  });

  it('the slim session still answers: the same reply to a re-sent id, unknown-session to a new IQ', () => {
    let t = bobTable();
    t = routeIq(t, at(ALICE, jingle('session-terminate', 's1', '<reason><success/></reason>'), 'end')).table;
    const again = routeIq(
      t,
      at(ALICE, jingle('session-terminate', 's1', '<reason><success/></reason>'), 'end'),
    );
    const late = routeIq(
      t,
      at(
        ALICE,
        jingle('transport-info', 's1', content('0', transport('u1', 'p1', candidate('1', 5000)))),
        'ti',
      ),
    );
    expect([show(again.effects), show(late.effects)]).toEqual([
      [{ kind: 'result', to: ALICE, iqId: 'end' }],
      [{ kind: 'error', to: ALICE, iqId: 'ti', error: 'unknown-session' }],
    ]);
  });
});
