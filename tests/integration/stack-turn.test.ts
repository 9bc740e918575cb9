// XEP-0215 on our Prosody hands out TURN REST credentials that our coturn accepts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { turnAllocate } from '../support/coturn.js';
import { login, logout, xml } from './stack-helpers.js';
import type { TestClient } from './stack-helpers.js';

const EXTDISCO = 'urn:xmpp:extdisco:2';
let h: ProsodyHandle;
let alice: TestClient | undefined;

beforeAll(async () => {
  h = await startProsody({ turn: true, users: [['alice', 'a']] });
  alice = await login(h, 'alice', 'a');
});
afterAll(async () => {
  await logout(alice);
  await h?.stop();
});

async function services() {
  if (!alice) throw new Error('not logged in');
  const res = await alice.xmpp.iqCaller.request(
    xml('iq', { type: 'get', to: h.domain }, xml('services', { xmlns: EXTDISCO })),
  );
  return (res.getChild('services', EXTDISCO)?.getChildren('service') ?? []).map(
    (s) => ({ ...s.attrs }) as Record<string, string>,
  );
}

it('XEP-0215 §3: the server lists our coturn as STUN and as TURN with time-limited credentials', async () => {
  const turn = h.turn;
  if (!turn) throw new Error('harness started without TURN');
  const list = await services();
  const now = Date.now() / 1000;
  expect(list).toEqual([
    { type: 'stun', transport: 'udp', host: '127.0.0.1', port: String(turn.port) },
    {
      type: 'turn',
      transport: 'udp',
      host: '127.0.0.1',
      port: String(turn.port),
      username: expect.stringMatching(/^\d+(:.*)?$/),
      password: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      expires: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      restricted: '1',
    },
  ]);
  const expiry = Number(list[1]?.username?.split(':')[0]);
  expect(expiry).toBeGreaterThan(now + 3600);
});

it('coturn allocates a relay with those credentials and answers 401 to a wrong password', async () => {
  const t = (await services()).find((s) => s.type === 'turn');
  if (!t?.username || !t.password || !h.turn) throw new Error('no TURN service');
  const ok = await turnAllocate({
    host: '127.0.0.1',
    port: h.turn.port,
    username: t.username,
    password: t.password,
  });
  expect(ok).toEqual({
    ok: true,
    relayed: { address: '127.0.0.1', port: expect.any(Number) },
    lifetime: expect.any(Number),
  });
  const bad = await turnAllocate({
    host: '127.0.0.1',
    port: h.turn.port,
    username: t.username,
    password: `${t.password}x`,
  });
  expect(bad).toEqual({ ok: false, code: 401, reason: expect.any(String) });
});
