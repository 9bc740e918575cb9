// Offer/answer of one call's peer connection, as tasks on its serial queue (queue.ts): local
// descriptions go through the translator (jingle-pc.ts) into session intents, the peer's descriptions
// and candidates are applied in order (a candidate never overtakes its description), and ICE restarts
// (XEP-0176 §5.9; both wire styles of docs/reference/deployed-clients.md §3.17 are the session engine's,
// src/jingle/session/restart.ts): our restart offer and our answer to the peer's.
import type { Element } from 'ltx';
import type { Role } from '../../jingle/constants.js';
import { JingleParseError } from '../../jingle/errors.js';
import { candidatesFromJingle } from '../../jingle/sdp/index.js';
import { CallFailure, message } from './failure.js';
import { localJingle, otherRole, remoteSdp, type LocalJingle } from './jingle-pc.js';
import type { SerialQueue } from './queue.js';
import type { SessionPort } from './session-port.js';
import type { GetUserMedia } from './types.js';

/** What negotiation needs: the peer connection and its queue, the session, and where candidates go. */
export interface NegotiationPort {
  readonly pc: RTCPeerConnection;
  readonly queue: SerialQueue;
  readonly role: Role;
  readonly session: Pick<SessionPort, 'intent' | 'sessionState' | 'contentNames' | 'restarting'>;
  readonly getUserMedia: GetUserMedia;
  /** Held local candidates join the contents about to go out (candidates.ts). */
  describeCandidates(contents: readonly Element[]): void;
  localStream(): MediaStream | undefined;
  /** The peer's offer (SDP as applied) reached the peer connection. */
  offered(sdp: string): void;
}

export class Negotiation {
  #version = 0;
  /** A local offer made ahead of the session-initiate (the caller prepares while the callee rings). */
  #prepared = false;
  /** Our restart task is queued and has not finished yet. */
  #restartQueued = false;

  constructor(private readonly port: NegotiationPort) {}

