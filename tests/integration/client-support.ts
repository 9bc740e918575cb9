// Shared by the tests/integration/client-*.test.ts files: Node stands in for the browser, with the
// `ws` package as the global WebSocket (docs/reference/test-environment.md §5).
import { startProsody } from '../support/prosody.js';
import { WebSocket } from 'ws';
import { createClient } from '../../src/client/index.js';
import type { Client, ClientEvents, ClientOptions } from '../../src/client/index.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { RawXmpp } from '../support/raw-xmpp.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export function clientFor(
  p: ProsodyHandle,
  user: string,
  password: string,
  extra: Partial<ClientOptions> = {},
): Client {
  // PLAIN keeps logins cheap on loopback unless a test asks for SCRAM (docs/reference/test-environment.md §5).
  return createClient({
    jid: `${user}@${p.domain}`,
    password,
    service: p.wsUrl,
    mechanisms: ['PLAIN'],
    ...extra,
  });
}

/** Records every event of the given kinds, in order. */
export function record<K extends keyof ClientEvents>(
  client: Client,
  ...kinds: K[]
): Array<[K, ...unknown[]]> {
  const log: Array<[K, ...unknown[]]> = [];
  for (const kind of kinds) client.on(kind, (...args) => log.push([kind, ...args]));
  return log;
}

/** Resolves with the first event of this kind whose arguments satisfy `test`. */
export function next<K extends keyof ClientEvents>(
  client: Client,
  kind: K,
  test: (...args: ClientEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => (off(), reject(new Error(`timed out waiting for ${String(kind)}`))),
      timeoutMs,
    );
    const off = client.on(kind, (...args) => {
      if (!test(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Our Prosody with alice (alicepass) and bob (bobpass) as mutual contacts. */
export async function startContactsPair(): Promise<ProsodyHandle> {
  const prosody = await startProsody({
    users: [
      ['alice', 'alicepass'],
      ['bob', 'bobpass'],
    ],
  });
  await prosody.makeContacts('alice', 'bob');
  return prosody;
}

export interface AliceAndRawBob {
  prosody: ProsodyHandle;
  /** Our client, signed in as alice/web. */
  alice: Client;
  /** bob/stanza, a raw client that answers nothing by itself: the stand-in for another app. */
  bob: RawXmpp;
  stop(): Promise<void>;
}

/** startContactsPair, alice signed in with our client (`extra` options), bob as a raw client. */
export async function aliceAndRawBob(extra: Partial<ClientOptions>): Promise<AliceAndRawBob> {
  const prosody = await startContactsPair();
  const alice = clientFor(prosody, 'alice', 'alicepass', { resource: 'web', iceServers: false, ...extra });
  await alice.start();
  const bob = await RawXmpp.login(prosody.wsUrl, prosody.domain, 'bob', 'bobpass', 'stanza', {
    iqs: 'test',
  });
  return {
    prosody,
    alice,
    bob,
    async stop() {
      await bob.close();
      await alice.stop();
      await prosody.stop();
    },
  };
}
