// `npm start` options: every flag has an environment variable, flags win. Parsing is pure so it is
// tested without starting anything.

export interface StartOptions {
  host: string;
  domain: string;
  componentDomain: string;
  c2sPort: number;
  httpPort: number;
  componentPort: number;
  turnPort: number;
  webPort: number;
  /** 0: Prosody (the default). N >= 2: N ejabberd nodes in one cluster, a component instance on each. */
  cluster: number;
  turn: boolean;
  /** Point the web app at an existing XMPP server (ws:// or wss://); then no Prosody/coturn here. */
  xmppService: string | undefined;
  runtimeDir: string;
  install: boolean;
  help: boolean;
}

interface OptionSpec {
  flag: string;
  env: string;
  key: keyof StartOptions;
  kind: 'port' | 'string' | 'bool' | 'negate' | 'count';
  help: string;
}

export const OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--host',
    env: 'JB_HOST',
    key: 'host',
    kind: 'string',
    help: 'address every server binds to (default 127.0.0.1)',
  },
  {
    flag: '--domain',
    env: 'JB_DOMAIN',
    key: 'domain',
    kind: 'string',
    help: 'XMPP domain (default localhost)',
  },
  {
    flag: '--component-domain',
    env: 'JB_COMPONENT_DOMAIN',
    key: 'componentDomain',
    kind: 'string',
    help: 'bridge component domain (default bridge.<domain>)',
  },
  {
    flag: '--c2s-port',
    env: 'JB_C2S_PORT',
    key: 'c2sPort',
    kind: 'port',
    help: 'XMPP client port (default 5222)',
  },
  {
    flag: '--http-port',
    env: 'JB_HTTP_PORT',
    key: 'httpPort',
    kind: 'port',
    help: "Prosody's HTTP/WebSocket port (default 5280)",
  },
  {
    flag: '--component-port',
    env: 'JB_COMPONENT_PORT',
    key: 'componentPort',
    kind: 'port',
    help: 'XEP-0114 component port (default 5347)',
  },
  {
    flag: '--turn-port',
    env: 'JB_TURN_PORT',
    key: 'turnPort',
    kind: 'port',
    help: 'coturn STUN/TURN port, UDP and TCP (default 3478)',
  },
  {
    flag: '--web-port',
    env: 'JB_WEB_PORT',
    key: 'webPort',
    kind: 'port',
    help: 'web app HTTP port (default 8080)',
  },
  {
    flag: '--cluster',
    env: 'JB_CLUSTER',
    key: 'cluster',
    kind: 'count',
    help: 'N ejabberd nodes in one cluster (2-8) with a component on each, instead of Prosody (docs/scaling.md)',
  },
  {
    flag: '--no-turn',
    env: 'JB_NO_TURN',
    key: 'turn',
    kind: 'negate',
    help: 'do not start coturn (no XEP-0215 services)',
  },
  {
    flag: '--xmpp-service',
    env: 'JB_XMPP_SERVICE',
    key: 'xmppService',
    kind: 'string',
    help: 'ws(s):// URL of an existing XMPP server: serve the web app only',
  },
  {
    flag: '--runtime',
    env: 'JB_RUNTIME',
    key: 'runtimeDir',
    kind: 'string',
    help: 'runtime folder (default ./runtime)',
  },
  {
    flag: '--no-install',
    env: 'JB_NO_INSTALL',
    key: 'install',
    kind: 'negate',
    help: 'never apt-get install missing packages',
  },
  { flag: '--help', env: '', key: 'help', kind: 'bool', help: 'show this text' },
];

export const DEFAULTS: Omit<StartOptions, 'componentDomain'> = {
  host: '127.0.0.1',
  domain: 'localhost',
  c2sPort: 5222,
  httpPort: 5280,
  componentPort: 5347,
  turnPort: 3478,
  webPort: 8080,
  cluster: 0,
  turn: true,
  xmppService: undefined,
  runtimeDir: 'runtime',
  install: true,
  help: false,
};

export function helpText(): string {
  const rows = OPTIONS.map((o) => {
    const arg = o.kind === 'port' || o.kind === 'count' ? ' N' : o.kind === 'string' ? ' VALUE' : '';
    return `  ${(o.flag + arg).padEnd(26)}${(o.env || '').padEnd(22)}${o.help}`;
  });
  return [
    'Usage: npm start -- [options]',
    'Starts Prosody, coturn, the bridge component (if built) and the web app on loopback, with demo accounts.',
    'A port of 0 means any free port. Ctrl-C stops everything.',
    '',
    `  ${'flag'.padEnd(26)}${'environment'.padEnd(22)}meaning`,
    ...rows,
  ].join('\n');
}

export class OptionError extends Error {
  override readonly name = 'OptionError';
}

type Mutable = { -readonly [K in keyof StartOptions]: StartOptions[K] };

export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): StartOptions {
  const out: Partial<Mutable> = {};
  const set = (spec: OptionSpec, raw: string | undefined, source: string) => {
    const o = out as Record<string, unknown>;
    if (spec.kind === 'bool') o[spec.key] = true;
    else if (spec.kind === 'negate') o[spec.key] = false;
    else if (spec.kind === 'port') o[spec.key] = parsePort(raw, source);
    else if (spec.kind === 'count') o[spec.key] = parseNodes(raw, source);
    else {
      if (raw === undefined || raw === '') throw new OptionError(`${source} needs a value`);
      o[spec.key] = raw;
    }
  };
  for (const spec of OPTIONS) {
    const v = spec.env ? env[spec.env] : undefined;
    if (v === undefined || v === '') continue;
    if (spec.kind === 'negate' || spec.kind === 'bool') {
      if (v === '1' || v === 'true') set(spec, v, spec.env);
      else if (v !== '0' && v !== 'false')
        throw new OptionError(`${spec.env} must be 1 or 0, not ${JSON.stringify(v)}`);
    } else set(spec, v, spec.env);
  }
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const spec = OPTIONS.find((o) => o.flag === name || (name === '-h' && o.key === 'help'));
    if (!spec) throw new OptionError(`unknown option ${JSON.stringify(arg)} (see --help)`);
    if (spec.kind === 'port' || spec.kind === 'string' || spec.kind === 'count') {
      const value = inline ?? argv[(i += 1)];
      set(spec, value, spec.flag);
    } else set(spec, undefined, spec.flag);
  }
  const merged = { ...DEFAULTS, ...out };
  const xmppService = merged.xmppService;
  if (xmppService !== undefined && !/^wss?:\/\/[^/\s]+/.test(xmppService)) {
    throw new OptionError(`--xmpp-service must be a ws:// or wss:// URL, not ${JSON.stringify(xmppService)}`);
  }
  if (merged.cluster > 0 && xmppService !== undefined)
    throw new OptionError(
      '--cluster and --xmpp-service exclude each other (one starts servers, the other uses yours)',
    );
  return { ...merged, componentDomain: out.componentDomain ?? `bridge.${merged.domain}` };
}

function parseNodes(raw: string | undefined, source: string): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 2 || Number(raw) > 8)
    throw new OptionError(
      `${source} must be a number of ejabberd nodes 2-8, not ${JSON.stringify(raw ?? '')}`,
    );
  return Number(raw);
}

function parsePort(raw: string | undefined, source: string): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new OptionError(
      `${source} must be a port number 0-65535 (0 = any free port), not ${JSON.stringify(raw ?? '')}`,
    );
  }
  return Number(raw);
}

export function isLoopback(host: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === 'localhost';
}
