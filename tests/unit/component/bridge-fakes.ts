// Test doubles for the call layer: a recording CallIo with a manual clock and timers, and a fake
// EchoMedia that answers with a fixed SDP. Clearly fakes: no XMPP, no werift.
import { readFileSync } from 'node:fs';
import { Element, parse } from 'ltx';
import type {
  EchoMedia,
  EchoMediaEvents,
  EchoMediaFactory,
} from '../../../src/component/calls/echo-media.js';
import type { CallIo } from '../../../src/component/calls/io.js';
import type { IceCandidateInit } from '../../../src/jingle/sdp/index.js';
import { StanzaError, TimeoutError } from '../../../src/component/iq-requests.js';

export const sdpFixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/sdp/${name}`, import.meta.url), 'utf8');

/** An element as plain data, so toEqual compares whole stanzas regardless of attribute order. */
export interface Tree {
  name: string;
  attrs: Record<string, string>;
  children: (Tree | string)[];
}
export function tree(el: Element): Tree {
  return {
    name: el.name,
    attrs: Object.fromEntries(Object.entries(el.attrs).map(([k, v]) => [k, String(v)])),
    children: el.children
      .map((c) => (typeof c === 'string' ? c : tree(c)))
      .filter((c) => typeof c !== 'string' || c.trim() !== ''),
  };
}
export const xmlTree = (xml: string): Tree => tree(parse(xml.replace(/>\s+</g, '><')));

export interface FakeIo extends CallIo {
  /** Everything sent, in order (send and request alike). */
  out: Element[];
  /** Answer the next requests with an error stanza instead of a result. */
  failRequests: boolean;
  /** Let the next requests time out (TimeoutError), as when the server queues them too long. */
  timeoutRequests: boolean;
  advance(ms: number): void;
  pendingTimers(): number;
}

export function fakeIo(start = 1_000): FakeIo {
  let now = start;
  let ids = 0;
  let nextHandle = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const io: FakeIo = {
    out: [],
    failRequests: false,
    timeoutRequests: false,
    send: (el) => void io.out.push(el),
    request: (iq) => {
      io.out.push(iq);
      if (io.timeoutRequests)
        return Promise.reject(new TimeoutError(`no answer to IQ ${String(iq.attrs['id'])}`));
      if (!io.failRequests) return Promise.resolve(new Element('iq', { type: 'result', id: iq.attrs['id'] }));
      const err = new Element('iq', { type: 'error', id: iq.attrs['id'] });
      err
        .c('error', { type: 'cancel' })
        .c('item-not-found', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' });
      return Promise.reject(new StanzaError('item-not-found', 'cancel', err));
    },
    now: () => now,
    timers: {
      setTimeout: (fn, ms) => {
        const h = ++nextHandle;
        timers.set(h, { at: now + ms, fn });
        return h;
      },
      clearTimeout: (h) => void timers.delete(h as number),
    },
    newId: () => `id${++ids}`,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
    },
    pendingTimers: () => timers.size,
  };
  return io;
}

/** Lets promise chains (the fake media's answer, request results) settle. */
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export interface FakeMedia {
  factory: EchoMediaFactory;
  /** What each call's media saw, in order. */
  log: unknown[];
  events: EchoMediaEvents[];
}

export function fakeMedia(
  answer: string,
  opts: { fail?: boolean; candidatesDuringAnswer?: IceCandidateInit[] } = {},
): FakeMedia {
  const m: FakeMedia = { log: [], events: [], factory: () => undefined as never };
  m.factory = (events) => {
    const n = m.events.push(events);
    const media: EchoMedia = {
      answer: async (offer) => {
        m.log.push([n, 'answer', offer]);
        for (const c of opts.candidatesDuringAnswer ?? []) events.candidate(c);
        if (opts.fail === true) throw new Error('fake media cannot answer');
        return answer;
      },
      addCandidate: async (c) => void m.log.push([n, 'candidate', c]),
      close: () => void m.log.push([n, 'close']),
    };
    return media;
  };
  return m;
}
