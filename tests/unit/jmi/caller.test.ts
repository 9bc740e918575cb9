import { describe, expect, it } from 'vitest';
import { startCaller, stepJmi } from '../../../src/jingle/jmi/index.js';
import { JULIET, JULIET_PHONE, JULIET_TABLET, ROMEO, ROMEO_BARE, SID } from './helpers.js';
import { caller, msg, T0, withoutDeadline } from './states.js';

const RETRACTED = { condition: 'cancel', text: 'Retracted' } as const;
const TIE = { condition: 'expired', text: 'Tie-Break' } as const;
const MIGRATED = { condition: 'expired', text: 'Session migrated' } as const;
const SUCCESS = { condition: 'success', text: 'Success' } as const;

describe('JMI caller transitions (XEP-0353 §3, §4)', () => {
  it('(start) --place-call--> proposed', () => {
    expect(
      startCaller({ id: SID, own: ROMEO, to: JULIET_PHONE, media: ['audio', 'video'], now: T0 }),
    ).toEqual({
      state: caller('proposed', { media: ['audio', 'video'] }),
      effects: [
        { type: 'send', to: JULIET, payload: { kind: 'propose', id: SID, media: ['audio', 'video'] } },
        { type: 'set-timer', id: SID, at: T0 + 60_000 },
      ],
    });
  });

  it('proposed --ringing(from a device)--> ringing', () => {
    expect(stepJmi(caller('proposed'), msg({ kind: 'ringing', id: SID }, JULIET_PHONE, ROMEO))).toEqual({
      state: caller('ringing', { ringing: [JULIET_PHONE] }),
      effects: [],
    });
  });

  it('ringing --ringing(another device)--> ringing', () => {
    expect(stepJmi(caller('ringing'), msg({ kind: 'ringing', id: SID }, JULIET_TABLET, ROMEO_BARE))).toEqual({
      state: caller('ringing', { ringing: [JULIET_PHONE, JULIET_TABLET] }),
      effects: [],
    });
  });

  it.each(['proposed', 'ringing'] as const)('%s --proceed(from full JID X)--> proceeding', (phase) => {
    const proceeding = caller('proceeding', { peerFull: JULIET_TABLET, ringing: caller(phase).ringing });
    expect(stepJmi(caller(phase), msg({ kind: 'proceed', id: SID }, JULIET_TABLET, ROMEO))).toEqual({
      state: proceeding,
      effects: [{ type: 'initiate-session', sid: SID, to: JULIET_TABLET, media: ['audio'] }],
    });
  });

  it('proposed|ringing --reject--> ended(rejected)', () => {
    const busy = { condition: 'busy', text: 'Busy' } as const;
    const rest = withoutDeadline(caller('ringing'));
    expect(
      stepJmi(caller('ringing'), msg({ kind: 'reject', id: SID, reason: busy }, JULIET_PHONE, ROMEO)),
    ).toEqual({
      state: { ...rest, phase: 'ended', end: { outcome: 'rejected', reason: busy } },
      effects: [{ type: 'ended', id: SID, outcome: 'rejected', reason: busy }],
    });
  });

  it('proposed|ringing --reject(<tie-break/>)--> ended(tie-break)', () => {
    const rest = withoutDeadline(caller('proposed'));
    const input = msg({ kind: 'reject', id: SID, reason: TIE, tieBreak: true }, JULIET_PHONE, ROMEO);
    expect(stepJmi(caller('proposed'), input)).toEqual({
      state: { ...rest, phase: 'ended', end: { outcome: 'tie-break', reason: TIE } },
      effects: [{ type: 'ended', id: SID, outcome: 'tie-break', reason: TIE }],
    });
  });

  it('proposed|ringing --cancel-call--> ended(cancelled)', () => {
    const rest = withoutDeadline(caller('ringing'));
    expect(stepJmi(caller('ringing'), { type: 'cancel-call', now: T0 + 5 })).toEqual({
      state: { ...rest, phase: 'ended', end: { outcome: 'cancelled', reason: RETRACTED } },
      effects: [
        { type: 'send', to: JULIET, payload: { kind: 'retract', id: SID, reason: RETRACTED } },
        { type: 'ended', id: SID, outcome: 'cancelled', reason: RETRACTED },
      ],
    });
  });

  it('proposed|ringing --tick(deadline passed)--> ended(timeout)', () => {
    const noAnswer = { condition: 'cancel', text: 'No answer' } as const;
    const rest = withoutDeadline(caller('proposed'));
    expect(stepJmi(caller('proposed'), { type: 'tick', now: T0 + 59_999 })).toEqual({
      state: caller('proposed'),
      effects: [],
    });
    expect(stepJmi(caller('proposed'), { type: 'tick', now: T0 + 60_000 })).toEqual({
      state: { ...rest, phase: 'ended', end: { outcome: 'timeout', reason: noAnswer } },
      effects: [
        { type: 'send', to: JULIET, payload: { kind: 'retract', id: SID, reason: noAnswer } },
        { type: 'ended', id: SID, outcome: 'timeout', reason: noAnswer },
      ],
    });
  });

  it('proceeding --end-call--> ended(finished)', () => {
    expect(stepJmi(caller('proceeding'), { type: 'end-call', now: T0 })).toEqual({
      state: caller('ended', { end: { outcome: 'finished', reason: SUCCESS } }),
      effects: [
        { type: 'send', to: JULIET_PHONE, payload: { kind: 'finish', id: SID, reason: SUCCESS } },
        { type: 'ended', id: SID, outcome: 'finished', reason: SUCCESS },
      ],
    });
  });

  it("proceeding --finish(from the session's device)--> ended(finished)", () => {
    const gone = { condition: 'gone', text: 'Bye' } as const;
    expect(
      stepJmi(caller('proceeding'), msg({ kind: 'finish', id: SID, reason: gone }, JULIET_PHONE, ROMEO)),
    ).toEqual({
      state: caller('ended', { end: { outcome: 'finished', reason: gone } }),
      effects: [
        { type: 'send', to: JULIET_PHONE, payload: { kind: 'finish', id: SID, reason: SUCCESS } },
        { type: 'terminate-session', sid: SID, reason: gone },
        { type: 'ended', id: SID, outcome: 'finished', reason: gone },
      ],
    });
  });

  it("proceeding --finish(<migrated to>, from the session's device)--> ended(migrated)", () => {
    const input = msg({ kind: 'finish', id: SID, reason: MIGRATED, migratedTo: 'new' }, JULIET_PHONE, ROMEO);
    expect(stepJmi(caller('proceeding'), input)).toEqual({
      state: caller('ended', { end: { outcome: 'migrated', reason: MIGRATED } }),
      effects: [
        { type: 'terminate-session', sid: SID, reason: MIGRATED },
        { type: 'ended', id: SID, outcome: 'migrated', reason: MIGRATED },
      ],
    });
  });

  it.each(['proceeding', 'ended'] as const)('%s --proceed(from another device)--> same', (phase) => {
    const elsewhere = { condition: 'cancel', text: 'Answered on another device' } as const;
    expect(stepJmi(caller(phase), msg({ kind: 'proceed', id: SID }, JULIET_TABLET, ROMEO))).toEqual({
      state: caller(phase),
      effects: [
        { type: 'send', to: JULIET_TABLET, payload: { kind: 'retract', id: SID, reason: elsewhere } },
      ],
    });
  });

  it('proceeding --propose(new id, from peer)--> ended(migrated)', () => {
    expect(
      stepJmi(
        caller('proceeding'),
        msg({ kind: 'propose', id: 'new', media: ['audio'] }, JULIET_TABLET, ROMEO),
      ),
    ).toEqual({
      state: caller('ended', { end: { outcome: 'migrated', reason: MIGRATED } }),
      effects: [
        {
          type: 'send',
          to: JULIET_PHONE,
          payload: { kind: 'finish', id: SID, reason: MIGRATED, migratedTo: 'new' },
        },
        { type: 'terminate-session', sid: SID, reason: MIGRATED },
        { type: 'ended', id: SID, outcome: 'migrated', reason: MIGRATED },
      ],
    });
  });

  it('proposed|ringing --propose(higher id, from peer)--> same', () => {
    const theirs = msg({ kind: 'propose', id: 'zzz', media: ['audio'] }, JULIET_PHONE, ROMEO_BARE);
    expect(stepJmi(caller('proposed'), theirs)).toEqual({
      state: caller('proposed'),
      effects: [
        {
          type: 'send',
          to: JULIET_PHONE,
          payload: { kind: 'reject', id: 'zzz', reason: TIE, tieBreak: true },
        },
      ],
    });
  });

  it('proposed|ringing --propose(lower id, from peer)--> ended(tie-break)', () => {
    const rest = withoutDeadline(caller('ringing'));
    const theirs = msg({ kind: 'propose', id: '000', media: ['audio'] }, JULIET_PHONE, ROMEO_BARE);
    expect(stepJmi(caller('ringing'), theirs)).toEqual({
      state: { ...rest, phase: 'ended', end: { outcome: 'tie-break', reason: TIE } },
      effects: [
        { type: 'send', to: JULIET, payload: { kind: 'retract', id: SID, reason: TIE, tieBreak: true } },
        { type: 'ended', id: SID, outcome: 'tie-break', reason: TIE },
      ],
    });
  });

  it('proposed ignores a propose carrying our own id (a duplicate, never a rival)', () => {
    const theirs = msg({ kind: 'propose', id: SID, media: ['audio'] }, JULIET_PHONE, ROMEO_BARE);
    expect(stepJmi(caller('proposed'), theirs)).toEqual({ state: caller('proposed'), effects: [] });
  });

  const strangers: [string, ReturnType<typeof msg>][] = [
    ['ringing from a stranger', msg({ kind: 'ringing', id: SID }, 'mallory@evil.example/x', ROMEO)],
    ['proceed from a stranger', msg({ kind: 'proceed', id: SID }, 'mallory@evil.example/x', ROMEO)],
    ['reject for another id', msg({ kind: 'reject', id: 'other' }, JULIET_PHONE, ROMEO)],
    [
      'a carbon of a proceed',
      msg({ kind: 'proceed', id: SID }, JULIET_PHONE, 'romeo@montague.example/other', 'carbon-received'),
    ],
  ];
  it.each(strangers)('proposed ignores %s', (_, input) => {
    expect(stepJmi(caller('proposed'), input)).toEqual({ state: caller('proposed'), effects: [] });
  });

  it('proceeding ignores a finish from a device other than the session peer', () => {
    const input = msg({ kind: 'finish', id: SID }, JULIET_TABLET, ROMEO);
    expect(stepJmi(caller('proceeding'), input)).toEqual({ state: caller('proceeding'), effects: [] });
  });
});
