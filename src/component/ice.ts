// The STUN/TURN servers each call-link guest gets in its `ready` message, so guests behind NAT can
// reach the owner; media stays browser to browser. Two sources (docs/component.md "ICE servers"):
// - settings (--ice-servers, --turn-server + --turn-secret): used whenever given, TURN REST
//   credentials minted per guest;
// - otherwise XEP-0215 asked of the user domain over the XEP-0114 link, cached and refreshed before
//   `expires` (§3.2), extdisco:2 first and :1 when :2 is refused, <credentials/> for restricted
//   entries (§3.3). Prosody 0.12 refuses components (<forbidden/>): then guests get no servers and a
//   warning names the settings.
import { Element } from 'ltx';
import {
  discoverServices,
  parseServices,
  refreshDelay,
  toIceServers,
  type ExtService,
  type IceServer,
} from '../jingle/extdisco.js';
import type { Timers } from './guest/session.js';
import { turnRestServices, type IceSettings } from './ice-config.js';

/** After a failed lookup, ask again this much later (the server's configuration rarely changes). */
export const ICE_RETRY_MS = 10 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Floor for refreshes, so a server handing out already-expired credentials is not asked in a loop. */
const MIN_REFRESH_MS = 30_000;

export interface GuestIceDeps {
  /** ComponentConnection.request: resolves with the result IQ, rejects with StanzaError/TimeoutError. */
  request(iq: Element, timeoutMs: number): Promise<Element>;
  /** Our component domain, the `from` of lookups (XEP-0114 stanzas must carry one). */
  componentDomain: string;
  /** The served XMPP domain, whose server announces its STUN/TURN services. */
  userDomain: string;
  now(): number;
  timers: Timers;
  log: { info(msg: string): void; warn(msg: string): void };
}

export class GuestIceServers {
  #services: ExtService[] = [];
  #timer: unknown;
  #generation = 0;
  #lastNote: string | undefined;

  constructor(
    private readonly settings: IceSettings | undefined,
    private readonly deps: GuestIceDeps,
  ) {}

  /** Where guests' servers come from: settings win over discovery. */
  get source(): 'settings' | 'xep-0215' {
    return this.settings === undefined ? 'xep-0215' : 'settings';
  }

  /**
   * The list for one guest (`user` names it in minted TURN usernames, e.g. guest-<id>). Discovered
   * entries past their `expires` are left out rather than handed out dead.
   */
  forGuest(user: string): IceServer[] {
    const now = this.deps.now();
    if (this.settings !== undefined) {
      const minted = this.settings.turn ? toIceServers(turnRestServices(this.settings.turn, user, now)) : [];
      return [...this.settings.servers.map((s) => ({ ...s })), ...minted];
    }
    return toIceServers(this.#services.filter((s) => s.expires === undefined || s.expires > now));
  }

  /** Looks the services up again (on every XMPP (re)connect); a no-op with settings. Never rejects. */
  async refresh(): Promise<void> {
    if (this.settings !== undefined) return;
    const generation = ++this.#generation;
    this.deps.timers.clearTimeout(this.#timer);
    let delay: number | undefined = ICE_RETRY_MS;
    try {
      const services = await this.#fetch();
      if (generation !== this.#generation) return;
      this.#services = services;
      const usable = toIceServers(services).length;
      this.#note(
        usable > 0
          ? `guests get ${usable} STUN/TURN server(s) from ${this.deps.userDomain} (XEP-0215)`
          : `XMPP server ${this.deps.userDomain} announces no usable STUN/TURN service (XEP-0215); guests behind NAT may fail to connect`,
        usable > 0,
      );
      const due = refreshDelay(services, this.deps.now());
      delay = due === undefined ? undefined : Math.max(MIN_REFRESH_MS, due);
    } catch (err) {
      if (generation !== this.#generation) return;
      const why = err instanceof Error ? err.message : String(err);
      this.#note(
        `XMPP server ${this.deps.userDomain} refused STUN/TURN discovery (XEP-0215): ${why}; guests get no STUN/TURN. ` +
          'Set --turn-server and --turn-secret, or --ice-servers (docs/component.md "ICE servers for guests")',
        false,
      );
    }
    if (delay !== undefined) {
      this.#timer = this.deps.timers.setTimeout(() => {
        if (generation === this.#generation) void this.refresh();
      }, delay);
    }
  }

  stop(): void {
    this.#generation++;
    this.deps.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Logs a change of outcome once, not every refresh. */
  #note(message: string, good: boolean): void {
    if (message === this.#lastNote) return;
    this.#lastNote = message;
    if (good) this.deps.log.info(message);
    else this.deps.log.warn(message);
  }

  #fetch(): Promise<ExtService[]> {
    return discoverServices((ns, request, service) => this.#ask(ns, request, service));
  }

  async #ask(ns: string, name: 'services' | 'credentials', service?: ExtService): Promise<ExtService[]> {
    const iq = new Element('iq', { type: 'get', to: this.deps.userDomain, from: this.deps.componentDomain });
    const q = iq.c(name, { xmlns: ns });
    if (service !== undefined)
      q.c('service', {
        type: service.type,
        host: service.host,
        ...(service.port ? { port: service.port } : {}),
      });
    const result = await this.deps.request(iq, REQUEST_TIMEOUT_MS);
    const payload = result.getChild(name, ns);
    return payload === undefined ? [] : parseServices(payload, ns);
  }
}
