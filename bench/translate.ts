// SDP -> Jingle XML string -> SDP, side by side in one process (docs/benchmarks.md "Translator"):
//   ours             sdpToJingle, Element.toString(), ltx parse, jingleToSdp
//   floor            sdp-transform parse + write of the SDP, plus ltx parse + toString() of our
//                    Jingle XML for the same SDP: the least any SDP<->Jingle-XML translator on these
//                    libraries can do
//   stanza           StanzaJS 12: importFromSDP -> convertIntermediateToRequest -> JXT export ->
//                    toString() -> JXT parse + import -> convertRequestToIntermediate -> exportToSDP
//   sdp-jingle-json  toSessionJSON -> toSessionSDP (it has no XML), plus the floor's ltx parse +
//                    toString() of our Jingle XML, so every contender pays for an XML round trip
// Allocation per op is measured in a child process (this file again with --alloc-child): see
// measureAllocations() for the method.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse as parseXml } from 'ltx';
import { parse as parseSdp, write as writeSdp } from 'sdp-transform';
import * as JXT from 'stanza/jxt/index.js';
import { exportToSDP, importFromSDP } from 'stanza/jingle/sdp/Intermediate.js';
import { convertIntermediateToRequest, convertRequestToIntermediate } from 'stanza/jingle/sdp/Protocol.js';
import type { Jingle } from 'stanza/protocol/index.js';
import { Bench } from 'tinybench';
import { jingleToSdp, sdpToJingle } from '../src/jingle/index.js';
import { mean, median, percentile } from './stats.js';

type Role = 'initiator' | 'responder';
interface Fixture {
  name: string;
  file: string;
  role: Role;
  note?: string;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROME = 'tests/fixtures/sdp/chromium156-audio-video-data-offer.sdp';
const CHROME_STAND_IN = 'tests/fixtures/sdp/chrome-unified-audio-video-data-answer-sim-fid.sdp';
const FIXTURES: Fixture[] = [
  existsSync(`${root}/${CHROME}`)
    ? { name: 'chrome-av-data-offer', file: CHROME, role: 'initiator' }
    : { name: 'chrome-av-data-answer', file: CHROME_STAND_IN, role: 'responder', note: 'stand-in' },
  {
    name: 'firefox58-audio-offer',
    file: 'tests/fixtures/cli/firefox58-audio-only-offer-inline-candidates.sdp',
    role: 'initiator',
  },
  {
    name: 'firefox61-video-offer',
    file: 'tests/fixtures/cli/firefox61-video-only-offer.sdp',
    role: 'initiator',
  },
];
const CONTENDERS = ['ours', 'floor', 'stanza', 'sdp-jingle-json'] as const;
type Contender = (typeof CONTENDERS)[number];

// Both are CommonJS; sdp-jingle-json ships no types, so it gets the two signatures used here.
const require = createRequire(import.meta.url);
interface JsonOpts {
  role: Role;
  direction: 'incoming' | 'outgoing';
  sid?: string;
  time?: string;
}
const sdpJingleJson = require('sdp-jingle-json') as {
  toSessionJSON(sdp: string, opts: JsonOpts): unknown;
  toSessionSDP(json: unknown, opts: JsonOpts): string;
};
const stanzaRegistry = new JXT.Registry();
stanzaRegistry.define((require('stanza/protocol') as { default: JXT.DefinitionOptions[] }).default);

function roundTrips(sdp: string, role: Role): Record<Contender, () => string> {
  const ourXml = sdpToJingle(sdp, { role }).toString();
  return {
    ours: () => jingleToSdp(parseXml(sdpToJingle(sdp, { role }).toString()), { role }),
    floor: () => writeSdp(parseSdp(sdp)) + parseXml(ourXml).toString(),
    stanza: () => {
      const jingle = convertIntermediateToRequest(
        importFromSDP(sdp),
        role,
        'urn:xmpp:jingle:transports:ice-udp:1',
      );
      const iq = { type: 'set', jingle: { ...jingle, action: 'session-initiate', sid: 's1' } };
      const xml = stanzaRegistry.export('iq', iq)?.toString() ?? '';
      const back = stanzaRegistry.import(JXT.parse(xml)) as { jingle: Jingle };
      return exportToSDP(convertRequestToIntermediate(back.jingle, role));
    },
    'sdp-jingle-json': () => {
      const json = sdpJingleJson.toSessionJSON(sdp, { role, direction: 'outgoing' });
      return (
        sdpJingleJson.toSessionSDP(json, { role, direction: 'incoming', sid: '1', time: '1' }) +
        parseXml(ourXml).toString()
      );
    },
  };
}

/** Share of the input's distinct lines (o= aside) found verbatim in the output: a fidelity hint, not a test. */
function linesKept(input: string, output: string): string {
  const lines = (s: string) => new Set(s.split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('o=')));
  const inLines = lines(input);
  const outLines = lines(output);
  return `${[...inLines].filter((l) => outLines.has(l)).length}/${inLines.size}`;
}

/**
 * Bytes allocated per op. Young-generation GCs would free garbage mid-batch and hide it, so the
 * child runs with a fixed 128 MiB semi-space (--min/--max-semi-space-size) and --expose-gc: warm
 * up, gc() twice, read heapUsed, run N ops, read heapUsed again. A PerformanceObserver on 'gc'
 * entries proves no collection started inside the batch; if one did, N is halved and it retries.
 */
