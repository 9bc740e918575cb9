// The bridge component against a real Prosody: XEP-0114 connection, disco/caps/presence of echo@,
// the ad-hoc command, guest pages and sockets, rate limits, and a server restart.
import { componentConfig, QUIET as quiet } from '../support/component.js';
import { request } from 'node:http';
import { parse, type Element } from 'ltx';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeComponent, type BridgeComponent } from '../../src/component/bridge.js';
import { capsVer } from '../../src/component/caps.js';
import type { ComponentConfig } from '../../src/component/config.js';
import { signLink } from '../../src/component/token.js';
import { startProsody, type ProsodyHandle } from '../support/prosody.js';
import { login, logout, until, xml, type TestClient } from './stack-helpers.js';

const CMD = 'http://jabber.org/protocol/commands';
const INFO = 'http://jabber.org/protocol/disco#info';
const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

let h: ProsodyHandle;
let bridge: BridgeComponent;
let alice: TestClient | undefined;
let bob: TestClient | undefined;
let port = 0;

// The rate-limit test counts on ten connections and ten calls per address.
const config = (): ComponentConfig =>
  componentConfig(h, {
    connLimit: { capacity: 10, periodMs: 600_000 },
    callLimit: { capacity: 10, periodMs: 600_000 },
  });

function get(path: string, localAddress = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Guest {
  ws: WebSocket;
  got: unknown[];
  closed: Promise<number>;
  say(m: unknown): void;
}
async function guest(token: string, localAddress = '127.0.0.2'): Promise<Guest> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/call/${token}/ws`, { localAddress });
  const got: unknown[] = [];
  ws.on('message', (d) => got.push(JSON.parse(String(d))));
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  return { ws, got, closed, say: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}

async function createLink(c: TestClient, use: 'single' | 'multiple'): Promise<string> {
  const first = await c.xmpp.iqCaller.request(
    xml(
      'iq',
      { type: 'set', to: h.componentDomain },
      xml('command', { xmlns: CMD, node: 'urn:jingle-bridge:create-call-link', action: 'execute' }),
    ),
  );
  const sessionid = first.getChild('command', CMD)?.attrs['sessionid'] as string;
  const form = xml(
    'x',
    { xmlns: 'jabber:x:data', type: 'submit' },
    xml('field', { var: 'expiry' }, xml('value', {}, '3600')),
    xml('field', { var: 'use' }, xml('value', {}, use)),
  );
  const done = await c.xmpp.iqCaller.request(
    xml(
      'iq',
      { type: 'set', to: h.componentDomain },
      xml(
        'command',
        { xmlns: CMD, node: 'urn:jingle-bridge:create-call-link', sessionid, action: 'complete' },
        form,
      ),
    ),
  );
  const url =
    done
      .getChild('command', CMD)
      ?.getChild('x')
      ?.getChildren('field')
      .find((f) => f.attrs['var'] === 'url')
      ?.getChildText('value') ?? '';
  expect(url.startsWith('http://guest.test/call/')).toEqual(true);
  return url.slice('http://guest.test'.length);
}

beforeAll(async () => {
  h = await startProsody({
    users: [
      ['alice', 'a'],
      ['bob', 'b'],
    ],
  });
  bridge = createBridgeComponent(config(), quiet);
  await bridge.start();
  port = bridge.httpAddress().port;
  alice = await login(h, 'alice', 'a');
  bob = await login(h, 'bob', 'b');
});
afterAll(async () => {
  await logout(alice, bob);
  await bridge?.stop();
  await h?.stop();
});

describe('XMPP side', () => {
  it('a wrong secret is refused at start, with the stream error', async () => {
    const other = createBridgeComponent({ ...config(), secret: 'wrong' }, quiet);
    await expect(other.start()).rejects.toMatchObject({ condition: 'not-authorized' });
    await other.stop();
  });

  it("echo@'s disco#info shows the call features and its caps ver verifies (XEP-0115 §5.4)", async () => {
    const a = alice as TestClient;
    // Presence reaches available resources only (RFC 6121 §8.5.2.1), so come online first.
    await a.xmpp.send(xml('presence'));
    await a.xmpp.send(xml('presence', { to: `echo@${h.componentDomain}`, type: 'subscribe' }));
    const presence = await a.stanzas.next(
      (s) =>
        s.name === 'presence' &&
        s.attrs['from'] === `echo@${h.componentDomain}` &&
        s.attrs['type'] === undefined,
      'echo presence',
    );
    // Our <subscribed/> went into alice's roster (pushed only to resources that fetched the roster).
    const roster = await a.xmpp.iqCaller.request(
      xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })),
    );
    expect(
      roster
        .getChild('query')
        ?.getChildren('item')
        .map((i) => i.attrs),
    ).toEqual([{ jid: `echo@${h.componentDomain}`, subscription: 'to' }]);
    const c = presence.getChild('c', 'http://jabber.org/protocol/caps');
    const res = await a.xmpp.iqCaller.request(
      xml(
        'iq',
        { type: 'get', to: `echo@${h.componentDomain}` },
        xml('query', { xmlns: INFO, node: `${String(c?.attrs['node'])}#${String(c?.attrs['ver'])}` }),
      ),
    );
    const q = res.getChild('query', INFO) as Element;
    const info = {
      identities: q.getChildren('identity').map((i) => ({
        category: String(i.attrs['category']),
        type: String(i.attrs['type']),
        name: i.attrs['name'] as string,
      })),
      features: q.getChildren('feature').map((f) => String(f.attrs['var'])),
    };
    expect(capsVer(info)).toEqual(c?.attrs['ver']);
    for (const f of [
      'urn:xmpp:jingle:1',
      'urn:xmpp:jingle:apps:rtp:1',
      'urn:xmpp:jingle:apps:rtp:audio',
      'urn:xmpp:jingle:apps:rtp:video',
      'urn:xmpp:jingle:transports:ice-udp:1',
      'urn:xmpp:jingle:apps:dtls:0',
    ]) {
      expect(info.features).toContain(f);
    }
  });

  it.each([
    ['an IQ to an unknown local part', 'nobody', 'jabber:iq:version', 'item-not-found'],
    ['an unknown IQ to the domain', '', 'jabber:iq:version', 'service-unavailable'],
    ['an unknown IQ to echo@', 'echo', 'jabber:iq:last', 'service-unavailable'],
  ])('%s gets %s', async (_n, local, ns, condition) => {
    const to = local === '' ? h.componentDomain : `${local}@${h.componentDomain}`;
    await expect(
      (alice as TestClient).xmpp.iqCaller.request(
        xml('iq', { type: 'get', to }, xml('query', { xmlns: ns })),
      ),
    ).rejects.toMatchObject({ condition });
  });

  it("bob cannot complete alice's command session (bad-sessionid)", async () => {
    const first = await (alice as TestClient).xmpp.iqCaller.request(
      xml(
        'iq',
        { type: 'set', to: h.componentDomain },
        xml('command', { xmlns: CMD, node: 'urn:jingle-bridge:create-call-link', action: 'execute' }),
      ),
    );
    const sessionid = String(first.getChild('command', CMD)?.attrs['sessionid']);
    const err = await (bob as TestClient).xmpp.iqCaller
      .request(
        xml(
          'iq',
          { type: 'set', to: h.componentDomain },
          xml('command', {
            xmlns: CMD,
            node: 'urn:jingle-bridge:create-call-link',
            sessionid,
            action: 'complete',
          }),
        ),
      )
      .catch((e: { element: Element }) => e.element);
    expect(err.toString()).toEqual(
      parse(
        `<error type="modify"><bad-request xmlns="${STANZAS}"/><bad-sessionid xmlns="${CMD}"/></error>`,
      ).toString(),
    );
  });
});

