// The component's settings, one row each: flag, environment variable, help and default. config.ts
// reads and validates them; the --help text is built from the same rows, so the two cannot drift.

export interface Setting {
  flag: string;
  env: string;
  help: string;
  default?: string;
}

export const SETTINGS = {
  xmppHost: {
    flag: 'xmpp-host',
    env: 'JB_COMPONENT_XMPP_HOST',
    help: 'XMPP server host for the component connection',
    default: '127.0.0.1',
  },
  xmppPort: {
    flag: 'xmpp-port',
    env: 'JB_COMPONENT_XMPP_PORT',
    help: 'XEP-0114 component port of the server',
    default: '5347',
  },
  domain: {
    flag: 'domain',
    env: 'JB_COMPONENT_DOMAIN',
    help: 'component domain, e.g. bridge.example.com (required)',
  },
  secret: {
    flag: 'secret',
    env: 'JB_COMPONENT_SECRET',
    help: 'component secret shared with the server (required; prefer the variable: flags show in ps)',
  },
  userDomain: {
    flag: 'user-domain',
    env: 'JB_COMPONENT_USER_DOMAIN',
    help: 'users of this domain may create call links (default: the component domain without its first label)',
  },
  http: {
    flag: 'http',
    env: 'JB_COMPONENT_HTTP',
    help: 'HTTP listen address host:port for guest pages',
    default: '127.0.0.1:8090',
  },
  publicUrl: {
    flag: 'public-url',
    env: 'JB_COMPONENT_PUBLIC_URL',
    help: 'base URL of guest pages in call links (default: http://<http>)',
  },
  linkKey: {
    flag: 'link-key',
    env: 'JB_COMPONENT_LINK_KEY',
    help: 'call-link signing key, at least 32 characters (default: random per start; links die with restarts)',
  },
  connLimit: {
    flag: 'conn-limit',
    env: 'JB_COMPONENT_CONN_LIMIT',
    help: 'guest page and socket requests per client address, N/seconds',
    default: '30/60',
  },
  callLimit: {
    flag: 'call-limit',
    env: 'JB_COMPONENT_CALL_LIMIT',
    help: 'calls per client address, N/seconds',
    default: '5/60',
  },
  ringTimeout: {
    flag: 'ring-timeout',
    env: 'JB_COMPONENT_RING_TIMEOUT',
    help: 'seconds a guest call rings before it ends unanswered',
    default: '60',
  },
  echoMaxCalls: {
    flag: 'echo-max-calls',
    env: 'JB_COMPONENT_ECHO_MAX_CALLS',
    help: 'concurrent calls to echo@; more are refused as busy',
    default: '4',
  },
  echoMaxDuration: {
    flag: 'echo-max-duration',
    env: 'JB_COMPONENT_ECHO_MAX_DURATION',
    help: 'seconds after which an echo test call ends',
    default: '300',
  },
  iceServers: {
    flag: 'ice-servers',
    env: 'JB_COMPONENT_ICE_SERVERS',
    help: 'STUN/TURN servers for guests as a JSON array of {urls, username?, credential?} (default: ask the XMPP server, XEP-0215)',
  },
  turnServer: {
    flag: 'turn-server',
    env: 'JB_COMPONENT_TURN_SERVER',
    help: 'host:port of a TURN server using a shared secret (coturn use-auth-secret); guests get credentials minted from --turn-secret',
  },
  turnSecret: {
    flag: 'turn-secret',
    env: 'JB_COMPONENT_TURN_SECRET',
    help: "the TURN server's shared secret (coturn static-auth-secret; prefer the variable)",
  },
  turnTtl: {
    flag: 'turn-ttl',
    env: 'JB_COMPONENT_TURN_TTL',
    help: 'seconds minted TURN credentials stay valid (the longest call that can keep its relay)',
    default: '86400',
  },
  linkStore: {
    flag: 'link-store',
    env: 'JB_COMPONENT_LINK_STORE',
    help: 'redis://host:port shared by every instance of this component domain, for single-use link state (default: none, this instance alone)',
  },
  instanceDomain: {
    flag: 'instance-domain',
    env: 'JB_COMPONENT_INSTANCE_DOMAIN',
    help: "this instance's own domain, served by the same server connection (a second host of the server's component listener): guest JIDs use it, so their stanzas reach this instance in a cluster (default: the component domain)",
  },
} as const satisfies Record<string, Setting>;
export type SettingKey = keyof typeof SETTINGS;

export function helpText(): string {
  const rows = Object.values(SETTINGS).map((s: Setting) => {
    const def = s.default === undefined ? '' : ` [default: ${s.default}]`;
    return `  --${s.flag} <value>   (${s.env})\n      ${s.help}${def}`;
  });
  return [
    'Usage: jingle-bridge-component [options]',
    '',
    'Every option can also be set by the environment variable in brackets.',
    '',
    ...rows,
    '  --help',
    '      this text',
    '',
  ].join('\n');
}
