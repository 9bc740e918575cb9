// Mute and camera of one call: `track.enabled` plus the XEP-0167 §7.3 session-info per content, and a
// camera added to an audio-only call as a new content (content-add, call-negotiation.ts).
import type { CallImpl } from './call.js';
import type { CallHost } from './call-host.js';
import type { MediaKind } from './call-types.js';
import { InvalidStateError } from './errors.js';
import { midsOfKind, setTracksEnabled } from './media.js';

export class MediaControls {
  #muted = new Set<MediaKind>();

  constructor(
    private readonly host: CallHost,
    private readonly call: CallImpl,
  ) {}

  setMuted(kind: MediaKind, muted: boolean): void {
    const call = this.call;
    if (call.end !== undefined) throw new InvalidStateError('setMuted(): the call has ended');
    if (!setTracksEnabled(call.rtc.pc, kind, !muted))
      throw new InvalidStateError(`setMuted(): no local ${kind} track`);
    if (this.#muted.has(kind) === muted) return;
    if (muted) this.#muted.add(kind);
    else this.#muted.delete(kind);
    // XEP-0167 §7.3: one session-info per content carrying this media, named so the peer knows which.
    for (const name of midsOfKind(call.rtc.pc, kind))
      this.host.intent(call, {
        kind: 'info',
        info: {
          kind: muted ? 'mute' : 'unmute',
          creator: this.host.creatorOf(call, name) ?? call.role,
          name,
        },
      });
    call.events.emit('muted', { kind, muted });
  }

  async setCamera(on: boolean): Promise<void> {
    const call = this.call;
    if (call.end !== undefined) throw new InvalidStateError('setCamera(): the call has ended');
    if (midsOfKind(call.rtc.pc, 'video').length > 0) return this.setMuted('video', !on);
    if (!on) return;
    if (call.state !== 'connected' && call.state !== 'connecting' && call.state !== 'reconnecting')
      throw new InvalidStateError(
        `setCamera(true) can add video only to an answered call (state: ${call.state})`,
      );
    await call.rtc.addVideo();
  }
}
