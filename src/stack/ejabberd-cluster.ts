// N ejabberd 23.01 nodes on this machine forming one cluster (Erlang distribution + Mnesia
// replication), for `npm start -- --cluster N` and tests/support/ejabberd-cluster.ts. Every node
// serves the same domain and the same component domain on its own loopback ports; node 2..N join
// node 1 with `ejabberdctl join_cluster`. docs/scaling.md explains the picture.
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { renderEjabberdConfig, type EjabberdSettings } from './ejabberd-config.js';
import { ejabberdUser, stopGroup } from './ejabberd-process.js';
import { chownTree } from './users.js';
import { canConnect, startService, type RunningService } from './service.js';

export const EJABBERDCTL = '/usr/sbin/ejabberdctl';
const EPMD = '/usr/bin/epmd';

export interface ClusterNodePorts {
  c2s: number;
  http: number;
  component: number;
  api: number;
}

export interface EjabberdClusterOptions {
  /** Parent folder; each node gets `<dir>/node-<i>/` (config, spool, logs). */
  dir: string;
  host: string;
  domain: string;
  componentDomain: string;
  componentSecret: string;
  turn: { host: string; port: number; secret: string };
  /** One entry per node. */
  ports: ClusterNodePorts[];
  /** A private epmd: nodes find each other through it, and it stops with the cluster. */
  epmdPort: number;
  /** The shared Erlang cookie (the cluster's only credential between nodes). */
  cookie: string;
  /** Prefix of the Erlang node names: `<tag>1@localhost`, `<tag>2@localhost`, … */
  tag: string;
}

export interface ClusterNode {
  /** 1-based, as printed. */
  readonly index: number;
  /** Erlang node name, e.g. jb1@localhost. */
  readonly name: string;
  readonly dir: string;
  readonly ports: ClusterNodePorts;
  readonly wsUrl: string;
  /** PID of the node's process group (ejabberdctl foreground → beam.smp); undefined while down. */
  pid(): number | undefined;
  /** SIGKILL to the whole node (a crash), resolved once it is gone. */
  kill(): Promise<void>;
  /** Starts a killed node again on the same ports and spool: it rejoins the cluster by itself. */
  revive(): Promise<void>;
  /** The node's current process, for supervision. */
  service(): RunningService | undefined;
}

export interface EjabberdCluster {
  readonly nodes: readonly ClusterNode[];
  /** `ejabberdctl <args>` against one node; resolves with stdout, rejects with its output on failure. */
  ctl(node: ClusterNode, ...args: string[]): Promise<string>;
  /** mod_http_api of the first running node (users, rosters: Mnesia replicates them to all). */
  api(command: string, body: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The address of the component instance attached to node `index`: its listener serves this host
 * besides the shared component domain, so stanzas to guest JIDs under it reach that one instance
 * from any node (docs/scaling.md, "Addressing a guest").
 */
export const instanceDomain = (componentDomain: string, index: number): string =>
  `i${index}.${componentDomain}`;

function nodeSettings(o: EjabberdClusterOptions, p: ClusterNodePorts, i: number): EjabberdSettings {
  return {
    domain: o.domain,
    componentDomain: o.componentDomain,
    componentSecret: o.componentSecret,
    httpPort: p.http,
    componentPort: p.component,
    apiPort: p.api,
    c2sPort: p.c2s,
    instanceDomain: instanceDomain(o.componentDomain, i + 1),
    turn: o.turn,
  };
}

export async function startEjabberdCluster(o: EjabberdClusterOptions): Promise<EjabberdCluster> {
  if (!existsSync(EJABBERDCTL)) throw new Error(`ejabberd is not installed (${EJABBERDCTL} missing)`);
  const user = ejabberdUser();
  // ejabberdctl and every erl it runs (nodes and ctl clients) must talk to our epmd, not the
  // system's 4369 one: ERL_EPMD_PORT is read by the Erlang runtime and by epmd itself.
  const env = { ERL_EPMD_PORT: String(o.epmdPort) };
  mkdirSync(o.dir, { recursive: true });
  chmodSync(o.dir, 0o711);

  const epmd = await startService({
    name: 'epmd',
    command: EPMD,
    args: ['-port', String(o.epmdPort), '-address', o.host],
    ...(user ? { user } : {}),
    cwd: o.dir,
    env,
    outputFile: `${o.dir}/epmd.out`,
    readyPorts: [{ host: o.host, port: o.epmdPort }],
  });

  const nodeDirs = o.ports.map((p, i) => {
    const dir = `${o.dir}/node-${i + 1}`;
    for (const sub of ['spool', 'logs']) mkdirSync(`${dir}/${sub}`, { recursive: true });
    writeFileSync(`${dir}/ejabberd.yml`, renderEjabberdConfig(nodeSettings(o, p, i)));
    // Same cookie on every node (Erlang distribution authenticates nodes with it); the -kernel
    // option keeps the distribution listener on loopback (docs/reference/test-environment.md §7).
    // -start_epmd false: nodes and ejabberdctl use our epmd only; erl's own `epmd -daemon` would
    // outlive the cluster (it leaves the process group).
    writeFileSync(
      `${dir}/ejabberdctl.cfg`,
      [
        `ERLANG_NODE=${o.tag}${i + 1}@localhost`,
        `ERL_EPMD_ADDRESS=${o.host}`,
        `export ERL_EPMD_PORT=${o.epmdPort}`,
        `ERL_OPTIONS="-setcookie ${o.cookie} -start_epmd false -env ERL_CRASH_DUMP_BYTES 0 -kernel inet_dist_use_interface {127,0,0,1}"`,
        `EJABBERD_PID_PATH=${dir}/ejabberd.pid`,
        '',
      ].join('\n'),
    );
    copyFileSync('/etc/ejabberd/inetrc', `${dir}/inetrc`);
    return dir;
  });

  const services: Array<RunningService | undefined> = o.ports.map(() => undefined);
  const startNode = async (i: number): Promise<RunningService> => {
    const dir = nodeDirs[i] as string;
    const p = o.ports[i] as ClusterNodePorts;
    chownTree(dir, user);
    const s = await startService({
      name: `ejabberd node ${i + 1}`,
      command: EJABBERDCTL,
      args: ['--config-dir', dir, '--spool', `${dir}/spool`, '--logs', `${dir}/logs`, 'foreground'],
      ...(user ? { user } : {}),
      cwd: dir,
      env,
      logFile: `${dir}/logs/ejabberd.log`,
      outputFile: `${dir}/ejabberd.out`,
      readyPorts: [p.c2s, p.http, p.component, p.api].map((port) => ({ host: o.host, port })),
      readyTimeoutMs: 60_000,
    });
    services[i] = s;
    return s;
  };

  const ctlAt = (i: number, args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const dir = nodeDirs[i] as string;
      execFile(
        EJABBERDCTL,
        ['--config-dir', dir, '--spool', `${dir}/spool`, '--logs', `${dir}/logs`, ...args],
        {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: dir, ...env },
          timeout: 60_000,
          ...(user ? { uid: user.uid, gid: user.gid } : {}),
        },
        (err, stdout, stderr) =>
          err
            ? reject(new Error(`ejabberdctl ${args.join(' ')} on node ${i + 1}: ${stdout}${stderr}`.trim()))
            : resolve(stdout),
      );
    });

