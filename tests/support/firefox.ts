// Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi, set up for loopback-only WebRTC
// with fake media (docs/testing.md, Firefox ESR). Playwright's Firefox is a patched build that cannot
// be downloaded here; stock Firefox only runs through puppeteer-core.
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { PC_TAP_SCRIPT } from './peer-connections.js';

export const FIREFOX_PATH = '/usr/lib/firefox-esr/firefox-esr';
export const FIREFOX_SKIP_REASON = `Firefox ESR is not installed (${FIREFOX_PATH} missing): apt-get install firefox-esr`;
export const hasFirefox = (): boolean => existsSync(FIREFOX_PATH);

/**
 * In a namespace with only `lo`, Firefox gathers ICE candidates only with all of the first seven:
 * loopback allowed, host addresses not hidden behind mDNS names, every address rather than the one
 * "default address" (found by routing to the Internet, which fails here), and a standing camera and
 * microphone permission (without one Firefox gathers only that default address). The fake devices
 * replace camera and microphone; the rest keep the page playing without a gesture and Firefox off
 * the network.
 */
export const FIREFOX_PREFS: Readonly<Record<string, unknown>> = {
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.default_address_only': false,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/** Launches headless Firefox ESR; the caller closes it (in `afterAll`). */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: { ...FIREFOX_PREFS },
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  });
}

/**
 * A new page at `url` (an `http://127.0.0.1` origin: on about:blank Firefox has no
 * `navigator.mediaDevices`) whose peer connections are recorded (tests/support/peer-connections.ts).
 */
export async function openFirefoxPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(PC_TAP_SCRIPT);
  await page.goto(url);
  return page;
}

/**
 * The button named `name` inside `root` (an element or the open dialog). Firefox's driver computes an
 * accessibility node per candidate element, and on a page whose background is `inert` behind a modal
 * each lookup from the document root takes seconds: look up inside the dialog.
 */
export async function buttonIn(
  root: Page | ElementHandle,
  name: string,
  timeout = 15_000,
): Promise<ElementHandle> {
  const handle = await root.waitForSelector(`::-p-aria([name="${name}"][role="button"])`, { timeout });
  if (handle === null) throw new Error(`no button "${name}"`);
  return handle as ElementHandle;
}
