// Test harness: a private ejabberd 23.01 (and coturn with `turn: true`) per call, on free loopback
// ports in a temporary folder, configured with prosody/README.md's snippet (ejabberd-config.ts).
// Shaped like tests/support/prosody.ts so the same tests and helpers take either server.
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { relayRange, startCoturn, writeCoturnConfig } from '../../src/stack/coturn-process.js';
import { claimPorts } from '../../src/stack/ports.js';
import { startService, type RunningService } from '../../src/stack/service.js';
import { renderEjabberdConfig, type EjabberdSettings } from '../../src/stack/ejabberd-config.js';
import { ejabberdUser, stopGroup } from '../../src/stack/ejabberd-process.js';
import { chownTree } from '../../src/stack/users.js';
import type { XmppServerHandle } from './server-handle.js';

export const EJABBERDCTL = '/usr/sbin/ejabberdctl';
export const EJABBERD_SKIP_REASON = `ejabberd is not installed (${EJABBERDCTL} missing): apt-get install ejabberd`;
export const hasEjabberd = (): boolean => existsSync(EJABBERDCTL);

/** Users and contacts go through mod_http_api on `apiPort` (loopback only). */
export interface EjabberdHandle extends XmppServerHandle {
  apiPort: number;
}

const HOST = '127.0.0.1';
const open = new Set<EjabberdHandle>();
let hooked = false;

const secret = () => randomBytes(18).toString('base64url');

export async function startEjabberd(
  opts: { turn?: boolean; users?: Array<[user: string, password: string]> } = {},
): Promise<EjabberdHandle> {
  if (!hooked) {
    hooked = true;
    // src/stack/service.ts kills the process groups on 'exit'; this removes the folders too.
    process.on('exit', () => {
      for (const h of open) rmSync(h.dir, { recursive: true, force: true });
    });
  }
  const turnOn = opts.turn ?? false;
  const [httpPort, componentPort, apiPort, distPort, turnPort] = await claimPorts(HOST, [
    { what: 'HTTP and WebSocket', option: '-', port: 0 },
    { what: 'XEP-0114 component', option: '-', port: 0 },
    { what: 'mod_http_api', option: '-', port: 0 },
    { what: 'Erlang distribution', option: '-', port: 0 },
    { what: 'TURN', option: '-', port: 0, udp: true },
  ]);
  if (!httpPort || !componentPort || !apiPort || !distPort || !turnPort) throw new Error('no free ports');
  const dir = mkdtempSync(`${tmpdir()}/jb-ejabberd-`);
  const user = ejabberdUser();
  const s: EjabberdSettings = {
    domain: 'localhost',
    componentDomain: 'bridge.localhost',
    componentSecret: secret(),
    httpPort,
    componentPort,
    apiPort,
    turn: { host: HOST, port: turnPort, secret: secret() },
  };
  const ej = `${dir}/ejabberd`;
  for (const sub of ['spool', 'logs']) mkdirSync(`${ej}/${sub}`, { recursive: true });
  chmodSync(dir, 0o711);
  writeFileSync(`${ej}/ejabberd.yml`, renderEjabberdConfig(s));
  // ERL_DIST_PORT makes ejabberdctl pass `-erl_epmd_port <port> -start_epmd false`: no epmd daemon
  // at all, so nothing outlives stop(). The -kernel option does what INET_DIST_INTERFACE does without
  // the extra `erl` run ejabberdctl would spend parsing it. A unique node name per run.
  writeFileSync(
    `${ej}/ejabberdctl.cfg`,
    [
      `ERLANG_NODE=jb${randomBytes(4).toString('hex')}@localhost`,
      `ERL_DIST_PORT=${distPort}`,
      'ERL_EPMD_ADDRESS=127.0.0.1',
      `ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0 -kernel inet_dist_use_interface {127,0,0,1}"`,
      `EJABBERD_PID_PATH=${ej}/ejabberd.pid`,
      '',
    ].join('\n'),
  );
  copyFileSync('/etc/ejabberd/inetrc', `${ej}/inetrc`);

  let coturn: RunningService | undefined;
  let ejabberd: RunningService | undefined;
  const startServer = () => {
    chownTree(ej, user);
    return startService({
      name: 'ejabberd',
      command: EJABBERDCTL,
      args: ['--config-dir', ej, '--spool', `${ej}/spool`, '--logs', `${ej}/logs`, 'foreground'],
      ...(user ? { user } : {}),
      cwd: ej,
      logFile: `${ej}/logs/ejabberd.log`,
      outputFile: `${ej}/ejabberd.out`,
      readyPorts: [httpPort, componentPort, apiPort].map((port) => ({ host: HOST, port })),
      readyTimeoutMs: 30_000,
    });
  };
  try {
    if (turnOn) {
      const c = { ...s.turn, realm: s.domain, ...relayRange(turnPort), dir: `${dir}/coturn` };
      writeCoturnConfig(c);
      coturn = await startCoturn(c);
    }
    ejabberd = await startServer();
  } catch (e) {
    await coturn?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const api = async (command: string, body: Record<string, string>): Promise<void> => {
    const res = await fetch(`http://${HOST}:${apiPort}/api/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`ejabberd ${command}: HTTP ${res.status} ${await res.text()}`);
  };
  const rosterItem = (a: string, b: string) =>
    api('add_rosteritem', {
      localuser: a,
      localhost: s.domain,
      user: b,
      host: s.domain,
      nick: b,
      group: '',
      subs: 'both',
    });

  let stopped = false;
  const handle: EjabberdHandle = {
    domain: s.domain,
    componentDomain: s.componentDomain,
    componentSecret: s.componentSecret,
    httpPort,
    componentPort,
    apiPort,
    wsUrl: `ws://${HOST}:${httpPort}/xmpp-websocket`,
    ...(turnOn ? { turn: s.turn } : {}),
    dir,
    pids: () => (stopped || !ejabberd ? [] : [ejabberd.pid, ...(coturn ? [coturn.pid] : [])]),
    register: (u, password) => api('register', { user: u, host: s.domain, password }),
    async makeContacts(a, b) {
      await rosterItem(a, b);
      await rosterItem(b, a);
    },
    async restart() {
      await stopGroup(ejabberd);
      ejabberd = await startServer();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      open.delete(handle);
      await Promise.all([stopGroup(ejabberd), coturn?.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  open.add(handle);
  try {
    for (const [u, password] of opts.users ?? []) await handle.register(u, password);
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}
