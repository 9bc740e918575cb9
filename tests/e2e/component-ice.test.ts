// The guest page in Chromium builds its RTCPeerConnection with the STUN/TURN servers of its `ready`
// message, and Chromium really allocates a relay on coturn with the minted credentials (a `typ relay`
// candidate reaches the component). Only inside a loopback-only namespace (tests/support/netns.ts).
import { componentConfig, QUIET as quiet } from '../support/component.js';
import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBridgeComponent, type BridgeComponent } from '../../src/component/bridge.js';
import type { GuestCandidate } from '../../src/component/guest/protocol.js';
import { signLink } from '../../src/component/token.js';
import { launchChromium } from '../support/chromium.js';
import { describeWebRTC } from '../support/netns.js';
import { startProsody, type ProsodyHandle } from '../support/prosody.js';

describeWebRTC('a call-link guest page uses the TURN server from ready', () => {
  let prosody: ProsodyHandle;
  let bridge: BridgeComponent;
  let browser: Browser;
  let guest: Page;
  const candidates: GuestCandidate[] = [];

  beforeAll(async () => {
    prosody = await startProsody({ turn: true });
    const turn = prosody.turn;
    if (turn === undefined) throw new Error('the harness started no coturn');
    bridge = createBridgeComponent(
      componentConfig(prosody, { ice: { servers: [], turn: { ...turn, ttlSeconds: 3600 } } }),
      quiet,
    );
    // Stands in for the call layer: the call stays "calling" while the guest trickles candidates.
    bridge.guests.on('offer', () => undefined);
    bridge.guests.on('candidate', (_s, c) => candidates.push(c));
    await bridge.start();
    browser = await launchChromium();
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    // The page's peer connection lives in a closure; keep a reference to every one it builds.
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      const made: RTCPeerConnection[] = [];
      (window as unknown as { jbPeers: RTCPeerConnection[] }).jbPeers = made;
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          made.push(this);
        }
      };
    });
    guest = await context.newPage();
    const token = signLink(
      { owner: `alice@${prosody.domain}`, expiresAt: Date.now() + 3_600_000, use: 'single', id: 'ice' },
      bridge.linkKey,
    );
    await guest.goto(`http://127.0.0.1:${bridge.httpAddress().port}/call/${token}`);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await bridge?.stop();
    await prosody?.stop();
  });

  it('getConfiguration().iceServers are the minted entries, and a relay candidate is gathered', async () => {
    await guest.fill('#name', 'Ada');
    await guest.click('#call');
    await guest.waitForFunction(
      () => (window as unknown as { jbPeers: RTCPeerConnection[] }).jbPeers.length === 1,
    );
    const servers = await guest.evaluate(
      () => (window as unknown as { jbPeers: RTCPeerConnection[] }).jbPeers[0]?.getConfiguration().iceServers,
    );
    const turn = prosody.turn as { host: string; port: number; secret: string };
    const hp = `${turn.host}:${turn.port}`;
    const username = String(servers?.[1]?.username);
    const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
    expect(servers).toEqual([
      // Chromium reports STUN entries with empty credentials.
      { urls: [`stun:${hp}`], username: '', credential: '' },
      { urls: [`turn:${hp}?transport=udp`], username, credential },
      { urls: [`turn:${hp}?transport=tcp`], username, credential },
    ]);
    expect(username).toMatch(/^\d{10}:guest-[0-9a-f]{16}$/);

    for (let i = 0; i < 100 && !candidates.some((c) => / typ relay /.test(c.candidate)); i++)
      await new Promise((r) => setTimeout(r, 100));
    const relay = candidates.find((c) => / typ relay /.test(c.candidate));
    expect(relay?.candidate).toMatch(
      new RegExp(` udp \\d+ ${turn.host.replace(/\./g, '\\.')} \\d+ typ relay raddr `),
    );
  });
});
