// Timers (docs/session-engine.md "Trickle and timers"): the engine only emits `schedule` effects and
// acts on `tick` inputs; these tests drive the clock by hand and assert whole effect lists.
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, candidate, content, jingle, show, transport, xml } from './helpers.js';
import {
  answerXml,
  ev,
  initiatorActive,
  initiatorIdle,
  initiatorPending,
  iq,
  J,
  local,
  offerContents,
  offerXml,
  responderActive,
  responderIdle,
  run,
  SID,
} from './setup.js';

const tick = (now: number) => ({ kind: 'tick' as const, now });
const cand = (f: string, port: number) => xml(candidate(f, port));
/** The session-terminate we send, its state change and the terminated event, as one effect list. */
const terminated = (to: string, ref: string, condition: string, text: string) => [
  {
    kind: 'send',
    to,
    ref,
    jingle: J('session-terminate', `<reason><${condition}/><text>${text}</text></reason>`),
  },
  ev(to, { type: 'state', state: 'ended' }),
  ev(to, { type: 'terminated', reason: { condition, text }, by: 'local' }),
];
const GONE = 'The other party went offline.';
const NO_ANSWER = 'The other party did not answer in time.';

describe('peer-gone (XEP-0166 §6.7: unavailable presence, then silence)', () => {
  const away = () => run(responderActive({ peerGoneMs: 8000 }), { kind: 'peer-unavailable', now: 2000 });
  it('schedules the timer at unavailable + peerGoneMs and ends the call with gone and a text when it fires', () => {
    const r = away();
    expect(show(r.effects)).toEqual([
      { kind: 'schedule', sid: SID, peer: ALICE, timer: 'peer-gone', at: 10_000 },
    ]);
    expect(show(run(r.session, tick(9999)).effects)).toEqual([]);
    const fired = run(r.session, tick(10_000));
    expect(show(fired.effects)).toEqual(terminated(ALICE, 's1#1', 'gone', GONE));
    expect([fired.session.state, fired.session.timers, fired.session.outstanding]).toEqual(['ended', {}, []]);
  });
  it('the peer coming back (available presence) in time cancels it', () => {
    const back = run(away().session, { kind: 'peer-available', now: 5000 });
    expect(show(back.effects)).toEqual([]);
    const later = run(back.session, tick(10_000));
    expect([show(later.effects), later.session.state, later.session.timers]).toEqual([[], 'active', {}]);
  });
  it('hearing any IQ of the session in time cancels it (the peer is evidently still there)', () => {
    const ping = run(away().session, iq(ALICE, jingle('session-info', SID), 'p1', 6000));
    expect(show(ping.effects)).toEqual([{ kind: 'result', to: ALICE, iqId: 'p1' }]);
    const later = run(ping.session, tick(10_000));
    expect([show(later.effects), later.session.state]).toEqual([[], 'active']);
  });
  it('a second unavailable restarts the window from the later presence', () => {
    const again = run(away().session, { kind: 'peer-unavailable', now: 7000 });
    expect(show(again.effects)).toEqual([
      { kind: 'schedule', sid: SID, peer: ALICE, timer: 'peer-gone', at: 15_000 },
    ]);
    expect(show(run(again.session, tick(10_000)).effects)).toEqual([]);
    expect(show(run(again.session, tick(15_000)).effects)).toEqual(terminated(ALICE, 's1#1', 'gone', GONE));
  });
  it('also ends a pending call, and does nothing for a session that is not live', () => {
    const pending = run(
      initiatorPending({ peerGoneMs: 1000 }),
      { kind: 'peer-unavailable', now: 100 },
      tick(1100),
    );
    expect(show(pending.effects)).toEqual(terminated(BOB, 's1#1', 'gone', GONE));
    const ended = run(pending.session, { kind: 'peer-unavailable', now: 2000 }, tick(5000));
    expect([show(ended.effects), ended.session.timers]).toEqual([[], {}]);
    expect(show(run(initiatorIdle(), { kind: 'peer-unavailable', now: 1 }).effects)).toEqual([]);
  });
});

