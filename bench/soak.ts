// Soak benchmark (issue #14; docs/benchmarks.md "Soak"): N sequential echo@ calls from the web app,
// then N guest calls through a call link that alice answers in the web app, with a private Prosody,
// the component as its own process (bench/component/process.ts) and Chromium. After every call it
// reads alice's page heap after GC, the component's heap after GC, its RSS, its sockets and handles,
// and it prints PASS/FAIL against the targets (growth counted after the warm-up calls).
// Runs only in a loopback-only network namespace: `npm run bench -- soak [--calls=N]`.
import { readdirSync, readlinkSync, mkdirSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../tests/support/chromium.js';
import { startProsody, type ProsodyHandle } from '../tests/support/prosody.js';
import { buildWebApp, openApp, serveWebApp, signIn, type ServedApp } from '../tests/support/web-app.js';
import { startComponent, type ComponentProcess } from './component/process.js';
import { assertLoopbackOnly } from './component/procs.js';
import { addEcho, createLink, echoCall, guestCall } from './soak-calls.js';
import { judge, printRow, printSample, printVerdict, type SoakRow, type Verdict } from './soak-report.js';
import { compare, pageSnapshot, processSnapshot } from './soak-snapshots.js';

assertLoopbackOnly();

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i === -1) return undefined;
  const a = args[i] ?? '';
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
}
function count(name: string, fallback: number): number {
  const n = Number(option(name) ?? fallback);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`--${name} must be a whole number`);
  return n;
}
const CALLS = count('calls', 200);
const WARMUP = count('warmup', 10);
const ONLY = option('only'); // 'echo' | 'guest' (diagnosis)
const SNAPSHOTS = option('snapshots'); // a folder: heap snapshots after the warm-up and at the end
if (CALLS <= WARMUP) throw new TypeError('--calls must be more than --warmup');
/** Sockets of a finished call close asynchronously (werift's close, the guest's WebSocket). */
const SETTLE_MS = 5000;

const watchdog = setTimeout(
  () => {
    console.error('bench/soak: time limit reached');
    process.exit(1);
  },
  (30 + CALLS * 0.4) * 60_000,
);
watchdog.unref();

function socketCount(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

async function pageHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function reading(
  call: number,
  cdp: CDPSession,
  c: ComponentProcess,
  baseline: number,
): Promise<SoakRow> {
  const deadline = Date.now() + SETTLE_MS;
  while (socketCount(c.pid) !== baseline && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const [page, mem] = await Promise.all([pageHeap(cdp), c.memory()]);
  return {
    call,
    pageHeap: page,
    componentHeap: mem.heapUsed,
    rss: mem.rss,
    sockets: socketCount(c.pid),
    handles: mem.resources.length,
  };
}

let prosody: ProsodyHandle | undefined;
let component: ComponentProcess | undefined;
let app: ServedApp | undefined;
const browsers: Browser[] = [];
const verdicts: Verdict[] = [];
try {
  const [p] = await Promise.all([startProsody({ users: [['alice', 'pw']] }), buildWebApp()]);
  prosody = p;
  const c = await startComponent({
    xmppPort: p.componentPort,
    domain: p.componentDomain,
    secret: p.componentSecret,
    userDomain: p.domain,
    linkKey: 'soak-link-key-of-at-least-32-characters',
    connLimit: '999999/1',
    callLimit: '999999/1',
    ringTimeoutSeconds: 60,
    noDelay: false,
    trace: '',
  });
  component = c;
  app = await serveWebApp({ service: p.wsUrl, domain: p.domain, componentDomain: p.componentDomain });
  const [b1, b2] = await Promise.all([launchChromium(), launchChromium()]);
  browsers.push(b1, b2);
  const alice = await openApp(b1, app.url);
  await signIn(alice, `alice@${p.domain}`, 'pw');
  const echo = `echo@${p.componentDomain}`;
  await addEcho(alice, echo);
  const link = await createLink(alice, c.httpPort);
  const guest: Page = await (await b2.newContext({ permissions: ['camera', 'microphone'] })).newPage();
  const cdp = await alice.context().newCDPSession(alice);
  await new Promise((r) => setTimeout(r, 1000));
  const baseline = socketCount(c.pid);
  console.log(`component pid ${c.pid}: ${baseline} sockets before the first call`);
  if (SNAPSHOTS !== undefined) mkdirSync(SNAPSHOTS, { recursive: true });

  const phases = [
    { kind: 'echo', run: () => echoCall(alice, echo) },
    { kind: 'guest', run: () => guestCall(alice, guest, link) },
  ].filter((ph) => ONLY === undefined || ph.kind === ONLY);
  for (const phase of phases) {
    const rows: SoakRow[] = [];
    let before: { page: string; component: string } | undefined;
    for (let call = 1; call <= CALLS; call++) {
      await phase.run();
      const row = await reading(call, cdp, c, baseline);
      rows.push(row);
      printRow(phase.kind, row);
      if (SNAPSHOTS !== undefined && (call === WARMUP || call === CALLS)) {
        const snap = { page: await pageSnapshot(alice), component: await processSnapshot(c.pid) };
        if (call === WARMUP) before = snap;
        else if (before !== undefined) {
          compare(SNAPSHOTS, `${phase.kind}-page`, before.page, snap.page, CALLS - WARMUP);
          compare(SNAPSHOTS, `${phase.kind}-component`, before.component, snap.component, CALLS - WARMUP);
        }
      }
    }
    verdicts.push(judge(phase.kind, rows, WARMUP, baseline));
    printSample(phase.kind, rows, WARMUP);
  }
  for (const v of verdicts) printVerdict(v, WARMUP);
  const warnings = c.log().filter((l) => l.includes('warning') || l.includes('error'));
  if (warnings.length > 0) console.log(`\ncomponent warnings/errors:\n${warnings.slice(0, 20).join('\n')}`);
  console.log(`\nsoak: ${verdicts.every((v) => v.ok) ? 'PASS' : 'FAIL'}`);
} finally {
  await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
  await app?.close();
  await component?.stop();
  await prosody?.stop();
  clearTimeout(watchdog);
}
