// Call statistics from getStats() (W3C webrtc-stats): round-trip time of the selected candidate pair,
// bitrates from byte-counter deltas between two polls, and inbound packet loss. Pure: the poller in
// call.ts hands in successive reports.

/** The fields we read; RTCStatsReport values are plain dictionaries keyed by `type`. */
export interface StatsEntry {
  id: string;
  type: string;
  timestamp?: number;
  kind?: string;
  state?: string;
  nominated?: boolean;
  selected?: boolean;
  currentRoundTripTime?: number;
  bytesReceived?: number;
  bytesSent?: number;
  packetsReceived?: number;
  packetsLost?: number;
  framesDecoded?: number;
  selectedCandidatePairId?: string;
}

export interface CallStats {
  /** Seconds; undefined until a candidate pair reports one. */
  roundTripTime: number | undefined;
  /** Bits per second since the previous poll (0 on the first). */
  bitrateIn: number;
  bitrateOut: number;
  /** Fraction 0..1 of inbound RTP packets lost since the call started. */
  packetLoss: number;
  bytesReceived: number;
  bytesSent: number;
  framesDecoded: number;
}

export interface StatsSample {
  at: number;
  bytesReceived: number;
  bytesSent: number;
}

const num = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function summarizeStats(
  entries: Iterable<StatsEntry>,
  now: number,
  previous: StatsSample | undefined,
): { stats: CallStats; sample: StatsSample } {
  const all = [...entries];
  const transport = all.find((e) => e.type === 'transport' && e.selectedCandidatePairId !== undefined);
  const pair =
    all.find((e) => e.type === 'candidate-pair' && e.id === transport?.selectedCandidatePairId) ??
    all.find(
      (e) =>
        e.type === 'candidate-pair' &&
        (e.selected === true || (e.nominated === true && e.state === 'succeeded')),
    );
  let bytesReceived = 0;
  let bytesSent = 0;
  let received = 0;
  let lost = 0;
  let framesDecoded = 0;
  for (const e of all) {
    if (e.type === 'inbound-rtp') {
      bytesReceived += num(e.bytesReceived);
      received += num(e.packetsReceived);
      lost += Math.max(0, num(e.packetsLost));
      framesDecoded += num(e.framesDecoded);
    } else if (e.type === 'outbound-rtp') bytesSent += num(e.bytesSent);
  }
  const dt = previous === undefined ? 0 : (now - previous.at) / 1000;
  const rate = (bytes: number, before: number | undefined): number =>
    dt > 0 && before !== undefined ? Math.max(0, Math.round(((bytes - before) * 8) / dt)) : 0;
  return {
    stats: {
      roundTripTime: pair?.currentRoundTripTime,
      bitrateIn: rate(bytesReceived, previous?.bytesReceived),
      bitrateOut: rate(bytesSent, previous?.bytesSent),
      packetLoss: received + lost === 0 ? 0 : lost / (received + lost),
      bytesReceived,
      bytesSent,
      framesDecoded,
    },
    sample: { at: now, bytesReceived, bytesSent },
  };
}
