// Debian's Chromium driven by playwright-core, set up for loopback-only WebRTC
// (docs/reference/test-environment.md §2; docs/testing.md). Shared by every browser e2e test: keep it small.
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Exactly the flags of docs/reference/test-environment.md §2. `--host-resolver-rules` is one element (Playwright
 * passes each element as one argv entry); no own `--disable-features` (it would replace
 * Playwright's list) and no `--user-data-dir` (launch() throws; it already uses a fresh profile).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchOptions {
  /** Absolute path of a .y4m file the fake camera plays instead of its test pattern. */
  fakeVideoFile?: string;
  /** Absolute path of a .wav file the fake microphone plays instead of its beep. */
  fakeAudioFile?: string;
}

/** Launches headless Chromium; the caller closes it (in `afterAll`, which runs even when tests fail). */
export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  const args = [...CHROMIUM_ARGS];
  if (opts.fakeVideoFile !== undefined) args.push(`--use-file-for-fake-video-capture=${opts.fakeVideoFile}`);
  if (opts.fakeAudioFile !== undefined) args.push(`--use-file-for-fake-audio-capture=${opts.fakeAudioFile}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

/**
 * The origin of media pages. `about:blank` is not a secure context in Chromium 156, so
 * `navigator.mediaDevices` is undefined there; `http://127.0.0.1` is "potentially trustworthy"
 * (W3C Secure Contexts §3.2). Playwright answers the request itself, so nothing listens on a port.
 */
export const MEDIA_ORIGIN = 'http://127.0.0.1:8790';

const BLANK_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>jingle-bridge e2e</title></head><body></body></html>';

/**
 * A blank page in its own browser context with camera and microphone granted, at `MEDIA_ORIGIN`,
 * so `getUserMedia` and loopback ICE gathering work (docs/reference/test-environment.md §2).
 */
export async function newMediaPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  // tsx compiles with esbuild's keepNames, which wraps named inner functions in `__name(fn, 'fn')`;
  // functions sent with page.evaluate keep those calls, so the page needs the helper too.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.route(`${MEDIA_ORIGIN}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: BLANK_PAGE }),
  );
  const page = await context.newPage();
  await page.goto(`${MEDIA_ORIGIN}/`);
  return page;
}
