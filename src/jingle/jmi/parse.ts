// XEP-0353 receive side: one `<message/>` in, a JmiMessage or the reason it was ignored out. Never throws.
// Carbons (XEP-0280 §11, CVE-2017-5589 class) are unwrapped only when the outer `from` is our own bare
// JID; a MAM result (XEP-0313) is handed in as its inner message plus the archive stamp.
import type { Element } from 'ltx';
import { bareJid, sameJid } from '../jid.js';
import {
  NS_CARBONS_2,
  NS_DELAY,
  NS_FORWARD_0,
  NS_JINGLE_1,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_MESSAGE_1,
  NS_JINGLE_RTP_1,
} from '../ns.js';
import { reasonFromXml } from '../reason.js';
import {
  isJmiKind,
  isJmiMedia,
  type JmiEnvelope,
  type JmiMedia,
  type JmiMessage,
  type JmiPayload,
  type JmiRoute,
} from './model.js';
import { parseStamp } from './stamp.js';

/** Why a stanza was not taken as JMI. Returned as data so adapters can log it. */
export const JMI_IGNORED = [
  'not-a-message',
  'error-or-groupchat',
  'forged-carbon',
  'malformed-carbon',
  'not-jmi',
  'missing-id',
  'missing-from',
  'propose-without-media',
] as const;
export type JmiIgnored = (typeof JMI_IGNORED)[number];

export type JmiParseResult = { ok: true; message: JmiMessage } | { ok: false; ignored: JmiIgnored };

export interface JmiParseOptions {
  /** For MAM results: the `<forwarded><delay stamp>` time of the archived inner message (ms). */
  archivedAt?: number;
}

const ignore = (ignored: JmiIgnored): JmiParseResult => ({ ok: false, ignored });

export function parseJmi(
  message: Element,
  ownFullJid: string,
  options: JmiParseOptions = {},
): JmiParseResult {
  try {
    return parse(message, ownFullJid, options);
  } catch {
    // Defence in depth: a handler must survive any input (house rule); ltx accessors should not throw.
    return ignore('not-jmi');
  }
}

function parse(outer: Element, own: string, options: JmiParseOptions): JmiParseResult {
  if (outer.name !== 'message') return ignore('not-a-message');
  let inner = outer;
  let route: JmiRoute = 'direct';
  let forwarded: Element | undefined;
  const carbon = outer.getChildElements().find((c) => isCarbon(c));
  if (carbon !== undefined) {
    // XEP-0280 §11: only our own server, speaking for our bare JID, may hand us copies.
    const from = attr(outer, 'from');
    if (from === undefined || !sameJid(from, bareJid(own))) return ignore('forged-carbon');
    forwarded = carbon.getChild('forwarded', NS_FORWARD_0);
    const copy = forwarded?.getChild('message');
    if (copy === undefined) return ignore('malformed-carbon');
    inner = copy;
    route = carbon.name === 'sent' ? 'carbon-sent' : 'carbon-received';
  }
  const type = attr(inner, 'type') ?? attr(outer, 'type');
  if (type === 'error' || type === 'groupchat') return ignore('error-or-groupchat');
  const el = inner.getChildElements().find((c) => isJmiElement(c));
  if (el === undefined) return ignore('not-jmi');
  const id = attr(el, 'id');
  if (id === undefined) return ignore('missing-id');
  const from = attr(inner, 'from');
  if (from === undefined) return ignore('missing-from');
  const payload = readPayload(el, id);
  if (payload === undefined) return ignore('propose-without-media');
  // RFC 6120 §8.1.1.1: a message without `to` is addressed to the receiving client itself.
  const envelope: JmiEnvelope = { from, to: attr(inner, 'to') ?? own, route };
  const stamp = options.archivedAt ?? earliestDelay([inner, forwarded, outer]);
  if (stamp !== undefined) envelope.stamp = stamp;
  return { ok: true, message: { ...payload, ...envelope } };
}

function readPayload(el: Element, id: string): JmiPayload | undefined {
  const kind = el.name;
  switch (kind) {
    case 'propose': {
      const media: JmiMedia[] = [];
      for (const d of el.getChildren('description', NS_JINGLE_RTP_1)) {
        const m = attr(d, 'media');
        if (m !== undefined && isJmiMedia(m) && !media.includes(m)) media.push(m);
      }
      return media.length === 0 ? undefined : { kind, id, media };
    }
    case 'ringing':
    case 'proceed':
    case 'accept':
      return { kind, id };
    case 'reject':
    case 'retract': {
      const p: JmiPayload = { kind, id };
      const reason = readReason(el);
      if (reason !== undefined) p.reason = reason;
      if (el.getChild('tie-break') !== undefined) p.tieBreak = true;
      return p;
    }
    default: {
      const p: JmiPayload = { kind: 'finish', id };
      const reason = readReason(el);
      if (reason !== undefined) p.reason = reason;
      const to = attr(el.getChild('migrated'), 'to');
      if (to !== undefined) p.migratedTo = to;
      return p;
    }
  }
}

/**
 * The reason is `urn:xmpp:jingle:1` (§3); some senders leave it in the JMI namespace. Conversations puts
 * an empty rtp `<description/>` there instead, which is simply no reason.
 */
function readReason(el: Element) {
  const r = el.getChild('reason', NS_JINGLE_1) ?? el.getChild('reason');
  return reasonFromXml(r);
}

function isCarbon(c: Element): boolean {
  return (c.name === 'received' || c.name === 'sent') && c.attrs['xmlns'] === NS_CARBONS_2;
}

function isJmiElement(c: Element): boolean {
  const ns = c.attrs['xmlns'];
  return (ns === NS_JINGLE_MESSAGE_0 || ns === NS_JINGLE_MESSAGE_1) && isJmiKind(c.name);
}

/** XEP-0203: several hops may each add a `<delay/>`; the earliest is closest to the origin. */
function earliestDelay(els: readonly (Element | undefined)[]): number | undefined {
  let best: number | undefined;
  for (const el of els) {
    for (const d of el?.getChildren('delay', NS_DELAY) ?? []) {
      const t = parseStamp(attr(d, 'stamp'));
      if (t !== undefined && (best === undefined || t < best)) best = t;
    }
  }
  return best;
}

function attr(el: Element | undefined, name: string): string | undefined {
  const v: unknown = el?.attrs[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
