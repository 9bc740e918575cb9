// The peer connection of one call, driven through its serial queue (queue.ts). Offers and answers go
// through the translator (jingle-pc.ts) into session intents; the peer's descriptions and candidates
// come back as queued tasks, so candidates never overtake their description.
import type { Element } from 'ltx';
import { candidatesFromJingle } from '../jingle/sdp/index.js';
import { JingleParseError } from '../jingle/errors.js';
import type { JmiMedia } from '../jingle/jmi/index.js';
import type { CallImpl } from './call.js';
import { LocalCandidates } from './call-candidates.js';
import type { CallHost } from './call-host.js';
import type { PcState } from './call-state.js';
import { localJingle, otherRole, remoteSdp, type LocalJingle } from './jingle-pc.js';
import { acquireMedia, stopLocalTracks } from './media.js';
import { SerialQueue } from './queue.js';
import { summarizeStats, type CallStats, type StatsEntry, type StatsSample } from './stats.js';

/** A failure with the reason the call ends with (XEP-0166 §7.4; every reason carries a text). */
class CallFailure extends Error {
  constructor(
    readonly condition: 'failed-application' | 'media-error' | 'incompatible-parameters',
    text: string,
  ) {
    super(text);
  }
}

export class CallPeer {
  readonly pc: RTCPeerConnection;
  readonly queue: SerialQueue;
  channel: RTCDataChannel | undefined;
  localStream: MediaStream | undefined;
  readonly remoteStreams: MediaStream[] = [];
  #version = 0;
  readonly #candidates: LocalCandidates;
  /** A local offer made ahead of the session-initiate (the caller prepares while the callee rings). */
  #prepared = false;
  #statsTimer: unknown;
  #sample: StatsSample | undefined;
  #closed = false;

