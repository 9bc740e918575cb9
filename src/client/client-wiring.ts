// The services createClient() builds on the connection, each wired to the client's events: contacts
// (roster and presence), contacts' features (XEP-0115 caps, XEP-0030 disco#info) and our STUN/TURN
// servers (XEP-0215), plus the IQs we answer for them.
import {
  Contacts,
  FeatureCache,
  answerDiscoInfo,
  discoInfoFromXml,
  type DiscoInfo,
} from './contacts/index.js';
import type { ClientEvents } from './api.js';
import type { Clock } from './clock.js';
import { toError, type TypedEmitter } from '../jingle/emitter.js';
import { NS_DISCO_INFO, NS_EXTDISCO_2 } from '../jingle/ns.js';
import { IceServers } from './calls/index.js';
import { xml, type XmppClient } from './xmpp.js';

export interface ClientServicesDeps {
  xmpp: XmppClient;
  events: TypedEmitter<ClientEvents>;
  domain: string;
  clock: Clock;
  /** What we answer disco#info with; `ver` is computed at start(). */
  caps: () => { info: DiscoInfo; capsNode: string; ver: string };
  /** `ClientOptions.iceServers`: false turns STUN/TURN discovery off. */
  iceServers: boolean | undefined;
}

export function wireServices({ xmpp, events, domain, clock, caps, iceServers }: ClientServicesDeps): {
  contacts: Contacts;
  cache: FeatureCache;
  ice: IceServers;
} {
  const contacts = new Contacts(xmpp, {
    roster: (items, change) => events.emit('roster', items, change),
    presence: (b, resources) => events.emit('presence', b, resources),
    subscription: (e) => events.emit('subscription', e),
    resource: (jid, presence) => {
      if (!presence) cache.forget(jid);
      else if (jid !== xmpp.jid?.toString()) void cache.onPresence(jid, presence.caps);
    },
  });

  const cache = new FeatureCache({
    query: async (jid, node) => {
      const query = await xmpp.iqCaller.get(xml('query', { xmlns: NS_DISCO_INFO, node }), jid);
      if (!query) throw new Error(`empty disco#info answer from ${jid}`);
      return discoInfoFromXml(query);
    },
    changed: (jid, features) => events.emit('features', jid, features),
    failed: () => undefined, // a contact that does not answer disco simply cannot be called
  });

  const ice = new IceServers({
    iqCaller: xmpp.iqCaller,
    domain: () => domain,
    clock,
    changed: (servers) => events.emit('iceServers', servers),
    failed: (error) => events.emit('error', toError(error)),
  });

  xmpp.iqCallee.get(NS_DISCO_INFO, 'query', answerDiscoInfo(caps));
  // XEP-0215 §3.4 push: acknowledge, then refetch everything (simpler than applying add/modify/remove).
  xmpp.iqCallee.set(NS_EXTDISCO_2, 'services', (ctx) => {
    const from = ctx.stanza.attrs['from'];
    if (from !== undefined && from !== domain) return undefined;
    if (iceServers !== false) void ice.refresh();
    return true;
  });

  return { contacts, cache, ice };
}
