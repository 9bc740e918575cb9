// The call layer's public shapes: options, the injected environment, events and history entries.
import type { Element } from 'ltx';
import type { Reason } from '../../jingle/reason.js';
import type { JmiMedia, JmiOutcome, KnownResource } from '../../jingle/jmi/index.js';
import type { StanzaErrorInfo } from '../../jingle/session/index.js';
import type { Clock } from '../clock.js';
import type { CallDirection, CallState } from './state.js';
import type { CallStats } from './stats.js';

export interface CallOptions {
  audio?: boolean;
  video?: boolean;
}

/**
 * Who may ring us: docs/reference/deployed-clients.md §5.10, strangers are declined quietly and logged
 * as missed.
 */
export const ACCEPT_CALLS_FROM = ['contacts', 'anyone'] as const;
export type AcceptCallsFrom = (typeof ACCEPT_CALLS_FROM)[number];

export type IqOutcome = { kind: 'result' } | { kind: 'error'; error: StanzaErrorInfo } | { kind: 'timeout' };

export type PeerConnectionFactory = (config: RTCConfiguration) => RTCPeerConnection;
export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/** Everything the call layer needs from the outside; the client core provides it (wire.ts). */
export interface CallEnvironment {
  /** Our full JID (undefined while offline). */
  own(): string | undefined;
  /** Sends an IQ-set carrying `jingle`; resolves with how the peer answered. */
  sendIq(to: string, jingle: Element): Promise<IqOutcome>;
  sendMessage(stanza: Element): void;
  /** Available resources of a contact with their features, best first. */
  resources(bare: string): KnownResource[];
  /** RFC 6121: the contact has a presence subscription to us (`from` or `both`). */
  isContact(bare: string): boolean;
  iceServers(): RTCIceServer[];
  clock: Clock;
  newId(): string;
  peerConnection?: PeerConnectionFactory;
  getUserMedia?: GetUserMedia;
}

export interface CallManagerOptions {
  acceptCallsFrom?: AcceptCallsFrom;
  /**
   * Callers from these domains (and their subdomains) ring even when they are not contacts:
   * typically our own server's bridge component, whose guests can only call the owner of a signed
   * call link (in a cluster, from the instance's subdomain).
   */
  trustedDomains?: readonly string[];
  ringTimeoutMs?: number;
  /** Poll getStats this often while connected (ms). */
  statsIntervalMs?: number;
  /**
   * Local candidates gathered after our offer/answer went out share one transport-info per this
   * window (ms; 0 sends one each). Default 20 (docs/benchmarks.md, "Call setup").
   */
  candidateBatchMs?: number;
  /**
   * ICE restart (XEP-0176 §5.9) after `connectionState` stayed `disconnected` this long (ms), the way
   * deployed clients recover from a network change before the browser declares `failed`. Default
   * 3000; 0 restarts only on `failed`.
   */
  iceRestartAfterMs?: number;
  /**
   * A call that comes in while another one is live is declined as busy at once (XEP-0166 §7.4,
   * XEP-0353 reject with <busy/>) without ringing. Default true; false emits `incoming-call` for it
   * too (call waiting), and the app answers with `decline('busy')` or ends the first and accepts.
   */
  busyWhileInCall?: boolean;
}

/** `ClientOptions.calls`: the manager's options and injected WebRTC (tests). */
export interface CallLayerOptions extends CallManagerOptions {
  peerConnection?: PeerConnectionFactory;
  getUserMedia?: GetUserMedia;
}

export type MediaKind = 'audio' | 'video';

/**
 * The in-call chat (an XEP-0343 data channel): `pending` until it opens (or, for an incoming call,
 * until the offer shows whether it has one), `unavailable` when the call has none because the other
 * party's app does not take data channels, `closed` after it closed.
 */
export const CHAT_STATES = ['pending', 'open', 'unavailable', 'closed'] as const;
export type ChatState = (typeof CHAT_STATES)[number];

export interface CallEnd {
  reason: Reason;
  /** Who ended it: us, the peer, another of our devices, or a failure. */
  by: 'local' | 'peer' | 'other-device' | 'error';
  /** The JMI outcome, when the call was set up with XEP-0353. */
  outcome?: JmiOutcome;
}

export type CallEvents = {
  state: [CallState];
  'remote-track': [MediaStreamTrack, readonly MediaStream[]];
  /** Outgoing calls: the callee's devices started ringing (JMI <ringing/> or session-info); once. */
  ringing: [];
  /** Our own mute state changed. */
  muted: [{ kind: MediaKind; muted: boolean }];
  /** The peer's session-info mute/unmute; `kind` undefined when it named no content (all). */
  'remote-mute': [{ kind: MediaKind | undefined; muted: boolean }];
  chat: [{ text: string; from: 'local' | 'remote' }];
  'chat-state': [ChatState];
  stats: [CallStats];
  /** The peer added a content (e.g. video); it is accepted automatically. */
  'content-added': [{ names: readonly string[] }];
  /** An ICE restart started (XEP-0176 §5.9), by us or by the peer: media may pause ("Reconnecting…"). */
  'ice-restart': [{ by: 'local' | 'remote' }];
  ended: [CallEnd];
  error: [Error];
};

export const HISTORY_OUTCOMES = [
  'answered',
  'missed',
  'declined',
  'busy',
  'cancelled',
  'rejected',
  'no-answer',
  'answered-elsewhere',
  'declined-elsewhere',
  'failed',
] as const;
export type HistoryOutcome = (typeof HISTORY_OUTCOMES)[number];

export interface CallHistoryEntry {
  id: string;
  /** Bare JID of the other party. */
  peer: string;
  direction: CallDirection;
  media: readonly JmiMedia[];
  outcome: HistoryOutcome;
  startedAt: number;
  endedAt: number;
  reason?: Reason;
}
