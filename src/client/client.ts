// createClient(): the Client object over the connection, contacts, disco/caps and STUN/TURN. Options
// are checked and defaulted in client-options.ts; the services and their events are wired in
// client-wiring.ts, calls in calls/wire.ts.
import type { Element } from 'ltx';
import { bareJid, jidDomain } from '../jingle/jid.js';
import type { Client, ClientEvents, ClientOptions } from './api.js';
import { checkClientOptions, connectionOptions } from './client-options.js';
import { wireServices } from './client-wiring.js';
import { systemClock } from './clock.js';
import { Connection, discoverWebSocket } from './connection/index.js';
import { TypedEmitter, errorReportingEmitter, toError } from '../jingle/emitter.js';
import { ClientError, InvalidStateError } from './errors.js';
import {
  callableResources,
  capsVer,
  ourDiscoInfo,
  ownPresence,
  type Availability,
} from './contacts/index.js';
import { xml } from './xmpp.js';
import { watchOutages } from './outage/index.js';
import { createCallLayer, requestCallLink } from './calls/index.js';

export const DEFAULT_CAPS_NODE = 'urn:xmpp:jingle-bridge:client';

export function createClient(options: ClientOptions): Client {
  checkClientOptions(options);
  const domain = jidDomain(bareJid(options.jid));
  const clock = options.clock ?? systemClock;
  const capsNode = options.capsNode ?? DEFAULT_CAPS_NODE;
  const info = ourDiscoInfo(options.extraFeatures);
  let ver = '';
  /** Bumped by start() and stop(): a stop() during start()'s first awaits cancels it. */
  let runs = 0;
  let own: { availability: Availability; status: string | undefined } = {
    availability: 'available',
    status: undefined,
  };

  // A listener that breaks is reported as an `error` (unless it was an `error` listener: that would loop).
  const events = errorReportingEmitter<ClientEvents>();

  const connection = new Connection(connectionOptions(options, clock), {
    state: (s) => events.emit('state', s),
    online: (o) => void onOnline(o),
    error: (e) => events.emit('error', e),
    lost: (stanza) => internal.emit('lost', stanza),
  });
  const { xmpp } = connection;
  const internal = new TypedEmitter<{ lost: [Element] }>((error) => events.emit('error', toError(error)));

  const { contacts, cache, ice } = wireServices({
    xmpp,
    events,
    domain,
    clock,
    caps: () => ({ info, capsNode, ver }),
    iceServers: options.iceServers,
  });

  const sendUnavailable = () => xmpp.send(xml('presence', { type: 'unavailable' }));
  const sendPresence = () => xmpp.send(ownPresence(own.availability, own.status, { node: capsNode, ver }));

  async function onOnline({ resumed }: { resumed: boolean; jid: string }) {
    try {
      if (!resumed) {
        // XEP-0198 §5: after resumption roster and presence are still valid; otherwise start over.
        contacts.clearPresence();
        await contacts.fetch();
        await sendPresence();
        if (options.iceServers !== false) void ice.refresh();
      }
    } catch (error) {
      events.emit('error', toError(error));
    }
    events.emit('online', { jid: xmpp.jid?.toString() ?? '', resumed, mechanism: connection.mechanism });
  }

  function requireOnline(what: string) {
    if (connection.state !== 'online')
      throw new InvalidStateError(`${what} needs an online client (state: ${connection.state})`);
  }

  const client: Client = {
    get state() {
      return connection.state;
    },
    get jid() {
      return xmpp.jid?.toString();
    },
    async start() {
      const run = ++runs;
      ver ||= await capsVer(info);
      if (!xmpp.options.service)
        xmpp.options.service = await discoverWebSocket(domain, options.fetch ?? ((u) => fetch(u)));
      if (run !== runs) throw new ClientError('unreachable', 'stopped before connecting');
      let off = () => {};
      const online = new Promise<void>((resolve) => {
        off = events.on('online', () => resolve());
      });
      try {
        await connection.start();
        await online; // roster fetched and presence sent
      } finally {
        off();
      }
    },
    async stop() {
      runs++;
      ice.stop();
      // RFC 6121 §4.5.1: unavailable before the stream closes, written at once (a page being hidden
      // may not run later tasks), so contacts see us leave now rather than when an XEP-0198
      // hibernating session expires.
      if (connection.state === 'online') void sendUnavailable().catch(() => undefined);
      await connection.stop();
    },
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    roster: {
      list: () => contacts.list(),
      async add(jid, opts = {}) {
        requireOnline('roster.add()');
        await contacts.set(jid, opts.name, opts.groups ?? []);
        if (opts.subscribe !== false) await contacts.sendSubscription('subscribe', jid);
      },
      remove: async (jid) => (requireOnline('roster.remove()'), contacts.remove(jid)),
      rename: async (jid, name) => (requireOnline('roster.rename()'), contacts.rename(jid, name)),
      approve: async (jid) => (
        requireOnline('roster.approve()'),
        contacts.sendSubscription('subscribed', jid)
      ),
      deny: async (jid) => (requireOnline('roster.deny()'), contacts.sendSubscription('unsubscribed', jid)),
      subscribe: async (jid) => (
        requireOnline('roster.subscribe()'),
        contacts.sendSubscription('subscribe', jid)
      ),
    },
    presence: {
      async set(availability, status) {
        own = { availability, status };
        if (connection.state === 'online') await sendPresence();
      },
      own: () => ({ ...own }),
      of: (b) => contacts.resources(b),
    },
    features: (fullJid) => cache.get(fullJid),
    canCall: (b, opts = {}) =>
      callableResources(
        contacts
          .resources(b)
          .sort((x, y) => y.priority - x.priority)
          .map((r) => [r.jid, cache.get(r.jid)]),
        opts.video === true,
      ),
    iceServers: () => ice.current(),
    refreshIceServers: async () => (requireOnline('refreshIceServers()'), ice.refresh()),
    call: (jid, callOptions) => callLayer.call(jid, callOptions),
    get calls() {
      return callLayer.calls;
    },
    createCallLink(componentDomain, linkOptions) {
      if (typeof componentDomain !== 'string' || componentDomain === '')
        throw new TypeError('createCallLink(): componentDomain must be a domain');
      return requestCallLink(xmpp.iqCaller, componentDomain, linkOptions);
    },
    internals: {
      xmpp,
      iqCaller: xmpp.iqCaller,
      iqCallee: xmpp.iqCallee,
      onStanza(name, handler) {
        const listener = (el: Element) => {
          if (el.name !== name) return;
          try {
            handler(el);
          } catch (error) {
            events.emit('error', toError(error));
          }
        };
        xmpp.on('stanza', listener);
        return () => void xmpp.removeListener('stanza', listener);
      },
      send: (stanza) => xmpp.send(stanza),
      onLost: (handler) => internal.on('lost', handler),
    },
  };
  // Calls (issue #5): Jingle IQ handler, JMI messages and the call manager live in calls/wire.ts.
  const callLayer = createCallLayer(
    client,
    clock,
    {
      incoming: (call) => events.emit('incoming-call', call),
      history: (entry) => events.emit('call-history', entry),
      error: (error) => events.emit('error', error),
    },
    options.calls,
  );
  watchOutages(client, xmpp, callLayer.manager);
  return client;
}
