// Two real Chromium processes (one per user, so each has its own fake camera) run the bundled client
// against our Prosody: a JMI call with audio+video, chat over the data channel, mute, hang-up; then
// decline and cancel. Only inside a loopback-only namespace (tests/support/netns.ts).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import {
  callLogOf,
  callStateOf,
  iceOf,
  mediaCountersOf,
  inPage,
  loginInPage,
  openClientPage,
  startCallTestbed,
  waitFor,
} from '../support/client-page.js';
import { describeWebRTC } from '../support/netns.js';
import type { ProsodyHandle } from '../support/prosody.js';

describeWebRTC('client calls in Chromium over Prosody', () => {
  let prosody: ProsodyHandle;
  let site: { url: string; close(): Promise<void> };
  const browsers: Browser[] = [];
  let alice: Page;
  let bob: Page;
  let bobJid: string;

  beforeAll(async () => {
    ({ prosody, site } = await startCallTestbed());
    for (let i = 0; i < 2; i++) browsers.push(await launchChromium());
    alice = await openClientPage(browsers[0] as Browser, site.url);
    bob = await openClientPage(browsers[1] as Browser, site.url);
    const service = prosody.wsUrl;
    await loginInPage(alice, { service, jid: `alice@${prosody.domain}/web`, password: 'pw' });
    bobJid = await loginInPage(bob, { service, jid: `bob@${prosody.domain}/web`, password: 'pw' });
    // Bob's caps must be known before Alice can choose JMI.
    await waitFor('bob callable with JMI', () =>
      inPage(
        alice,
        ({ client }, bare) => (client.canCall(bare, { video: true })[0]?.jmi ? true : undefined),
        `bob@${prosody.domain}`,
      ),
    );
  });

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await site?.close();
    await prosody?.stop();
  });

  const place = (page: Page, bare: string, video: boolean) =>
    inPage(
      page,
      ({ client, track }, a) => {
        const call = client.call(a.bare, { audio: true, video: a.video });
        track(call);
        return call.id;
      },
      { bare, video },
    );
  const log = callLogOf;
  const stateOf = callStateOf;
  const stats = mediaCountersOf;
  const incoming = (page: Page) =>
    waitFor('an incoming call', () =>
      inPage(
        page,
        ({ calls }) => [...calls.values()].find((c) => c.call.state === 'incoming')?.call.id,
        null,
      ),
    );

  /** alice calls bob, bob accepts, both report `connected`; the call id. */
  async function connectedCall(video: boolean): Promise<string> {
    const id = await place(alice, `bob@${prosody.domain}`, video);
    expect(await incoming(bob)).toBe(id);
    await inPage(bob, ({ calls }, callId) => calls.get(callId)?.call.accept(), id);
    for (const page of [alice, bob])
      await waitFor(
        'connected',
        async () => ((await stateOf(page, id)) === 'connected' ? true : undefined),
        30_000,
      );
    return id;
  }

  it('alice calls bob (audio+video), media flows both ways, chat, mute, hang-up', async () => {
    const id = await connectedCall(true);
    for (const page of [alice, bob]) {
      const before = await stats(page, id);
      await new Promise((r) => setTimeout(r, 2000));
      const after = await stats(page, id);
      expect(after!.framesDecoded).toBeGreaterThan(before!.framesDecoded);
      expect(after!.bytesReceived).toBeGreaterThan(before!.bytesReceived);
    }
    const chat = (page: Page, text: string) =>
      waitFor('chat channel open', () =>
        inPage(
          page,
          ({ calls }, a) => {
            try {
              calls.get(a.id)?.call.sendChat(a.text);
              return true;
            } catch {
              return undefined;
            }
          },
          { id, text },
        ),
      );
    // Chat travels over SCTP and mute over XMPP: wait for each message to arrive so the
    // logs' order is the order of the actions, not a race between two transports.
    const received = (page: Page, text: string) =>
      waitFor(`"${text}" received`, async () =>
        (await log(page, id))?.events.some((e) => JSON.stringify(e).includes(text)) ? true : undefined,
      );
    await chat(alice, 'hello bob');
    await received(bob, 'hello bob');
    await chat(bob, 'hello alice');
    await received(alice, 'hello alice');
    await inPage(bob, ({ calls }, callId) => calls.get(callId)?.call.setMuted('audio', true), id);
    await waitFor('remote-mute at alice', async () =>
      (await log(alice, id))?.events.some((e) => JSON.stringify(e).includes('remote-mute'))
        ? true
        : undefined,
    );
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
    await waitFor('bob ended', async () => ((await stateOf(bob, id)) === 'ended' ? true : undefined));
    const ended = { reason: { condition: 'success', text: 'The call ended normally.' } };
    expect(await log(alice, id)).toEqual({
      id,
      direction: 'outgoing',
      states: ['proposing', 'ringing', 'connecting', 'connected', 'ended'],
      events: [
        { chat: { text: 'hello bob', from: 'local' } },
        { chat: { text: 'hello alice', from: 'remote' } },
        { 'remote-mute': { kind: 'audio', muted: true } },
        { ended: { ...ended, by: 'local' } },
      ],
    });
    expect(await log(bob, id)).toEqual({
      id,
      direction: 'incoming',
      states: ['incoming', 'connecting', 'connected', 'ended'],
      events: [
        { chat: { text: 'hello bob', from: 'remote' } },
        { chat: { text: 'hello alice', from: 'local' } },
        { muted: { kind: 'audio', muted: true } },
        { ended: { ...ended, by: 'peer' } },
      ],
    });
    expect(bobJid).toBe(`bob@${prosody.domain}/web`);
  });

  it("adding video to an audio call: content-add, renegotiation, bob decodes alice's camera", async () => {
    const id = await connectedCall(false);
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.setCamera(true), id);
    const framesAtBob = async () => (await stats(bob, id))?.framesDecoded ?? 0;
    const first = await waitFor(
      'video frames at bob',
      async () => ((await framesAtBob()) > 0 ? framesAtBob() : undefined),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await framesAtBob()).toBeGreaterThan(first);
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
    await waitFor('bob ended', async () => ((await stateOf(bob, id)) === 'ended' ? true : undefined));
  });

  it('ICE restart by alice, then by bob (XEP-0176 §5.9): new ufrags both ways, media keeps flowing', async () => {
    const id = await connectedCall(true);
    for (const who of [alice, bob]) {
      const before = [await iceOf(alice, id), await iceOf(bob, id)];
      await inPage(who, ({ calls }, callId) => calls.get(callId)?.call.restartIce(), id);
      const after = await waitFor(
        'new remote ufrags at both, connected',
        async () => {
          const now = [await iceOf(alice, id), await iceOf(bob, id)];
          const done = now.every(
            (x, i) =>
              x?.connectionState === 'connected' &&
              x.remoteUfrags.length === 1 &&
              x.remoteUfrags[0] !== before[i]?.remoteUfrags[0],
          );
          return done ? now : undefined;
        },
        10_000,
      );
      // What one side offered is what the other side now has as its remote ufrag, and vice versa.
      expect(after.map((x) => x?.remoteUfrags)).toEqual([after[1]?.localUfrags, after[0]?.localUfrags]);
      for (const page of [alice, bob]) {
        const first = await stats(page, id);
        await new Promise((r) => setTimeout(r, 1500));
        expect((await stats(page, id))!.framesDecoded).toBeGreaterThan(first!.framesDecoded);
      }
    }
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
    await waitFor('bob ended', async () => ((await stateOf(bob, id)) === 'ended' ? true : undefined));
    const ended = { reason: { condition: 'success', text: 'The call ended normally.' } };
    expect((await log(alice, id))?.events).toEqual([
      { 'ice-restart': { by: 'local' } },
      { 'ice-restart': { by: 'remote' } },
      { ended: { ...ended, by: 'local' } },
    ]);
    expect((await log(bob, id))?.events).toEqual([
      { 'ice-restart': { by: 'remote' } },
      { 'ice-restart': { by: 'local' } },
      { ended: { ...ended, by: 'peer' } },
    ]);
  });

  it('bob declines: alice ends with decline', async () => {
    const id = await place(alice, `bob@${prosody.domain}`, false);
    expect(await incoming(bob)).toBe(id);
    await inPage(bob, ({ calls }, callId) => calls.get(callId)?.call.decline(), id);
    await waitFor('alice ended', async () => ((await stateOf(alice, id)) === 'ended' ? true : undefined));
    expect((await log(alice, id))?.events).toEqual([
      { ended: { reason: { condition: 'decline', text: 'Declined' }, by: 'peer', outcome: 'rejected' } },
    ]);
  });

  it('alice cancels before bob answers: bob logs a missed call', async () => {
    const id = await place(alice, `bob@${prosody.domain}`, false);
    expect(await incoming(bob)).toBe(id);
    await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
    await waitFor('bob ended', async () => ((await stateOf(bob, id)) === 'ended' ? true : undefined));
    expect((await log(bob, id))?.events).toEqual([
      { ended: { reason: { condition: 'cancel', text: 'Retracted' }, by: 'peer', outcome: 'missed' } },
    ]);
    const last = await inPage(bob, ({ client }) => client.calls.history.at(-1)?.outcome, null);
    expect(last).toBe('missed');
  });
});
