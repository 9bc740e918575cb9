// Issue #2: the SDP<->Jingle translator against real Chromium 156. Three claims, each in a describe:
// (a) lossless round trip of every live capture, (b) Chromium accepts every round-tripped SDP it
// accepted before, (c) a real call works with every SDP going through Jingle XML text.
// Runs only in a loopback-only namespace (docs/testing.md); one browser, pages reused.
import { readFileSync } from 'node:fs';
import { parse as parseXml } from 'ltx';
import { parse as parseSdp } from 'sdp-transform';
import type { SessionDescription } from 'sdp-transform';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { candidateToJingle, candidatesFromJingle, jingleToSdp, sdpToJingle } from '../../src/jingle/index.js';
import { launchChromium, newMediaPage } from '../support/chromium.js';
import { describeWebRTC } from '../support/netns.js';
import { SCENARIO_NAMES, captureScenario } from '../support/sdp-capture.js';
import type { Capture, Scenario } from '../support/sdp-capture.js';
import { answerVerdictOnMatchingOffer, answerVerdictOnOfferer, offerVerdict } from '../support/sdp-apply.js';
import { fixtureFiles, terminated } from '../support/sdp-fixtures.js';
import {
  addRemoteCandidate,
  framesDecoded,
  hangUp,
  iceConnected,
  localDescription,
  receivedOnChannel,
  sendOnChannel,
  setRemoteAnswer,
  startCallPeer,
} from '../support/call.js';
import type { TrickledCandidate } from '../support/call.js';

type SdpType = 'offer' | 'answer';
const roleOf = { offer: 'initiator', answer: 'responder' } as const satisfies Record<SdpType, string>;

/** SDP -> Jingle element -> XML text -> ltx.parse -> SDP, the way it travels between two peers. */
function roundTrip(sdp: string, type: SdpType): string {
  const role = roleOf[type];
  const xml = sdpToJingle(sdp, { role, keepTcpCandidates: true }).toString();
  return jingleToSdp(parseXml(xml), { role });
}

/**
 * What may differ after a round trip, applied to both sides; everything else must survive.
 * 1. Regenerated, not carried (docs/reference/xep-rules.md §10, last row): o=, s=, t=, session and media
 *    c=, and with c= the m= port of the default candidate (RFC 8839 §4.2.1.1; 9, but 0 stays 0).
 * 2. RFC defaults made explicit: a session-level a=extmap-allow-mixed applies to every m-section
 *    (RFC 8285 §6), and an m-section without a direction line is sendrecv (RFC 8866 §6.7).
 */
function comparable(sdp: string): object {
  const session: Partial<SessionDescription> = parseSdp(sdp);
  const { extmapAllowMixed, direction = 'sendrecv' } = session;
  delete session.origin;
  delete session.name;
  delete session.timing;
  delete session.connection;
  delete session.extmapAllowMixed;
  delete session.direction;
  for (const media of session.media ?? []) {
    delete media.connection;
    if (media.port !== 0) media.port = 9;
    media.direction ??= direction;
    if (extmapAllowMixed !== undefined) media.extmapAllowMixed ??= extmapAllowMixed;
  }
  return session;
}

const TYPES: readonly SdpType[] = ['offer', 'answer'];
const LIVE = SCENARIO_NAMES.flatMap((scenario) =>
  TYPES.map((type) => [`${scenario} ${type}`, { scenario, type }] as const),
);
const FIXTURES = fixtureFiles().map((f) => [`${f.file} (${f.type})`, f] as const);

