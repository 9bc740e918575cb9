// TEST DOUBLES for the call-layer unit tests: a fake RTCPeerConnection that writes plausible SDP (so the
// real translator runs on it), fake media, a manual clock and an in-memory XMPP network between call
// managers (IQ routing, bare-JID fan-out and XEP-0280 carbons). Nothing here ships.
import { Element, clone } from 'ltx';
import { parse } from 'sdp-transform';
import { bareJid } from '../../../../src/jingle/jid.js';
import { errorFromXml } from '../../../../src/jingle/session/index.js';
import type { CallEnvironment, IqOutcome } from '../../../../src/client/calls/types.js';
import { CallManager } from '../../../../src/client/calls/manager.js';
import type { CallManagerOptions, CallOptions } from '../../../../src/client/calls/types.js';
import type { KnownResource } from '../../../../src/jingle/jmi/index.js';
import type { Call } from '../../../../src/client/calls/call.js';

export class FakeTrack {
  enabled = true;
  readyState = 'live';
  constructor(
    readonly kind: 'audio' | 'video',
    readonly id: string,
  ) {}
  stop(): void {
    this.readyState = 'ended';
  }
}

export class FakeStream {
  constructor(
    readonly id: string,
    readonly tracks: FakeTrack[],
  ) {}
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
  addTrack(t: FakeTrack): void {
    this.tracks.push(t);
  }
}

let serial = 0;
export const fakeGetUserMedia = async (c: MediaStreamConstraints): Promise<MediaStream> => {
  const n = ++serial;
  const tracks: FakeTrack[] = [];
  if (c.audio) tracks.push(new FakeTrack('audio', `a${n}`));
  if (c.video) tracks.push(new FakeTrack('video', `v${n}`));
  return new FakeStream(`s${n}`, tracks) as unknown as MediaStream;
};

class FakeChannel extends EventTarget {
  readyState = 'open';
  peer: FakeChannel | undefined;
  constructor(readonly label: string) {
    super();
  }
  send(text: string): void {
    const peer = this.peer;
    if (peer !== undefined)
      setImmediate(() => peer.dispatchEvent(Object.assign(new Event('message'), { data: text })));
  }
  close(): void {
    this.readyState = 'closed';
  }
}

interface Tx {
  mid: string | null;
  kind: 'audio' | 'video';
  sender: { track: FakeTrack | null };
  receiver: { track: FakeTrack };
}

const registry = new Map<string, FakePeerConnection>();

/** Writes SDP in Chrome's shape: BUNDLE, rtcp-mux, one ufrag per pc, setup actpass/active. */
export class FakePeerConnection extends EventTarget {
  static all: FakePeerConnection[] = [];
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'new';
  /** false: gathering completes with no candidate (no usable network address, relay-only without TURN). */
  gathers = true;
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  readonly added: RTCIceCandidateInit[] = [];
  readonly tx: Tx[] = [];
  channel: FakeChannel | undefined;
  stats: Record<string, unknown>[] = [];
  /** The current ICE ufrag; an ICE restart (either side's) moves to a new one, pwd and ports too. */
  ufrag: string;
  /** ICE restarts this pc went through. */
  restarts = 0;
  #restartNeeded = false;
  #peer: FakePeerConnection | undefined;
  #nextMid = 0;

