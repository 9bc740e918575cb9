// A tiny XMPP world for the property tests: accounts with devices, a server that forks bare-JID messages,
// writes XEP-0280 carbons and stamps XEP-0203 delays, and one FIFO channel per (sender, recipient) pair
// (RFC 6120 §10.1 keeps order only along such a path); the test picks which channel moves next.
import { type Element, parse } from 'ltx';
import {
  createJmiDevice,
  formatStamp,
  jmiToXml,
  parseJmi,
  stepJmiDevice,
  type JmiDevice,
  type JmiDeviceInput,
  type JmiEffect,
  type JmiOutgoing,
} from '../../../src/jingle/jmi/index.js';
import { bareJid, sameJid } from '../../../src/jingle/jid.js';

export interface World {
  now: number;
  devices: Map<string, JmiDevice>;
  /** `${from}->${to}` -> serialized stanzas as the recipient will read them. */
  channels: Map<string, string[]>;
  /** Every non-send effect, per device, for diagnostics. */
  log: string[];
}

export function createWorld(jids: readonly string[], now: number): World {
  return { now, devices: new Map(jids.map((j) => [j, createJmiDevice(j)])), channels: new Map(), log: [] };
}

const siblings = (w: World, jid: string): string[] =>
  [...w.devices.keys()].filter((d) => bareJid(d) === bareJid(jid) && d !== jid);

function enqueue(w: World, from: string, to: string, xml: string): void {
  const key = `${from}->${to}`;
  w.channels.set(key, [...(w.channels.get(key) ?? []), xml]);
}

const carbon = (dir: 'sent' | 'received', owner: string, inner: Element): string =>
  `<message from='${bareJid(owner)}' to='${owner}' type='chat'><${dir} xmlns='urn:xmpp:carbons:2'>` +
  `<forwarded xmlns='urn:xmpp:forward:0'>${inner.toString()}</forwarded></${dir}></message>`;

/** What Prosody does with a chat message from `from` (mod_carbons, bare-JID fork to all resources). */
export function route(w: World, from: string, out: JmiOutgoing): void {
  const el = jmiToXml(out, { from });
  el.c('delay', { xmlns: 'urn:xmpp:delay', stamp: formatStamp(w.now) });
  const toBare = bareJid(out.to) === out.to;
  const ownBare = sameJid(out.to, bareJid(from));
  if (toBare) {
    for (const d of w.devices.keys()) if (bareJid(d) === out.to) enqueue(w, from, d, el.toString());
  } else {
    if (w.devices.has(out.to)) enqueue(w, from, out.to, el.toString());
    for (const s of siblings(w, out.to)) enqueue(w, from, s, carbon('received', s, el));
  }
  if (!ownBare) for (const s of siblings(w, from)) enqueue(w, from, s, carbon('sent', s, el));
}

export function apply(w: World, jid: string, input: JmiDeviceInput): void {
  const device = w.devices.get(jid);
  if (device === undefined) throw new Error(`no device ${jid}`);
  const r = stepJmiDevice(device, input);
  // Frozen states and messages: a step that mutated its input would throw here (ESM is strict mode).
  for (const call of r.device.calls.values()) deepFreeze(call);
  deepFreeze(r.device.early);
  w.devices.set(jid, r.device);
  handle(w, jid, r.effects);
}

function handle(w: World, jid: string, effects: readonly JmiEffect[]): void {
  for (const e of effects) {
    if (e.type === 'send') route(w, jid, { to: e.to, payload: e.payload });
    else w.log.push(`${jid}: ${JSON.stringify(e)}`);
  }
}

/** Move the head of a channel; `duplicate` also re-queues it at the tail (an XEP-0198 resend). */
export function deliver(w: World, key: string, duplicate = false): void {
  const queue = w.channels.get(key) ?? [];
  const [head, ...rest] = queue;
  if (head === undefined) return;
  w.channels.set(key, duplicate ? [...rest, head] : rest);
  const to = key.split('->')[1] ?? '';
  const r = parseJmi(parse(head), to);
  if (!r.ok) throw new Error(`${to} could not read ${head}: ${r.ignored}`);
  apply(w, to, { type: 'message', message: r.message, now: w.now, callerIsTrusted: true });
}

export const busyChannels = (w: World): string[] =>
  [...w.channels.entries()]
    .filter(([, q]) => q.length > 0)
    .map(([k]) => k)
    .sort();

/** Deliver until nothing is in flight (bounded, so a message storm fails the test instead of hanging). */
export function drain(w: World): void {
  for (let i = 0; i < 500; i++) {
    const busy = busyChannels(w);
    const next = busy[0];
    if (next === undefined) return;
    deliver(w, next);
  }
  throw new Error(`network does not settle: ${busyChannels(w).join(', ')}`);
}

export function tick(w: World, ms: number): void {
  w.now += ms;
  for (const jid of [...w.devices.keys()]) apply(w, jid, { type: 'tick', now: w.now });
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
