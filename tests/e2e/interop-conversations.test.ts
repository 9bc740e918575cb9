// Our real client (bundled, in real Chromium) against a Conversations-like peer (a Node @xmpp/client,
// tests/support/conversations-peer.ts) over a real Prosody, both directions of a JMI call. What alice's
// client puts on the wire is checked with the rules Conversations applies (tests/support/strict-peer.ts):
// a data content in the session-initiate made Conversations end every call from us with security-error.
// Media does not flow (the Node peer has no WebRTC stack): this test checks the signaling a strict peer
// applies, up to `connecting`, and the hang-up both ways. Only inside a loopback-only namespace.
import type { Element } from 'ltx';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import {
  callLogOf,
  callStateOf,
  inPage,
  loginInPage,
  openClientPage,
  startCallTestbed,
  waitFor,
} from '../support/client-page.js';
import { ConversationsPeer } from '../support/conversations-peer.js';
import { describeWebRTC } from '../support/netns.js';
import type { ProsodyHandle } from '../support/prosody.js';
import {
  conversationsAcceptsSessionAccept,
  conversationsAcceptsSessionInitiate,
  conversationsAcceptsTransportInfo,
} from '../support/strict-peer.js';

const NS_JMI = 'urn:xmpp:jingle-message:0';
const NS_RTP = 'urn:xmpp:jingle:apps:rtp:1';
const NS_HINTS = 'urn:xmpp:hints';

/** What a test compares of a JMI message: addressing, type, payload, store hint. */
const jmiShape = (m: Element | undefined, kind: string) => ({
  to: m?.attrs['to'],
  type: m?.attrs['type'],
  payload: m?.getChild(kind, NS_JMI) !== undefined,
  store: m?.getChild('store', NS_HINTS) !== undefined,
});
const contentMedia = (jingle: Element) =>
  jingle.getChildren('content').map((c) => c.getChild('description', NS_RTP)?.attrs['media'] ?? 'none');
const reasonOf = (parent: Element | undefined) => {
  const r = parent?.getChild('reason');
  return {
    condition: r?.getChildElements().find((c) => c.name !== 'text')?.name,
    text: r?.getChildText('text'),
  };
};

