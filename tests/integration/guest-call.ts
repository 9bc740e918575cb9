// A guest call through the bridge component as the cluster tests drive it: the guest page's socket
// (docs/component.md) and alice taking the call with JMI (XEP-0353) and Jingle (XEP-0166) by hand.
import { readFileSync } from 'node:fs';
import type { Element } from 'ltx';
import { WebSocket } from 'ws';
import { until, xml, type TestClient } from './stack-helpers.js';

export const JMI = 'urn:xmpp:jingle-message:0';
export const JINGLE = 'urn:xmpp:jingle:1';
export const OFFER = readFileSync(
  new URL('../fixtures/sdp/chromium156-audio-only-offer.sdp', import.meta.url),
  'utf8',
);

/** Jingle IQs are acknowledged at once (XEP-0166 §6.3); @xmpp/client's iqCallee does it for us. */
export function ackJingle(t: TestClient): void {
  (t.xmpp.iqCallee as unknown as { set(ns: string, n: string, h: () => boolean): void }).set(
    JINGLE,
    'jingle',
    () => true,
  );
}

/** A guest page's socket on the guest pages port `port`: hello, then `ready` with its JID. */
export async function guest(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/call/${token}/ws`);
  const got: Array<Record<string, unknown>> = [];
  ws.on('message', (d) => got.push(JSON.parse(String(d)) as Record<string, unknown>));
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const say = (m: object) => ws.send(JSON.stringify(m));
  say({ type: 'hello', name: 'Ada' });
  await until(() => got.length === 1, 'ready');
  return { got, say, closed, close: () => ws.close(), jid: String(got[0]?.['jid']) };
}

/**
 * `a` takes the guest's call (after the guest sent its offer): proceeds on the propose, answers the
 * session-initiate with a session-accept of the same contents; resolves with the reply to that.
 */
export async function acceptGuestCall(a: TestClient, guestJid: string): Promise<Element> {
  const fromGuest = (el: Element) => el.attrs.from === guestJid;
  const propose = await a.stanzas.next(
    (el) => fromGuest(el) && el.getChild('propose', JMI) !== undefined,
    'propose',
    15_000,
  );
  const sid = String(propose.getChild('propose', JMI)?.attrs.id);
  await a.xmpp.send(xml('message', { to: guestJid, type: 'chat' }, xml('proceed', { xmlns: JMI, id: sid })));
  const initiate = await a.stanzas.next(
    (el) => fromGuest(el) && el.getChild('jingle', JINGLE)?.attrs.action === 'session-initiate',
    'session-initiate',
    15_000,
  );
  const contents = initiate.getChild('jingle', JINGLE)?.getChildren('content') ?? [];
  return a.xmpp.iqCaller.request(
    xml(
      'iq',
      { type: 'set', to: guestJid, id: 'acc' },
      xml('jingle', { xmlns: JINGLE, action: 'session-accept', sid, responder: a.jid }, ...contents),
    ),
  );
}
