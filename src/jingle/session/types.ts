// Data shapes of the session engine: the session value, the inputs step() takes, the effects it returns.
import type { Element } from 'ltx';
import type { JingleAction, Role, Senders } from '../constants.js';
import type { Reason } from '../reason.js';
import type { JingleErrorName, StanzaErrorInfo } from './errors.js';
import type { SessionInfo } from './info.js';
import type { SessionState } from './state.js';
import type { TerminateCause } from './reasons.js';

export interface SessionOptions {
  /** Outgoing candidates within this window share one transport-info; 0 sends one per IQ. */
  candidateBatchMs?: number;
  /** The peer handles ICE restart (disco/caps); otherwise a restart request terminates cleanly. */
  peerSupportsRestart?: boolean;
  /** XEP-0166 §6.7: after `unavailable`, end the call if nothing was heard for this long. */
  peerGoneMs?: number;
  /** Terminate with `timeout` if pending longer than this; undefined waits forever. */
  acceptTimeoutMs?: number;
  /** Application namespaces we can negotiate (description xmlns). */
  applications?: readonly string[];
  /** Transport namespaces we can negotiate (transport xmlns). */
  transports?: readonly string[];
}

export interface CreateSessionArgs extends SessionOptions {
  sid: string;
  role: Role;
  /** Our own full JID. */
  self: string;
  /** The peer's full JID; IQs from anyone else are unknown-session (anti-hijack). */
  peer: string;
}

/** What one side said about a content: its `<description>` and `<transport>` as received/sent. */
export interface ContentSide {
  description?: Element;
  transport?: Element;
}

export type ContentStatus = 'active' | 'adding-local' | 'adding-remote';

export interface ContentState {
  creator: Role;
  name: string;
  senders: Senders;
  disposition: string;
  status: ContentStatus;
  local: ContentSide;
  remote: ContentSide;
}

export type TimerName = 'candidates' | 'peer-gone' | 'accept-timeout';

export interface Outstanding {
  ref: string;
  action: JingleAction;
  names: readonly string[];
  restart?: boolean;
}

export interface Session {
  readonly sid: string;
  readonly role: Role;
  readonly self: string;
  readonly peer: string;
  readonly state: SessionState;
  readonly options: Required<Omit<SessionOptions, 'acceptTimeoutMs'>> & { acceptTimeoutMs?: number };
  readonly contents: readonly ContentState[];
  readonly remoteGroup?: Element;
  readonly localGroup?: Element;
  /** Whether the adapter has the peer's description (responder: at initiate; initiator: at accept). */
  readonly remoteApplied: boolean;
  readonly localAccepted: boolean;
  readonly bufferedRemote: readonly Element[];
  readonly seenCandidates: readonly string[];
  readonly localQueue: readonly { content: string; candidate: Element }[];
  /** Contents of the peer's content-adds we refused in a §7.2.16 glare (its trickle for them is acked). */
  readonly refusedAdds: readonly string[];
  readonly answered: readonly { id: string; reply: Effect }[];
  readonly outstanding: readonly Outstanding[];
  readonly nextRef: number;
  readonly timers: Readonly<Partial<Record<TimerName, number>>>;
  readonly lastHeard: number;
  readonly peerUnavailable: boolean;
  /**
   * An ICE restart awaiting its answer; `names` are the contents it covers. `rollback` holds our
   * transports from before our own offer, restored if we yield in a §7.2.16 glare.
   */
  readonly restart?: {
    by: 'local' | 'remote';
    ref?: string;
    names?: readonly string[];
    rollback?: readonly { name: string; transport: Element }[];
  };
  readonly localGeneration: number;
  /** XEP-0320 setup from the first offer/answer each side sent; restarts never flip it. */
  readonly localSetup?: string;
  readonly remoteSetup?: string;
  readonly reason?: Reason;
}

/** Local intents: what the application asks for. Illegal ones throw InvalidStateError. */
export type Intent =
  | { kind: 'initiate'; contents: readonly Element[]; group?: Element }
  | { kind: 'accept'; contents: readonly Element[]; group?: Element }
  | { kind: 'terminate'; cause?: TerminateCause; reason?: Reason }
  | { kind: 'info'; info: SessionInfo }
  | { kind: 'candidate'; content: string; candidate: Element }
  | { kind: 'content-add'; contents: readonly Element[]; group?: Element }
  | { kind: 'content-accept'; contents: readonly Element[]; group?: Element }
  | { kind: 'content-reject'; names: readonly string[]; reason?: Reason }
  | { kind: 'content-remove'; names: readonly string[]; reason?: Reason }
  | { kind: 'content-modify'; name: string; senders: Senders }
  | { kind: 'ice-restart'; contents: readonly Element[] }
  | { kind: 'ice-restart-answer'; contents: readonly Element[] };

export interface IqInput {
  kind: 'iq';
  id: string;
  from: string;
  jingle: Element;
  now: number;
}

export type Input =
  | IqInput
  | { kind: 'local'; intent: Intent; now: number }
  | { kind: 'iq-result'; ref: string; now: number }
  | { kind: 'iq-error'; ref: string; error: StanzaErrorInfo; now: number }
  | { kind: 'iq-timeout'; ref: string; now: number }
  | { kind: 'tick'; now: number }
  | { kind: 'peer-unavailable'; now: number }
  | { kind: 'peer-available'; now: number };

export type SessionEvent =
  | { type: 'state'; state: SessionState }
  | { type: 'incoming'; initiator: string }
  | { type: 'terminated'; reason: Reason; by: 'local' | 'peer' | 'error' }
  | { type: 'info'; info: SessionInfo; from: Role }
  | { type: 'content-add'; names: readonly string[] }
  | { type: 'content-accepted'; names: readonly string[] }
  | { type: 'content-rejected'; names: readonly string[]; reason?: Reason }
  | { type: 'content-removed'; names: readonly string[]; reason?: Reason }
  | { type: 'senders'; name: string; senders: Senders }
  | { type: 'ice-restart'; by: 'local' | 'remote' }
  | { type: 'transport-replace'; names: readonly string[] }
  | { type: 'description-info'; jingle: Element }
  | { type: 'iq-failed'; action: JingleAction; error: StanzaErrorInfo | 'timeout' };

export type Effect =
  | { kind: 'send'; to: string; jingle: Element; ref: string }
  | { kind: 'result'; to: string; iqId: string }
  | { kind: 'error'; to: string; iqId: string; error: JingleErrorName }
  | { kind: 'remote-description'; type: 'offer' | 'answer'; jingle: Element }
  | { kind: 'remote-candidates'; jingle: Element }
  /**
   * Events and timers name their session by (peer full JID, sid), XEP-0166 §7.2: a sid alone may be
   * named by anyone, so adapters must never route on it alone.
   */
  | { kind: 'event'; sid: string; peer: string; event: SessionEvent }
  | { kind: 'schedule'; sid: string; peer: string; timer: TimerName; at: number };

export interface StepResult {
  session: Session;
  effects: Effect[];
}
