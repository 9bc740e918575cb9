// Call waiting in the web app (issue #13): bob is in a call with alice when carol calls. His app
// rings with "End and accept" / "Decline" and alice's call goes on untouched until he chooses;
// "Decline" answers carol busy, "End and accept" ends alice's call and connects carol's with media.
// Three Chromium processes, a real Prosody.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWebRTC } from '../support/netns.js';
import { contact, debug, screenshot } from '../support/web-app.js';
import { online, startWebUsers } from '../support/web-users.js';
import type { WebUsers } from '../support/web-users.js';

describeWebRTC('web app: call waiting', () => {
  let web: WebUsers;
  let alice: Page;
  let bob: Page;
  let carol: Page;
  const jid = (u: string) => web.jid(u);

  beforeAll(async () => {
    web = await startWebUsers(
      ['alice', 'bob', 'carol'],
      [
        ['alice', 'bob'],
        ['carol', 'bob'],
      ],
    );
    [alice, bob, carol] = await Promise.all([web.user('alice'), web.user('bob'), web.user('carol')]);
  }, 120_000);

  afterAll(() => web?.close());

  const call = (from: Page, to: string) =>
    contact(from, jid(to)).getByRole('button', { name: 'Audio call' }).click();
  async function connectedWithMedia(page: Page): Promise<void> {
    await expect.poll(() => debug(page).callState(), { timeout: 20_000 }).toBe('connected');
    const first = (await debug(page).stats())?.bytesReceived ?? 0;
    await expect
      .poll(async () => (await debug(page).stats())?.bytesReceived ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(first);
  }
  async function endedReason(page: Page): Promise<string> {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 15_000 });
    return ((await dialog.getByRole('status').textContent()) ?? '').replace(/ · \d\d:\d\d$/, '');
  }
  async function aliceAndBobInACall(): Promise<void> {
    for (const page of [alice, carol]) await online(page, jid('bob'));
    await call(alice, 'bob');
    await bob.getByRole('button', { name: 'Accept' }).click();
    await Promise.all([connectedWithMedia(alice), connectedWithMedia(bob)]);
  }

  it('"Decline" gives the second caller busy; the first call goes on', async () => {
    await aliceAndBobInACall();
    await call(carol, 'bob');
    const waiting = bob.getByRole('alertdialog');
    await waiting.getByRole('button', { name: 'End and accept' }).waitFor();
    // Nothing reached alice: her call is still connected and media still flows.
    expect(await debug(alice).callState()).toBe('connected');
    expect(await debug(bob).ringing()).toBe(false); // no ringtone over a running call
    await screenshot(bob, '26-call-waiting');
    await waiting.getByRole('button', { name: 'Decline' }).click();
    expect(await endedReason(carol)).toBe('Busy: already in another call');
    expect(await debug(carol).lastEnd()).toMatchObject({ reason: { condition: 'busy' } });
    await connectedWithMedia(alice);
    await carol.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await alice.getByRole('button', { name: 'Hang up' }).click();
    await Promise.all([endedReason(alice), endedReason(bob)]);
    for (const page of [alice, bob])
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  }, 90_000);

  it('"End and accept" ends the first call and connects the second with media', async () => {
    await aliceAndBobInACall();
    await call(carol, 'bob');
    await bob.getByRole('alertdialog').getByRole('button', { name: 'End and accept' }).click();
    await Promise.all([connectedWithMedia(carol), connectedWithMedia(bob)]);
    expect(await endedReason(alice)).toBe('bob hung up');
    await carol.getByRole('button', { name: 'Hang up' }).click();
  }, 90_000);
});
