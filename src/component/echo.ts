// echo@<domain>: always online, accepts every subscription (RFC 6121 §3.1.3: subscribed, then
// subscribe back so the user sees it online), answers probes with caps (XEP-0115 §4) and disco#info
// plain and at node#ver (XEP-0115 §6.2). Calls to it plug in through `extension` (the echo media).
import { Element } from 'ltx';
import { bareJid } from '../jingle/jid.js';
import { NS_DISCO_INFO, NS_DISCO_ITEMS } from '../jingle/ns.js';
import { CAPS_NODE, capsElement, capsVer, discoInfoQuery, discoItemsQuery } from './caps.js';
import { ECHO_INFO, ECHO_LOCAL } from './entities.js';
import type { EntityHandler, IqOutcome } from './router.js';

export class EchoEntity implements EntityHandler {
  readonly jid: string;
  readonly ver = capsVer(ECHO_INFO);
  /** The echo service's call handling (Jingle IQs, JMI messages); consulted before the defaults. */
  extension: EntityHandler | undefined;

  constructor(domain: string) {
    this.jid = `${ECHO_LOCAL}@${domain}`;
  }

  /** Available presence with caps, to one user. */
  presenceTo(to: string): Element {
    const p = new Element('presence', { from: this.jid, to });
    p.cnode(capsElement(ECHO_INFO));
    return p;
  }

  async iq(iq: Element): Promise<IqOutcome | undefined> {
    const ext = await this.extension?.iq?.(iq);
    if (ext !== undefined) return ext;
    const q = iq.getChildElements()[0];
    if (iq.attrs['type'] !== 'get' || q?.name !== 'query') return undefined;
    const node = q.attrs['node'] as string | undefined;
    if (q.attrs['xmlns'] === NS_DISCO_INFO) {
      if (node !== undefined && node !== `${CAPS_NODE}#${this.ver}`) return { error: 'itemNotFound' };
      return { result: discoInfoQuery(ECHO_INFO, node) };
    }
    if (q.attrs['xmlns'] === NS_DISCO_ITEMS) {
      return node === undefined ? { result: discoItemsQuery([]) } : { error: 'itemNotFound' };
    }
    return undefined;
  }

  async message(message: Element): Promise<Element[]> {
    return (await this.extension?.message?.(message)) ?? [];
  }

  presence(p: Element): Element[] {
    const from = p.attrs['from'] as string;
    const user = bareJid(from);
    switch (p.attrs['type']) {
      case 'subscribe':
        return [
          new Element('presence', { from: this.jid, to: user, type: 'subscribed' }),
          new Element('presence', { from: this.jid, to: user, type: 'subscribe' }),
          this.presenceTo(user),
        ];
      case 'unsubscribe':
        return [new Element('presence', { from: this.jid, to: user, type: 'unsubscribed' })];
      case 'probe':
        return [this.presenceTo(from)];
      case undefined:
        // A user's available presence reaches us when we are subscribed to it, e.g. when the user
        // comes online after our (re)connect, when no probe will come: answer so it sees us online.
        return [this.presenceTo(from)];
      default:
        // subscribed, unsubscribed, unavailable: nothing to do, we keep no roster.
        return [];
    }
  }
}
