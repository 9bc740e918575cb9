// Devices and screen sharing in the web app (issue #13): two Chromium processes, a real Prosody.
// alice's Chromium has two fake cameras (`device-count=2`: fake_device_0, fake_device_1) and picks
// the Entire screen for getDisplayMedia by itself; Chromium's fake screen is 1280x720, its fake
// cameras 640x480, so the decoded picture size tells what the other side sends. bob, in a browser
// with one fake camera, shares his screen: in alice's two-camera browser, a fake camera opened
// after the other one was stopped delivers no frames (measured between two bare
// RTCPeerConnections in one page: frames decoded stay at 39 after fake_device_0 -> fake_device_1),
// a quirk of the fake capture that a real camera does not have.
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { describeWebRTC } from '../support/netns.js';
import { PHONE, DESKTOP, contact, debug, openApp, screenshot, signIn } from '../support/web-app.js';
import { startWebUsers } from '../support/web-users.js';
import type { WebUsers } from '../support/web-users.js';

describeWebRTC('web app: devices and screen sharing', () => {
  let web: WebUsers;
  const browsers: Browser[] = [];
  let alice: Page;
  let bob: Page;
  const jid = (u: string) => web.jid(u);

  beforeAll(async () => {
    web = await startWebUsers(['alice', 'bob'], [['alice', 'bob']]);
    const twoCameras = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        ...CHROMIUM_ARGS.filter((a) => a !== '--use-fake-device-for-media-stream'),
        '--use-fake-device-for-media-stream=device-count=2',
        '--auto-select-desktop-capture-source=Entire screen',
      ],
    });
    const oneCamera = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, '--auto-select-desktop-capture-source=Entire screen'],
    });
    browsers.push(twoCameras, oneCamera);
    alice = await openApp(twoCameras, web.app.url);
    bob = await openApp(browsers[1]!, web.app.url);
    await Promise.all([signIn(alice, jid('alice'), 'pw'), signIn(bob, jid('bob'), 'pw')]);
  }, 120_000);

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await web?.close();
  });

  /** Width of the picture bob decodes from alice (0 before the first frame). */
  const bobSees = () => bob.getByLabel('Remote video').evaluate((v) => (v as HTMLVideoElement).videoWidth);
  const aliceSees = () =>
    alice.getByLabel('Remote video').evaluate((v) => (v as HTMLVideoElement).videoWidth);
  /** The label of the camera track alice sends (her preview shows her local stream). */
  const aliceSends = () =>
    alice
      .getByLabel('Your camera')
      .evaluate((v) => ((v as HTMLVideoElement).srcObject as MediaStream | null)?.getVideoTracks()[0]?.label);
  async function framesGrow(page: Page): Promise<void> {
    const first = (await debug(page).stats())?.framesDecoded ?? 0;
    await expect
      .poll(async () => (await debug(page).stats())?.framesDecoded ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(first);
  }

  it('Settings: both cameras listed, the pre-call check shows the camera and a moving microphone level', async () => {
    const settings = alice.getByRole('region', { name: 'Settings' });
    await settings.getByRole('button', { name: 'Test camera and microphone' }).click();
    const preview = settings.getByLabel('Camera preview');
    await expect
      .poll(() => preview.evaluate((v) => (v as HTMLVideoElement).videoWidth), { timeout: 10_000 })
      .toBe(640);
    // The fake microphone beeps: the level meter moves off zero.
    await expect
      .poll(
        () =>
          settings
            .getByRole('meter', { name: 'Microphone level' })
            .evaluate((m) => (m as HTMLMeterElement).value),
        {
          timeout: 10_000,
        },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(() => settings.getByLabel('Camera').locator('option').allTextContents())
      .toEqual(['Default', 'fake_device_0', 'fake_device_1']);
    await settings.scrollIntoViewIfNeeded();
    await screenshot(alice, '22-devices');
    await alice.setViewportSize(PHONE);
    await settings.getByRole('button', { name: 'Stop test' }).scrollIntoViewIfNeeded();
    await screenshot(alice, '23-devices-phone');
    await alice.setViewportSize(DESKTOP);
    await settings.getByRole('button', { name: 'Stop test' }).click();
    await preview.waitFor({ state: 'hidden' });
  }, 60_000);

  it('in a call, choosing the second camera switches the track alice sends, without renegotiation, and is remembered', async () => {
    await expect
      .poll(() => contact(alice, jid('bob')).getAttribute('data-online'), { timeout: 15_000 })
      .toBe('true');
    await contact(alice, jid('bob')).getByRole('button', { name: 'Video call' }).click();
    await bob.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => debug(alice).callState(), { timeout: 20_000 }).toBe('connected');
    await expect.poll(bobSees, { timeout: 15_000 }).toBe(640);
    expect(await aliceSends()).toBe('fake_device_0');
    await framesGrow(bob);

    await alice.getByRole('button', { name: 'Devices' }).click();
    const camera = alice
      .getByRole('region', { name: 'Call with bob' })
      .getByRole('combobox', { name: 'Camera' });
    await expect.poll(() => camera.locator('option').count()).toBe(3);
    await camera.selectOption({ label: 'fake_device_1' });
    await expect.poll(aliceSends, { timeout: 10_000 }).toBe('fake_device_1');
    // No renegotiation: the call stays connected with the same session. (bob's decoder is not
    // checked here: Chromium's fake_device_1, opened after fake_device_0 was stopped, delivers no
    // frames, also between two bare RTCPeerConnections in one page; the picture change at the peer
    // is checked with screen sharing below.)
    expect(await debug(alice).callState()).toBe('connected');
    // Remembered for the next call, device ID only.
    const saved = await alice.evaluate(
      () => JSON.parse(localStorage.getItem('jb.devices') ?? '{}') as unknown,
    );
    expect(Object.keys(saved as object)).toEqual(['videoinput']);
    await alice.getByRole('button', { name: 'Devices' }).click();
    // On a phone-sized screen the self-view stays.
    await alice.setViewportSize(PHONE);
    expect(await alice.getByLabel('Your camera').isVisible()).toBe(true);
    await screenshot(alice, '27-in-call-phone-self-view');
    await alice.setViewportSize(DESKTOP);
  }, 60_000);
  it('then screen sharing: alice receives the screen bob shares, "Stop sharing" brings his camera back', async () => {
    await bob.getByRole('button', { name: 'Share screen' }).click();
    await bob.getByRole('status').filter({ hasText: 'You are sharing your screen' }).waitFor();
    await expect.poll(aliceSees, { timeout: 15_000 }).toBe(1280);
    await framesGrow(alice);
    await screenshot(bob, '24-sharing-sender');
    await screenshot(alice, '25-sharing-receiver');
    await bob.getByRole('button', { name: 'Stop sharing' }).click();
    await expect.poll(aliceSees, { timeout: 15_000 }).toBe(640);
    expect(await bob.getByText('You are sharing your screen').isVisible()).toBe(false);
    await framesGrow(alice);
    await alice.getByRole('button', { name: 'Hang up' }).click();
  }, 60_000);
});
