// XEP-0353 responder side, one device of the callee's account. Other devices show up through XEP-0280
// carbons of their proceed/reject and through the v0.3 `<accept/>` to our own bare JID.
import { bareJid, sameBareJid, sameJid } from '../jid.js';
import { acceptTo, finishTo, proceedTo, rejectTo } from './build.js';
import type { JmiMessage } from './model.js';
import { JMI_REASONS, type JmiInput, type JmiState, type JmiStep } from './state.js';
import { end, finishReceived, forUs, fromPeerAccount, fromSibling, send, unchanged } from './transition.js';

export function stepCallee(state: JmiState, input: JmiInput): JmiStep {
  switch (input.type) {
    case 'message':
      return onMessage(state, input.message);
    case 'accept-call':
      return acceptCall(state);
    case 'decline-call': {
      // ringing --decline-call--> ended(declined): reject to the caller's full JID
      const reason = input.reason ?? JMI_REASONS.decline;
      return end(state, 'declined', reason, [send(rejectTo(state.peer, state.id, reason))]);
    }
    case 'tick':
      // ringing --tick(deadline passed)--> ended(missed): the caller vanished without retracting
      if (state.deadline === undefined || input.now < state.deadline) return unchanged(state);
      return end(state, 'missed', undefined, []);
    case 'end-call': {
      // proceeding --end-call--> ended(finished)
      const reason = input.reason ?? JMI_REASONS.success;
      return end(state, 'finished', reason, [send(finishTo(state.peer, state.id, reason))]);
    }
    default:
      return unchanged(state);
  }
}

/**
 * ringing --accept-call--> proceeding: proceed to the caller's full JID plus the v0.3 `<accept/>` to our
 * bare JID (older clients' other devices stop ringing), then wait for session-initiate (sid = id).
 */
export function acceptCall(state: JmiState): JmiStep {
  const next: JmiState = { ...state, phase: 'proceeding', peerFull: state.peer };
  delete next.deadline;
  return {
    state: next,
    effects: [
      send(proceedTo(state.peer, state.id)),
      send(acceptTo(state.own, state.id)),
      { type: 'expect-session', sid: state.id, from: state.peer, media: state.media },
    ],
  };
}

function onMessage(state: JmiState, m: JmiMessage): JmiStep {
  if (m.kind === 'propose') return onForeignPropose(state, m);
  if (m.id !== state.id) return unchanged(state);
  if (fromSibling(state, m)) return fromOtherDevice(state, m);
  if (!fromPeerAccount(state, m) || m.route !== 'direct') return unchanged(state);
  switch (m.kind) {
    case 'retract':
      // ringing --retract--> ended(missed) ; with <tie-break/>: ended(tie-break)
      // proceeding --retract--> ended(cancelled): the caller went with another device or gave up
      if (state.phase === 'proceeding') return end(state, 'cancelled', m.reason, []);
      return end(state, m.tieBreak === true ? 'tie-break' : 'missed', m.reason, []);
    case 'finish': {
      // ringing --finish--> ended(missed): an old client ending a call we never joined
      if (state.phase === 'ringing') return end(state, 'missed', m.reason, []);
      // proceeding --finish(from the caller's device)--> ended(finished|migrated): answer with our finish
      return finishReceived(state, m, state.peer);
    }
    default:
      return unchanged(state);
  }
}

/**
 * ringing --proceed|accept(from another of our devices)--> ended(answered-elsewhere)
 * ringing --reject(from another of our devices)--> ended(declined-elsewhere)
 * A carbon counts only when it went to this caller (XEP-0280 `sent`); `<accept/>`/`<reject/>` to our own
 * bare JID is the v0.3 way of saying the same.
 */
function fromOtherDevice(state: JmiState, m: JmiMessage): JmiStep {
  if (state.phase !== 'ringing') return unchanged(state);
  const toCaller = m.route === 'carbon-sent' && sameBareJid(m.to, state.peer);
  const toOwnBare = m.route === 'direct' && sameJid(m.to, bareJid(state.own));
  if (m.kind === 'proceed' && toCaller) return end(state, 'answered-elsewhere', undefined, []);
  if (m.kind === 'accept' && (toOwnBare || toCaller)) return end(state, 'answered-elsewhere', undefined, []);
  if (m.kind === 'reject' && (toCaller || toOwnBare)) return end(state, 'declined-elsewhere', m.reason, []);
  return unchanged(state);
}

/** proceeding --propose(new id, from the caller's account)--> ended(migrated): §4.2, as in caller.ts. */
function onForeignPropose(state: JmiState, m: JmiMessage & { kind: 'propose' }): JmiStep {
  if (state.phase !== 'proceeding' || m.id === state.id || !forUs(state, m)) return unchanged(state);
  if (!fromPeerAccount(state, m)) return unchanged(state);
  return end(state, 'migrated', JMI_REASONS.migrated, [
    send(finishTo(state.peer, state.id, JMI_REASONS.migrated, m.id)),
    { type: 'terminate-session', sid: state.id, reason: JMI_REASONS.migrated },
  ]);
}
