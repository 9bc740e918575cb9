import { describe, expect, it } from 'vitest';
import {
  createJmiDevice,
  EARLY_LIMIT,
  forgetJmiCall,
  JMI_DEDUP_WINDOW_MS,
  JMI_ENDED_LIMIT,
  stepJmiDevice,
  type JmiDevice,
  type JmiMessage,
} from '../../../src/jingle/jmi/index.js';
import { JULIET, JULIET_PHONE, JULIET_TABLET, ROMEO, ROMEO_BARE } from './helpers.js';

const T = 1_000_000;
const incoming = (m: Partial<JmiMessage> & Pick<JmiMessage, 'kind' | 'id'>, trusted = true) => ({
  type: 'message' as const,
  message: { from: ROMEO, to: JULIET, route: 'direct', ...m } as JmiMessage,
  now: T,
  callerIsTrusted: trusted,
});
const phone = (): JmiDevice => createJmiDevice(JULIET_PHONE);

describe('stepJmiDevice routing', () => {
  it('creates a ringing callee call from a propose and keeps it by id', () => {
    const r = stepJmiDevice(phone(), incoming({ kind: 'propose', id: 'c1', media: ['video'] }));
    expect(r.effects).toEqual([
      { type: 'send', to: ROMEO, payload: { kind: 'ringing', id: 'c1' } },
      { type: 'ring', id: 'c1', from: ROMEO, media: ['video'] },
      { type: 'set-timer', id: 'c1', at: T + 60_000 },
    ]);
    expect([...r.device.calls.keys()]).toEqual(['c1']);
  });

  it('ignores a sent carbon of a propose (another of our devices is calling out)', () => {
    const r = stepJmiDevice(
      phone(),
      incoming({
        kind: 'propose',
        id: 'c1',
        media: ['audio'],
        from: JULIET_TABLET,
        to: ROMEO_BARE,
        route: 'carbon-sent',
      }),
    );
    expect(r).toEqual({ device: phone(), effects: [] });
  });

  it('holds a message that overtakes its propose and applies it when the propose arrives', () => {
    const early = stepJmiDevice(
      phone(),
      incoming({ kind: 'proceed', id: 'c1', from: JULIET_TABLET, to: ROMEO, route: 'carbon-sent' }),
    );
    expect(early.effects).toEqual([]);
    const r = stepJmiDevice(early.device, incoming({ kind: 'propose', id: 'c1', media: ['audio'] }));
    expect(r.effects).toEqual([
      { type: 'send', to: ROMEO, payload: { kind: 'ringing', id: 'c1' } },
      { type: 'ring', id: 'c1', from: ROMEO, media: ['audio'] },
      { type: 'set-timer', id: 'c1', at: T + 60_000 },
      { type: 'ended', id: 'c1', outcome: 'answered-elsewhere' },
    ]);
    expect(r.device.early).toEqual([]);
  });

  it(`keeps at most ${EARLY_LIMIT} early messages, dropping the oldest`, () => {
    let d = phone();
    for (let i = 0; i <= EARLY_LIMIT; i++)
      d = stepJmiDevice(d, incoming({ kind: 'retract', id: `x${i}` })).device;
    expect(d.early.map((m) => m.id)).toEqual(Array.from({ length: EARLY_LIMIT }, (_, i) => `x${i + 1}`));
  });

  it('a duplicate propose after the call ended does not ring again', () => {
    let d = stepJmiDevice(phone(), incoming({ kind: 'propose', id: 'c1', media: ['audio'] })).device;
    d = stepJmiDevice(d, incoming({ kind: 'retract', id: 'c1' })).device;
    expect(stepJmiDevice(d, incoming({ kind: 'propose', id: 'c1', media: ['audio'] })).effects).toEqual([]);
  });

  it('a tie-break winner remembers the rejected propose, so its duplicate is not rung later', () => {
    let d = stepJmiDevice(createJmiDevice(ROMEO), {
      type: 'place-call',
      id: 'a',
      to: JULIET,
      media: ['audio'],
      now: T,
    }).device;
    const theirs = {
      kind: 'propose',
      id: 'b',
      media: ['audio'],
      from: JULIET_PHONE,
      to: ROMEO_BARE,
    } as const;
    const first = stepJmiDevice(d, incoming(theirs));
    expect(first.effects).toEqual([
      {
        type: 'send',
        to: JULIET_PHONE,
        payload: {
          kind: 'reject',
          id: 'b',
          reason: { condition: 'expired', text: 'Tie-Break' },
          tieBreak: true,
        },
      },
    ]);
    d = stepJmiDevice(first.device, { type: 'cancel-call', id: 'a', now: T }).device;
    expect(stepJmiDevice(d, incoming(theirs)).effects).toEqual([]);
  });

  it('a tie-break loser rings instead of auto-accepting when the winner asks for more media', () => {
    const d = stepJmiDevice(createJmiDevice(ROMEO), {
      type: 'place-call',
      id: 'b',
      to: JULIET,
      media: ['audio'],
      now: T,
    }).device;
    const r = stepJmiDevice(
      d,
      incoming({ kind: 'propose', id: 'a', media: ['audio', 'video'], from: JULIET_PHONE, to: ROMEO_BARE }),
    );
    const tie = { condition: 'expired', text: 'Tie-Break' };
    expect(r.effects).toEqual([
      { type: 'send', to: JULIET, payload: { kind: 'retract', id: 'b', reason: tie, tieBreak: true } },
      { type: 'ended', id: 'b', outcome: 'tie-break', reason: tie },
      { type: 'send', to: JULIET_PHONE, payload: { kind: 'ringing', id: 'a' } },
      { type: 'ring', id: 'a', from: JULIET_PHONE, media: ['audio', 'video'] },
      { type: 'set-timer', id: 'a', at: T + 60_000 },
    ]);
    expect(r.device.calls.get('a')?.phase).toEqual('ringing');
  });

  it('ticks every live call and forgets calls on request', () => {
    let d = stepJmiDevice(phone(), incoming({ kind: 'propose', id: 'c1', media: ['audio'] })).device;
    const r = stepJmiDevice(d, { type: 'tick', now: T + 60_000 });
    expect(r.effects).toEqual([{ type: 'ended', id: 'c1', outcome: 'missed' }]);
    d = forgetJmiCall(r.device, 'c1');
    expect([...d.calls.keys()]).toEqual([]);
  });

  it('local actions on unknown or reused ids are API misuse', () => {
    expect(() => stepJmiDevice(phone(), { type: 'accept-call', id: 'nope', now: T })).toThrow(TypeError);
    const d = stepJmiDevice(phone(), {
      type: 'place-call',
      id: 'a',
      to: ROMEO,
      media: ['audio'],
      now: T,
    }).device;
    expect(() =>
      stepJmiDevice(d, { type: 'place-call', id: 'a', to: ROMEO, media: ['audio'], now: T }),
    ).toThrow(TypeError);
  });
});

