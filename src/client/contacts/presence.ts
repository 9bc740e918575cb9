// RFC 6121 §4 presence as data: what a received presence means, and how ours is built.
import { xml } from '../xmpp.js';
import type { Element } from 'ltx';
import { capsFromPresence } from './caps.js';

/** Our own availability; `away`/`dnd` are `<show/>` values (RFC 6121 §4.7.2.1). */
export const AVAILABILITY = {
  available: 'available',
  away: 'away',
  dnd: 'dnd',
  xa: 'xa',
  chat: 'chat',
} as const;
export type Availability = (typeof AVAILABILITY)[keyof typeof AVAILABILITY];

export interface ResourcePresence {
  jid: string;
  show: Availability;
  status?: string;
  priority: number;
  caps?: { hash: string; node: string; ver: string };
}

/** RFC 6121 §3: `subscribe` is a request to approve or deny; the others report outcomes. */
export interface SubscriptionEvent {
  kind: 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed';
  from: string;
  status?: string;
}

export type PresenceEvent =
  | { kind: 'available'; presence: ResourcePresence }
  | { kind: 'unavailable'; jid: string; status?: string }
  | SubscriptionEvent
  | { kind: 'error'; from: string; condition: string };

function show(el: Element): Availability {
  const s = el.getChildText('show');
  return s !== null && Object.hasOwn(AVAILABILITY, s) && s !== 'available'
    ? (s as Availability)
    : 'available';
}

/** RFC 6121 §4.7.2.3: priority is -128..127, default 0; anything else counts as 0. */
function priority(el: Element): number {
  const p = Number(el.getChildText('priority') ?? '0');
  return Number.isInteger(p) && p >= -128 && p <= 127 ? p : 0;
}

/** Undefined for presence we do not use (probes, no `from`). */
export function presenceEventFromXml(el: Element): PresenceEvent | undefined {
  const from = el.attrs['from'];
  if (typeof from !== 'string' || from === '') return undefined;
  const type = el.attrs['type'];
  const statusText = el.getChildText('status');
  const status = statusText !== null && statusText !== '' ? { status: statusText } : {};
  switch (type) {
    case undefined: {
      const caps = capsFromPresence(el);
      return {
        kind: 'available',
        presence: { jid: from, show: show(el), ...status, priority: priority(el), ...(caps ? { caps } : {}) },
      };
    }
    case 'unavailable':
      return { kind: 'unavailable', jid: from, ...status };
    case 'subscribe':
    case 'subscribed':
    case 'unsubscribe':
    case 'unsubscribed':
      return { kind: type, from, ...status };
    case 'error': {
      const error = el.getChild('error');
      const condition = error?.children.find(
        (c): c is Element => typeof c !== 'string' && c.name !== 'text',
      )?.name;
      return { kind: 'error', from, condition: condition ?? 'undefined-condition' };
    }
    default:
      return undefined;
  }
}

export function ownPresence(
  availability: Availability,
  status: string | undefined,
  caps: { node: string; ver: string } | undefined,
  priorityValue = 0,
): Element {
  return xml(
    'presence',
    {},
    availability === 'available' ? undefined : xml('show', {}, availability),
    status ? xml('status', {}, status) : undefined,
    priorityValue !== 0 ? xml('priority', {}, String(priorityValue)) : undefined,
    caps
      ? xml('c', { xmlns: 'http://jabber.org/protocol/caps', hash: 'sha-1', node: caps.node, ver: caps.ver })
      : undefined,
  );
}
