// bench/soak.ts's readings and verdicts: one row per call, growth per call as the least-squares slope
// over the calls after the warm-up (one GC-settled reading per call, so a slope is steadier than
// last-minus-first), and the issue #14 targets as PASS/FAIL.

export interface SoakRow {
  call: number;
  /** alice's page: JS heap used after two forced GCs (CDP Runtime.getHeapUsage). */
  pageHeap: number;
  /** The component: process.memoryUsage() after two gc() calls. */
  componentHeap: number;
  rss: number;
  /** Socket file descriptors of the component (/proc/<pid>/fd). */
  sockets: number;
  /** Its active handles and requests (process.getActiveResourcesInfo()). */
  handles: number;
}

export const TARGETS = {
  pageBytesPerCall: 5 * 1024,
  componentBytesPerCall: 20 * 1024,
  rssDrift: 0.1,
} as const;

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const kib = (b: number): string => (b / 1024).toFixed(1);
const mib = (b: number): string => (b / 1024 / 1024).toFixed(2);

export function printRow(kind: string, r: SoakRow): void {
  console.log(
    `${kind} ${String(r.call).padStart(4)}  page ${mib(r.pageHeap)} MiB  component heap ${mib(r.componentHeap)} MiB` +
      `  rss ${mib(r.rss)} MiB  sockets ${r.sockets}  handles ${r.handles}`,
  );
}

export interface Verdict {
  kind: string;
  calls: number;
  pagePerCall: number;
  componentPerCall: number;
  rssAtWarmup: number;
  rssMax: number;
  socketBaseline: number;
  socketsOff: number[];
  ok: boolean;
}

export function judge(
  kind: string,
  rows: readonly SoakRow[],
  warmup: number,
  socketBaseline: number,
): Verdict {
  const after = rows.filter((r) => r.call > warmup);
  const pagePerCall = slope(after.map((r) => ({ x: r.call, y: r.pageHeap })));
  const componentPerCall = slope(after.map((r) => ({ x: r.call, y: r.componentHeap })));
  const rssAtWarmup = rows.find((r) => r.call === warmup)?.rss ?? rows[0]?.rss ?? 0;
  const rssMax = Math.max(...after.map((r) => r.rss), rssAtWarmup);
  const socketsOff = rows.filter((r) => r.sockets !== socketBaseline).map((r) => r.call);
  const ok =
    pagePerCall <= TARGETS.pageBytesPerCall &&
    componentPerCall <= TARGETS.componentBytesPerCall &&
    rssMax <= rssAtWarmup * (1 + TARGETS.rssDrift) &&
    socketsOff.length === 0;
  return {
    kind,
    calls: rows.length,
    pagePerCall,
    componentPerCall,
    rssAtWarmup,
    rssMax,
    socketBaseline,
    socketsOff,
    ok,
  };
}

const mark = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');

export function printVerdict(v: Verdict, warmup: number): void {
  console.log(`\n### ${v.kind}: ${v.calls} calls, the first ${warmup} warm-up\n`);
  console.log('| target | measured | verdict |');
  console.log('|---|---:|---|');
  console.log(
    `| page heap growth <= 5 KiB/call | ${kib(v.pagePerCall)} KiB/call | ${mark(v.pagePerCall <= TARGETS.pageBytesPerCall)} |`,
  );
  console.log(
    `| component heap growth <= 20 KiB/call | ${kib(v.componentPerCall)} KiB/call | ${mark(v.componentPerCall <= TARGETS.componentBytesPerCall)} |`,
  );
  const drift = v.rssAtWarmup === 0 ? 0 : v.rssMax / v.rssAtWarmup - 1;
  console.log(
    `| component RSS within 10 % of call ${warmup}'s | ${mib(v.rssAtWarmup)} -> max ${mib(v.rssMax)} MiB (${(drift * 100).toFixed(1)} %) | ${mark(drift <= TARGETS.rssDrift)} |`,
  );
  const off =
    v.socketsOff.length === 0 ? 'every call' : `not after calls ${v.socketsOff.slice(0, 10).join(', ')}`;
  console.log(
    `| component sockets back to ${v.socketBaseline} after each call | ${off} | ${mark(v.socketsOff.length === 0)} |`,
  );
}

/** A few rows for docs/benchmarks.md: after the warm-up and at every 20 % of the run. */
export function printSample(kind: string, rows: readonly SoakRow[], warmup: number): void {
  const n = rows.length;
  const pick = new Set([1, warmup, ...[0.2, 0.4, 0.6, 0.8, 1].map((f) => Math.round(f * n))]);
  console.log(
    `\n| ${kind} call | page heap (MiB) | component heap (MiB) | component RSS (MiB) | sockets | handles |`,
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of rows.filter((x) => pick.has(x.call)))
    console.log(
      `| ${r.call} | ${mib(r.pageHeap)} | ${mib(r.componentHeap)} | ${mib(r.rss)} | ${r.sockets} | ${r.handles} |`,
    );
}
