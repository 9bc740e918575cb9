// STUN/TURN servers from our own server (XEP-0215): fetch, complete credentials, refresh before
// they expire (also during long calls: listeners get the new list), and follow server pushes.
import { xml } from '../xmpp.js';
import type { IqCaller } from '../xmpp.js';
import type { Clock } from '../clock.js';
import { discoverServices } from '../../jingle/extdisco.js';
import { parseServices, refreshDelay, toIceServers } from '../../jingle/extdisco.js';
import type { ExtService } from '../../jingle/extdisco.js';

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

  /** XEP-0215 against our own server; the procedure is the core's (src/jingle/extdisco.ts). */
  #fetch(): Promise<ExtService[]> {
    const to = this.deps.domain();
    return discoverServices(async (ns, request, service) => {
      const payload = xml(
        request,
        { xmlns: ns },
        service ? xml('service', { type: service.type, host: service.host, port: service.port }) : undefined,
      );
      const el = await this.deps.iqCaller.get(payload, to);
      return el ? parseServices(el, ns) : [];
    });
  }
}
