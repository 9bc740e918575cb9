// Load benchmark of the bridge component with a private Prosody (issue #6; docs/benchmarks.md
// "Component"). Starts Prosody (tests/support/prosody.ts) and the component as a separate process,
// then measures
//   idle   memory per idle guest session (connected + hello) at --idle sessions
//   calls  guest call setups (offer -> JMI propose -> proceed -> session-initiate -> session-accept
//          -> answer, then hangup) at rising concurrency, with the component's and Prosody's CPU time
// Runs only in a loopback-only network namespace:
//   unshare --net sh -c 'ip link set lo up && exec npx tsx bench/component/main.ts'
// Prints PASS/FAIL against the targets; exits non-zero only when it cannot run.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sdpToJingle } from '../../src/jingle/index.js';
import { signLink } from '../../src/component/token.js';
import { startProsody, type ProsodyHandle } from '../../tests/support/prosody.js';
import { Owner } from './owners.js';
import { runCalls, runIdle, type IdleResult, type LevelResult } from './phases.js';
import { startComponent, type ComponentProcess } from './process.js';
import { assertLoopbackOnly, ensureOpenFiles, machine } from './procs.js';
import { printReport } from './print.js';

assertLoopbackOnly();

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OFFER = readFileSync(`${ROOT}tests/fixtures/sdp/chromium156-audio-video-data-offer.sdp`, 'utf8');
const ANSWER = readFileSync(`${ROOT}tests/fixtures/sdp/chromium156-audio-video-data-answer.sdp`, 'utf8');

function option(name: string, fallback: string): string {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
}
const count = (name: string, fallback: number): number => {
  const n = Number(option(name, String(fallback)));
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`--${name} must be a whole number`);
  return n;
};

export const PARAMS = {
  owners: count('owners', 50),
  idle: count('idle', 5000),
  levels: option('levels', '1,100,250,500,1000').split(',').map(Number),
  /** Calls per level, but at most 100 × the concurrency (the level at 1 shows the unloaded latency). */
  callsPerLevel: count('calls', 1000),
  warmup: count('warmup', 200),
  openConcurrency: 200,
  /** At concurrency 1000 setups queue behind Prosody (tens of seconds at ~50 setups/s); bounded anyway. */
  callTimeoutMs: 150_000,
  /** Far above the load: every simulated guest shares 127.0.0.1, so the per-address buckets must not bite. */
  connLimit: '999999/1',
  callLimit: '999999/1',
  /** Above the worst queueing delay, so no call ends as unanswered while it waits in a queue. */
  ringTimeoutSeconds: 120,
  /** Diagnostic: Nagle off on the component's XMPP socket (see component-process.ts). */
  noDelay: process.argv.includes('--nodelay'),
  /** Diagnostic: Prosody with `network_settings = { nagle = false }` (TCP_NODELAY on its sockets). */
  prosodyNoDelay: process.argv.includes('--prosody-nodelay'),
  /** Diagnostic: Prosody without mod_mam (the shipped config archives every JMI message). */
  prosodyNoMam: process.argv.includes('--prosody-no-mam'),
  /** Diagnostic: Prosody logs at debug level (every stanza; with --keep-logs, to follow one call). */
  prosodyDebug: process.argv.includes('--prosody-debug'),
  /** Copy Prosody's log and the component's output here before stopping (diagnosis). */
  keepLogs: option('keep-logs', ''),
  /** Diagnostic: the component's XMPP socket traffic, one line per chunk, into this file. */
  trace: option('trace', ''),
  /** The whole run stops after this, whatever state it is in. */
  timeLimitMs: 20 * 60_000,
};
export type Params = typeof PARAMS;
if (PARAMS.levels.some((l) => !Number.isInteger(l) || l < 1))
  throw new TypeError('--levels: e.g. 100,250,500');

const watchdog = setTimeout(() => {
  console.error(`bench/component: stopped after ${PARAMS.timeLimitMs / 60_000} minutes`);
  process.exit(1); // Prosody and the component get SIGTERM through their parent-death signal.
}, PARAMS.timeLimitMs);
watchdog.unref();

// Sockets: one per guest here and one per guest in the component, plus owners and slack.
const needFiles = PARAMS.idle + Math.max(...PARAMS.levels) + PARAMS.owners + 512;
const benchFiles = ensureOpenFiles(process.pid, needFiles);

