// Capture scenarios for real Chromium SDP (issue #2). One page holds both peers: A makes the offer,
// B answers it. Used by scripts/capture-sdp.ts (writes fixtures) and by
// tests/e2e/translator-chromium.test.ts (captures live, then round-trips and re-applies).
import type { Page } from 'playwright-core';

/** Scenario name -> what A (offerer) and B (answerer) do; the description goes into the manifest. */
export const SCENARIOS = {
  'audio-video-data': 'A sends fake camera+microphone and opens a data channel; B sends camera+microphone',
  'audio-only': 'A and B send a microphone track each',
  'data-only': 'A opens a data channel; no media',
  recvonly: 'A offers recvonly audio and video transceivers; B sends camera+microphone (answer sendonly)',
  simulcast:
    'A sends audio and video with sendEncodings q/h/f (rid simulcast); B sends audio. ' +
    'Chromium 156 answers the simulcast video without a=rid/a=simulcast: it does not receive simulcast',
  candidates: 'as audio-video-data, each SDP taken from localDescription after ICE gathering completed',
  'ice-restart':
    'as audio-video-data; after ICE connected, A makes createOffer({iceRestart:true}) and B answers it',
} as const;
export type Scenario = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as Scenario[];

export interface Capture {
  scenario: Scenario;
  offer: string;
  answer: string;
}

/**
 * Runs one scenario in the page and returns the exact SDP strings Chromium made. Afterwards the
 * offerer stays in the page as `globalThis.jbPeers[scenario]` so `applyOfferAnswer` can re-apply
 * (translated) SDP to the very peer that produced the offer. Without candidates the offer is
 * `createOffer()`'s own text; with candidates it is `localDescription` after gathering completed.
 */
export async function captureScenario(page: Page, scenario: Scenario): Promise<Capture> {
  return page.evaluate(async (scenario) => {
    type Peers = Record<string, RTCPeerConnection>;
    const g = globalThis as unknown as { jbPeers?: Peers };
    const peers: Peers = (g.jbPeers ??= {});
    peers[scenario]?.close();
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    peers[scenario] = a;
    const media = (constraints: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(constraints);
    const gathered = (pc: RTCPeerConnection) =>
      new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') return resolve();
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') resolve();
        });
      });
    const addAll = async (pc: RTCPeerConnection, constraints: MediaStreamConstraints) => {
      const stream = await media(constraints);
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
    };
    const answerOf = async (offerSdp: string, waitForCandidates: boolean) => {
      await b.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      const answer = await b.createAnswer();
      await b.setLocalDescription(answer);
      if (!waitForCandidates) return answer.sdp ?? '';
      await gathered(b);
      return b.localDescription?.sdp ?? '';
    };

    switch (scenario) {
      case 'audio-video-data':
      case 'candidates':
      case 'ice-restart':
        await addAll(a, { audio: true, video: true });
        a.createDataChannel('chat');
        await addAll(b, { audio: true, video: true });
        break;
      case 'audio-only':
        await addAll(a, { audio: true });
        await addAll(b, { audio: true });
        break;
      case 'data-only':
        a.createDataChannel('chat');
        break;
      case 'recvonly':
        a.addTransceiver('audio', { direction: 'recvonly' });
        a.addTransceiver('video', { direction: 'recvonly' });
        await addAll(b, { audio: true, video: true });
        break;
      case 'simulcast': {
        const stream = await media({ audio: true, video: { width: 1280, height: 720 } });
        const [audio] = stream.getAudioTracks();
        const [video] = stream.getVideoTracks();
        if (audio === undefined || video === undefined) throw new Error('getUserMedia gave no tracks');
        a.addTrack(audio, stream);
        a.addTransceiver(video, {
          streams: [stream],
          sendEncodings: [
            { rid: 'q', scaleResolutionDownBy: 4 },
            { rid: 'h', scaleResolutionDownBy: 2 },
            { rid: 'f' },
          ],
        });
        await addAll(b, { audio: true });
        break;
      }
    }

    if (scenario === 'ice-restart') {
      // A real call first: trickle straight across, wait for ICE, then restart (RFC 8445 §9, JSEP §4.1.10.1).
      a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
      b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
      const connected = new Promise<void>((resolve) => {
        a.addEventListener('iceconnectionstatechange', () => {
          if (a.iceConnectionState === 'connected' || a.iceConnectionState === 'completed') resolve();
        });
      });
      await a.setLocalDescription(await a.createOffer());
      await a.setRemoteDescription({
        type: 'answer',
        sdp: await answerOf(a.localDescription?.sdp ?? '', false),
      });
      await connected;
      const restart = await a.createOffer({ iceRestart: true });
      const offer = restart.sdp ?? '';
      b.onicecandidate = null;
      const answer = await answerOf(offer, false);
      b.close();
      return { scenario, offer, answer };
    }

    const created = await a.createOffer();
    await a.setLocalDescription(created);
    let offer = created.sdp ?? '';
    if (scenario === 'candidates') {
      await gathered(a);
      offer = a.localDescription?.sdp ?? '';
    }
    const answer = await answerOf(offer, scenario === 'candidates');
    b.close();
    return { scenario, offer, answer };
  }, scenario);
}