describeWebRTC('translator x Chromium 156', () => {
  let browser: Browser | undefined;
  let page: Page;
  const captures = new Map<Scenario, Capture>();

  beforeAll(async () => {
    browser = await launchChromium();
    page = await newMediaPage(browser);
    for (const scenario of SCENARIO_NAMES) captures.set(scenario, await captureScenario(page, scenario));
  });
  afterAll(async () => {
    await browser?.close();
  });

  const live = (scenario: Scenario): Capture => {
    const capture = captures.get(scenario);
    if (capture === undefined) throw new Error(`no live capture of ${scenario}`);
    return capture;
  };

  test('every live candidate is a loopback address (the namespace has only lo)', () => {
    const sdps = [...captures.values()].flatMap(({ offer, answer }) => [offer, answer]);
    const addresses = sdps.flatMap((sdp) =>
      [...sdp.matchAll(/^a=candidate:\S+ \d+ \w+ \d+ (\S+) /gm)].map((m) => m[1]),
    );
    expect([...new Set(addresses)].sort()).toEqual(['127.0.0.1']);
  });

  describe('(a) parse ∘ jingleToSdp ∘ ltx.parse ∘ toString ∘ sdpToJingle = parse, modulo o=/s=/t=/c=, default-candidate port and RFC defaults', () => {
    test.each(LIVE)('live %s', (_name, { scenario, type }) => {
      const sdp = live(scenario)[type];
      expect(comparable(roundTrip(sdp, type))).toEqual(comparable(sdp));
    });
  });

  describe('(b) Chromium accepts the round trip of everything it accepts', () => {
    test.each(SCENARIO_NAMES)(
      'live %s offer: setRemoteDescription on a fresh peer and createAnswer succeed',
      async (scenario) => {
        expect(await offerVerdict(page, roundTrip(live(scenario).offer, 'offer'))).toEqual({ ok: true });
      },
    );

    test.each(SCENARIO_NAMES)(
      'live %s answer: the offerer sets its round-tripped offer locally, then accepts the round-tripped answer',
      async (scenario) => {
        const { offer, answer } = live(scenario);
        const verdict = await answerVerdictOnOfferer(
          page,
          scenario,
          roundTrip(offer, 'offer'),
          roundTrip(answer, 'answer'),
        );
        expect(verdict).toEqual({ ok: true });
      },
    );

    test.each(FIXTURES)(
      'fixture %s: the round trip gets the same verdict as the original',
      async (_name, { path, type }) => {
        const raw = readFileSync(path, 'utf8');
        const original = terminated(raw);
        const verdictOf = (sdp: string) =>
          type === 'offer' ? offerVerdict(page, sdp) : answerVerdictOnMatchingOffer(page, sdp);
        if (original !== raw) {
          // Stored without a final newline or with a blank first line (copied from source code):
          // Chromium's parser rejects that framing whatever the content, so compare with the framed text.
          expect(await verdictOf(raw)).toEqual({
            ok: false,
            error: expect.stringMatching(/Failed to parse SessionDescription/),
          });
        }
        const before = await verdictOf(original);
        expect(
          before,
          'no offer can be built to match this answer: add it as a documented exception',
        ).not.toBeNull();
        expect(await verdictOf(roundTrip(original, type))).toEqual(before);
      },
    );
  });

  describe('(c) a real call with every SDP and candidate sent as Jingle XML text', () => {
    test('ICE connects, a data-channel message goes each way and remote video frames are decoded', async () => {
      if (browser === undefined) throw new Error('no browser');
      const callee = await newMediaPage(browser);
      // Trickle ICE as transport-info payloads (XEP-0176 §5.4). Both contents were created by the
      // initiator, so creator is 'initiator' either way. A side's candidates wait in Node until the
      // other side has its remote description, as a session's queue would hold them.
      const sides = { caller: page, callee };
      const peer = { caller: 'callee', callee: 'caller' } as const;
      type Side = keyof typeof sides;
      const credentials = { caller: { ufrag: '', pwd: '' }, callee: { ufrag: '', pwd: '' } };
      const held: Record<Side, TrickledCandidate[]> = { caller: [], callee: [] };
      const ready: Record<Side, boolean> = { caller: false, callee: false };
      const delivered: Promise<void>[] = [];
      const addresses: Record<Side, Set<string | undefined>> = { caller: new Set(), callee: new Set() };
      const deliver = (to: Side, c: TrickledCandidate) => {
        addresses[to].add(c.candidate.split(' ')[4]);
        delivered.push(addRemoteCandidate(sides[to], c));
      };
      const trickle = (from: Side) => (c: TrickledCandidate) => {
        const content = candidateToJingle(c, { creator: 'initiator', ...credentials[from] });
        if (content === null) return;
        const xml = `<jingle xmlns='urn:xmpp:jingle:1' action='transport-info' sid='s1'>${content.toString()}</jingle>`;
        for (const received of candidatesFromJingle(parseXml(xml))) {
          if (ready[peer[from]]) deliver(peer[from], received);
          else held[peer[from]].push(received);
        }
      };
      const learn = (side: Side, sdp: string) => {
        credentials[side] = {
          ufrag: /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? '',
          pwd: /^a=ice-pwd:(\S+)/m.exec(sdp)?.[1] ?? '',
        };
      };
      const release = (side: Side) => {
        ready[side] = true;
        for (const c of held[side].splice(0)) deliver(side, c);
      };
      try {
        await startCallPeer(page, true, trickle('caller'));
        await startCallPeer(callee, false, trickle('callee'));
        const offer = await localDescription(page);
        learn('caller', offer);
        const answer = await localDescription(callee, roundTrip(offer, 'offer'));
        learn('callee', answer);
        release('callee');
        await setRemoteAnswer(page, roundTrip(answer, 'answer'));
        release('caller');
        expect(await Promise.all([iceConnected(page, 15_000), iceConnected(callee, 15_000)])).toEqual([
          'connected',
          'connected',
        ]);
        await Promise.all(delivered);
        // Connectivity came from trickled candidates: udp host ones on lo (tcp ones are not signalled).
        expect(addresses).toEqual({ caller: new Set(['127.0.0.1']), callee: new Set(['127.0.0.1']) });

        await sendOnChannel(page, 'hello from the initiator');
        await sendOnChannel(callee, 'hello from the responder');
        await expect
          .poll(() => receivedOnChannel(callee), { timeout: 5_000 })
          .toEqual(['hello from the initiator']);
        await expect
          .poll(() => receivedOnChannel(page), { timeout: 5_000 })
          .toEqual(['hello from the responder']);

        // The fake camera runs at about 20 fps: frames decoded must keep growing (never assert a rate).
        const first = await framesDecoded(callee);
        await expect.poll(() => framesDecoded(callee), { timeout: 10_000 }).toBeGreaterThan(first);
        const second = await framesDecoded(page);
        await expect.poll(() => framesDecoded(page), { timeout: 10_000 }).toBeGreaterThan(second);
      } finally {
        await hangUp(page);
        await callee.context().close();
      }
    });
  });
});
