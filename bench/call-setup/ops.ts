// The two contenders of bench/call-setup/main.ts as page operations, installed by an init script after
// call-setup-hooks.ts: the real client (src/client, bundled) placing/answering a JMI call over
// Prosody, and a plain RTCPeerConnection pair signalling JSON over a bare WebSocket relay. Both
// follow the client's order (docs/calls.md): the caller opens the `chat` channel and takes
// camera+mic when dialling; the callee creates its peer connection when the call arrives and takes
// camera+mic at accept, then answers. Serialized into the page: nothing from module scope.
import type * as ClientLib from '../../src/client/index.js';
import type { BenchHooks } from './hooks.js';

export interface BenchOps {
  login(o: { service: string; jid: string; password: string }): Promise<string>;
  canCallWithJmi(bare: string): boolean;
  relayConnect(url: string, name: string): Promise<void>;
  /** Dials (XMPP call or relay offer); returns the time of the dial. */
  dial(mode: Mode, bare: string): Promise<number>;
  /** Resolves once a call (XMPP) or an offer (relay) is waiting here. */
  incoming(mode: Mode): Promise<void>;
  /** Accepts the waiting call; returns the time of the accept (taken before any work). */
  accept(mode: Mode): Promise<number>;
  /** Time of the first decoded remote video frame of the current call. */
  firstFrame(): Promise<number>;
  /** Raw SDP and candidate bytes the current call's peer connection produced. */
  raw(): {
    sdp: number[];
    candidates: number[];
    media: Array<{ start: number; end: number }>;
    marks: Record<string, number>;
  };
  hangup(mode: Mode): void;
  ended(mode: Mode): Promise<void>;
}

export type Mode = 'xmpp' | 'relay';

interface RelayMessage {
  sdp?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
  bye?: true;
}

