// Scale-out benchmark (issue #10; docs/benchmarks.md "Cluster"): the same guest-call load as
// bench/component/ (its simulated guests and owners) against three setups on this machine, one after
// the other: today's Prosody with one component process, one ejabberd node with one, and the two-node
// ejabberd cluster with one per node (docs/scaling.md). For each: call setups per second, CPU time
// per setup of every server process (Prosody's lua, each ejabberd beam.smp) and every component
// process, read from /proc; and the servers' RSS growth per idle connected XMPP client.
//   npm run bench -- cluster [--calls=N] [--concurrency=N] [--idle=N] [--owners=N]
// Runs only in a loopback-only network namespace (npm run bench re-runs itself in one as root).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signLink } from '../src/component/token.js';
import { sdpToJingle } from '../src/jingle/index.js';
import { startComponentProcess, type ComponentStart } from '../src/stack/component-process.js';
import { instanceDomain } from '../src/stack/ejabberd-cluster.js';
import { claimPorts } from '../src/stack/ports.js';
import {
  CLUSTER_SKIP_REASON,
  hasCluster,
  startCluster,
  type ClusterHandle,
} from '../tests/support/ejabberd-cluster.js';
import { startProsody, type ProsodyHandle } from '../tests/support/prosody.js';
import { RawXmpp } from '../tests/support/raw-xmpp.js';
import { guestCall, pool } from './component/guests.js';
import { Owner } from './component/owners.js';
import { assertLoopbackOnly, cpuDelta, cpuSnapshot, machine, rssBytes } from './component/procs.js';
import { percentile } from './stats.js';

assertLoopbackOnly();
if (!hasCluster()) {
  console.error(`bench/cluster: ${CLUSTER_SKIP_REASON}`);
  process.exit(2);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OFFER = readFileSync(`${ROOT}tests/fixtures/sdp/chromium156-audio-video-data-offer.sdp`, 'utf8');
const ANSWER = readFileSync(`${ROOT}tests/fixtures/sdp/chromium156-audio-video-data-answer.sdp`, 'utf8');
const LINK_KEY = 'bench-link-key-of-at-least-32-characters';

const option = (name: string, fallback: number): number => {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  const n = Number(arg === undefined ? fallback : arg.slice(name.length + 3));
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`--${name} must be a whole number >= 1`);
  return n;
};
// A loaded machine (other test runs) skews every number: then a reduced run, and the report says so.
const load1 = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const reduced = load1 >= 3;
const PARAMS = {
  owners: option('owners', 20),
  calls: option('calls', reduced ? 200 : 1000),
  concurrency: option('concurrency', reduced ? 20 : 50),
  warmup: option('warmup', reduced ? 20 : 100),
  idle: option('idle', reduced ? 200 : 500),
};

interface Proc {
  name: string;
  pid: number;
}
interface Setup {
  name: string;
  servers: Proc[];
  components: Proc[];
  /** Guest WebSocket URL of each owner's link (one link per owner). */
  urls: string[];
  /** WebSocket of the node owner i and idle client i log in to. */
  ws: (i: number) => string;
  domain: string;
  register(user: string, password: string): Promise<void>;
  stop(): Promise<void>;
}
interface Row {
  setup: string;
  ok: number;
  failed: number;
  setupsPerSecond: number;
  p50: number;
  p99: number;
  cpuPerSetup: Record<string, number>;
  idleKiB: Record<string, number>;
  failures: string[];
}