  constructor(readonly config: RTCConfiguration) {
    super();
    this.ufrag = `uf${FakePeerConnection.all.length}`;
    FakePeerConnection.all.push(this);
    registry.set(this.ufrag, this);
  }
  addTrack(track: FakeTrack): unknown {
    const free = this.tx.find((t) => t.kind === track.kind && t.sender.track === null);
    if (free) free.sender.track = track;
    else
      this.tx.push({
        mid: null,
        kind: track.kind,
        sender: { track },
        receiver: { track: new FakeTrack(track.kind, 'r') },
      });
    return {};
  }
  restartIce(): void {
    this.#restartNeeded = true;
  }
  createDataChannel(label: string): FakeChannel {
    this.channel = new FakeChannel(label);
    return this.channel;
  }
  getSenders() {
    return this.tx.map((t) => t.sender);
  }
  getTransceivers() {
    return this.tx;
  }
  async createOffer(options?: RTCOfferOptions) {
    if (options?.iceRestart === true) this.#restartNeeded = true;
    this.#restart();
    for (const t of this.tx) t.mid ??= String(this.#nextMid++);
    if (this.channel && this.#dataMid === undefined) this.#dataMid = String(this.#nextMid++);
    const sections = [
      ...this.tx.map((t) => ({
        mid: t.mid as string,
        kind: t.kind as string,
        send: t.sender.track !== null,
      })),
    ];
    if (this.#dataMid !== undefined) sections.push({ mid: this.#dataMid, kind: 'application', send: true });
    sections.sort((a, b) => Number(a.mid) - Number(b.mid));
    return { type: 'offer', sdp: this.#sdp(sections, 'actpass') };
  }
  #dataMid: string | undefined;
  async createAnswer() {
    this.#restart();
    const remote = parse(this.remoteDescription?.sdp ?? '');
    const sections = remote.media.map((m) => {
      const t = this.tx.find((x) => x.mid === String(m.mid));
      return {
        mid: String(m.mid),
        kind: m.type,
        send: m.type === 'application' || (t?.sender.track ?? null) !== null,
      };
    });
    return { type: 'answer', sdp: this.#sdp(sections, 'active') };
  }
  async setLocalDescription(d: { type: string; sdp: string }) {
    this.localDescription = d;
    const mids = parse(d.sdp).media.map((m) => String(m.mid));
    setImmediate(() => {
      this.#gathering('gathering');
      for (const mid of this.gathers ? mids.slice(0, 1) : []) {
        const port = 40000 + 100 * this.restarts + Number(mid);
        this.#candidate(`candidate:1 1 udp 2122260223 127.0.0.1 ${port} typ host generation 0`, mid);
        this.#candidate(`candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0`, mid);
      }
      this.#gathering('complete');
    });
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    const s = parse(d.sdp);
    if (s.media.length === 0) throw new Error('fake: empty remote description');
    const ufragOf = (x: typeof s) => String(x.media[0]?.iceUfrag ?? x.iceUfrag);
    // W3C webrtc-pc: an offer with new remote credentials is an ICE restart; our answer gets new ones.
    const before = this.remoteDescription === null ? undefined : ufragOf(parse(this.remoteDescription.sdp));
    if (d.type === 'offer' && before !== undefined && before !== ufragOf(s)) this.#restartNeeded = true;
    this.remoteDescription = d;
    for (const m of s.media) {
      if (m.type === 'application') {
        this.#dataMid = String(m.mid);
        continue;
      }
      if (d.type === 'offer' && !this.tx.some((t) => t.mid === String(m.mid))) {
        const kind = m.type as 'audio' | 'video';
        const free = this.tx.find((t) => t.kind === kind && t.mid === null);
        if (free) free.mid = String(m.mid);
        else
          this.tx.push({
            mid: String(m.mid),
            kind,
            sender: { track: null },
            receiver: { track: new FakeTrack(kind, 'r') },
          });
        const track = this.tx.find((t) => t.mid === String(m.mid))?.receiver.track;
        setImmediate(() => this.dispatchEvent(Object.assign(new Event('track'), { track, streams: [] })));
      }
    }
    this.#peer = registry.get(String(s.media[0]?.iceUfrag ?? s.iceUfrag));
    if (d.type === 'offer' && this.#peer?.channel !== undefined && this.channel === undefined) {
      this.channel = new FakeChannel('chat');
      this.channel.peer = this.#peer.channel;
      this.#peer.channel.peer = this.channel;
      const ch = this.channel;
      setImmediate(() => this.dispatchEvent(Object.assign(new Event('datachannel'), { channel: ch })));
    }
  }
  async addIceCandidate(c: RTCIceCandidateInit) {
    this.added.push(c);
  }
  async getStats() {
    return new Map(this.stats.map((s) => [String(s['id']), s]));
  }
  close() {
    this.connectionState = 'closed';
  }
  /** The test decides when ICE connects or drops. */
  setConnectionState(s: RTCPeerConnectionState) {
    this.connectionState = s;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
  /** W3C webrtc-pc: each description with new ICE credentials starts a gathering round. */
  #gathering(state: RTCIceGatheringState): void {
    if (this.iceGatheringState === state) return;
    this.iceGatheringState = state;
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }
  #restart(): void {
    if (!this.#restartNeeded) return;
    this.#restartNeeded = false;
    this.restarts += 1;
    this.ufrag = `${this.ufrag.replace(/r\d+$/, '')}r${this.restarts}`;
    registry.set(this.ufrag, this);
  }
  #candidate(candidate: string, sdpMid: string) {
    // Like browsers (W3C webrtc-pc, localDescription): a gathered candidate is also in the SDP.
    const d = this.localDescription;
    if (d !== null) this.localDescription = { ...d, sdp: withCandidate(d.sdp, sdpMid, candidate) };
    const init = { candidate, sdpMid, sdpMLineIndex: 0, usernameFragment: this.ufrag };
    this.dispatchEvent(
      Object.assign(new Event('icecandidate'), { candidate: { ...init, toJSON: () => init } }),
    );
  }
  #sdp(sections: { mid: string; kind: string; send: boolean }[], setup: string): string {
    const lines = [
      'v=0',
      'o=- 1 2 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      `a=group:BUNDLE ${sections.map((x) => x.mid).join(' ')}`,
    ];
    for (const x of sections) {
      if (x.kind === 'application') lines.push('m=application 9 UDP/DTLS/SCTP webrtc-datachannel');
      else if (x.kind === 'audio')
        lines.push(
          'm=audio 9 UDP/TLS/RTP/SAVPF 111',
          'a=rtpmap:111 opus/48000/2',
          'a=fmtp:111 minptime=10;useinbandfec=1',
        );
      else lines.push('m=video 9 UDP/TLS/RTP/SAVPF 96', 'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 nack');
      lines.push(
        'c=IN IP4 0.0.0.0',
        `a=ice-ufrag:${this.ufrag}`,
        `a=ice-pwd:${this.restarts === 0 ? 'abcdefghijklmnopqrstuvwx' : `restartedpwd${this.restarts}abcdefghijkl`}`,
        'a=ice-options:trickle',
      );
      lines.push(
        'a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
      );
      lines.push(`a=setup:${setup}`, `a=mid:${x.mid}`);
      if (x.kind === 'application') lines.push('a=sctp-port:5000', 'a=max-message-size:262144');
      else lines.push(x.send ? 'a=sendrecv' : 'a=recvonly', 'a=rtcp-mux');
    }
    return lines.join('\r\n') + '\r\n';
  }
}

/** The SDP with `a=<candidate>` appended to the m-section of this mid. */
function withCandidate(sdp: string, mid: string, candidate: string): string {
  const sections = sdp.split(/\r\n(?=m=)/);
  const i = sections.findIndex((x) => x.includes(`\r\na=mid:${mid}\r\n`));
  const at = sections[i];
  if (at === undefined) return sdp;
  sections[i] = at.endsWith('\r\n') ? `${at}a=${candidate}\r\n` : `${at}\r\na=${candidate}`;
  return sections.join('\r\n');
}

/** setTimeout that only fires when the test advances time. */
export class ManualClock {
  t = 1_000_000;
  #tasks: { at: number; fn: () => void; id: number }[] = [];
  #id = 0;
  now = (): number => this.t;
  /** Timers armed and not yet fired or cleared. */
  pending = (): number => this.#tasks.length;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.#id;
    this.#tasks.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.#tasks = this.#tasks.filter((x) => x.id !== h);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.#tasks.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#tasks = this.#tasks.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

/** One line per stanza on the wire, what a reviewer would read in an XML console. */
export interface WireLine {
  from: string;
  to: string;
  what: string;
}

const NS_CARBONS = 'urn:xmpp:carbons:2';

export class FakeNetwork {
  readonly wire: WireLine[] = [];
  /** Every Jingle payload sent, in wire order, for tests that read inside stanzas. */
  readonly jingles: { from: string; to: string; jingle: Element }[] = [];
  readonly managers = new Map<string, CallManager>();
  readonly contacts = new Map<string, Set<string>>();
  readonly features = new Map<string, string[]>();
  readonly clock = new ManualClock();
  /** Camera and mic of every device on this network; tests swap it to delay or refuse them. */
  getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream> = fakeGetUserMedia;
  #pending = 0;

  add(jid: string, features: string[], options: CallManagerOptions = {}): CallManager {
    let n = 0;
    const env: CallEnvironment = {
      own: () => jid,
      sendIq: (to, jingle) => this.#iq(jid, to, jingle),
      sendMessage: (stanza) => this.#message(jid, stanza),
      resources: (bare) =>
        [...this.managers.keys()]
          .filter((k) => bareJid(k) === bare)
          .map((k): KnownResource => ({ jid: k, features: this.features.get(k) ?? [] })),
      isContact: (bare) => this.contacts.get(bareJid(jid))?.has(bare) ?? false,
      iceServers: () => [{ urls: 'stun:127.0.0.1:3478' }],
      clock: this.clock,
      newId: () => `${jid.split('@')[0]}-${++n}`,
      peerConnection: (c) => new FakePeerConnection(c) as unknown as RTCPeerConnection,
      getUserMedia: (c) => this.getUserMedia(c),
    };
    const m = new CallManager(env, options);
    this.managers.set(jid, m);
    this.features.set(jid, features);
    return m;
  }

  befriend(a: string, b: string): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = this.contacts.get(x) ?? new Set();
      set.add(y);
      this.contacts.set(x, set);
    }
  }

  /** Lets every queued delivery, promise and fake event run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setImmediate(r));
      if (this.#pending === 0 && i > 5) return;
    }
  }

  #iq(from: string, to: string, jingle: Element): Promise<IqOutcome> {
    this.wire.push({ from, to, what: `iq ${String(jingle.attrs['action'])}${infoOf(jingle)}` });
    this.jingles.push({ from, to, jingle: clone(jingle) });
    this.#pending++;
    return new Promise((resolve) =>
      setImmediate(() => {
        this.#pending--;
        const target = this.managers.get(to);
        if (!target)
          return resolve({ kind: 'error', error: { type: 'cancel', condition: 'service-unavailable' } });
        const r = target.handleIq({ id: `iq${this.wire.length}`, from, jingle: clone(jingle) });
        if (r !== true) this.wire.push({ from: to, to: from, what: `iq-error ${errorFromXml(r).condition}` });
        // The reply travels on the callee's stream after whatever it sent before (stanza order).
        this.#pending++;
        setImmediate(() => {
          this.#pending--;
          resolve(r === true ? { kind: 'result' } : { kind: 'error', error: errorFromXml(r) });
        });
      }),
    );
  }

  #message(from: string, stanza: Element): void {
    const to = String(stanza.attrs['to']);
    const payload = stanza.getChildElements()[0];
    this.wire.push({ from, to, what: `jmi ${payload?.name ?? '?'}${reasonOf(payload)}` });
    const inner = clone(stanza);
    inner.attrs['from'] = from;
    const targets = to.includes('/') ? [to] : [...this.managers.keys()].filter((k) => bareJid(k) === to);
    const carbons: [string, 'sent' | 'received'][] = [
      ...[...this.managers.keys()]
        .filter((k) => bareJid(k) === bareJid(from) && k !== from)
        .map((k): [string, 'sent'] => [k, 'sent']),
      ...(to.includes('/')
        ? [...this.managers.keys()]
            .filter((k) => bareJid(k) === bareJid(to) && k !== to)
            .map((k): [string, 'received'] => [k, 'received'])
        : []),
    ];
    this.#pending++;
    setImmediate(() => {
      this.#pending--;
      for (const t of targets) this.managers.get(t)?.handleMessage(clone(inner));
      for (const [t, kind] of carbons) {
        const wrap = new Element('message', { from: bareJid(t), to: t, type: 'chat' });
        wrap
          .c(kind, { xmlns: NS_CARBONS })
          .c('forwarded', { xmlns: 'urn:xmpp:forward:0' })
          .cnode(clone(inner));
        this.managers.get(t)?.handleMessage(wrap);
      }
    });
  }
}

function infoOf(jingle: Element): string {
  const kid = jingle.getChildElements().find((c) => c.name !== 'content' && c.name !== 'group');
  if (kid === undefined) return '';
  if (kid.name === 'reason') return ` (${kid.getChildElements()[0]?.name ?? ''})`;
  return ` (${kid.name}${kid.attrs['name'] !== undefined ? ` ${String(kid.attrs['name'])}` : ''})`;
}

function reasonOf(payload: Element | undefined): string {
  const r = payload?.getChild('reason');
  return r === undefined ? '' : ` (${r.getChildElements()[0]?.name ?? ''})`;
}

/**
 * Two devices with our features, contacts of each other: the first calls the second's bare JID and
 * the second accepts. Returns once the answer has gone round (no clock advanced).
 */
export async function answeredCall(caller: string, callee: string, features: readonly string[]) {
  const net = new FakeNetwork();
  const alice = net.add(caller, [...features]);
  const bob = net.add(callee, [...features]);
  net.befriend(bareJid(caller), bareJid(callee));
  const { call, theirs } = await placeAndAccept(net, alice, bob, bareJid(callee));
  return { net, alice, bob, call, theirs };
}

/** `caller` calls `to`, the first call ringing at `callee` is accepted; everything delivered. */
export async function placeAndAccept(
  net: FakeNetwork,
  caller: CallManager,
  callee: CallManager,
  to: string,
  options?: CallOptions,
): Promise<{ call: Call; theirs: Call }> {
  const incoming = new Promise<Call>((resolve) => {
    const off = callee.events.on('incoming-call', (c) => (off(), resolve(c)));
  });
  const call = caller.call(to, options);
  await net.settle();
  const theirs = await incoming;
  await theirs.accept();
  await net.settle();
  return { call, theirs };
}
