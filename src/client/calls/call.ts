// One call (the Call of api.ts): its RTCPeerConnection and serial queue, its events, and its state
// derived from the protocol facts (state.ts). It owns its parts, each given a narrow port: the
// offer/answer and ICE restarts (negotiation.ts), automatic ICE recovery (ice-recovery.ts), the chat
// channel (chat.ts), the local candidates held until our description goes out (candidates.ts), and
// mute/camera (media-controls.ts). Its Jingle session and JMI call are the manager's (manager.ts),
// reached through a SessionPort bound to this call; the manager hands it the engines' effects below.
import type { Element } from 'ltx';
import { Role } from '../../jingle/constants.js';
import type { JmiMedia } from '../../jingle/jmi/index.js';
import type { SessionEvent } from '../../jingle/session/index.js';
import type { Clock } from '../clock.js';
import { errorReportingEmitter, type TypedEmitter } from '../../jingle/emitter.js';
import { InvalidStateError } from '../errors.js';
import type { Call } from './api.js';
import { LocalCandidates } from './candidates.js';
import { ChatChannel } from './chat.js';
import { CallFailure, message } from './failure.js';
import { watchGathering } from './gathering.js';
import { IceRecovery } from './ice-recovery.js';
import { acquireMedia, stopLocalTracks } from './media.js';
import { MediaControls } from './media-controls.js';
import { Negotiation } from './negotiation.js';
import { SerialQueue } from './queue.js';
import type { SessionPort } from './session-port.js';
import {
  deriveCallState,
  type CallDirection,
  type CallFacts,
  type CallState,
  type PcState,
} from './state.js';
import { summarizeStats, type CallStats, type StatsEntry, type StatsSample } from './stats.js';
import type {
  CallEnd,
  CallEvents,
  ChatState,
  GetUserMedia,
  MediaKind,
  PeerConnectionFactory,
} from './types.js';

export type { Call };

/** The manager's settings every call uses. */
export interface CallSettings {
  readonly clock: Clock;
  readonly statsIntervalMs: number;
  /** calls.iceRestartAfterMs (0: no restart on `disconnected`). */
  readonly iceRestartAfterMs: number;
  readonly peerConnection: PeerConnectionFactory;
  readonly getUserMedia: GetUserMedia;
  iceServers(): RTCIceServer[];
  /** Our XMPP stream is up (stanzas sent now reach the server); ICE restarts wait for it. */
  signalingUp(callId: string): boolean;
}

