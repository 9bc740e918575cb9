// Issue #6 end to end: alice creates a call link in the web app, a guest opens it in another
// browser (the component's guest page), and alice's app rings with "<name> (guest via call link)".
import { startCallBridge } from '../support/component.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BridgeComponent } from '../../src/component/bridge.js';
import { freePort } from '../../src/stack/index.js';
import { launchChromium } from '../support/chromium.js';
import { describeWebRTC } from '../support/netns.js';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { buildWebApp, debug, openApp, screenshot, serveWebApp, signIn } from '../support/web-app.js';
import type { ServedApp } from '../support/web-app.js';
import { webConfig } from '../support/web-users.js';

describeWebRTC('web app: a guest calls through a call link', () => {
  let prosody: ProsodyHandle;
  let app: ServedApp;
  let bridge: BridgeComponent;
  const browsers: Browser[] = [];
  let alice: Page;

  beforeAll(async () => {
    const [p, , port] = await Promise.all([
      startProsody({ users: [['alice', 'pw']] }),
      buildWebApp(),
      freePort('127.0.0.1'),
    ]);
    prosody = p;
    bridge = await startCallBridge(prosody, {
      config: {
        http: { host: '127.0.0.1', port },
        publicUrl: `http://127.0.0.1:${port}`,
        linkKey: undefined,
      },
      echo: { maxCalls: 1, maxCallMs: 60_000 },
    });
    app = await serveWebApp(webConfig(prosody));
    const b = await launchChromium();
    browsers.push(b);
    alice = await openApp(b, app.url);
    await signIn(alice, `alice@${prosody.domain}`, 'pw');
  });

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await bridge?.stop();
    await app?.close();
    await prosody?.stop();
  });

  // The app trusts its own bridge domain (from /config.json), so a link's guest rings although
  // guest-*@<component domain> is not a contact.
  it('rings alice with the guest name, and the call connects', async () => {
    await alice.getByRole('button', { name: 'Create call link' }).click();
    const field = alice.getByLabel('Call link', { exact: true });
    await field.waitFor({ timeout: 10_000 });
    const url = await field.inputValue();

    const b = await launchChromium();
    browsers.push(b);
    const guest = await (await b.newContext({ permissions: ['camera', 'microphone'] })).newPage();
    await guest.goto(url);
    await guest.getByLabel('Your name').fill('Dana <script>');
    await guest.getByRole('button', { name: 'Call' }).click();

    const dialog = alice.getByRole('alertdialog');
    await dialog.waitFor({ timeout: 15_000 }).catch(async (e: unknown) => {
      const recent = await alice.getByRole('list', { name: 'Recent calls' }).innerText();
      const status = await guest.getByRole('status').textContent();
      throw new Error(`${String(e)}\nalice's recent calls: ${recent}\nguest page: ${status}`);
    });
    expect(await dialog.locator('#incoming-caller').textContent()).toBe(
      'Dana <script> (guest via call link)',
    );
    await alice.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => debug(alice).callState(), { timeout: 20_000 }).toBe('connected');
    await expect
      .poll(async () => (await debug(alice).stats())?.framesDecoded ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
    // The guest page opens no data channel: alice's app says the call has no chat and disables it.
    const chat = alice.getByRole('complementary', { name: 'Chat' });
    await expect
      .poll(() => chat.getByRole('status').textContent())
      .toBe(
        "Chat isn't available in this call: Dana <script> (guest via call link) uses an app without in-call chat.",
      );
    expect(await chat.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await screenshot(alice, '12-in-call-guest-no-chat');
    await guest.getByRole('button', { name: 'Hang up' }).click();
    await alice.getByRole('dialog').waitFor({ timeout: 10_000 });
    expect(await alice.getByRole('dialog').locator('#ended-title').textContent()).toBe('Call ended');
  });
});
