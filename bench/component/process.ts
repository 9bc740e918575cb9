// The bridge component as its own process (`node dist/component/main.js`), so its CPU time and memory
// are its own. A memory probe is preloaded with `--import data:` rather than added to src/component:
// it answers an IPC request with process.memoryUsage() taken after two forced GCs (`--expose-gc`),
// which makes heapUsed comparable across readings; RSS is read from /proc and keeps GC noise.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const COMPONENT_MAIN = `${ROOT}dist/component/main.js`;

const PROBE = `
if (typeof process.send === 'function') {
  process.on('message', (m) => {
    if (m === null || typeof m !== 'object' || m.jbBench !== 'memory') return;
    globalThis.gc(); globalThis.gc();
    process.send({ jbBench: 'memory', usage: { ...process.memoryUsage(), resources: process.getActiveResourcesInfo() } });
  });
}`;

/**
 * Diagnostic only (`--nodelay`): turns off Nagle's algorithm on the component's outgoing TCP sockets
 * (its XEP-0114 connection), to show how much of the setup latency is Nagle + delayed ACK.
 */
const NODELAY = `
import net from 'node:net';
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { this.setNoDelay(true); return connect.apply(this, args); };`;

/**
 * Diagnostic only (`--trace=FILE`): one line per chunk the component's outgoing TCP sockets (its
 * XEP-0114 connection) read or write, with the wall clock and the stanza heads, Jingle actions and
 * JMI payloads in it, to follow one call through the component.
 */
const TRACE = `
import net from 'node:net';
import fs from 'node:fs';
const out = fs.createWriteStream(process.env.JB_BENCH_TRACE);
const HEADS = /<(?:iq|message|presence)\\b[^>]*>|<jingle\\b[^>]*>|<(?:propose|proceed|ringing|retract|reject|accept|finish)\\b[^>]*>|<[a-z-]+ xmlns=.urn:xmpp:jingle:errors:1./g;
const note = (dir, d) => out.write(new Date().toISOString() + ' ' + dir + ' ' + String(d).length + ' ' + (String(d).match(HEADS) ?? []).join(' ') + '\\n');
const connect2 = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const r = connect2.apply(this, args);
  // After connect(), which resets an own \`write\` property.
  const write = this.write;
  this.write = function (d, ...rest) { note('OUT', d); return write.call(this, d, ...rest); };
  this.prependListener('data', (d) => note('IN', d));
  return r;
};`;

export interface ComponentOptions {
  xmppPort: number;
  domain: string;
  secret: string;
  userDomain: string;
  linkKey: string;
  /** Token-bucket specs "N/seconds"; the bench raises both far above its load (all guests share 127.0.0.1). */
  connLimit: string;
  callLimit: string;
  ringTimeoutSeconds: number;
  /** Preload NODELAY (diagnostic; the measured component is then not the shipped one). */
  noDelay: boolean;
  /** Preload TRACE writing to this file (diagnostic); '' for none. */
  trace: string;
}

export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** The probe's answer: memory, and process.getActiveResourcesInfo() (handles and requests alive). */
export type ProbeReading = MemoryReading & { resources: string[] };

export interface ComponentProcess {
  readonly pid: number;
  /** Guest HTTP/WebSocket port (a free one, picked just before the start). */
  readonly httpPort: number;
  /** process.memoryUsage() inside the component after two full GCs. */
  memory(): Promise<ProbeReading>;
  /** Lines the component printed (warnings and errors included), for the report on failure. */
  log(): readonly string[];
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

export async function startComponent(o: ComponentOptions): Promise<ComponentProcess> {
  if (!existsSync(COMPONENT_MAIN))
    throw new Error(`${COMPONENT_MAIN} is missing: build first with npx tsc -b tsconfig.build.json`);
  // setpriv --pdeathsig: the component gets SIGTERM if the bench dies, however it dies (it execs,
  // so the pid we get is node's own).
  const child = spawn(
    '/usr/bin/setpriv',
    [
      '--pdeathsig',
      'TERM',
      process.execPath,
      '--expose-gc',
      '--import',
      `data:text/javascript,${encodeURIComponent((o.noDelay ? NODELAY : '') + (o.trace !== '' ? TRACE : '') + PROBE)}`,
      COMPONENT_MAIN,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        JB_COMPONENT_XMPP_HOST: '127.0.0.1',
        JB_COMPONENT_XMPP_PORT: String(o.xmppPort),
        JB_COMPONENT_DOMAIN: o.domain,
        JB_COMPONENT_SECRET: o.secret,
        JB_COMPONENT_USER_DOMAIN: o.userDomain,
        JB_COMPONENT_HTTP: `127.0.0.1:${await freePort()}`,
        JB_COMPONENT_LINK_KEY: o.linkKey,
        JB_COMPONENT_CONN_LIMIT: o.connLimit,
        JB_COMPONENT_CALL_LIMIT: o.callLimit,
        JB_COMPONENT_RING_TIMEOUT: String(o.ringTimeoutSeconds),
        JB_BENCH_TRACE: o.trace,
      },
    },
  );
  const lines: string[] = [];
  let httpPort = 0;
  let online = false;
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      if (lines.length < 2000) lines.push(line);
      const port = /guest pages on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (port !== null) httpPort = Number(port[1]);
      if (line.includes('] connected to ')) online = true;
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(online && httpPort > 0)) {
    if (dead || Date.now() > deadline) {
      if (!dead) child.kill('SIGKILL');
      throw new Error(`the component did not come up:\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const pid = child.pid ?? -1;
  return {
    pid,
    httpPort,
    memory: () => askMemory(child),
    log: () => lines,
    async stop() {
      if (dead) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port free right now on 127.0.0.1 (the component's --http refuses port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function askMemory(child: ChildProcess): Promise<ProbeReading> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('the component did not answer the memory probe within 10 s'));
    }, 10_000);
    const onMessage = (m: unknown): void => {
      if (typeof m !== 'object' || m === null || (m as { jbBench?: unknown }).jbBench !== 'memory') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve((m as { usage: ProbeReading }).usage);
    };
    child.on('message', onMessage);
    child.send({ jbBench: 'memory' });
  });
}
