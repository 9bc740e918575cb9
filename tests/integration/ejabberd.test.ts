// Our real client and component against a real ejabberd 23.01 configured with exactly the snippet in
// prosody/README.md ("Existing ejabberd"): what client-connect, client-resume, client-ice,
// stack-turn and stack-component prove on Prosody.
import type { Element } from 'ltx';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client, type ClientOptions } from '../../src/client/index.js';
import { xml } from '../../src/client/xmpp.js';
import type { BridgeComponent } from '../../src/component/bridge.js';
import { jmiToXml } from '../../src/jingle/jmi/build.js';
import { startCallBridge } from '../support/component.js';
import { turnAllocate } from '../support/coturn.js';
import {
  EJABBERD_SKIP_REASON,
  hasEjabberd,
  startEjabberd,
  type EjabberdHandle,
} from '../support/ejabberd.js';
import { next, record, until } from './client-support.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
if (!hasEjabberd()) console.warn(`skipping: ${EJABBERD_SKIP_REASON}`);

const DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const MAM = 'urn:xmpp:mam:2';

describe.skipIf(!hasEjabberd())('our client and component on ejabberd 23.01 with the README config', () => {
  let ej: EjabberdHandle;
  let alice: Client;
  let bob: Client;
  let bridge: BridgeComponent | undefined;
  const clientFor = (user: string, resource: string, extra: Partial<ClientOptions> = {}) =>
    createClient({
      jid: `${user}@${ej.domain}`,
      password: `${user}pass`,
      service: ej.wsUrl,
      mechanisms: ['PLAIN'],
      resource,
      ...extra,
    });
  const bodies = (client: Client): string[] => {
    const got: string[] = [];
    client.internals.onStanza('message', (m: Element) => {
      const body = m.getChildText('body');
      if (body !== null) got.push(body);
    });
    return got;
  };
  const message = (to: string, body: string) => xml('message', { to, type: 'chat' }, xml('body', {}, body));

  beforeAll(async () => {
    ej = await startEjabberd({
      turn: true,
      users: [
        ['alice', 'alicepass'],
        ['bob', 'bobpass'],
      ],
    });
    await ej.makeContacts('alice', 'bob');
    // random = 0: the shortest reconnect delays.
    alice = clientFor('alice', 'web', { random: () => 0 });
    bob = clientFor('bob', 'desk', { iceServers: false });
  });
  afterAll(async () => {
    await Promise.all([alice?.stop(), bob?.stop(), bridge?.stop()]);
    await ej?.stop();
  });

  it('two contacts log in over WebSocket, see each other online and exchange a message', async () => {
    const aliceLog = record(alice, 'online');
    const bobSeen = next(alice, 'presence', (bare, r) => bare === `bob@${ej.domain}` && r.length === 1);
    const aliceSeen = next(bob, 'presence', (bare, r) => bare === `alice@${ej.domain}` && r.length === 1);
    await alice.start();
    await bob.start();
    const strip = ([bare, r]: [string, Array<{ jid: string; show: string; priority: number }>]) => [
      bare,
      r.map(({ jid, show, priority }) => ({ jid, show, priority })),
    ];
    expect([strip(await bobSeen), strip(await aliceSeen)]).toEqual([
      [`bob@${ej.domain}`, [{ jid: `bob@${ej.domain}/desk`, show: 'available', priority: 0 }]],
      [`alice@${ej.domain}`, [{ jid: `alice@${ej.domain}/web`, show: 'available', priority: 0 }]],
    ]);
    expect(aliceLog).toEqual([
      ['online', { jid: `alice@${ej.domain}/web`, resumed: false, mechanism: 'PLAIN' }],
    ]);
    expect(alice.roster.list().map((i) => [i.jid, i.subscription])).toEqual([[`bob@${ej.domain}`, 'both']]);
    const got = bodies(bob);
    await alice.internals.send(message(`bob@${ej.domain}`, 'hello bob'));
    await until(() => got.length > 0);
    expect(got).toEqual(['hello bob']);
  });

  it('XEP-0198: after the socket is cut, resuming -> online (resumed), no stanza lost either way', async () => {
    const aliceGot = bodies(alice);
    const bobGot = bodies(bob);
    const log = record(alice, 'state', 'online');
    const aliceFull = alice.jid ?? '';
    const bobFull = bob.jid ?? '';
    const ws = (alice.internals.xmpp.socket as unknown as { socket: { terminate(): void } }).socket;
    ws.terminate();
    await alice.internals.send(message(bobFull, 'from alice while cut')).catch(() => undefined);
    for (const n of [1, 2, 3]) await bob.internals.send(message(aliceFull, `to alice ${n}`));
    await until(() => log.some(([kind]) => kind === 'online'));
    await until(() => aliceGot.length === 3 && bobGot.length >= 1);
    expect(log).toEqual([
      ['state', 'resuming'],
      ['state', 'online'],
      ['online', { jid: aliceFull, resumed: true, mechanism: 'PLAIN' }],
    ]);
    expect([aliceGot, bobGot]).toEqual([
      ['to alice 1', 'to alice 2', 'to alice 3'],
      ['from alice while cut'],
    ]);
  });

  it('XEP-0215 via mod_stun_disco: STUN and TURN entries with credentials that coturn accepts', async () => {
    const turn = ej.turn;
    if (!turn) throw new Error('the harness started no TURN server');
    const list = await alice.refreshIceServers();
    const hostPort = `${turn.host}:${turn.port}`;
    expect(list).toEqual([
      { urls: `stun:${hostPort}` },
      {
        urls: `turn:${hostPort}?transport=udp`,
        // mod_stun_disco's TURN REST username is `<expiry>:<hash of the user>`, unlike Prosody's.
        username: expect.stringMatching(/^\d{10}:[0-9a-f]{16}$/),
        credential: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/),
      },
    ]);
    // credentials_lifetime: 12h in the README snippet.
    const expiry = Number(String(list[1]?.username).split(':')[0]) * 1000;
    expect(Math.abs(expiry - (Date.now() + 12 * 3_600_000))).toBeLessThan(60_000);
    const creds = { host: turn.host, port: turn.port, username: String(list[1]?.username) };
    const ok = await turnAllocate({ ...creds, password: String(list[1]?.credential) });
    const bad = await turnAllocate({ ...creds, password: 'wrong' });
    expect([ok, bad]).toEqual([
      { ok: true, relayed: { address: '127.0.0.1', port: expect.any(Number) }, lifetime: expect.any(Number) },
      { ok: false, code: 401, reason: 'Unauthorized' },
    ]);
  });

  it('mod_mam default: always archives a JMI propose (type chat + <store/>, no body) for the callee', async () => {
    const propose = jmiToXml(
      { to: `bob@${ej.domain}`, payload: { kind: 'propose', id: 'mam-1', media: ['audio'] } },
      { stanzaId: 'p1' },
    );
    await alice.internals.send(propose);
    const forwarded: string[] = [];
    const off = bob.internals.onStanza('message', (m: Element) => {
      const inner = m.getChild('result', MAM)?.getChild('forwarded')?.getChild('message');
      const p = inner?.getChild('propose', 'urn:xmpp:jingle-message:0');
      if (inner && p) forwarded.push(`${String(inner.attrs['from'])} ${String(p.attrs['id'])}`);
    });
    await new Promise((r) => setTimeout(r, 300));
    const fin = await bob.internals.iqCaller.request(
      xml('iq', { type: 'set' }, xml('query', { xmlns: MAM, queryid: 'q1' })),
    );
    off();
    expect([fin.getChild('fin', MAM)?.attrs['complete'], forwarded]).toEqual([
      'true',
      [`alice@${ej.domain}/web mam-1`],
    ]);
  });

  it('XEP-0114: our component connects with the README ejabberd_service block and answers disco#info', async () => {
    bridge = await startCallBridge(ej);
    const res = await alice.internals.iqCaller.request(
      xml('iq', { type: 'get', to: ej.componentDomain }, xml('query', { xmlns: DISCO_INFO })),
    );
    expect(res.getChild('query', DISCO_INFO)?.toString()).toEqual(
      `<query xmlns="${DISCO_INFO}"><identity category="component" type="generic" name="jingle-bridge"/>` +
        `<feature var="${DISCO_INFO}"/><feature var="http://jabber.org/protocol/disco#items"/>` +
        '<feature var="http://jabber.org/protocol/commands"/></query>',
    );
  });
});
