// Test harness: a private two-node (or N-node) ejabberd 23.01 cluster per test file, from the same
// code as `npm start -- --cluster N` (src/stack/ejabberd-cluster.ts), on free loopback ports in a
// temporary folder, with coturn when asked. One cluster per file: a node starts in 4-5 s.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { relayRange, startCoturn, writeCoturnConfig } from '../../src/stack/coturn-process.js';
import { startComponentProcess, type ComponentStart } from '../../src/stack/component-process.js';
import {
  instanceDomain,
  startEjabberdCluster,
  type ClusterNode,
  type EjabberdCluster,
} from '../../src/stack/ejabberd-cluster.js';
import { claimPorts } from '../../src/stack/ports.js';
import { REDIS_SERVER, startRedis } from '../../src/stack/redis-server.js';
import type { RunningService } from '../../src/stack/service.js';

import { EJABBERD_SKIP_REASON, hasEjabberd } from './ejabberd.js';

/** The cluster needs ejabberd and, for the component instances' link store, redis-server. */
export const hasCluster = (): boolean => hasEjabberd() && existsSync(REDIS_SERVER);
export const CLUSTER_SKIP_REASON = hasEjabberd()
  ? `redis-server is not installed (${REDIS_SERVER} missing): apt-get install redis-server`
  : EJABBERD_SKIP_REASON;

const HOST = '127.0.0.1';
const secret = () => randomBytes(18).toString('base64url');

export interface ClusterHandle {
  domain: string;
  componentDomain: string;
  componentSecret: string;
  nodes: readonly ClusterNode[];
  cluster: EjabberdCluster;
  turn?: { host: string; port: number; secret: string };
  /** redis-server on loopback: the component instances' shared link store. */
  redis: { host: string; port: number };
  dir: string;
  register(user: string, password: string): Promise<void>;
  /** Mutual 'both' subscription, before either user logs in. */
  makeContacts(a: string, b: string): Promise<void>;
  stop(): Promise<void>;
}

const open = new Set<ClusterHandle>();
let hooked = false;

export async function startCluster(
  opts: { nodes?: number; turn?: boolean; users?: Array<[user: string, password: string]> } = {},
): Promise<ClusterHandle> {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const h of open) rmSync(h.dir, { recursive: true, force: true });
    });
  }
  const n = opts.nodes ?? 2;
  const specs = [
    { what: 'epmd', option: '-', port: 0 },
    { what: 'TURN', option: '-', port: 0, udp: true },
    { what: 'Redis', option: '-', port: 0 },
  ];
  for (let i = 0; i < n; i += 1)
    for (const what of ['c2s', 'HTTP', 'component', 'api'])
      specs.push({ what: `${what} ${i}`, option: '-', port: 0 });
  const ports = await claimPorts(HOST, specs);
  const [epmdPort, turnPort, redisPort, ...rest] = ports as number[];
  if (epmdPort === undefined || turnPort === undefined || redisPort === undefined)
    throw new Error('no free ports');
  const dir = mkdtempSync(`${tmpdir()}/jb-cluster-`);
  chmodSync(dir, 0o711); // the service users must reach their folders below
  const domain = 'localhost';
  const turn = { host: HOST, port: turnPort, secret: secret() };
  const componentSecret = secret();
  let coturn: RunningService | undefined;
  let redis: RunningService | undefined;
  let cluster: EjabberdCluster;
  try {
    redis = await startRedis({ dir: `${dir}/redis`, host: HOST, port: redisPort });
    if (opts.turn) {
      const c = { ...turn, realm: domain, ...relayRange(turnPort), dir: `${dir}/coturn` };
      writeCoturnConfig(c);
      coturn = await startCoturn(c);
    }
    cluster = await startEjabberdCluster({
      dir: `${dir}/ejabberd`,
      host: HOST,
      domain,
      componentDomain: `bridge.${domain}`,
      componentSecret,
      turn,
      ports: Array.from({ length: n }, (_, i) => {
        const [c2s, http, component, api] = rest.slice(i * 4, i * 4 + 4) as [number, number, number, number];
        return { c2s, http, component, api };
      }),
      epmdPort,
      cookie: secret(),
      tag: `jb${randomBytes(3).toString('hex')}n`,
    });
  } catch (e) {
    await Promise.all([coturn?.stop(), redis?.stop()]);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const rosterItem = (a: string, b: string) =>
    cluster.api('add_rosteritem', {
      localuser: a,
      localhost: domain,
      user: b,
      host: domain,
      nick: b,
      group: '',
      subs: 'both',
    });
  let stopped = false;
  const handle: ClusterHandle = {
    domain,
    componentDomain: `bridge.${domain}`,
    componentSecret,
    nodes: cluster.nodes,
    cluster,
    ...(opts.turn ? { turn } : {}),
    redis: { host: HOST, port: redisPort },
    dir,
    register: async (user, password) => {
      await cluster.api('register', { user, host: domain, password });
    },
    async makeContacts(a, b) {
      await rosterItem(a, b);
      await rosterItem(b, a);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      open.delete(handle);
      await Promise.all([cluster.stop(), coturn?.stop(), redis?.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  open.add(handle);
  try {
    for (const [u, p] of opts.users ?? []) await handle.register(u, p);
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}

export interface ComponentInstances {
  /** One bridge process per node, in node order (instance N+1 on node N+1). */
  instances: ComponentStart[];
  /** The guest pages port of each instance. */
  guestPorts: number[];
}

/**
 * One bridge component process per node, as `npm start -- --cluster N` runs them
 * (src/stack/component-process.ts): real processes, so a test can SIGKILL one. They share the link
 * store (Redis) and, when given, the link key.
 */
export async function startComponentInstances(
  c: ClusterHandle,
  extra: { linkKey?: string } = {},
): Promise<ComponentInstances> {
  const guestPorts = await claimPorts(
    HOST,
    c.nodes.map((_, i) => ({ what: `guest pages ${i + 1}`, option: '-', port: 0 })),
  );
  const instances: ComponentStart[] = [];
  for (const [i, node] of c.nodes.entries())
    instances.push(
      await startComponentProcess(
        {
          host: HOST,
          domain: c.domain,
          componentDomain: c.componentDomain,
          componentSecret: c.componentSecret,
          componentPort: node.ports.component,
        },
        `${c.dir}/component-${i + 1}.log`,
        {
          ...extra,
          http: `${HOST}:${guestPorts[i] ?? 0}`,
          linkStore: `redis://${c.redis.host}:${c.redis.port}`,
          instanceDomain: instanceDomain(c.componentDomain, i + 1),
        },
      ),
    );
  return { instances, guestPorts };
}