describe('a propose reusing the id of a call (XEP-0353 §3.1: the id is the Jingle sid)', () => {
  const BUSY = { condition: 'busy', text: 'Busy' };
  const ringing = () =>
    stepJmiDevice(phone(), incoming({ kind: 'propose', id: 'c1', media: ['audio'] })).device;
  const CAROL = 'carol@capulet.example/laptop';

  it.each([
    ['a contact', CAROL, true],
    ['a stranger', 'mallory@evil.example/x', false],
    ["another resource of the caller's account", 'romeo@montague.example/garden', true],
  ])('from %s: a busy reject to that sender only, the ringing call unchanged', (_, from, trusted) => {
    const d = ringing();
    const r = stepJmiDevice(d, incoming({ kind: 'propose', id: 'c1', media: ['video'], from }, trusted));
    expect(r).toEqual({
      device: d,
      effects: [{ type: 'send', to: from, payload: { kind: 'reject', id: 'c1', reason: BUSY } }],
    });
  });

  it("from the call's own device: a duplicate, ignored", () => {
    const d = ringing();
    expect(stepJmiDevice(d, incoming({ kind: 'propose', id: 'c1', media: ['audio'] }))).toEqual({
      device: d,
      effects: [],
    });
  });

  it('a copy addressed to another resource of ours (carbon) gets no answer', () => {
    const d = ringing();
    const m = {
      kind: 'propose',
      id: 'c1',
      media: ['audio'],
      from: CAROL,
      to: JULIET_TABLET,
      route: 'carbon-received',
    } as const;
    expect(stepJmiDevice(d, incoming(m))).toEqual({ device: d, effects: [] });
  });

  it('the sid of a direct Jingle call (sidTakenBy): refused from others, ignored from its peer, nothing created', () => {
    const input = (from: string) => ({
      ...incoming({ kind: 'propose', id: 's1', media: ['audio'], from }),
      sidTakenBy: ROMEO,
    });
    expect(stepJmiDevice(phone(), input(CAROL))).toEqual({
      device: phone(),
      effects: [{ type: 'send', to: CAROL, payload: { kind: 'reject', id: 's1', reason: BUSY } }],
    });
    expect(stepJmiDevice(phone(), input(ROMEO))).toEqual({ device: phone(), effects: [] });
  });
});

