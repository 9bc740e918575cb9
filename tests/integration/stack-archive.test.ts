// Our Prosody keeps message archives (XEP-0313) in SQLite, not in its internal file store: past the
// internal store's 10,000-item cap every message made Prosody reload and rewrite the account's whole
// archive file, and one account sending ~12,000 messages stalled the server for everyone
// (docs/reliability.md, "Archive storage"). Accounts and rosters stay in internal storage.
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { login, logout, xml } from './stack-helpers.js';
import type { TestClient } from './stack-helpers.js';

const MAM = 'urn:xmpp:mam:2';
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

describe('message archives on our Prosody', () => {
  it('are written to archive.sqlite and served by MAM; the rest stays in internal storage', async () => {
    const alice = await login(h, 'alice', 'alice-pw');
    const bob = await login(h, 'bob', 'bob-pw');
    clients.push(alice, bob);
    for (const [id, body] of [
      ['a1', 'first'],
      ['a2', 'second'],
    ] as const)
      await alice.xmpp.send(xml('message', { to: 'bob@localhost', type: 'chat', id }, xml('body', {}, body)));
    // Prosody handles alice's stanzas in order and archives synchronously: once it answers her ping,
    // both messages are in bob's archive (whether or not bob is online to get them).
    await alice.xmpp.iqCaller.request(
      xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
    );
    const fin = await bob.xmpp.iqCaller.request(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'query',
          { xmlns: MAM, queryid: 'q1' },
          xml(
            'x',
            { xmlns: 'jabber:x:data', type: 'submit' },
            xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, MAM)),
            xml('field', { var: 'with' }, xml('value', {}, 'alice@localhost')),
          ),
        ),
      ),
    );
    // RFC 6120 §10.1: the results came on the same stream before the query's answer.
    const got = bob.stanzas.seen.flatMap((m) => {
      const inner = m.getChild('result', MAM)?.getChild('forwarded')?.getChild('message');
      return inner ? [`${String(inner.attrs['from'])} ${inner.getChildText('body') ?? ''}`] : [];
    });
    const data = `${h.dir}/prosody/data`;
    expect({
      complete: fin.getChild('fin', MAM)?.attrs['complete'],
      archived: got,
      sqlite: existsSync(`${data}/archive.sqlite`),
      stores: readdirSync(`${data}/localhost`).sort(),
    }).toEqual({
      complete: 'true',
      archived: [`${alice.jid} first`, `${alice.jid} second`],
      sqlite: true,
      // No `archive` folder: nothing archived in internal storage. Bob sent no presence, so the
      // messages were also kept for him as offline messages (RFC 6121 §8.5.2.2.1).
      stores: ['accounts', 'offline'],
    });
  });
});
