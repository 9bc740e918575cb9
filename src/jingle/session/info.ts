// XEP-0167 §7 session-info payloads (urn:xmpp:jingle:apps:rtp:info:1). XEP-0166 §7.2.8: an empty
// session-info is a ping; an unknown payload is answered feature-not-implemented + unsupported-info.
import { Element } from '../ltx.js';
import { Role } from '../constants.js';
import { NS_JINGLE_RTP_INFO_1, NS_JINGLE_RTP_INFO_1_TYPO } from '../ns.js';

export const SESSION_INFO_KINDS = ['active', 'hold', 'unhold', 'ringing', 'mute', 'unmute'] as const;
export type SessionInfoKind = (typeof SESSION_INFO_KINDS)[number];

export type SessionInfo =
  | { kind: 'active' | 'hold' | 'unhold' | 'ringing' }
  /** §7.3: creator + name select one content; no name means all contents of that creator. */
  | { kind: 'mute' | 'unmute'; creator?: Role; name?: string };

const isKind = (s: string): s is SessionInfoKind => (SESSION_INFO_KINDS as readonly string[]).includes(s);

/** undefined for a ping; 'unsupported' when a payload exists and none is understood. */
export function parseSessionInfo(payload: readonly Element[]): SessionInfo | 'unsupported' | undefined {
  if (payload.length === 0) return undefined;
  for (const el of payload) {
    const ns = el.attrs['xmlns'];
    if ((ns !== NS_JINGLE_RTP_INFO_1 && ns !== NS_JINGLE_RTP_INFO_1_TYPO) || !isKind(el.name)) continue;
    if (el.name !== 'mute' && el.name !== 'unmute') return { kind: el.name };
    const info: SessionInfo = { kind: el.name };
    const creator = el.attrs['creator'];
    const name = el.attrs['name'];
    if (creator === Role.initiator || creator === Role.responder) info.creator = creator;
    if (typeof name === 'string') info.name = name;
    return info;
  }
  return 'unsupported';
}

export function sessionInfoToXml(info: SessionInfo): Element {
  const el = new Element(info.kind, { xmlns: NS_JINGLE_RTP_INFO_1 });
  if (info.kind === 'mute' || info.kind === 'unmute') {
    if (info.creator !== undefined) el.attrs['creator'] = info.creator;
    if (info.name !== undefined) el.attrs['name'] = info.name;
  }
  return el;
}
