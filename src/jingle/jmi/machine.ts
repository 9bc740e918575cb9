// One JMI call as a pure state machine: `stepJmi(state, input) -> { state, effects }`. Time is an input
// (`now`), ids come from the caller, effects are data that an adapter carries out.
import { bareJid, sameJid } from '../jid.js';
import { proposeTo, rejectTo, ringingTo } from './build.js';
import { acceptCall, stepCallee } from './callee.js';
import { stepCaller } from './caller.js';
import { STALE_PROPOSE_MS, type JmiMedia, type JmiMessage } from './model.js';
import { originTime } from './stamp.js';
import {
  accepts,
  inputKey,
  JMI_REASONS,
  type JmiEffect,
  type JmiInput,
  type JmiState,
  type JmiStep,
} from './state.js';
import { end, send } from './transition.js';

/** How long an unanswered call rings before the caller retracts and the callee gives up (ms). */
export const DEFAULT_RING_TIMEOUT_MS = 60_000;

export function stepJmi(state: JmiState, input: JmiInput): JmiStep {
  // Outside JMI_ACCEPTS nothing happens: JMI has no error replies, and a late or duplicated message
  // must not disturb a call (docs/jmi.md, "Ignored inputs").
  if (!accepts(state.role, state.phase, inputKey(input))) return { state, effects: [] };
  return state.role === 'caller' ? stepCaller(state, input) : stepCallee(state, input);
}

export interface CallerStart {
  /** Globally unique (UUIDv4 recommended, §5); becomes the Jingle sid. */
  id: string;
  own: string;
  /** Whom to call; the propose goes to its bare JID. */
  to: string;
  media: readonly JmiMedia[];
  now: number;
  ringTimeoutMs?: number;
}

/** (start) --place-call--> proposed: propose to the bare JID and arm the ring timer. */
export function startCaller(start: CallerStart): JmiStep {
  if (start.media.length === 0) throw new TypeError('startCaller: a propose needs at least one media type');
  const at = start.now + (start.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS);
  const state: JmiState = {
    role: 'caller',
    phase: 'proposed',
    id: start.id,
    own: start.own,
    peer: bareJid(start.to),
    media: [...start.media],
    ringing: [],
    deadline: at,
  };
  return {
    state,
    effects: [send(proposeTo(start.to, start.id, state.media)), { type: 'set-timer', id: start.id, at }],
  };
}

export interface CalleeContext {
  own: string;
  now: number;
  /** The adapter's roster decision (docs/reference/deployed-clients.md §5.10): strangers do not ring. */
  callerIsTrusted: boolean;
  /** Also send a quiet `<reject/>` (busy) to untrusted callers instead of letting them ring out. */
  rejectUntrusted?: boolean;
  ringTimeoutMs?: number;
  /** Accept without asking: only for the §4.1 tie-break loser and the §4.2 migration (device.ts). */
  autoAccept?: boolean;
}

/**
 * (start) --propose--> ringing, or straight to ended(missed) when the propose is older than 60 s (MAM or
 * offline delivery) or the caller is untrusted. `<ringing/>` goes out only for a propose addressed to
 * this device or our bare JID (never for carbons, XEP-0280 §11).
 */
export function startCallee(m: JmiMessage, ctx: CalleeContext): JmiStep {
  if (m.kind !== 'propose' || m.route === 'carbon-sent') {
    throw new TypeError(`startCallee: needs a received propose, got ${m.kind} (${m.route})`);
  }
  const origin = originTime(m.stamp, ctx.now);
  const state: JmiState = {
    role: 'callee',
    phase: 'ringing',
    id: m.id,
    own: ctx.own,
    peer: m.from,
    media: m.media,
    ringing: [],
    deadline: origin + (ctx.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS),
  };
  if (ctx.now - origin >= STALE_PROPOSE_MS) return end(state, 'missed', undefined, []);
  const addressedToUs = m.route === 'direct' && (sameJid(m.to, ctx.own) || sameJid(m.to, bareJid(ctx.own)));
  if (!ctx.callerIsTrusted) {
    const quiet = ctx.rejectUntrusted === true && addressedToUs;
    return end(state, 'missed', undefined, quiet ? [send(rejectTo(m.from, m.id, JMI_REASONS.busy))] : []);
  }
  if (ctx.autoAccept === true) return acceptCall(state);
  const effects: JmiEffect[] = [];
  if (addressedToUs) effects.push(send(ringingTo(m.from, m.id)));
  effects.push({ type: 'ring', id: m.id, from: m.from, media: m.media });
  if (state.deadline !== undefined) effects.push({ type: 'set-timer', id: m.id, at: state.deadline });
  return { state, effects };
}
