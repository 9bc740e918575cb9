// Two Node clients over WebSocket on our Prosody: presence subscription, a message, and the
// accounts/contacts the harness writes into Prosody's storage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { login, logout, xml } from './stack-helpers.js';
import type { TestClient } from './stack-helpers.js';

const ROSTER = 'jabber:iq:roster';
let h: ProsodyHandle;
const clients: TestClient[] = [];

beforeAll(async () => {
  h = await startProsody({
    users: [
      ['alice', 'alice-pw'],
      ['bob', 'bob-pw'],
    ],
  });
});
afterAll(async () => {
  await logout(...clients);
  await h?.stop();
});

async function rosterOf(c: TestClient) {
  const res = await c.xmpp.iqCaller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: ROSTER })));
  return res
    .getChild('query', ROSTER)
    ?.getChildren('item')
    .map((i) => ({ jid: i.attrs.jid as string, subscription: i.attrs.subscription as string }))
    .sort((a, b) => a.jid.localeCompare(b.jid));
}

describe('Two clients on our Prosody over WebSocket', () => {
  it('subscribe to each other (RFC 6121 §3) and exchange a message', async () => {
    const alice = await login(h, 'alice', 'alice-pw');
    const bob = await login(h, 'bob', 'bob-pw');
    clients.push(alice, bob);
    await alice.xmpp.send(xml('presence'));
    await bob.xmpp.send(xml('presence'));

    await alice.xmpp.send(xml('presence', { type: 'subscribe', to: 'bob@localhost' }));
    await bob.stanzas.next((s) => s.is('presence') && s.attrs.type === 'subscribe', 'subscribe at bob');
    await bob.xmpp.send(xml('presence', { type: 'subscribed', to: 'alice@localhost' }));
    await bob.xmpp.send(xml('presence', { type: 'subscribe', to: 'alice@localhost' }));
    await alice.stanzas.next((s) => s.is('presence') && s.attrs.type === 'subscribe', 'subscribe at alice');
    await alice.xmpp.send(xml('presence', { type: 'subscribed', to: 'bob@localhost' }));
    // Once both directions are approved, each sees the other's available presence.
    await alice.stanzas.next(
      (s) => s.is('presence') && s.attrs.from === bob.jid && !s.attrs.type,
      'bob online',
    );
    await bob.stanzas.next(
      (s) => s.is('presence') && s.attrs.from === alice.jid && !s.attrs.type,
      'alice online',
    );

    expect(await rosterOf(alice)).toEqual([{ jid: 'bob@localhost', subscription: 'both' }]);
    expect(await rosterOf(bob)).toEqual([{ jid: 'alice@localhost', subscription: 'both' }]);

    await alice.xmpp.send(
      xml('message', { to: 'bob@localhost', type: 'chat', id: 'm1' }, xml('body', {}, 'hello bob')),
    );
    const m = await bob.stanzas.next((s) => s.is('message') && s.attrs.id === 'm1', 'message at bob');
    expect({ from: m.attrs.from, to: m.attrs.to, type: m.attrs.type, body: m.getChildText('body') }).toEqual({
      from: alice.jid,
      to: 'bob@localhost',
      type: 'chat',
      body: 'hello bob',
    });
  });

  it('makeContacts() gives two new users a mutual both subscription before they log in', async () => {
    await h.register('carol', 'carol-pw');
    await h.register('dave@localhost', 'dave-pw');
    await h.makeContacts('carol', 'dave@localhost');
    await h.makeContacts('carol', 'alice');
    const carol = await login(h, 'carol', 'carol-pw');
    const dave = await login(h, 'dave', 'dave-pw');
    clients.push(carol, dave);
    expect(await rosterOf(carol)).toEqual([
      { jid: 'alice@localhost', subscription: 'both' },
      { jid: 'dave@localhost', subscription: 'both' },
    ]);
    expect(await rosterOf(dave)).toEqual([{ jid: 'carol@localhost', subscription: 'both' }]);
    await dave.xmpp.send(xml('presence'));
    await carol.xmpp.send(xml('presence'));
    const p = await carol.stanzas.next((s) => s.is('presence') && s.attrs.from === dave.jid, 'dave presence');
    expect({ from: p.attrs.from, type: p.attrs.type }).toEqual({ from: dave.jid, type: undefined });
  });

  it('a wrong password is refused with SASL not-authorized', async () => {
    await expect(login(h, 'alice', 'wrong')).rejects.toMatchObject({ condition: 'not-authorized' });
  });
});
