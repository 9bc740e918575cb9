// A two-node ejabberd 23.01 cluster (tests/support/ejabberd-cluster.ts, the code of
// `npm start -- --cluster 2`) with one bridge component instance on each node: users on different
// nodes reach each other, and the component domain answers through either node (docs/scaling.md).
import { request } from 'node:http';
import type { Element } from 'ltx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeComponent } from '../../src/component/bridge.js';
import { createClient, type Client } from '../../src/client/index.js';
import { signLink } from '../../src/component/token.js';
import { instanceDomain, type ClusterNode } from '../../src/stack/ejabberd-cluster.js';
import { startCallBridge } from '../support/component.js';
import {
  CLUSTER_SKIP_REASON,
  hasCluster,
  startCluster,
  type ClusterHandle,
} from '../support/ejabberd-cluster.js';
import { record } from './client-support.js';
import { ackJingle, acceptGuestCall, guest, JINGLE, JMI, OFFER } from './guest-call.js';
import { login, logout, until, xml, type TestClient } from './stack-helpers.js';

if (!hasCluster()) console.warn(`skipping: ${CLUSTER_SKIP_REASON}`);

const DISCO_INFO = 'http://jabber.org/protocol/disco#info';

function page(bridge: BridgeComponent, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.httpAddress().port, path: `/call/${token}` },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!hasCluster())('two ejabberd nodes, one cluster, a component instance on each', () => {
  let c: ClusterHandle;
  let alice: TestClient | undefined;
  let bob: TestClient | undefined;
  let carol: Client | undefined;
  const bridges: BridgeComponent[] = [];
  const server = (i: number) => ({
    componentPort: c.nodes[i]?.ports.component ?? 0,
    componentDomain: c.componentDomain,
    componentSecret: c.componentSecret,
    domain: c.domain,
  });
  const node = (i: number) => ({ wsUrl: c.nodes[i]?.wsUrl ?? '', domain: c.domain });

  beforeAll(async () => {
    c = await startCluster({
      users: [
        ['alice', 'alicepass'],
        ['bob', 'bobpass'],
        ['carol', 'carolpass'],
      ],
    });
    await c.makeContacts('alice', 'bob');
    await c.makeContacts('alice', 'carol');
  }, 120_000);
  afterAll(async () => {
    await carol?.stop();
    await logout(alice, bob);
    await Promise.all(bridges.map((b) => b.stop()));
    await c?.stop();
  }, 60_000);

  it('ejabberdctl list_cluster on either node lists both nodes', async () => {
    const names = c.nodes.map((n) => n.name).sort();
    const lists = await Promise.all(c.nodes.map((n) => c.cluster.ctl(n, 'list_cluster')));
    expect(
      lists.map((l) =>
        l
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean)
          .sort(),
      ),
    ).toEqual([names, names]);
  });

  it('alice on node 1 and bob on node 2 see each other online and set up a call (JMI, session-initiate/accept)', async () => {
    alice = await login(node(0), 'alice', 'alicepass', 'web');
    bob = await login(node(1), 'bob', 'bobpass', 'desk');
    const a = alice;
    const b = bob;
    ackJingle(a);
    ackJingle(b);
    await a.xmpp.send(xml('presence'));
    await b.xmpp.send(xml('presence'));
    const seen = (t: TestClient, from: string) =>
      t.stanzas.next(
        (el) => el.name === 'presence' && el.attrs.from === from && el.attrs.type === undefined,
        `presence of ${from}`,
      );
    const [pb, pa] = await Promise.all([seen(a, b.jid), seen(b, a.jid)]);
    expect([pb.attrs.from, pa.attrs.from]).toEqual([b.jid, a.jid]);

    const jmi = (kind: string) => (el: Element) =>
      el.name === 'message' && el.getChild(kind, JMI)?.attrs.id === 'c1';
    await a.xmpp.send(
      xml(
        'message',
        { to: 'bob@localhost', type: 'chat', id: 'p1' },
        xml(
          'propose',
          { xmlns: JMI, id: 'c1' },
          xml('description', { xmlns: 'urn:xmpp:jingle:apps:rtp:1', media: 'audio' }),
        ),
        xml('store', { xmlns: 'urn:xmpp:hints' }),
      ),
    );
    const propose = await b.stanzas.next(jmi('propose'), 'propose at bob');
    await b.xmpp.send(
      xml('message', { to: a.jid, type: 'chat', id: 'p2' }, xml('proceed', { xmlns: JMI, id: 'c1' })),
    );
    const proceed = await a.stanzas.next(jmi('proceed'), 'proceed at alice');
    const jingle = (action: string, initiator: string) =>
      xml(
        'jingle',
        { xmlns: JINGLE, action, sid: 'c1', initiator },
        xml(
          'content',
          { creator: 'initiator', name: '0' },
          xml(
            'description',
            { xmlns: 'urn:xmpp:jingle:apps:rtp:1', media: 'audio' },
            xml('payload-type', { id: '111', name: 'opus', clockrate: '48000', channels: '2' }),
          ),
        ),
      );
    const init = await a.xmpp.iqCaller.request(
      xml('iq', { type: 'set', to: b.jid, id: 'si' }, jingle('session-initiate', a.jid)),
    );
    const got = await b.stanzas.next(
      (el) => el.name === 'iq' && el.getChild('jingle', JINGLE)?.attrs.action === 'session-initiate',
      'session-initiate at bob',
    );
    const accept = await b.xmpp.iqCaller.request(
      xml('iq', { type: 'set', to: a.jid, id: 'sa' }, jingle('session-accept', a.jid)),
    );
    const got2 = await a.stanzas.next(
      (el) => el.name === 'iq' && el.getChild('jingle', JINGLE)?.attrs.action === 'session-accept',
      'session-accept at alice',
    );
    expect([
      [propose.attrs.from, proceed.attrs.from],
      [init.attrs.type, got.attrs.from, got.getChild('jingle', JINGLE)?.getChild('content')?.toString()],
      [accept.attrs.type, got2.attrs.from],
    ]).toEqual([
      [a.jid, b.jid],
      ['result', a.jid, jingle('session-initiate', a.jid).getChild('content')?.toString()],
      ['result', b.jid],
    ]);
  });

  it('a component instance connects to each node; disco#info of the component domain answers through either node', async () => {
    // Each instance logs the node it is connected to once its XEP-0114 handshake succeeded.
    const lines: string[][] = [[], []];
    for (const i of [0, 1]) {
      const log = { info: (m: string) => lines[i]?.push(m), warn: () => {}, error: () => {} };
      bridges.push(
        await startCallBridge(server(i), {
          log,
          config: { linkStore: c.redis, instanceDomain: instanceDomain(c.componentDomain, i + 1) },
        }),
      );
    }
    const connected = lines.map((l) => l.filter((m) => m.startsWith('connected to')));
    const ask = (t: TestClient, id: string) =>
      t.xmpp.iqCaller.request(
        xml('iq', { type: 'get', to: c.componentDomain, id }, xml('query', { xmlns: DISCO_INFO })),
      );
    const answers = await Promise.all([ask(alice!, 'd1'), ask(bob!, 'd2')]);
    const expected =
      `<query xmlns="${DISCO_INFO}"><identity category="component" type="generic" name="jingle-bridge"/>` +
      `<feature var="${DISCO_INFO}"/><feature var="http://jabber.org/protocol/disco#items"/>` +
      '<feature var="http://jabber.org/protocol/commands"/></query>';
    expect([
      connected,
      ...answers.map((r) => [r.attrs.from, r.getChild('query', DISCO_INFO)?.toString()]),
    ]).toEqual([
      c.nodes.map((n) => [`connected to 127.0.0.1:${n.ports.component} as ${c.componentDomain}`]),
      [c.componentDomain, expected],
      [c.componentDomain, expected],
    ]);
  });

  it('a single-use link rings through one instance and is refused by the other until that call ends (shared Redis store)', async () => {
    const a = alice!;
    const [one, two] = bridges as [BridgeComponent, BridgeComponent];
    const token = signLink(
      { owner: 'alice@localhost', expiresAt: Date.now() + 3_600_000, use: 'single', id: 'cluster-once' },
      one.linkKey,
    );
    const before = await page(one, token);
    // Instance 2 sees the link first: its guest calls, alice's devices ring (the propose).
    const g = await guest(two.httpAddress().port, token);
    g.say({ type: 'offer', sdp: OFFER });
    const propose = await a.stanzas.next(
      (el) => el.name === 'message' && el.attrs.from === g.jid && el.getChild('propose', JMI) !== undefined,
      'propose from the guest',
      15_000,
    );
    // Instance 1 learns it from the store: its page for the link now refuses.
    let during = await page(one, token);
    for (let i = 0; i < 200 && during.status === 200; i += 1) during = await page(one, token);
    g.say({ type: 'hangup' });
    const code = await g.closed;
    let after = await page(one, token);
    for (let i = 0; i < 200 && after.status !== 200; i += 1) after = await page(one, token);
    expect([
      before.status,
      propose.attrs.to,
      during.status,
      during.body.includes('This call link has already been used'),
      code,
      after.status,
    ]).toEqual([200, 'alice@localhost', 403, true, 1000, 200]);
  });

  it('two guests offer on the same single-use link through both instances at the same moment: one rings, the other is refused', async () => {
    const a = alice!;
    const [one, two] = bridges as [BridgeComponent, BridgeComponent];
    const token = signLink(
      { owner: 'alice@localhost', expiresAt: Date.now() + 3_600_000, use: 'single', id: 'cluster-race' },
      one.linkKey,
    );
    const gs = [await guest(one.httpAddress().port, token), await guest(two.httpAddress().port, token)];
    // Both offers leave in one tick: neither instance can have heard of the other's claim by pub/sub.
    for (const g of gs) g.say({ type: 'offer', sdp: OFFER });
    const refused = await Promise.race([
      ...gs.map((g) => g.closed.then(() => g)),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error('neither guest was refused within 15 s: the link rang twice')),
          15_000,
        ),
      ),
    ]);
    const winner = gs.find((g) => g !== refused)!;
    await a.stanzas.next(
      (el) => el.attrs.from === winner.jid && el.getChild('propose', JMI) !== undefined,
      'propose from the guest whose instance won the claim',
      15_000,
    );
    winner.say({ type: 'hangup' });
    await a.stanzas.next(
      (el) => el.attrs.from === winner.jid && el.getChild('retract', JMI) !== undefined,
      'retract after its hang-up',
      15_000,
    );
    expect({
      refusedWith: refused.got.slice(1),
      winnerState: winner.got
        .slice(1)
        .filter((m) => m['type'] === 'ended')
        .map((m) => m['reason']),
      proposes: a.stanzas.seen
        .filter((el) => gs.some((g) => g.jid === el.attrs.from) && el.getChild('propose', JMI) !== undefined)
        .map((el) => el.attrs.from),
    }).toEqual({
      refusedWith: [{ type: 'ended', reason: 'expired', text: 'This call link has already been used' }],
      winnerState: ['cancel'],
      proposes: [winner.jid],
    });
  });

  it('a guest served by instance 2 calls alice on node 1: her answer reaches that instance (guest JIDs carry it), and the single-use link is then used up on both', async () => {
    const a = alice!;
    const [one, two] = bridges as [BridgeComponent, BridgeComponent];
    const token = signLink(
      { owner: 'alice@localhost', expiresAt: Date.now() + 3_600_000, use: 'single', id: 'cluster-answered' },
      one.linkKey,
    );
    const g = await guest(two.httpAddress().port, token);
    g.say({ type: 'offer', sdp: OFFER });
    const accept = await acceptGuestCall(a, g.jid);
    await until(() => g.got.some((m) => m['type'] === 'answer'), 'answer at the guest', 15_000);
    let used = await page(one, token);
    for (let i = 0; i < 200 && used.status === 200; i += 1) used = await page(one, token);
    g.say({ type: 'hangup' });
    const code = await g.closed;
    const after = await page(one, token);
    expect([
      g.jid.split('@')[1],
      accept.attrs.type,
      used.status,
      used.body.includes('This call link has already been used'),
      code,
      after.status,
    ]).toEqual(['i2.bridge.localhost/web', 'result', 403, true, 1000, 403]);
  });

  it('SIGKILL of node 2: a client there reconnects through its list of endpoints to node 1, and alice sees it back', async () => {
    const [one, two] = c.nodes as [ClusterNode, ClusterNode];
    const a = alice!;
    // random = 0: the shortest reconnect delays; the list puts node 2 first, as a balancer might.
    carol = createClient({
      jid: 'carol@localhost',
      password: 'carolpass',
      service: two.wsUrl,
      services: [two.wsUrl, one.wsUrl],
      mechanisms: ['PLAIN'],
      resource: 'phone',
      random: () => 0,
    });
    const log = record(carol, 'online');
    await carol.start();
    const present = (n: number) => () =>
      a.stanzas.seen.filter(
        (el) =>
          el.name === 'presence' && el.attrs.from === 'carol@localhost/phone' && el.attrs.type === undefined,
      ).length >= n;
    await until(present(1), 'carol online at alice');
    await two.kill();
    await until(() => log.length === 2, 'carol online again', 30_000);
    await until(present(2), 'carol back at alice', 10_000);
    expect([log, carol.internals.xmpp.options.service]).toEqual([
      [
        ['online', { jid: 'carol@localhost/phone', resumed: false, mechanism: 'PLAIN' }],
        ['online', { jid: 'carol@localhost/phone', resumed: false, mechanism: 'PLAIN' }],
      ],
      one.wsUrl,
    ]);
  });
});