describe('ended calls are forgotten (#11: a flood of proposes must not stay in memory)', () => {
  const stranger = 'mallory@evil.example/x';
  const flood = (n: number, d = createJmiDevice(JULIET_PHONE, { rejectUntrusted: true })) => {
    for (let i = 1; i <= n; i++) {
      const r = stepJmiDevice(
        d,
        incoming({ kind: 'propose', id: `m${i}`, media: ['audio'], from: stranger }, false),
      );
      if (i === n)
        expect(r.effects).toEqual([
          {
            type: 'send',
            to: stranger,
            payload: { kind: 'reject', id: `m${i}`, reason: { condition: 'busy', text: 'Busy' } },
          },
          { type: 'ended', id: `m${i}`, outcome: 'missed' },
        ]);
      d = r.device;
    }
    return d;
  };

  it(`after 5,000 proposes from a stranger at once, the newest ${JMI_ENDED_LIMIT} ended calls remain`, () => {
    const d = flood(5000);
    const newest = Array.from({ length: JMI_ENDED_LIMIT }, (_, i) => `m${5000 - JMI_ENDED_LIMIT + 1 + i}`);
    expect([d.calls.size, [...d.calls.keys()], d.ended]).toEqual([
      JMI_ENDED_LIMIT,
      newest,
      newest.map((id) => ({ id, at: T })),
    ]);
    // A duplicate of a remembered one is still ignored; one of a forgotten one is refused again, quietly.
    const again = (id: string) =>
      stepJmiDevice(d, incoming({ kind: 'propose', id, media: ['audio'], from: stranger }, false)).effects;
    expect([again('m5000'), again('m1')]).toEqual([
      [],
      [
        {
          type: 'send',
          to: stranger,
          payload: { kind: 'reject', id: 'm1', reason: { condition: 'busy', text: 'Busy' } },
        },
        { type: 'ended', id: 'm1', outcome: 'missed' },
      ],
    ]);
  });

  it('once the dedup window has passed, every ended call is forgotten and live ones stay', () => {
    let d = flood(10);
    d = stepJmiDevice(d, incoming({ kind: 'propose', id: 'c1', media: ['audio'] })).device;
    d = stepJmiDevice(d, { type: 'accept-call', id: 'c1', now: T }).device;
    const ids = Array.from({ length: 10 }, (_, i) => `m${i + 1}`);
    const before = stepJmiDevice(d, { type: 'tick', now: T + JMI_DEDUP_WINDOW_MS - 1 }).device;
    expect([...before.calls.keys()]).toEqual([...ids, 'c1']);
    const after = stepJmiDevice(before, { type: 'tick', now: T + JMI_DEDUP_WINDOW_MS }).device;
    expect([[...after.calls.keys()], after.calls.get('c1')?.phase, after.ended]).toEqual([
      ['c1'],
      'proceeding',
      [],
    ]);
  });
});
