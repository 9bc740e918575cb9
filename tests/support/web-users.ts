// Signed-in users of the web app for e2e tests: a real Prosody, the app served for it, one Chromium
// per user (each has its own fake camera), and the waits a call test needs, driven only by
// accessible names and the app's test hook (docs/web-app.md). Kept apart from web-app.ts, which the
// benchmarks import outside vitest.
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './chromium.js';
import { startProsody } from './prosody.js';
import type { ProsodyHandle } from './prosody.js';
import { buildWebApp, contact, debug, openApp, serveWebApp, signIn } from './web-app.js';
import type { WebConfig } from '../../src/stack/web.js';
import type { ServedApp } from './web-app.js';

/** A real Prosody whose users (password 'pw') are signed in to the web app, one Chromium each. */
export interface WebUsers {
  prosody: ProsodyHandle;
  app: ServedApp;
  jid(user: string): string;
  /** Launches a Chromium of its own (its own fake camera) and signs `user` in there. */
  user(user: string): Promise<Page>;
  /** Closes every browser `user()` launched, the web server and Prosody. */
  close(): Promise<void>;
}

/** Prosody with `users` (password 'pw'), each pair of `contacts` mutual contacts; the app built. */
export async function startWebProsody(
  users: readonly string[],
  contacts: readonly (readonly [string, string])[],
): Promise<ProsodyHandle> {
  const [prosody] = await Promise.all([
    startProsody({ users: users.map((u) => [u, 'pw'] as [string, string]) }),
    buildWebApp(),
  ]);
  for (const [a, b] of contacts) await prosody.makeContacts(a, b);
  return prosody;
}

/** The /config.json that points the app at `prosody`, as `npm start` serves it. */
export const webConfig = (prosody: ProsodyHandle): WebConfig => ({
  service: prosody.wsUrl,
  domain: prosody.domain,
  componentDomain: prosody.componentDomain,
});

/** startWebProsody, and the app served for it. */
export async function startWebUsers(
  users: readonly string[],
  contacts: readonly (readonly [string, string])[],
): Promise<WebUsers> {
  const prosody = await startWebProsody(users, contacts);
  const app = await serveWebApp(webConfig(prosody));
  const browsers: Browser[] = [];
  const jid = (u: string) => `${u}@${prosody.domain}`;
  return {
    prosody,
    app,
    jid,
    async user(name) {
      const b = await launchChromium();
      browsers.push(b);
      const page = await openApp(b, app.url);
      await signIn(page, jid(name), 'pw');
      return page;
    },
    async close() {
      for (const b of browsers) await b.close().catch(() => undefined);
      await app.close();
      await prosody.stop();
    },
  };
}

/** Waits (15 s) until `page`'s contact list shows `bareJid` online. */
export async function online(page: Page, bareJid: string): Promise<void> {
  await expect
    .poll(() => contact(page, bareJid).getAttribute('data-online'), { timeout: 15_000 })
    .toBe('true');
}

/** `caller` video-calls `calleeJid`, `callee` accepts, and both decode frames. */
export async function connectedCall(
  caller: Page,
  callee: Page,
  calleeJid: string,
  callerJid?: string,
): Promise<void> {
  await online(caller, calleeJid);
  // Both ways when asked: the caller's presence reaching the callee's device proves that the
  // caller's server routes to that device's session (on an ejabberd cluster a session opened on
  // another node just now) and that the callee's app has its roster, so the call is not taken for a
  // stranger's.
  if (callerJid !== undefined) await online(callee, callerJid);
  await contact(caller, calleeJid).getByRole('button', { name: 'Video call' }).click();
  await callee.getByRole('button', { name: 'Accept' }).click();
  for (const page of [caller, callee]) {
    await expect.poll(() => debug(page).callState(), { timeout: 20_000 }).toBe('connected');
    await expect
      .poll(async () => (await debug(page).stats())?.framesDecoded ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
  }
}

/** framesDecoded keeps growing (over 600 ms). */
export async function framesGrow(page: Page): Promise<void> {
  const first = (await debug(page).stats())?.framesDecoded ?? 0;
  await new Promise((r) => setTimeout(r, 600));
  expect((await debug(page).stats())?.framesDecoded ?? 0).toBeGreaterThan(first);
}

/** The call-ended notice ("<title> <name> <reason>[ · duration]") once it shows, without the duration. */
export async function endedNotice(page: Page, timeout = 15_000): Promise<{ title: string; reason: string }> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout });
  const title = (await dialog.locator('#ended-title').textContent()) ?? '';
  const reason = ((await dialog.getByRole('status').textContent()) ?? '').replace(/ · \d\d:\d\d$/, '');
  return { title, reason };
}

/** Hangs up and closes every notice: a failed test must not leave a call behind for the next one. */
export async function clearCalls(pages: readonly Page[]): Promise<void> {
  for (const page of pages) {
    const hangup = page.getByRole('button', { name: 'Hang up' });
    if (await hangup.isVisible()) await hangup.click();
    const close = page.getByRole('dialog').getByRole('button', { name: 'Close' });
    while (await close.isVisible()) await close.click();
  }
}
