// A web guest in Chromium opens alice's call link (the component's own guest page), and alice answers
// in Chromium with the client library: the component bridges the guest's WebSocket to Jingle while the
// media flows browser to browser. Only inside a loopback-only namespace (tests/support/netns.ts).
import { startCallBridge } from '../support/component.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BridgeComponent } from '../../src/component/bridge.js';
import { signLink } from '../../src/component/token.js';
import { launchChromium } from '../support/chromium.js';
import {
  bundleClient,
  callLogOf,
  callStateOf,
  inPage,
  loginInPage,
  openClientPage,
  pageErrors,
  serveClient,
  waitFor,
} from '../support/client-page.js';
import { describeWebRTC } from '../support/netns.js';
import { startProsody, type ProsodyHandle } from '../support/prosody.js';

describeWebRTC('a call-link guest calls alice, both in Chromium', () => {
  let prosody: ProsodyHandle;
  let bridge: BridgeComponent;
  let site: { url: string; close(): Promise<void> };
  let browser: Browser;
  let alice: Page;
  let guest: Page;

  beforeAll(async () => {
    const [p, js] = await Promise.all([startProsody({ users: [['alice', 'pw']] }), bundleClient()]);
    prosody = p;
    bridge = await startCallBridge(prosody);
    site = await serveClient(js);
    browser = await launchChromium();
    alice = await openClientPage(browser, site.url);
    // Guests are never in the owner's roster.
    await loginInPage(alice, {
      calls: { acceptCallsFrom: 'anyone' },
      service: prosody.wsUrl,
      jid: `alice@${prosody.domain}/web`,
      password: 'pw',
    });
    const token = signLink(
      { owner: `alice@${prosody.domain}`, expiresAt: Date.now() + 3_600_000, use: 'single', id: 'e2e' },
      bridge.linkKey,
    );
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    guest = await context.newPage();
    await guest.goto(`http://127.0.0.1:${bridge.httpAddress().port}/call/${token}`);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await site?.close();
    await bridge?.stop();
    await prosody?.stop();
  });

  it('guest Ada calls, alice accepts, video flows both ways, the guest hangs up', async () => {
    await guest.fill('#name', 'Ada');
    await guest.click('#call');
    const id = await waitFor('incoming call at alice', () =>
      inPage(
        alice,
        ({ calls }) => [...calls.values()].find((c) => c.call.state === 'incoming')?.call.id,
        null,
      ),
    );
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.accept(), id);
    const stateOf = () => callStateOf(alice, id);
    await waitFor(
      'alice connected',
      async () => ((await stateOf()) === 'connected' ? true : undefined),
      30_000,
    ).catch(async (e: unknown) => {
      const status = await guest.textContent('#status');
      throw new Error(`${String(e)}; guest: ${status}; alice: ${JSON.stringify(await pageErrors(alice))}`);
    });
    expect(await guest.textContent('#status')).toEqual('In call');
    const framesAtAlice = () =>
      inPage(
        alice,
        async ({ calls }, callId) => (await calls.get(callId)?.call.stats())?.framesDecoded ?? 0,
        id,
      );
    const framesAtGuest = () =>
      guest.evaluate(() => {
        const v = document.getElementById('remote') as HTMLVideoElement;
        return v.getVideoPlaybackQuality().totalVideoFrames;
      });
    const first = await waitFor('frames at both ends', async () => {
      const [a, g] = [await framesAtAlice(), await framesAtGuest()];
      return a > 0 && g > 0 ? { a, g } : undefined;
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect([(await framesAtAlice()) > first.a, (await framesAtGuest()) > first.g]).toEqual([true, true]);
    const peer = await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.peer, id);
    expect((peer ?? '').startsWith('guest-') && (peer ?? '').endsWith(`@${prosody.componentDomain}`)).toEqual(
      true,
    );

    await guest.click('#hangup');
    await waitFor('alice ended', async () => ((await stateOf()) === 'ended' ? true : undefined));
    const log = await callLogOf(alice, id);
    expect(log).toEqual({
      id,
      direction: 'incoming',
      states: ['incoming', 'connecting', 'connected', 'ended'],
      events: [{ ended: { reason: { condition: 'success', text: 'The guest hung up' }, by: 'peer' } }],
    });
  });
});
