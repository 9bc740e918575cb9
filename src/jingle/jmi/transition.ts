// Small pieces shared by the caller and callee transitions.
import { bareJid, sameBareJid, sameJid } from '../jid.js';
import type { Reason } from '../reason.js';
import { finishTo } from './build.js';
import type { JmiMessage, JmiOutgoing } from './model.js';
import { JMI_REASONS, type JmiEffect, type JmiOutcome, type JmiState, type JmiStep } from './state.js';

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

/**
 * proceeding --finish(from the session's device)--> ended(finished|migrated), on either side: end the
 * Jingle session and answer with our own finish (both parties SHOULD send one, XEP-0353 §3), except
 * for a migration, where the session lives on under the new id (§4.2).
 */
export function finishReceived(
  state: JmiState,
  m: Extract<JmiMessage, { kind: 'finish' }>,
  sessionDevice: string | undefined,
): JmiStep {
  if (sessionDevice === undefined || !sameJid(m.from, sessionDevice)) return unchanged(state);
  const terminate = {
    type: 'terminate-session',
    sid: state.id,
    reason: m.reason ?? JMI_REASONS.success,
  } as const;
  if (m.migratedTo !== undefined) return end(state, 'migrated', m.reason, [terminate]);
  return end(state, 'finished', m.reason, [
    send(finishTo(sessionDevice, state.id, JMI_REASONS.success)),
    terminate,
  ]);
}