  constructor(
    private readonly host: CallHost,
    private readonly call: CallImpl,
  ) {
    this.queue = new SerialQueue((error) => this.#failed(error));
    this.#candidates = new LocalCandidates(call.role);
    this.pc = host.peerConnection({
      iceServers: host.iceServers(),
      // Peers without BUNDLE (Dino) exist: balanced still offers one transport per media type.
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
    });
    this.pc.addEventListener('icecandidate', (e) => {
      const c = (e as RTCPeerConnectionIceEvent).candidate;
      if (c !== null) this.queue.push(() => this.#localCandidate(c.toJSON()));
    });
    this.pc.addEventListener('track', (e) => {
      const { track, streams } = e as RTCTrackEvent;
      for (const s of streams) if (!this.remoteStreams.includes(s)) this.remoteStreams.push(s);
      call.events.emit('remote-track', track, streams);
    });
    this.pc.addEventListener('datachannel', (e) => this.#listen((e as RTCDataChannelEvent).channel));
    this.pc.addEventListener('connectionstatechange', () => {
      call.refresh();
      if (this.pc.connectionState === 'failed')
        host.fail(call, {
          condition: 'connectivity-error',
          text: 'ICE failed: no candidate pair between the two parties works.',
        });
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

  /** The caller opens the chat channel, so the data content is part of every offer we make. */
  openChannel(): void {
    this.#listen(this.pc.createDataChannel('chat'));
  }

  /**
   * The offer ahead of time: createOffer/setLocalDescription start ICE gathering while the callee
   * rings, so the session-initiate can leave as soon as the proceed arrives. Nothing is sent here.
   */
  prepareOffer(): Promise<void> {
    return this.queue.push(async () => {
      if (this.#prepared) return;
      await this.pc.setLocalDescription(await this.pc.createOffer());
      this.#prepared = true;
    }) as Promise<void>;
  }

  /** session-initiate: our offer (prepared or made now) with the candidates gathered so far. */
  offer(): Promise<void> {
    return this.queue.push(async () => {
      if (!this.#prepared) await this.pc.setLocalDescription(await this.pc.createOffer());
      this.#prepared = true;
      this.host.intent(this.call, { kind: 'initiate', ...this.#describe() });
    }) as Promise<void>;
  }

  /** session-accept: our answer to the offer already applied, with the candidates gathered so far. */
  answer(): Promise<void> {
    return this.queue.push(async () => {
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      this.host.intent(this.call, { kind: 'accept', ...this.#describe() });
    }) as Promise<void>;
  }

  /** content-add (XEP-0166 §7.2.1): a camera track, a new offer, only the new contents on the wire. */
  addVideo(): Promise<void> {
    return this.queue.push(async () => {
      let stream: MediaStream;
      try {
        stream = await this.host.getUserMedia({ video: true });
      } catch (error) {
        throw new CallFailure('media-error', `No access to the camera: ${message(error)}`);
      }
      for (const track of stream.getTracks()) {
        this.pc.addTrack(track, stream);
        this.localStream?.addTrack(track);
      }
      await this.pc.setLocalDescription(await this.pc.createOffer());
      const known = this.host.contentNames(this.call);
      const all = localJingle(this.#localSdp(), this.call.role);
      const fresh = all.contents.filter((c) => !known.includes(String(c.attrs['name'])));
      if (fresh.length === 0) return;
      this.#candidates.describe(fresh);
      this.host.intent(this.call, {
        kind: 'content-add',
        contents: fresh,
        ...(all.group ? { group: all.group } : {}),
      });
    }) as Promise<void>;
  }

  remote(kind: 'offer' | 'answer' | 'candidates', jingle: Element): void {
    void this.queue.push(async () => {
      if (kind === 'candidates') {
        // A bad candidate is the peer's problem, not a reason to end the call: skip it.
        for (const c of safeCandidates(jingle)) await this.pc.addIceCandidate(c).catch(() => undefined);
        return;
      }
      let sdp: string;
      try {
        sdp = remoteSdp(jingle, otherRole(this.call.role), ++this.#version);
      } catch (error) {
        if (error instanceof JingleParseError)
          throw new CallFailure('failed-application', `Unusable ${kind}: ${error.message}`);
        throw error;
      }
      try {
        await this.pc.setRemoteDescription({ type: kind, sdp });
      } catch (error) {
        throw new CallFailure(
          'incompatible-parameters',
          `The ${kind} could not be applied: ${message(error)}`,
        );
      }
      // A re-offer while the session runs is the peer's content-add: answer the new contents.
      const adding = this.host.contentNames(this.call, 'adding-remote');
      if (kind === 'offer' && this.host.sessionState(this.call) === 'active' && adding.length > 0) {
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.host.intent(this.call, { kind: 'content-accept', ...this.#describe(adding) });
      }
    });
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

  close(): void {
    if (this.#closed) return;
    this.stopStats();
    this.#closed = true;
    this.queue.close();
    stopLocalTracks(this.pc);
    this.channel?.close();
    this.pc.close();
  }

  #listen(ch: RTCDataChannel): void {
    if (ch.label !== 'chat') return;
    this.channel = ch;
    ch.addEventListener('message', (e) => {
      const data = (e as MessageEvent).data;
      if (typeof data === 'string') this.call.events.emit('chat', { text: data, from: 'remote' });
    });
  }

  #localCandidate(c: RTCIceCandidateInit): void {
    const out = this.#candidates.gathered(
      { candidate: c.candidate ?? '', sdpMid: c.sdpMid ?? null },
      this.pc.localDescription?.sdp,
    );
    if (out === undefined || this.host.sessionState(this.call) === undefined) return;
    // Later candidates: the engine batches them (candidateBatchMs) into one transport-info.
    this.host.intent(this.call, { kind: 'candidate', ...out });
  }

  /** Our current local description as Jingle (optionally only some contents), candidates included. */
  #describe(only?: readonly string[]): LocalJingle {
    const sdp = this.#localSdp();
    const { contents, group } = localJingle(sdp, this.call.role, only);
    this.#candidates.describe(contents);
    return group === undefined ? { contents } : { contents, group };
  }

  #localSdp(): string {
    const sdp = this.pc.localDescription?.sdp;
    if (sdp === undefined)
      throw new CallFailure('failed-application', 'The browser produced no local description.');
    return sdp;
  }

  #failed(error: unknown): void {
    if (this.#closed) return;
    const condition = error instanceof CallFailure ? error.condition : 'general-error';
    this.host.fail(this.call, { condition, text: message(error) });
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function safeCandidates(jingle: Element) {
  try {
    return candidatesFromJingle(jingle);
  } catch {
    return [];
  }
}
