// Roster (RFC 6121 §2), contacts' presence per resource (§4) and subscription requests (§3), kept
// as data and updated from stanzas. Handlers never throw: bad input is ignored or answered with an
// error stanza.
import { NS_ROSTER, NS_STANZAS } from '../../jingle/ns.js';
import { xml } from '../xmpp.js';
import type { IqContext, XmppClient } from '../xmpp.js';
import type { Element } from 'ltx';
import { bareJid, sameJid } from '../../jingle/jid.js';
import { InvalidStateError } from '../errors.js';
import { presenceEventFromXml } from './presence.js';
import type { ResourcePresence, SubscriptionEvent } from './presence.js';
import { applyRosterChange, checkRosterPush, rosterFromXml, rosterSetQuery } from './roster.js';
import type { RosterChange, RosterItem } from './roster.js';

export interface ContactsHooks {
  roster(items: RosterItem[], change: RosterChange | undefined): void;
  presence(bare: string, resources: ResourcePresence[]): void;
  subscription(event: SubscriptionEvent): void;
  /** A full JID went away or came with (possibly new) caps: features need (re)learning. */
  resource(fullJid: string, presence: ResourcePresence | undefined): void;
}

export class Contacts {
  #roster = new Map<string, RosterItem>();
  readonly #presence = new Map<string, Map<string, ResourcePresence>>();

  constructor(
    private readonly xmpp: XmppClient,
    private readonly hooks: ContactsHooks,
  ) {
    xmpp.iqCallee.set(NS_ROSTER, 'query', (ctx) => this.#onPush(ctx));
    xmpp.on('stanza', (el: Element) => {
      if (el.name === 'presence') this.#onPresence(el);
    });
  }

  list(): RosterItem[] {
    return [...this.#roster.values()];
  }

  resources(bare: string): ResourcePresence[] {
    return [...(this.#presence.get(bare.toLowerCase())?.values() ?? [])];
  }

  /** RFC 6121 §2.2: fetch the roster on a new session (not after resumption, XEP-0198 §5). */
  async fetch(): Promise<void> {
    const query = await this.xmpp.iqCaller.get(xml('query', { xmlns: NS_ROSTER }));
    this.#roster = query ? rosterFromXml(query) : new Map();
    this.hooks.roster(this.list(), undefined);
  }

  /** A new session means all presence we knew is stale (RFC 6121 §4.4: the server resends it). */
  clearPresence(): void {
    const bares = [...this.#presence.keys()];
    for (const [, resources] of this.#presence)
      for (const jid of resources.keys()) this.hooks.resource(jid, undefined);
    this.#presence.clear();
    for (const bare of bares) this.hooks.presence(bare, []);
  }

  async set(jid: string, name: string | undefined, groups: readonly string[]): Promise<void> {
    this.#requireBare(jid);
    await this.xmpp.iqCaller.set(rosterSetQuery({ jid, ...(name !== undefined ? { name } : {}), groups }));
  }

  async remove(jid: string): Promise<void> {
    this.#requireBare(jid);
    if (!this.#roster.has(jid)) throw new InvalidStateError(`${jid} is not in the roster`);
    await this.xmpp.iqCaller.set(rosterSetQuery({ remove: jid }));
  }

  async rename(jid: string, name: string): Promise<void> {
    const item = this.#roster.get(jid);
    if (!item) throw new InvalidStateError(`${jid} is not in the roster`);
    await this.set(jid, name === '' ? undefined : name, item.groups);
  }

  get(jid: string): RosterItem | undefined {
    return this.#roster.get(jid);
  }

  /** §3.1.1 subscribe / §3.1.4 approve (subscribed) / deny or cancel (unsubscribed) / §3.3 unsubscribe. */
  async sendSubscription(
    type: 'subscribe' | 'subscribed' | 'unsubscribed' | 'unsubscribe',
    jid: string,
  ): Promise<void> {
    this.#requireBare(jid);
    await this.xmpp.send(xml('presence', { to: jid, type }));
  }

  #requireBare(jid: string): void {
    if (typeof jid !== 'string' || !/^[^@/\s]+@[^@/\s]+$/.test(jid))
      throw new TypeError(`not a bare JID: ${String(jid)}`);
  }

  #onPush(ctx: IqContext): Element | boolean {
    const own = this.xmpp.jid?.toString() ?? '';
    const checked = checkRosterPush(ctx.stanza, own);
    if ('error' in checked) {
      const type = checked.error === 'forbidden' ? 'auth' : 'modify';
      return xml('error', { type }, xml(checked.error, { xmlns: NS_STANZAS }));
    }
    this.#roster = applyRosterChange(this.#roster, checked.change);
    this.hooks.roster(this.list(), checked.change);
    return true;
  }

  #onPresence(el: Element): void {
    const event = presenceEventFromXml(el);
    if (!event) return;
    switch (event.kind) {
      case 'available': {
        const bare = bareJid(event.presence.jid).toLowerCase();
        let resources = this.#presence.get(bare);
        if (!resources) this.#presence.set(bare, (resources = new Map()));
        resources.set(event.presence.jid, event.presence);
        this.hooks.resource(event.presence.jid, event.presence);
        this.hooks.presence(bare, [...resources.values()]);
        return;
      }
      case 'unavailable':
      case 'error': {
        const jid = event.kind === 'error' ? event.from : event.jid;
        const bare = bareJid(jid).toLowerCase();
        const resources = this.#presence.get(bare);
        if (!resources) return;
        const gone = goneResources(event.kind, jid, resources.keys());
        if (gone.length === 0) return;
        for (const g of gone) {
          resources.delete(g);
          this.hooks.resource(g, undefined);
        }
        if (resources.size === 0) this.#presence.delete(bare);
        this.hooks.presence(bare, [...resources.values()]);
        return;
      }
      default:
        this.hooks.subscription(event);
    }
  }
}

/**
 * Which known resources a received unavailable or error presence ends. RFC 6121 §4.5.3: unavailable
 * from a full JID ends that resource; from the bare JID (a server speaking for the account) all of
 * them. A presence error is only a bounce of something we sent (RFC 6120 §8.1, RFC 6121 §4.3.2): the
 * server answers for a session that is gone, e.g. a hibernating XEP-0198 session expiring after a
 * reload, while the account's other resources live on. From a full JID it ends that resource only;
 * from the bare JID it says nothing about any resource, so it ends none (issue #11, defect 3).
 */
export function goneResources(kind: 'unavailable' | 'error', jid: string, known: Iterable<string>): string[] {
  const all = [...known];
  if (jid.includes('/')) return all.filter((k) => sameJid(k, jid));
  return kind === 'unavailable' ? all : [];
}