  // Open listeners do not yet mean that the node can run commands: about one start in three,
  // join_cluster right after them failed ("Failed RPC connection to the node ...: nodedown", or
  // ejabberd_commands not there yet). `ejabberdctl started` waits until the node has fully started;
  // join_cluster itself is not retried, since a failed one may have begun the node's restart.
  const joinCluster = async (i: number, first: string): Promise<void> => {
    await ctlAt(0, ['started']);
    await ctlAt(i, ['started']);
    await ctlAt(i, ['join_cluster', first]);
  };

  const stopAll = async () => {
    await Promise.all(services.map((s) => stopGroup(s)));
    await epmd.stop();
  };

  try {
    // Cold start is 4-5 s per node: start them side by side, then join.
    // allSettled: a node still starting when another fails must be stopped too, not orphaned.
    const started = await Promise.allSettled(o.ports.map((_, i) => startNode(i)));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const first = `${o.tag}1@localhost`;
    for (let i = 1; i < o.ports.length; i += 1) {
      // join_cluster restarts ejabberd on the joining node (its Mnesia schema is replaced by a
      // copy of node 1's), so its listeners close and reopen: wait for them again.
      await joinCluster(i, first);
      await waitPorts(o.host, o.ports[i] as ClusterNodePorts);
    }
  } catch (e) {
    await stopAll();
    throw e;
  }

  const nodes: ClusterNode[] = o.ports.map((ports, i) => ({
    index: i + 1,
    name: `${o.tag}${i + 1}@localhost`,
    dir: nodeDirs[i] as string,
    ports,
    wsUrl: `ws://${o.host}:${ports.http}/xmpp-websocket`,
    pid: () => services[i]?.pid,
    service: () => services[i],
    async kill() {
      const s = services[i];
      services[i] = undefined;
      if (!s) return;
      try {
        process.kill(-s.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await s.exited;
      await stopGroup(s); // beam.smp may outlive ejabberdctl's shell for a moment
    },
    async revive() {
      if (services[i]) return;
      await startNode(i);
    },
  }));

  return {
    nodes,
    ctl: (node, ...args) => ctlAt(node.index - 1, args),
    async api(command, body) {
      const i = services.findIndex((s) => s !== undefined);
      const p = o.ports[i === -1 ? 0 : i] as ClusterNodePorts;
      const res = await fetch(`http://${o.host}:${p.api}/api/${command}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`ejabberd ${command}: HTTP ${res.status} ${text}`);
      return text;
    },
    stop: stopAll,
  };
}

async function waitPorts(host: string, p: ClusterNodePorts): Promise<void> {
  const end = Date.now() + 60_000;
  // The listeners may still be open from before the restart: give join_cluster's restart a moment.
  await new Promise((r) => setTimeout(r, 200));
  for (;;) {
    const ok = await Promise.all([p.c2s, p.http, p.component, p.api].map((port) => canConnect(host, port)));
    if (ok.every(Boolean)) return;
    if (Date.now() > end)
      throw new Error(`ejabberd ports ${Object.values(p).join(', ')} not open after join_cluster`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
