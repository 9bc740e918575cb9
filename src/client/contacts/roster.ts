// RFC 6121 §2 roster items as data, and the roster push rules (§2.1.6) as pure functions.
import { NS_ROSTER } from '../../jingle/ns.js';
import { xml } from '../xmpp.js';
import type { Element } from 'ltx';
import { sameBareJid } from '../../jingle/jid.js';

export const SUBSCRIPTIONS = { none: 'none', to: 'to', from: 'from', both: 'both' } as const;
export type Subscription = (typeof SUBSCRIPTIONS)[keyof typeof SUBSCRIPTIONS];

export interface RosterItem {
  jid: string;
  name?: string;
  subscription: Subscription;
  /** `ask='subscribe'`: our subscription request is pending (§2.1.2.2). */
  pending: boolean;
  /** Pre-approved subscription (§3.4). */
  approved: boolean;
  groups: string[];
}

export type RosterChange = { kind: 'set'; item: RosterItem } | { kind: 'remove'; jid: string };

function isSubscription(s: unknown): s is Subscription {
  return typeof s === 'string' && Object.hasOwn(SUBSCRIPTIONS, s);
}

/** One <item/>; undefined when it has no JID. `subscription='remove'` only occurs in pushes. */
export function rosterChangeFromXml(item: Element): RosterChange | undefined {
  const jid = item.attrs['jid'];
  if (typeof jid !== 'string' || jid === '' || jid.includes('/')) return undefined;
  if (item.attrs['subscription'] === 'remove') return { kind: 'remove', jid };
  const name = item.attrs['name'];
  const sub = item.attrs['subscription'];
  return {
    kind: 'set',
    item: {
      jid,
      ...(typeof name === 'string' && name !== '' ? { name } : {}),
      subscription: isSubscription(sub) ? sub : 'none',
      pending: item.attrs['ask'] === 'subscribe',
      approved: item.attrs['approved'] === 'true' || item.attrs['approved'] === '1',
      groups: [...new Set(item.getChildren('group', NS_ROSTER).map((g) => g.text()))],
    },
  };
}

/** A roster result <query/>, as a JID-keyed map. Items without a JID are skipped. */
export function rosterFromXml(query: Element): Map<string, RosterItem> {
  const roster = new Map<string, RosterItem>();
  for (const el of query.getChildren('item', NS_ROSTER)) {
    const change = rosterChangeFromXml(el);
    if (change?.kind === 'set') roster.set(change.item.jid, change.item);
  }
  return roster;
}

/**
 * RFC 6121 §2.1.6: a push is only trusted from our own account (no `from`, or our bare JID), and
 * carries exactly one item. Returns the change to apply, or an error condition to reply with.
 */
export function checkRosterPush(
  iq: Element,
  ownJid: string,
): { change: RosterChange } | { error: 'forbidden' | 'bad-request' } {
  const from = iq.attrs['from'];
  // Our bare JID only: a full JID (even one of our own resources) is not the server (§2.1.6).
  if (typeof from === 'string' && from !== '' && (from.includes('/') || !sameBareJid(from, ownJid))) {
    return { error: 'forbidden' };
  }
  const items = iq.getChild('query', NS_ROSTER)?.getChildren('item', NS_ROSTER) ?? [];
  const change = items.length === 1 && items[0] ? rosterChangeFromXml(items[0]) : undefined;
  return change ? { change } : { error: 'bad-request' };
}

export function applyRosterChange(
  roster: ReadonlyMap<string, RosterItem>,
  change: RosterChange,
): Map<string, RosterItem> {
  const next = new Map(roster);
  if (change.kind === 'remove') next.delete(change.jid);
  else next.set(change.item.jid, change.item);
  return next;
}

/** The <query/> of a roster set (§2.3 add/update, §2.5 remove). */
export function rosterSetQuery(
  change: { jid: string; name?: string; groups?: readonly string[] } | { remove: string },
): Element {
  if ('remove' in change)
    return xml('query', { xmlns: NS_ROSTER }, xml('item', { jid: change.remove, subscription: 'remove' }));
  return xml(
    'query',
    { xmlns: NS_ROSTER },
    xml(
      'item',
      { jid: change.jid, name: change.name },
      ...(change.groups ?? []).map((g) => xml('group', {}, g)),
    ),
  );
}
