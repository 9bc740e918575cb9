// The echo@ call in Chromium, shared by the Prosody and ejabberd e2e files: alice (the bundled client
// library in Chromium) calls echo@ on our component and gets her own camera, microphone and chat
// message back through the component's werift echo. Only inside a loopback-only namespace
// (tests/support/netns.ts); the echo binds 127.0.0.1 only.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BridgeComponent } from '../../src/component/bridge.js';
import { launchChromium } from './chromium.js';
import {
  bundleClient,
  callInPage,
  callLogOf,
  callStateOf,
  inPage,
  mediaCountersOf,
  loginInPage,
  openClientPage,
  pageErrors,
  serveClient,
  waitFor,
} from './client-page.js';
import { startCallBridge } from './component.js';
import { describeWebRTC } from './netns.js';
import type { XmppServerHandle } from './server-handle.js';

/** Registers the suite; `start` must create user alice with password 'pw'. */
export function echoCallSuite(title: string, start: () => Promise<XmppServerHandle>): void {
  describeWebRTC(title, () => {
    let server: XmppServerHandle;
    let bridge: BridgeComponent;
    let site: { url: string; close(): Promise<void> };
    let browser: Browser;
    let alice: Page;
    let echo: string;

    beforeAll(async () => {
      const [s, js] = await Promise.all([start(), bundleClient()]);
      server = s;
      echo = `echo@${server.componentDomain}`;
      bridge = await startCallBridge(server, { keyframeIntervalMs: 1000 });
      site = await serveClient(js);
      browser = await launchChromium();
      alice = await openClientPage(browser, site.url);
      await loginInPage(alice, { service: server.wsUrl, jid: `alice@${server.domain}/web`, password: 'pw' });
      // Subscribing makes echo@ answer with presence + caps, so the client knows it can take JMI calls.
      await inPage(alice, ({ client }, jid) => client.roster.add(jid), echo);
      await waitFor('echo@ callable', () =>
        inPage(
          alice,
          ({ client }, jid) => (client.canCall(jid, { video: true }).length > 0 ? true : undefined),
          echo,
        ),
      );
    });

    afterAll(async () => {
      await browser?.close().catch(() => undefined);
      await site?.close();
      await bridge?.stop();
      await server?.stop();
    });

    it('alice calls echo@ with camera and microphone: her video, audio and chat come back; she hangs up', async () => {
      const id = await callInPage(alice, echo, { audio: true, video: true });
      const stateOf = () => callStateOf(alice, id);
      await waitFor(
        'connected to echo@',
        async () => ((await stateOf()) === 'connected' ? true : undefined),
        30_000,
      ).catch(async (e: unknown) => {
        throw new Error(`${String(e)}; page errors: ${JSON.stringify(await pageErrors(alice))}`);
      });
      const stats = () => mediaCountersOf(alice, id);
      const first = await waitFor(
        'echoed video frames',
        async () => {
          const s = await stats();
          return s !== undefined && s.framesDecoded > 0 ? s : undefined;
        },
        20_000,
      );
      await new Promise((r) => setTimeout(r, 2000));
      const later = await stats();
      expect([
        later!.framesDecoded > first.framesDecoded,
        later!.bytesReceived > first.bytesReceived,
      ]).toEqual([true, true]);
      await waitFor('chat channel open', () =>
        inPage(
          alice,
          ({ calls }, callId) => {
            try {
              calls.get(callId)?.call.sendChat('hello echo');
              return true;
            } catch {
              return undefined;
            }
          },
          id,
        ),
      );
      const log = () => callLogOf(alice, id);
      await waitFor('chat echoed', async () =>
        (await log())?.events.some((e) => JSON.stringify(e).includes('"remote"')) ? true : undefined,
      );
      await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
      await waitFor('ended', async () => ((await stateOf()) === 'ended' ? true : undefined));
      expect(await log()).toEqual({
        id,
        direction: 'outgoing',
        states: ['proposing', 'ringing', 'connecting', 'connected', 'ended'],
        events: [
          { chat: { text: 'hello echo', from: 'local' } },
          { chat: { text: 'hello echo', from: 'remote' } },
          { ended: { reason: { condition: 'success', text: 'The call ended normally.' }, by: 'local' } },
        ],
      });
    });
  });
}
