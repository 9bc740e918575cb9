// Where the time between accept and the first decoded frame goes: when the stanzas (or relay
// messages) that carry the offer and the answer left one page and reached the other, in ms after
// the callee's accept, as medians over the calls. The frame timestamps come from the page taps.
import type { Item } from './frames.js';
import type { Mode } from './ops.js';
import { median } from '../stats.js';
import type { CallResult } from './report.js';

interface Phase {
  event: string;
  mode: Mode;
  side: 'caller' | 'callee';
  dir: 'out' | 'in';
  /** The stanza label (call-setup-frames.ts); the first one in the window counts. */
  label: string;
}

/** In the order they happen. JMI (XEP-0353 §3): the offer only leaves after the proceed. */
export const PHASES: readonly Phase[] = [
  { event: 'callee sends proceed', mode: 'xmpp', side: 'callee', dir: 'out', label: 'message chat proceed' },
  {
    event: 'caller receives proceed',
    mode: 'xmpp',
    side: 'caller',
    dir: 'in',
    label: 'message chat proceed',
  },
  {
    event: 'caller sends session-initiate (offer)',
    mode: 'xmpp',
    side: 'caller',
    dir: 'out',
    label: 'iq set session-initiate',
  },
  {
    event: 'callee receives session-initiate',
    mode: 'xmpp',
    side: 'callee',
    dir: 'in',
    label: 'iq set session-initiate',
  },
  {
    event: 'callee sends session-accept (answer)',
    mode: 'xmpp',
    side: 'callee',
    dir: 'out',
    label: 'iq set session-accept',
  },
  {
    event: 'caller receives session-accept',
    mode: 'xmpp',
    side: 'caller',
    dir: 'in',
    label: 'iq set session-accept',
  },
  { event: 'callee sends answer', mode: 'relay', side: 'callee', dir: 'out', label: 'sdp answer' },
  { event: 'caller receives answer', mode: 'relay', side: 'caller', dir: 'in', label: 'sdp answer' },
];

/** Peer connection milestones (call-setup-hooks.ts), in the order a call reaches them. */
const MARKS = [
  'signaling have-remote-offer',
  'signaling stable',
  'ice checking',
  'ice connected',
  'pc connecting',
  'pc connected',
  'first video packet',
  'first video frame received',
] as const;

const firstAt = (items: readonly Item[], label: string): number | undefined =>
  items.find((i) => i.label === label)?.t;

/** Markdown table: event, median ms after accept, in how many calls it was seen. */
export function renderPhases(results: readonly CallResult[]): string {
  const rows = PHASES.map((p) => {
    const calls = results.filter((r) => r.mode === p.mode);
    const times = calls.flatMap((r) => {
      const t = firstAt(r[p.side][p.dir].items, p.label);
      return t === undefined ? [] : [t - r.at.accept];
    });
    return `| ${p.mode} | ${p.event} | ${times.length ? median(times).toFixed(1) : '—'} | ${times.length}/${calls.length} |`;
  });
  const media = (['xmpp', 'relay'] as const).flatMap((mode) =>
    (['start', 'end'] as const).map((at) => {
      const calls = results.filter((r) => r.mode === mode);
      const xs = calls.flatMap((r) => (r.at.calleeMedia ? [r.at.calleeMedia[at] - r.at.accept] : []));
      const what = at === 'start' ? 'called' : 'resolved';
      return `| ${mode} | callee's getUserMedia ${what} | ${xs.length ? median(xs).toFixed(1) : '—'} | ${xs.length}/${calls.length} |`;
    }),
  );
  const marks = (['xmpp', 'relay'] as const).flatMap((mode) =>
    MARKS.flatMap((mark) =>
      (['caller', 'callee'] as const).map((side) => {
        const calls = results.filter((r) => r.mode === mode);
        const xs = calls.flatMap((r) => {
          const t = r.marks[side][mark];
          return t === undefined ? [] : [t - r.at.accept];
        });
        return `| ${mode} | ${side}: ${mark} | ${xs.length ? median(xs).toFixed(1) : '—'} | ${xs.length}/${calls.length} |`;
      }),
    ),
  );
  const plis = (['xmpp', 'relay'] as const).flatMap((mode) =>
    (['caller', 'callee'] as const).map((side) => {
      const xs = results
        .filter((r) => r.mode === mode)
        .map((r) => r.marks[side]['PLIs sent before decode (count)'] ?? 0);
      return `| ${mode} | ${side}: PLIs sent before the first decode (count, not ms) | ${xs.join(' ')} | ${xs.length}/${xs.length} |`;
    }),
  );
  const frames = (['xmpp', 'relay'] as const).flatMap((mode) =>
    (['caller', 'callee'] as const).map((side) => {
      const xs = results.filter((r) => r.mode === mode).map((r) => r.acceptToFrame[side]);
      return `| ${mode} | first decoded frame at the ${side} | ${median(xs).toFixed(1)} | ${xs.length}/${xs.length} |`;
    }),
  );
  return [
    '| contender | event | ms after accept (median) | seen in |',
    '|---|---|---:|---:|',
    ...media,
    ...rows,
    ...marks,
    ...plis,
    ...frames,
  ].join('\n');
}

/** Every stanza of one call in time order, in ms after the accept (negative: before it). */
export function renderTimeline(r: CallResult): string {
  const rows = (['caller', 'callee'] as const).flatMap((side) =>
    (['out', 'in'] as const).flatMap((dir) =>
      r[side][dir].items.map((i) => ({ ...i, who: `${side} ${dir === 'out' ? 'sent' : 'got '}` })),
    ),
  );
  rows.sort((a, b) => a.t - b.t);
  return rows
    .map((i) => `${(i.t - r.at.accept).toFixed(1).padStart(8)} ms  ${i.who}  ${i.label} (${i.bytes} B)`)
    .join('\n');
}
