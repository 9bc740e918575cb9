// Sorting the WebSocket frames a page saw during one call setup (call-setup-hooks.ts) into what the
// benchmark reports: XMPP stanzas (message, presence, iq; RFC 6120 §8), XEP-0198 `<r/>`/`<a/>`
// nonzas (reported apart: they acknowledge stanzas, they do not carry the call), and anything else
// (stream framing, whitespace). Relay frames are JSON and all count as signaling messages.
import { parse } from 'ltx';
import type { Element } from 'ltx';
import type { FrameRecord } from './hooks.js';

export const FRAME_KINDS = ['stanza', 'sm', 'other'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

const NS_SM = 'urn:xmpp:sm:3';
const STANZAS: readonly string[] = ['message', 'presence', 'iq'];

export interface Tally {
  count: number;
  bytes: number;
}

/** One signaling stanza or message: what it was, its size, and when the page saw it. */
export interface Item {
  label: string;
  bytes: number;
  t: number;
}

/** One direction of one page: tallies by kind and the stanzas in order. */
export interface DirectionTraffic {
  kinds: Record<FrameKind, Tally>;
  items: Item[];
}

export interface SideTraffic {
  out: DirectionTraffic;
  in: DirectionTraffic;
}

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** XMPP: the element's kind and a short label (`iq set session-initiate`, `message propose`). */
export function classifyXmpp(data: string): { kind: FrameKind; label: string } {
  let el: Element;
  try {
    el = parse(data);
  } catch {
    return { kind: 'other', label: data.trim() === '' ? 'whitespace' : 'unparsable' };
  }
  if ((el.name === 'r' || el.name === 'a') && el.attrs['xmlns'] === NS_SM)
    return { kind: 'sm', label: `sm ${el.name}` };
  if (!STANZAS.includes(el.name)) return { kind: 'other', label: el.name };
  const kids = el.getChildElements();
  const type = typeof el.attrs['type'] === 'string' ? ` ${el.attrs['type']}` : '';
  if (el.name === 'iq') {
    const jingle = kids.find((k) => k.name === 'jingle');
    const what = jingle ? String(jingle.attrs['action']) : (kids[0]?.name ?? '');
    return { kind: 'stanza', label: `iq${type} ${what}`.trimEnd() };
  }
  // Messages: name what they carry (JMI element, carbon wrapper…), not the processing hints.
  const hints = ['store', 'no-store', 'no-permanent-store', 'origin-id', 'stanza-id', 'request', 'markable'];
  const carried = kids.map((k) => k.name).filter((n) => !hints.includes(n));
  return { kind: 'stanza', label: `${el.name}${type} ${carried.join('+')}`.trimEnd() };
}

/** Relay frames: JSON `{sdp}`, `{candidate}` or `{bye}`. */
export function classifyRelay(data: string): { kind: FrameKind; label: string } {
  try {
    const m = JSON.parse(data) as Record<string, unknown>;
    const sdp = m['sdp'] as { type?: string } | undefined;
    if (sdp !== undefined) return { kind: 'stanza', label: `sdp ${sdp.type ?? ''}`.trimEnd() };
    const key = Object.keys(m)[0];
    return { kind: 'stanza', label: key ?? 'empty' };
  } catch {
    return { kind: 'other', label: 'unparsable' };
  }
}

/** The frames of one page on sockets whose URL passes `onSocket`, from `from` to `to` inclusive. */
export function tally(
  frames: readonly FrameRecord[],
  window: { from: number; to: number },
  onSocket: (url: string) => boolean,
  classify: (data: string) => { kind: FrameKind; label: string },
): SideTraffic {
  const empty = (): DirectionTraffic => ({
    kinds: { stanza: { count: 0, bytes: 0 }, sm: { count: 0, bytes: 0 }, other: { count: 0, bytes: 0 } },
    items: [],
  });
  const side: SideTraffic = { out: empty(), in: empty() };
  for (const f of frames) {
    if (f.t < window.from || f.t > window.to || !onSocket(f.url)) continue;
    const { kind, label } = classify(f.data);
    const d = side[f.dir];
    const bytes = utf8Bytes(f.data);
    d.kinds[kind].count += 1;
    d.kinds[kind].bytes += bytes;
    if (kind === 'stanza') d.items.push({ label, bytes, t: f.t });
  }
  return side;
}
