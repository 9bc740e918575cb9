import { describe, expect, it } from 'vitest';
import { JINGLE_ACTIONS } from '../../../src/jingle/constants.js';
import {
  ACCEPTS,
  TRANSITIONS,
  transitionName,
  type Input,
  type Session,
} from '../../../src/jingle/session/index.js';
import { ALICE, BOB, candidate, canon, content, description, jingle, show, transport } from './helpers.js';
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
  responderIdle,
  responderPending,
  run,
  SID,
} from './setup.js';

const result = (iqId: string, to = BOB) => ({ kind: 'result', to, iqId });
const video1 = content('v1', description('video') + transport('ia', 'ipa'));
const video1Answer = content('v1', description('video') + transport('ra', 'rpa'));
const withVideoAdd = (s: Session) =>
  run(s, local({ kind: 'content-add', contents: [jingle('x', 'x', video1).getChild('content')!] })).session;

interface Case {
  before: () => Session;
  input: Input;
  expected: unknown[];
}
// Keyed by transitionName(); every TRANSITIONS row must have one (checked below).
const CASES: Record<string, Case> = {
  'idle --session-initiate(sent)--> pending': {
    before: () => initiatorIdle(),
    input: local({ kind: 'initiate', contents: offerContents() }),
    expected: [
      {
        kind: 'send',
        to: BOB,
        ref: 's1#0',
        jingle: J('session-initiate', offerXml(), ` initiator="${ALICE}"`),
      },
      ev(BOB, { type: 'state', state: 'pending' }),
    ],
  },
  'idle --session-initiate(received)--> pending': {
    before: () => responderIdle(),
    input: iq(ALICE, jingle('session-initiate', SID, offerXml()), 'i1'),
    expected: [
      result('i1', ALICE),
      ev(ALICE, { type: 'state', state: 'pending' }),
      {
        kind: 'remote-description',
        type: 'offer',
        jingle: J('session-initiate', offerXml(), ` initiator="${BOB}"`),
      },
      ev(ALICE, { type: 'incoming', initiator: ALICE }),
    ],
  },
  'pending --session-accept(sent)--> active': {
    before: () => responderPending(),
    input: local({ kind: 'accept', contents: [jingle('x', 'x', answerXml()).getChildren('content')].flat() }),
    expected: [
      {
        kind: 'send',
        to: ALICE,
        ref: 's1#0',
        jingle: J('session-accept', answerXml(), ` responder="${BOB}"`),
      },
      ev(ALICE, { type: 'state', state: 'active' }),
    ],
  },
  'pending --session-accept(received)--> active': {
    before: () => initiatorPending(),
    input: iq(BOB, jingle('session-accept', SID, answerXml()), 'a1'),
    expected: [
      result('a1'),
      ev(BOB, { type: 'state', state: 'active' }),
      {
        kind: 'remote-description',
        type: 'answer',
        jingle: J('session-accept', answerXml(), ` responder="${ALICE}"`),
      },
    ],
  },
};
const hangup = '<reason><success/><text>The call ended normally.</text></reason>';
for (const [state, before] of [
  ['pending', initiatorPending],
  ['active', initiatorActive],
] as const) {
  CASES[`${state} --session-terminate(sent)--> ended`] = {
    before,
    input: local({ kind: 'terminate', cause: 'hangup' }),
    expected: [
      { kind: 'send', to: BOB, ref: 's1#1', jingle: J('session-terminate', hangup) },
      ev(BOB, { type: 'state', state: 'ended' }),
      ev(BOB, {
        type: 'terminated',
        reason: { condition: 'success', text: 'The call ended normally.' },
        by: 'local',
      }),
    ],
  };
  CASES[`${state} --session-terminate(received)--> ended`] = {
    before,
    input: iq(BOB, jingle('session-terminate', SID, '<reason><busy/></reason>'), 't1'),
    expected: [
      result('t1'),
      ev(BOB, { type: 'state', state: 'ended' }),
      ev(BOB, { type: 'terminated', reason: { condition: 'busy' }, by: 'peer' }),
    ],
  };
  const remoteAll = (extra: string) =>
    J(
      state === 'active' ? 'content-add' : 'content-add',
      (state === 'active' ? answerXml() : '') + extra,
      '',
    );
  const selfLoops: Record<string, Case> = {
    'content-accept': {
      before: () => withVideoAdd(before()),
      input: iq(BOB, jingle('content-accept', SID, video1Answer), 'ca'),
      expected: [
        result('ca'),
        {
          kind: 'remote-description',
          type: 'answer',
          jingle: canon(
            jingle('content-accept', SID, (state === 'active' ? answerXml() : '') + video1Answer),
          ),
        },
        ev(BOB, { type: 'content-accepted', names: ['v1'] }),
      ],
    },
    'content-add': {
      before,
      input: iq(
        BOB,
        jingle('content-add', SID, content('v9', description('video') + transport('rb', 'rpb'), 'responder')),
        'cd',
      ),
      expected: [
        result('cd'),
        {
          kind: 'remote-description',
          type: 'offer',
          jingle: remoteAll(content('v9', description('video') + transport('rb', 'rpb'), 'responder')),
        },
        ev(BOB, { type: 'content-add', names: ['v9'] }),
      ],
    },
    'content-modify': {
      before,
      input: iq(
        BOB,
        jingle('content-modify', SID, '<content creator="initiator" name="v0" senders="initiator"/>'),
        'cm',
      ),
      expected: [result('cm'), ev(BOB, { type: 'senders', name: 'v0', senders: 'initiator' })],
    },
    'content-reject': {
      before: () => withVideoAdd(before()),
      input: iq(BOB, jingle('content-reject', SID, '<content creator="initiator" name="v1"/>'), 'cr'),
      expected: [result('cr'), ev(BOB, { type: 'content-rejected', names: ['v1'] })],
    },
    'content-remove': {
      before,
      input: iq(BOB, jingle('content-remove', SID, '<content creator="initiator" name="v0"/>'), 'cx'),
      expected: [result('cx'), ev(BOB, { type: 'content-removed', names: ['v0'] })],
    },
    'description-info': {
      before,
      input: iq(BOB, jingle('description-info', SID, content('a0', description())), 'di'),
      expected: [
        result('di'),
        ev(BOB, { type: 'description-info', jingle: J('description-info', content('a0', description())) }),
      ],
    },
    'security-info': {
      before,
      input: iq(
        BOB,
        jingle(
          'security-info',
          SID,
          '<content creator="initiator" name="a0"><security xmlns="urn:x:sec"/></content>',
        ),
        'si',
      ),
      expected: [{ kind: 'error', to: BOB, iqId: 'si', error: 'unsupported-info' }],
    },
    'session-info': {
      before,
      input: iq(BOB, jingle('session-info', SID, '<ringing xmlns="urn:xmpp:jingle:apps:rtp:info:1"/>'), 'in'),
      expected: [result('in'), ev(BOB, { type: 'info', info: { kind: 'ringing' }, from: 'responder' })],
    },
    'transport-info': {
      before,
      input: iq(
        BOB,
        jingle('transport-info', SID, content('a0', transport('ra', 'rpa', candidate('1', 5000)))),
        'ti',
      ),
      expected:
        state === 'pending'
          ? [result('ti')] // buffered until session-accept (trickle.test.ts)
          : [
              result('ti'),
              {
                kind: 'remote-candidates',
                jingle: J('transport-info', content('a0', transport('ra', 'rpa', candidate('1', 5000)))),
              },
            ],
    },
    'transport-replace': {
      before,
      input: iq(
        BOB,
        jingle(
          'transport-replace',
          SID,
          content('a0', '<transport xmlns="urn:xmpp:jingle:transports:raw-udp:1"/>'),
        ),
        'tr',
      ),
      expected: [
        result('tr'),
        ev(BOB, { type: 'transport-replace', names: ['a0'] }),
        {
          kind: 'send',
          to: BOB,
          ref: state === 'pending' ? 's1#1' : 's1#1',
          jingle: J('transport-reject', content('a0', transport('ia', 'ipa', '', 'actpass'))),
        },
      ],
    },
  };
  for (const [action, c] of Object.entries(selfLoops))
    CASES[`${state} --${action}(received)--> ${state}`] = c;
}