describe('accept timeout (acceptTimeoutMs)', () => {
  it('the initiator schedules it with session-initiate and terminates with timeout when it fires', () => {
    const r = run(
      initiatorIdle({ acceptTimeoutMs: 30_000 }),
      local({ kind: 'initiate', contents: offerContents() }, 1000),
    );
    expect(show(r.effects)).toEqual([
      {
        kind: 'send',
        to: BOB,
        ref: 's1#0',
        jingle: J('session-initiate', offerXml(), ` initiator="${ALICE}"`),
      },
      ev(BOB, { type: 'state', state: 'pending' }),
      { kind: 'schedule', sid: SID, peer: BOB, timer: 'accept-timeout', at: 31_000 },
    ]);
    expect(show(run(r.session, tick(30_999)).effects)).toEqual([]);
    expect(show(run(r.session, tick(31_000)).effects)).toEqual(terminated(BOB, 's1#1', 'timeout', NO_ANSWER));
  });
  it('session-accept in time clears it', () => {
    const s = initiatorPending({ acceptTimeoutMs: 30_000 });
    const r = run(s, iq(BOB, jingle('session-accept', SID, answerXml()), 'acc', 5000), tick(31_000));
    expect([show(r.effects), r.session.state, r.session.timers]).toEqual([[], 'active', {}]);
  });
  it('the responder schedules it on session-initiate and ends its own unanswered ringing', () => {
    const r = run(
      responderIdle({ acceptTimeoutMs: 20_000 }),
      iq(ALICE, jingle('session-initiate', SID, offerXml()), 'i', 500),
    );
    expect(show(r.effects).at(-1)).toEqual({
      kind: 'schedule',
      sid: SID,
      peer: ALICE,
      timer: 'accept-timeout',
      at: 20_500,
    });
    expect(show(run(r.session, tick(20_500)).effects)).toEqual(
      terminated(ALICE, 's1#0', 'timeout', NO_ANSWER),
    );
    const answered = run(r.session, local({ kind: 'accept', contents: offerContents() }, 1000), tick(20_500));
    expect([show(answered.effects), answered.session.state]).toEqual([[], 'active']);
  });
  it('without acceptTimeoutMs nothing is scheduled and a pending call waits forever', () => {
    const r = run(initiatorIdle(), local({ kind: 'initiate', contents: offerContents() }), tick(1e9));
    expect([r.session.state, r.session.timers]).toEqual(['pending', {}]);
  });
});

describe('candidate batching window (candidateBatchMs)', () => {
  const a0 = (inner: string) => content('a0', transport('ia', 'ipa', inner));
  const v0 = (inner: string) => content('v0', transport('ia', 'ipa', inner));
  it('a 0 ms window sends one transport-info per candidate, at once', () => {
    const r = run(
      initiatorPending({ candidateBatchMs: 0 }),
      local({ kind: 'candidate', content: 'a0', candidate: cand('1', 4000) }),
      local({ kind: 'candidate', content: 'a0', candidate: cand('2', 4001) }),
    );
    const first = run(
      initiatorPending(),
      local({ kind: 'candidate', content: 'a0', candidate: cand('1', 4000) }),
    );
    expect(show([...first.effects, ...r.effects])).toEqual([
      { kind: 'send', to: BOB, ref: 's1#1', jingle: J('transport-info', a0(candidate('1', 4000))) },
      { kind: 'send', to: BOB, ref: 's1#2', jingle: J('transport-info', a0(candidate('2', 4001))) },
    ]);
  });
  it('within the window, candidates wait; after it, one transport-info carries them all, grouped per content', () => {
    const s = initiatorActive({ candidateBatchMs: 100 });
    const r0 = run(s, local({ kind: 'candidate', content: 'a0', candidate: cand('1', 4000) }, 1000));
    expect(show(r0.effects)).toEqual([
      { kind: 'schedule', sid: SID, peer: BOB, timer: 'candidates', at: 1100 },
    ]);
    const r1 = run(
      r0.session,
      local({ kind: 'candidate', content: 'v0', candidate: cand('2', 4002) }, 1040),
      local({ kind: 'candidate', content: 'a0', candidate: cand('3', 4003) }, 1090),
      tick(1099),
    );
    expect(show(r1.effects)).toEqual([]);
    const flushed = run(r1.session, tick(1100));
    expect(show(flushed.effects)).toEqual([
      {
        kind: 'send',
        to: BOB,
        ref: 's1#1',
        jingle: J(
          'transport-info',
          a0(candidate('1', 4000) + candidate('3', 4003)) + v0(candidate('2', 4002)),
        ),
      },
    ]);
    // The next candidate opens a new window.
    const next = run(
      flushed.session,
      local({ kind: 'candidate', content: 'a0', candidate: cand('4', 4004) }, 1500),
    );
    expect(show(next.effects)).toEqual([
      { kind: 'schedule', sid: SID, peer: BOB, timer: 'candidates', at: 1600 },
    ]);
  });
  it("a responder's batch waits for its session-accept, which sends it right after the answer", () => {
    const s = run(
      responderIdle({ candidateBatchMs: 100 }),
      iq(ALICE, jingle('session-initiate', SID, offerXml()), 'i'),
    ).session;
    const held = run(s, local({ kind: 'candidate', content: 'a0', candidate: cand('5', 5000) }, 10));
    expect(show(held.effects)).toEqual([]);
    const accepted = run(
      held.session,
      local({ kind: 'accept', contents: [xml(content('a0', transport('ra', 'rpa')))] }, 20),
    );
    expect(show(accepted.effects)).toEqual([
      {
        kind: 'send',
        to: ALICE,
        ref: 's1#0',
        jingle: J('session-accept', content('a0', transport('ra', 'rpa')), ` responder="${BOB}"`),
      },
      ev(ALICE, { type: 'state', state: 'active' }),
      {
        kind: 'send',
        to: ALICE,
        ref: 's1#1',
        jingle: J('transport-info', content('a0', transport('ra', 'rpa', candidate('5', 5000)))),
      },
    ]);
  });
});
