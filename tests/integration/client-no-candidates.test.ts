// A caller whose browser finds no usable network address (issue #9), in real Chromium: alice's page
// allows only relayed candidates and has no TURN server, so gathering completes with none (~120 ms).
// The call must end at once with a reason a person can act on, recorded as failed, and bob's device
// must get the retract with that reason; before, it rang on with no way to ever connect.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { inPage, loginInPage, openClientPage, startCallTestbed, waitFor } from '../support/client-page.js';
import type { ProsodyHandle } from '../support/prosody.js';

/** Chromium with a relay-only policy and no TURN server: the "no usable address" it reports. */
const RELAY_ONLY_WITHOUT_TURN = `{
  const Native = RTCPeerConnection;
  globalThis.RTCPeerConnection = class extends Native {
    constructor(config) { super({ ...(config || {}), iceServers: [], iceTransportPolicy: 'relay' }); }
  };
}`;
const NO_PATH = {
  condition: 'connectivity-error',
  text: "No network path for the call: the caller's browser found no usable network address (check the network connection or firewall).",
};

let prosody: ProsodyHandle;
let site: { url: string; close(): Promise<void> };
let browser: Browser;
let alice: Page;
let bob: Page;

beforeAll(async () => {
  ({ prosody, site } = await startCallTestbed());
  browser = await launchChromium();
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(RELAY_ONLY_WITHOUT_TURN);
  alice = await context.newPage();
  await alice.goto(site.url);
  bob = await openClientPage(browser, site.url);
  await loginInPage(alice, { service: prosody.wsUrl, jid: `alice@${prosody.domain}`, password: 'pw' });
  await loginInPage(bob, { service: prosody.wsUrl, jid: `bob@${prosody.domain}`, password: 'pw' });
  await waitFor('bob callable', () =>
    inPage(
      alice,
      ({ client }, d) => (client.canCall(`bob@${d}`).length > 0 ? true : undefined),
      prosody.domain,
    ),
  );
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await prosody?.stop();
});

describe('no ICE candidate at all', () => {
  it('the call ends at once with the reason, as failed; the callee gets the retract with it', async () => {
    const id = await inPage(
      alice,
      ({ client, track }, d) => {
        const call = client.call(`bob@${d}`, { audio: true });
        track(call);
        return call.id;
      },
      prosody.domain,
    );
    const end = await waitFor('alice: call ended', () =>
      inPage(alice, ({ calls }, i) => calls.get(i)?.call.end, id),
    );
    expect(end).toEqual({ reason: NO_PATH, by: 'error', outcome: 'cancelled' });
    const history = (page: Page) =>
      inPage(page, ({ client }) => client.calls.history.map((h) => [h.direction, h.outcome, h.reason]), null);
    expect(await history(alice)).toEqual([['outgoing', 'failed', NO_PATH]]);
    expect(
      await waitFor('bob: missed call', async () =>
        (await history(bob)).length > 0 ? history(bob) : undefined,
      ),
    ).toEqual([['incoming', 'missed', NO_PATH]]);
  });
});
