// `npm start -- --cluster N`: N ejabberd nodes in one cluster (ejabberd-cluster.ts), coturn, Redis
// for the component instances' shared single-use link state, the demo accounts, and one bridge
// component process per node serving the same component domain (docs/scaling.md).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { startComponentProcess, type ComponentStart } from './component-process.js';
import type { CoturnSettings } from './coturn-config.js';
import { relayRange, startCoturn, writeCoturnConfig } from './coturn-process.js';
import {
  instanceDomain,
  startEjabberdCluster,
  type ClusterNode,
  type EjabberdCluster,
} from './ejabberd-cluster.js';
import { claimPorts } from './ports.js';
import { startRedis } from './redis-server.js';
import type { RunningService } from './service.js';
import { supervise, type Supervisor } from './supervisor.js';

export const CLUSTER_PACKAGES = ['ejabberd', 'redis-server'] as const;
/** Guest pages of instance i listen on GUEST_HTTP_BASE + i - 1 (the component's default is 8090). */
const GUEST_HTTP_BASE = 8090;

export interface ClusterStackOptions {
  dir: string;
  host: string;
  domain: string;
  componentDomain: string;
  nodes: number;
  /** Node 1's ports; node i gets port + i - 1 (0: any free port for every node). */
  ports: { c2s: number; http: number; component: number; turn?: number };
  linkKey: string;
  accounts: ReadonlyArray<{ user: string; password: string }>;
  say: (line: string) => void;
}

export interface ClusterStack {
  readonly nodes: readonly ClusterNode[];
  readonly wsUrls: string[];
  readonly turn: CoturnSettings | undefined;
  readonly redis: { host: string; port: number };
  readonly components: ComponentStart[];
  /** The lines `npm start` prints, one per node. */
  lines(): string[];
  stop(): Promise<void>;
}

const nth = (base: number, i: number) => (base === 0 ? 0 : base + i);