/** The beam.smp of an ejabberd node: ejabberdctl's shell leads the process group, erl runs below it. */
function beamOf(pgid: number): number {
  const out = execFileSync('pgrep', ['-g', String(pgid), '-x', 'beam.smp'], { encoding: 'utf8' }).trim();
  const pid = Number(out.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no beam.smp in process group ${pgid}`);
  return pid;
}

async function components(
  servers: Array<{ componentPort: number; instance?: string }>,
  base: { domain: string; componentDomain: string; componentSecret: string },
  linkStore: string | undefined,
  logDir: string,
): Promise<Array<ComponentStart & { httpPort: number }>> {
  const ports = await claimPorts(
    '127.0.0.1',
    servers.map((_, i) => ({ what: `guest pages ${i}`, option: '-', port: 0 })),
  );
  return Promise.all(
    servers.map(async (s, i) => {
      const httpPort = ports[i] ?? 0;
      const started = await startComponentProcess(
        { host: '127.0.0.1', ...base, componentPort: s.componentPort },
        `${logDir}/component-${i + 1}.log`,
        {
          linkKey: LINK_KEY,
          http: `127.0.0.1:${httpPort}`,
          ...(linkStore ? { linkStore } : {}),
          ...(s.instance ? { instanceDomain: s.instance } : {}),
          // Every simulated guest is 127.0.0.1: the per-address buckets must not bite.
          env: {
            JB_COMPONENT_CONN_LIMIT: '999999/1',
            JB_COMPONENT_CALL_LIMIT: '999999/1',
            JB_COMPONENT_RING_TIMEOUT: '120',
          },
        },
      );
      if (!started.service || !started.connected) throw new Error(`component ${i + 1}: ${started.note}`);
      return { ...started, httpPort };
    }),
  );
}

const links = (ports: number[], domain: string): string[] =>
  Array.from({ length: PARAMS.owners }, (_, i) => {
    const token = signLink(
      { owner: `owner${i}@${domain}`, expiresAt: Date.now() + 3_600_000, use: 'multiple', id: `bench-${i}` },
      Buffer.from(LINK_KEY, 'utf8'),
    );
    // Owner i's guests go to instance i % n (a guest page balancer would spread them likewise).
    return `ws://127.0.0.1:${ports[i % ports.length] ?? 0}/call/${token}/ws`;
  });

async function prosodySetup(): Promise<Setup> {
  const h: ProsodyHandle = await startProsody();
  const comps = await components([{ componentPort: h.componentPort }], h, undefined, h.dir);
  return {
    name: 'Prosody 0.12, 1 component',
    servers: [{ name: 'prosody', pid: h.pids()[0] ?? -1 }],
    components: comps.map((c, i) => ({ name: `component ${i + 1}`, pid: c.service?.pid ?? -1 })),
    urls: links(
      comps.map((c) => c.httpPort),
      h.domain,
    ),
    ws: () => h.wsUrl,
    domain: h.domain,
    register: async (u, p) => h.register(u, p),
    async stop() {
      await Promise.all(comps.map((c) => c.service?.stop()));
      await h.stop();
    },
  };
}

async function ejabberdSetup(nodes: number): Promise<Setup> {
  const c: ClusterHandle = await startCluster({ nodes });
  const instances = c.nodes.map((n) => ({
    componentPort: n.ports.component,
    ...(nodes > 1 ? { instance: instanceDomain(c.componentDomain, n.index) } : {}),
  }));
  const store = nodes > 1 ? `redis://${c.redis.host}:${c.redis.port}` : undefined;
  const comps = await components(instances, c, store, c.dir);
  return {
    name:
      nodes === 1
        ? 'ejabberd 23.01, 1 node, 1 component'
        : `ejabberd 23.01, ${nodes}-node cluster, ${nodes} components`,
    servers: c.nodes.map((n) => ({ name: `ejabberd ${n.index}`, pid: beamOf(n.pid() ?? -1) })),
    components: comps.map((x, i) => ({ name: `component ${i + 1}`, pid: x.service?.pid ?? -1 })),
    urls: links(
      comps.map((x) => x.httpPort),
      c.domain,
    ),
    ws: (i) => c.nodes[i % c.nodes.length]?.wsUrl ?? '',
    domain: c.domain,
    register: (u, p) => c.register(u, p),
    async stop() {
      await Promise.all(comps.map((x) => x.service?.stop()));
      await c.stop();
    },
  };
}

