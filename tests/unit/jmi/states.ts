// Canonical states and inputs for the transition tests: Romeo calls Juliet, Juliet has phone and tablet.
import type { JmiInput, JmiMessage, JmiPayload, JmiRoute, JmiState } from '../../../src/jingle/jmi/index.js';
import { JULIET, JULIET_PHONE, JULIET_TABLET, ROMEO, SID } from './helpers.js';

export const T0 = 1_700_000_000_000;

export const caller = (phase: JmiState['phase'], extra: Partial<JmiState> = {}): JmiState => ({
  role: 'caller',
  phase,
  id: SID,
  own: ROMEO,
  peer: JULIET,
  media: ['audio'],
  ringing: phase === 'ringing' ? [JULIET_PHONE] : [],
  ...(phase === 'proposed' || phase === 'ringing' ? { deadline: T0 + 60_000 } : {}),
  ...(phase === 'proceeding' ? { peerFull: JULIET_PHONE } : {}),
  ...(phase === 'ended' ? { peerFull: JULIET_PHONE, end: { outcome: 'finished' } } : {}),
  ...extra,
});

export const callee = (phase: JmiState['phase'], extra: Partial<JmiState> = {}): JmiState => ({
  role: 'callee',
  phase,
  id: SID,
  own: JULIET_PHONE,
  peer: ROMEO,
  media: ['audio'],
  ringing: [],
  ...(phase === 'ringing' ? { deadline: T0 + 60_000 } : {}),
  ...(phase === 'proceeding' ? { peerFull: ROMEO } : {}),
  ...(phase === 'ended' ? { end: { outcome: 'missed' } } : {}),
  ...extra,
});

export const msg = (
  payload: JmiPayload,
  from: string,
  to: string,
  route: JmiRoute = 'direct',
  now = T0 + 1_000,
): JmiInput => ({ type: 'message', message: { ...payload, from, to, route } as JmiMessage, now });

/** One representative input per key, as the other party (or our sibling device) would send it. */
export function inputFor(state: JmiState, key: string): JmiInput {
  const now = T0 + 1_000;
  const peerDevice = state.role === 'caller' ? JULIET_PHONE : ROMEO;
  const to = state.role === 'caller' ? ROMEO : JULIET;
  switch (key) {
    case 'propose':
      return msg({ kind: 'propose', id: 'zzz-other', media: ['audio'] }, peerDevice, to);
    case 'accept':
      return msg({ kind: 'accept', id: SID }, JULIET_TABLET, JULIET);
    case 'ringing':
    case 'proceed':
    case 'reject':
    case 'retract':
    case 'finish':
      return msg({ kind: key, id: SID }, peerDevice, to);
    case 'accept-call':
    case 'cancel-call':
    case 'decline-call':
    case 'end-call':
      return { type: key, now };
    default:
      return { type: 'tick', now: T0 + 120_000 };
  }
}

/** The state without its ring deadline, as it looks once the call stopped ringing. */
export function withoutDeadline(s: JmiState): JmiState {
  const copy = { ...s };
  delete copy.deadline;
  return copy;
}
