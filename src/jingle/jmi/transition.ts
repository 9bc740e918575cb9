// Small pieces shared by the caller and callee transitions.
import { bareJid, sameBareJid, sameJid } from '../jid.js';
import type { Reason } from '../reason.js';
import type { JmiMessage, JmiOutgoing } from './model.js';
import type { JmiEffect, JmiOutcome, JmiState, JmiStep } from './state.js';

export const send = (out: JmiOutgoing): JmiEffect => ({ type: 'send', to: out.to, payload: out.payload });

export const unchanged = (state: JmiState): JmiStep => ({ state, effects: [] });

/** Enter `ended`; the `ended` effect comes last so adapters update the UI after sending. */
export function end(
  state: JmiState,
  outcome: JmiOutcome,
  reason: Reason | undefined,
  effects: JmiEffect[],
): JmiStep {
  const next: JmiState = {
    ...state,
    phase: 'ended',
    end: reason === undefined ? { outcome } : { outcome, reason },
  };
  delete next.deadline;
  const ended: JmiEffect = { type: 'ended', id: state.id, outcome };
  if (reason !== undefined) ended.reason = reason;
  return { state: next, effects: [...effects, ended] };
}

/** A message from the other party's account (any of its devices). */
export const fromPeerAccount = (state: JmiState, m: JmiMessage): boolean => sameBareJid(m.from, state.peer);

/** A message one of our other devices sent (never our own echo). */
export const fromSibling = (state: JmiState, m: JmiMessage): boolean =>
  sameBareJid(m.from, state.own) && !sameJid(m.from, state.own);

/** Addressed to this device or to our bare JID, not a copy of traffic for another resource. */
export const forUs = (state: JmiState, m: JmiMessage): boolean =>
  m.route === 'direct' && (sameJid(m.to, state.own) || sameJid(m.to, bareJid(state.own)));
