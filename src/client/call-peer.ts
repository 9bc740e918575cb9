// The peer connection of one call, driven through its serial queue (queue.ts): its settings and
// events, local media, the chat channel, stats polling and closing. Offers and answers (through the
// translator into session intents) are the base classes', in call-negotiation.ts and call-restart.ts.
import type { JmiMedia } from '../jingle/jmi/index.js';
import type { CallImpl } from './call.js';
import { CallFailure, message } from './call-failure.js';
import { watchGathering } from './call-gathering.js';
import type { CallHost } from './call-host.js';
import { CallRestarts, IceRecovery } from './call-restart.js';
import type { PcState } from './call-state.js';
import type { ChatState } from './call-types.js';
import { InvalidStateError } from './errors.js';
import { acquireMedia, stopLocalTracks } from './media.js';
import { SerialQueue } from './queue.js';
import { summarizeStats, type CallStats, type StatsEntry, type StatsSample } from './stats.js';

export class CallPeer extends CallRestarts {
  readonly pc: RTCPeerConnection;
  readonly queue: SerialQueue;
  channel: RTCDataChannel | undefined;
  localStream: MediaStream | undefined;
  readonly remoteStreams: MediaStream[] = [];
  #statsTimer: unknown;
  #sample: StatsSample | undefined;
  #closed = false;
  #chatState: ChatState = 'pending';
  readonly #recovery: IceRecovery;

  constructor(host: CallHost, call: CallImpl) {
    super(host, call);
    this.queue = new SerialQueue((error) => this.#failed(error));
    this.pc = host.peerConnection({
      iceServers: host.iceServers(),
      // Peers without BUNDLE (Dino) exist: balanced still offers one transport per media type.
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
    });
    this.pc.addEventListener('icecandidate', (e) => {
      const c = (e as RTCPeerConnectionIceEvent).candidate;
      if (c !== null) this.queue.push(() => this.localCandidate(c.toJSON()));
    });
    watchGathering(this.pc, call.direction, (failure) => this.#failed(failure));
    this.pc.addEventListener('track', (e) => {
      const { track, streams } = e as RTCTrackEvent;
      for (const s of streams) if (!this.remoteStreams.includes(s)) this.remoteStreams.push(s);
      call.events.emit('remote-track', track, streams);
    });
    this.pc.addEventListener('datachannel', (e) => this.#listen((e as RTCDataChannelEvent).channel));
    this.#recovery = new IceRecovery({
      clock: host.clock,
      afterMs: host.iceRestartAfterMs,
      canRestart: () => !this.#closed && this.canRestart,
      restartRunning: () => this.restartRunning,
      connectionState: () => this.pc.connectionState,
      restart: () => void this.restartIce(),
      fail: (reason) => host.fail(call, reason),
      signalingUp: () => host.signalingUp?.() ?? true,
    });
    this.pc.addEventListener('connectionstatechange', () => {
      call.refresh();
      if (!this.#closed) this.#recovery.changed(this.pc.connectionState);
    });
  }

  get pcState(): PcState {
    return this.#closed ? 'closed' : this.pc.connectionState;
  }

  /** Microphone/camera for these media; once per call. */
  acquire(media: readonly JmiMedia[]): Promise<void> {
    return this.queue.push(async () => {
      if (this.localStream !== undefined) return;
      let stream: MediaStream | undefined;
      try {
        stream = await acquireMedia(this.host.getUserMedia, media);
      } catch (error) {
        throw new CallFailure('media-error', `No access to microphone/camera: ${message(error)}`);
      }
      if (stream === undefined) return;
      if (this.#closed) return void stream.getTracks().forEach((t) => t.stop());
      this.localStream = stream;
      for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
    }) as Promise<void>;
  }

  /**
   * The caller opens the chat channel when the callee's devices take one (offersDataChannel), so the
   * data content is part of the offer; otherwise the call has no chat.
   */
  openChannel(offered: boolean): void {
    if (offered) this.#listen(this.pc.createDataChannel('chat'));
    else this.#chat('unavailable');
  }

  get chatState(): ChatState {
    return this.#chatState;
  }

  sendChat(text: string): void {
    const ch = this.channel;
    if (ch === undefined || ch.readyState !== 'open')
      throw new InvalidStateError(
        this.#chatState === 'unavailable'
          ? "sendChat(): this call has no chat channel (the other party's app does not take one)"
          : 'sendChat(): the chat channel is not open',
      );
    ch.send(text);
    this.call.events.emit('chat', { text, from: 'local' });
  }

  /** The peer's first offer says whether the call has a chat: no data section, no chat. */
  protected override offered(sdp: string): void {
    if (this.channel === undefined && !/^m=application /m.test(sdp)) this.#chat('unavailable');
  }

  async stats(): Promise<CallStats> {
    const report = await this.pc.getStats();
    const r = summarizeStats(report.values() as Iterable<StatsEntry>, this.host.clock.now(), this.#sample);
    this.#sample = r.sample;
    return r.stats;
  }

  startStats(): void {
    if (this.#statsTimer !== undefined || this.#closed) return;
    const tick = () => {
      this.#statsTimer = this.host.clock.setTimeout(() => {
        void this.stats().then(
          (s) => !this.#closed && this.call.events.emit('stats', s),
          () => undefined,
        );
        tick();
      }, this.host.statsIntervalMs);
    };
    tick();
  }

  stopStats(): void {
    if (this.#statsTimer === undefined) return;
    this.host.clock.clearTimeout(this.#statsTimer);
    this.#statsTimer = undefined;
  }

  /** Signaling is back after an outage and the peer still has the session (outage/reconcile-calls.ts). */
  signalingBack(): void {
    if (!this.#closed) this.#recovery.signalingBack();
  }

  close(): void {
    if (this.#closed) return;
    this.stopStats();
    this.#recovery.stop();
    this.#closed = true;
    this.queue.close();
    stopLocalTracks(this.pc);
    this.channel?.close();
    this.pc.close();
  }

  #listen(ch: RTCDataChannel): void {
    if (ch.label !== 'chat') return;
    this.channel = ch;
    if (ch.readyState === 'open') this.#chat('open');
    ch.addEventListener('open', () => this.#chat('open'));
    ch.addEventListener('close', () => this.#chat('closed'));
    ch.addEventListener('message', (e) => {
      const data = (e as MessageEvent).data;
      if (typeof data === 'string') this.call.events.emit('chat', { text: data, from: 'remote' });
    });
  }

  #chat(state: ChatState): void {
    if (this.#chatState === state || this.#closed) return;
    this.#chatState = state;
    this.call.events.emit('chat-state', state);
  }

  #failed(error: unknown): void {
    if (this.#closed) return;
    const condition = error instanceof CallFailure ? error.condition : 'general-error';
    this.host.fail(this.call, { condition, text: message(error) });
  }
}
