// The report of bench/component/main.ts as Markdown (pasted into docs/benchmarks.md "Component").
import type { Params } from './main.js';
import type { OwnerCounters } from './owners.js';
import type { IdleResult, LevelResult } from './phases.js';
import type { MemoryReading } from './process.js';
import type { Machine } from './procs.js';
import { kib, mib, num, table, verdict } from './report.js';

export interface Report {
  params: Params;
  machine: Machine;
  files: { bench: number; component: number };
  idle: IdleResult;
  levels: LevelResult[];
  /** Why no call could be placed, when the probe call failed. */
  callsMissing: string | undefined;
  owners: OwnerCounters[];
}

/** Targets (issue #6). */
export const MAX_IDLE_BYTES = 50 * 1024;

export function printReport(r: Report): void {
  const p = r.params;
  const out: string[] = [];
  out.push(
    `Machine: nproc ${r.machine.nproc}, ${r.machine.cpuModel}, Node ${r.machine.node}, Prosody ${r.machine.prosody}.`,
    `Parameters: ${p.owners} owners, ${p.idle} idle sessions (opened ${p.openConcurrency} at a time), ` +
      `concurrency ${p.levels.join(' / ')} with min(${p.callsPerLevel}, 100 × concurrency) calls each after ${p.warmup} warm-up calls, ` +
      `call timeout ${p.callTimeoutMs / 1000} s, --ring-timeout ${p.ringTimeoutSeconds}, --conn-limit ${p.connLimit}, --call-limit ${p.callLimit}, ` +
      `open-file limit ${r.files.bench} (bench) / ${r.files.component} (component)` +
      `${p.noDelay ? ', DIAGNOSTIC --nodelay' : ''}${p.prosodyNoDelay ? ', DIAGNOSTIC --prosody-nodelay' : ''}${p.prosodyNoMam ? ', DIAGNOSTIC --prosody-no-mam' : ''}` +
      `${p.prosodyDebug ? ', DIAGNOSTIC --prosody-debug' : ''}${p.trace !== '' ? ', DIAGNOSTIC --trace' : ''}.`,
    '',
  );
  out.push(...callSection(r), '', ...idleSection(r.idle), '', ...targets(r));
  console.log(`\n${out.join('\n')}`);
}

function callSection(r: Report): string[] {
  if (r.callsMissing !== undefined)
    return [`Call setups: not measured, the probe call failed: ${r.callsMissing}`];
  const steps = r.levels[0]?.steps ?? [];
  const lines = [
    table(
      [
        'concurrency',
        'calls ok / failed',
        'wall (s)',
        'setups/s',
        'p50 (ms)',
        'p99 (ms)',
        ...steps.map((s) => `${s.step} p50 / p99 (ms)`),
      ],
      r.levels.map((l) => [
        String(l.concurrency),
        `${num(l.ok)} / ${num(l.failed)}`,
        num(l.wallMs / 1000, 1),
        num((l.ok * 1000) / l.wallMs, 1),
        num(l.p50, 1),
        num(l.p99, 1),
        ...l.steps.map((s) => `${num(s.p50, 1)} / ${num(s.p99, 1)}`),
      ]),
      `lrrrrr${'r'.repeat(steps.length)}`,
    ),
    '',
    table(
      [
        'concurrency',
        'component CPU ms/call',
        'Prosody CPU ms/call',
        'bench CPU ms/call',
        'component / Prosody',
        'component core %',
        'Prosody core %',
        'RSS component / Prosody after',
      ],
      [...r.levels.map((l) => cpuRow(String(l.concurrency), [l])), cpuRow('all', r.levels)],
      'lrrrrrrr',
    ),
  ];
  const failures = [...new Set(r.levels.flatMap((l) => l.failures))];
  if (failures.length > 0) lines.push('', `Failures (first distinct): ${failures.join('; ')}`);
  const sum = (k: keyof OwnerCounters): number =>
    r.owners.reduce((s, o) => s + (typeof o[k] === 'number' ? (o[k] as number) : 0), 0);
  lines.push(
    '',
    `Owners saw ${num(sum('proposes'))} proposes, ${num(sum('initiates'))} session-initiates, ` +
      `${num(sum('accepted'))} acked session-accepts (${num(sum('acceptFailed'))} failed), ` +
      `${num(sum('terminates'))} session-terminates, ${num(sum('otherJingle'))} other Jingle IQs.`,
  );
  const errors = [...new Set(r.owners.flatMap((o) => o.errors))].slice(0, 5);
  if (errors.length > 0) lines.push(`Owner errors (first 5 distinct): ${errors.join('; ')}`);
  return lines;
}

