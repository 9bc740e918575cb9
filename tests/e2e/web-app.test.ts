// The web app without calls, against a real Prosody and the bridge component, in real Chromium:
// sign-in errors, presence, contact requests, markup injection, call links, phone layout.
import { componentConfig, QUIET as quiet } from '../support/component.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { WebSocket, WebSocketServer } from 'ws';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.js';
import { createBridgeComponent } from '../../src/component/bridge.js';
import { makeCertificate } from '../../src/stack/certs.js';
import type { BridgeComponent } from '../../src/component/bridge.js';
import { launchChromium } from '../support/chromium.js';
import { describeWebRTC } from '../support/netns.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { PHONE, contact, fillSignIn, openApp, screenshot, serveWebApp, signIn } from '../support/web-app.js';
import type { ServedApp } from '../support/web-app.js';
import { startWebProsody, webConfig } from '../support/web-users.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
const XSS = '<img src=x onerror="window.__pwned=1">';

describeWebRTC('web app: sign in, contacts, call links', () => {
  let prosody: ProsodyHandle;
  let app: ServedApp;
  let bridge: BridgeComponent;
  const browsers: Browser[] = [];
  const jid = (u: string) => `${u}@${prosody.domain}`;
  const browser = async () => {
    const b = await launchChromium();
    browsers.push(b);
    return b;
  };

  beforeAll(async () => {
    prosody = await startWebProsody(['alice', 'bob', 'carol'], [['alice', 'bob']]);
    // A roster name made of markup: it must show up as text (web/src/dom.ts renders text nodes only).
    const node = createClient({
      jid: jid('alice'),
      password: 'pw',
      service: prosody.wsUrl,
      mechanisms: ['PLAIN'],
    });
    await node.start();
    await node.roster.rename(jid('bob'), XSS);
    await node.stop();
    bridge = createBridgeComponent(
      componentConfig(prosody, { publicUrl: 'http://127.0.0.1:9/guest', linkKey: undefined }),
      quiet,
    );
    await bridge.start();
    app = await serveWebApp(webConfig(prosody));
  });

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await bridge?.stop();
    await app?.close();
    await prosody?.stop();
  });

  it('says in plain words when the password is wrong or the server is unreachable', async () => {
    const page = await openApp(await browser(), app.url);
    await expect.poll(() => page.getByLabel('Server').inputValue()).toBe(prosody.wsUrl);
    await screenshot(page, '01-sign-in');
    // Keyboard: the address has focus, and Tab walks the form in reading order.
    const focused = () =>
      page.evaluate(
        () => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent,
      );
    const order = [await focused()];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order).toEqual(['address', 'password', 'server', 'Sign in']);
    await fillSignIn(page, jid('alice'), 'wrong');
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toBe('Wrong address or password. Check both and try again.');
    await fillSignIn(page, jid('alice'), 'pw', 'ws://127.0.0.1:9/xmpp-websocket');
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 25_000 })
      .toBe(
        "Can't reach the server at ws://127.0.0.1:9/xmpp-websocket. Check the server address and your connection.",
      );
    await screenshot(page, '02-sign-in-error');
    await page.context().close();
  });

  it('says a wss:// server may be unreachable or have a certificate this browser does not trust', async () => {
    // A real TLS endpoint with a self-signed certificate. CHROMIUM_ARGS has no
    // --ignore-certificate-errors and contexts keep ignoreHTTPSErrors off, so the handshake fails.
    const dir = mkdtempSync(`${tmpdir()}/jb-web-tls-`);
    makeCertificate(`${dir}/cert.pem`, `${dir}/key.pem`, ['localhost'], '127.0.0.1');
    const server = createHttpsServer({
      cert: readFileSync(`${dir}/cert.pem`),
      key: readFileSync(`${dir}/key.pem`),
    });
    new WebSocketServer({ server });
    const refused: string[] = [];
    server.on('tlsClientError', (e: NodeJS.ErrnoException) => refused.push(e.code ?? e.message));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const service = `wss://127.0.0.1:${port}/xmpp-websocket`;
    try {
      const page = await openApp(await browser(), app.url);
      await fillSignIn(page, jid('alice'), 'pw', service);
      await expect
        .poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 })
        .toBe(
          `Can't reach the server at ${service}, or its security certificate is not trusted by this browser. ` +
            `Check the server address, then open https://127.0.0.1:${port}/ in a new tab to see any certificate warning.`,
        );
      // The server saw Chromium turn the certificate down: the words are about the right failure.
      await expect.poll(() => refused).toEqual(['ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN']);
      await screenshot(page, '02-sign-in-certificate');
      await page.context().close();
    } finally {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  let alice: Page;
  let bob: Page;

  it('shows contacts online with their status, and markup in a name as text', async () => {
    [alice, bob] = await Promise.all([openApp(await browser(), app.url), openApp(await browser(), app.url)]);
    await signIn(alice, jid('alice'), 'pw');
    await signIn(bob, jid('bob'), 'pw');
    const bobItem = contact(alice, jid('bob'));
    await expect.poll(() => bobItem.getAttribute('data-online'), { timeout: 15_000 }).toBe('true');
    await expect
      .poll(() => contact(bob, jid('alice')).getAttribute('data-online'), { timeout: 15_000 })
      .toBe('true');
    expect(await bobItem.innerText()).toBe(`IS\n${XSS}\n${jid('bob')}\nAvailable\nAudio call\nVideo call`);
    expect(
      await alice.evaluate(() => [
        (window as { __pwned?: number }).__pwned,
        document.querySelectorAll('img').length,
      ]),
    ).toEqual([undefined, 0]);
    await expect.poll(() => bobItem.getByRole('button', { name: 'Video call' }).isEnabled()).toBe(true);
    await screenshot(alice, '03-contacts');
    await alice.emulateMedia({ colorScheme: 'dark' });
    await new Promise((r) => setTimeout(r, 300)); // let the 150 ms colour transitions finish
    await screenshot(alice, '03-contacts-dark');
    await alice.emulateMedia({ colorScheme: 'light' });
  });

  it('lets carol ask alice for her status, and alice approve', async () => {
    const carol = await openApp(await browser(), app.url);
    await signIn(carol, jid('carol'), 'pw');
    await carol.getByLabel('Contact address').fill(jid('alice'));
    await carol.getByRole('button', { name: 'Add contact' }).click();
    const approve = alice.getByRole('button', { name: `Approve ${jid('carol')}` });
    await approve.waitFor({ timeout: 10_000 });
    await approve.click();
    await expect
      .poll(() => contact(carol, jid('alice')).getAttribute('data-online'), { timeout: 10_000 })
      .toBe('true');
    await expect
      .poll(() => contact(alice, jid('carol')).getAttribute('data-online'), { timeout: 10_000 })
      .toBe('true');
    await carol.getByRole('button', { name: 'Sign out' }).click();
    await carol.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect
      .poll(() => contact(alice, jid('carol')).getAttribute('data-online'), { timeout: 10_000 })
      .toBe('false');
  });

  it('creates a call link with the bridge component and shows it in "Call link"', async () => {
    await alice.getByRole('button', { name: 'Create call link' }).click();
    const field = alice.getByLabel('Call link', { exact: true });
    await field.waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
      throw new Error(
        `${String(e)}; alerts: ${(await alice.getByRole('alert').allTextContents()).join(' | ')}`,
      );
    });
    expect(await field.inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:9\/guest\/call\/[\w-]+\.[\w-]+$/);
    expect(await field.getAttribute('readonly')).toBe('');
    await alice.getByRole('button', { name: 'Copy' }).waitFor();
    await screenshot(alice, '04-call-link');
  });

  it('fits a phone-sized screen', async () => {
    await bob.setViewportSize(PHONE);
    const width = await bob.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBe(PHONE.width);
    await screenshot(bob, '05-contacts-phone');
  });
});