  /**
   * The offer ahead of time: createOffer/setLocalDescription start ICE gathering while the callee
   * rings, so the session-initiate can leave as soon as the proceed arrives. Nothing is sent here.
   */
  prepareOffer(): Promise<void> {
    const { pc } = this.port;
    return this.port.queue.push(async () => {
      if (this.#prepared) return;
      await pc.setLocalDescription(await pc.createOffer());
      this.#prepared = true;
    }) as Promise<void>;
  }

  /** session-initiate: our offer (prepared or made now) with the candidates gathered so far. */
  offer(): Promise<void> {
    const { pc } = this.port;
    return this.port.queue.push(async () => {
      if (!this.#prepared) await pc.setLocalDescription(await pc.createOffer());
      this.#prepared = true;
      this.port.session.intent({ kind: 'initiate', ...this.describe() });
    }) as Promise<void>;
  }

  /** session-accept: our answer to the offer already applied, with the candidates gathered so far. */
  answer(): Promise<void> {
    const { pc } = this.port;
    return this.port.queue.push(async () => {
      await pc.setLocalDescription(await pc.createAnswer());
      this.port.session.intent({ kind: 'accept', ...this.describe() });
    }) as Promise<void>;
  }

  /** content-add (XEP-0166 §7.2.1): a camera track, a new offer, only the new contents on the wire. */
  addVideo(): Promise<void> {
    const { pc, session } = this.port;
    return this.port.queue.push(async () => {
      let stream: MediaStream;
      try {
        stream = await this.port.getUserMedia({ video: true });
      } catch (error) {
        throw new CallFailure('media-error', `No access to the camera: ${message(error)}`);
      }
      for (const track of stream.getTracks()) {
        pc.addTrack(track, stream);
        this.port.localStream()?.addTrack(track);
      }
      await pc.setLocalDescription(await pc.createOffer());
      const known = session.contentNames();
      const all = localJingle(this.#localSdp(), this.port.role);
      const fresh = all.contents.filter((c) => !known.includes(String(c.attrs['name'])));
      if (fresh.length === 0) return;
      this.port.describeCandidates(fresh);
      session.intent({ kind: 'content-add', contents: fresh, ...(all.group ? { group: all.group } : {}) });
    }) as Promise<void>;
  }

  /** Remote jingle payloads, queued behind everything already touching the peer connection. */
  remote(kind: 'offer' | 'answer' | 'candidates', jingle: Element): void {
    const { pc, session } = this.port;
    void this.port.queue.push(async () => {
      if (kind === 'candidates') {
        // A bad candidate is the peer's problem, not a reason to end the call: skip it.
        for (const c of safeCandidates(jingle)) await pc.addIceCandidate(c).catch(() => undefined);
        return;
      }
      let sdp: string;
      try {
        sdp = remoteSdp(jingle, otherRole(this.port.role), ++this.#version);
      } catch (error) {
        if (error instanceof JingleParseError)
          throw new CallFailure('failed-application', `Unusable ${kind}: ${error.message}`);
        throw error;
      }
      try {
        await pc.setRemoteDescription({ type: kind, sdp });
      } catch (error) {
        throw new CallFailure(
          'incompatible-parameters',
          `The ${kind} could not be applied: ${message(error)}`,
        );
      }
      if (kind === 'offer') this.port.offered(sdp);
      // A re-offer while the session runs is the peer's content-add: answer the new contents.
      const adding = session.contentNames('adding-remote');
      if (kind === 'offer' && session.sessionState() === 'active' && adding.length > 0) {
        await pc.setLocalDescription(await pc.createAnswer());
        session.intent({ kind: 'content-accept', ...this.describe(adding) });
      }
    });
  }

  // ---- ICE restart (XEP-0176 §5.9) ------------------------------------------------------------------

  /** A restart of either side is queued, on the wire, or waiting for its answer. */
  get restartRunning(): boolean {
    return this.#restartQueued || this.port.session.restarting() !== undefined;
  }

  /** We may offer an ICE restart: the session is active and no restart is under way. */
  get canRestart(): boolean {
    return this.port.session.sessionState() === 'active' && !this.restartRunning;
  }

  /**
   * Our restart offer: new ufrag/pwd for every content in one transport-info. The peer answers the
   * same way; the engine hands that over as a remote answer, applied by remote().
   */
  restartIce(): Promise<void> {
    const { pc } = this.port;
    this.#restartQueued = true;
    return this.port.queue.push(async () => {
      try {
        if (!this.#restartAllowed()) return;
        pc.restartIce();
        await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
        // The peer's own restart offer may have arrived while the browser worked: answering it
        // (queued behind us; its setRemoteDescription rolls our offer back) restarts ICE as well.
        if (!this.#restartAllowed()) return;
        this.port.session.intent({ kind: 'ice-restart', contents: this.describe().contents });
      } finally {
        this.#restartQueued = false;
      }
    }) as Promise<void>;
  }

  /**
   * Our answer to the peer's restart (§5.9, or Conversations' transport-info with new credentials and
   * no candidates), queued behind the offer remote() applies. The engine keeps only the transports
   * of the contents the offer restarted.
   */
  answerRestart(): Promise<void> {
    const { pc, session } = this.port;
    return this.port.queue.push(async () => {
      if (session.restarting() !== 'remote') return;
      await pc.setLocalDescription(await pc.createAnswer());
      session.intent({ kind: 'ice-restart-answer', contents: this.describe().contents });
    }) as Promise<void>;
  }

  #restartAllowed(): boolean {
    const { session } = this.port;
    return session.sessionState() === 'active' && session.restarting() === undefined;
  }

  /** Our current local description as Jingle (optionally only some contents), candidates included. */
  describe(only?: readonly string[]): LocalJingle {
    const { contents, group } = localJingle(this.#localSdp(), this.port.role, only);
    this.port.describeCandidates(contents);
    return group === undefined ? { contents } : { contents, group };
  }

  #localSdp(): string {
    const sdp = this.port.pc.localDescription?.sdp;
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
