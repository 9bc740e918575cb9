// Our client against replies and streams it does not control, over a real Prosody (issues #9, #11):
// a condition-less IQ error settles the request when it arrives, a ~100 KB IQ gets a small error and
// leaves the session alive, and a socket that silently stops delivering is noticed and resumed.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/client/index.js';
import { xml } from '../../src/client/xmpp.js';
import type { RawXmpp } from '../support/raw-xmpp.js';
import { aliceAndRawBob, record, until, type AliceAndRawBob } from './client-support.js';

let peers: AliceAndRawBob;
let alice: Client;
let bob: RawXmpp;

beforeAll(async () => {
  peers = await aliceAndRawBob({
    random: () => 0,
    // Short enough for a test; the quiet period restarts with every stanza, so live traffic never probes.
    liveness: { idleMs: 400, answerMs: 400 },
  });
  ({ alice, bob } = peers);
});
afterAll(() => peers?.stop());

const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/'/g, '&apos;');

/** Alice receives a chat message from bob (her session works in both directions). */
async function messageArrives(body: string): Promise<string | null> {
  const got = new Promise<string | null>((resolve) => {
    const off = alice.internals.onStanza('message', (m) => {
      if (m.getChildText('body') !== body) return;
      off();
      resolve(m.getChildText('body'));
    });
  });
  await bob.send(
    `<message xmlns='jabber:client' type='chat' to='${attr(alice.jid ?? '')}'><body>${body}</body></message>`,
  );
  return got;
}

describe('replies our client does not control', () => {
  it("StanzaJS's <error type='cancel'/> (no condition) settles our request when it arrives", async () => {
    const request = alice.internals.iqCaller
      .set(
        xml('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-initiate', sid: 'stanzajs-1' }),
        bob.jid,
      )
      .then(
        () => ({ settled: 'result' }),
        (e: { name?: string; condition?: string; type?: string }) => ({
          settled: 'error',
          name: e.name,
          condition: e.condition,
          type: e.type,
        }),
      );
    const { el } = await bob.next((s) => s.name === 'iq' && s.attrs.type === 'set');
    await bob.send(
      `<iq xmlns='jabber:client' type='error' id='${attr(String(el.attrs.id))}' to='${attr(alice.jid ?? '')}'><error type='cancel'/></iq>`,
    );
    // Without the repair this never settles before @xmpp/iq's 30 s timeout, far past the test's own.
    expect(await request).toEqual({
      settled: 'error',
      name: 'StanzaError',
      condition: 'undefined-condition',
      type: 'cancel',
    });
  });

  it('a ~100 KB IQ of an unknown namespace gets a small error, and alice stays online and answers', async () => {
    const states = record(alice, 'state');
    const payload = 'x'.repeat(100_000);
    await bob.send(
      `<iq xmlns='jabber:client' type='get' id='big-1' to='${attr(alice.jid ?? '')}'><query xmlns='urn:example:unknown'>${payload}</query></iq>`,
    );
    const reply = await bob.next((s) => s.name === 'iq' && s.attrs.id === 'big-1');
    expect({
      type: reply.el.attrs.type,
      children: reply.el.getChildElements().map((c) => c.name),
      condition: reply.el.getChild('error')?.getChildElements()[0]?.name,
      small: reply.text.length < 1_000,
    }).toEqual({ type: 'error', children: ['error'], condition: 'service-unavailable', small: true });
    // Still alive both ways: an XEP-0199 ping is answered, a message arrives.
    await bob.send(
      `<iq xmlns='jabber:client' type='get' id='ping-1' to='${attr(alice.jid ?? '')}'><ping xmlns='urn:xmpp:ping'/></iq>`,
    );
    const pong = await bob.next((s) => s.name === 'iq' && s.attrs.id === 'ping-1');
    expect(pong.el.attrs.type).toBe('result');
    expect(await messageArrives('after the big IQ')).toBe('after the big IQ');
    expect(states).toEqual([]);
  });
});

describe('a stream that silently stops delivering', () => {
  it('is noticed (no answer to <r/>), dropped and resumed; what was sent meanwhile arrives', async () => {
    const log = record(alice, 'state', 'online');
    const ws = (alice.internals.xmpp.socket as unknown as { socket: { _socket: Socket } }).socket;
    const tcp = ws._socket;
    tcp.pause(); // the path is dead one way: Prosody's answers never reach alice
    const arrived = messageArrives('sent while alice heard nothing');
    await until(() => log.some(([kind]) => kind === 'online'), 15_000);
    tcp.destroy();
    expect(await arrived).toBe('sent while alice heard nothing');
    expect(log).toEqual([
      ['state', 'resuming'],
      ['state', 'online'],
      ['online', { jid: alice.jid, resumed: true, mechanism: 'PLAIN' }],
    ]);
  });
});
