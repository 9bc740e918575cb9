// XEP-0082 DateTime (`CCYY-MM-DDThh:mm:ss[.sss]TZD`) as used by XEP-0203 `<delay stamp>`. Parsed by
// hand so the result never depends on the host's Date.parse leniency; anything else is undefined.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

export function parseStamp(s: string | undefined): number | undefined {
  const m = s === undefined ? null : DATETIME.exec(s);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, sec, frac, tzd] = m;
  const n = (v: string | undefined): number => Number(v ?? '0');
  if (n(mo) < 1 || n(mo) > 12 || n(d) < 1 || n(d) > 31 || n(h) > 23 || n(mi) > 59 || n(sec) > 60) {
    return undefined;
  }
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let offset = 0;
  if (tzd !== undefined && tzd !== 'Z') {
    const sign = tzd.startsWith('-') ? -1 : 1;
    offset = sign * (n(tzd.slice(1, 3)) * 60 + n(tzd.slice(4, 6))) * 60_000;
  }
  return Date.UTC(n(y), n(mo) - 1, n(d), n(h), n(mi), n(sec), ms) - offset;
}

/** The inverse, always in UTC with milliseconds, for builders and tests. */
export function formatStamp(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * When a message was sent, as far as we may believe it: a `<delay stamp>` is the sender's (or a server's)
 * claim, and one later than our own clock would push deadlines derived from it out at will (a propose
 * "sent" tomorrow would ring until tomorrow). Such a stamp counts as now; a missing one is now too.
 */
export const originTime = (stamp: number | undefined, now: number): number =>
  stamp === undefined ? now : Math.min(stamp, now);
