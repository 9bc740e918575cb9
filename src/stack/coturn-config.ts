// coturn 4.6 configuration for loopback (docs/reference/test-environment.md §6). The TURN REST shared secret
// (use-auth-secret) is the same string Prosody's mod_turn_external signs credentials with.

export interface CoturnSettings {
  host: string;
  port: number;
  realm: string;
  secret: string;
  /** Relay ports: a small range keeps parallel stacks from colliding and is easy to reason about. */
  minRelayPort: number;
  maxRelayPort: number;
  dir: string;
}

export function coturnPaths(dir: string) {
  return {
    config: `${dir}/turnserver.conf`,
    log: `${dir}/turnserver.log`,
    pid: `${dir}/turnserver.pid`,
    db: `${dir}/turndb`,
  } as const;
}

export function renderCoturnConfig(s: CoturnSettings): string {
  const p = coturnPaths(s.dir);
  for (const [name, v] of [
    ['host', s.host],
    ['realm', s.realm],
    ['secret', s.secret],
  ] as const) {
    // One setting per line: a newline inside a value would inject another setting.
    if (/[\s#]/.test(v) || v === '')
      throw new TypeError(`coturn ${name} must be one word: ${JSON.stringify(v)}`);
  }
  return [
    '# jingle-bridge: coturn for the demo stack and tests. Loopback only, insecure by design.',
    `listening-ip=${s.host}`,
    `relay-ip=${s.host}`,
    `listening-port=${s.port}`,
    `min-port=${s.minRelayPort}`,
    `max-port=${s.maxRelayPort}`,
    // RFC 5780 would open a second (alternate) port we did not ask for.
    'no-rfc5780',
    'fingerprint',
    'use-auth-secret',
    `static-auth-secret=${s.secret}`,
    `realm=${s.realm}`,
    'no-tls',
    'no-dtls',
    'no-cli',
    // Peers in the demo and the tests are on 127.0.0.1; without this coturn answers 403 Forbidden IP.
    'allow-loopback-peers',
    'no-multicast-peers',
    `pidfile=${p.pid}`,
    `log-file=${p.log}`,
    'simple-log',
    `userdb=${p.db}`,
    '',
  ].join('\n');
}
