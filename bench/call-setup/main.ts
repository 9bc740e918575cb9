// Call setup over XMPP vs a bare WebSocket relay (issue #5; docs/benchmarks.md "Call setup").
// Two Chromium processes (alice, bob; fake camera and mic), each with one page that runs both
// contenders: the real client (src/client) placing an audio+video JMI call through our Prosody,
// and a plain RTCPeerConnection pair signalling JSON through a Node `ws` relay. Calls alternate
// between the two. Per call: stanzas and bytes from dial to the first decoded remote frame on both
// sides, and accept → first decoded frame at the caller and at the callee.
// Runs only in a loopback-only network namespace:
//   unshare --net sh -c 'ip link set lo up && exec npx tsx bench/call-setup/main.ts [--calls=10]'
// Prints PASS/FAIL against the targets; exits non-zero only when it cannot run.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../tests/support/chromium.js';
import { startCallTestbed } from '../../tests/support/client-page.js';
import type { ProsodyHandle } from '../../tests/support/prosody.js';
import { loadAverage, machineInfo, requireLoopbackOnly } from './env.js';
import { classifyRelay, classifyXmpp, tally } from './frames.js';
import { installBenchHooks } from './hooks.js';
import type { BenchHooks, FrameRecord } from './hooks.js';
import { installBenchOps } from './ops.js';
import type { BenchOps, Mode } from './ops.js';
import { renderPhases, renderTimeline } from './phases.js';
import { PageProfiler } from './profile.js';
import { startRelay } from './relay.js';
import type { Relay } from './relay.js';
import { renderBreakdown, renderReport, summarize } from './report.js';
import type { CallResult } from './report.js';

requireLoopbackOnly();

function option(name: string, fallback: number): number {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  const n = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`--${name} must be a whole number ≥ 1`);
  return n;
}
const PARAMS = {
  callsPerMode: option('calls', 10),
  /** The callee "rings" this long before accepting, in both contenders (the caller's media is ready). */
  ringMs: option('ring', 300),
  /** getStats poll interval for the first decoded frame. */
  pollMs: option('poll', 15),
  callTimeoutMs: 20_000,
  /** Pause between calls, so the previous call's teardown is over. */
  gapMs: 500,
  timeLimitMs: 180_000,
  /** Diagnostic: Nagle off on Prosody's sockets, to see how much of the latency is Nagle + delayed ACK. */
  prosodyNoDelay: process.argv.includes('--prosody-nodelay'),
  /** Diagnostic: CPU profiles of both pages from accept to the later first frame (XMPP calls). */
  profile: process.argv.includes('--profile'),
};

const watchdog = setTimeout(() => {
  console.error(`bench/call-setup: stopped after ${PARAMS.timeLimitMs / 1000} s`);
  process.exit(1); // Playwright and src/stack kill their processes on 'exit'.
}, PARAMS.timeLimitMs);
watchdog.unref();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type PageGlobals = { jbOps: BenchOps; jbHooks: BenchHooks };
const op = <A, R>(page: Page, fn: (ops: BenchOps, arg: A) => R | Promise<R>, arg: A): Promise<R> =>
  page.evaluate(
    ({ src, arg }) => {
      const f = new Function(`return (${src})`)() as typeof fn;
      return f((globalThis as unknown as PageGlobals).jbOps, arg as A);
    },
    { src: fn.toString(), arg },
  ) as Promise<R>;
const frames = (page: Page): Promise<FrameRecord[]> =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).jbHooks.frames.splice(0));

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  // tsx keeps esbuild's `__name(fn)` wrappers in serialized functions (docs/testing.md).
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(installBenchHooks);
  await context.addInitScript(installBenchOps, { pollMs: PARAMS.pollMs, timeoutMs: PARAMS.callTimeoutMs });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

const profilers = new Map<Page, PageProfiler>();
async function oneCall(
  mode: Mode,
  alice: Page,
  bob: Page,
  bobBare: string,
  xmppUrl: string,
): Promise<CallResult> {
  const profiling = PARAMS.profile && mode === 'xmpp' ? [alice, bob] : [];
  for (const page of profiling) {
    const p = profilers.get(page) ?? new PageProfiler(page);
    profilers.set(page, p);
    await p.start();
  }
  await Promise.all([frames(alice), frames(bob)]); // drop what came before the dial
  const dialAt = await op(alice, (o, a) => o.dial(a.mode, a.bare), { mode, bare: bobBare });
  await op(bob, (o, m) => o.incoming(m), mode);
  await sleep(PARAMS.ringMs);
  const acceptAt = await op(bob, (o, m) => o.accept(m), mode);
  const [callerFrame, calleeFrame] = await Promise.all([
    op(alice, (o) => o.firstFrame(), null),
    op(bob, (o) => o.firstFrame(), null),
  ]);
  for (const page of profiling) await profilers.get(page)?.stop(acceptAt, Math.max(callerFrame, calleeFrame));
  const [aFrames, bFrames, aRaw, bRaw] = await Promise.all([
    frames(alice),
    frames(bob),
    op(alice, (o) => o.raw(), null),
    op(bob, (o) => o.raw(), null),
  ]);
  await op(alice, (o, m) => o.hangup(m), mode);
  await Promise.all([op(alice, (o, m) => o.ended(m), mode), op(bob, (o, m) => o.ended(m), mode)]);
  const window = { from: dialAt, to: Math.max(callerFrame, calleeFrame) };
  const onSocket = (url: string) => (mode === 'xmpp') === (url === xmppUrl);
  const classify = mode === 'xmpp' ? classifyXmpp : classifyRelay;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    mode,
    at: { dial: dialAt, accept: acceptAt, calleeMedia: bRaw.media.at(-1) },
    marks: { caller: aRaw.marks, callee: bRaw.marks },
    acceptToFrame: { caller: callerFrame - acceptAt, callee: calleeFrame - acceptAt },
    dialToFrame: { caller: callerFrame - dialAt, callee: calleeFrame - dialAt },
    caller: tally(aFrames, window, onSocket, classify),
    callee: tally(bFrames, window, onSocket, classify),
    raw: {
      sdpBytes: sum([...aRaw.sdp, ...bRaw.sdp]),
      candidateBytes: sum([...aRaw.candidates, ...bRaw.candidates]),
      candidates: aRaw.candidates.length + bRaw.candidates.length,
    },
  };
}

