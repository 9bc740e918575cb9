// StanzaJS's private msid element, inside <description>:
//   <stream xmlns='urn:xmpp:jingle:apps:rtp:msid:0' id='s' track='t'/>   ->   a=msid:s t
// Read only, and only when our own container carried no a=msid (toSdp.ts finish()). Leniency rule
// (docs/sdp-mapping.md): without an msid the browser cannot put the peer's audio and video in one
// stream (RFC 8830 §2), so they are not lip-synced. A value outside the msid grammar is skipped,
// not refused: the call works without it.
import type { Element } from 'ltx';
import type { Section } from './section.js';
import { MSID } from './validate.js';

export function streamToSdp(el: Element, sec: Section): void {
  const { id, track } = el.attrs as Record<string, unknown>;
  if (typeof id !== 'string') return;
  const value = typeof track === 'string' && track !== '' ? `${id} ${track}` : id;
  if (MSID.test(value)) sec.msidFallback.push(`a=msid:${value}`);
}
