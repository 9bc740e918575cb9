// Calls through the web app: two (or three) real Chromium processes, one per user, a real Prosody,
// driven only through accessible names (docs/web-app.md). Scenarios of issue #5.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWebRTC } from '../support/netns.js';
import { DESKTOP, PHONE, contact, debug, remoteVideoSpread, screenshot } from '../support/web-app.js';
import { endedNotice, online as onlineTo, startWebUsers } from '../support/web-users.js';
import type { WebUsers } from '../support/web-users.js';

describeWebRTC('web app calls', () => {
  let web: WebUsers;
  let alice: Page;
  let bob: Page;
  let carol: Page;
  const jid = (u: string) => web.jid(u);
  const user = (name: string) => web.user(name);
  const online = (page: Page, who: string) => onlineTo(page, jid(who));
  const call = (from: Page, to: string, video: boolean) =>
    contact(from, jid(to))
      .getByRole('button', { name: video ? 'Video call' : 'Audio call' })
      .click();
  const ringingDialog = (page: Page) => page.getByRole('alertdialog');
  async function closeNotice(page: Page): Promise<void> {
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  }
  /** framesDecoded and bytesReceived both grow over half a second. */
  async function mediaFlows(page: Page, video: boolean): Promise<void> {
    const first = await debug(page).stats();
    await new Promise((r) => setTimeout(r, 600));
    const second = await debug(page).stats();
    expect(second!.bytesReceived).toBeGreaterThan(first!.bytesReceived);
    if (video) expect(second!.framesDecoded).toBeGreaterThan(first!.framesDecoded);
  }
  async function connected(page: Page): Promise<void> {
    await expect.poll(() => debug(page).callState(), { timeout: 20_000 }).toBe('connected');
    await expect
      .poll(async () => (await debug(page).stats())?.bytesReceived ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
  }

  beforeAll(async () => {
    web = await startWebUsers(
      ['alice', 'bob', 'carol'],
      [
        ['alice', 'bob'],
        ['carol', 'bob'],
      ],
    );
    [alice, bob] = await Promise.all([user('alice'), user('bob')]);
  });

  // A failed scenario must not leave a call or a notice behind for the next one.
  afterEach(async () => {
    for (const page of [alice, bob, carol]) {
      if (page === undefined || page.isClosed()) continue;
      const hangup = page.getByRole('button', { name: 'Hang up' });
      if (await hangup.isVisible()) await hangup.click();
      const decline = page.getByRole('button', { name: 'Decline' });
      if (await decline.isVisible()) await decline.click();
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const page of [alice, bob, carol]) {
      if (page === undefined || page.isClosed()) continue;
      const close = page.getByRole('dialog').getByRole('button', { name: 'Close' });
      while (await close.isVisible()) await close.click();
    }
  });

  afterAll(() => web?.close());

  it('1. video call: rings, media both ways, chat both ways, mute shown, hang-up reason on both sides', async () => {
    await online(alice, 'bob');
    await online(bob, 'alice');
    await call(alice, 'bob', true);
    await ringingDialog(bob).waitFor({ timeout: 15_000 });
    expect(await ringingDialog(bob).locator('#incoming-caller').textContent()).toBe('alice');
    expect(await debug(bob).ringing()).toBe(true);
    // Focus moves into the dialog, onto Accept (web/src/screens/incoming.ts).
    expect(await bob.evaluate(() => document.activeElement?.textContent)).toBe('Accept');
    await screenshot(bob, '06-incoming-call');
    await bob.getByRole('button', { name: 'Accept' }).click();
    expect(await debug(bob).ringing()).toBe(false);
    await Promise.all([connected(alice), connected(bob)]);
    await Promise.all([mediaFlows(alice, true), mediaFlows(bob, true)]);
    for (const page of [alice, bob]) {
      await expect
        .poll(async () => (await remoteVideoSpread(page)).sd, { timeout: 10_000 })
        .toBeGreaterThan(5);
    }

    await alice.getByLabel('Message').fill('hello bob <b>');
    await alice.getByLabel('Message').press('Enter');
    await bob.getByLabel('Message').fill('hi alice');
    await bob.getByRole('button', { name: 'Send' }).click();
    const log = (page: Page) => page.getByRole('log').innerText();
    await expect.poll(() => log(bob), { timeout: 10_000 }).toBe('alice:\nhello bob <b>\nYou:\nhi alice');
    await expect.poll(() => log(alice), { timeout: 10_000 }).toBe('You:\nhello bob <b>\nbob:\nhi alice');

    await bob.getByRole('button', { name: 'Mute' }).click();
    expect(await bob.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => alice.locator('.remote-muted').textContent(), { timeout: 10_000 })
      .toBe('bob is muted');
    await screenshot(alice, '07-in-call');

    await alice.getByRole('button', { name: 'Hang up' }).click();
    expect(await endedNotice(alice)).toEqual({ title: 'Call ended', reason: 'You hung up' });
    expect(await endedNotice(bob)).toEqual({ title: 'Call ended', reason: 'alice hung up' });
    await screenshot(bob, '08-call-ended');
    await Promise.all([closeNotice(alice), closeNotice(bob)]);
    expect(
      await alice.getByRole('list', { name: 'Recent calls' }).getByRole('listitem').first().innerText(),
    ).toMatch(/^B\nbob\n Outgoing video call · Answered · \d\d:\d\d\n\d\d:\d\d/);
  });

  it('2. bob declines', async () => {
    await call(alice, 'bob', false);
    await bob.getByRole('button', { name: 'Decline' }).click();
    expect(await endedNotice(alice)).toEqual({ title: 'Call ended', reason: 'Call declined' });
    expect(await debug(bob).ringing()).toBe(false);
    await closeNotice(alice);
  });

  it('3. alice cancels before bob answers: bob stops ringing and sees a missed call', async () => {
    await call(alice, 'bob', true);
    await ringingDialog(bob).waitFor({ timeout: 15_000 });
    await alice.getByRole('button', { name: 'Hang up' }).click();
    expect(await endedNotice(bob)).toEqual({ title: 'Missed call', reason: 'alice cancelled the call' });
    expect(await debug(bob).ringing()).toBe(false);
    expect(await ringingDialog(bob).count()).toBe(0);
    await screenshot(bob, '09-missed-call');
    await Promise.all([closeNotice(alice), closeNotice(bob)]);
    await screenshot(bob, '10-history');
  });

  it('4. bob on two devices: both ring, one answers, the other stops within 2 s', async () => {
    const bob2 = await user('bob');
    await call(alice, 'bob', false);
    await Promise.all([
      ringingDialog(bob).waitFor({ timeout: 15_000 }),
      ringingDialog(bob2).waitFor({ timeout: 15_000 }),
    ]);
    await bob2.getByRole('button', { name: 'Accept' }).click();
    const t0 = Date.now();
    expect(await endedNotice(bob)).toEqual({ title: 'Call ended', reason: 'Answered on another device' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await debug(bob).ringing()).toBe(false);
    await connected(bob2);
    await bob2.getByRole('button', { name: 'Hang up' }).click();
    await endedNotice(alice);
    await Promise.all([closeNotice(alice), closeNotice(bob), closeNotice(bob2)]);
    await bob2.getByRole('button', { name: 'Sign out' }).click();
  });

  it('5. a call to bob while he is in a call gets busy when he declines it (call waiting)', async () => {
    carol = await user('carol');
    await online(carol, 'bob');
    await call(alice, 'bob', false);
    await bob.getByRole('button', { name: 'Accept' }).click();
    await connected(alice);
    await call(carol, 'bob', false);
    await bob.getByRole('alertdialog').getByRole('button', { name: 'Decline' }).click();
    expect(await endedNotice(carol)).toEqual({
      title: 'Call ended',
      reason: 'Busy: already in another call',
    });
    await closeNotice(carol);
    await alice.getByRole('button', { name: 'Hang up' }).click();
    await Promise.all([endedNotice(alice), endedNotice(bob)]);
    await Promise.all([closeNotice(alice), closeNotice(bob)]);
  });

  it('6. an audio call upgraded to video', async () => {
    await call(alice, 'bob', false);
    await bob.getByRole('button', { name: 'Accept' }).click();
    await Promise.all([connected(alice), connected(bob)]);
    expect(await bob.getByLabel('Remote video').isHidden()).toBe(true);
    await alice.getByRole('button', { name: 'Add video' }).click();
    await expect.poll(() => bob.getByLabel('Remote video').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect
      .poll(async () => (await debug(bob).stats())?.framesDecoded ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await mediaFlows(bob, true);
    await expect.poll(async () => (await remoteVideoSpread(bob)).sd, { timeout: 10_000 }).toBeGreaterThan(5);
    await bob.setViewportSize(PHONE);
    await screenshot(bob, '11-in-call-phone');
    await bob.setViewportSize(DESKTOP);
    await bob.getByRole('button', { name: 'Hang up' }).click();
    await Promise.all([endedNotice(alice), endedNotice(bob)]);
    await Promise.all([closeNotice(alice), closeNotice(bob)]);
  });

  it('8. Prosody restarts during a call: media keeps flowing, apps reconnect, hang-up still arrives', async () => {
    await call(alice, 'bob', true);
    await bob.getByRole('button', { name: 'Accept' }).click();
    await Promise.all([connected(alice), connected(bob)]);
    await web.prosody.restart();
    await Promise.all([mediaFlows(alice, true), mediaFlows(bob, true)]);
    for (const page of [alice, bob]) {
      await expect.poll(() => debug(page).connection(), { timeout: 30_000 }).toBe('online');
      expect(await debug(page).banners()).toEqual(['Connection lost. Reconnecting…', '']);
    }
    await Promise.all([mediaFlows(alice, true), mediaFlows(bob, true)]);
    await alice.getByRole('button', { name: 'Hang up' }).click();
    const notice = await endedNotice(bob);
    expect({ notice, end: await debug(bob).lastEnd() }).toEqual({
      notice: { title: 'Call ended', reason: 'alice hung up' },
      end: { by: 'peer', reason: { condition: 'success', text: expect.any(String) } },
    });
  });
});
