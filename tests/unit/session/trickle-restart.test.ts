import { describe, expect, it } from 'vitest';
import {
  ALICE,
  BOB,
  candidate,
  canon,
  content,
  jingle,
  show,
  showRestart,
  transport,
  xml,
} from './helpers.js';
import {
  answerXml,
  iq,
  initiatorActive,
  initiatorPending,
  local,
  responderActive,
  run,
  SID,
} from './setup.js';

const ev = (peer: string, event: object) => ({ kind: 'event', sid: SID, peer, event });
const J = (action: string, inner: string) => canon(jingle(action, SID, inner));
const cand = (f: string, port: number, g = 0) => xml(candidate(f, port, g));

describe('trickle (XEP-0176 §5.2-§5.4)', () => {
  it('buffers candidates received before session-accept and releases them after the answer', () => {
    const ti = jingle('transport-info', SID, content('a0', transport('ra', 'rpa', candidate('1', 5000))));
    const r = run(
      initiatorPending(),
      iq(BOB, ti, 't1'),
      iq(BOB, jingle('session-accept', SID, answerXml()), 'acc'),
    );
    expect(show(r.effects)).toEqual([
      { kind: 'result', to: BOB, iqId: 'acc' },
      ev(BOB, { type: 'state', state: 'active' }),
      {
        kind: 'remote-description',
        type: 'answer',
        jingle: canon(jingle('session-accept', SID, answerXml(), ` responder="${ALICE}"`)),
      },
      {
        kind: 'remote-candidates',
        jingle: J('transport-info', content('a0', transport('ra', 'rpa', candidate('1', 5000)))),
      },
    ]);
  });
  it('drops duplicate candidates and answers a re-sent IQ id with the same reply only', () => {
    const ti = () =>
      jingle('transport-info', SID, content('a0', transport('ra', 'rpa', candidate('1', 5000))));
    const r = run(initiatorActive(), iq(BOB, ti(), 't1'), iq(BOB, ti(), 't1'));
    expect(show(r.effects)).toEqual([{ kind: 'result', to: BOB, iqId: 't1' }]);
    const r2 = run(initiatorActive(), iq(BOB, ti(), 't1'), iq(BOB, ti(), 't2'));
    expect(show(r2.effects)).toEqual([{ kind: 'result', to: BOB, iqId: 't2' }]);
  });
  it('sends one candidate per transport-info when the batch window is 0, stamped with our generation', () => {
    const r = run(
      initiatorPending(),
      local({ kind: 'candidate', content: 'a0', candidate: cand('1', 4000, 7) }),
    );
    expect(show(r.effects)).toEqual([
      {
        kind: 'send',
        to: BOB,
        ref: 's1#1',
        jingle: J('transport-info', content('a0', transport('ia', 'ipa', candidate('1', 4000)))),
      },
    ]);
  });
  it('batches candidates within the window into one transport-info on tick', () => {
    const s = initiatorPending({ candidateBatchMs: 50 });
    const r0 = run(s, local({ kind: 'candidate', content: 'a0', candidate: cand('1', 4000) }, 1000));
    expect(show(r0.effects)).toEqual([
      { kind: 'schedule', sid: SID, peer: BOB, timer: 'candidates', at: 1050 },
    ]);
    const r1 = run(r0.session, local({ kind: 'candidate', content: 'v0', candidate: cand('2', 4002) }, 1010));
    expect(show(r1.effects)).toEqual([]);
    expect(show(run(r1.session, { kind: 'tick', now: 1049 }).effects)).toEqual([]);
    const r2 = run(r1.session, { kind: 'tick', now: 1050 });
    expect(show(r2.effects)).toEqual([
      {
        kind: 'send',
        to: BOB,
        ref: 's1#1',
        jingle: J(
          'transport-info',
          content('a0', transport('ia', 'ipa', candidate('1', 4000))) +
            content('v0', transport('ia', 'ipa', candidate('2', 4002))),
        ),
      },
    ]);
  });
  it('a responder holds its candidates until it accepts (no IP leak before the user agrees)', () => {
    const base = run(initiatorPending(), iq(BOB, jingle('session-accept', SID, answerXml()), 'a')).session;
    expect(base.state).toBe('active');
    const r = run(responderActive(), local({ kind: 'candidate', content: 'a0', candidate: cand('3', 6000) }));
    expect(show(r.effects)).toEqual([
      {
        kind: 'send',
        to: ALICE,
        ref: 's1#1',
        jingle: J('transport-info', content('a0', transport('ra', 'rpa', candidate('3', 6000)))),
      },
    ]);
  });
});

