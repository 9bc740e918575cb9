// XEP-0353 §4.1: between two simultaneous proposes of the same two parties, the lower id wins, compared
// with i;octet (RFC 4790 §9.3) over the UTF-8 bytes; equal ids fall back to the lower (full) JID.
import type { JmiMedia } from './model.js';

/**
 * i;octet on UTF-8 equals comparing Unicode code points in order, which avoids UTF-16 code-unit order
 * (it sorts U+E000..U+FFFF after astral characters, UTF-8 does not).
 */
export function compareOctets(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

export interface Proposal {
  id: string;
  /** The proposer's full JID. */
  from: string;
}

/** True when `ours` survives the tie-break against `theirs`. */
export function winsTieBreak(ours: Proposal, theirs: Proposal): boolean {
  const byId = compareOctets(ours.id, theirs.id);
  return byId !== 0 ? byId < 0 : compareOctets(ours.from, theirs.from) < 0;
}

/** The loser answers the winning propose "normally"; we auto-accept only media the user already asked for. */
export function mediaWithin(proposed: readonly JmiMedia[], consented: readonly JmiMedia[]): boolean {
  return proposed.every((m) => consented.includes(m));
}