export interface CallInit {
  id: string;
  peer: string;
  peerFull?: string;
  direction: CallDirection;
  media: readonly JmiMedia[];
  usesJmi: boolean;
  startedAt: number;
}

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
  readonly pc: RTCPeerConnection;
  localStream: MediaStream | undefined;
  readonly remoteStreams: MediaStream[] = [];
  #facts: Omit<CallFacts, 'direction' | 'jmi' | 'session' | 'pc' | 'ended'> = {
    peerRinging: false,
    localAccepted: false,
  };
  #end: CallEnd | undefined;
  #last: CallState | undefined;
  #closed = false;
  #statsTimer: unknown;
  #sample: StatsSample | undefined;
  readonly #session: SessionPort;
  readonly #settings: CallSettings;
  readonly #queue: SerialQueue;
  readonly #negotiation: Negotiation;
  readonly #candidates: LocalCandidates;
  readonly #chat: ChatChannel;
  readonly #recovery: IceRecovery;
  readonly #controls: MediaControls;

  constructor(init: CallInit, session: SessionPort, settings: CallSettings) {
    this.id = init.id;
    this.peer = init.peer;
    this.peerFull = init.peerFull;
    this.direction = init.direction;
    this.media = init.media;
    this.usesJmi = init.usesJmi;
    this.startedAt = init.startedAt;
    this.role = init.direction === 'outgoing' ? Role.initiator : Role.responder;
    this.#session = session;
    this.#settings = settings;
    this.events = errorReportingEmitter<CallEvents>();
    this.#queue = new SerialQueue((error) => this.#failed(error));
    const pc = (this.pc = settings.peerConnection({
      iceServers: settings.iceServers(),
      // Peers without BUNDLE (Dino) exist: balanced still offers one transport per media type.
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
    }));
    this.#candidates = new LocalCandidates(this.role);
    this.#chat = new ChatChannel({
      received: (text, from) => this.events.emit('chat', { text, from }),
      stateChanged: (state) => this.events.emit('chat-state', state),
    });
    this.#negotiation = new Negotiation({
      pc,
      queue: this.#queue,
      role: this.role,
      session,
      getUserMedia: settings.getUserMedia,
      describeCandidates: (contents) => this.#candidates.describe(contents),
      localStream: () => this.localStream,
      offered: (sdp) => this.#chat.offered(sdp),
    });
    this.#recovery = new IceRecovery({
      clock: settings.clock,
      afterMs: settings.iceRestartAfterMs,
      canRestart: () => !this.#closed && this.#negotiation.canRestart,
      restartRunning: () => this.#negotiation.restartRunning,
      connectionState: () => pc.connectionState,
      restart: () => void this.#negotiation.restartIce(),
      fail: (reason) => session.fail(reason),
      signalingUp: () => settings.signalingUp(this.id),
    });
    this.#controls = new MediaControls({
      pc,
      role: this.role,
      session,
      ended: () => this.#end !== undefined,
      state: () => this.state,
      addVideo: () => this.#negotiation.addVideo(),
      muted: (kind, muted) => this.events.emit('muted', { kind, muted }),
      localStream: () => this.localStream,
    });
    pc.addEventListener('icecandidate', (e) => {
      const c = (e as RTCPeerConnectionIceEvent).candidate;
      if (c !== null) this.#queue.push(() => this.#localCandidate(c.toJSON()));
    });
    watchGathering(pc, this.direction, (failure) => this.#failed(failure));
    pc.addEventListener('track', (e) => {
      const { track, streams } = e as RTCTrackEvent;
      for (const s of streams) if (!this.remoteStreams.includes(s)) this.remoteStreams.push(s);
      this.events.emit('remote-track', track, streams);
    });
    pc.addEventListener('datachannel', (e) => this.#chat.listen((e as RTCDataChannelEvent).channel));
    pc.addEventListener('connectionstatechange', () => {
      this.refresh();
      if (!this.#closed) this.#recovery.changed(pc.connectionState);
    });
  }

  get state(): CallState {
    return deriveCallState({
      ...this.#facts,
      direction: this.direction,
      jmi: this.#session.jmiPhase(),
      session: this.#session.sessionState(),
      pc: this.#closed ? 'closed' : (this.pc.connectionState as PcState),
      ended: this.#end !== undefined,
    });
  }

  get end(): CallEnd | undefined {
    return this.#end;
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
    const acquired = this.acquire(this.media);
    // JMI (XEP-0353 §3.2): proceed at once, so the caller's session-initiate crosses the server
    // while getUserMedia runs; the offer is applied on the queue behind the tracks. Camera and mic
    // refused after the proceed end the call with media-error like any later failure.
    if (this.usesJmi) this.#session.jmi({ type: 'accept-call' });
    await acquired;
    if (this.#end !== undefined || this.usesJmi) return;
    await this.#negotiation.answer();
  }

  decline(reason: 'decline' | 'busy' = 'decline'): void {
    if (reason !== 'decline' && reason !== 'busy')
      throw new TypeError(`decline(): unknown reason ${String(reason)}`);
    if (this.direction !== 'incoming' || this.state !== 'incoming')
      throw new InvalidStateError(`decline() needs an incoming call that rings (state: ${this.state})`);
    if (reason === 'busy') this.#session.declineBusy();
    else this.hangup();
  }

  hangup(): void {
    if (this.#end !== undefined) return;
    this.#session.hangup();
  }

  setMuted(kind: MediaKind, muted: boolean): void {
    this.#controls.setMuted(kind, muted);
  }

  setCamera(on: boolean): Promise<void> {
    return this.#controls.setCamera(on);
  }

  replaceTrack(track: MediaStreamTrack): Promise<void> {
    return this.#controls.replaceTrack(track);
  }

  get chatState(): ChatState {
    return this.#chat.state;
  }

  sendChat(text: string): void {
    if (typeof text !== 'string') throw new TypeError('sendChat(): text must be a string');
    this.#chat.send(text);
  }

  async stats(): Promise<CallStats> {
    const report = await this.pc.getStats();
    const now = this.#settings.clock.now();
    const r = summarizeStats(report.values() as Iterable<StatsEntry>, now, this.#sample);
    this.#sample = r.sample;
    return r.stats;
  }

  restartIce(): void {
    if (!this.#negotiation.canRestart)
      throw new InvalidStateError('restartIce(): no active session, or a restart runs');
    void this.#negotiation.restartIce();
  }

  // ---- driven by the manager ----------------------------------------------------------------------

  /** Microphone/camera for these media; once per call. */
  acquire(media: readonly JmiMedia[]): Promise<void> {
    return this.#queue.push(async () => {
      if (this.localStream !== undefined) return;
      let stream: MediaStream | undefined;
      try {
        stream = await acquireMedia(this.#settings.getUserMedia, media);
      } catch (error) {
        throw new CallFailure('media-error', `No access to microphone/camera: ${message(error)}`);
      }
      if (stream === undefined) return;
      if (this.#closed) return void stream.getTracks().forEach((t) => t.stop());
      this.localStream = stream;
      for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
    }) as Promise<void>;
  }

  /** The caller's chat channel, part of the offer when the callee's devices take one. */
  openChannel(offered: boolean): void {
    this.#chat.open(this.pc, offered);
  }

  /** See Negotiation.prepareOffer: ICE gathering starts while the callee rings. */
  prepareOffer(): Promise<void> {
    return this.#negotiation.prepareOffer();
  }

  /** session-initiate with our offer. */
  offer(): Promise<void> {
    return this.#negotiation.offer();
  }

  /** session-accept with our answer. */
  answer(): Promise<void> {
    return this.#negotiation.answer();
  }

  /** Remote jingle payloads, queued behind everything already touching the peer connection. */
  remote(kind: 'offer' | 'answer' | 'candidates', jingle: Element): void {
    this.#negotiation.remote(kind, jingle);
  }

  /** Emits `state` when the derived state differs from the last one emitted. */
  refresh(): void {
    const now = this.state;
    if (now === this.#last) return;
    this.#last = now;
    this.events.emit('state', now);
    // One 'ringing' for both ways a callee's device says so: JMI <ringing/> and session-info.
    if (now === 'ringing') this.events.emit('ringing');
    if (now === 'connected') this.#startStats();
    else this.#stopStats();
  }

  /** Session events of our sid (from the engine). */
  onSessionEvent(e: SessionEvent): void {
    if (e.type === 'info' && e.info.kind === 'ringing') {
      this.#facts.peerRinging = true;
    } else if (e.type === 'info' && (e.info.kind === 'mute' || e.info.kind === 'unmute')) {
      const media = e.info.name === undefined ? undefined : this.#session.remoteMedia(e.info.name);
      this.events.emit('remote-mute', { kind: media, muted: e.info.kind === 'mute' });
    } else if (e.type === 'content-add') this.events.emit('content-added', { names: e.names });
    else if (e.type === 'ice-restart') {
      // The peer's restart offer gets our answer; either way the app hears of it.
      if (e.by === 'remote') void this.#negotiation.answerRestart();
      this.events.emit('ice-restart', { by: e.by });
    }
    this.refresh();
  }

  /** Signaling is back after an outage and the peer still has the session (outage/reconcile-calls.ts). */
  signalingBack(): void {
    if (!this.#closed) this.#recovery.signalingBack();
  }

  /** Ends once: closes the peer connection, stops local tracks and the stats poller. */
  finish(end: CallEnd): void {
    if (this.#end !== undefined) return;
    this.#end = end;
    this.#close();
    this.refresh();
    this.events.emit('ended', end);
  }

  #localCandidate(c: RTCIceCandidateInit): void {
    const out = this.#candidates.gathered(
      { candidate: c.candidate ?? '', sdpMid: c.sdpMid ?? null },
      this.pc.localDescription?.sdp,
    );
    if (out === undefined || this.#session.sessionState() === undefined) return;
    // Later candidates: the engine batches them (candidateBatchMs) into one transport-info.
    this.#session.intent({ kind: 'candidate', ...out });
  }

  #startStats(): void {
    if (this.#statsTimer !== undefined || this.#closed) return;
    const { clock, statsIntervalMs } = this.#settings;
    const tick = () => {
      this.#statsTimer = clock.setTimeout(() => {
        void this.stats().then(
          (s) => !this.#closed && this.events.emit('stats', s),
          () => undefined,
        );
        tick();
      }, statsIntervalMs);
    };
    tick();
  }

  #stopStats(): void {
    if (this.#statsTimer === undefined) return;
    this.#settings.clock.clearTimeout(this.#statsTimer);
    this.#statsTimer = undefined;
  }

  #close(): void {
    if (this.#closed) return;
    this.#stopStats();
    this.#recovery.stop();
    this.#closed = true;
    this.#queue.close();
    stopLocalTracks(this.pc);
    this.#chat.close();
    this.pc.close();
  }

  #failed(error: unknown): void {
    if (this.#closed) return;
    const condition = error instanceof CallFailure ? error.condition : 'general-error';
    this.#session.fail({ condition, text: message(error) });
  }
}

export type { PcState };
