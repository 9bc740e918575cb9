// A call's user-facing state is DERIVED from the protocol facts on every change, never stored: the JMI
// phase (XEP-0353), the Jingle session state (XEP-0166 §5.1) and RTCPeerConnection.connectionState.
import type { JmiPhase } from '../../jingle/jmi/index.js';
import type { SessionState } from '../../jingle/session/index.js';

export const CALL_STATES = [
  'proposing', // outgoing: propose or session-initiate sent, no device rings yet
  'ringing', // outgoing: a device of the callee rings (JMI <ringing/> or session-info <ringing/>)
  'incoming', // incoming: our user is being asked
  'connecting', // answered; ICE/DTLS not up yet
  'connected',
  'reconnecting', // connectionState disconnected/failed after the call was answered
  'ended',
] as const;
export type CallState = (typeof CALL_STATES)[number];

export const CALL_DIRECTIONS = ['outgoing', 'incoming'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** Mirrors RTCPeerConnectionState without needing DOM types in Node tests. */
export const PC_STATES = ['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed'] as const;
export type PcState = (typeof PC_STATES)[number];

export interface CallFacts {
  direction: CallDirection;
  /** Undefined for a call without JMI (direct session-initiate). */
  jmi: JmiPhase | undefined;
  /** Undefined until the Jingle session exists. */
  session: SessionState | undefined;
  /** The peer sent session-info <ringing/> (XEP-0167 §7.2). */
  peerRinging: boolean;
  /** Incoming: our user accepted (the answer may still be in the making). */
  localAccepted: boolean;
  pc: PcState;
  /** The call is over for good (terminated, rejected, retracted, answered elsewhere...). */
  ended: boolean;
}

export function deriveCallState(f: CallFacts): CallState {
  if (f.ended || f.session === 'ended' || f.pc === 'closed') return 'ended';
  if (f.pc === 'connected') return 'connected';
  const answered =
    f.direction === 'incoming' ? f.localAccepted : f.jmi === 'proceeding' || f.session === 'active';
  if (answered && (f.pc === 'disconnected' || f.pc === 'failed')) return 'reconnecting';
  if (answered) return 'connecting';
  if (f.direction === 'incoming') return 'incoming';
  return f.jmi === 'ringing' || f.peerRinging ? 'ringing' : 'proposing';
}
