import { describe, expect, it } from 'vitest';
import { parse } from 'ltx';
import {
  formatStamp,
  startCallee,
  stepJmi,
  type JmiMessage,
  type JmiState,
} from '../../../src/jingle/jmi/index.js';
import { JULIET, JULIET_PHONE, JULIET_TABLET, ROMEO, ROMEO_BARE, SID, jmi } from './helpers.js';
import { callee, msg, T0, withoutDeadline } from './states.js';

const SUCCESS = { condition: 'success', text: 'Success' } as const;
const MIGRATED = { condition: 'expired', text: 'Session migrated' } as const;
const propose = (extra: Partial<JmiMessage> = {}): JmiMessage =>
  ({
    kind: 'propose',
    id: SID,
    media: ['audio'],
    from: ROMEO,
    to: JULIET,
    route: 'direct',
    ...extra,
  }) as JmiMessage;
const ctx = { own: JULIET_PHONE, now: T0, callerIsTrusted: true };
const ended = (from: JmiState, outcome: string, reason?: object): JmiState => {
  const rest = withoutDeadline(from);
  return {
    ...rest,
    phase: 'ended',
    end: reason === undefined ? { outcome } : { outcome, reason },
  } as JmiState;
};
const endedEffect = (outcome: string, reason?: object) =>
  reason === undefined ? { type: 'ended', id: SID, outcome } : { type: 'ended', id: SID, outcome, reason };

describe('JMI callee start (XEP-0353 §3.1, §5, §6)', () => {
  it('(start) --propose(to our bare JID)--> ringing', () => {
    expect(startCallee(propose(), ctx)).toEqual({
      state: callee('ringing'),
      effects: [
        { type: 'send', to: ROMEO, payload: { kind: 'ringing', id: SID } },
        { type: 'ring', id: SID, from: ROMEO, media: ['audio'] },
        { type: 'set-timer', id: SID, at: T0 + 60_000 },
      ],
    });
  });

  it('(start) --propose(carbon for another resource)--> ringing, without <ringing/>', () => {
    expect(startCallee(propose({ to: JULIET_TABLET, route: 'carbon-received' }), ctx)).toEqual({
      state: callee('ringing'),
      effects: [
        { type: 'ring', id: SID, from: ROMEO, media: ['audio'] },
        { type: 'set-timer', id: SID, at: T0 + 60_000 },
      ],
    });
  });

  it('(start) --propose(archived, 30 s old)--> ringing until 60 s after its stamp', () => {
    const r = startCallee(propose({ stamp: T0 - 30_000 }), ctx);
    expect(r.state).toEqual(callee('ringing', { deadline: T0 + 30_000 }));
    expect(r.effects.at(-1)).toEqual({ type: 'set-timer', id: SID, at: T0 + 30_000 });
  });

  it('(start) --propose(<delay> stamped in the future)--> ringing 60 s from now, the stamp counting as now', () => {
    // #11: a propose "sent" a day ahead must not ring for a day.
    const stanza = parse(
      `<message from="${ROMEO}" to="${JULIET}" type="chat">` +
        `<propose xmlns="urn:xmpp:jingle-message:0" id="${SID}"><description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio"/></propose>` +
        `<delay xmlns="urn:xmpp:delay" from="capulet.example" stamp="${formatStamp(T0 + 86_400_000)}"/></message>`,
    );
    const m = jmi(stanza, JULIET_PHONE);
    expect(m.stamp).toBe(T0 + 86_400_000);
    const r = startCallee(m, ctx);
    expect(r).toEqual({
      state: { ...callee('ringing'), peer: ROMEO },
      effects: [
        { type: 'send', to: ROMEO, payload: { kind: 'ringing', id: SID } },
        { type: 'ring', id: SID, from: ROMEO, media: ['audio'] },
        { type: 'set-timer', id: SID, at: T0 + 60_000 },
      ],
    });
    expect(stepJmi(r.state, { type: 'tick', now: T0 + 60_000 })).toEqual({
      state: ended(callee('ringing'), 'missed'),
      effects: [endedEffect('missed')],
    });
  });

  it('(start) --propose(older than 60 s)--> ended(missed)', () => {
    expect(startCallee(propose({ stamp: T0 - 60_000 }), ctx)).toEqual({
      state: ended(callee('ringing'), 'missed'),
      effects: [endedEffect('missed')],
    });
  });

  it('(start) --propose(untrusted caller)--> ended(missed)', () => {
    expect(startCallee(propose(), { ...ctx, callerIsTrusted: false })).toEqual({
      state: ended(callee('ringing'), 'missed'),
      effects: [endedEffect('missed')],
    });
  });

  it('(start) --propose(untrusted caller, rejectUntrusted)--> ended(missed) with a quiet busy reject', () => {
    const busy = { condition: 'busy', text: 'Busy' };
    expect(startCallee(propose(), { ...ctx, callerIsTrusted: false, rejectUntrusted: true })).toEqual({
      state: ended(callee('ringing'), 'missed'),
      effects: [
        { type: 'send', to: ROMEO, payload: { kind: 'reject', id: SID, reason: busy } },
        endedEffect('missed'),
      ],
    });
  });

  it('refuses to start from anything but a received propose (API misuse)', () => {
    expect(() => startCallee(propose({ route: 'carbon-sent' }), ctx)).toThrow(TypeError);
  });
});

