import { xml } from '../../src/client/xmpp.js';
import type { Element } from 'ltx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, ClientError } from '../../src/client/index.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { clientFor, next, record, startContactsPair, until } from './client-support.js';

let prosody: ProsodyHandle;
let alice: Client;
let bob: Client;

beforeAll(async () => {
  prosody = await startContactsPair();
  // random = 0: the shortest delays of the backoff schedule (250 ms, 500 ms, …).
  alice = clientFor(prosody, 'alice', 'alicepass', { resource: 'web', iceServers: false, random: () => 0 });
  bob = clientFor(prosody, 'bob', 'bobpass', { resource: 'desk', iceServers: false });
  await Promise.all([alice.start(), bob.start()]);
});
afterAll(async () => {
  await Promise.all([alice?.stop(), bob?.stop()]);
  await prosody?.stop();
});

function bodies(client: Client): string[] {
  const got: string[] = [];
  client.internals.onStanza('message', (m: Element) => {
    const body = m.getChildText('body');
    if (body !== null) got.push(body);
  });
  return got;
}

/** Drop the TCP connection under the WebSocket without any closing handshake (a network loss). */
function cutSocket(client: Client): void {
  const ws = (client.internals.xmpp.socket as unknown as { socket: { terminate(): void } }).socket;
  ws.terminate();
}

const message = (to: string, body: string) => xml('message', { to, type: 'chat' }, xml('body', {}, body));

describe('XEP-0198 resumption and reconnect', () => {
  it('after the socket is cut: resuming -> online (resumed), and no stanza is lost in either direction', async () => {
    const aliceGot = bodies(alice);
    const bobGot = bodies(bob);
    const log = record(alice, 'state', 'online');
    const aliceFull = alice.jid ?? '';
    const bobFull = bob.jid ?? '';

    cutSocket(alice);
    // Sent by alice into the dead socket: queued by SM, re-sent after <resumed/>.
    await alice.internals.send(message(bobFull, 'from alice while cut')).catch(() => undefined);
    // Sent by bob while alice is away: held by Prosody's hibernated session.
    for (const n of [1, 2, 3]) await bob.internals.send(message(aliceFull, `to alice ${n}`));

    await until(() => log.some(([kind]) => kind === 'online'));
    await until(() => aliceGot.length === 3);
    expect(log).toEqual([
      ['state', 'resuming'],
      ['state', 'online'],
      ['online', { jid: aliceFull, resumed: true, mechanism: 'PLAIN' }],
    ]);
    expect(aliceGot).toEqual(['to alice 1', 'to alice 2', 'to alice 3']);
    await until(() => bobGot.length >= 1);
    expect(bobGot).toEqual(['from alice while cut']);
    expect(alice.jid).toBe(aliceFull);
  });

  it('after a Prosody restart: a new session, roster and presence restored', async () => {
    const log = record(alice, 'state', 'online');
    const errors: ClientError[] = [];
    alice.on('error', (e) => errors.push(e as ClientError));
    const bobSeesAlice = next(
      bob,
      'presence',
      (bare, r) => bare === `alice@${prosody.domain}` && r.length === 1,
      20_000,
    );
    await prosody.restart();
    await until(() => log.some(([kind]) => kind === 'online'), 20_000);
    expect(log.filter(([kind]) => kind === 'online')).toEqual([
      ['online', { jid: `alice@${prosody.domain}/web`, resumed: false, mechanism: 'PLAIN' }],
    ]);
    expect(log.filter(([kind]) => kind === 'state').at(0)).toEqual(['state', 'resuming']);
    expect(log.filter(([kind]) => kind === 'state').at(-1)).toEqual(['state', 'online']);
    expect(alice.roster.list().map((i) => [i.jid, i.subscription])).toEqual([
      [`bob@${prosody.domain}`, 'both'],
    ]);
    // Bob was dropped too and comes back on his own backoff; then he sees alice's presence again.
    await bobSeesAlice;
    // Attempts made while Prosody was down are reported as `unreachable`, and nothing else.
    expect(errors.filter((e) => e.code !== 'unreachable')).toEqual([]);
  });
});
