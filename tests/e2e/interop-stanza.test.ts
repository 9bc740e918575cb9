// Our web app (alice, Chromium) against StanzaJS 12 (bob, Chromium): an independent Jingle stack
// nobody here wrote, running its own client.jingle / MediaSession code (tests/support/stanza-page.ts),
// over a real Prosody with coturn, so both take their ICE servers from XEP-0215. Both directions: media
// both ways (video decoded and not uniform, audio RTP received), and a hang-up on one side ends the
// other within 2 s. What StanzaJS puts on the wire is printed in the test log and its quirks asserted,
// so docs/interop.md stays true. Only inside a loopback-only namespace (docs/testing.md).
import type { Element } from 'ltx';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { waitFor } from '../support/client-page.js';
import { describeWebRTC } from '../support/netns.js';
import { readInboundRtp, sampleVideo, tapPeerConnections } from '../support/peer-connections.js';
import type { InboundRtp } from '../support/peer-connections.js';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { RawXmpp } from '../support/raw-xmpp.js';
import {
  actionOf,
  bundleStanzaPeer,
  openStanzaPage,
  serveStanzaPeer,
  stanzaPeer,
} from '../support/stanza-page.js';
import type { StanzaPeerDriver } from '../support/stanza-page.js';
import { buildWebApp, contact, debug, openApp, serveWebApp, signIn } from '../support/web-app.js';
import type { ServedApp } from '../support/web-app.js';
import { webConfig } from '../support/web-users.js';

const NS_JINGLE = 'urn:xmpp:jingle:1';
const NS_RTP = 'urn:xmpp:jingle:apps:rtp:1';
const NS_ICE = 'urn:xmpp:jingle:transports:ice-udp:1';
const NS_SSMA = 'urn:xmpp:jingle:apps:rtp:ssma:0';
const NS_STANZA_MSID = 'urn:xmpp:jingle:apps:rtp:msid:0';
const NS_JMI = 'urn:xmpp:jingle-message:0';
const NS_DTLS_SCTP = 'urn:xmpp:jingle:transports:dtls-sctp:1';

const jingleOf = (iq: Element) => iq.getChild('jingle', NS_JINGLE)!;
const transports = (iq: Element) =>
  jingleOf(iq)
    .getChildren('content')
    .map((c) => c.getChild('transport', NS_ICE))
    .filter((t): t is Element => t !== undefined);

/** What the tests assert about StanzaJS's session-initiate or session-accept (docs/interop.md). */
function describeOffer(iq: Element) {
  const jingle = jingleOf(iq);
  return {
    initiatorAttribute: jingle.attrs['initiator'],
    contents: jingle.getChildren('content').map((c) => {
      const description = c.getChild('description', NS_RTP);
      const transport = c.getChild('transport', NS_ICE);
      return {
        name: c.attrs['name'],
        media: description?.attrs['media'],
        msidElement: description?.getChild('stream', NS_STANZA_MSID) !== undefined,
        sctpmap: transport?.getChild('sctpmap', NS_DTLS_SCTP) !== undefined,
        candidates: transport?.getChildren('candidate').length,
      };
    }),
  };
}

/** Every candidate StanzaJS trickled: the transport's ufrag/pwd and the candidate's optional attributes. */
function describeTrickle(iqs: Element[]) {
  const infos = iqs.filter((iq) => actionOf(iq) === 'transport-info');
  const ts = infos.flatMap(transports);
  const candidates = ts.flatMap((t) => t.getChildren('candidate'));
  return {
    transportInfos: infos.length > 0,
    everyTransportHasUfrag: ts.every((t) => typeof t.attrs['ufrag'] === 'string'),
    anyTransportHasPwd: ts.some((t) => t.attrs['pwd'] !== undefined),
    candidates: candidates.length > 0,
    /** XEP-0176 §5.1 lists id, generation and network too; StanzaJS leaves all three out. */
    anyIdGenerationOrNetwork: candidates.some((c) =>
      ['id', 'generation', 'network'].some((a) => a in c.attrs),
    ),
    gatheringComplete: ts.some((t) => t.getChild('gathering-complete') !== undefined),
  };
}