async function measure(s: Setup): Promise<Row> {
  const answer = sdpToJingle(ANSWER, { role: 'responder' });
  const owners: Owner[] = [];
  const idle: RawXmpp[] = [];
  try {
    for (let i = 0; i < PARAMS.owners; i++) await s.register(`owner${i}`, `pw-owner${i}`);
    for (let i = 0; i < PARAMS.owners; i++)
      owners.push(
        await Owner.login({
          wsUrl: s.ws(i),
          domain: s.domain,
          user: `owner${i}`,
          password: `pw-owner${i}`,
          answer,
        }),
      );
    const call = (n: number) => guestCall(s.urls[n % s.urls.length] ?? '', `Guest ${n}`, OFFER, 120_000);
    await pool(PARAMS.warmup, PARAMS.concurrency, (i) => call(i));
    const pids = Object.fromEntries([...s.servers, ...s.components].map((p) => [p.name, p.pid]));
    const before = cpuSnapshot(pids);
    const t0 = performance.now();
    const results = await pool(PARAMS.calls, PARAMS.concurrency, (i) => call(PARAMS.warmup + i));
    const wallMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 300)); // the servers finish the hang-ups
    const cpu = cpuDelta(before, cpuSnapshot(pids));
    const setups = results.flatMap((r) => (r.ok ? [r.setupMs] : []));
    const failures = [...new Set(results.flatMap((r) => (r.ok ? [] : [`${r.stage}: ${r.error}`])))].slice(
      0,
      3,
    );
    const cpuPerSetup = Object.fromEntries(
      [...s.servers, ...s.components].map((p) => [p.name, (cpu[p.name] ?? NaN) / Math.max(1, setups.length)]),
    );

    // Idle clients: logged in, initial presence sent, nothing else; spread over the nodes like owners.
    for (let i = 0; i < PARAMS.idle; i++) await s.register(`idle${i}`, 'pw');
    await new Promise((r) => setTimeout(r, 1000));
    const rss0 = Object.fromEntries(s.servers.map((p) => [p.name, rssBytes(p.pid)]));
    await pool(PARAMS.idle, 20, async (i) => {
      const x = await RawXmpp.login(s.ws(i), s.domain, `idle${i}`, 'pw', 'idle');
      await x.send('<presence xmlns="jabber:client"/>');
      idle.push(x);
    });
    await new Promise((r) => setTimeout(r, 2000));
    const perNode = PARAMS.idle / s.servers.length;
    const idleKiB = Object.fromEntries(
      s.servers.map((p) => [p.name, (rssBytes(p.pid) - (rss0[p.name] ?? 0)) / 1024 / perNode]),
    );
    return {
      setup: s.name,
      ok: setups.length,
      failed: PARAMS.calls - setups.length,
      setupsPerSecond: (setups.length * 1000) / wallMs,
      p50: percentile(setups, 50),
      p99: percentile(setups, 99),
      cpuPerSetup,
      idleKiB,
      failures,
    };
  } finally {
    await Promise.all(idle.map((x) => x.close().catch(() => undefined)));
    await Promise.all(owners.map((o) => o.stop()));
  }
}

const m = machine();
console.log(
  `bench/cluster: ${PARAMS.calls} guest call setups at concurrency ${PARAMS.concurrency} (after ${PARAMS.warmup} warm-up), ` +
    `${PARAMS.owners} owners, ${PARAMS.idle} idle clients; load average ${load1}` +
    (reduced ? ' (>= 3: reduced size)' : ''),
);
const rows: Row[] = [];
for (const make of [prosodySetup, () => ejabberdSetup(1), () => ejabberdSetup(2)]) {
  const s = await make();
  try {
    console.log(`${s.name}…`);
    rows.push(await measure(s));
  } finally {
    await s.stop();
  }
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const list = (r: Record<string, number>, d = 1) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${f(v, d)}`)
    .join(', ');
console.log(
  `\nMachine: ${m.nproc} cores, ${m.cpuModel}, Node ${m.node}, prosody ${m.prosody}; load average ${load1}\n`,
);
console.log(
  '| setup | setups/s | setup p50 / p99 (ms) | CPU ms per setup | RSS per idle client (KiB) | failed |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.setup} | ${f(r.setupsPerSecond)} | ${f(r.p50, 0)} / ${f(r.p99, 0)} | ${list(r.cpuPerSetup, 2)} | ${list(r.idleKiB)} | ${r.failed}${r.failures.length ? ` (${r.failures.join('; ')})` : ''} |`,
  );
