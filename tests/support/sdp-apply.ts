// Does Chromium accept an SDP? Each helper applies SDP in the page and returns the verdict as data
// (so a test can compare the verdicts on an original and on its round trip with one toEqual).
import type { Page } from 'playwright-core';
import type { Scenario } from './sdp-capture.js';

/** `ok` or the DOMException Chromium threw, as `Name: message`. */
export type Verdict = { ok: true } | { ok: false; error: string };

/** Offer: setRemoteDescription on a fresh RTCPeerConnection({bundlePolicy:'balanced'}), then createAnswer. */
export async function offerVerdict(page: Page, sdp: string): Promise<Verdict> {
  return page.evaluate(async (sdp) => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'balanced' });
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.createAnswer();
      return { ok: true as const };
    } catch (e) {
      return { ok: false as const, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    } finally {
      pc.close();
    }
  }, sdp);
}

/**
 * Answer to a live capture: the offerer that captureScenario left in the page sets `offer` (the
 * round-tripped real offer) as its local description, then `answer` as the remote one. Same peer,
 * so the certificate behind a=fingerprint and the ICE credentials are its own.
 */
export async function answerVerdictOnOfferer(
  page: Page,
  scenario: Scenario,
  offer: string,
  answer: string,
): Promise<Verdict> {
  return page.evaluate(
    async ({ scenario, offer, answer }) => {
      const pc = (globalThis as unknown as { jbPeers?: Record<string, RTCPeerConnection> }).jbPeers?.[
        scenario
      ];
      if (pc === undefined) throw new Error(`no offerer left in the page for ${scenario}`);
      try {
        await pc.setLocalDescription({ type: 'offer', sdp: offer });
      } catch (e) {
        // The offer is ours, so a failure here is the test's problem, not a verdict on the answer.
        throw new Error(`setLocalDescription(round-tripped offer) failed: ${String(e)}`);
      }
      try {
        await pc.setRemoteDescription({ type: 'answer', sdp: answer });
        return { ok: true as const };
      } catch (e) {
        return { ok: false as const, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
      }
    },
    { scenario, offer, answer },
  );
}

/**
 * Answer without its offer (a foreign fixture): a fresh peer adds one transceiver per audio/video
 * m-line of the answer, in order, and a data channel for an application m-line, which Chromium puts
 * last; its own offer then has mids 0, 1, 2... Returns `null` when that cannot match the answer (an
 * application m-line not last, or mids other than 0..n-1 or absent), so the caller states it.
 */
export async function answerVerdictOnMatchingOffer(page: Page, answer: string): Promise<Verdict | null> {
  const kinds = [...answer.matchAll(/^m=(\w+) /gm)].map((m) => m[1] ?? '');
  const mids = [...answer.matchAll(/^a=mid:(\S+)/gm)].map((m) => m[1] ?? '');
  const dataLast = kinds.indexOf('application') === -1 || kinds.indexOf('application') === kinds.length - 1;
  const midsMatch = mids.length === 0 || mids.every((mid, i) => mid === String(i));
  if (!dataLast || !midsMatch || kinds.some((k) => !['audio', 'video', 'application'].includes(k)))
    return null;
  return page.evaluate(
    async ({ kinds, answer }) => {
      const pc = new RTCPeerConnection();
      try {
        for (const kind of kinds) {
          if (kind === 'application') pc.createDataChannel('data');
          else pc.addTransceiver(kind, { direction: 'sendrecv' });
        }
        await pc.setLocalDescription(await pc.createOffer());
        await pc.setRemoteDescription({ type: 'answer', sdp: answer });
        return { ok: true as const };
      } catch (e) {
        return { ok: false as const, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
      } finally {
        pc.close();
      }
    },
    { kinds, answer },
  );
}
