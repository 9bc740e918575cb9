// The per-call JMI state, its inputs and effects, and the transition table (docs/jmi.md draws it).
import type { Reason } from '../reason.js';
import type { JmiKind, JmiMedia, JmiMessage, JmiPayload } from './model.js';

export const JMI_ROLES = ['caller', 'callee'] as const;
export type JmiRole = (typeof JMI_ROLES)[number];

/**
 * caller: proposed -> ringing (some device rings) -> proceeding (a device accepted; Jingle runs) -> ended.
 * callee: ringing (our user is alerted) -> proceeding (we accepted; awaiting/running Jingle) -> ended.
 */
export const JMI_PHASES = ['proposed', 'ringing', 'proceeding', 'ended'] as const;
export type JmiPhase = (typeof JMI_PHASES)[number];

/** How a call ended, as a call log would show it. */
export const JMI_OUTCOMES = [
  'rejected', // caller: the callee rejected
  'cancelled', // caller retracted; or callee: retracted after we had proceeded
  'timeout', // caller: nobody answered in time
  'missed', // callee: retracted while ringing, stale, untrusted caller, or rang out
  'declined', // callee: our user declined
  'answered-elsewhere', // callee: another of our devices accepted
  'declined-elsewhere', // callee: another of our devices rejected
  'finished', // either: the call took place and ended
  'tie-break', // §4.1: this propose lost to a simultaneous one
  'migrated', // §4.2: replaced by a new propose from the same peer
] as const;
export type JmiOutcome = (typeof JMI_OUTCOMES)[number];

export interface JmiEnd {
  outcome: JmiOutcome;
  reason?: Reason;
}

export interface JmiState {
  role: JmiRole;
  phase: JmiPhase;
  /** The propose id, which is also the Jingle sid (§3.1). */
  id: string;
  /** Our own full JID. */
  own: string;
  /** The other party: the callee's bare JID for a caller, the caller's full JID for a callee. */
  peer: string;
  /** The other party's device in the Jingle session, once known (a caller learns it from proceed). */
  peerFull?: string;
  media: readonly JmiMedia[];
  /** Caller: the devices that reported `<ringing/>`, in arrival order. */
  ringing: readonly string[];
  /** When the unanswered call stops ringing (ms); the adapter ticks at or after it. */
  deadline?: number;
  end?: JmiEnd;
}

/** Local inputs are named after the user action; received messages carry the parsed JmiMessage. */
export type JmiInput =
  | { type: 'message'; message: JmiMessage; now: number }
  | { type: 'accept-call'; now: number }
  | { type: 'decline-call'; now: number; reason?: Reason }
  /** `reason`: why, when the call failed on our side (default: the spec's plain retract). */
  | { type: 'cancel-call'; now: number; reason?: Reason }
  /** The user hung up or the Jingle session terminated: send `<finish/>`. */
  | { type: 'end-call'; now: number; reason?: Reason }
  | { type: 'tick'; now: number };

export type JmiInputKey = JmiKind | Exclude<JmiInput['type'], 'message'>;

export const inputKey = (input: JmiInput): JmiInputKey =>
  input.type === 'message' ? input.message.kind : input.type;

export type JmiEffect =
  | { type: 'send'; to: string; payload: JmiPayload }
  /** Caller: send session-initiate with this sid to this full JID, with exactly these media. */
  | { type: 'initiate-session'; sid: string; to: string; media: readonly JmiMedia[] }
  /** Callee: accept a session-initiate with this sid only from this full JID, with these media. */
  | { type: 'expect-session'; sid: string; from: string; media: readonly JmiMedia[] }
  /** The Jingle session for this sid must end (peer finished or the call migrated). */
  | { type: 'terminate-session'; sid: string; reason: Reason }
  /** Callee: alert the user. */
  | { type: 'ring'; id: string; from: string; media: readonly JmiMedia[] }
  | { type: 'set-timer'; id: string; at: number }
  | { type: 'ended'; id: string; outcome: JmiOutcome; reason?: Reason };

export interface JmiStep {
  state: JmiState;
  effects: JmiEffect[];
}

/**
 * Which inputs each (role, phase) handles; every other pair leaves the state as it is and sends nothing
 * (XEP-0353 defines no error replies for JMI messages). A handled input may still be ignored when its
 * sender or addressee does not fit; the handlers say why.
 */
export const JMI_ACCEPTS = {
  caller: {
    proposed: ['propose', 'ringing', 'proceed', 'reject', 'cancel-call', 'tick'],
    ringing: ['propose', 'ringing', 'proceed', 'reject', 'cancel-call', 'tick'],
    proceeding: ['propose', 'proceed', 'finish', 'end-call'],
    ended: ['proceed'],
  },
  callee: {
    proposed: [],
    ringing: ['accept-call', 'decline-call', 'retract', 'finish', 'proceed', 'reject', 'accept', 'tick'],
    proceeding: ['propose', 'retract', 'finish', 'end-call'],
    ended: [],
  },
} as const satisfies Record<JmiRole, Record<JmiPhase, readonly JmiInputKey[]>>;

export function accepts(role: JmiRole, phase: JmiPhase, key: JmiInputKey): boolean {
  return (JMI_ACCEPTS[role][phase] as readonly JmiInputKey[]).includes(key);
}

/** The texts of the XEP-0353 examples, so our messages read like the spec's. */
export const JMI_REASONS = {
  retract: { condition: 'cancel', text: 'Retracted' },
  noAnswer: { condition: 'cancel', text: 'No answer' },
  answeredElsewhere: { condition: 'cancel', text: 'Answered on another device' },
  busy: { condition: 'busy', text: 'Busy' },
  decline: { condition: 'decline', text: 'Declined' },
  success: { condition: 'success', text: 'Success' },
  tieBreak: { condition: 'expired', text: 'Tie-Break' },
  migrated: { condition: 'expired', text: 'Session migrated' },
} as const satisfies Record<string, Reason>;
