// Settings from flags or environment (flags win); the table of them is settings.ts. Everything is
// validated up front so a bad setting stops the process with a sentence naming the flag, the
// variable and the expected form.
import { parseIceServersJson, type IceSettings } from './ice-config.js';
import { parseRedisUrl } from './link-store.js';
import { parseRateSpec, type RateSpec } from './rate-limit.js';
import { helpText, SETTINGS, type Setting, type SettingKey } from './settings.js';

export interface ComponentConfig {
  xmppHost: string;
  xmppPort: number;
  /** The component's own domain (XEP-0114), e.g. bridge.localhost. */
  domain: string;
  secret: string;
  /** Users of this domain may create call links; default: `domain` without its first label. */
  userDomain: string;
  http: { host: string; port: number };
  /** Base URL put in call links, without a trailing slash. */
  publicUrl: string;
  /** Undefined: a random key is made at start, and links die with the process. */
  linkKey: Buffer | undefined;
  connLimit: RateSpec;
  callLimit: RateSpec;
  ringTimeoutMs: number;
  /** echo@ limits (the call layer's defaults apply when absent: 4 calls, 5 minutes). */
  echoMaxCalls?: number;
  echoMaxCallMs?: number;
  /** STUN/TURN for guests from settings; absent: asked of the server with XEP-0215 (ice.ts). */
  ice?: IceSettings;
  /** Redis shared by all instances for single-use link state (link-store.ts); absent: in memory. */
  linkStore?: { host: string; port: number };
  /** This instance's own domain on the same connection; guest JIDs use it (docs/scaling.md). */
  instanceDomain?: string;
}

export type ConfigResult =
  | { kind: 'config'; config: ComponentConfig; warnings: string[] }
  | { kind: 'help'; text: string }
  | { kind: 'error'; errors: string[] };

