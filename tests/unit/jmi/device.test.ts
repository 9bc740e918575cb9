import { describe, expect, it } from 'vitest';
import {
  createJmiDevice,
  EARLY_LIMIT,
  forgetJmiCall,
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