describe('XEP-0166 §5.1 transitions', () => {
  it('every transition in the table has a test case, and nothing else does', () => {
    expect(Object.keys(CASES).sort()).toEqual(TRANSITIONS.map(transitionName).sort());
  });
  for (const t of TRANSITIONS) {
    const name = transitionName(t);
    it(name, () => {
      const c = CASES[name]!;
      const r = run(c.before(), c.input);
      expect(show(r.effects)).toEqual(c.expected);
      expect(r.session.state).toBe(t.to);
    });
  }
});

describe('actions outside ACCEPTS', () => {
  const states = { pending: initiatorPending, active: initiatorActive } as const;
  for (const [state, make] of Object.entries(states)) {
    for (const action of JINGLE_ACTIONS.filter((a) => !ACCEPTS[state as 'pending' | 'active'].has(a))) {
      it(`${state} --${action}(received)--> out-of-order, state unchanged`, () => {
        const before = make();
        const r = run(before, iq(BOB, jingle(action, SID, answerXml()), 'x1'));
        expect(show(r.effects)).toEqual([{ kind: 'error', to: BOB, iqId: 'x1', error: 'out-of-order' }]);
        expect({ ...r.session, answered: before.answered }).toEqual(before);
      });
    }
  }
  it('every action in idle (initiator) or ended answers unknown-session and changes nothing', () => {
    const ended = run(initiatorActive(), local({ kind: 'terminate', cause: 'hangup' })).session;
    for (const before of [initiatorIdle(), ended])
      for (const action of JINGLE_ACTIONS) {
        const r = run(before, iq(BOB, jingle(action, SID, answerXml()), `u-${action}`));
        expect(show(r.effects)).toEqual([
          { kind: 'error', to: BOB, iqId: `u-${action}`, error: 'unknown-session' },
        ]);
        expect({ ...r.session, answered: before.answered }).toEqual(before);
      }
  });
});
