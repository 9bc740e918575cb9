// Fault test of issue #11 defect 7: alice's WebSocket is cut for 5 s mid-call (a TCP proxy between
// her page and Prosody drops her connection and refuses new ones), she hangs up during the cut, and
// the hang-up must reach bob after XEP-0198 resumes her session. Before the fix xmpp.js threw on the
// missing socket, the session-terminate was lost, and bob's call hung until his ICE restart met
// "unknown-session" (or ICE failed). Two real Chromium processes, the bundled client, our Prosody.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import {
  callLogOf,
  callStateOf,
  inPage,
  loginInPage,
  openClientPage,
  startCallTestbed,
  waitFor,
} from '../support/client-page.js';
import { describeWebRTC } from '../support/netns.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { tcpRelay, type TcpRelay } from '../support/tcp-relay.js';

describeWebRTC('a WebSocket cut on the side that hangs up', () => {
  let prosody: ProsodyHandle;
  let site: { url: string; close(): Promise<void> };
  let relay: TcpRelay;
  const browsers: Browser[] = [];
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    ({ prosody, site } = await startCallTestbed());
    relay = await tcpRelay(prosody.httpPort);
    for (let i = 0; i < 2; i++) browsers.push(await launchChromium());
    alice = await openClientPage(browsers[0] as Browser, site.url);
    bob = await openClientPage(browsers[1] as Browser, site.url);
    const viaRelay = prosody.wsUrl.replace(`:${prosody.httpPort}/`, `:${relay.port}/`);
    await loginInPage(alice, { service: viaRelay, jid: `alice@${prosody.domain}/web`, password: 'pw' });
    await loginInPage(bob, { service: prosody.wsUrl, jid: `bob@${prosody.domain}/web`, password: 'pw' });
    await waitFor('bob callable', () =>
      inPage(
        alice,
        ({ client }, bare) => (client.canCall(bare, { video: true })[0] ? true : undefined),
        `bob@${prosody.domain}`,
      ),
    );
  });

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await relay?.close();
    await site?.close();
    await prosody?.stop();
  });

  it('alice hangs up during a 5 s cut: bob gets her hang-up after her session resumes', async () => {
    const id = await inPage(
      alice,
      ({ client, track }, bare) => {
        const call = client.call(bare, { audio: true, video: true });
        track(call);
        return call.id;
      },
      `bob@${prosody.domain}`,
    );
    await waitFor('bob rings', async () => ((await callStateOf(bob, id)) === 'incoming' ? true : undefined));
    await inPage(bob, ({ calls }, callId) => calls.get(callId)?.call.accept(), id);
    for (const page of [alice, bob])
      await waitFor('connected', async () =>
        (await callStateOf(page, id)) === 'connected' ? true : undefined,
      );
    await inPage(
      alice,
      ({ client }) => {
        const g = globalThis as unknown as { jbConnection: unknown[] };
        g.jbConnection = [];
        client.on('state', (s) => g.jbConnection.push(s));
        client.on('online', (o) => g.jbConnection.push({ online: o.resumed ? 'resumed' : 'new session' }));
      },
      null,
    );
    const connection = () =>
      alice.evaluate(() => (globalThis as unknown as { jbConnection: unknown[] }).jbConnection);

    relay.cut();
    await waitFor('alice notices the cut', async () =>
      (await connection()).includes('resuming') ? true : undefined,
    );
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
    await new Promise((r) => setTimeout(r, 5000));
    expect(await callStateOf(bob, id)).not.toBe('ended');
    relay.heal();

    await waitFor(
      'bob ended',
      async () => ((await callStateOf(bob, id)) === 'ended' ? true : undefined),
      15_000,
    );
    expect({ connection: await connection(), bob: (await callLogOf(bob, id))?.events.at(-1) }).toEqual({
      connection: ['resuming', 'online', { online: 'resumed' }],
      bob: { ended: { reason: { condition: 'success', text: expect.any(String) }, by: 'peer' } },
    });
  });
});
