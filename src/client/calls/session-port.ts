// What one call may ask of its Jingle session and JMI call, bound to that call by the manager
// (manager.ts): intents in, state lookups out. The call and each of its parts get only the slice of
// this they use, so none of them knows the manager or the other calls.
import type { Role } from '../../jingle/constants.js';
import type { JmiPhase } from '../../jingle/jmi/index.js';
import type { Reason } from '../../jingle/reason.js';
import type { Intent, SessionState } from '../../jingle/session/index.js';
import type { MediaKind } from './types.js';

export type CallJmiInput =
  { type: 'accept-call' } | { type: 'decline-call' | 'end-call' | 'cancel-call'; reason?: Reason };

export type ContentStatus = 'active' | 'adding-local' | 'adding-remote';

export interface SessionPort {
  /** Steps the call's Jingle session; an intent the session no longer allows is dropped. */
  intent(intent: Intent): void;
  jmi(input: CallJmiInput): void;
  hangup(): void;
  /** Declines a ringing incoming call as busy (XEP-0166 §7.4 <busy/>, XEP-0353 reject). */
  declineBusy(): void;
  /** Ends the call because something local failed (media, SDP, ICE). */
  fail(reason: Reason): void;
  jmiPhase(): JmiPhase | undefined;
  sessionState(): SessionState | undefined;
  /** Who started the ICE restart the session is in (waiting for or sending its answer), if any. */
  restarting(): 'local' | 'remote' | undefined;
  /** Names of the session's contents with this status (all of them without one). */
  contentNames(status?: ContentStatus): string[];
  creatorOf(name: string): Role | undefined;
  /** The `media` of the peer's description of this content. */
  remoteMedia(name: string): MediaKind | undefined;
}
