// STUN/TURN servers from our own server (XEP-0215): fetch, complete credentials, refresh before
// they expire (also during long calls: listeners get the new list), and follow server pushes.
import { xml } from './xmpp.js';
import type { IqCaller } from './xmpp.js';
import type { Clock } from './clock.js';
import {
  NS_EXTDISCO_1,
  NS_EXTDISCO_2,
  needsCredentials,
  parseServices,
  refreshDelay,
  sameService,
  toIceServers,
} from './extdisco.js';
import type { ExtService } from './extdisco.js';

/** After a failed fetch, try again this much later (servers come back; credentials do not). */
const RETRY_MS = 60_000;

export interface IceServiceDeps {
  iqCaller: IqCaller;
  domain: () => string;
  clock: Clock;
  changed(servers: RTCIceServer[]): void;
  failed(error: unknown): void;
}

export class IceServers {
  #servers: RTCIceServer[] = [];
  #timer: unknown;
  #generation = 0;

  constructor(private readonly deps: IceServiceDeps) {}

  current(): RTCIceServer[] {
    return this.#servers.map((s) => ({ ...s }));
  }

  stop(): void {
    this.#generation++;
    this.deps.clock.clearTimeout(this.#timer);
  }

  async refresh(): Promise<RTCIceServer[]> {
    const generation = ++this.#generation;
    this.deps.clock.clearTimeout(this.#timer);
    try {
      const services = await this.#fetch();
      if (generation !== this.#generation) return this.current();
      this.#apply(toIceServers(services));
      const delay = refreshDelay(services, this.deps.clock.now());
      if (delay !== undefined) this.#schedule(delay, generation);
    } catch (error) {
      if (generation !== this.#generation) return this.current();
      this.deps.failed(error);
      this.#schedule(RETRY_MS, generation);
    }
    return this.current();
  }

  #schedule(ms: number, generation: number): void {
    this.#timer = this.deps.clock.setTimeout(() => {
      if (generation === this.#generation) void this.refresh();
    }, ms);
  }

  #apply(servers: RTCIceServer[]): void {
    if (JSON.stringify(servers) === JSON.stringify(this.#servers)) return;
    this.#servers = servers;
    this.deps.changed(this.current());
  }

  /** extdisco:2 first; `:1` only when `:2` is refused (jingle-requirements.md §12, interop.md §6). */
  async #fetch(): Promise<ExtService[]> {
    const to = this.deps.domain();
    let ns = NS_EXTDISCO_2;
    let services: ExtService[];
    try {
      services = await this.#services(to, ns);
    } catch (first) {
      ns = NS_EXTDISCO_1;
      try {
        services = await this.#services(to, ns);
      } catch {
        throw first;
      }
    }
    return Promise.all(services.map((s) => (needsCredentials(s) ? this.#credentials(to, ns, s) : s)));
  }

  async #services(to: string, ns: string): Promise<ExtService[]> {
    const el = await this.deps.iqCaller.get(xml('services', { xmlns: ns }), to);
    return el ? parseServices(el, ns) : [];
  }

  /** XEP-0215 §3.3; on error the entry stays without credentials and toIceServers skips it. */
  async #credentials(to: string, ns: string, s: ExtService): Promise<ExtService> {
    try {
      const el = await this.deps.iqCaller.get(
        xml('credentials', { xmlns: ns }, xml('service', { type: s.type, host: s.host, port: s.port })),
        to,
      );
      const found = el ? parseServices(el, ns).find((c) => sameService(c, s)) : undefined;
      if (!found?.username || found.password === undefined) return s;
      return {
        ...s,
        username: found.username,
        password: found.password,
        ...(found.expires !== undefined ? { expires: found.expires } : {}),
      };
    } catch {
      return s;
    }
  }
}
