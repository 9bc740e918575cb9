// Fault test (issue #11, defect 5): the component process is SIGKILLed in the middle of a guest
// call. The media is browser to browser, so it goes on at both ends; the component is started
// again by the supervisor `npm start` uses (src/stack/supervisor.ts) with the same link key, and
// both a new link and a link made before the kill place calls that connect. Real Prosody, the built
// component process (dist/component/main.js), Chromium for alice (client library) and the guests
// (the component's guest page); only inside a loopback-only namespace (tests/support/netns.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signLink } from '../../src/component/token.js';
import { startComponentProcess } from '../../src/stack/component-process.js';
import { freePort } from '../../src/stack/index.js';
import { supervise, type Supervisor } from '../../src/stack/supervisor.js';
import { launchChromium } from '../support/chromium.js';
import {
  bundleClient,
  callLogOf,
  callStateOf,
  inPage,
  loginInPage,
  mediaCountersOf,
  openClientPage,
  pageErrors,
  serveClient,
  waitFor,
} from '../support/client-page.js';
import { describeWebRTC } from '../support/netns.js';
import { tcpRelay } from '../support/tcp-relay.js';
import { startProsody, type ProsodyHandle } from '../support/prosody.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const KEY = 'fault-test-link-key-of-at-least-32-chars';

