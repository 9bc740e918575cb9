// Local media of one call: acquiring tracks, muting (track.enabled, so the sender keeps its
// transceiver and no renegotiation is needed) and finding the content (mid) a track travels in.
import type { GetUserMedia, MediaKind } from './types.js';

export function defaultGetUserMedia(): GetUserMedia {
  const md = (globalThis as { navigator?: { mediaDevices?: MediaDevices } }).navigator?.mediaDevices;
  if (md === undefined) return () => Promise.reject(new TypeError('getUserMedia is not available here'));
  return (c) => md.getUserMedia(c);
}

export async function acquireMedia(
  getUserMedia: GetUserMedia,
  kinds: readonly MediaKind[],
): Promise<MediaStream | undefined> {
  if (kinds.length === 0) return undefined;
  return getUserMedia({ audio: kinds.includes('audio'), video: kinds.includes('video') });
}

/** Enables or disables every local track of this kind; returns whether any exists. */
export function setTracksEnabled(pc: RTCPeerConnection, kind: MediaKind, enabled: boolean): boolean {
  let found = false;
  for (const s of pc.getSenders()) {
    if (s.track?.kind !== kind) continue;
    s.track.enabled = enabled;
    found = true;
  }
  return found;
}

/** XEP-0167 §7.3 mute names a content; our content names are the mids of the transceivers (XEP-0338). */
export function midsOfKind(pc: RTCPeerConnection, kind: MediaKind): string[] {
  return pc
    .getTransceivers()
    .filter((t) => t.sender.track?.kind === kind && typeof t.mid === 'string')
    .map((t) => t.mid as string);
}

export function stopLocalTracks(pc: RTCPeerConnection): void {
  for (const s of pc.getSenders()) s.track?.stop();
}
