// The offer/answer half of a call's peer connection (call-peer.ts holds the rest): local descriptions go
// through the translator (jingle-pc.ts) into session intents, and the peer's descriptions and
// candidates are applied as queued tasks, so candidates never overtake their description.
import type { Element } from 'ltx';
import { candidatesFromJingle } from '../jingle/sdp/index.js';
import { JingleParseError } from '../jingle/errors.js';
import type { CallImpl } from './call.js';
import { LocalCandidates } from './call-candidates.js';
import { CallFailure, message } from './call-failure.js';
import type { CallHost } from './call-host.js';
import { localJingle, otherRole, remoteSdp, type LocalJingle } from './jingle-pc.js';
import type { SerialQueue } from './queue.js';

export abstract class CallNegotiation {
  abstract readonly pc: RTCPeerConnection;
  abstract readonly queue: SerialQueue;
  abstract localStream: MediaStream | undefined;
  /** The peer's offer (SDP as applied) reached the peer connection. */
  protected abstract offered(sdp: string): void;
  #version = 0;
  readonly #candidates: LocalCandidates;
  /** A local offer made ahead of the session-initiate (the caller prepares while the callee rings). */
  #prepared = false;

  constructor(
    protected readonly host: CallHost,
    protected readonly call: CallImpl,
  ) {
    this.#candidates = new LocalCandidates(call.role);
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
      this.host.intent(this.call, { kind: 'initiate', ...this.describe() });
    }) as Promise<void>;
  }

  /** session-accept: our answer to the offer already applied, with the candidates gathered so far. */
  answer(): Promise<void> {
    return this.queue.push(async () => {
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      this.host.intent(this.call, { kind: 'accept', ...this.describe() });
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
      if (kind === 'offer') this.offered(sdp);
      // A re-offer while the session runs is the peer's content-add: answer the new contents.
      const adding = this.host.contentNames(this.call, 'adding-remote');
      if (kind === 'offer' && this.host.sessionState(this.call) === 'active' && adding.length > 0) {
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.host.intent(this.call, { kind: 'content-accept', ...this.describe(adding) });
      }
    });
  }

  protected localCandidate(c: RTCIceCandidateInit): void {
    const out = this.#candidates.gathered(
      { candidate: c.candidate ?? '', sdpMid: c.sdpMid ?? null },
      this.pc.localDescription?.sdp,
    );
    if (out === undefined || this.host.sessionState(this.call) === undefined) return;
    // Later candidates: the engine batches them (candidateBatchMs) into one transport-info.
    this.host.intent(this.call, { kind: 'candidate', ...out });
  }

  /** Our current local description as Jingle (optionally only some contents), candidates included. */
  protected describe(only?: readonly string[]): LocalJingle {
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
}

function safeCandidates(jingle: Element) {
  try {
    return candidatesFromJingle(jingle);
  } catch {
    return [];
  }
}
