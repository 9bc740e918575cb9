// What an e2e test reads off any page's RTCPeerConnections, whoever created them (our web app,
// StanzaJS, Firefox): an init script keeps every peer connection the page makes, and page functions
// read inbound RTP per kind and the remote video's pixels. The web app's own CallStats (web/src/debug.ts)
// lump audio and video together; these checks need audio on its own (headless Firefox has no running
// AudioContext, docs/testing.md, so RTP statistics are the one audio check that works everywhere).

import type { Page as PlaywrightPage } from 'playwright-core';

/**
 * Run before the page's scripts (Playwright `addInitScript`, Puppeteer `evaluateOnNewDocument`):
 * a subclass of RTCPeerConnection that records each instance in `globalThis.__jbPcs`. A subclass keeps
 * the static `generateCertificate`, and libraries that capture `window.RTCPeerConnection` when they
 * load (StanzaJS's platform module does) get the recording one. Also defines the no-op `__name`
 * that functions compiled with esbuild's keepNames call (docs/testing.md, Chromium).
 */
export const PC_TAP_SCRIPT = `(() => {
  globalThis.__name ??= (fn) => fn;
  if (globalThis.__jbPcs) return;
  const Native = globalThis.RTCPeerConnection;
  const pcs = [];
  globalThis.__jbPcs = pcs;
  globalThis.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); pcs.push(this); }
  };
})();`;

/** Inbound RTP of the page's newest open peer connection, summed per kind. */
export interface InboundRtp {
  /** False when the page has no open peer connection (all closed, or none made). */
  open: boolean;
  connectionState: string;
  audioBytes: number;
  audioPackets: number;
  videoBytes: number;
  framesDecoded: number;
}

/** Page function (pass to `page.evaluate`): reads `InboundRtp` from the tapped peer connections. */
export async function readInboundRtp(): Promise<InboundRtp> {
  const pcs = (globalThis as unknown as { __jbPcs?: RTCPeerConnection[] }).__jbPcs ?? [];
  const pc = [...pcs].reverse().find((p) => p.signalingState !== 'closed');
  const out = {
    open: false,
    connectionState: 'none',
    audioBytes: 0,
    audioPackets: 0,
    videoBytes: 0,
    framesDecoded: 0,
  };
  if (pc === undefined) return out;
  out.open = true;
  out.connectionState = pc.connectionState;
  const report = await pc.getStats();
  report.forEach(
    (s: {
      type: string;
      kind?: string;
      bytesReceived?: number;
      packetsReceived?: number;
      framesDecoded?: number;
    }) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'audio') {
        out.audioBytes += s.bytesReceived ?? 0;
        out.audioPackets += s.packetsReceived ?? 0;
      } else if (s.kind === 'video') {
        out.videoBytes += s.bytesReceived ?? 0;
        out.framesDecoded += s.framesDecoded ?? 0;
      }
    },
  );
  return out;
}

/** Luma mean and spread, and the mean colour, of one video element's current frame. */
export interface FrameSample {
  width: number;
  /** Mean luma 0..255. */
  mean: number;
  /** Standard deviation of luma: near 0 for a uniform (or black) frame. */
  sd: number;
  /** Mean red, green, blue 0..255 (Firefox's fake camera changes colour rather than pattern). */
  rgb: [number, number, number];
}

/** Page function: samples the `<video>` whose aria-label is `label` (docs/web-app.md: "Remote video"). */
export function sampleVideo(label: string): FrameSample | undefined {
  const video = document.querySelector(`video[aria-label="${label}"]`);
  if (!(video instanceof HTMLVideoElement)) return undefined;
  const w = video.videoWidth;
  const h = video.videoHeight;
  const empty: FrameSample = { width: 0, mean: 0, sd: 0, rgb: [0, 0, 0] };
  if (w === 0 || h === 0) return empty;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return empty;
  ctx.drawImage(video, 0, 0);
  const d = ctx.getImageData(0, 0, w, h).data;
  const n = d.length / 4;
  let sum = 0;
  let sq = 0;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < d.length; i += 4) {
    const [R, G, B] = [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0];
    const y = 0.299 * R + 0.587 * G + 0.114 * B;
    sum += y;
    sq += y * y;
    r += R;
    g += G;
    b += B;
  }
  const mean = sum / n;
  return { width: w, mean, sd: Math.sqrt(Math.max(0, sq / n - mean * mean)), rgb: [r / n, g / n, b / n] };
}

/**
 * Installs `PC_TAP_SCRIPT` in a Playwright page that is already open (such as `openApp`'s) and
 * reloads it, so the app's peer connections are recorded from its first script on.
 */
export async function tapPeerConnections(page: PlaywrightPage): Promise<void> {
  await page.context().addInitScript(PC_TAP_SCRIPT);
  await page.reload();
}

/** Page function: the local and remote SDP of the page's newest peer connection (open or closed). */
export function readDescriptions(): { local: string; remote: string } | undefined {
  const pcs = (globalThis as unknown as { __jbPcs?: RTCPeerConnection[] }).__jbPcs ?? [];
  const pc = pcs[pcs.length - 1];
  if (pc === undefined) return undefined;
  return { local: pc.localDescription?.sdp ?? '', remote: pc.remoteDescription?.sdp ?? '' };
}