describe('JMI callee transitions (XEP-0353 §3, §4)', () => {
  it('ringing --accept-call--> proceeding', () => {
    expect(stepJmi(callee('ringing'), { type: 'accept-call', now: T0 })).toEqual({
      state: callee('proceeding'),
      effects: [
        { type: 'send', to: ROMEO, payload: { kind: 'proceed', id: SID } },
        { type: 'send', to: JULIET, payload: { kind: 'accept', id: SID } },
        { type: 'expect-session', sid: SID, from: ROMEO, media: ['audio'] },
      ],
    });
  });

  it('ringing --decline-call--> ended(declined)', () => {
    const busy = { condition: 'busy', text: 'In a meeting' } as const;
    expect(stepJmi(callee('ringing'), { type: 'decline-call', now: T0, reason: busy })).toEqual({
      state: ended(callee('ringing'), 'declined', busy),
      effects: [
        { type: 'send', to: ROMEO, payload: { kind: 'reject', id: SID, reason: busy } },
        endedEffect('declined', busy),
      ],
    });
  });

  it('ringing --tick(deadline passed)--> ended(missed)', () => {
    expect(stepJmi(callee('ringing'), { type: 'tick', now: T0 + 10 })).toEqual({
      state: callee('ringing'),
      effects: [],
    });
    expect(stepJmi(callee('ringing'), { type: 'tick', now: T0 + 60_000 })).toEqual({
      state: ended(callee('ringing'), 'missed'),
      effects: [endedEffect('missed')],
    });
  });

  it('proceeding --end-call--> ended(finished)', () => {
    expect(stepJmi(callee('proceeding'), { type: 'end-call', now: T0 })).toEqual({
      state: ended(callee('proceeding'), 'finished', SUCCESS),
      effects: [
        { type: 'send', to: ROMEO, payload: { kind: 'finish', id: SID, reason: SUCCESS } },
        endedEffect('finished', SUCCESS),
      ],
    });
  });

  it('ringing --retract--> ended(missed)', () => {
    const cancel = { condition: 'cancel', text: 'Retracted' } as const;
    expect(
      stepJmi(callee('ringing'), msg({ kind: 'retract', id: SID, reason: cancel }, ROMEO, JULIET)),
    ).toEqual({
      state: ended(callee('ringing'), 'missed', cancel),
      effects: [endedEffect('missed', cancel)],
    });
  });

  it('ringing --retract(<tie-break/>)--> ended(tie-break)', () => {
    expect(
      stepJmi(callee('ringing'), msg({ kind: 'retract', id: SID, tieBreak: true }, ROMEO, JULIET)),
    ).toEqual({
      state: ended(callee('ringing'), 'tie-break'),
      effects: [endedEffect('tie-break')],
    });
  });

  it('proceeding --retract--> ended(cancelled)', () => {
    expect(stepJmi(callee('proceeding'), msg({ kind: 'retract', id: SID }, ROMEO, JULIET_PHONE))).toEqual({
      state: ended(callee('proceeding'), 'cancelled'),
      effects: [endedEffect('cancelled')],
    });
  });

  it('ringing --finish--> ended(missed)', () => {
    expect(stepJmi(callee('ringing'), msg({ kind: 'finish', id: SID }, ROMEO, JULIET))).toEqual({
      state: ended(callee('ringing'), 'missed'),
      effects: [endedEffect('missed')],
    });
  });

  it("proceeding --finish(from the caller's device)--> ended(finished)", () => {
    expect(
      stepJmi(callee('proceeding'), msg({ kind: 'finish', id: SID, reason: SUCCESS }, ROMEO, JULIET_PHONE)),
    ).toEqual({
      state: ended(callee('proceeding'), 'finished', SUCCESS),
      effects: [
        { type: 'send', to: ROMEO, payload: { kind: 'finish', id: SID, reason: SUCCESS } },
        { type: 'terminate-session', sid: SID, reason: SUCCESS },
        endedEffect('finished', SUCCESS),
      ],
    });
  });

  it("proceeding --finish(<migrated to>, from the caller's device)--> ended(migrated)", () => {
    const input = msg({ kind: 'finish', id: SID, reason: MIGRATED, migratedTo: 'n' }, ROMEO, JULIET_PHONE);
    expect(stepJmi(callee('proceeding'), input)).toEqual({
      state: ended(callee('proceeding'), 'migrated', MIGRATED),
      effects: [{ type: 'terminate-session', sid: SID, reason: MIGRATED }, endedEffect('migrated', MIGRATED)],
    });
  });

  const elsewhere: [string, ReturnType<typeof msg>, string][] = [
    [
      'proceed (sent carbon)',
      msg({ kind: 'proceed', id: SID }, JULIET_TABLET, ROMEO, 'carbon-sent'),
      'answered-elsewhere',
    ],
    [
      'proceed (sent carbon, v0.6 bare target)',
      msg({ kind: 'proceed', id: SID }, JULIET_TABLET, ROMEO_BARE, 'carbon-sent'),
      'answered-elsewhere',
    ],
    [
      'accept (v0.3, to our bare JID)',
      msg({ kind: 'accept', id: SID }, JULIET_TABLET, JULIET),
      'answered-elsewhere',
    ],
    [
      'reject (sent carbon)',
      msg({ kind: 'reject', id: SID }, JULIET_TABLET, ROMEO, 'carbon-sent'),
      'declined-elsewhere',
    ],
    [
      'reject (v0.3, to our bare JID)',
      msg({ kind: 'reject', id: SID }, JULIET_TABLET, JULIET),
      'declined-elsewhere',
    ],
  ];
  it.each(elsewhere)('ringing --%s from another of our devices--> ended(%s)', (_, input, outcome) => {
    expect(stepJmi(callee('ringing'), input)).toEqual({
      state: ended(callee('ringing'), outcome),
      effects: [endedEffect(outcome)],
    });
  });

  it("proceeding --propose(new id, from the caller's account)--> ended(migrated)", () => {
    const input = msg(
      { kind: 'propose', id: 'new', media: ['audio'] },
      'romeo@montague.example/garden',
      JULIET,
    );
    expect(stepJmi(callee('proceeding'), input)).toEqual({
      state: ended(callee('proceeding'), 'migrated', MIGRATED),
      effects: [
        {
          type: 'send',
          to: ROMEO,
          payload: { kind: 'finish', id: SID, reason: MIGRATED, migratedTo: 'new' },
        },
        { type: 'terminate-session', sid: SID, reason: MIGRATED },
        endedEffect('migrated', MIGRATED),
      ],
    });
  });

  const ignoredInRinging: [string, ReturnType<typeof msg>][] = [
    ['our own echo of <accept/>', msg({ kind: 'accept', id: SID }, JULIET_PHONE, JULIET)],
    [
      'a received carbon of a retract for another resource',
      msg({ kind: 'retract', id: SID }, ROMEO, JULIET_TABLET, 'carbon-received'),
    ],
    ['a retract from a stranger', msg({ kind: 'retract', id: SID }, 'mallory@evil.example/x', JULIET)],
    [
      "a sibling's proceed to someone else",
      msg({ kind: 'proceed', id: SID }, JULIET_TABLET, 'paris@verona.example/a', 'carbon-sent'),
    ],
    [
      'a received carbon of a proceed (not from us)',
      msg({ kind: 'proceed', id: SID }, ROMEO, JULIET_TABLET, 'carbon-received'),
    ],
  ];
  it.each(ignoredInRinging)('ringing ignores %s', (_, input) => {
    expect(stepJmi(callee('ringing'), input)).toEqual({ state: callee('ringing'), effects: [] });
  });
});
