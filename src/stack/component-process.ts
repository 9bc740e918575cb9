// The bridge component process (built by src/component into dist/component/main.js), started when
// it exists. Its settings travel as JB_COMPONENT_* variables (docs/running.md lists them).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { PACKAGE_ROOT } from './prosody-config.js';
import type { ProsodySettings } from './prosody-config.js';
import { startService } from './service.js';
import type { RunningService } from './service.js';

export const COMPONENT_MAIN = `${PACKAGE_ROOT}dist/component/main.js`;

/** What `npm start` adds to the Prosody-derived settings; the harness and tests set `http` too. */
export interface ComponentExtras {
  /** JB_COMPONENT_LINK_KEY: the same key at every start, so call links survive a restart. */
  linkKey?: string;
  /** JB_COMPONENT_HTTP, host:port of the guest pages (default the component's 127.0.0.1:8090). */
  http?: string;
  /** JB_COMPONENT_LINK_STORE: redis://host:port shared by the instances of a cluster. */
  linkStore?: string;
  /** JB_COMPONENT_INSTANCE_DOMAIN: this instance's own address in a cluster (docs/scaling.md). */
  instanceDomain?: string;
  /** Any other JB_COMPONENT_* settings (bench/cluster.ts raises the rate limits). */
  env?: Record<string, string>;
}

/** What the component needs to know about the server it connects to (Prosody or an ejabberd node). */
export type ComponentServer = Pick<
  ProsodySettings,
  'host' | 'domain' | 'componentDomain' | 'componentSecret' | 'componentPort' | 'turn'
>;

export function componentEnv(p: ComponentServer, extra: ComponentExtras = {}): Record<string, string> {
  return {
    ...(extra.linkKey !== undefined ? { JB_COMPONENT_LINK_KEY: extra.linkKey } : {}),
    ...(extra.http !== undefined ? { JB_COMPONENT_HTTP: extra.http } : {}),
    ...(extra.linkStore !== undefined ? { JB_COMPONENT_LINK_STORE: extra.linkStore } : {}),
    ...(extra.instanceDomain !== undefined ? { JB_COMPONENT_INSTANCE_DOMAIN: extra.instanceDomain } : {}),
    ...extra.env,
    // The names src/component/config.ts reads (docs/component.md, settings table).
    JB_COMPONENT_XMPP_HOST: p.host,
    JB_COMPONENT_XMPP_PORT: String(p.componentPort),
    JB_COMPONENT_DOMAIN: p.componentDomain,
    JB_COMPONENT_SECRET: p.componentSecret,
    JB_COMPONENT_USER_DOMAIN: p.domain,
    JB_COMPONENT_ECHO_BIND: p.host,
    // Prosody 0.12 answers XEP-0215 from a component with <forbidden/>, so the component mints the
    // guests' TURN credentials itself from coturn's secret (docs/component.md "ICE servers for guests").
    ...(p.turn
      ? {
          JB_COMPONENT_TURN_SERVER: `${p.turn.host.includes(':') ? `[${p.turn.host}]` : p.turn.host}:${p.turn.port}`,
          JB_COMPONENT_TURN_SECRET: p.turn.secret,
        }
      : {}),
  };
}

/** The component's own minimum (src/component/config.ts): an HMAC key of at least 32 characters. */
export const MIN_LINK_KEY_LENGTH = 32;

/**
 * The call-link key for every component start of this runtime folder: the administrator's
 * JB_COMPONENT_LINK_KEY when set, else one kept in `file` (made once, mode 0600), so links stay
 * valid across component restarts and across `npm start` runs until they expire.
 */
export function componentLinkKey(
  file: string,
  given: string | undefined,
): { key: string; source: 'environment' | 'file' | 'new' } | { error: string } {
  if (given !== undefined && given !== '') {
    return given.length >= MIN_LINK_KEY_LENGTH
      ? { key: given, source: 'environment' }
      : { error: `JB_COMPONENT_LINK_KEY must be at least ${MIN_LINK_KEY_LENGTH} characters` };
  }
  const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (kept.length >= MIN_LINK_KEY_LENGTH) return { key: kept, source: 'file' };
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: 'new' };
}

export interface ComponentStart {
  service: RunningService | undefined;
  /** Connected to Prosody within the wait (XEP-0114 handshake done). */
  connected: boolean;
  note: string;
}

export async function startComponentProcess(
  p: ComponentServer,
  logFile: string,
  extra: ComponentExtras = {},
): Promise<ComponentStart> {
  if (!existsSync(COMPONENT_MAIN)) {
    return {
      service: undefined,
      connected: false,
      note: 'process not built yet (no dist/component/main.js); Prosody accepts it when it connects',
    };
  }
  const offset = existsSync(logFile) ? statSync(logFile).size : 0;
  const service = await startService({
    name: 'bridge component',
    command: process.execPath,
    args: [COMPONENT_MAIN],
    cwd: PACKAGE_ROOT,
    env: componentEnv(p, extra),
    outputFile: logFile,
    readyPorts: [],
  });
  // "Ready" must mean echo@ and call links work: wait for the XEP-0114 handshake, which the component
  // logs (src/component/bridge.ts), not just for the process to exist.
  const connected = await logShows(logFile, offset, 'connected to ', CONNECT_WAIT_MS);
  const state = connected ? 'connected' : `started, not connected after ${CONNECT_WAIT_MS / 1000} s`;
  return { service, connected, note: `${state} (pid ${service.pid}, log ${logFile})` };
}

const CONNECT_WAIT_MS = 10_000;

async function logShows(file: string, offset: number, text: string, timeoutMs: number): Promise<boolean> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (existsSync(file) && readFileSync(file, 'utf8').slice(offset).includes(text)) return true;
    await sleep(50);
  }
  return false;
}
