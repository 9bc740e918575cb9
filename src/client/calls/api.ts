// The public face of a call (what `client.call()` returns and `incoming-call` hands out); CallImpl in
// call.ts implements it. docs/calls.md documents it.
import type { JmiMedia } from '../../jingle/jmi/index.js';
import type { CallDirection, CallState } from './state.js';
import type { CallEnd, CallEvents, CallHistoryEntry, ChatState, MediaKind } from './types.js';
import type { CallStats } from './stats.js';

export interface Call {
  readonly id: string;
  /** Bare JID of the other party. */
  readonly peer: string;
  readonly direction: CallDirection;
  readonly media: readonly JmiMedia[];
  readonly state: CallState;
  readonly end: CallEnd | undefined;
  readonly localStream: MediaStream | undefined;
  readonly remoteStreams: readonly MediaStream[];
  on<K extends keyof CallEvents>(event: K, listener: (...args: CallEvents[K]) => void): () => void;
  off<K extends keyof CallEvents>(event: K, listener: (...args: CallEvents[K]) => void): void;
  /** Incoming: answer with our microphone (and camera when the call proposes video). */
  accept(): Promise<void>;
  /**
   * Incoming, before accepting: decline (JMI reject or session-terminate decline); `'busy'` says we
   * are in another call (<busy/>), for call waiting (`busyWhileInCall: false`).
   */
  decline(reason?: 'decline' | 'busy'): void;
  /** Any time: cancel (outgoing, unanswered), decline (incoming, unanswered) or hang up. */
  hangup(): void;
  setMuted(kind: MediaKind, muted: boolean): void;
  /** Camera on/off; turning it on in an audio-only call adds a video content (content-add). */
  setCamera(on: boolean): Promise<void>;
  /**
   * Sends `track` (another camera or microphone, or a screen from getDisplayMedia) in place of the
   * local track of its kind, without renegotiation (RTCRtpSender.replaceTrack); the old track is
   * stopped. InvalidStateError once ended or when the call sends no track of that kind.
   */
  replaceTrack(track: MediaStreamTrack): Promise<void>;
  /** Whether this call has an in-call chat and whether it is open; `chat-state` events report changes. */
  readonly chatState: ChatState;
  /** InvalidStateError unless `chatState` is `open`. */
  sendChat(text: string): void;
  stats(): Promise<CallStats>;
  /**
   * ICE restart (XEP-0176 §5.9) now, e.g. after the app saw a network change. The client also
   * restarts by itself (docs/calls.md). InvalidStateError unless the session is active and no restart
   * of either side is under way.
   */
  restartIce(): void;
}

/** `client.calls`: the running calls and the call log. */
export interface Calls {
  readonly active: readonly Call[];
  readonly history: readonly CallHistoryEntry[];
}