describe('ICE restart (XEP-0176 §5.9 and Conversations style)', () => {
  const newCreds = (inner = '', setup?: string) => content('a0', transport('nu', 'np', inner, setup));
  it('a zero-candidate transport-info with new credentials is an offer; the answer keeps our DTLS setup', () => {
    const r = run(initiatorActive(), iq(BOB, jingle('transport-info', SID, newCreds('', 'actpass')), 'r1'));
    const offerSdp = canon(
      jingle(
        'transport-info',
        SID,
        content(
          'a0',
          '<description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio"><payload-type id="111" name="opus" clockrate="48000" channels="2"/></description>' +
            transport('nu', 'np', '', 'active'),
        ) +
          content(
            'v0',
            '<description xmlns="urn:xmpp:jingle:apps:rtp:1" media="video"><payload-type id="111" name="opus" clockrate="48000" channels="2"/></description>' +
              transport('ra', 'rpa', '', 'active'),
          ),
      ),
    );
    expect(show(r.effects)).toEqual([
      { kind: 'result', to: BOB, iqId: 'r1' },
      { kind: 'remote-description', type: 'offer', jingle: offerSdp },
      ev(BOB, { type: 'ice-restart', by: 'remote' }),
    ]);
    // Our browser would answer actpass->active; the wire keeps the role we actually hold (passive).
    const a = run(
      r.session,
      local({
        kind: 'ice-restart-answer',
        contents: [xml(content('a0', transport('mu', 'mp', '', 'active')))],
      }),
    );
    expect(show(a.effects)).toEqual([
      {
        kind: 'send',
        to: BOB,
        ref: 's1#1',
        jingle: J('transport-info', content('a0', transport('mu', 'mp', '', 'passive'))),
      },
    ]);
    expect(a.session.restart).toEqual(undefined);
  });
  it('a new ufrag with higher-generation candidates (XEP-0176 example 7 style) is the same offer', () => {
    const r = run(
      initiatorActive(),
      iq(BOB, jingle('transport-info', SID, newCreds(candidate('9', 7000, 1))), 'r2'),
    );
    expect(
      show(r.effects).map((e) => (e as { kind: string; type?: string }).type ?? (e as { kind: string }).kind),
    ).toEqual(['result', 'offer', 'event']);
  });
  it('our restart offer, then the peer answer after the ack, is an answer', () => {
    const s = initiatorActive();
    const o = run(
      s,
      local({ kind: 'ice-restart', contents: [xml(content('a0', transport('ou', 'op', '', 'actpass')))] }),
    );
    expect(show(o.effects)).toEqual([
      {
        kind: 'send',
        to: BOB,
        ref: 's1#1',
        jingle: J('transport-info', content('a0', transport('ou', 'op', '', 'actpass'))),
      },
      ev(BOB, { type: 'ice-restart', by: 'local' }),
    ]);
    const a = run(
      o.session,
      { kind: 'iq-result', ref: 's1#1', now: 1 },
      iq(BOB, jingle('transport-info', SID, newCreds('', 'passive')), 'r3'),
    );
    expect(show(a.effects).map((e) => (e as { type?: string }).type ?? (e as { kind: string }).kind)).toEqual(
      ['result', 'answer'],
    );
    // The responder's original setup was active: a flipped 'passive' is rewritten back.
    expect(a.session.contents[0]!.remote.transport!.getChild('fingerprint')!.attrs['setup']).toBe('active');
  });
  it('glare: the initiator answers the responder restart offer with tie-break and keeps its own', () => {
    const o = run(
      initiatorActive(),
      local({ kind: 'ice-restart', contents: [xml(content('a0', transport('ou', 'op')))] }),
    );
    const g = run(o.session, iq(BOB, jingle('transport-info', SID, newCreds()), 'g1'));
    expect(show(g.effects)).toEqual([{ kind: 'error', to: BOB, iqId: 'g1', error: 'tie-break' }]);
    expect(showRestart(g.session.restart)).toEqual({
      by: 'local',
      ref: 's1#1',
      names: ['a0'],
      rollback: [{ name: 'a0', transport: canon(transport('ia', 'ipa', '', 'actpass')) }],
    });
  });
  it('glare: the responder yields, takes the initiator offer and ignores the tie-break error on its own', () => {
    const o = run(
      responderActive(),
      local({ kind: 'ice-restart', contents: [xml(content('a0', transport('ru', 'rp')))] }),
    );
    const g = run(o.session, iq(ALICE, jingle('transport-info', SID, newCreds()), 'g2'), {
      kind: 'iq-error',
      ref: 's1#1',
      error: { condition: 'conflict', jingleCondition: 'tie-break' },
      now: 2,
    });
    expect(show(g.effects)).toEqual([]);
    expect(g.session.restart).toEqual({ by: 'remote', names: ['a0'] });
  });
  it('toward a peer without restart support, a restart request terminates with a readable reason', () => {
    const r = run(
      initiatorActive({ peerSupportsRestart: false }),
      local({ kind: 'ice-restart', contents: [] }),
    );
    const reason = {
      condition: 'connectivity-error',
      text: "ICE failed and the other party's client cannot restart ICE.",
    };
    expect(show(r.effects)).toEqual([
      {
        kind: 'send',
        to: BOB,
        ref: 's1#1',
        jingle: J('session-terminate', `<reason><connectivity-error/><text>${reason.text}</text></reason>`),
      },
      ev(BOB, { type: 'state', state: 'ended' }),
      ev(BOB, { type: 'terminated', reason, by: 'local' }),
    ]);
  });
});
