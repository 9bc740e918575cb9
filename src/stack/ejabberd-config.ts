// The ejabberd.yml of tests/support/ejabberd.ts and of `npm start -- --cluster N` (ejabberd-cluster.ts):
// an "existing ejabberd" (the modules of Debian's packaged 23.01 config) plus the `listen` and
// `modules` blocks read at run time from the snippet in prosody/README.md, so the tests prove exactly
// what the README tells admins to add.
import { readFileSync } from 'node:fs';

export interface EjabberdSettings {
  domain: string;
  componentDomain: string;
  componentSecret: string;
  httpPort: number;
  componentPort: number;
  /** Test-only listener for mod_http_api (fast registration and rosters), loopback only. */
  apiPort: number;
  /** A plain c2s listener on 127.0.0.1 (the cluster's nodes have one each); none when absent. */
  c2sPort?: number;
  /**
   * A second host of the component listener, for the one instance connected to this node (the
   * cluster's instance addressing, docs/scaling.md); none when absent.
   */
  instanceDomain?: string;
  turn: { host: string; port: number; secret: string };
}

const README = new URL('../../prosody/README.md', import.meta.url);

/** The YAML block under the README's "Existing ejabberd" heading. */
export function readmeSnippet(text = readFileSync(README, 'utf8')): string {
  const m = /^## Existing ejabberd[^\n]*\n[\s\S]*?```yaml\n([\s\S]*?)```/m.exec(text);
  if (!m?.[1]) throw new Error('prosody/README.md has no ```yaml block under "## Existing ejabberd"');
  return m[1];
}

/** Replaces exactly one occurrence, so a README edit that moves a placeholder fails loudly here. */
function once(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`README ejabberd snippet: expected "${from}" once`);
  return parts.join(to);
}

/** The snippet with only ports, hosts, secrets and the TURN address changed. */
export function localiseSnippet(snippet: string, s: EjabberdSettings): string {
  let y = snippet;
  // The TURN placeholders first, while every `port:` is still the README's: afterwards a listener's
  // real port such as 34781 contains "port: 3478" and got the TURN port spliced into it (an invalid
  // port, and ejabberd refused to start: about one cluster start in a few hundred).
  y = y.replaceAll('host: turn.example.org', `host: ${s.turn.host}`);
  y = y.replaceAll('port: 3478\n', `port: ${s.turn.port}\n`);
  // Loopback only (docs/reference/test-environment.md §1): the README's WebSocket listener binds every interface.
  y = once(y, '    port: 5443\n', `    port: ${s.httpPort}\n    ip: "127.0.0.1"\n`);
  // Tests speak plain ws:// on loopback; the README's `tls: true` is what production needs.
  y = once(y, '    tls: true\n', '    tls: false\n');
  y = once(y, '    port: 5347\n', `    port: ${s.componentPort}\n`);
  y = once(y, 'bridge.example.org:', `${s.componentDomain}:`);
  y = once(y, '"a long random string"', JSON.stringify(s.componentSecret));
  if (s.instanceDomain !== undefined) {
    const pw = `        password: ${JSON.stringify(s.componentSecret)}\n`;
    y = once(y, pw, `${pw}      ${s.instanceDomain}:\n${pw}`);
  }
  y = once(y, '"the static-auth-secret of coturn"', JSON.stringify(s.turn.secret));
  return y;
}

/** Modules of /etc/ejabberd/ejabberd.yml in Debian's ejabberd 23.01 (those an admin already has). */
const PACKAGED_MODULES: ReadonlyArray<[string, string]> = [
  ['mod_adhoc', '{}'],
  ['mod_admin_extra', '{}'],
  ['mod_avatar', '{}'],
  ['mod_blocking', '{}'],
  ['mod_caps', '{}'],
  ['mod_carboncopy', '{}'],
  ['mod_client_state', '{}'],
  ['mod_configure', '{}'],
  ['mod_disco', '{}'],
  ['mod_http_api', '{}'],
  ['mod_last', '{}'],
  ['mod_offline', '{}'],
  ['mod_ping', '{}'],
  ['mod_privacy', '{}'],
  ['mod_private', '{}'],
  ['mod_pubsub', '\n    plugins:\n      - flat\n      - pep'],
  ['mod_roster', '\n    versioning: true'],
  ['mod_stream_mgmt', '\n    resend_on_timeout: if_offline'],
  ['mod_stun_disco', '{}'],
  ['mod_vcard', '\n    search: false'],
  ['mod_vcard_xupdate', '{}'],
  ['mod_version', '{}'],
];

function section(snippet: string, name: 'listen' | 'modules'): string {
  const m = new RegExp(`^${name}:\\n((?:(?:  .*)?\\n)*)`, 'm').exec(snippet);
  if (!m?.[1]) throw new Error(`README ejabberd snippet has no top-level "${name}:"`);
  return m[1].trimEnd() + '\n';
}

export function renderEjabberdConfig(s: EjabberdSettings, snippet = readmeSnippet()): string {
  const local = localiseSnippet(snippet, s);
  const readmeModules = section(local, 'modules');
  // The README's entries replace the packaged ones of the same name (a YAML map has unique keys).
  const kept = PACKAGED_MODULES.filter(([name]) => !new RegExp(`^  ${name}:`, 'm').test(readmeModules));
  return [
    'loglevel: info',
    'hosts:',
    `  - ${s.domain}`,
    'auth_password_format: scram',
    // acl and access_rules as packaged: mod_stun_disco's `access` defaults to the `local` rule.
    'acl:',
    '  local:',
    '    user_regexp: ""',
    '  loopback:',
    '    ip:',
    '      - 127.0.0.0/8',
    'access_rules:',
    '  local:',
    '    allow: local',
    '  c2s:',
    '    deny: blocked',
    '    allow: all',
    '  trusted_network:',
    '    allow: loopback',
    'api_permissions:',
    '  "admin access":',
    '    who:',
    '      access:',
    '        allow:',
    '          - acl: loopback',
    '    what:',
    '      - "*"',
    'listen:',
    section(local, 'listen').trimEnd(),
    '  -',
    `    port: ${s.apiPort}`,
    '    ip: "127.0.0.1"',
    '    module: ejabberd_http',
    '    request_handlers:',
    '      /api: mod_http_api',
    ...(s.c2sPort === undefined
      ? []
      : ['  -', `    port: ${s.c2sPort}`, '    ip: "127.0.0.1"', '    module: ejabberd_c2s']),
    'modules:',
    ...kept.map(([name, value]) => `  ${name}: ${value}`.replace(': \n', ':\n')),
    readmeModules,
  ].join('\n');
}
