// XEP-0353 send side. Every JMI message is `type='chat'` with `<store xmlns='urn:xmpp:hints'/>` (§3), so
// Prosody carbon-copies and archives it; targets follow v0.8.0 (see the addressing table in docs/jmi.md).
import { Element } from '../ltx.js';
import { bareJid } from '../jid.js';
import { NS_HINTS, NS_JINGLE_MESSAGE_0, NS_JINGLE_RTP_1 } from '../ns.js';
import { reasonToXml, type Reason } from '../reason.js';
import type { JmiMedia, JmiOutgoing, JmiPayload } from './model.js';

export interface JmiStanzaOptions {
  /** Components (XEP-0114) must stamp `from` themselves; clients leave it to the server. */
  from?: string;
  /** The `<message id>`; ids come from the caller (the core has no randomness). */
  stanzaId?: string;
}

export function jmiToXml(out: JmiOutgoing, options: JmiStanzaOptions = {}): Element {
  const attrs: Record<string, string> = {};
  if (options.from !== undefined) attrs['from'] = options.from;
  attrs['to'] = out.to;
  attrs['type'] = 'chat';
  if (options.stanzaId !== undefined) attrs['id'] = options.stanzaId;
  const message = new Element('message', attrs);
  message.cnode(payloadToXml(out.payload));
  message.c('store', { xmlns: NS_HINTS });
  return message;
}

export function payloadToXml(p: JmiPayload): Element {
  const el = new Element(p.kind, { xmlns: NS_JINGLE_MESSAGE_0, id: p.id });
  switch (p.kind) {
    case 'propose':
      for (const media of p.media) el.c('description', { xmlns: NS_JINGLE_RTP_1, media });
      break;
    case 'reject':
    case 'retract':
      if (p.reason !== undefined) el.cnode(reasonToXml(p.reason));
      if (p.tieBreak === true) el.c('tie-break');
      break;
    case 'finish':
      if (p.reason !== undefined) el.cnode(reasonToXml(p.reason));
      if (p.migratedTo !== undefined) el.c('migrated', { to: p.migratedTo });
      break;
    default:
      break;
  }
  return el;
}

// Addressing helpers (§3, v0.8.0). They only choose the target; the machine decides when to send.

/** §3.1: the propose goes to the bare JID so the server forks it to every resource. */
export const proposeTo = (peer: string, id: string, media: readonly JmiMedia[]): JmiOutgoing => ({
  to: bareJid(peer),
  payload: { kind: 'propose', id, media },
});

/** §3.2: the initiator retracts towards the bare JID, reaching every ringing device. */
export const retractTo = (peer: string, id: string, reason?: Reason, tieBreak?: boolean): JmiOutgoing => ({
  to: bareJid(peer),
  payload: withReason({ kind: 'retract', id }, reason, tieBreak),
});

/** v0.8.0: ringing, proceed, reject and finish go to the other party's full JID. */
export const ringingTo = (peerFull: string, id: string): JmiOutgoing => ({
  to: peerFull,
  payload: { kind: 'ringing', id },
});
export const proceedTo = (peerFull: string, id: string): JmiOutgoing => ({
  to: peerFull,
  payload: { kind: 'proceed', id },
});
export const rejectTo = (peerFull: string, id: string, reason?: Reason, tieBreak?: boolean): JmiOutgoing => ({
  to: peerFull,
  payload: withReason({ kind: 'reject', id }, reason, tieBreak),
});
export function finishTo(peerFull: string, id: string, reason?: Reason, migratedTo?: string): JmiOutgoing {
  const payload: JmiPayload = { kind: 'finish', id };
  if (reason !== undefined) payload.reason = reason;
  if (migratedTo !== undefined) payload.migratedTo = migratedTo;
  return { to: peerFull, payload };
}

/** v0.3 `<accept/>` to our own bare JID, sent with proceed so older clients' other devices stop ringing. */
export const acceptTo = (ownJid: string, id: string): JmiOutgoing => ({
  to: bareJid(ownJid),
  payload: { kind: 'accept', id },
});

function withReason(
  p: { kind: 'reject' | 'retract'; id: string; reason?: Reason; tieBreak?: true },
  reason: Reason | undefined,
  tieBreak: boolean | undefined,
): JmiPayload {
  if (reason !== undefined) p.reason = reason;
  if (tieBreak === true) p.tieBreak = true;
  return p;
}
