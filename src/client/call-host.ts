// What a Call needs from its manager: the engines (intents, JMI inputs, state lookups) and the
// injected environment. Kept as an interface so call.ts and call-peer.ts do not import the manager.
import type { Role } from '../jingle/constants.js';
import type { Reason } from '../jingle/reason.js';
import type { JmiPhase } from '../jingle/jmi/index.js';
import type { Intent, SessionState } from '../jingle/session/index.js';
import type { CallImpl } from './call.js';
import type { GetUserMedia, MediaKind, PeerConnectionFactory } from './call-types.js';
import type { Clock } from './clock.js';

export type CallJmiInput =
  { type: 'accept-call' } | { type: 'decline-call' | 'end-call' | 'cancel-call'; reason?: Reason };

export interface CallHost {
  readonly clock: Clock;
  readonly statsIntervalMs: number;
  /** calls.iceRestartAfterMs (0: no restart on `disconnected`). */
  readonly iceRestartAfterMs: number;
  readonly peerConnection: PeerConnectionFactory;
  readonly getUserMedia: GetUserMedia;
  iceServers(): RTCIceServer[];
  /** Steps the call's Jingle session; an intent the session no longer allows is dropped. */
  intent(call: CallImpl, intent: Intent): void;
  jmi(call: CallImpl, input: CallJmiInput): void;
  hangup(call: CallImpl): void;
  /** Ends the call because something local failed (media, SDP, ICE). */
  fail(call: CallImpl, reason: Reason): void;
  jmiPhase(call: CallImpl): JmiPhase | undefined;
  sessionState(call: CallImpl): SessionState | undefined;
  /** Our XMPP stream is up (stanzas sent now reach the server); ICE restarts wait for it. */
  signalingUp?(): boolean;
  /** Who started the ICE restart the session is in (waiting for or sending its answer), if any. */
  restarting(call: CallImpl): 'local' | 'remote' | undefined;
  /** Names of the session's contents with this status. */
  contentNames(call: CallImpl, status?: 'active' | 'adding-local' | 'adding-remote'): string[];
  creatorOf(call: CallImpl, name: string): Role | undefined;
  /** The `media` of the peer's description of this content. */
  remoteMedia(call: CallImpl, name: string): MediaKind | undefined;
}
