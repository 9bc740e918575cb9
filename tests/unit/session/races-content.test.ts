// Content races and losses the two-engine property test (property.test.ts) found, one explicit case
// each, asserting whole effect lists. Each names the rule the engine now follows.
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, candidate, content, description, jingle, show, transport, xml } from './helpers.js';
import {
  answerXml,
  ended,
  ev,
  initiatorActive,
  initiatorPending,
  iq,
  J,
  local,
  responderActive,
  run,
  SID,
  tieBreak,
  timeout,
} from './setup.js';

const video = (name: string, creator: string, ufrag = 'x', setup = 'actpass') =>
  content(name, description('video') + transport(ufrag, 'p', '', setup), creator);
const offer = (name: string, media: string) =>
  content(name, description(media) + transport('ia', 'ipa', '', 'actpass'));

describe('lost IQs that change what both sides negotiated end the call', () => {
  it.each([
    ['content-remove', local({ kind: 'content-remove', names: ['v0'] })],
    ['content-modify', local({ kind: 'content-modify', name: 'v0', senders: 'initiator' })],
  ])(
    '%s unanswered: connectivity-error with a text (the peer may still have the old contents)',
    (_, input) => {
      const r = run(initiatorActive(), input, timeout('s1#1'));
      expect(show(r.effects)).toEqual(
        ended(
          BOB,
          's1#2',
          'connectivity-error',
          'The other party stopped answering requests of this session.',
        ),
      );
    },
  );
});

describe('actions crossing our content-remove are acked (the peer sent them before it saw ours)', () => {
  it('a session-accept still naming the removed content applies the rest', () => {
    const removed = run(initiatorPending(), local({ kind: 'content-remove', names: ['v0'] }));
    const r = run(removed.session, iq(BOB, jingle('session-accept', SID, answerXml()), 'acc'));
    const a0 = content('a0', description('audio') + transport('ra', 'rpa', '', 'active'));
    expect(show(r.effects)).toEqual([
      { kind: 'result', to: BOB, iqId: 'acc' },
      ev(BOB, { type: 'state', state: 'active' }),
      {
        kind: 'remote-description',
        type: 'answer',
        jingle: J('session-accept', a0, ` responder="${ALICE}"`),
      },
    ]);
  });
  it.each([
    ['transport-info', content('v0', transport('ra', 'rpa', candidate('1', 5000)))],
    ['content-modify', content('v0', '', 'initiator', ' senders="none"')],
    ['content-remove', content('v0', '')],
  ])('%s for it gets a plain result and changes nothing', (action, inner) => {
    const removed = run(initiatorActive(), local({ kind: 'content-remove', names: ['v0'] }));
    const r = run(removed.session, iq(BOB, jingle(action, SID, inner), 'x1'));
    expect([show(r.effects), r.session.contents.map((c) => c.name)]).toEqual([
      [{ kind: 'result', to: BOB, iqId: 'x1' }],
      ['a0'],
    ]);
  });
});

describe('a content removed and re-added under the same name', () => {
  it('an IQ the peer sent before it saw our removal still means the old content', () => {
    const readded = run(
      responderActive(),
      local({ kind: 'content-remove', names: ['v0'] }),
      local({ kind: 'content-add', contents: [xml(video('v0', 'responder'))] }),
    );
    const r = run(
      readded.session,
      iq(ALICE, jingle('content-modify', SID, content('v0', '', 'initiator', ' senders="none"')), 'm'),
    );
    expect([
      show(r.effects),
      r.session.contents.map((c) => [c.name, c.creator, c.senders, c.status]),
    ]).toEqual([
      [{ kind: 'result', to: ALICE, iqId: 'm' }],
      [
        ['a0', 'initiator', 'both', 'active'],
        ['v0', 'responder', 'both', 'adding-local'],
      ],
    ]);
  });
});

