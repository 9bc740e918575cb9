// Our web app in Firefox ESR (alice, puppeteer-core over WebDriver BiDi) and in Chromium (bob), over a
// real Prosody: Firefox calls Chromium and Chromium calls Firefox, with video decoded and audio RTP
// received on both sides, and the hang-up of either side ending the other. Firefox's SDP differs from
// Chromium's where our translator has to get it right (session-level fingerprint and setup,
// extmap-allow-mixed, {uuid} cnames, VP8 as payload 120: docs/interop.md). Skips when Debian's
// firefox-esr is missing, and outside a loopback-only namespace (docs/testing.md).
import type { Browser as FirefoxBrowser, Page as FirefoxPage } from 'puppeteer-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { waitFor } from '../support/client-page.js';
import {
  FIREFOX_SKIP_REASON,
  buttonIn,
  hasFirefox,
  launchFirefox,
  openFirefoxPage,
} from '../support/firefox.js';
import { describeWebRTC } from '../support/netns.js';
import {
  readDescriptions,
  readInboundRtp,
  sampleVideo,
  tapPeerConnections,
} from '../support/peer-connections.js';
import type { FrameSample, InboundRtp } from '../support/peer-connections.js';
import { contact, openApp, signIn } from '../support/web-app.js';
import { startWebUsers } from '../support/web-users.js';
import type { WebUsers } from '../support/web-users.js';

const suite = hasFirefox() ? describeWebRTC : describe.skip;
if (!hasFirefox()) console.warn(`skipping: ${FIREFOX_SKIP_REASON}`);

/** Either browser's page, as far as these checks need: run a function in it. */
type AnyPage = Pick<Page, 'evaluate'> | Pick<FirefoxPage, 'evaluate'>;
const rtp = (page: AnyPage): Promise<InboundRtp> => (page as Page).evaluate(readInboundRtp);
const remoteFrame = (page: AnyPage): Promise<FrameSample | undefined> =>
  (page as Page).evaluate(sampleVideo, 'Remote video');
/**
 * What sets Firefox's SDP apart from Chromium's, where our translator must carry it over
 * (docs/interop.md): the fingerprint and a direction at session level, extmap-allow-mixed in each
 * media section, cnames written as {uuid}, VP8 as payload type 120 in its offers.
 */