describe('guest pages and sockets', () => {
  it('the link from the ad-hoc command serves the page; forged and expired links get 403 in words', async () => {
    const path = await createLink(alice as TestClient, 'multiple');
    const page = await get(path);
    expect([
      page.status,
      page.body.includes('Your name'),
      page.body.includes('aria-label="Remote video"'),
    ]).toEqual([200, true, true]);
    const forged = await get(path.slice(0, -2) + (path.endsWith('AA') ? 'BB' : 'AA'));
    const expired = await get(
      `/call/${signLink({ owner: 'alice@localhost', expiresAt: Date.now() - 1000, use: 'single', id: 'x' }, bridge.linkKey)}`,
    );
    expect([
      forged.status,
      forged.body.includes('This call link is not valid'),
      expired.status,
      expired.body.includes('This call link has expired'),
    ]).toEqual([403, true, 403, true]);
  });

  it('a single-use link is used up once its call is answered', async () => {
    const path = await createLink(alice as TestClient, 'single');
    const off = bridge.guests.on('offer', (s) => s.answer('v=0\r\nanswer\r\n'));
    const g = await guest(path.slice('/call/'.length));
    g.say({ type: 'hello', name: 'Ada' });
    await until(() => g.got.length === 1, 'ready');
    g.say({ type: 'offer', sdp: SDP });
    await until(() => g.got.length === 2, 'answer');
    off();
    expect(g.got[1]).toEqual({ type: 'answer', sdp: 'v=0\r\nanswer\r\n' });
    const used = await get(path);
    expect([used.status, used.body.includes('This call link has already been used')]).toEqual([403, true]);
    g.say({ type: 'hangup' });
    expect(await g.closed).toEqual(1000);
  });

  it.each([
    ['malformed', '{"type":', 'bad-message', 1008],
    ['oversized', JSON.stringify({ type: 'hello', name: 'x'.repeat(100_000) }), 'too-large', 1009],
    ['out of order (offer before hello)', JSON.stringify({ type: 'offer', sdp: SDP }), 'out-of-order', 1008],
  ])(
    'a %s message gets an error and a close, and a second guest is untouched',
    async (_n, data, code, closeCode) => {
      const token = (await createLink(alice as TestClient, 'multiple')).slice('/call/'.length);
      const bad = await guest(token);
      const good = await guest(token);
      bad.say(data);
      expect(await bad.closed).toEqual(closeCode);
      expect((bad.got[0] as { code: string }).code).toEqual(code);
      good.say({ type: 'hello', name: 'Grace' });
      await until(() => good.got.length === 1, 'ready');
      expect((good.got[0] as { type: string }).type).toEqual('ready');
      good.ws.close();
    },
  );

  it('the connection rate limit trips per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await get('/call/x.y', '127.0.0.9')).status);
    expect(statuses).toEqual([...Array(10).fill(403), 429]);
    expect((await get('/call/x.y', '127.0.0.10')).status).toEqual(403);
  });
});

describe('server restart', () => {
  it('the component reconnects, answers disco again, and open guests hear "the call server restarted"', async () => {
    const token = (await createLink(alice as TestClient, 'multiple')).slice('/call/'.length);
    const g = await guest(token, '127.0.0.3');
    g.say({ type: 'hello', name: 'Ada' });
    await until(() => g.got.length === 1, 'ready');
    await logout(alice, bob);
    alice = bob = undefined;
    let reconnected = 0;
    bridge.onReconnect(() => reconnected++);
    await h.restart();
    expect(await g.closed).toEqual(1000);
    expect(g.got[1]).toEqual({
      type: 'ended',
      reason: 'connectivity-error',
      text: 'the call server restarted',
    });
    await until(() => reconnected === 1, 'component reconnected', 15_000);
    alice = await login(h, 'alice', 'a');
    const res = await alice.xmpp.iqCaller.request(
      xml('iq', { type: 'get', to: h.componentDomain }, xml('query', { xmlns: INFO })),
    );
    expect(res.getChild('query', INFO)?.getChild('identity')?.attrs).toEqual({
      category: 'component',
      type: 'generic',
      name: 'jingle-bridge',
    });
  });
});
