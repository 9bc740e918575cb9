// Mute and camera of one call: `track.enabled` plus the XEP-0167 §7.3 session-info per content, and a
// camera added to an audio-only call as a new content (content-add, negotiation.ts).
import type { Role } from '../../jingle/constants.js';
import { InvalidStateError } from '../errors.js';
import { midsOfKind, setTracksEnabled } from './media.js';
import type { SessionPort } from './session-port.js';
import type { CallState } from './state.js';
import type { MediaKind } from './types.js';

/** What the controls need from their call. */
export interface MediaControlsPort {
  readonly pc: RTCPeerConnection;
  readonly role: Role;
  readonly session: Pick<SessionPort, 'intent' | 'creatorOf'>;
  ended(): boolean;
  state(): CallState;
  /** content-add with a camera track (Negotiation.addVideo). */
  addVideo(): Promise<void>;
  /** Our own mute state changed (the call's `muted` event). */
  muted(kind: MediaKind, muted: boolean): void;
  localStream(): MediaStream | undefined;
}

export class MediaControls {
  #muted = new Set<MediaKind>();

  constructor(private readonly port: MediaControlsPort) {}

  setMuted(kind: MediaKind, muted: boolean): void {
    const { pc, session } = this.port;
    if (this.port.ended()) throw new InvalidStateError('setMuted(): the call has ended');
    if (!setTracksEnabled(pc, kind, !muted))
      throw new InvalidStateError(`setMuted(): no local ${kind} track`);
    if (this.#muted.has(kind) === muted) return;
    if (muted) this.#muted.add(kind);
    else this.#muted.delete(kind);
    // XEP-0167 §7.3: one session-info per content carrying this media, named so the peer knows which.
    for (const name of midsOfKind(pc, kind))
      session.intent({
        kind: 'info',
        info: { kind: muted ? 'mute' : 'unmute', creator: session.creatorOf(name) ?? this.port.role, name },
      });
    this.port.muted(kind, muted);
  }

  /**
   * Sends `track` instead of the local track of its kind: another camera or microphone, or a screen
   * (getDisplayMedia). RTCRtpSender.replaceTrack changes what is sent without a new offer/answer
   * (W3C WebRTC §5.2), so no Jingle stanza goes out and every peer keeps working. The replaced
   * track is stopped (its device is released) and swapped in `localStream`; a muted kind stays muted.
   */
  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    if (this.port.ended()) throw new InvalidStateError('replaceTrack(): the call has ended');
    const kind = track.kind;
    if (kind !== 'audio' && kind !== 'video') throw new TypeError(`replaceTrack(): a ${kind} track`);
    if (track.readyState === 'ended') throw new TypeError('replaceTrack(): the track has ended');
    const senders = this.port.pc.getSenders().filter((s) => s.track?.kind === kind);
    if (senders.length === 0)
      throw new InvalidStateError(`replaceTrack(): no local ${kind} track to replace`);
    track.enabled = !this.#muted.has(kind);
    const old = senders.map((s) => s.track);
    await Promise.all(senders.map((s) => s.replaceTrack(track)));
    const stream = this.port.localStream();
    for (const o of old) {
      if (o === null || o === track) continue;
      stream?.removeTrack(o);
      o.stop();
    }
    if (stream && !stream.getTrackById(track.id)) stream.addTrack(track);
  }

  async setCamera(on: boolean): Promise<void> {
    if (this.port.ended()) throw new InvalidStateError('setCamera(): the call has ended');
    if (midsOfKind(this.port.pc, 'video').length > 0) return this.setMuted('video', !on);
    if (!on) return;
    const state = this.port.state();
    if (state !== 'connected' && state !== 'connecting' && state !== 'reconnecting')
      throw new InvalidStateError(`setCamera(true) can add video only to an answered call (state: ${state})`);
    await this.port.addVideo();
  }
}