function firefoxSdpFacts(sdp: string) {
  const [session = '', ...media] = sdp.split(/\r\n(?=m=)/);
  return {
    sessionFingerprint: /^a=fingerprint:/m.test(session),
    sessionDirection: /^a=sendrecv\r?$/m.test(session),
    extmapAllowMixedPerMedia: media
      .filter((m) => /^m=(audio|video)/.test(m))
      .every((m) => /^a=extmap-allow-mixed/m.test(m)),
    braceCnames: /^a=ssrc:\d+ cname:\{[0-9a-f-]{36}\}\r?$/m.test(sdp),
    vp8PayloadType: /^a=rtpmap:(\d+) VP8\/90000/m.exec(sdp)?.[1],
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('interop: our web app in Firefox ESR and in Chromium', () => {
  let web: WebUsers;
  let firefox: FirefoxBrowser | undefined;
  let chromium: Browser | undefined;
  let alice: FirefoxPage; // Firefox
  let bob: Page; // Chromium
  const jid = (u: string) => web.jid(u);

  // --- alice's web app in Firefox, by accessible names (docs/web-app.md) ---
  async function firefoxSignIn(page: FirefoxPage, address: string, password: string): Promise<void> {
    const field = async (label: string) => (await page.waitForSelector(`::-p-aria(${label})`))!;
    await (await field('Address')).type(address);
    await (await field('Password')).type(password);
    await (await buttonIn(page, 'Sign in')).click();
    await buttonIn(page, 'Sign out', 20_000);
  }
  const firefoxContact = (who: string) => alice.waitForSelector(`li[data-jid="${jid(who)}"]`);
  /** The ended notice's title and reason (without the duration), once it shows. */
  async function firefoxEndedNotice(): Promise<{ title: string; reason: string }> {
    await alice.waitForSelector('[role="dialog"]', { timeout: 15_000 });
    return alice.evaluate(() => ({
      title: document.querySelector('#ended-title')?.textContent ?? '',
      reason: (document.querySelector('#ended-reason')?.textContent ?? '').replace(/ · \d\d:\d\d$/, ''),
    }));
  }
  async function firefoxCloseNotice(): Promise<void> {
    const dialog = (await alice.waitForSelector('[role="dialog"]'))!;
    await (await buttonIn(dialog, 'Close')).click();
  }

  // --- bob's web app in Chromium ---
  async function chromiumEndedNotice(): Promise<{ title: string; reason: string }> {
    const dialog = bob.getByRole('dialog');
    await dialog.waitFor({ timeout: 15_000 });
    const title = (await dialog.locator('#ended-title').textContent()) ?? '';
    const reason = ((await dialog.getByRole('status').textContent()) ?? '').replace(/ · \d\d:\d\d$/, '');
    return { title, reason };
  }

  /** Polls both sides until each has decoded a video frame; ms after `t0` for each. */
  async function firstFrames(t0: number): Promise<{ firefox: number; chromium: number }> {
    const firstFrame = async (page: AnyPage) => {
      const end = Date.now() + 20_000;
      while (Date.now() < end) {
        if ((await rtp(page)).framesDecoded > 0) return Date.now() - t0;
        await sleep(25);
      }
      throw new Error('no video frame decoded within 20 s');
    };
    const [f, c] = await Promise.all([firstFrame(alice), firstFrame(bob)]);
    return { firefox: f, chromium: c };
  }

  /**
   * Over 600 ms: video frames decoded and audio bytes received grow, and the remote picture changes.
   * Chromium's fake camera is a moving pattern (luma spread well above 0); Firefox's is a near-uniform
   * frame whose colour changes over time, so Chromium checks a colour change instead.
   */
  async function mediaFlows(page: AnyPage, picture: 'pattern' | 'colour'): Promise<void> {
    const first = await rtp(page);
    const f1 = await remoteFrame(page);
    await sleep(600);
    const second = await rtp(page);
    expect({
      connectionState: second.connectionState,
      framesGrow: second.framesDecoded > first.framesDecoded,
      audioGrows: second.audioBytes > first.audioBytes,
    }).toEqual({ connectionState: 'connected', framesGrow: true, audioGrows: true });
    if (picture === 'pattern') {
      await waitFor(
        'a non-uniform remote picture',
        async () => ((await remoteFrame(page))?.sd ?? 0) > 5 || undefined,
        10_000,
      );
    } else {
      await waitFor(
        'the remote colour to change',
        async () => {
          const f2 = await remoteFrame(page);
          if (f1 === undefined || f2 === undefined || f2.width === 0) return undefined;
          const moved = f1.rgb.some((v, i) => Math.abs(v - (f2.rgb[i] ?? v)) > 1);
          return moved || undefined;
        },
        10_000,
      );
    }
  }

  beforeAll(async () => {
    web = await startWebUsers(['alice', 'bob'], [['alice', 'bob']]);
    [firefox, chromium] = await Promise.all([launchFirefox(), launchChromium()]);
    alice = await openFirefoxPage(firefox, web.app.url);
    bob = await openApp(chromium, web.app.url);
    await tapPeerConnections(bob);
    await Promise.all([firefoxSignIn(alice, jid('alice'), 'pw'), signIn(bob, jid('bob'), 'pw')]);
    await waitFor(
      'alice sees bob online',
      async () =>
        (await (await firefoxContact('bob'))!.evaluate((li) => li.getAttribute('data-online'))) === 'true' ||
        undefined,
    );
    await waitFor(
      'bob sees alice online',
      async () => (await contact(bob, jid('alice')).getAttribute('data-online')) === 'true' || undefined,
    );
  });

  afterAll(async () => {
    await Promise.all([firefox?.close(), chromium?.close()]);
    await web?.close();
  });

  it('Firefox calls Chromium: video and audio both ways, Chromium hangs up', async () => {
    await (await buttonIn((await firefoxContact('bob'))!, 'Video call')).click();
    const ringing = bob.getByRole('alertdialog');
    await ringing.waitFor({ timeout: 15_000 });
    expect(await ringing.locator('#incoming-caller').textContent()).toBe('alice');
    const t0 = Date.now();
    await ringing.getByRole('button', { name: 'Accept' }).click();
    const frames = await firstFrames(t0);
    console.log(
      `Firefox -> Chromium: first decoded frame after accept: Firefox ${frames.firefox} ms, Chromium ${frames.chromium} ms`,
    );
    await Promise.all([mediaFlows(alice, 'pattern'), mediaFlows(bob, 'colour')]);
    const offer = (await alice.evaluate(readDescriptions))?.local ?? '';
    console.log(`Firefox's offer:\n${offer}`);
    expect(firefoxSdpFacts(offer)).toEqual({
      sessionFingerprint: true,
      sessionDirection: true,
      extmapAllowMixedPerMedia: true,
      braceCnames: true,
      vp8PayloadType: '120',
    });

    const t1 = Date.now();
    await bob.getByRole('button', { name: 'Hang up' }).click();
    expect(await firefoxEndedNotice()).toEqual({ title: 'Call ended', reason: 'bob hung up' });
    expect(Date.now() - t1).toBeLessThan(2000);
    expect(await chromiumEndedNotice()).toEqual({ title: 'Call ended', reason: 'You hung up' });
    await Promise.all([
      firefoxCloseNotice(),
      bob.getByRole('dialog').getByRole('button', { name: 'Close' }).click(),
    ]);
  });

  it('Chromium calls Firefox: video and audio both ways, Firefox hangs up', async () => {
    await contact(bob, jid('alice')).getByRole('button', { name: 'Video call' }).click();
    const ringing = (await alice.waitForSelector('[role="alertdialog"]', { timeout: 15_000 }))!;
    expect(await ringing.evaluate((d) => d.querySelector('#incoming-caller')?.textContent)).toBe('bob');
    const accept = await buttonIn(ringing, 'Accept');
    const t0 = Date.now();
    await accept.click();
    const frames = await firstFrames(t0);
    console.log(
      `Chromium -> Firefox: first decoded frame after accept: Firefox ${frames.firefox} ms, Chromium ${frames.chromium} ms`,
    );
    await Promise.all([mediaFlows(alice, 'pattern'), mediaFlows(bob, 'colour')]);
    const answer = (await alice.evaluate(readDescriptions))?.local ?? '';
    console.log(`Firefox's answer:\n${answer}`);
    expect(firefoxSdpFacts(answer)).toMatchObject({ sessionFingerprint: true, braceCnames: true });

    const hangUp = await buttonIn(alice, 'Hang up');
    const t1 = Date.now();
    await hangUp.click();
    expect(await chromiumEndedNotice()).toEqual({ title: 'Call ended', reason: 'alice hung up' });
    expect(Date.now() - t1).toBeLessThan(2000);
    expect(await firefoxEndedNotice()).toEqual({ title: 'Call ended', reason: 'You hung up' });
    await Promise.all([
      firefoxCloseNotice(),
      bob.getByRole('dialog').getByRole('button', { name: 'Close' }).click(),
    ]);
  });
});