describeWebRTC('the component is SIGKILLed during a guest call', () => {
  let prosody: ProsodyHandle;
  let component: Supervisor;
  let site: { url: string; close(): Promise<void> };
  let browser: Browser;
  let guests: BrowserContext;
  let alice: Page;
  let guestBase: string;
  let logDir: string;
  const said: string[] = [];

  beforeAll(async () => {
    // dist/component/main.js as npm start runs it: build it if sources are newer (scripts/start.mjs).
    expect(spawnSync(process.execPath, [`${ROOT}scripts/start.mjs`, '--help']).status).toBe(0);
    const [p, js, port] = await Promise.all([
      startProsody({ users: [['alice', 'pw']] }),
      bundleClient(),
      freePort('127.0.0.1'),
    ]);
    prosody = p;
    guestBase = `http://127.0.0.1:${port}`;
    logDir = mkdtempSync(`${tmpdir()}/jb-fault-`);
    const settings = {
      host: '127.0.0.1',
      domain: p.domain,
      componentDomain: p.componentDomain,
      componentSecret: p.componentSecret,
      c2sPort: p.c2sPort,
      httpPort: p.httpPort,
      componentPort: p.componentPort,
      dir: p.dir,
    };
    const extras = { linkKey: KEY, http: `127.0.0.1:${port}` };
    const start = () => startComponentProcess(settings, `${logDir}/component.log`, extras);
    const first = await start();
    if (!first.service || !first.connected) throw new Error(`component not up: ${first.note}`);
    component = supervise(first.service, {
      name: 'component',
      report: (l) => said.push(l),
      restart: async () => {
        const again = await start();
        if (!again.service) throw new Error(again.note);
        return { service: again.service, note: again.connected ? 'connected' : 'not connected' };
      },
    });
    site = await serveClient(js);
    browser = await launchChromium();
    alice = await openClientPage(browser, site.url);
    await loginInPage(alice, {
      calls: { acceptCallsFrom: 'anyone' },
      service: prosody.wsUrl,
      jid: `alice@${prosody.domain}/web`,
      password: 'pw',
    });
    guests = await browser.newContext({ permissions: ['camera', 'microphone'] });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await site?.close();
    await component?.stop();
    await prosody?.stop();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  const link = (id: string) =>
    `${guestBase}/call/${signLink(
      { owner: `alice@${prosody.domain}`, expiresAt: Date.now() + 3_600_000, use: 'multiple', id },
      Buffer.from(KEY),
    )}`;

  /** A guest opens `url` and calls; alice accepts; returns once video frames arrive at both ends. */
  async function connectedGuestCall(url: string, name: string) {
    const guest = await guests.newPage();
    await guest.goto(url);
    await guest.fill('#name', name);
    // The calls alice already has, read before the guest calls: read after, a fast propose could
    // already be among them and never count as new.
    const known = await inPage(alice, ({ calls }) => [...calls.keys()], null);
    await guest.click('#call');
    const id = await waitFor(`incoming call from ${name} at alice`, () =>
      inPage(
        alice,
        ({ calls }, old) =>
          [...calls.values()].find((c) => c.call.state === 'incoming' && !old.includes(c.call.id))?.call.id,
        known,
      ),
    ).catch(async (e: unknown) => {
      throw new Error(
        `${String(e)}; guest: ${await guest.textContent('#status')}; alice: ${JSON.stringify(await pageErrors(alice))}; supervisor: ${said.join(' | ')}; component log: ${readFileSync(`${logDir}/component.log`, 'utf8').slice(-1500)}`,
      );
    });
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.accept(), id);
    await waitFor(
      'alice connected',
      async () => ((await callStateOf(alice, id)) === 'connected' ? true : undefined),
      30_000,
    ).catch(async (e: unknown) => {
      throw new Error(
        `${String(e)}; guest: ${await guest.textContent('#status')}; alice: ${JSON.stringify(await pageErrors(alice))}; component: ${said.join(' | ')}`,
      );
    });
    const frames = async () => ({
      alice: (await mediaCountersOf(alice, id))?.framesDecoded ?? 0,
      guest: await guest.evaluate(
        () =>
          (document.getElementById('remote') as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames,
      ),
    });
    await waitFor('frames at both ends', async () => {
      const f = await frames();
      return f.alice > 0 && f.guest > 0 ? f : undefined;
    });
    return { guest, id, frames };
  }

  /** Frames keep being decoded at both ends: the counts grow over `ms`. */
  async function framesGrow(frames: () => Promise<{ alice: number; guest: number }>, ms: number) {
    const before = await frames();
    await new Promise((r) => setTimeout(r, ms));
    const after = await frames();
    return { alice: after.alice > before.alice, guest: after.guest > before.guest };
  }

  it('the media goes on, the component comes back, and a new link and an old one both call', async () => {
    const oldLink = link('made-before-the-kill');
    const first = await connectedGuestCall(oldLink, 'Ada');

    const pid = component.current().pid;
    const back = component.nextStart();
    process.kill(pid, 'SIGKILL');
    await waitFor('the guest page notices', async () =>
      (await first.guest.textContent('#status'))?.startsWith('Signaling lost') ? true : undefined,
    );
    // For a few seconds after the kill both browsers still decode each other's video.
    expect(await framesGrow(first.frames, 3000)).toEqual({ alice: true, guest: true });
    expect(await callStateOf(alice, first.id)).toBe('connected');

    const restarted = await back;
    expect({ newPid: restarted.pid !== pid, said }).toEqual({
      newPid: true,
      said: ['component exited (signal SIGKILL); restarting in 1 s', 'component back (connected)'],
    });
    // Neither start warned "no JB_COMPONENT_LINK_KEY set: using a random link key…".
    expect(readFileSync(`${logDir}/component.log`, 'utf8')).not.toContain('JB_COMPONENT_LINK_KEY');
    // The page's next resume reaches the new process, which does not know the call: no more tries.
    await waitFor('the page learns the call server restarted', async () =>
      (await first.guest.textContent('#status')) ===
      'Signaling lost: the call server restarted. The call goes on, and your hang-up will reach the other side'
        ? true
        : undefined,
    );
    // Still flowing after the restart. The guest hangs up: the page has no signalling socket, so it
    // opens a new one and hangs up with the call's ticket; the new process terminates the session.
    expect(await framesGrow(first.frames, 1500)).toEqual({ alice: true, guest: true });
    await first.guest.click('#hangup');
    await waitFor('the guest page hung up', async () =>
      (await first.guest.textContent('#status')) === 'You hung up' ? true : undefined,
    );
    await waitFor('alice sees the late hang-up', async () =>
      (await callStateOf(alice, first.id)) === 'ended' ? true : undefined,
    );
    expect((await callLogOf(alice, first.id))?.events).toEqual([
      { ended: { reason: { condition: 'success', text: 'The guest hung up' }, by: 'peer' } },
    ]);

    const fresh = await connectedGuestCall(link('made-after-the-restart'), 'Bea');
    expect(await framesGrow(fresh.frames, 1000)).toEqual({ alice: true, guest: true });
    await fresh.guest.click('#hangup');
    await waitFor('alice sees the hang-up', async () =>
      (await callStateOf(alice, fresh.id)) === 'ended' ? true : undefined,
    );

    const again = await connectedGuestCall(oldLink, 'Cy');
    expect(await framesGrow(again.frames, 1000)).toEqual({ alice: true, guest: true });
    await again.guest.click('#hangup');
    await waitFor('alice sees the second hang-up', async () =>
      (await callStateOf(alice, again.id)) === 'ended' ? true : undefined,
    );
  });

  // The same guest page behind a TCP relay the test can cut: both the page and the component see the
  // socket die without a close frame (1006), as in a network cut. The component keeps the call, the
  // page resumes it on a new socket, and the owner's hang-up then reaches the guest over it.
  it('a guest socket cut mid call: the media goes on and the page resumes the call', async () => {
    const relay = await tcpRelay(Number(new URL(guestBase).port));
    try {
      const url = link('behind-a-relay').replace(guestBase, `http://127.0.0.1:${relay.port}`);
      const call = await connectedGuestCall(url, 'Dee');
      // Every status the page shows from now on, in order.
      await call.guest.evaluate(() => {
        const status = document.getElementById('status') as HTMLElement;
        const seen: string[] = [];
        (globalThis as unknown as { seen: string[] }).seen = seen;
        new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      const seen = () => call.guest.evaluate(() => (globalThis as unknown as { seen: string[] }).seen);
      relay.drop();
      await waitFor('the guest page resumed', async () =>
        (await seen()).at(-1) === 'In call' ? true : undefined,
      ).catch(async (e: unknown) => {
        throw new Error(`${String(e)}; guest: ${JSON.stringify(await seen())}`);
      });
      expect(await seen()).toEqual(['Signaling lost, reconnecting…', 'In call']);
      expect(await framesGrow(call.frames, 1000)).toEqual({ alice: true, guest: true });
      await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), call.id);
      await waitFor('the guest hears the hang-up', async () =>
        (await call.guest.textContent('#status'))?.startsWith('Call ended') ? true : undefined,
      );
    } finally {
      await relay.close();
    }
  });
});