async function allocChild(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const gcStarts: number[] = [];
  new PerformanceObserver((list) => gcStarts.push(...list.getEntries().map((e) => e.startTime))).observe({
    entryTypes: ['gc'],
  });
  const out: Record<string, Record<string, number>> = {};
  for (const fx of FIXTURES) {
    const fns = roundTrips(readFileSync(`${root}/${fx.file}`, 'utf8'), fx.role);
    const perOp: Record<string, number> = {};
    out[fx.name] = perOp;
    for (const name of CONTENDERS) {
      const fn = fns[name];
      for (let i = 0; i < 200; i++) fn();
      for (let n = 400; n >= 10; n = Math.floor(n / 2)) {
        gc();
        gc();
        await new Promise((r) => setTimeout(r, 1)); // let the observer drain the gc() entries
        const t0 = performance.now();
        const before = process.memoryUsage().heapUsed;
        for (let i = 0; i < n; i++) fn();
        const after = process.memoryUsage().heapUsed;
        const t1 = performance.now();
        await new Promise((r) => setTimeout(r, 1));
        if (gcStarts.some((t) => t >= t0 && t <= t1)) continue;
        perOp[name] = (after - before) / n;
        break;
      }
    }
  }
  process.stdout.write(JSON.stringify(out));
}

function measureAllocations(): Record<string, Record<string, number>> {
  const flags = ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128'];
  const r = spawnSync(
    process.execPath,
    [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), '--alloc-child'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`allocation child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, Record<string, number>>;
}

const ROUNDS = 8;

/**
 * tinybench runs tasks one after the other, so on a shared machine a load spike can land on one
 * contender only. We run ROUNDS short benches instead (time / ROUNDS per task each) and pool each
 * task's latency samples across rounds; mean, median and p99 are computed from the pooled samples.
 */
async function timeInRounds(fns: Record<Contender, () => string>, time: number) {
  const samples = new Map<Contender, number[]>(CONTENDERS.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({
      time: time / ROUNDS,
      warmupTime: round === 0 ? 300 : 50,
      throws: true,
      retainSamples: true,
    });
    for (const name of CONTENDERS) bench.add(name, fns[name]);
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
      samples.get(task.name as Contender)?.push(...(r.latency.samples ?? []));
    }
  }
  const stats = new Map<Contender, { mean: number; median: number; p99: number }>();
  for (const [name, xs] of samples) {
    stats.set(name, { mean: mean(xs), median: median(xs), p99: percentile(xs, 99) });
  }
  return stats;
}

const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const timeArg = process.argv.find((a) => a.startsWith('--time='));
  const time = timeArg === undefined ? 2000 : Number(timeArg.slice('--time='.length));
  if (!(time > 0)) throw new TypeError(`--time=MS needs a positive number of milliseconds, not "${timeArg}"`);
  const allocs = measureAllocations();
  const verdicts: string[] = [];
  console.log(
    '| fixture | contender | ops/s | mean (µs) | median (µs) | p99 (µs) | median vs floor | bytes/op | alloc vs floor | lines kept |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const fx of FIXTURES) {
    const sdp = readFileSync(`${root}/${fx.file}`, 'utf8');
    const fns = roundTrips(sdp, fx.role);
    const stats = await timeInRounds(fns, time);
    const floor = stats.get('floor');
    const floorAlloc = allocs[fx.name]?.floor;
    if (floor === undefined || floorAlloc === undefined) throw new Error('floor missing');
    const label = fx.note === undefined ? fx.name : `${fx.name} (${fx.note})`;
    for (const name of CONTENDERS) {
      const s = stats.get(name);
      const a = allocs[fx.name]?.[name];
      if (s === undefined) continue;
      const alloc = a === undefined ? 'n/a' : fmt(a / 1024, 1) + ' KiB';
      const allocRel = a === undefined ? 'n/a' : `${fmt(a / floorAlloc, 2)}x`;
      console.log(
        `| ${label} | ${name} | ${fmt(1000 / s.mean, 0)} | ${fmt(s.mean * 1000)} | ${fmt(s.median * 1000)} | ${fmt(s.p99 * 1000)} | ${fmt(s.median / floor.median, 2)}x | ${alloc} | ${allocRel} | ${linesKept(sdp, fns[name]())} |`,
      );
    }
    const ours = stats.get('ours');
    const stanza = stats.get('stanza');
    const oursAlloc = allocs[fx.name]?.ours;
    if (ours !== undefined && stanza !== undefined && oursAlloc !== undefined) {
      const check = (ok: boolean, what: string) => verdicts.push(`${ok ? 'PASS' : 'FAIL'} ${label}: ${what}`);
      check(
        ours.median <= 1.5 * floor.median,
        `round trip ${fmt(ours.median / floor.median, 2)}x floor median time (target <= 1.5x)`,
      );
      check(
        stanza.median >= 4 * ours.median,
        `${fmt(stanza.median / ours.median, 2)}x faster than StanzaJS by median (target >= 4x)`,
      );
      check(
        oursAlloc <= 2 * floorAlloc,
        `${fmt(oursAlloc / floorAlloc, 2)}x floor allocations (target <= 2x)`,
      );
    }
  }
  console.log('');
  for (const v of verdicts) console.log(v);
}

if (process.argv.includes('--alloc-child')) await allocChild();
else await main();
