// XEP-0215 (v1.0) external service discovery: parse <services/>, map STUN/TURN entries to
// RTCIceServer-shaped entries, and compute when time-limited credentials must be refreshed.
// Pure, so the browser client (src/client/ice.ts) and the component, which hands the same entries
// to call-link guests (src/component/ice.ts), share one mapping.
// Deviation (docs/reference/xep-rules.md §12): `stuns` is dropped (no browser supports it) and
// `stun:` URLs carry no `?transport` (Chromium >= 110 rejects a query in STUN URLs).
import type { Element } from './ltx.js';
import { NS_EXTDISCO_1, NS_EXTDISCO_2 } from './ns.js';

/**
 * The subset of WebRTC's RTCIceServer we produce (this package builds without DOM types); it is
 * assignable to RTCIceServer. `urls` is one URL per entry.
 */
export interface IceServer {
  urls: string;
  username?: string;
  credential?: string;
}

export interface ExtService {
  type: string;
  host: string;
  port?: number;
  transport?: string;
  username?: string;
  password?: string;
  /** ms since epoch (XEP-0082 dateTime in the wire form). */
  expires?: number;
  /** `restricted='1'`: credentials must be asked for with <credentials/> (§3.3). */
  restricted: boolean;
  name?: string;
}

export function parseServices(parent: Element, ns: string): ExtService[] {
  return parent.getChildren('service', ns).flatMap((el): ExtService[] => {
    const a = el.attrs as Record<string, string | undefined>;
    if (!a['type'] || !a['host']) return [];
    const port = a['port'] !== undefined && /^\d{1,5}$/.test(a['port']) ? Number(a['port']) : undefined;
    const expires = a['expires'] !== undefined ? Date.parse(a['expires']) : NaN;
    return [
      {
        type: a['type'],
        host: a['host'],
        ...(port !== undefined && port > 0 && port < 65536 ? { port } : {}),
        ...(a['transport'] ? { transport: a['transport'] } : {}),
        ...(a['username'] !== undefined ? { username: a['username'] } : {}),
        ...(a['password'] !== undefined ? { password: a['password'] } : {}),
        ...(Number.isFinite(expires) ? { expires } : {}),
        restricted: a['restricted'] === '1' || a['restricted'] === 'true',
        ...(a['name'] !== undefined ? { name: a['name'] } : {}),
      },
    ];
  });
}

/** A TURN service that needs a <credentials/> request before it is usable. */
export function needsCredentials(s: ExtService): boolean {
  return (s.type === 'turn' || s.type === 'turns') && (s.username === undefined || s.password === undefined);
}

/** Same service (host, type, port) as the credentials answer names it (§3.3, port optional). */
export function sameService(a: ExtService, b: ExtService): boolean {
  return (
    a.type === b.type &&
    a.host === b.host &&
    (a.port === undefined || b.port === undefined || a.port === b.port)
  );
}

function hostPort(s: ExtService): string {
  const host = s.host.includes(':') && !s.host.startsWith('[') ? `[${s.host}]` : s.host;
  return s.port === undefined ? host : `${host}:${s.port}`;
}

/**
 * stun -> `stun:host:port`; turn -> `turn:host:port?transport=udp|tcp` + credentials;
 * turns -> `turns:host:port?transport=tcp` + credentials. TURN without credentials and anything
 * else (stuns, ftp, unknown transports) is skipped. Duplicates are merged.
 */
export function toIceServers(services: readonly ExtService[]): IceServer[] {
  const out: IceServer[] = [];
  const seen = new Set<string>();
  for (const s of services) {
    const transport = s.transport?.toLowerCase();
    let url: string | undefined;
    if (s.type === 'stun' && (transport === undefined || transport === 'udp')) url = `stun:${hostPort(s)}`;
    else if (s.type === 'turn' && (transport === 'udp' || transport === 'tcp'))
      url = `turn:${hostPort(s)}?transport=${transport}`;
    else if (s.type === 'turn' && transport === undefined) url = `turn:${hostPort(s)}`;
    else if (s.type === 'turns' && (transport === undefined || transport === 'tcp'))
      url = `turns:${hostPort(s)}?transport=tcp`;
    if (url === undefined) continue;
    const isTurn = s.type !== 'stun';
    if (isTurn && (s.username === undefined || s.password === undefined)) continue;
    const key = `${url}\n${s.username ?? ''}\n${s.password ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(isTurn ? { urls: url, username: s.username, credential: s.password } : { urls: url });
  }
  return out;
}

/**
 * Milliseconds until the credentials should be refreshed: before the earliest `expires` of a usable
 * TURN entry, leaving a fifth of the remaining lifetime (at most a minute) as margin for the round
 * trip and for calls being set up. Undefined when nothing expires.
 */
export function refreshDelay(services: readonly ExtService[], now: number): number | undefined {
  const expiries = services
    .filter((s) => s.expires !== undefined && s.type !== 'stun')
    .map((s) => s.expires as number);
  if (expiries.length === 0) return undefined;
  const left = Math.min(...expiries) - now;
  return Math.max(0, left - Math.min(60_000, Math.max(0, left) / 5));
}

/**
 * One XEP-0215 request: `<services/>` (§3.2), or `<credentials/>` naming one service (§3.3). The
 * caller sends it to its own server and returns the parsed entries of the answer's payload.
 */
export type ExtDiscoRequest = (
  ns: string,
  request: 'services' | 'credentials',
  service?: ExtService,
) => Promise<ExtService[]>;

/**
 * extdisco:2 first, `:1` only when `:2` is refused (docs/reference/xep-rules.md §12, docs/reference/deployed-clients.md §6), then
 * `<credentials/>` for each restricted TURN entry. A failed credentials request leaves the entry
 * without credentials, and toIceServers skips it.
 */
export async function discoverServices(ask: ExtDiscoRequest): Promise<ExtService[]> {
  let ns = NS_EXTDISCO_2;
  let services: ExtService[];
  try {
    services = await ask(ns, 'services');
  } catch (first) {
    ns = NS_EXTDISCO_1;
    try {
      services = await ask(ns, 'services');
    } catch {
      throw first;
    }
  }
  return Promise.all(services.map((s) => (needsCredentials(s) ? withCredentials(ask, ns, s) : s)));
}

async function withCredentials(ask: ExtDiscoRequest, ns: string, s: ExtService): Promise<ExtService> {
  try {
    const found = (await ask(ns, 'credentials', s)).find((c) => sameService(c, s));
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
