// The web app as an installed app (issue #13): manifest and service worker in Chromium, opening
// with the server gone (the shell from the worker's cache, the sign-in screen saying there is no
// connection), and an incoming call in a background tab raising a system notification.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from '../support/chromium.js';
import { describeWebRTC } from '../support/netns.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { contact, openApp, screenshot, serveWebApp, signIn } from '../support/web-app.js';
import type { ServedApp } from '../support/web-app.js';
import { startWebProsody, webConfig } from '../support/web-users.js';

describeWebRTC('web app: installable, offline, background calls', () => {
  let prosody: ProsodyHandle;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    prosody = await startWebProsody(['alice', 'bob'], [['alice', 'bob']]);
  }, 120_000);

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await prosody?.stop();
  });

  async function browser(): Promise<Browser> {
    const b = await launchChromium();
    browsers.push(b);
    return b;
  }
  const config = () => webConfig(prosody);

  it('is installable: Chromium reports no installability error and no manifest error', async () => {
    // A persistent profile (a temporary folder): Chromium never offers to install from the
    // incognito-like contexts launch() gives ("in-incognito").
    const app: ServedApp = await serveWebApp(config());
    const profile = mkdtempSync(`${tmpdir()}/jb-pwa-profile-`);
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS],
      });
      const page = await context.newPage();
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      const cdp = await context.newCDPSession(page);
      expect(await cdp.send('Page.getInstallabilityErrors')).toEqual({ installabilityErrors: [] });
      const manifest = await cdp.send('Page.getAppManifest');
      expect({ url: manifest.url, errors: manifest.errors }).toEqual({
        url: `${app.url}manifest.webmanifest`,
        errors: [],
      });
    } finally {
      await context?.close();
      await app.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);

  it('registers its service worker and opens with the server gone, at sign-in saying so', async () => {
    // Its own server, so the test can take it away.
    const app: ServedApp = await serveWebApp(config());
    const page = await openApp(await browser(), app.url);
    // clients.claim() in the worker's activate step: the page that registered it gets controlled.
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state), { timeout: 20_000 })
      .toBe('activated');
    const installed = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]');
      const manifest = link ? ((await (await fetch(link.href)).json()) as Record<string, unknown>) : null;
      const icons = (manifest?.['icons'] ?? []) as Array<{ src: string; sizes: string; purpose: string }>;
      const iconTypes = await Promise.all(
        icons.map(async (i) => {
          const r = await fetch(new URL(i.src, link?.href).href);
          return `${i.sizes} ${i.purpose} ${r.status} ${r.headers.get('content-type') ?? ''}`;
        }),
      );
      return {
        scope: reg.scope,
        script: reg.active?.scriptURL,
        name: manifest?.['name'],
        display: manifest?.['display'],
        startUrl: manifest?.['start_url'],
        iconTypes,
      };
    });
    expect(installed).toEqual({
      scope: app.url,
      script: `${app.url}sw.js`,
      name: 'jingle-bridge',
      display: 'standalone',
      startUrl: './',
      iconTypes: [
        '192x192 any 200 image/png',
        '512x512 any 200 image/png',
        '512x512 maskable 200 image/png',
        'any any 200 image/svg+xml',
      ],
    });

    // The server goes away: the app still opens, at the sign-in screen, saying there is no connection.
    await app.close();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'No connection.' }).textContent())
      .toBe(
        'No connection. You are offline or the server cannot be reached. You can sign in once the connection is back.',
      );
    await screenshot(page, '20-offline-sign-in');
  }, 60_000);

  it('an incoming call in a background tab raises a notification and a title; both go when it is cancelled', async () => {
    const app = await serveWebApp(config());
    try {
      const user = async (name: string): Promise<Page> => {
        const page = await openApp(await browser(), app.url);
        // Headless Chromium, and a context given permissions (CDP grantPermissions rejects all
        // others), start with notifications "denied"; a browser's first visit has them unasked
        // ("default"), which is what the settings card is for. bob's call is never answered, so he
        // needs no camera.
        if (name === 'bob') await page.context().clearPermissions();
        await signIn(page, `${name}@${prosody.domain}`, 'pw');
        return page;
      };
      const [alice, bob] = await Promise.all([user('alice'), user('bob')]);
      // The button asks; before that nothing is asked (the permission is still "default").
      const settings = bob.getByRole('region', { name: 'Settings' });
      const allow = settings.getByRole('button', { name: 'Allow call notifications' });
      await allow.waitFor();
      expect(await bob.evaluate(() => Notification.permission)).toBe('default');
      await allow.scrollIntoViewIfNeeded();
      await screenshot(bob, '21-notifications-button');
      // What the user's "Allow" in the browser's prompt does: the test grants it, and the card
      // follows the permission (navigator.permissions 'change').
      await bob.context().grantPermissions(['notifications'], { origin: app.url });
      await allow.waitFor({ state: 'hidden' });
      await expect
        .poll(() => settings.getByRole('status').textContent())
        .toBe(
          'Call notifications are on: a call that comes in while this tab is in the background shows a system notification.',
        );
      await expect
        .poll(() => bob.evaluate(() => navigator.serviceWorker.controller?.state), { timeout: 20_000 })
        .toBe('activated');

      // bob's app goes to the background. Headless Chromium keeps every page 'visible' (another tab
      // in front, a minimised window: measured, no change), so the page is told what a real
      // browser would report: visibilityState 'hidden' and a visibilitychange event.
      await bob.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
      });

      await expect
        .poll(() => contact(alice, `bob@${prosody.domain}`).getAttribute('data-online'), { timeout: 15_000 })
        .toBe('true');
      await contact(alice, `bob@${prosody.domain}`).getByRole('button', { name: 'Video call' }).click();
      const shown = () =>
        bob.evaluate(async () => {
          const reg = await navigator.serviceWorker.ready;
          const list = await reg.getNotifications();
          return { title: document.title, notifications: list.map((n) => `${n.title} | ${n.body}`) };
        });
      const from = 'alice'; // her roster name at bob's
      await expect.poll(shown, { timeout: 15_000 }).toEqual({
        title: `Incoming call – ${from}`,
        notifications: [`Incoming call – ${from} | Video call from ${from}`],
      });
      // alice gives up before bob answers: both go.
      await alice.getByRole('button', { name: 'Hang up' }).click();
      await expect
        .poll(shown, { timeout: 15_000 })
        .toEqual({ title: `bob@${prosody.domain} · jingle-bridge`, notifications: [] });
    } finally {
      await app.close();
    }
  }, 90_000);
});