describeWebRTC('interop: our web app and StanzaJS 12 in Chromium', () => {
  let prosody: ProsodyHandle;
  let app: ServedApp;
  let stanzaSite: { url: string; close(): Promise<void> };
  const browsers: Browser[] = [];
  let alice: Page;
  let bobPage: Page;
  let bob: StanzaPeerDriver;
  let bobFull: string;
  const jid = (u: string) => `${u}@${prosody.domain}`;

  const rtp = (page: Page): Promise<InboundRtp> => page.evaluate(readInboundRtp);
  const remoteFrame = (page: Page) => page.evaluate(sampleVideo, 'Remote video');

  /**
   * Polls both pages until each has decoded a video frame; ms after `t0` for each. Fails at once when
   * a side's peer connection closes first, saying how alice's app saw the call end.
   */
  async function firstFrames(t0: number): Promise<{ alice: number; bob: number }> {
    const firstFrame = async (page: Page, who: string) => {
      const end = Date.now() + 20_000;
      let opened = false;
      while (Date.now() < end) {
        const r = await rtp(page);
        if (r.framesDecoded > 0) return Date.now() - t0;
        if (opened && !r.open) {
          throw new Error(
            `${who}'s call ended before a frame was decoded; alice's app: ${JSON.stringify(await debug(alice).lastEnd())}`,
          );
        }
        opened ||= r.open;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`${who}: no video frame decoded within 20 s`);
    };
    const [a, b] = await Promise.all([firstFrame(alice, 'alice'), firstFrame(bobPage, 'bob')]);
    return { alice: a, bob: b };
  }

  /** Video frames decoded and audio bytes received both grow over 600 ms; the remote picture is not uniform. */
  async function mediaFlows(page: Page): Promise<void> {
    const first = await rtp(page);
    await new Promise((r) => setTimeout(r, 600));
    const second = await rtp(page);
    expect({
      connectionState: second.connectionState,
      framesGrow: second.framesDecoded > first.framesDecoded,
      audioGrows: second.audioBytes > first.audioBytes,
    }).toEqual({ connectionState: 'connected', framesGrow: true, audioGrows: true });
    await expect.poll(async () => (await remoteFrame(page))?.sd ?? 0, { timeout: 10_000 }).toBeGreaterThan(5);
  }

  async function endedNotice(page: Page): Promise<{ title: string; reason: string }> {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 15_000 });
    const title = (await dialog.locator('#ended-title').textContent()) ?? '';
    const reason = ((await dialog.getByRole('status').textContent()) ?? '').replace(/ · \d\d:\d\d$/, '');
    return { title, reason };
  }

  /** The Jingle IQs StanzaJS sent, printed for the test log (docs/interop.md quotes them). */
  async function logWire(title: string): Promise<Element[]> {
    const out = await bob.jingleIqs('out');
    console.log(`--- ${title}: Jingle IQs StanzaJS sent ---\n${out.map((e) => e.toString()).join('\n')}`);
    return out;
  }

  beforeAll(async () => {
    const [p, , js] = await Promise.all([
      startProsody({
        turn: true,
        users: [
          ['alice', 'pw'],
          ['bob', 'pw'],
        ],
      }),
      buildWebApp(),
      bundleStanzaPeer(),
    ]);
    prosody = p;
    await prosody.makeContacts('alice', 'bob');
    app = await serveWebApp(webConfig(prosody));
    stanzaSite = await serveStanzaPeer(js);
    const [ba, bb] = await Promise.all([launchChromium(), launchChromium()]);
    browsers.push(ba, bb);
    alice = await openApp(ba, app.url);
    await tapPeerConnections(alice);
    await signIn(alice, jid('alice'), 'pw');
    bobPage = await openStanzaPage(bb, stanzaSite.url);
    bob = stanzaPeer(bobPage);
    bobFull = await bob.login(prosody.wsUrl, jid('bob'), 'pw');
    await waitFor('alice sees bob online', async () =>
      (await contact(alice, jid('bob')).getAttribute('data-online')) === 'true' ? true : undefined,
    );
    await waitFor('bob sees alice online', async () =>
      (await bob.resourcesOf(jid('alice'))).length === 1 ? true : undefined,
    );
  });

  let mark = 0;
  beforeEach(async () => {
    mark = (await bob.record()).length;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      // Its side of the failed test, without XEP-0198 acks and disco#info (the log stays readable).
      const lines = (await bob.record())
        .slice(mark)
        .filter((e) => !/^<[ar] xmlns=["']urn:xmpp:sm:3/.test(e.text) && !e.text.includes('disco#info'))
        .map((e) => `${e.at} ${e.kind} ${e.text}`);
      console.log(`StanzaJS record:\n${lines.join('\n')}`);
    }
    // A failed test must not leave a call or a notice behind for the next one.
    await bob.hangup();
    const hangUp = alice.getByRole('button', { name: 'Hang up' });
    if (await hangUp.isVisible()) await hangUp.click();
    const close = alice.getByRole('dialog').getByRole('button', { name: 'Close' });
    await new Promise((r) => setTimeout(r, 300));
    while (await close.isVisible()) await close.click();
  });

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await Promise.all([app?.close(), stanzaSite?.close()]);
    await prosody?.stop();
  });

  it('StanzaJS took its ICE servers from XEP-0215 (loopback coturn); its stun: URLs lose the `?transport=udp` Chromium refuses', async () => {
    const port = prosody.turn!.port;
    expect((await bob.discoveredUrls()).sort()).toEqual([
      `stun:127.0.0.1:${port}?transport=udp`,
      `turn:127.0.0.1:${port}?transport=udp`,
    ]);
    expect((await bob.iceServers()).flatMap((s) => s.urls).sort()).toEqual([
      `stun:127.0.0.1:${port}`,
      `turn:127.0.0.1:${port}?transport=udp`,
    ]);
  });

  it('our web app calls StanzaJS (no JMI: a direct session-initiate): media both ways, StanzaJS hangs up', async () => {
    await contact(alice, jid('bob')).getByRole('button', { name: 'Video call' }).click();
    await expect
      .poll(async () => (await bob.sessions()).map((s) => [s.role, s.state, s.announced]), {
        timeout: 15_000,
      })
      .toEqual([['responder', 'pending', true]]);
    const t0 = Date.now();
    await bob.accept();
    const frames = await firstFrames(t0);
    console.log(
      `our app -> StanzaJS: first decoded frame after accept: alice ${frames.alice} ms, bob ${frames.bob} ms`,
    );
    await Promise.all([mediaFlows(alice), mediaFlows(bobPage)]);

    // No JMI reached bob: the call came as a session-initiate straight to his resource.
    const received = (await bob.record()).filter((e) => e.kind === 'in');
    expect(received.some((e) => e.text.includes(NS_JMI))).toBe(false);
    expect((await bob.jingleIqs('in')).map(actionOf)[0]).toBe('session-initiate');

    const t1 = Date.now();
    await bob.hangup();
    expect(await endedNotice(alice)).toEqual({ title: 'Call ended', reason: 'bob hung up' });
    expect(Date.now() - t1).toBeLessThan(2000);
    await alice.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    const sent = await logWire('our app -> StanzaJS');
    const accept = sent.find((iq) => actionOf(iq) === 'session-accept')!;
    // Our chat's data content is answered the way StanzaJS writes one: no <description>, the ICE
    // transport with <sctpmap/>; candidates never inline, always in transport-info.
    expect(describeOffer(accept)).toEqual({
      initiatorAttribute: undefined,
      contents: [
        { name: '0', media: 'audio', msidElement: true, sctpmap: false, candidates: 0 },
        { name: '1', media: 'video', msidElement: true, sctpmap: false, candidates: 0 },
        { name: '2', media: undefined, msidElement: false, sctpmap: true, candidates: 0 },
      ],
    });
    expect(describeTrickle(sent)).toEqual({
      transportInfos: true,
      everyTransportHasUfrag: true,
      anyTransportHasPwd: false,
      candidates: true,
      anyIdGenerationOrNetwork: false,
      gatheringComplete: true,
    });
    // Its FID group names a retransmission ssrc that has no <source> (our translator repairs it,
    // docs/sdp-mapping.md); the call above connected with it.
    const video = jingleOf(accept)
      .getChildren('content')
      .map((c) => c.getChild('description', NS_RTP))
      .find((d) => d?.attrs['media'] === 'video')!;
    const sources = video.getChildren('source', NS_SSMA).map((s) => s.attrs['ssrc']);
    const fid = video.getChildren('ssrc-group', NS_SSMA).find((g) => g.attrs['semantics'] === 'FID');
    const grouped = fid?.getChildren('source').map((s) => s.attrs['ssrc']) ?? [];
    console.log(`StanzaJS answer: sources ${sources.join(' ')}, FID group ${grouped.join(' ')}`);
    expect({ sources, fidGroupSize: grouped.length }).toEqual({ sources: [grouped[0]], fidGroupSize: 2 });
  });

  it('StanzaJS calls our web app: media both ways, our app hangs up', async () => {
    const aliceFull = (await bob.resourcesOf(jid('alice')))[0]!;
    const before = (await bob.jingleIqs('out')).length;
    await bob.call(aliceFull);
    const ringing = alice.getByRole('alertdialog');
    await ringing.waitFor({ timeout: 15_000 });
    expect(await ringing.locator('#incoming-caller').textContent()).toBe('bob');
    const t0 = Date.now();
    await ringing.getByRole('button', { name: 'Accept' }).click();
    const frames = await firstFrames(t0);
    console.log(
      `StanzaJS -> our app: first decoded frame after accept: alice ${frames.alice} ms, bob ${frames.bob} ms`,
    );
    await Promise.all([mediaFlows(alice), mediaFlows(bobPage)]);

    const sid = (await bob.sessions()).at(-1)!.sid;
    const t1 = Date.now();
    await alice.getByRole('button', { name: 'Hang up' }).click();
    await expect
      .poll(async () => (await bob.sessions()).find((s) => s.sid === sid), { timeout: 2000, interval: 50 })
      .toMatchObject({ state: 'ended', reason: 'success' });
    const ended = (await bob.sessions()).find((s) => s.sid === sid)!;
    expect(ended.terminatedAt! - t1).toBeLessThan(2000);
    expect(await endedNotice(alice)).toEqual({ title: 'Call ended', reason: 'You hung up' });
    await alice.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    const sent = (await logWire('StanzaJS -> our app')).slice(before);
    const initiate = sent.find((iq) => actionOf(iq) === 'session-initiate')!;
    expect(describeOffer(initiate)).toEqual({
      initiatorAttribute: undefined,
      contents: [
        { name: '0', media: 'audio', msidElement: true, sctpmap: false, candidates: 0 },
        { name: '1', media: 'video', msidElement: true, sctpmap: false, candidates: 0 },
      ],
    });
    expect(describeTrickle(sent)).toEqual({
      transportInfos: true,
      everyTransportHasUfrag: true,
      anyTransportHasPwd: false,
      candidates: true,
      anyIdGenerationOrNetwork: false,
      gatheringComplete: true,
    });
  });

  it('StanzaJS answers a session-initiate it cannot apply with an error that has no condition', async () => {
    // The data content as we used to send it: an RTP <description media='application'>. StanzaJS
    // writes it as m=application … UDP/TLS/RTP/SAVPF, Chromium refuses that, and StanzaJS's reply
    // names its Jingle reason general-error, which is no stanza error condition (RFC 6120 §8.3.3),
    // so the <error/> goes out empty. Our client must end such a request at once (docs/interop.md).
    const raw = await RawXmpp.login(prosody.wsUrl, prosody.domain, 'alice', 'pw', 'raw', { iqs: 'test' });
    try {
      const fp = Array.from({ length: 32 }, () => 'AB').join(':');
      const transport = (extra: string) =>
        `<transport xmlns="${NS_ICE}" ufrag="rAwU" pwd="rawpeerpassword0123456789"><fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash="sha-256" setup="actpass">${fp}</fingerprint>${extra}</transport>`;
      await raw.send(
        `<iq xmlns="jabber:client" type="set" id="si1" to="${bobFull}"><jingle xmlns="${NS_JINGLE}" action="session-initiate" sid="rawsid1">` +
          `<content creator="initiator" name="0"><description xmlns="${NS_RTP}" media="audio"><payload-type id="111" name="opus" clockrate="48000" channels="2"/><rtcp-mux/></description>${transport('')}</content>` +
          `<content creator="initiator" name="1"><description xmlns="${NS_RTP}" media="application"/>${transport(`<sctpmap xmlns="${NS_DTLS_SCTP}" number="5000" protocol="webrtc-datachannel"/>`)}</content>` +
          `<group xmlns="urn:xmpp:jingle:apps:grouping:0" semantics="BUNDLE"><content name="0"/><content name="1"/></group></jingle></iq>`,
      );
      const reply = await raw.next((el) => el.is('iq') && el.attrs['id'] === 'si1');
      console.log(`StanzaJS's reply to a session-initiate it cannot apply: ${reply.text}`);
      const error = reply.el.getChild('error');
      expect({
        type: reply.el.attrs['type'],
        errorType: error?.attrs['type'],
        children: error?.children.map((c) => (typeof c === 'string' ? c : c.name)),
      }).toEqual({ type: 'error', errorType: 'cancel', children: [] });
    } finally {
      await raw.close();
    }
  });
});
