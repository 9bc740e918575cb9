// XEP-0353 initiator side. Each `case` carries its edge in spec notation; the tests use the same names.
import { sameJid } from '../jid.js';
import { finishTo, rejectTo, retractTo } from './build.js';
import type { JmiMessage } from './model.js';
import { JMI_REASONS, type JmiInput, type JmiState, type JmiStep } from './state.js';
import { winsTieBreak } from './tiebreak.js';
import { end, finishReceived, forUs, fromPeerAccount, send, unchanged } from './transition.js';

export function stepCaller(state: JmiState, input: JmiInput): JmiStep {
  switch (input.type) {
    case 'message':
      return onMessage(state, input.message);
    case 'cancel-call': {
      // proposed|ringing --cancel-call--> ended(cancelled): §3.2 retract to the bare JID, reason cancel
      // (or why it failed on our side: the callee's devices learn it, and so does our history).
      const reason = input.reason ?? JMI_REASONS.retract;
      return end(state, 'cancelled', reason, [send(retractTo(state.peer, state.id, reason))]);
    }
    case 'tick':
      // proposed|ringing --tick(deadline passed)--> ended(timeout)
      if (state.deadline === undefined || input.now < state.deadline) return unchanged(state);
      return end(state, 'timeout', JMI_REASONS.noAnswer, [
        send(retractTo(state.peer, state.id, JMI_REASONS.noAnswer)),
      ]);
    case 'end-call': {
      // proceeding --end-call--> ended(finished): finish to the device we talk to
      const reason = input.reason ?? JMI_REASONS.success;
      return end(state, 'finished', reason, [send(finishTo(state.peerFull ?? state.peer, state.id, reason))]);
    }
    default:
      return unchanged(state);
  }
}

function onMessage(state: JmiState, m: JmiMessage): JmiStep {
  if (!fromPeerAccount(state, m) || m.route !== 'direct') return unchanged(state);
  if (m.kind === 'propose') return onForeignPropose(state, m);
  if (m.id !== state.id) return unchanged(state);
  switch (m.kind) {
    case 'ringing':
      // proposed --ringing(from a device)--> ringing ; ringing --ringing(another device)--> ringing
      if (state.ringing.includes(m.from)) return unchanged(state);
      return { state: { ...state, phase: 'ringing', ringing: [...state.ringing, m.from] }, effects: [] };
    case 'proceed':
      return onProceed(state, m);
    case 'reject':
      // proposed|ringing --reject--> ended(rejected) ; with <tie-break/>: ended(tie-break)
      return end(state, m.tieBreak === true ? 'tie-break' : 'rejected', m.reason, []);
    case 'finish': {
      // proceeding --finish(from the session's device)--> ended(finished|migrated): answer with our finish
      return finishReceived(state, m, state.peerFull);
    }
    default:
      return unchanged(state);
  }
}

function onProceed(state: JmiState, m: JmiMessage): JmiStep {
  if (state.phase === 'proposed' || state.phase === 'ringing') {
    // proposed|ringing --proceed(from full JID X)--> proceeding: session-initiate to X, sid = propose id,
    // media = the proposed media (Conversations rejects a mismatch, movim#928)
    const next: JmiState = { ...state, phase: 'proceeding', peerFull: m.from };
    delete next.deadline;
    return {
      state: next,
      effects: [{ type: 'initiate-session', sid: state.id, to: m.from, media: state.media }],
    };
  }
  // proceeding|ended --proceed(from another device)--> same: that device must stop waiting for a
  // session-initiate; a full-JID retract does it (understood by v0.3-era clients, unlike finish)
  if (state.peerFull !== undefined && sameJid(m.from, state.peerFull)) return unchanged(state);
  return {
    state,
    effects: [send({ ...retractTo(state.peer, state.id, JMI_REASONS.answeredElsewhere), to: m.from })],
  };
}

/** §4.1 and §4.2: a propose with another id from the account we are calling. */
function onForeignPropose(state: JmiState, m: JmiMessage & { kind: 'propose' }): JmiStep {
  if (m.id === state.id || !forUs(state, m)) return unchanged(state);
  if (state.phase === 'proceeding') {
    // proceeding --propose(new id, from peer)--> ended(migrated): §4.2 finish with <migrated to>
    return end(state, 'migrated', JMI_REASONS.migrated, [
      send(finishTo(state.peerFull ?? state.peer, state.id, JMI_REASONS.migrated, m.id)),
      { type: 'terminate-session', sid: state.id, reason: JMI_REASONS.migrated },
    ]);
  }
  if (winsTieBreak({ id: state.id, from: state.own }, { id: m.id, from: m.from })) {
    // proposed|ringing --propose(higher id, from peer)--> same: reject it with <tie-break/> + expired
    return { state, effects: [send(rejectTo(m.from, m.id, JMI_REASONS.tieBreak, true))] };
  }
  // proposed|ringing --propose(lower id, from peer)--> ended(tie-break): retract ours with <tie-break/>
  return end(state, 'tie-break', JMI_REASONS.tieBreak, [
    send(retractTo(state.peer, state.id, JMI_REASONS.tieBreak, true)),
  ]);
}
