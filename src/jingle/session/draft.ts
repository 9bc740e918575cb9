// The working copy one step() call edits. Handlers reassign fields (never mutate the previous
// session's arrays or Elements), so every Session value handed out stays valid and comparable.
import type { Element } from 'ltx';
import type { JingleAction } from '../constants.js';
import type { JingleErrorName } from './errors.js';
import type { SessionState } from './state.js';
import type { Effect, Session, SessionEvent, TimerName } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type Draft = { s: Mutable<Session>; effects: Effect[] };

export const draftOf = (session: Session): Draft => ({ s: { ...session }, effects: [] });

export function emit(d: Draft, event: SessionEvent): void {
  d.effects.push({ kind: 'event', sid: d.s.sid, peer: d.s.peer, event });
}

export function setState(d: Draft, state: SessionState): void {
  if (d.s.state === state) return;
  d.s.state = state;
  emit(d, { type: 'state', state });
}

/** An IQ-set to the peer; `ref` is deterministic (sid + counter) so results correlate without randomness. */
export function send(
  d: Draft,
  jingle: Element,
  action: JingleAction,
  names: readonly string[] = [],
  restart = false,
): string {
  const ref = `${d.s.sid}#${d.s.nextRef}`;
  d.s.nextRef += 1;
  d.effects.push({ kind: 'send', to: d.s.peer, jingle, ref });
  if (d.s.state !== 'ended')
    d.s.outstanding = [...d.s.outstanding, { ref, action, names, ...(restart ? { restart } : {}) }];
  return ref;
}

const ANSWERED_MEMORY = 32;

/** The IQ reply, remembered by id so an XEP-0198 re-send gets the same answer (requirements §14). */
export function reply(d: Draft, to: string, iqId: string, error?: JingleErrorName): void {
  const r: Effect = error === undefined ? { kind: 'result', to, iqId } : { kind: 'error', to, iqId, error };
  d.effects.push(r);
  d.s.answered = [...d.s.answered, { id: iqId, reply: r }].slice(-ANSWERED_MEMORY);
}

export function schedule(d: Draft, timer: TimerName, at: number): void {
  d.s.timers = { ...d.s.timers, [timer]: at };
  d.effects.push({ kind: 'schedule', sid: d.s.sid, peer: d.s.peer, timer, at });
}

export function clearTimer(d: Draft, timer: TimerName): void {
  if (d.s.timers[timer] === undefined) return;
  d.s.timers = Object.fromEntries(Object.entries(d.s.timers).filter(([k]) => k !== timer));
}