describe('§7.2.16 same-action glare inside a session: the initiator wins', () => {
  const modify = (senders: string) =>
    jingle('content-modify', SID, content('v0', '', 'initiator', ` senders="${senders}"`));
  it('content-modify of the same content: the initiator refuses the responder one and keeps its own', () => {
    const mine = run(initiatorActive(), local({ kind: 'content-modify', name: 'v0', senders: 'initiator' }));
    const r = run(mine.session, iq(BOB, modify('responder'), 'm1'));
    expect([show(r.effects), r.session.contents.map((c) => c.senders)]).toEqual([
      [{ kind: 'error', to: BOB, iqId: 'm1', error: 'tie-break' }],
      ['both', 'initiator'],
    ]);
  });
  it('content-modify of the same content: the responder applies the initiator one', () => {
    const mine = run(responderActive(), local({ kind: 'content-modify', name: 'v0', senders: 'responder' }));
    const r = run(mine.session, iq(ALICE, modify('initiator'), 'm2'));
    expect([show(r.effects), r.session.contents.map((c) => c.senders)]).toEqual([
      [
        { kind: 'result', to: ALICE, iqId: 'm2' },
        ev(ALICE, { type: 'senders', name: 'v0', senders: 'initiator' }),
      ],
      ['both', 'initiator'],
    ]);
  });
  it('a content-add after ours was acked is no glare: both additions stand', () => {
    const mine = run(
      responderActive(),
      local({ kind: 'content-add', contents: [xml(video('v-r', 'responder'))] }),
    );
    const r = run(
      mine.session,
      { kind: 'iq-result', ref: 's1#1', now: 1500 },
      iq(ALICE, jingle('content-add', SID, video('v-i', 'initiator')), 'ca'),
    );
    const remote = offer('a0', 'audio') + offer('v0', 'video') + video('v-i', 'initiator');
    expect(show(r.effects)).toEqual([
      { kind: 'result', to: ALICE, iqId: 'ca' },
      { kind: 'remote-description', type: 'offer', jingle: J('content-add', remote) },
      ev(ALICE, { type: 'content-add', names: ['v-i'] }),
    ]);
    expect(r.session.contents.map((c) => [c.name, c.status])).toEqual([
      ['a0', 'active'],
      ['v0', 'active'],
      ['v-r', 'adding-local'],
      ['v-i', 'adding-remote'],
    ]);
  });
  it('the initiator acks candidates the responder trickled for its content-add that lost the glare', () => {
    const mine = run(
      initiatorActive(),
      local({ kind: 'content-add', contents: [xml(video('v-i', 'initiator'))] }),
    );
    const r = run(
      mine.session,
      iq(BOB, jingle('content-add', SID, video('v-r', 'responder')), 'g'),
      iq(
        BOB,
        jingle('transport-info', SID, content('v-r', transport('x', 'p', candidate('2', 6000)), 'responder')),
        't',
      ),
    );
    const lost = run(mine.session, iq(BOB, jingle('content-add', SID, video('v-r', 'responder')), 'g'));
    expect(show(lost.effects)).toEqual([{ kind: 'error', to: BOB, iqId: 'g', error: 'tie-break' }]);
    expect(show(r.effects)).toEqual([{ kind: 'result', to: BOB, iqId: 't' }]);
  });
  it("the late tie-break of the responder's first content-add leaves its re-proposal alone", () => {
    const first = run(
      responderActive(),
      local({ kind: 'content-add', contents: [xml(video('v-r', 'responder'))] }),
    );
    const yielded = run(
      first.session,
      iq(ALICE, jingle('content-add', SID, video('v-i', 'initiator')), 'ca'),
    );
    const remote = offer('a0', 'audio') + offer('v0', 'video') + video('v-i', 'initiator');
    expect(show(yielded.effects)).toEqual([
      ev(ALICE, { type: 'content-rejected', names: ['v-r'] }),
      { kind: 'result', to: ALICE, iqId: 'ca' },
      { kind: 'remote-description', type: 'offer', jingle: J('content-add', remote) },
      ev(ALICE, { type: 'content-add', names: ['v-i'] }),
    ]);
    const again = run(
      yielded.session,
      local({ kind: 'content-add', contents: [xml(video('v-r', 'responder'))] }),
    );
    const late = run(again.session, tieBreak('s1#1'));
    expect([show(late.effects), late.session.contents.map((c) => [c.name, c.status])]).toEqual([
      [],
      [
        ['a0', 'active'],
        ['v0', 'active'],
        ['v-i', 'adding-remote'],
        ['v-r', 'adding-local'],
      ],
    ]);
  });
});
