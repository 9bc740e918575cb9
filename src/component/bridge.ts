// Composition of the component: XMPP connection + router + entities, guest HTTP/WebSocket server,
// rate limits and link bookkeeping. The call layer plugs in through `guests` events, `echo.extension`,
// `guestStanzas` and `onReconnect` (docs/component.md "Seams").
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Element } from 'ltx';
import type { WebSocketServer } from 'ws';
import { CallLinkCommand } from './adhoc.js';
import type { ComponentConfig } from './config.js';
import { DomainEntity } from './domain.js';
import { EchoEntity } from './echo.js';
import { ECHO_LOCAL } from './entities.js';
import { signCallTicket, verifyCallTicket } from './guest/call-ticket.js';
import { GUEST_PREFIX, GuestRegistry } from './guest/registry.js';
import { GUEST_END, type GuestSession } from './guest/session.js';
import { attachGuestSockets } from './guest/ws.js';
import { createGuestHttpServer, linkChecker } from './http.js';
import { GuestIceServers } from './ice.js';
import { redisLinkStore } from './link-store.js';
import { LinkUses } from './link-uses.js';
import { RateLimiter } from './rate-limit.js';
import { XmppRouter, type EntityHandler } from './router.js';
import { newLinkKey } from './token.js';
import { ComponentConnection } from './xmpp.js';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

export interface BridgeComponent {
  readonly xmpp: ComponentConnection;
  readonly router: XmppRouter;
  readonly guests: GuestRegistry;
  readonly echo: EchoEntity;
  readonly linkKey: Buffer;
  /** STUN/TURN servers handed to guests in `ready` (settings, else XEP-0215 from the user domain). */
  readonly ice: GuestIceServers;
  /** Stanzas to guest-<id>@ JIDs (the Jingle side of a bridged call); unset -> the router's defaults. */
  guestStanzas: ((session: GuestSession) => EntityHandler) | undefined;
  /** After an XMPP reconnect: Jingle sessions from before are gone (XEP-0114 has no XEP-0198). */
  onReconnect(fn: () => void): () => void;
  /** Starts HTTP first (links work at once), then XMPP; resolves when both are up. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The bound HTTP address (useful with port 0). */
  httpAddress(): { host: string; port: number };
}

export function createBridgeComponent(
  config: ComponentConfig,
  log: Logger,
  now: () => number = Date.now,
): BridgeComponent {
  const linkKey = config.linkKey ?? newLinkKey();
  // Shared with the other instances of this component domain when a store is set (docs/scaling.md).
  const store = config.linkStore && redisLinkStore({ ...config.linkStore, domain: config.domain, log });
  const linkUses = new LinkUses(store, log);
  const links = linkChecker(linkKey, linkUses, now);
  const connLimiter = new RateLimiter(config.connLimit);
  const xmpp = new ComponentConnection({
    host: config.xmppHost,
    port: config.xmppPort,
    domain: config.domain,
    secret: config.secret,
  });
  const ice = new GuestIceServers(config.ice, {
    request: (iq, timeoutMs) => xmpp.request(iq, timeoutMs),
    componentDomain: config.domain,
    userDomain: config.userDomain,
    now,
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    log,
  });
  const guests = new GuestRegistry({
    // In a cluster, guest JIDs carry this instance's own domain so stanzas for them reach this
    // process from any node (docs/scaling.md, "Addressing a guest").
    domain: config.instanceDomain ?? config.domain,
    linkUses,
    callLimiter: new RateLimiter(config.callLimit),
    ringTimeoutMs: config.ringTimeoutMs,
    now,
    available: () => xmpp.online,
    iceServers: (session) => ice.forGuest(`${GUEST_PREFIX}${session.id}`),
    tickets: {
      sign: (t) => signCallTicket(t, linkKey),
      verify: (ticket) => verifyCallTicket(ticket, linkKey, now()),
    },
  });
  const echo = new EchoEntity(config.domain);
  const command = new CallLinkCommand({
    userDomain: config.userDomain,
    publicUrl: config.publicUrl,
    linkKey,
    now,
  });
  const domain = new DomainEntity(config.domain, command);

  const bridge: BridgeComponent = {
    xmpp,
    guests,
    echo,
    linkKey,
    ice,
    guestStanzas: undefined,
    router: new XmppRouter(
      config.domain,
      (local) => {
        if (local === '') return domain;
        if (local === ECHO_LOCAL) return echo;
        if (!local.startsWith(GUEST_PREFIX)) return undefined;
        const session = guests.get(local);
        if (session === undefined) return undefined;
        return bridge.guestStanzas?.(session) ?? {};
      },
      (err, stanza) =>
        log.error(`handler failed on <${stanza.name}> from ${String(stanza.attrs['from'])}`, err),
      config.instanceDomain === undefined ? [] : [config.instanceDomain],
    ),
    onReconnect: (fn) => xmpp.on('reconnected', fn),
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.http.port, config.http.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { host, port } = bridge.httpAddress();
      log.info(`guest pages on http://${host}:${port}, links use ${config.publicUrl}`);
      await xmpp.start();
    },
    async stop() {
      ice.stop();
      guests.endAll(GUEST_END.shutdown);
      linkUses.close();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await xmpp.stop();
    },
    httpAddress() {
      const a = server.address() as AddressInfo | null;
      return { host: a?.address ?? config.http.host, port: a?.port ?? config.http.port };
    },
  };

  const server: Server = createGuestHttpServer({ links, connLimiter, now });
  const wss: WebSocketServer = attachGuestSockets(server, { links, connLimiter, guests, now });

  xmpp.on('stanza', (stanza: Element) => {
    void bridge.router.route(stanza).then(async (replies) => {
      for (const r of replies)
        await xmpp.send(r).catch((err: unknown) => log.warn(`reply not sent: ${String(err)}`));
    });
  });
  xmpp.on('online', () => {
    log.info(`connected to ${config.xmppHost}:${config.xmppPort} as ${config.domain}`);
    void ice.refresh();
  });
  xmpp.on('offline', () => {
    // No stream management on XEP-0114: calls being set up lost their JMI/Jingle exchange (the
    // owner's devices may never learn of them), so they end. Answered calls stay: their media is
    // browser to browser and their Jingle state is here, so after the reconnect the owner's client
    // can ask about the session (a session-info ping, XEP-0166 §6.8) and either side can hang up;
    // what we send meanwhile waits in CallIo.
    log.warn('XMPP connection lost; ending guest calls not yet answered, reconnecting');
    guests.endUnanswered(GUEST_END.serverRestarted);
  });
  xmpp.on('reconnected', () => log.info('XMPP connection restored'));
  xmpp.on('error', (err) => log.warn(`XMPP: ${err.message}`));
  return bridge;
}
