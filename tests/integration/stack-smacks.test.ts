// XEP-0198 on our Prosody: after the socket is cut, the client resumes the same session and gets
// the stanza that was sent to it while it was away.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { login, logout, shape, xml } from './stack-helpers.js';
import type { TestClient } from './stack-helpers.js';

const SM = 'urn:xmpp:sm:3';
let h: ProsodyHandle;
let alice: TestClient | undefined;
let bob: TestClient | undefined;

beforeAll(async () => {
  h = await startProsody({
    users: [
      ['alice', 'a'],
      ['bob', 'b'],
    ],
  });
  await h.makeContacts('alice', 'bob');
});
afterAll(async () => {
  await logout(alice, bob);
  await h?.stop();
});

it('XEP-0198 §5: a client whose socket is killed resumes its session and receives the stanza sent meanwhile', async () => {
  alice = await login(h, 'alice', 'a');
  bob = await login(h, 'bob', 'b');
  const a = alice;
  // Available presence first: a chat message to a bare JID with no available resource goes offline.
  await a.xmpp.send(xml('presence'));
  await bob.xmpp.send(xml('presence'));
  await a.stanzas.next((s) => s.is('presence') && s.attrs.from === bob?.jid, 'bob available');
  const smId = a.xmpp.streamManagement?.id;
  expect(smId).toMatch(/.+/);
  if (a.xmpp.reconnect) a.xmpp.reconnect.delay = 50;

  const socket = a.xmpp.socket?.socket;
  if (!socket?.terminate) throw new Error('expected a ws WebSocket under @xmpp/websocket');
  socket.terminate(); // no </stream>, no close frame: what a lost network looks like
  await bob.xmpp.send(
    xml(
      'message',
      { to: 'alice@localhost', type: 'chat', id: 'while-away' },
      xml('body', {}, 'still there?'),
    ),
  );

  const resumed = await a.nonzas.next((el) => el.is('resumed', SM), '<resumed/>', 10_000);
  expect(shape(resumed)).toEqual({
    name: 'resumed',
    attrs: { xmlns: SM, previd: smId, h: expect.stringMatching(/^\d+$/) },
    children: [],
  });
  expect(a.xmpp.streamManagement?.id).toBe(smId);
  const m = await a.stanzas.next(
    (s) => s.is('message') && s.attrs.id === 'while-away',
    'the message sent meanwhile',
  );
  expect({ from: m.attrs.from, body: m.getChildText('body') }).toEqual({
    from: bob.jid,
    body: 'still there?',
  });
  // A resumed session is not a new one: no second resource binding happened.
  expect(a.nonzas.seen.filter((el) => el.is('enabled', SM)).map((el) => el.attrs.id)).toEqual([smId]);
});