let h: ProsodyHandle | undefined;
let component: ComponentProcess | undefined;
const owners: Owner[] = [];
const levels: LevelResult[] = [];
try {
  h = await startProsody();
  for (let i = 0; i < PARAMS.owners; i++) await h.register(`owner${i}`, `pw-owner${i}`);
  if (PARAMS.prosodyNoDelay || PARAMS.prosodyNoMam || PARAMS.prosodyDebug) {
    // Global settings must come before the first VirtualHost/Component line: prepend.
    const file = `${h.dir}/prosody/prosody.cfg.lua`;
    let cfg = readFileSync(file, 'utf8');
    if (PARAMS.prosodyNoDelay) cfg = `network_settings = { nagle = false }\n${cfg}`;
    if (PARAMS.prosodyNoMam) cfg = cfg.replace(/^\s*"mam";.*$/m, '');
    if (PARAMS.prosodyDebug) cfg = cfg.replace(/^log = \{ \["info"\]/m, 'log = { ["debug"]');
    writeFileSync(file, cfg);
    await h.restart();
  }

  const linkKey = 'bench-link-key-of-at-least-32-characters';
  component = await startComponent({
    xmppPort: h.componentPort,
    domain: h.componentDomain,
    secret: h.componentSecret,
    userDomain: h.domain,
    linkKey,
    connLimit: PARAMS.connLimit,
    callLimit: PARAMS.callLimit,
    ringTimeoutSeconds: PARAMS.ringTimeoutSeconds,
    noDelay: PARAMS.noDelay,
    trace: PARAMS.trace,
  });
  const componentFiles = ensureOpenFiles(component.pid, needFiles);
  const c = component;
  const expiresAt = Date.now() + 3_600_000;
  const urls = Array.from({ length: PARAMS.owners }, (_, i) => {
    const token = signLink(
      { owner: `owner${i}@${h?.domain ?? ''}`, expiresAt, use: 'multiple', id: `bench-link-${i}` },
      Buffer.from(linkKey, 'utf8'),
    );
    return `ws://127.0.0.1:${c.httpPort}/call/${token}/ws`;
  });

  console.log(`idle: opening ${PARAMS.idle} guest sessions…`);
  const idle: IdleResult = await runIdle(c, urls, PARAMS.idle, PARAMS.openConcurrency);

  const answer = sdpToJingle(ANSWER, { role: 'responder' });
  for (let i = 0; i < PARAMS.owners; i++) {
    owners.push(
      await Owner.login({
        wsUrl: h.wsUrl,
        domain: h.domain,
        user: `owner${i}`,
        password: `pw-owner${i}`,
        answer,
      }),
    );
  }
  // After a possible restart: the pid changes.
  const prosodyPid = h.pids()[0];
  if (prosodyPid === undefined) throw new Error('the harness reports no Prosody pid');
  const target = {
    urls,
    offer: OFFER,
    timeoutMs: PARAMS.callTimeoutMs,
    pids: { component: c.pid, prosody: prosodyPid },
  };

  // One call first: if the bridge cannot place calls, say why instead of timing failures.
  const probe = await runCalls(target, 1, 1);
  let callsMissing: string | undefined;
  if (probe.ok !== 1) {
    callsMissing = probe.failures.join('; ');
  } else {
    console.log(`calls: warm-up of ${PARAMS.warmup}…`);
    await runCalls(target, PARAMS.warmup, Math.min(50, PARAMS.levels[0] ?? 50), 1);
    let offset = 1 + PARAMS.warmup;
    for (const level of PARAMS.levels) {
      const calls = Math.min(PARAMS.callsPerLevel, 100 * level);
      console.log(`calls: ${calls} at concurrency ${level}…`);
      levels.push(await runCalls(target, calls, level, offset));
      offset += calls;
    }
  }
  printReport({
    params: PARAMS,
    machine: machine(),
    files: { bench: benchFiles, component: componentFiles },
    idle,
    levels,
    callsMissing,
    owners: owners.map((o) => o.counters),
  });
} finally {
  if (PARAMS.keepLogs !== '') {
    mkdirSync(PARAMS.keepLogs, { recursive: true });
    if (h !== undefined) cpSync(`${h.dir}/prosody/prosody.log`, `${PARAMS.keepLogs}/prosody.log`);
    writeFileSync(`${PARAMS.keepLogs}/component.log`, (component?.log() ?? []).join('\n'));
    const failed = levels.flatMap((l) => l.failedCalls);
    writeFileSync(`${PARAMS.keepLogs}/failed-calls.jsonl`, failed.map((l) => `${l}\n`).join(''));
  }
  await Promise.all(owners.map((o) => o.stop()));
  await component?.stop();
  await h?.stop();
  clearTimeout(watchdog);
}
