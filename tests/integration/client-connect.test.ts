import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError } from '../../src/client/index.js';
import type { Client } from '../../src/client/index.js';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { clientFor, next, record } from './client-support.js';

let prosody: ProsodyHandle;
const clients: Client[] = [];
const track = (c: Client) => (clients.push(c), c);

beforeAll(async () => {
  prosody = await startProsody({ users: [['alice', 'alicepass']] });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await prosody?.stop();
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('logging in to a real Prosody over WebSocket', () => {
  it.each([['PLAIN'], ['SCRAM-SHA-1']] as const)(
    'with %s: offline -> connecting -> online, bound to a full JID',
    async (mech) => {
      const client = track(
        clientFor(prosody, 'alice', 'alicepass', { mechanisms: [mech], resource: `r-${mech}` }),
      );
      const log = record(client, 'state', 'online');
      await client.start();
      expect(log).toEqual([
        ['state', 'connecting'],
        ['state', 'online'],
        ['online', { jid: `alice@${prosody.domain}/r-${mech}`, resumed: false, mechanism: mech }],
      ]);
      expect(client.jid).toBe(`alice@${prosody.domain}/r-${mech}`);
      await client.stop();
      expect(client.state).toBe('offline');
    },
  );

  it('prefers SCRAM-SHA-1 over PLAIN when both are offered (Prosody offers no SCRAM-SHA-256)', async () => {
    const client = track(
      clientFor(prosody, 'alice', 'alicepass', { mechanisms: undefined, resource: 'pref' }),
    );
    const log = record(client, 'online');
    await client.start();
    expect(log).toEqual([
      ['online', { jid: `alice@${prosody.domain}/pref`, resumed: false, mechanism: 'SCRAM-SHA-1' }],
    ]);
    await client.stop();
  });

  it.each([['PLAIN'], ['SCRAM-SHA-1']] as const)(
    'a wrong password with %s fails with code not-authorized',
    async (mech) => {
      const client = track(clientFor(prosody, 'alice', 'wrong', { mechanisms: [mech] }));
      const log = record(client, 'state');
      const error = await client.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientError);
      expect({ code: (error as ClientError).code, condition: (error as ClientError).condition }).toEqual({
        code: 'not-authorized',
        condition: 'not-authorized',
      });
      expect(log).toEqual([
        ['state', 'connecting'],
        ['state', 'failed'],
      ]);
    },
  );

  it('start() after a failure tries again (and fails the same way), and stop() during connecting ends offline', async () => {
    const client = track(clientFor(prosody, 'alice', 'wrong'));
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) await client.start().catch((e: ClientError) => codes.push(e.code));
    expect(codes).toEqual(['not-authorized', 'not-authorized']);

    const good = track(clientFor(prosody, 'alice', 'alicepass', { resource: 'abandoned' }));
    const log = record(good, 'state');
    // Stopped before the socket was even opened: start() rejects, no state change.
    const early = good.start().catch((e: ClientError) => [e.code, e.message]);
    await good.stop();
    expect(await early).toEqual(['unreachable', 'stopped before connecting']);
    // Stopped while connecting.
    const connecting = next(good, 'state', (s) => s === 'connecting');
    const late = good.start().catch((e: ClientError) => [e.code, e.message]);
    await connecting;
    await good.stop();
    expect(await late).toEqual(['unreachable', 'stopped']);
    expect(log).toEqual([
      ['state', 'connecting'],
      ['state', 'offline'],
    ]);
  });

  it('an unreachable server (closed port) fails with code unreachable', async () => {
    const port = await closedPort();
    const client = track(
      clientFor(prosody, 'alice', 'alicepass', { service: `ws://127.0.0.1:${port}/xmpp-websocket` }),
    );
    const error = await client.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('unreachable');
    expect(client.state).toBe('failed');
  });

  it('a mechanism the server does not offer fails with code no-mechanism', async () => {
    const client = track(clientFor(prosody, 'alice', 'alicepass', { mechanisms: ['SCRAM-SHA-256'] }));
    const error = await client.start().catch((e: unknown) => e);
    expect(error).toEqual(
      new ClientError('no-mechanism', 'no acceptable SASL mechanism among offered SCRAM-SHA-1, PLAIN'),
    );
  });
});
