// Issue #11 defect 3 against a real Prosody: alice's old session is cut and hibernates (XEP-0198),
// she signs in again on a new resource, and when the old session expires Prosody bounces the presence
// queued for it to bob as <presence type='error' from='alice@…'> (the bare JID). Bob must still see
// alice's live resource.
import type { Element } from 'ltx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/client/index.js';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { clientFor, until } from './client-support.js';

const HIBERNATION_S = 2;

let prosody: ProsodyHandle;
const clients: Client[] = [];

beforeAll(async () => {
  prosody = await startProsody({
    users: [
      ['alice', 'alicepass'],
      ['bob', 'bobpass'],
    ],
    smacksHibernationSeconds: HIBERNATION_S,
  });
  await prosody.makeContacts('alice', 'bob');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await prosody?.stop();
});

function start(user: 'alice' | 'bob', resource: string): Client {
  const c = clientFor(prosody, user, `${user}pass`, { resource, iceServers: false });
  clients.push(c);
  return c;
}

describe('a bounced presence from an expired session of a contact', () => {
  it("leaves the contact's live resource online", async () => {
    const bob = start('bob', 'desk');
    const oldAlice = start('alice', 'web-old');
    await Promise.all([bob.start(), oldAlice.start()]);
    const alice = `alice@${prosody.domain}`;
    await until(() => bob.presence.of(alice).length === 1);

    // The tab is reloaded: the old socket dies without a goodbye and may not come back.
    oldAlice.internals.xmpp.options.service = 'ws://127.0.0.1:1/xmpp-websocket';
    (oldAlice.internals.xmpp.socket as unknown as { socket: { terminate(): void } }).socket.terminate();
    const newAlice = start('alice', 'web-new');
    await newAlice.start();
    await until(() => bob.presence.of(alice).some((r) => r.jid === `${alice}/web-new`));

    const bounces: string[] = [];
    bob.internals.onStanza('presence', (p: Element) => {
      if (p.attrs['type'] === 'error') bounces.push(String(p.attrs['from']));
    });
    // Bob's presence goes to both of alice's sessions; the hibernating one queues it.
    await bob.presence.set('away', 'lunch');
    await until(() => bounces.length > 0, (HIBERNATION_S + 10) * 1000);

    expect({ bounces, bobSees: bob.presence.of(alice).map((r) => r.jid) }).toEqual({
      bounces: [alice],
      bobSees: [`${alice}/web-new`],
    });
  });
});
