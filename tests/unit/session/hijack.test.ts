// #11 defect 1: nobody but the peer reaches a session. A session is (peer full JID, sid) (XEP-0166
// §7.2), so any IQ from anyone else naming a live sid - a session-initiate reusing it included - is
// item-not-found + unknown-session and leaves every session and the early buffer exactly as they were.
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import {
  createSessionTable,
  errorToXml,
  openSession,
  routeIq,
  sessionKey,
  stepTable,
  tickAll,
  type SessionTable,
} from '../../../src/jingle/session/index.js';
import { ALICE, BOB, MALLORY, candidate, content, jingle, show, transport } from './helpers.js';
import { answerContents, offerContents, offerXml } from './setup.js';

/** Someone on Bob's roster who is not in this call. */
const CAROL = 'carol@example.com/laptop';
/** Another resource of the peer's own account. */
const ALICE_PHONE = 'alice@example.com/phone';

const at = (from: string, el: Element, id: string, now = 2000) => ({
  kind: 'iq' as const,
  id,
  from,
  jingle: el,
  now,
});

/** Bob's table with Alice's incoming call s1, ringing (pending) or accepted (active). */
function bobWithAlice(accepted: boolean): SessionTable {
  const t = routeIq(
    createSessionTable(BOB),
    at(ALICE, jingle('session-initiate', 's1', offerXml()), 'i1', 1000),
  ).table;
  if (!accepted) return t;
  return stepTable(t, sessionKey(ALICE, 's1'), {
    kind: 'local',
    intent: { kind: 'accept', contents: answerContents() },
    now: 1500,
  }).table;
}

/** Alice's table with her own outgoing call s1 to Bob, unanswered. */
function aliceCallingBob(): SessionTable {
  const t = openSession(createSessionTable(ALICE), BOB, 's1');
  return stepTable(t, sessionKey(BOB, 's1'), {
    kind: 'local',
    intent: { kind: 'initiate', contents: offerContents() },
    now: 1000,
  }).table;
}

const INTRUSIONS: [string, Element][] = [
  ['session-initiate', jingle('session-initiate', 's1', offerXml())],
  [
    'transport-info',
    jingle('transport-info', 's1', content('a0', transport('xa', 'xpa', candidate('9', 9999)))),
  ],
  ['session-terminate', jingle('session-terminate', 's1', '<reason><success/></reason>')],
  ['session-info', jingle('session-info', 's1', '<ringing xmlns="urn:xmpp:jingle:apps:rtp:info:1"/>')],
  ['a malformed IQ', jingle('session-info', 's1', '<content creator="initiator"/>')],
];
const INTRUDERS: [string, string][] = [
  ['a contact', CAROL],
  ['a stranger', MALLORY],
  ["another resource of the peer's account", ALICE_PHONE],
];

describe('an IQ naming a live sid from anyone but its peer', () => {
  for (const [who, from] of INTRUDERS)
    for (const [what, el] of INTRUSIONS)
      for (const accepted of [false, true])
        it(`${what} from ${who} (${accepted ? 'active' : 'pending'} call): unknown-session, nothing changes`, () => {
          const t = bobWithAlice(accepted);
          const r = routeIq(t, at(from, el, 'x1'));
          expect(show(r.effects)).toEqual([
            { kind: 'error', to: from, iqId: 'x1', error: 'unknown-session' },
          ]);
          expect(r.table.sessions).toEqual(t.sessions);
          expect(r.table.early).toEqual(t.early);
        });

  it('the reply is <error type="cancel"> with item-not-found and unknown-session (XEP-0166 §10)', () => {
    expect(errorToXml('unknown-session').toString()).toEqual(
      '<error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>' +
        '<unknown-session xmlns="urn:xmpp:jingle:errors:1"/></error>',
    );
  });

  it('a session-initiate reusing the sid of our own unanswered call is refused, not a tie-break', () => {
    const t = aliceCallingBob();
    for (const from of [CAROL, MALLORY, 'bob@example.com/laptop']) {
      const r = routeIq(t, at(from, jingle('session-initiate', 's1', offerXml()), `x-${from}`));
      expect(show(r.effects)).toEqual([
        { kind: 'error', to: from, iqId: `x-${from}`, error: 'unknown-session' },
      ]);
      expect(r.table.sessions).toEqual(t.sessions);
    }
  });

  it('after the intrusions the peer still drives the session, and a re-send gets the same error', () => {
    let t = bobWithAlice(true);
    for (const [, from] of INTRUDERS)
      for (const [what, el] of INTRUSIONS) t = routeIq(t, at(from, el, `x-${what}`)).table;
    const again = routeIq(t, at(MALLORY, jingle('session-terminate', 's1'), 'x-session-terminate'));
    expect(show(again.effects)).toEqual([
      { kind: 'error', to: MALLORY, iqId: 'x-session-terminate', error: 'unknown-session' },
    ]);
    const r = routeIq(t, at(ALICE, jingle('session-terminate', 's1', '<reason><success/></reason>'), 't1'));
    expect(show(r.effects)).toEqual([
      { kind: 'result', to: ALICE, iqId: 't1' },
      { kind: 'event', sid: 's1', peer: ALICE, event: { type: 'state', state: 'ended' } },
      {
        kind: 'event',
        sid: 's1',
        peer: ALICE,
        event: { type: 'terminated', reason: { condition: 'success' }, by: 'peer' },
      },
    ]);
  });

  it('once the session has ended, its sid is free again for someone else (only live sids are held)', () => {
    const t = routeIq(bobWithAlice(true), at(ALICE, jingle('session-terminate', 's1'), 't1')).table;
    const r = routeIq(t, at(CAROL, jingle('session-initiate', 's1', offerXml()), 'c1'));
    expect(show(r.effects).slice(0, 2)).toEqual([
      { kind: 'result', to: CAROL, iqId: 'c1' },
      { kind: 'event', sid: 's1', peer: CAROL, event: { type: 'state', state: 'pending' } },
    ]);
    expect([...r.table.sessions.values()].map((s) => [s.peer, s.state])).toEqual([
      [ALICE, 'ended'],
      [CAROL, 'pending'],
    ]);
  });
});

describe('effects name their session by (peer, sid)', () => {
  it('tickAll batches carry the peer in events and schedules too', () => {
    const t = bobWithAlice(true);
    const away = stepTable(t, sessionKey(ALICE, 's1'), { kind: 'peer-unavailable', now: 2000 });
    expect(show(away.effects)).toEqual([
      { kind: 'schedule', sid: 's1', peer: ALICE, timer: 'peer-gone', at: 10_000 },
    ]);
    const r = tickAll(away.table, 10_000);
    const text = 'The other party went offline.';
    expect(show(r.effects).filter((e) => (e as { kind: string }).kind === 'event')).toEqual([
      { kind: 'event', sid: 's1', peer: ALICE, event: { type: 'state', state: 'ended' } },
      {
        kind: 'event',
        sid: 's1',
        peer: ALICE,
        event: { type: 'terminated', reason: { condition: 'gone', text }, by: 'local' },
      },
    ]);
  });
});
