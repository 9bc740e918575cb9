// What bench/call-setup/main.ts installs in each page before any page script runs (Playwright init
// script): a tap on every WebSocket (frames out and in, with a timestamp) and on every
// RTCPeerConnection (the local SDPs and the trickled candidates it produced), plus the poll that
// finds the first decoded remote video frame. The same taps serve the XMPP client and the relay
// baseline, so both are measured the same way. `installBenchHooks` is serialized into the page:
// it must not use anything from this module's scope.

/** One WebSocket frame as the page saw it; `t` is wall-clock ms (comparable across browsers). */
export interface FrameRecord {
  t: number;
  dir: 'out' | 'in';
  url: string;
  data: string;
}

/** What one peer connection signalled in raw form: UTF-8 bytes of each local SDP and candidate. */
export interface RawSignal {
  sdpBytes: number[];
  candidateBytes: number[];
  /** Transport milestones of this peer connection: state changes and the first inbound video packet. */
  marks: Record<string, number>;
}

export interface BenchHooks {
  frames: FrameRecord[];
  pcs: Array<{ pc: RTCPeerConnection; raw: RawSignal }>;
  /** When each getUserMedia call started and resolved. */
  media: Array<{ start: number; end: number }>;
  /** `performance.timeOrigin + performance.now()`: sub-ms, and on the same clock in every page. */
  now(): number;
  /** Resolves with the time at which inbound video first reports `framesDecoded > 0`. */
  firstDecodedFrame(pc: RTCPeerConnection, everyMs: number, timeoutMs: number): Promise<number>;
}

export function installBenchHooks(): void {
  const utf8 = new TextEncoder();
  const now = () => performance.timeOrigin + performance.now();
  const hooks: BenchHooks = {
    frames: [],
    pcs: [],
    media: [],
    now,
    async firstDecodedFrame(pc, everyMs, timeoutMs) {
      const end = now() + timeoutMs;
      for (;;) {
        const report = await pc.getStats();
        const marks = hooks.pcs.find((p) => p.pc === pc)?.raw.marks;
        for (const s of report.values() as IterableIterator<Record<string, unknown>>) {
          if (s['type'] !== 'inbound-rtp' || s['kind'] !== 'video') continue;
          if (marks && Number(s['packetsReceived']) > 0) marks['first video packet'] ??= now();
          if (marks && Number(s['framesReceived']) > 0) marks['first video frame received'] ??= now();
          if (Number(s['framesDecoded']) > 0) {
            // Not times: how many keyframe requests the receiver needed before the first decode.
            if (marks) marks['PLIs sent before decode (count)'] = Number(s['pliCount'] ?? 0);
            return now();
          }
        }
        if (pc.connectionState === 'closed') throw new Error('the peer connection closed before any frame');
        if (now() > end) throw new Error(`no decoded remote video frame within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    },
  };
  (globalThis as unknown as { jbHooks: BenchHooks }).jbHooks = hooks;

  // Every frame sent, by any socket: both the client's library and the relay peer call send().
  const NativeWebSocket = globalThis.WebSocket;
  const send = NativeWebSocket.prototype.send;
  NativeWebSocket.prototype.send = function (this: WebSocket, data) {
    if (typeof data === 'string') hooks.frames.push({ t: now(), dir: 'out', url: this.url, data });
    return send.call(this, data);
  };
  // Frames received: a listener added in the constructor runs before any listener of the library.
  class TappedWebSocket extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e: MessageEvent) => {
        if (typeof e.data === 'string')
          hooks.frames.push({ t: now(), dir: 'in', url: this.url, data: e.data });
      });
    }
  }
  globalThis.WebSocket = TappedWebSocket;

  // Camera+mic: both signalers take them at dial (caller) and at accept (callee).
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const start = now();
    const stream = await getUserMedia(constraints);
    hooks.media.push({ start, end: now() });
    return stream;
  };

  const NativePC = globalThis.RTCPeerConnection;
  class WatchedPC extends NativePC {
    constructor(config?: RTCConfiguration) {
      super(config);
      const raw: RawSignal = { sdpBytes: [], candidateBytes: [], marks: {} };
      hooks.pcs.push({ pc: this, raw });
      // First time each state is reached: where after the answer the time goes (ICE, then DTLS).
      this.addEventListener('iceconnectionstatechange', () => {
        raw.marks[`ice ${this.iceConnectionState}`] ??= now();
      });
      this.addEventListener('connectionstatechange', () => {
        raw.marks[`pc ${this.connectionState}`] ??= now();
      });
      this.addEventListener('signalingstatechange', () => {
        raw.marks[`signaling ${this.signalingState}`] ??= now();
      });
      // What gets trickled: the client never signals TCP candidates nor end-of-candidates
      // (docs/calls.md), and the relay peer skips the same ones.
      this.addEventListener('icecandidate', (e: RTCPeerConnectionIceEvent) => {
        const c = e.candidate;
        if (c !== null && c.candidate !== '' && c.protocol !== 'tcp')
          raw.candidateBytes.push(utf8.encode(c.candidate).length);
      });
    }
  }
  // The promise form only (the legacy callback overload is not used by either signaler).
  const setLocal = NativePC.prototype.setLocalDescription as (
    this: RTCPeerConnection,
    description?: RTCLocalSessionDescriptionInit,
  ) => Promise<void>;
  NativePC.prototype.setLocalDescription = async function (
    this: RTCPeerConnection,
    description?: RTCLocalSessionDescriptionInit,
  ): Promise<void> {
    await setLocal.call(this, description);
    // Read right after it resolves, as both signalers do: trickle ICE, so no candidates in it yet.
    const sdp = this.localDescription?.sdp;
    const rec = hooks.pcs.find((p) => p.pc === this);
    if (rec !== undefined && sdp !== undefined) rec.raw.sdpBytes.push(utf8.encode(sdp).length);
  };
  globalThis.RTCPeerConnection = WatchedPC;
}
