// One call (the Call of call-api.ts): its RTCPeerConnection, its serial queue, its events, and its state
// derived from the protocol facts (call-state.ts). The engines live in the manager (call-manager.ts); a
// Call asks it for intents through CallHost and receives the engines' effects below the line.
import type { Element } from 'ltx';
import { Role } from '../jingle/constants.js';
import type { JmiMedia } from '../jingle/jmi/index.js';
import type { SessionEvent } from '../jingle/session/index.js';
import type { Call } from './call-api.js';
import { MediaControls } from './call-media-controls.js';
import { CallPeer } from './call-peer.js';
import {
  deriveCallState,
  type CallDirection,
  type CallFacts,
  type CallState,
  type PcState,
} from './call-state.js';
import type { CallEnd, CallEvents, ChatState, MediaKind } from './call-types.js';
import type { CallHost } from './call-host.js';
import { TypedEmitter } from './emitter.js';
import { InvalidStateError } from './errors.js';
import type { CallStats } from './stats.js';

export type { Call };

export class CallImpl implements Call {
  readonly id: string;
  readonly peer: string;
  readonly direction: CallDirection;
  readonly media: readonly JmiMedia[];
  readonly usesJmi: boolean;
  readonly role: Role;
  /** Full JID of the peer's device in the Jingle session, once known. */
  peerFull: string | undefined;
  readonly startedAt: number;
  readonly events: TypedEmitter<CallEvents>;
  readonly rtc: CallPeer;
  #facts: Omit<CallFacts, 'direction' | 'jmi' | 'session' | 'pc' | 'ended'> = {
    peerRinging: false,
    localAccepted: false,
  };
  #end: CallEnd | undefined;
  #last: CallState | undefined;
  readonly #host: CallHost;
  readonly #controls: MediaControls;

  constructor(
    host: CallHost,
    init: {
      id: string;
      peer: string;
      peerFull?: string;
      direction: CallDirection;
      media: readonly JmiMedia[];
      usesJmi: boolean;
      startedAt: number;
    },
  ) {
    this.#host = host;
    this.id = init.id;
    this.peer = init.peer;
    this.peerFull = init.peerFull;
    this.direction = init.direction;
    this.media = init.media;
    this.usesJmi = init.usesJmi;
    this.startedAt = init.startedAt;
    this.role = init.direction === 'outgoing' ? Role.initiator : Role.responder;
    this.events = new TypedEmitter<CallEvents>((error, event) => {
      if (event !== 'error')
        this.events.emit('error', error instanceof Error ? error : new Error(String(error)));
    });
    this.rtc = new CallPeer(host, this);
    this.#controls = new MediaControls(host, this);
  }

  get state(): CallState {
    return deriveCallState({
      ...this.#facts,
      direction: this.direction,
      jmi: this.#host.jmiPhase(this),
      session: this.#host.sessionState(this),
      pc: this.rtc.pcState,
      ended: this.#end !== undefined,
    });
  }

  get end(): CallEnd | undefined {
    return this.#end;
  }
  get localStream(): MediaStream | undefined {
    return this.rtc.localStream;
  }
  get remoteStreams(): readonly MediaStream[] {
    return this.rtc.remoteStreams;
  }

  on<K extends keyof CallEvents>(event: K, listener: (...args: CallEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }
  off<K extends keyof CallEvents>(event: K, listener: (...args: CallEvents[K]) => void): void {
    this.events.off(event, listener);
  }

  async accept(): Promise<void> {
    if (this.direction !== 'incoming' || this.state !== 'incoming')
      throw new InvalidStateError(`accept() needs an incoming call that rings (state: ${this.state})`);
    this.#facts.localAccepted = true;
    this.refresh();
    const acquired = this.rtc.acquire(this.media);
    // JMI (XEP-0353 §3.2): proceed at once, so the caller's session-initiate crosses the server
    // while getUserMedia runs; the offer is applied on the queue behind the tracks. Camera and mic
    // refused after the proceed end the call with media-error like any later failure.
    if (this.usesJmi) this.#host.jmi(this, { type: 'accept-call' });
    await acquired;
    if (this.#end !== undefined || this.usesJmi) return;
    await this.rtc.answer();
  }

  decline(): void {
    if (this.direction !== 'incoming' || this.state !== 'incoming')
      throw new InvalidStateError(`decline() needs an incoming call that rings (state: ${this.state})`);
    this.hangup();
  }

  hangup(): void {
    if (this.#end !== undefined) return;
    this.#host.hangup(this);
  }

  setMuted(kind: MediaKind, muted: boolean): void {
    this.#controls.setMuted(kind, muted);
  }

  setCamera(on: boolean): Promise<void> {
    return this.#controls.setCamera(on);
  }

  sendChat(text: string): void {
    if (typeof text !== 'string') throw new TypeError('sendChat(): text must be a string');
    this.rtc.sendChat(text);
  }

  get chatState(): ChatState {
    return this.rtc.chatState;
  }

  stats(): Promise<CallStats> {
    return this.rtc.stats();
  }

  restartIce(): void {
    if (!this.rtc.canRestart)
      throw new InvalidStateError('restartIce(): no active session, or a restart runs');
    void this.rtc.restartIce();
  }

  // ---- driven by the manager and the peer connection -------------------------------------------

  /** Emits `state` when the derived state differs from the last one emitted. */
  refresh(): void {
    const now = this.state;
    if (now === this.#last) return;
    this.#last = now;
    this.events.emit('state', now);
    // One 'ringing' for both ways a callee's device says so: JMI <ringing/> and session-info.
    if (now === 'ringing') this.events.emit('ringing');
    if (now === 'connected') this.rtc.startStats();
    else this.rtc.stopStats();
  }

  /** Session events of our sid (from the engine). */
  onSessionEvent(e: SessionEvent): void {
    if (e.type === 'info' && e.info.kind === 'ringing') {
      this.#facts.peerRinging = true;
    } else if (e.type === 'info' && (e.info.kind === 'mute' || e.info.kind === 'unmute')) {
      const media = e.info.name === undefined ? undefined : this.#host.remoteMedia(this, e.info.name);
      this.events.emit('remote-mute', { kind: media, muted: e.info.kind === 'mute' });
    } else if (e.type === 'content-add') this.events.emit('content-added', { names: e.names });
    else if (e.type === 'ice-restart') this.rtc.restarted(e.by);
    this.refresh();
  }

  /** Ends once: closes the peer connection, stops local tracks and the stats poller. */
  finish(end: CallEnd): void {
    if (this.#end !== undefined) return;
    this.#end = end;
    this.rtc.close();
    this.refresh();
    this.events.emit('ended', end);
  }

  /** Remote jingle payloads, queued behind everything already touching the peer connection. */
  remote(kind: 'offer' | 'answer' | 'candidates', jingle: Element): void {
    this.rtc.remote(kind, jingle);
  }
}

export type { PcState };