export async function startClusterStack(o: ClusterStackOptions): Promise<ClusterStack> {
  const idx = Array.from({ length: o.nodes }, (_, i) => i);
  const requests = [
    { what: 'epmd (Erlang node names)', option: '-', port: 0 },
    { what: 'Redis', option: '-', port: 0 },
    ...(o.ports.turn !== undefined
      ? [
          {
            what: 'TURN (UDP+TCP)',
            option: '--turn-port / JB_TURN_PORT (or --no-turn)',
            port: o.ports.turn,
            udp: true,
          },
        ]
      : []),
    ...idx.flatMap((i) => [
      {
        what: `node ${i + 1} XMPP client-to-server`,
        option: '--c2s-port / JB_C2S_PORT',
        port: nth(o.ports.c2s, i),
      },
      {
        what: `node ${i + 1} ejabberd HTTP/WebSocket`,
        option: '--http-port / JB_HTTP_PORT',
        port: nth(o.ports.http, i),
      },
      {
        what: `node ${i + 1} XEP-0114 component`,
        option: '--component-port / JB_COMPONENT_PORT',
        port: nth(o.ports.component, i),
      },
      { what: `node ${i + 1} mod_http_api (accounts)`, option: '-', port: 0 },
      { what: `instance ${i + 1} guest pages`, option: '-', port: GUEST_HTTP_BASE + i },
    ]),
  ];
  const ports = await claimPorts(o.host, requests);
  const take = () => ports.shift() as number;
  const epmdPort = take();
  const redisPort = take();
  const turnPort = o.ports.turn !== undefined ? take() : undefined;
  const nodePorts = idx.map(() => ({
    c2s: take(),
    http: take(),
    component: take(),
    api: take(),
    guest: take(),
  }));

  mkdirSync(o.dir, { recursive: true });
  chmodSync(o.dir, 0o711);
  const secret = () => randomBytes(18).toString('base64url');
  const componentSecret = secret();
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };

  try {
    let turn: CoturnSettings | undefined;
    if (turnPort !== undefined) {
      turn = {
        host: o.host,
        port: turnPort,
        realm: o.domain,
        secret: secret(),
        ...relayRange(turnPort),
        dir: `${o.dir}/coturn`,
      };
      writeCoturnConfig(turn);
      const coturn: RunningService = await startCoturn(turn);
      cleanups.push(() => coturn.stop());
    }
    const redis = await startRedis({ dir: `${o.dir}/redis`, host: o.host, port: redisPort });
    cleanups.push(() => redis.stop());

    const cluster: EjabberdCluster = await startEjabberdCluster({
      dir: `${o.dir}/ejabberd`,
      host: o.host,
      domain: o.domain,
      componentDomain: o.componentDomain,
      componentSecret,
      // Without coturn, mod_stun_disco still needs an address: it lists one nobody answers on.
      turn: turn ?? { host: o.host, port: 3478, secret: secret() },
      ports: nodePorts.map(({ c2s, http, component, api }) => ({ c2s, http, component, api })),
      epmdPort,
      cookie: secret(),
      tag: 'jb',
    });
    cleanups.push(() => cluster.stop());

    // Accounts and rosters go to node 1; Mnesia replicates them to every node.
    for (const a of o.accounts)
      await cluster.api('register', { user: a.user, host: o.domain, password: a.password });
    const item = (a: string, b: string, host: string, nick: string) =>
      cluster.api('add_rosteritem', {
        localuser: a,
        localhost: o.domain,
        user: b,
        host,
        nick,
        group: '',
        subs: 'both',
      });
    for (const [i, a] of o.accounts.entries())
      for (const b of o.accounts.slice(i + 1)) {
        await item(a.user, b.user, o.domain, b.user);
        await item(b.user, a.user, o.domain, a.user);
      }
    for (const a of o.accounts) await item(a.user, 'echo', o.componentDomain, 'Echo test');

    // One component process per node, each with its own guest pages and instance address.
    const components: ComponentStart[] = [];
    const watches: Supervisor[] = [];
    for (const [i, node] of cluster.nodes.entries()) {
      const p = nodePorts[i] as (typeof nodePorts)[number];
      const settings = {
        host: o.host,
        domain: o.domain,
        componentDomain: o.componentDomain,
        componentSecret,
        componentPort: node.ports.component,
        ...(turn ? { turn: { host: turn.host, port: turn.port, secret: turn.secret } } : {}),
      };
      const extras = {
        linkKey: o.linkKey,
        http: `${o.host}:${p.guest}`,
        linkStore: `redis://${o.host}:${redisPort}`,
        instanceDomain: instanceDomain(o.componentDomain, i + 1),
      };
      const log = `${o.dir}/component-${i + 1}.log`;
      const started = await startComponentProcess(settings, log, extras);
      components.push(started);
      if (started.service) {
        watches.push(
          supervise(started.service, {
            name: `component ${i + 1}`,
            restart: async () => {
              const again = await startComponentProcess(settings, log, extras);
              if (!again.service) throw new Error(again.note);
              return { service: again.service, note: `pid ${again.service.pid}` };
            },
            report: o.say,
          }),
        );
      }
      const s = node.service();
      if (s)
        watches.push(
          supervise(s, {
            name: `ejabberd node ${i + 1}`,
            restart: async () => {
              await node.revive();
              const again = node.service();
              if (!again) throw new Error('node did not start');
              return { service: again, note: `pid ${again.pid}, rejoined the cluster` };
            },
            report: o.say,
          }),
        );
    }
    cleanups.push(async () => {
      for (const w of watches) await w.stop();
    });

    return {
      nodes: cluster.nodes,
      wsUrls: cluster.nodes.map((n) => n.wsUrl),
      turn,
      redis: { host: o.host, port: redisPort },
      components,
      lines: () =>
        cluster.nodes.map((n, i) => {
          const p = nodePorts[i] as (typeof nodePorts)[number];
          return (
            `  node ${n.index}      ${n.wsUrl}  c2s ${o.host}:${n.ports.c2s}  component ${o.host}:${n.ports.component}` +
            ` -> instance ${n.index} (${instanceDomain(o.componentDomain, n.index)}, guest pages http://${o.host}:${p.guest}): ` +
            (components[i]?.note ?? '')
          );
        }),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
