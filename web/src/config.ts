// Where to connect. `npm start` serves /config.json next to the app (src/stack/web.ts); without it
// (e.g. the app hosted elsewhere) the user types the server. Only the address and a server that
// differs from the served default are remembered: the password never touches storage (the
// browser's password manager can keep it, see docs/web-app.md).

export interface AppConfig {
  service: string | undefined;
  /** Every WebSocket endpoint of a cluster (docs/scaling.md); the client moves on when one is lost. */
  services?: string[];
  domain: string | undefined;
  componentDomain: string | undefined;
  /**
   * False when /config.json could not be fetched at all (no network, or the server is down): the
   * service worker opened the app from its cache, and the sign-in screen says there is no connection.
   * A 404 or bad JSON still counts as reachable (the app is hosted without a config).
   */
  reachable: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const NONE = { service: undefined, domain: undefined, componentDomain: undefined } as const;

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  let res: Response;
  try {
    res = await fetchImpl('./config.json', { cache: 'no-store' });
  } catch {
    return { ...NONE, reachable: false }; // fetch() rejects only when nothing answered
  }
  try {
    if (!res.ok) return { ...NONE, reachable: true };
    const json = (await res.json()) as Record<string, unknown> | null;
    const list = json?.['services'];
    const services = Array.isArray(list) ? list.filter((u): u is string => str(u) !== undefined) : [];
    return {
      service: str(json?.['service']),
      ...(services.length > 0 ? { services } : {}),
      domain: str(json?.['domain']),
      componentDomain: str(json?.['componentDomain']),
      reachable: true,
    };
  } catch {
    return { ...NONE, reachable: true };
  }
}

const KEY = { address: 'jb.address', server: 'jb.server' } as const;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled: nothing is remembered
  }
}

export interface Remembered {
  address: string;
  server: string;
}

export function recall(config: Pick<AppConfig, 'service'>): Remembered {
  const s = storage();
  return {
    address: s?.getItem(KEY.address) ?? '',
    server: s?.getItem(KEY.server) ?? config.service ?? '',
  };
}

export function remember(config: Pick<AppConfig, 'service'>, values: Remembered): void {
  const s = storage();
  if (!s) return;
  s.setItem(KEY.address, values.address);
  // A server equal to the served default is not pinned, so a new default (another port) wins.
  if (values.server === config.service) s.removeItem(KEY.server);
  else s.setItem(KEY.server, values.server);
}

/** `alice` becomes `alice@<domain>` when the served config names a domain. */
export function fullAddress(input: string, config: Pick<AppConfig, 'domain'>): string {
  const a = input.trim();
  return !a.includes('@') && config.domain ? `${a}@${config.domain}` : a;
}
