// A component instance lost in the two-node cluster, seen from a real browser: the bridge runs as one
// process per node (as under `npm start -- --cluster 2`, src/stack/component-process.ts), instance 1
// is SIGKILLed, and alice (the bundled client library in Chromium, on node 1) calls echo@ again: the
// surviving instance on node 2 must take the call with media (docs/scaling.md, "Losing a node or an
// instance"). tests/integration/cluster-faults.test.ts checks the same with the signalling only.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentStart } from '../../src/stack/component-process.js';
import { launchChromium } from '../support/chromium.js';
import {
  bundleClient,
  callInPage,
  callLogOf,
  callStateOf,
  inPage,
  loginInPage,
  mediaCountersOf,
  openClientPage,
  pageErrors,
  serveClient,
  waitFor,
} from '../support/client-page.js';
import {
  CLUSTER_SKIP_REASON,
  hasCluster,
  startCluster,
  startComponentInstances,
  type ClusterHandle,
} from '../support/ejabberd-cluster.js';
import { describeWebRTC } from '../support/netns.js';

if (!hasCluster()) console.warn(`skipping: ${CLUSTER_SKIP_REASON}`);
const suite = hasCluster() ? describeWebRTC : describe.skip;

suite('an echo call in Chromium after a component instance is SIGKILLed', () => {
  let c: ClusterHandle;
  let instances: ComponentStart[] = [];
  let site: { url: string; close(): Promise<void> };
  let browser: Browser;
  let alice: Page;
  let echo: string;

  beforeAll(async () => {
    const [cluster, js] = await Promise.all([startCluster({ users: [['alice', 'pw']] }), bundleClient()]);
    c = cluster;
    echo = `echo@${c.componentDomain}`;
    ({ instances } = await startComponentInstances(c));
    site = await serveClient(js);
    browser = await launchChromium();
    alice = await openClientPage(browser, site.url);
    await loginInPage(alice, {
      service: c.nodes[0]?.wsUrl ?? '',
      jid: `alice@${c.domain}/web`,
      password: 'pw',
    });
    await inPage(alice, ({ client }, jid) => client.roster.add(jid), echo);
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await site?.close();
    await Promise.all(instances.map((s) => s.service?.stop()));
    await c?.stop();
  }, 60_000);

  /** Places a video call to echo@; resolves with its id once it is connected. */
  async function callEcho(): Promise<string> {
    await waitFor(
      'echo@ callable',
      () =>
        inPage(
          alice,
          ({ client }, jid) => (client.canCall(jid, { video: true }).length > 0 ? true : undefined),
          echo,
        ),
      10_000,
    );
    const id = await callInPage(alice, echo, { audio: true, video: true });
    await waitFor(
      'connected to echo@',
      async () => ((await callStateOf(alice, id)) === 'connected' ? true : undefined),
      20_000,
    ).catch(async (e: unknown) => {
      const log = JSON.stringify(await callLogOf(alice, id));
      throw new Error(`${String(e)}; call: ${log}; page errors: ${JSON.stringify(await pageErrors(alice))}`);
    });
    return id;
  }

  /** Video frames decoded in the call, after they have started. */
  const frames = (id: string) =>
    waitFor(
      'echoed video frames',
      async () => {
        const s = await mediaCountersOf(alice, id);
        return s !== undefined && s.framesDecoded > 0 ? s.framesDecoded : undefined;
      },
      20_000,
    );

  async function hangUp(id: string): Promise<void> {
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
    await waitFor('ended', async () => ((await callStateOf(alice, id)) === 'ended' ? true : undefined));
  }

  it('an echo call works; after the SIGKILL of instance 1 a new one connects within 10 s and its video flows', async () => {
    const connected = instances.map((s) => s.connected);
    const before = await callEcho();
    const beforeFrames = await frames(before);
    await hangUp(before);
    const killed = instances[0]?.service;
    if (!killed) throw new Error('instance 1 did not start');
    process.kill(-killed.pid, 'SIGKILL');
    await killed.exited;
    const t0 = Date.now();
    const after = await callEcho();
    const connectedAfterMs = Date.now() - t0;
    const first = await frames(after);
    await new Promise((r) => setTimeout(r, 2000));
    const later = (await mediaCountersOf(alice, after))?.framesDecoded ?? 0;
    console.info(`echo call connected ${connectedAfterMs} ms after the SIGKILL`);
    await hangUp(after);
    expect({
      connected,
      beforeFrames: beforeFrames > 0,
      within10s: connectedAfterMs < 10_000,
      framesGrow: later > first,
      errors: await pageErrors(alice),
    }).toEqual({
      connected: [true, true],
      beforeFrames: true,
      within10s: true,
      framesGrow: true,
      errors: [],
    });
  });
});
