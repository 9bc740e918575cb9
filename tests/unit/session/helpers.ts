// Test helpers: stanza builders and a canonical string form so whole effect lists compare with toEqual.
import { parse, type Element } from 'ltx';
import type { Effect, Session } from '../../../src/jingle/session/index.js';

export const ALICE = 'alice@example.com/desk';
export const BOB = 'bob@example.com/phone';
export const MALLORY = 'mallory@evil.example/x';
export const NS = 'urn:xmpp:jingle:1';
export const ICE = 'urn:xmpp:jingle:transports:ice-udp:1';
export const RTP = 'urn:xmpp:jingle:apps:rtp:1';
export const DTLS = 'urn:xmpp:jingle:apps:dtls:0';

/** Attributes sorted, whitespace-only text dropped: XML that means the same prints the same. */
export function canon(x: Element | string, inherited?: string): string {
  const el = typeof x === 'string' ? parse(x) : x;
  const ns = typeof el.attrs['xmlns'] === 'string' ? (el.attrs['xmlns'] as string) : inherited;
  const attrs = Object.keys(el.attrs)
    .filter((k) => el.attrs[k] !== undefined && !(k === 'xmlns' && el.attrs[k] === inherited))
    .sort()
    .map((k) => ` ${k}="${String(el.attrs[k])}"`)
    .join('');
  const kids = el.children
    .map((c) => (typeof c === 'string' ? (c.trim() === '' ? '' : c.trim()) : canon(c, ns)))
    .join('');
  return `<${el.name}${attrs}>${kids}</${el.name}>`;
}

/** Effects with every Element replaced by its canonical string. */
export function show(effects: readonly Effect[]): unknown[] {
  return effects.map((e) => {
    if (e.kind === 'send') return { ...e, jingle: canon(e.jingle) };
    if (e.kind === 'remote-description' || e.kind === 'remote-candidates')
      return { ...e, jingle: canon(e.jingle) };
    if (e.kind === 'event' && e.event.type === 'description-info')
      return { ...e, event: { ...e.event, jingle: canon(e.event.jingle) } };
    return e;
  });
}

export const xml = (s: string): Element => parse(s);

export const jingle = (action: string, sid: string, inner = '', extra = ''): Element =>
  parse(`<jingle xmlns="${NS}" action="${action}" sid="${sid}"${extra}>${inner}</jingle>`);

export const transport = (ufrag: string, pwd: string, inner = '', setup?: string): string =>
  `<transport xmlns="${ICE}" ufrag="${ufrag}" pwd="${pwd}">${
    setup === undefined
      ? ''
      : `<fingerprint xmlns="${DTLS}" hash="sha-256" setup="${setup}">AA:BB</fingerprint>`
  }${inner}</transport>`;

export const description = (media = 'audio'): string =>
  `<description xmlns="${RTP}" media="${media}"><payload-type id="111" name="opus" clockrate="48000" channels="2"/></description>`;

export const content = (name: string, inner: string, creator = 'initiator', extra = ''): string =>
  `<content creator="${creator}" name="${name}"${extra}>${inner}</content>`;

export const candidate = (foundation: string, port: number, generation = 0): string =>
  `<candidate component="1" foundation="${foundation}" generation="${generation}" id="c${foundation}${port}" ip="192.0.2.1" port="${port}" priority="2130706431" protocol="udp" type="host"/>`;

export const audio = (ufrag = 'u1', pwd = 'p1', setup = 'actpass', cands = ''): Element =>
  xml(content('a0', description() + transport(ufrag, pwd, cands, setup)));

/** A session's restart record with its rollback transports as canonical strings. */
export function showRestart(restart: Session['restart']): unknown {
  if (restart?.rollback === undefined) return restart;
  return {
    ...restart,
    rollback: restart.rollback.map((r) => ({ name: r.name, transport: canon(r.transport) })),
  };
}
