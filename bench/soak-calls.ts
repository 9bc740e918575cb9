// The calls bench/soak.ts repeats, driven through the web app's accessible names (docs/web-app.md)
// and the guest page's: an echo@ video call from alice's app, and a guest call through alice's call
// link that alice answers. Each resolves once the call is over on every screen, the notice closed.
import type { Page } from 'playwright-core';

export const SOAK_TIMEOUT_MS = 30_000;

/** How long media flows in each call before the hang-up (the calls held 1.5 s). */
export const HOLD_MS = 1500;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + SOAK_TIMEOUT_MS;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`soak: no ${what} within ${SOAK_TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }
}

/** Decoded frames of the app's current call (window.__jb, web/src/debug.ts). */
const framesDecoded = (page: Page): Promise<number> =>
  page.evaluate(async () => (await window.__jb?.stats())?.framesDecoded ?? 0);

async function closeEndedNotice(alice: Page): Promise<void> {
  const dialog = alice.getByRole('dialog');
  await dialog.waitFor({ timeout: SOAK_TIMEOUT_MS });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached', timeout: SOAK_TIMEOUT_MS });
}

/** Alice video-calls echo@ from her contact list, sees her frames come back, hangs up. */
export async function echoCall(alice: Page, echoJid: string): Promise<void> {
  await alice
    .getByRole('listitem')
    .filter({ hasText: echoJid })
    .getByRole('button', { name: 'Video call' })
    .click();
  await until('echoed frames', async () => ((await framesDecoded(alice)) > 0 ? true : undefined));
  await sleep(HOLD_MS);
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await closeEndedNotice(alice);
}

/** A guest opens alice's link, calls; alice accepts; the guest hangs up after media flowed. */
export async function guestCall(alice: Page, guest: Page, linkUrl: string): Promise<void> {
  await guest.goto(linkUrl);
  await guest.getByLabel('Your name').fill('Soak guest');
  await guest.getByRole('button', { name: 'Call' }).click();
  await alice.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await until('guest call connected', async () => {
    const status = await guest.getByRole('status').textContent();
    return status === 'In call' && (await framesDecoded(alice)) > 0 ? true : undefined;
  });
  await sleep(HOLD_MS);
  await guest.getByRole('button', { name: 'Hang up' }).click();
  await closeEndedNotice(alice);
  // An empty page, so the guest's own peer connection is gone before the component is measured.
  await guest.goto('about:blank');
}

/** Signs alice up for echo@'s presence (Add contact) and waits until its call buttons are enabled. */
export async function addEcho(alice: Page, echoJid: string): Promise<void> {
  await alice.getByLabel('Contact address').fill(echoJid);
  await alice.getByRole('button', { name: 'Add contact' }).click();
  await until('echo@ online', async () =>
    (await alice.getByRole('listitem').filter({ hasText: echoJid }).getAttribute('data-online')) === 'true'
      ? true
      : undefined,
  );
}

/** A reusable call link of alice's, with its origin replaced by the component's real HTTP address. */
export async function createLink(alice: Page, httpPort: number): Promise<string> {
  await alice.getByLabel('Use').selectOption('multiple');
  await alice.getByRole('button', { name: 'Create call link' }).click();
  const field = alice.getByLabel('Call link', { exact: true });
  await field.waitFor({ timeout: SOAK_TIMEOUT_MS });
  const url = new URL(await field.inputValue());
  return `http://127.0.0.1:${httpPort}${url.pathname}`;
}