export function parseConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult {
  const errors: string[] = [];
  const flags = new Map<string, string>();
  const byFlag = new Map<string, SettingKey>(
    Object.entries(SETTINGS).map(([k, s]) => [s.flag, k as SettingKey]),
  );
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: helpText() };
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const key = m?.[1] === undefined ? undefined : byFlag.get(m[1]);
    if (m === null || key === undefined) {
      errors.push(`unknown argument "${arg}" (see --help)`);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) errors.push(`--${m[1]} needs a value`);
    else flags.set(key, value);
  }
  const raw = (k: SettingKey): string | undefined => {
    const s: Setting = SETTINGS[k];
    return flags.get(k) ?? (env[s.env] === '' ? undefined : env[s.env]) ?? s.default;
  };
  const where = (k: SettingKey): string => `--${SETTINGS[k].flag} / ${SETTINGS[k].env}`;

  const xmppHost = raw('xmppHost') ?? '';
  const xmppPort = parsePort(raw('xmppPort') ?? '');
  if (xmppPort === undefined)
    errors.push(`${where('xmppPort')} must be a port number 1-65535, got "${raw('xmppPort')}"`);
  const domain = (raw('domain') ?? '').toLowerCase();
  if (domain === '')
    errors.push(`${where('domain')} is required (the component domain, e.g. bridge.localhost)`);
  else if (!isDomain(domain)) errors.push(`${where('domain')} must be a domain name, got "${domain}"`);
  const secret = raw('secret') ?? '';
  if (secret === '') errors.push(`${where('secret')} is required (the server's component_secret)`);
  const dot = domain.indexOf('.');
  const userDomain = (raw('userDomain') ?? (dot > 0 ? domain.slice(dot + 1) : '')).toLowerCase();
  if (domain !== '' && !isDomain(userDomain))
    errors.push(`${where('userDomain')} must be a domain name, got "${userDomain}"`);
  const http = parseHostPort(raw('http') ?? '');
  if (http === undefined)
    errors.push(`${where('http')} must be host:port (e.g. 127.0.0.1:8090), got "${raw('http')}"`);
  const hostForUrl = http === undefined ? '' : http.host.includes(':') ? `[${http.host}]` : http.host;
  const publicUrl = (raw('publicUrl') ?? `http://${hostForUrl}:${http?.port ?? 0}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl))
    errors.push(`${where('publicUrl')} must be an http(s) URL, got "${publicUrl}"`);
  const keyText = raw('linkKey');
  if (keyText !== undefined && keyText.length < 32)
    errors.push(`${where('linkKey')} must be at least 32 characters (try: openssl rand -base64 32)`);
  const connLimit = parseRateSpec(raw('connLimit') ?? '');
  if (connLimit === undefined)
    errors.push(`${where('connLimit')} must be N/seconds (e.g. 30/60), got "${raw('connLimit')}"`);
  const callLimit = parseRateSpec(raw('callLimit') ?? '');
  if (callLimit === undefined)
    errors.push(`${where('callLimit')} must be N/seconds (e.g. 5/60), got "${raw('callLimit')}"`);
  const ring = Number(raw('ringTimeout'));
  if (!Number.isInteger(ring) || ring < 1 || ring > 3600)
    errors.push(`${where('ringTimeout')} must be whole seconds 1-3600, got "${raw('ringTimeout')}"`);
  const echoCalls = Number(raw('echoMaxCalls'));
  if (!Number.isInteger(echoCalls) || echoCalls < 0 || echoCalls > 1000)
    errors.push(`${where('echoMaxCalls')} must be a whole number 0-1000, got "${raw('echoMaxCalls')}"`);
  const echoSecs = Number(raw('echoMaxDuration'));
  if (!Number.isInteger(echoSecs) || echoSecs < 1 || echoSecs > 86_400)
    errors.push(`${where('echoMaxDuration')} must be whole seconds 1-86400, got "${raw('echoMaxDuration')}"`);
  const ice = parseIce(raw, where, errors);
  const instanceDomain = raw('instanceDomain')?.toLowerCase();
  if (instanceDomain !== undefined && (!isDomain(instanceDomain) || instanceDomain === domain))
    errors.push(
      `${where('instanceDomain')} must be a domain name other than the component domain, got "${instanceDomain}"`,
    );
  const storeText = raw('linkStore');
  const linkStore = storeText === undefined ? undefined : parseRedisUrl(storeText);
  if (storeText !== undefined && linkStore === undefined)
    errors.push(`${where('linkStore')} must be redis://host:port, got "${storeText}"`);

  if (
    errors.length > 0 ||
    xmppPort === undefined ||
    http === undefined ||
    connLimit === undefined ||
    callLimit === undefined
  ) {
    return { kind: 'error', errors };
  }
  const warnings =
    keyText === undefined
      ? [
          `no ${SETTINGS.linkKey.env} set: using a random link key, so call links stop working when the component restarts`,
        ]
      : [];
  return {
    kind: 'config',
    warnings,
    config: {
      xmppHost,
      xmppPort,
      domain,
      secret,
      userDomain,
      http,
      publicUrl,
      linkKey: keyText === undefined ? undefined : Buffer.from(keyText, 'utf8'),
      connLimit,
      callLimit,
      ringTimeoutMs: ring * 1000,
      echoMaxCalls: echoCalls,
      echoMaxCallMs: echoSecs * 1000,
      ...(ice !== undefined ? { ice } : {}),
      ...(linkStore !== undefined ? { linkStore } : {}),
      ...(instanceDomain !== undefined ? { instanceDomain } : {}),
    },
  };
}

/** Guest STUN/TURN settings (ice-config.ts); undefined when none are given. */
function parseIce(
  raw: (k: SettingKey) => string | undefined,
  where: (k: SettingKey) => string,
  errors: string[],
): IceSettings | undefined {
  const json = raw('iceServers');
  const servers = json === undefined ? { ok: true as const, servers: [] } : parseIceServersJson(json);
  if (!servers.ok) errors.push(`${where('iceServers')} ${servers.error}`);
  const turnText = raw('turnServer');
  const secret = raw('turnSecret');
  const turnAt = turnText === undefined ? undefined : parseHostPort(turnText);
  if (turnText !== undefined && turnAt === undefined)
    errors.push(`${where('turnServer')} must be host:port (e.g. turn.example.com:3478), got "${turnText}"`);
  if ((turnText === undefined) !== (secret === undefined))
    errors.push(`${where('turnServer')} and ${where('turnSecret')} go together`);
  const ttl = Number(raw('turnTtl'));
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 7 * 86_400)
    errors.push(`${where('turnTtl')} must be whole seconds 60-604800, got "${raw('turnTtl')}"`);
  if (json === undefined && turnText === undefined) return undefined;
  return {
    servers: servers.ok ? servers.servers : [],
    turn:
      turnAt !== undefined && secret !== undefined
        ? { host: turnAt.host, port: turnAt.port, secret, ttlSeconds: ttl }
        : undefined,
  };
}

function parsePort(s: string): number | undefined {
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

function parseHostPort(s: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(s);
  if (m === null) return undefined;
  const port = parsePort(m[3] ?? '');
  const host = m[1] ?? m[2];
  return port === undefined || host === undefined ? undefined : { host, port };
}

const isDomain = (s: string): boolean =>
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(s);
