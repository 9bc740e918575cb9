// One side of a real Chromium call, driven from Node so every SDP can pass through the translator on
// its way. The page keeps its peer as `globalThis.jbCall`; each helper is one small page.evaluate.
import type { Page } from 'playwright-core';

interface CallGlobals {
  jbCall?: { pc: RTCPeerConnection; channel?: RTCDataChannel; received: string[] };
}

/** What RTCIceCandidate.toJSON() gives; null is the end of gathering. */
export interface TrickledCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

const exposed = new WeakSet<Page>();

/**
 * A peer sending fake camera+microphone; `opensChannel` makes it create the data channel 'chat'.
 * Every local ICE candidate is handed to `onCandidate` in Node (trickle ICE).
 */
export async function startCallPeer(
  page: Page,
  opensChannel: boolean,
  onCandidate: (candidate: TrickledCandidate) => void,
): Promise<void> {
  if (!exposed.has(page)) {
    exposed.add(page);
    await page.exposeFunction('jbTrickle', (candidate: TrickledCandidate) => onCandidate(candidate));
  }
  await page.evaluate(async (opensChannel) => {
    const g = globalThis as unknown as CallGlobals & { jbTrickle: (c: RTCIceCandidateInit) => void };
    g.jbCall?.pc.close();
    const pc = new RTCPeerConnection();
    const call: NonNullable<CallGlobals['jbCall']> = { pc, received: [] };
    g.jbCall = call;
    pc.onicecandidate = (e) => void (e.candidate && g.jbTrickle(e.candidate.toJSON()));
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    const listen = (channel: RTCDataChannel) => {
      call.channel = channel;
      channel.onmessage = (e) => void call.received.push(String(e.data));
    };
    if (opensChannel) listen(pc.createDataChannel('chat'));
    else pc.ondatachannel = (e) => listen(e.channel);
  }, opensChannel);
}

/** Sets and returns the local description: a fresh offer, or the answer to `remoteOffer`. */
export async function localDescription(page: Page, remoteOffer?: string): Promise<string> {
  return page.evaluate(async (remoteOffer) => {
    const { pc } = (globalThis as unknown as CallGlobals).jbCall ?? {};
    if (pc === undefined) throw new Error('startCallPeer first');
    if (remoteOffer !== undefined) await pc.setRemoteDescription({ type: 'offer', sdp: remoteOffer });
    await pc.setLocalDescription();
    return pc.localDescription?.sdp ?? '';
  }, remoteOffer);
}

export async function addRemoteCandidate(page: Page, candidate: TrickledCandidate): Promise<void> {
  await page.evaluate(async (candidate) => {
    await (globalThis as unknown as CallGlobals).jbCall?.pc.addIceCandidate(candidate);
  }, candidate);
}

export async function setRemoteAnswer(page: Page, sdp: string): Promise<void> {
  await page.evaluate(async (sdp) => {
    await (globalThis as unknown as CallGlobals).jbCall?.pc.setRemoteDescription({ type: 'answer', sdp });
  }, sdp);
}

/** Resolves with the ICE connection state once it is connected/completed; rejects on failed or timeout. */
export async function iceConnected(page: Page, timeoutMs: number): Promise<string> {
  return page.evaluate(async (timeoutMs) => {
    const { pc } = (globalThis as unknown as CallGlobals).jbCall ?? {};
    if (pc === undefined) throw new Error('startCallPeer first');
    return new Promise<string>((resolve, reject) => {
      const check = () => {
        const s = pc.iceConnectionState;
        if (s === 'connected' || s === 'completed') resolve('connected');
        if (s === 'failed') reject(new Error('ICE failed'));
      };
      pc.addEventListener('iceconnectionstatechange', check);
      setTimeout(
        () => reject(new Error(`ICE still ${pc.iceConnectionState} after ${timeoutMs} ms`)),
        timeoutMs,
      );
      check();
    });
  }, timeoutMs);
}

/** Sends `text` once the channel is open. */
export async function sendOnChannel(page: Page, text: string): Promise<void> {
  await page.evaluate(async (text) => {
    const call = (globalThis as unknown as CallGlobals).jbCall;
    for (let i = 0; i < 200 && call?.channel?.readyState !== 'open'; i++)
      await new Promise((r) => setTimeout(r, 25));
    if (call?.channel?.readyState !== 'open') throw new Error('data channel never opened');
    call.channel.send(text);
  }, text);
}

export async function receivedOnChannel(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((globalThis as unknown as CallGlobals).jbCall?.received ?? [])]);
}

/** The summed framesDecoded of inbound video RTP streams (W3C webrtc-stats §7.3). */
export async function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const { pc } = (globalThis as unknown as CallGlobals).jbCall ?? {};
    let frames = 0;
    (await pc?.getStats())?.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
    });
    return frames;
  });
}

export async function hangUp(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as CallGlobals).jbCall?.pc.close());
}
