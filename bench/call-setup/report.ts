// Figures and verdicts of bench/call-setup/main.ts: per-call metrics from the tallies, median and p90
// over the repetitions, the side-by-side table and the three targets of issue #5.
import { median, percentile } from '../stats.js';
import type { Item, SideTraffic } from './frames.js';
import type { MachineInfo } from './env.js';
import type { Mode } from './ops.js';

export interface CallResult {
  mode: Mode;
  /** Wall-clock ms (page clock) of the dial at the caller and of the accept at the callee. */
  at: { dial: number; accept: number; calleeMedia: { start: number; end: number } | undefined };
  /** Transport milestones per side (call-setup-hooks.ts `marks`), wall-clock ms. */
  marks: { caller: Record<string, number>; callee: Record<string, number> };
  /** ms from the callee's accept to the first decoded remote video frame, per side. */
  acceptToFrame: { caller: number; callee: number };
  /** ms from the caller's dial to the first decoded frame, per side. */
  dialToFrame: { caller: number; callee: number };
  caller: SideTraffic;
  callee: SideTraffic;
  /** UTF-8 bytes of the local SDPs and trickled candidates of both peer connections. */
  raw: { sdpBytes: number; candidateBytes: number; candidates: number };
}

/** The per-call numbers the table shows. */
export function metrics(r: CallResult): Record<MetricName, number> {
  const both = (f: (s: SideTraffic) => number) => f(r.caller) + f(r.callee);
  return {
    'accept → frame, caller (ms)': r.acceptToFrame.caller,
    'accept → frame, callee (ms)': r.acceptToFrame.callee,
    'dial → frame, caller (ms)': r.dialToFrame.caller,
    'stanzas/messages sent (both)': both((s) => s.out.kinds.stanza.count),
    'stanzas/messages received (both)': both((s) => s.in.kinds.stanza.count),
    'XEP-0198 r/a nonzas (both, in+out)': both((s) => s.out.kinds.sm.count + s.in.kinds.sm.count),
    'signaling bytes sent (both)': both((s) => s.out.kinds.stanza.bytes),
    'XEP-0198 bytes (both, in+out)': both((s) => s.out.kinds.sm.bytes + s.in.kinds.sm.bytes),
    'raw SDP + candidate bytes': r.raw.sdpBytes + r.raw.candidateBytes,
    'candidates trickled (both)': r.raw.candidates,
  };
}

export const METRICS = [
  'accept → frame, caller (ms)',
  'accept → frame, callee (ms)',
  'dial → frame, caller (ms)',
  'stanzas/messages sent (both)',
  'stanzas/messages received (both)',
  'XEP-0198 r/a nonzas (both, in+out)',
  'signaling bytes sent (both)',
  'XEP-0198 bytes (both, in+out)',
  'raw SDP + candidate bytes',
  'candidates trickled (both)',
] as const;
export type MetricName = (typeof METRICS)[number];

const p90 = (xs: readonly number[]): number => percentile(xs, 90);

export interface Summary {
  rows: Array<{ metric: MetricName; xmpp: [number, number]; relay: [number, number] }>;
  verdicts: Array<{ target: string; pass: boolean; detail: string }>;
}

export function summarize(results: readonly CallResult[]): Summary {
  const of = (mode: Mode, m: MetricName) => results.filter((r) => r.mode === mode).map((r) => metrics(r)[m]);
  const rows = METRICS.map((metric) => ({
    metric,
    xmpp: [median(of('xmpp', metric)), p90(of('xmpp', metric))] as [number, number],
    relay: [median(of('relay', metric)), p90(of('relay', metric))] as [number, number],
  }));
  const med = (mode: Mode, m: MetricName) => median(of(mode, m));
  const stanzas = med('xmpp', 'stanzas/messages sent (both)');
  // The XMPP call's own peer connections produced the raw bytes it had to carry.
  const bytesRatio = med('xmpp', 'signaling bytes sent (both)') / med('xmpp', 'raw SDP + candidate bytes');
  const verdicts = [
    { target: 'stanzas per call setup ≤ 20', pass: stanzas <= 20, detail: `${stanzas}` },
    {
      target: 'signaling bytes ≤ 1.5 × raw SDP + candidates',
      pass: bytesRatio <= 1.5,
      detail: `${bytesRatio.toFixed(2)}x`,
    },
    ...(['caller', 'callee'] as const).map((side) => {
      const m: MetricName = `accept → frame, ${side} (ms)`;
      const ratio = med('xmpp', m) / med('relay', m);
      return {
        target: `accept → first frame ≤ 1.2 × relay (${side})`,
        pass: ratio <= 1.2,
        detail: `${ratio.toFixed(2)}x`,
      };
    }),
  ];
  return { rows, verdicts };
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Markdown tables (they read fine in a terminal too). */
export function renderReport(
  s: Summary,
  info: MachineInfo,
  runs: { perMode: number; failed: string[] },
): string {
  const lines = [
    `machine: nproc ${info.nproc}, ${info.cpuModel}, Node ${info.node}, ${info.chromium}, Prosody ${info.prosody}, load ${info.load}`,
    `calls: ${runs.perMode} per contender, alternating; ${runs.failed.length} failed${runs.failed.length ? `: ${runs.failed.join('; ')}` : ''}`,
    '',
    '| metric | XMPP median | XMPP p90 | relay median | relay p90 | XMPP ÷ relay (median) |',
    '|---|---:|---:|---:|---:|---:|',
    ...s.rows.map(
      (r) =>
        `| ${r.metric} | ${fmt(r.xmpp[0])} | ${fmt(r.xmpp[1])} | ${fmt(r.relay[0])} | ${fmt(r.relay[1])} | ${r.relay[0] === 0 ? '—' : `${(r.xmpp[0] / r.relay[0]).toFixed(2)}x`} |`,
    ),
    '',
    '| target | verdict | measured (medians) |',
    '|---|---|---|',
    ...s.verdicts.map((v) => `| ${v.target} | **${v.pass ? 'PASS' : 'FAIL'}** | ${v.detail} |`),
  ];
  return lines.join('\n');
}

/** The stanzas of one XMPP call, per side and direction, with repeats folded (`iq result ×4`). */
export function renderBreakdown(r: CallResult): string {
  const fold = (items: readonly Item[]) => {
    const byLabel = new Map<string, { n: number; bytes: number }>();
    for (const { label, bytes } of items) {
      const e = byLabel.get(label) ?? { n: 0, bytes: 0 };
      byLabel.set(label, { n: e.n + 1, bytes: e.bytes + bytes });
    }
    const parts = [...byLabel].map(([l, e]) => `${l}${e.n > 1 ? ` ×${e.n}` : ''} (${e.bytes} B)`);
    return parts.join(', ') || '—';
  };
  return [
    `caller sent:     ${fold(r.caller.out.items)}`,
    `callee sent:     ${fold(r.callee.out.items)}`,
    `caller received: ${fold(r.caller.in.items)}`,
    `callee received: ${fold(r.callee.in.items)}`,
  ].join('\n');
}