describeWebRTC('interop: our client against a Conversations-like strict peer', () => {
  let prosody: ProsodyHandle;
  let site: { url: string; close(): Promise<void> };
  let browser: Browser | undefined;
  let alice: Page;
  let bob: ConversationsPeer | undefined;
  let aliceJid: string;

  beforeAll(async () => {
    ({ prosody, site } = await startCallTestbed());
    browser = await launchChromium();
    alice = await openClientPage(browser, site.url);
    aliceJid = await loginInPage(alice, {
      service: prosody.wsUrl,
      jid: `alice@${prosody.domain}/web`,
      password: 'pw',
    });
    bob = await ConversationsPeer.start(prosody, 'bob', 'pw');
    // alice chooses JMI from bob's caps, which she learns through disco#info at node#ver.
    const bobBare = `bob@${prosody.domain}`;
    const callable = () =>
      inPage(alice, ({ client }, bare) => client.canCall(bare, { video: true })[0]?.jmi, bobBare);
    await waitFor('bob callable with JMI', async () =>
      (await callable()) === true ? true : undefined,
    ).catch(async (e: Error) => {
      const seen = await inPage(alice, ({ client }, bare) => client.presence.of(bare), bobBare);
      throw new Error(
        `${e.message}; alice sees ${JSON.stringify(seen)}; bob got ${bob?.received.map((x) => x.toString()).join(' ')}`,
      );
    });
  });

  afterAll(async () => {
    await bob?.stop();
    await browser?.close().catch(() => undefined);
    await site?.close();
    await prosody?.stop();
  });

  // A failed test must not leave a call running into the next one (JMI §4.2 would migrate it).
  afterEach(async () => {
    await inPage(
      alice,
      ({ calls }) => {
        for (const { call } of calls.values()) if (call.state !== 'ended') call.hangup();
      },
      null,
    );
    await waitFor('no live call in the page', () =>
      inPage(
        alice,
        ({ calls }) => ([...calls.values()].every((c) => c.call.state === 'ended') ? true : undefined),
        null,
      ),
    );
  });

  const stateIs = (id: string, state: string) =>
    waitFor(`alice's call ${state}`, async () =>
      (await callStateOf(alice, id)) === state ? true : undefined,
    );

  it('alice video-calls bob on Conversations: her session-initiate passes its checks; bob terminates', async () => {
    const peer = bob as ConversationsPeer;
    const bobBare = `bob@${prosody.domain}`;
    const id = await inPage(
      alice,
      ({ client, track }, bare) => {
        const call = client.call(bare, { audio: true, video: true });
        track(call);
        return call.id;
      },
      bobBare,
    );
    const initiate = await peer.waitFor('session-initiate', () => peer.jingles('session-initiate', id)[0]);
    const propose = peer.jmi('propose', id)[0];
    const proposed = (propose?.getChild('propose', NS_JMI)?.getChildren('description', NS_RTP) ?? []).map(
      (d) => d.attrs['media'] as string,
    );
    expect(jmiShape(propose, 'propose')).toEqual({ to: bobBare, type: 'chat', payload: true, store: true });
    expect(proposed).toEqual(['audio', 'video']);
    expect(conversationsAcceptsSessionInitiate(initiate, proposed)).toEqual([]);
    expect(contentMedia(initiate)).toEqual(['audio', 'video']);
    await stateIs(id, 'connecting');
    // alice trickles her candidates: every transport-info must pass rule 5 (no tcp, no whitespace).
    await peer.waitFor('a transport-info from alice', () => peer.jingles('transport-info', id)[0]);
    expect(peer.jingles('transport-info', id).flatMap(conversationsAcceptsTransportInfo)).toEqual([]);

    const reason = { condition: 'success', text: 'Bob hung up on Conversations.' };
    await peer.terminate(id, reason);
    await stateIs(id, 'ended');
    expect(await callLogOf(alice, id)).toEqual({
      id,
      direction: 'outgoing',
      states: ['proposing', 'ringing', 'connecting', 'ended'],
      events: [{ ended: { reason, by: 'peer' } }],
    });
  });

  it('bob on Conversations calls alice: her session-accept passes its checks; alice hangs up', async () => {
    const peer = bob as ConversationsPeer;
    const sid = await peer.propose(`alice@${prosody.domain}`);
    await waitFor('alice rings', () =>
      inPage(alice, ({ calls }, s) => (calls.get(s)?.call.state === 'incoming' ? true : undefined), sid),
    );
    await inPage(alice, ({ calls }, s) => calls.get(s)?.call.accept(), sid);
    const accept = await peer.waitFor('session-accept', () => peer.jingles('session-accept', sid)[0]);
    const initiate = peer.sent
      .map((s) => s.getChild('jingle', 'urn:xmpp:jingle:1'))
      .find((j) => j?.attrs['action'] === 'session-initiate' && j.attrs['sid'] === sid) as Element;
    expect(jmiShape(peer.jmi('proceed', sid)[0], 'proceed')).toEqual({
      to: peer.jid,
      type: 'chat',
      payload: true,
      store: true,
    });
    expect(conversationsAcceptsSessionAccept(accept, initiate)).toEqual([]);
    expect(contentMedia(accept)).toEqual(['audio', 'video']);
    await stateIs(sid, 'connecting');
    const fromAlice = [accept, ...peer.jingles('transport-info', sid)];
    const tcp = fromAlice.flatMap((j) =>
      j
        .getChildren('content')
        .flatMap((c) =>
          (c.getChild('transport')?.getChildren('candidate') ?? []).filter(
            (k) => String(k.attrs['protocol']).toLowerCase() === 'tcp',
          ),
        ),
    );
    expect(tcp).toEqual([]);
    expect(fromAlice.flatMap(conversationsAcceptsTransportInfo)).toEqual([]);

    await inPage(alice, ({ calls }, s) => calls.get(s)?.call.hangup(), sid);
    const terminate = await peer.waitFor(
      'session-terminate',
      () => peer.jingles('session-terminate', sid)[0],
    );
    const finish = await peer.waitFor('JMI finish', () => peer.jmi('finish', sid)[0]);
    const ended = { condition: 'success', text: 'The call ended normally.' };
    expect(reasonOf(terminate)).toEqual(ended);
    expect(jmiShape(finish, 'finish')).toEqual({ to: peer.jid, type: 'chat', payload: true, store: true });
    expect(reasonOf(finish.getChild('finish', NS_JMI))).toEqual(ended);
    expect((await callLogOf(alice, sid))?.states).toEqual(['incoming', 'connecting', 'ended']);
    expect(aliceJid).toBe(`alice@${prosody.domain}/web`);
  });
});
