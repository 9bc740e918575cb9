// A component instance lost in the two-node cluster: the bridge runs as real processes here (as under
// `npm start -- --cluster 2`, src/stack/component-process.ts), one per node, so it can be SIGKILLed.
// The default balancing of ejabberd then sends the component domain's traffic of node 1 to the
// instance on node 2 (docs/scaling.md, "Losing a node or an instance").
import type { Element } from 'ltx';
import { signLink } from '../../src/component/token.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentStart } from '../../src/stack/component-process.js';
import {
  CLUSTER_SKIP_REASON,
  hasCluster,
  startCluster,
  startComponentInstances,
  type ClusterHandle,
} from '../support/ejabberd-cluster.js';
import { ackJingle, acceptGuestCall, guest, JMI, OFFER } from './guest-call.js';
import { login, logout, until, xml, type TestClient } from './stack-helpers.js';

if (!hasCluster()) console.warn(`skipping: ${CLUSTER_SKIP_REASON}`);

const LINK_KEY = 'test-link-key-of-32-bytes-long!!';

describe.skipIf(!hasCluster())('a component instance SIGKILLed in the cluster', () => {
  let c: ClusterHandle;
  let alice: TestClient | undefined;
  let instances: ComponentStart[] = [];
  let guestPorts: number[] = [];

  beforeAll(async () => {
    c = await startCluster({ users: [['alice', 'alicepass']] });
    ({ instances, guestPorts } = await startComponentInstances(c, { linkKey: LINK_KEY }));
    alice = await login({ wsUrl: c.nodes[0]?.wsUrl ?? '', domain: c.domain }, 'alice', 'alicepass', 'web');
    ackJingle(alice);
    await alice.xmpp.send(xml('presence'));
  }, 120_000);
  afterAll(async () => {
    await logout(alice);
    await Promise.all(instances.map((s) => s.service?.stop()));
    await c?.stop();
  }, 60_000);

  /** JMI propose to echo@ (XEP-0353): resolves with who proceeded, or undefined after `ms`. */
  async function proposeEcho(id: string, ms: number): Promise<string | undefined> {
    const a = alice as TestClient;
    await a.xmpp.send(
      xml(
        'message',
        { to: `echo@${c.componentDomain}`, type: 'chat', id: `m-${id}` },
        xml(
          'propose',
          { xmlns: JMI, id },
          xml('description', { xmlns: 'urn:xmpp:jingle:apps:rtp:1', media: 'audio' }),
        ),
      ),
    );
    const proceeded = (el: Element) => el.name === 'message' && el.getChild('proceed', JMI)?.attrs.id === id;
    return a.stanzas
      .next(proceeded, `proceed ${id}`, ms)
      .then((el) => String(el.attrs.from))
      .catch(() => undefined);
  }

  it('both instances connect; after SIGKILL of instance 1 the other proceeds echo calls from node 1 within 10 s', async () => {
    const connected = instances.map((s) => s.connected);
    const before = await proposeEcho('before', 10_000);
    const killed = instances[0]?.service;
    if (!killed) throw new Error('instance 1 did not start');
    process.kill(-killed.pid, 'SIGKILL');
    await killed.exited;
    const t0 = Date.now();
    let after: string | undefined;
    for (let n = 0; after === undefined && Date.now() - t0 < 10_000; n += 1)
      after = await proposeEcho(`after-${n}`, 1000);
    console.info(`echo proceeded again ${Date.now() - t0} ms after the SIGKILL`);
    expect([connected, before, after]).toEqual([
      [true, true],
      `echo@${c.componentDomain}/echo`,
      `echo@${c.componentDomain}/echo`,
    ]);
  });

  it('after the SIGKILL, a guest call through the surviving instance is answered by alice on node 1', async () => {
    const a = alice as TestClient;
    const token = signLink(
      { owner: 'alice@localhost', expiresAt: Date.now() + 3_600_000, use: 'single', id: 'after-kill' },
      Buffer.from(LINK_KEY, 'utf8'),
    );
    const g = await guest(guestPorts[1] ?? 0, token);
    g.say({ type: 'offer', sdp: OFFER });
    await acceptGuestCall(a, g.jid);
    await until(() => g.got.some((m) => m['type'] === 'answer'), 'answer at the guest', 15_000);
    g.close();
    expect([g.jid.split('@')[1], g.got.map((m) => m['type'])]).toEqual([
      'i2.bridge.localhost/web',
      // No 'ringing': alice proceeds without sending <ringing/> first (XEP-0353 allows it).
      ['ready', 'answer'],
    ]);
  });
});