export function installBenchOps(opts: { pollMs: number; timeoutMs: number }): void {
  const g = globalThis as unknown as {
    jbHooks: BenchHooks;
    jbOps: BenchOps;
    JingleBridgeClient: typeof ClientLib;
  };
  const hooks = () => g.jbHooks;
  let client: ClientLib.Client | undefined;
  let call: ClientLib.Call | undefined;
  let pc: RTCPeerConnection | undefined;
  let ff: Promise<number> | undefined;
  let relay: WebSocket | undefined;
  let offer: RTCSessionDescriptionInit | undefined;
  let pending: RTCIceCandidateInit[] = [];
  let ice: RTCIceServer[] = [];

  const until = (what: string, ok: () => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const end = Date.now() + opts.timeoutMs;
      const tick = () => {
        if (ok()) resolve();
        else if (Date.now() > end) reject(new Error(`timed out waiting for ${what}`));
        else setTimeout(tick, 5);
      };
      tick();
    });
  const watch = (p: RTCPeerConnection) => {
    pc = p;
    ff = hooks().firstDecodedFrame(p, opts.pollMs, opts.timeoutMs);
    ff.catch(() => undefined); // read (and rethrown) by firstFrame()
  };
  const lastPc = (): RTCPeerConnection => {
    const p = hooks().pcs.at(-1)?.pc;
    if (p === undefined) throw new Error('the client created no RTCPeerConnection');
    return p;
  };
  const relaySend = (m: RelayMessage) => relay?.send(JSON.stringify(m));
  const media = () => navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  // The client's settings (call-peer.ts), with the ICE servers its XEP-0215 query returned.
  const newPc = () => {
    const p = new RTCPeerConnection({ iceServers: ice, bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' });
    p.addEventListener('icecandidate', (e) => {
      const c = e.candidate;
      if (c !== null && c.candidate !== '' && c.protocol !== 'tcp') relaySend({ candidate: c.toJSON() });
    });
    return p;
  };
  const addPending = async (p: RTCPeerConnection) => {
    const list = pending;
    pending = [];
    for (const c of list) await p.addIceCandidate(c);
  };
  const onRelay = async (m: RelayMessage) => {
    if (m.bye) {
      pc?.getSenders().forEach((s) => s.track?.stop());
      pc?.close();
    } else if (m.sdp?.type === 'offer') {
      offer = m.sdp;
      watch(newPc());
    } else if (m.sdp?.type === 'answer' && pc !== undefined) {
      await pc.setRemoteDescription(m.sdp);
      await addPending(pc);
    } else if (m.candidate !== undefined) {
      if (pc?.remoteDescription) await pc.addIceCandidate(m.candidate);
      else pending.push(m.candidate);
    }
  };

  g.jbOps = {
    async login({ service, jid, password }) {
      client = g.JingleBridgeClient.createClient({ jid, password, service, mechanisms: ['PLAIN'] });
      client.on('incoming-call', (c) => {
        call = c;
        watch(lastPc());
      });
      await client.start();
      return client.jid ?? '';
    },
    canCallWithJmi: (bare) => client?.canCall(bare, { video: true })[0]?.jmi === true,
    relayConnect: (url, name) =>
      new Promise((resolve, reject) => {
        ice = client?.iceServers() ?? [];
        const ws = new WebSocket(url);
        relay = ws;
        ws.addEventListener('open', () => (ws.send(JSON.stringify({ hello: name })), resolve()));
        ws.addEventListener('error', () => reject(new Error(`relay ${url} failed`)));
        ws.addEventListener('message', (e) => void onRelay(JSON.parse(String(e.data)) as RelayMessage));
      }),
    async dial(mode, bare) {
      const t = hooks().now();
      if (mode === 'xmpp') {
        if (client === undefined) throw new Error('not logged in');
        call = client.call(bare, { audio: true, video: true });
        watch(lastPc());
        return t;
      }
      const p = newPc();
      watch(p);
      p.createDataChannel('chat');
      const stream = await media();
      for (const track of stream.getTracks()) p.addTrack(track, stream);
      await p.setLocalDescription(await p.createOffer());
      relaySend({ sdp: { type: 'offer', sdp: p.localDescription?.sdp ?? '' } });
      return t;
    },
    incoming: (mode) =>
      mode === 'xmpp'
        ? until('an incoming call', () => call?.state === 'incoming')
        : until('an offer', () => offer !== undefined),
    async accept(mode) {
      const t = hooks().now();
      if (mode === 'xmpp') {
        await call?.accept();
        return t;
      }
      const p = pc;
      if (p === undefined || offer === undefined) throw new Error('no offer to accept');
      const stream = await media();
      for (const track of stream.getTracks()) p.addTrack(track, stream);
      await p.setRemoteDescription(offer);
      await addPending(p);
      await p.setLocalDescription(await p.createAnswer());
      relaySend({ sdp: { type: 'answer', sdp: p.localDescription?.sdp ?? '' } });
      return t;
    },
    firstFrame: () => ff ?? Promise.reject(new Error('no call to watch')),
    raw() {
      const rec = hooks().pcs.find((r) => r.pc === pc);
      return {
        sdp: rec?.raw.sdpBytes ?? [],
        candidates: rec?.raw.candidateBytes ?? [],
        media: [...hooks().media],
        marks: { ...rec?.raw.marks },
      };
    },
    hangup(mode) {
      if (mode === 'xmpp') return call?.hangup();
      relaySend({ bye: true });
      pc?.getSenders().forEach((s) => s.track?.stop());
      pc?.close();
    },
    async ended(mode) {
      if (mode === 'xmpp') await until('the call to end', () => call?.state === 'ended');
      else await until('the peer connection to close', () => pc?.signalingState === 'closed');
      call = undefined;
      pc = undefined;
      ff = undefined;
      offer = undefined;
      pending = [];
      hooks().pcs.length = 0;
      hooks().media.length = 0;
    },
  };
}