/** CPU per *attempted* call: a call that failed still cost its propose, initiate and accept. */
function cpuRow(label: string, ls: LevelResult[]): string[] {
  const calls = ls.reduce((s, l) => s + l.calls, 0);
  const wall = ls.reduce((s, l) => s + l.wallMs, 0);
  const cpu = (k: string): number => ls.reduce((s, l) => s + (l.cpu[k] ?? 0), 0);
  const last = ls[ls.length - 1];
  return [
    label,
    num(cpu('component') / calls, 2),
    num(cpu('prosody') / calls, 2),
    num(cpu('bench') / calls, 2),
    `${num(cpu('component') / cpu('prosody'), 2)}x`,
    num((cpu('component') / wall) * 100, 0),
    num((cpu('prosody') / wall) * 100, 0),
    ls.length === 1 && last !== undefined
      ? `${mib(last.rss.component, 0)} / ${mib(last.rss.prosody, 0)}`
      : '',
  ];
}

const delta = (a: MemoryReading, b: MemoryReading, k: keyof MemoryReading): number => b[k] - a[k];

function idleSection(i: IdleResult): string[] {
  const kinds: (keyof MemoryReading)[] = ['rss', 'heapUsed', 'external', 'arrayBuffers'];
  return [
    table(
      [
        'component memory',
        'baseline',
        `${num(i.sessions)} idle sessions`,
        'per session',
        'after closing all',
      ],
      kinds.map((k) => [
        k,
        mib(i.baseline[k]),
        mib(i.loaded[k]),
        kib(delta(i.baseline, i.loaded, k) / i.sessions),
        mib(i.afterClose[k]),
      ]),
      'lrrrr',
    ),
    '',
    `Opening ${num(i.sessions)} sessions took ${num(i.openMs / 1000, 1)} s and ` +
      `${num(i.componentCpuMs / i.sessions, 3)} component CPU ms per session.`,
  ];
}

function targets(r: Report): string[] {
  const idleRss = delta(r.idle.baseline, r.idle.loaded, 'rss') / r.idle.sessions;
  const idleHeap = delta(r.idle.baseline, r.idle.loaded, 'heapUsed') / r.idle.sessions;
  const rows = [
    [
      `≤ ${kib(MAX_IDLE_BYTES, 0)} per idle guest session (RSS; heapUsed)`,
      `${verdict(idleRss <= MAX_IDLE_BYTES && idleHeap <= MAX_IDLE_BYTES)} ${kib(idleRss)}; ${kib(idleHeap)}`,
    ],
  ];
  if (r.callsMissing === undefined) {
    for (const l of r.levels) {
      const ratio = (l.cpu['component'] ?? NaN) / (l.cpu['prosody'] ?? NaN);
      rows.push([
        `component CPU per call ≤ Prosody's, concurrency ${l.concurrency}`,
        `${verdict(ratio <= 1)} ${num(ratio, 2)}x${l.failed > 0 ? ` (${num(l.failed)} calls failed)` : ''}`,
      ]);
    }
  } else rows.push(["component CPU per setup ≤ Prosody's", 'not measured (see above)']);
  return [table(['target', 'result'], rows, 'll')];
}