let prosody: ProsodyHandle | undefined;
let site: { url: string; close(): Promise<void> } | undefined;
let relay: Relay | undefined;
const browsers: Browser[] = [];
try {
  const loadAtStart = loadAverage();
  const testbed = await startCallTestbed();
  ({ prosody, site } = testbed);
  const server = testbed.prosody;
  if (PARAMS.prosodyNoDelay) {
    // Global settings must come before the first VirtualHost line: prepend.
    const file = `${server.dir}/prosody/prosody.cfg.lua`;
    writeFileSync(file, `network_settings = { nagle = false }\n${readFileSync(file, 'utf8')}`);
    await server.restart();
  }
  relay = await startRelay();
  for (let i = 0; i < 2; i++) browsers.push(await launchChromium());
  const [alice, bob] = [
    await openPage(browsers[0] as Browser, testbed.site.url),
    await openPage(browsers[1] as Browser, testbed.site.url),
  ];
  const service = server.wsUrl;
  const bobBare = `bob@${server.domain}`;
  await op(alice, (o, a) => o.login(a), { service, jid: `alice@${server.domain}/bench`, password: 'pw' });
  await op(bob, (o, a) => o.login(a), { service, jid: `${bobBare}/bench`, password: 'pw' });
  for (const [page, name] of [
    [alice, 'alice'],
    [bob, 'bob'],
  ] as const)
    await op(page, (o, a) => o.relayConnect(a.url, a.name), { url: relay.url, name });
  // Bob's caps must be known before alice can choose JMI.
  for (let i = 0; !(await op(alice, (o, b) => o.canCallWithJmi(b), bobBare)); i++) {
    if (i > 100) throw new Error('bob never became callable with JMI');
    await sleep(100);
  }

  const results: CallResult[] = [];
  const failed: string[] = [];
  for (let i = 0; i < PARAMS.callsPerMode; i++) {
    // Alternate which contender goes first, so a load spike does not always hit the same one.
    for (const mode of i % 2 === 0 ? (['xmpp', 'relay'] as const) : (['relay', 'xmpp'] as const)) {
      try {
        results.push(await oneCall(mode, alice, bob, bobBare, service));
        process.stdout.write(mode === 'xmpp' ? 'x' : 'r');
      } catch (e) {
        failed.push(`${mode} #${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
        process.stdout.write('!');
      }
      await sleep(PARAMS.gapMs);
    }
  }
  process.stdout.write('\n\n');
  const info = machineInfo(`Chromium ${browsers[0]?.version() ?? 'unknown'}`);
  info.load = `${loadAtStart} at start, ${info.load} at end`;
  if (PARAMS.prosodyNoDelay) info.prosody += ' (DIAGNOSTIC: network_settings nagle = false)';
  console.log(renderReport(summarize(results), info, { perMode: PARAMS.callsPerMode, failed }));
  console.log(`\nwhere the time goes:\n${renderPhases(results)}`);
  for (const [page, name] of [
    [alice, 'caller'],
    [bob, 'callee'],
  ] as const) {
    const p = profilers.get(page);
    if (p) console.log(`\n${name}: self time, accept → later first frame, all XMPP calls:\n${p.report(25)}`);
  }
  const firstXmpp = results.find((r) => r.mode === 'xmpp');
  const firstRelay = results.find((r) => r.mode === 'relay');
  if (firstXmpp)
    console.log(
      `\nstanzas of the first XMPP call (dial → both first frames):\n${renderBreakdown(firstXmpp)}`,
    );
  if (firstXmpp) console.log(`\ntimeline of that call (ms after accept):\n${renderTimeline(firstXmpp)}`);
  if (firstRelay) console.log(`\ntimeline of that call (ms after accept):\n${renderTimeline(firstRelay)}`);
  if (firstRelay) console.log(`\nmessages of the first relay call:\n${renderBreakdown(firstRelay)}`);
} finally {
  for (const b of browsers) await b.close().catch(() => undefined);
  await site?.close();
  await relay?.close();
  await prosody?.stop();
  clearTimeout(watchdog);
}
