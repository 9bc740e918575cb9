// The web app under test: built once per test process with Vite, served from web/dist with a
// /config.json by the same static server `npm start` uses (src/stack/web.ts), and driven only by
// accessible names (docs/web-app.md lists them).
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { startWebServer } from '../../src/stack/web.js';
import type { WebConfig } from '../../src/stack/web.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIST = `${ROOT}web/dist`;
export const SCREENSHOTS = `${ROOT}test-results/screenshots`;

let built: Promise<void> | undefined;

/** `vite build --config web/vite.config.ts`, once per process. */
export function buildWebApp(): Promise<void> {
  built ??= import('vite').then(async ({ build }) => {
    await build({ configFile: `${ROOT}web/vite.config.ts`, logLevel: 'warn' });
  });
  return built;
}

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/** Serves web/dist and `config` as /config.json on 127.0.0.1 (a free port). */
export async function serveWebApp(config: WebConfig): Promise<ServedApp> {
  const server: Server = await startWebServer({ host: '127.0.0.1', port: 0, root: WEB_DIST, config });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 375, height: 667 } as const;

/** A fresh context (own storage) with camera and microphone granted, at the app's sign-in screen. */
export async function openApp(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  return page;
}

/** Fills the sign-in form; the server field keeps its /config.json default unless given. */
export async function fillSignIn(
  page: Page,
  address: string,
  password: string,
  server?: string,
): Promise<void> {
  await page.getByLabel('Address').fill(address);
  await page.getByLabel('Password').fill(password);
  if (server !== undefined) await page.getByLabel('Server').fill(server);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signIn(page: Page, address: string, password: string): Promise<void> {
  await fillSignIn(page, address, password);
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 20_000 });
}

/** The contact's list item (contract: an <li> holding the bare JID). */
export function contact(page: Page, bareJid: string): Locator {
  return page.getByRole('listitem').filter({ hasText: bareJid });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** What the app's test hook (web/src/debug.ts) reports. */
export function debug(page: Page) {
  return {
    ringing: () => page.evaluate(() => window.__jb?.ringing() ?? false),
    connection: () => page.evaluate(() => window.__jb?.connection()),
    banners: () => page.evaluate(() => window.__jb?.banners()),
    callState: () => page.evaluate(() => window.__jb?.callState()),
    stats: () => page.evaluate(() => window.__jb?.stats()),
    lastEnd: () => page.evaluate(() => window.__jb?.lastEnd()),
  };
}

/** Mean and standard deviation of the luma of the remote video's current frame (0..255). */
export function remoteVideoSpread(page: Page): Promise<{ mean: number; sd: number; width: number }> {
  return page.getByLabel('Remote video').evaluate((v) => {
    const video = v as HTMLVideoElement;
    const w = video.videoWidth;
    const hh = video.videoHeight;
    if (w === 0 || hh === 0) return { mean: 0, sd: 0, width: 0 };
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = hh;
    const ctx = canvas.getContext('2d');
    if (!ctx) return { mean: 0, sd: 0, width: 0 };
    ctx.drawImage(video, 0, 0);
    const d = ctx.getImageData(0, 0, w, hh).data;
    let sum = 0;
    let sq = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      const y = 0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0);
      sum += y;
      sq += y * y;
    }
    const mean = sum / n;
    return { mean, sd: Math.sqrt(Math.max(0, sq / n - mean * mean)), width: w };
  });
}
