import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/client/index.js';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { clientFor, next } from './client-support.js';

let prosody: ProsodyHandle;
let alice: Client;

beforeAll(async () => {
  prosody = await startProsody({ turn: true, users: [['alice', 'alicepass']] });
  alice = clientFor(prosody, 'alice', 'alicepass');
});
afterAll(async () => {
  await alice?.stop();
  await prosody?.stop();
});

describe('STUN/TURN via XEP-0215 from our own Prosody (turn: true)', () => {
  it('fetches TURN credentials on login and maps them to RTCIceServer entries', async () => {
    const servers = next(alice, 'iceServers');
    await alice.start();
    const [list] = await servers;
    const turn = prosody.turn;
    if (!turn) throw new Error('the harness started no TURN server');
    const hostPort = `${turn.host}:${turn.port}`;
    // Prosody's turn_external (no turn_external_tcp) announces STUN and TURN over UDP, with REST-API
    // credentials: the expiry time as username and a base64 HMAC-SHA1 as password.
    expect(list).toEqual([
      { urls: `stun:${hostPort}` },
      {
        urls: `turn:${hostPort}?transport=udp`,
        username: expect.stringMatching(/^\d{10}$/),
        credential: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/),
      },
    ]);
    const expiry = Number(list[1]?.username) * 1000;
    expect(Math.abs(expiry - (Date.now() + 86_400_000))).toBeLessThan(60_000);
    expect(alice.iceServers()).toEqual(list);
  });

  it('refreshIceServers() asks again and returns the same mapping', async () => {
    const again = await alice.refreshIceServers();
    expect(again.map((s) => s.urls)).toEqual(alice.iceServers().map((s) => s.urls));
  });
});
