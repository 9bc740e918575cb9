// The web app across a two-node ejabberd cluster (tests/support/ejabberd-cluster.ts, the code of
// `npm start -- --cluster 2`), two real Chromium processes: alice's app talks to node 1, bob's to
// node 2 (docs/scaling.md). A call between them, and the node of one side SIGKILLed mid call: media is
// browser to browser and must not notice.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeComponent } from '../../src/component/bridge.js';
import { instanceDomain } from '../../src/stack/ejabberd-cluster.js';
import { claimPorts } from '../../src/stack/ports.js';
import { launchChromium } from '../support/chromium.js';
import { startCallBridge } from '../support/component.js';
import {
  CLUSTER_SKIP_REASON,
  hasCluster,
  startCluster,
  type ClusterHandle,
} from '../support/ejabberd-cluster.js';
import { describeWebRTC } from '../support/netns.js';
import { buildWebApp, debug, openApp, serveWebApp, signIn, type ServedApp } from '../support/web-app.js';
import { clearCalls, connectedCall, endedNotice } from '../support/web-users.js';

if (!hasCluster()) console.warn(`skipping: ${CLUSTER_SKIP_REASON}`);
const suite = hasCluster() ? describeWebRTC : describe.skip;

suite('web app calls across two ejabberd nodes', () => {
  let c: ClusterHandle;
  const apps: ServedApp[] = [];
  const browsers: Browser[] = [];
  let alice: Page;
  let bob: Page;
  const bridges: BridgeComponent[] = [];
  const jid = (u: string) => `${u}@${c.domain}`;

  async function user(name: string, node: number): Promise<Page> {
    const b = await launchChromium(); // one per user: each has its own fake camera
    browsers.push(b);
    // As `npm start -- --cluster 2` serves it, but with this user's node first.
    const urls = c.nodes.map((n) => n.wsUrl);
    const served = await serveWebApp({
      service: urls[node] ?? '',
      services: [...urls.slice(node), ...urls.slice(0, node)],
      domain: c.domain,
      componentDomain: c.componentDomain,
    });
    apps.push(served);
    const page = await openApp(b, served.url);
    await signIn(page, jid(name), 'pw');
    return page;
  }
  const frames = async (page: Page) => (await debug(page).stats())?.framesDecoded ?? 0;
  beforeAll(async () => {
    const [cluster] = await Promise.all([
      startCluster({
        users: [
          ['alice', 'pw'],
          ['bob', 'pw'],
        ],
      }),
      buildWebApp(),
    ]);
    c = cluster;
    await c.makeContacts('alice', 'bob');
    // A bridge instance on each node, as `npm start -- --cluster 2` runs them (docs/scaling.md).
    const ports = await claimPorts('127.0.0.1', [
      { what: 'guest pages 1', option: '-', port: 0 },
      { what: 'guest pages 2', option: '-', port: 0 },
    ]);
    for (const [i, node] of c.nodes.entries()) {
      const port = ports[i] ?? 0;
      const server = {
        componentPort: node.ports.component,
        componentDomain: c.componentDomain,
        componentSecret: c.componentSecret,
        domain: c.domain,
      };
      bridges.push(
        await startCallBridge(server, {
          config: {
            http: { host: '127.0.0.1', port },
            publicUrl: `http://127.0.0.1:${port}`,
            linkStore: c.redis,
            instanceDomain: instanceDomain(c.componentDomain, i + 1),
          },
        }),
      );
    }
    alice = await user('alice', 0);
    bob = await user('bob', 1);
  }, 120_000);

  afterEach(() => clearCalls([alice, bob]));

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await Promise.all(apps.map((a) => a.close()));
    await Promise.all(bridges.map((b) => b.stop()));
    await c?.stop();
  }, 60_000);

  it("alice's app on node 1 video-calls bob's on node 2: both decode the other's camera, and her hang-up ends both", async () => {
    await connectedCall(alice, bob, jid('bob'), jid('alice'));
    await alice.getByRole('button', { name: 'Hang up' }).click();
    expect([await endedNotice(alice, 5000), await endedNotice(bob, 10_000)]).toEqual([
      { title: 'Call ended', reason: 'You hung up' },
      { title: 'Call ended', reason: 'alice hung up' },
    ]);
  });

  it("a call link alice creates (through instance 1) is opened on instance 2's guest page: her app rings, the call connects, the guest's hang-up ends it", async () => {
    await alice.getByRole('button', { name: 'Create call link' }).click();
    const field = alice.getByLabel('Call link', { exact: true });
    await field.waitFor({ timeout: 10_000 });
    const made = new URL(await field.inputValue());
    // Same path on the other instance: the link is signed with the key every instance shares.
    const url = `http://127.0.0.1:${bridges[1]?.httpAddress().port ?? 0}${made.pathname}`;
    const b = await launchChromium();
    browsers.push(b);
    const guest = await (await b.newContext({ permissions: ['camera', 'microphone'] })).newPage();
    await guest.goto(url);
    await guest.getByLabel('Your name').fill('Dana');
    await guest.getByRole('button', { name: 'Call' }).click();
    const dialog = alice.getByRole('alertdialog');
    await dialog.waitFor({ timeout: 15_000 });
    const caller = await dialog.locator('#incoming-caller').textContent();
    await alice.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => debug(alice).callState(), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => frames(alice), { timeout: 10_000 }).toBeGreaterThan(0);
    await guest.getByRole('button', { name: 'Hang up' }).click();
    expect([made.port, caller, (await endedNotice(alice, 10_000)).title]).toEqual([
      String(bridges[0]?.httpAddress().port),
      'Dana (guest via call link)',
      'Call ended',
    ]);
    await alice.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  });

  it('node 2 SIGKILLed mid call: both decode new frames every second for 10 s, bob is back through node 1 within 30 s and says so, his hang-up ends both, and a new call works', async () => {
    await connectedCall(alice, bob, jid('bob'), jid('alice'));
    await c.nodes[1]?.kill();
    const grew: boolean[] = [];
    let last = [await frames(alice), await frames(bob)];
    for (let s = 0; s < 10; s += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = [await frames(alice), await frames(bob)];
      grew.push((now[0] ?? 0) > (last[0] ?? 0) && (now[1] ?? 0) > (last[1] ?? 0));
      last = now;
    }
    expect(grew).toEqual(Array.from({ length: 10 }, () => true));
    // Node 2 stays down: bob's client moves on to node 1 from the served list of endpoints.
    await expect.poll(() => debug(bob).connection(), { timeout: 30_000 }).toBe('online');
    expect(await debug(bob).banners()).toEqual(['Connection lost. Reconnecting…', '']);
    await bob.getByRole('button', { name: 'Hang up' }).click();
    expect([await endedNotice(bob, 5000), await endedNotice(alice, 15_000)]).toEqual([
      { title: 'Call ended', reason: 'You hung up' },
      { title: 'Call ended', reason: 'bob hung up' },
    ]);
    for (const page of [alice, bob])
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await connectedCall(alice, bob, jid('bob'), jid('alice'));
    await alice.getByRole('button', { name: 'Hang up' }).click();
    expect(await endedNotice(bob, 10_000)).toEqual({ title: 'Call ended', reason: 'alice hung up' });
  });
});
