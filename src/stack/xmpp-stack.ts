// Prosody (+ coturn) in one folder, on loopback: the one implementation behind `npm start` and the
// test harness (tests/support/prosody.ts).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { writeAccount, writeContacts, writeServiceContact } from './accounts.js';
import { makeCertificate } from './certs.js';
import { relayRange, startCoturn, writeCoturnConfig } from './coturn-process.js';
import type { CoturnSettings } from './coturn-config.js';
import { claimPorts } from './ports.js';
import { prosodyPaths, renderProsodyConfig } from './prosody-config.js';
import type { ProsodySettings } from './prosody-config.js';
import { startService } from './service.js';
import type { RunningService } from './service.js';
import { chownTree, serviceUser } from './users.js';

export interface XmppStackOptions {
  /** Created if missing; gets prosody/ and coturn/ subfolders. */
  dir: string;
  host?: string;
  domain?: string;
  componentDomain?: string;
  /** 0 (the default) picks a free port. */
  ports?: { c2s?: number; http?: number; component?: number; turn?: number };
  turn?: boolean;
  componentSecret?: string;
  turnSecret?: string;
  smacksHibernationSeconds?: number;
}

export interface XmppStack {
  readonly prosody: ProsodySettings;
  readonly coturn: CoturnSettings | undefined;
  readonly wsUrl: string;
  readonly pids: () => number[];
  register(user: string, password: string): void;
  makeContacts(a: string, b: string): void;
  /** Puts a service JID (e.g. echo@<component domain>) in a user's roster. */
  addServiceContact(user: string, service: string, name: string): void;
  restartProsody(): Promise<void>;
  /** The processes running now; `npm start` watches them (supervisor.ts). */
  services(): { prosody: RunningService; coturn: RunningService | undefined };
  /** Starts a server that died again, with the same config, data and ports. */
  respawn(which: 'Prosody' | 'coturn'): Promise<RunningService>;
  /** Resolves with the name of the first server that exits without being asked to. */
  watch(): Promise<string>;
  stop(): Promise<void>;
}

const secret = () => randomBytes(18).toString('base64url');

export async function startXmppStack(o: XmppStackOptions): Promise<XmppStack> {
  const host = o.host ?? '127.0.0.1';
  const domain = o.domain ?? 'localhost';
  const turnOn = o.turn ?? false;
  const [c2sPort, httpPort, componentPort, turnPort] = await claimPorts(host, [
    { what: 'XMPP client-to-server', option: '--c2s-port / JB_C2S_PORT', port: o.ports?.c2s ?? 0 },
    { what: 'HTTP and WebSocket', option: '--http-port / JB_HTTP_PORT', port: o.ports?.http ?? 0 },
    {
      what: 'XEP-0114 component',
      option: '--component-port / JB_COMPONENT_PORT',
      port: o.ports?.component ?? 0,
    },
    ...(turnOn
      ? [
          {
            what: 'TURN',
            option: '--turn-port / JB_TURN_PORT (or --no-turn)',
            port: o.ports?.turn ?? 0,
            udp: true,
          },
        ]
      : []),
  ]);
  if (c2sPort === undefined || httpPort === undefined || componentPort === undefined)
    throw new Error('unreachable');

  const prosodyUser = serviceUser('prosody');
  mkdirSync(o.dir, { recursive: true });
  chmodSync(o.dir, 0o711); // the service users must traverse it, not list it
  const prosodyDir = `${o.dir}/prosody`;
  const coturnDir = `${o.dir}/coturn`;

  const coturn: CoturnSettings | undefined =
    turnOn && turnPort !== undefined
      ? {
          host,
          port: turnPort,
          realm: domain,
          secret: o.turnSecret ?? secret(),
          ...relayRange(turnPort),
          dir: coturnDir,
        }
      : undefined;
  const prosody: ProsodySettings = {
    host,
    domain,
    componentDomain: o.componentDomain ?? `bridge.${domain}`,
    componentSecret: o.componentSecret ?? secret(),
    c2sPort,
    httpPort,
    componentPort,
    dir: prosodyDir,
    ...(coturn ? { turn: { host, port: coturn.port, secret: coturn.secret } } : {}),
    ...(o.smacksHibernationSeconds !== undefined
      ? { smacksHibernationSeconds: o.smacksHibernationSeconds }
      : {}),
  };

  const pp = prosodyPaths(prosodyDir);
  mkdirSync(pp.data, { recursive: true });
  chmodSync(prosodyDir, 0o750); // the config holds the component and TURN secrets
  writeFileSync(pp.config, renderProsodyConfig(prosody));
  if (!existsSync(pp.cert) || !existsSync(pp.key)) {
    makeCertificate(pp.cert, pp.key, [domain, prosody.componentDomain], host);
  }
  const prosodyOwner = prosodyUser;

  let coturnService: RunningService | undefined;
  if (coturn) {
    mkdirSync(coturnDir, { recursive: true });
    chmodSync(coturnDir, 0o750);
    writeCoturnConfig(coturn);
    coturnService = await startCoturn(coturn);
  }

  const startProsodyService = () => {
    // UIDs change when the package is reinstalled: re-own the folder at every start.
    chownTree(prosodyDir, prosodyOwner);
    return startService({
      name: 'Prosody',
      command: 'prosody',
      args: ['-F', '--config', pp.config],
      ...(prosodyOwner ? { user: prosodyOwner } : {}),
      cwd: prosodyDir,
      logFile: pp.log,
      outputFile: `${prosodyDir}/prosody.out`,
      readyPorts: [c2sPort, httpPort, componentPort].map((port) => ({ host, port })),
    });
  };
  let prosodyService: RunningService;
  try {
    prosodyService = await startProsodyService();
  } catch (e) {
    await coturnService?.stop();
    throw e;
  }

  let stopped = false;
  return {
    prosody,
    coturn,
    wsUrl: `ws://${host}:${httpPort}/xmpp-websocket`,
    pids: () => (stopped ? [] : [prosodyService.pid, ...(coturnService ? [coturnService.pid] : [])]),
    register: (user, password) => writeAccount(pp.data, domain, user, password, prosodyOwner),
    makeContacts: (a, b) => writeContacts(pp.data, domain, a, b, prosodyOwner),
    addServiceContact: (user, service, name) =>
      writeServiceContact(pp.data, domain, user, service, name, prosodyOwner),
    async restartProsody() {
      await prosodyService.stop();
      prosodyService = await startProsodyService();
    },
    services: () => ({ prosody: prosodyService, coturn: coturnService }),
    async respawn(which) {
      if (which === 'Prosody') return (prosodyService = await startProsodyService());
      if (!coturn) throw new Error('this stack runs no coturn');
      return (coturnService = await startCoturn(coturn));
    },
    watch: () =>
      Promise.race([
        prosodyService.exited.then(() => 'Prosody'),
        ...(coturnService ? [coturnService.exited.then(() => 'coturn')] : []),
      ]),
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([prosodyService.stop(), coturnService?.stop()]);
    },
  };
}
