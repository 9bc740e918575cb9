// Runs inside the test page, bundled with StanzaJS (node_modules/stanza) by tests/support/stanza-page.ts:
// an independent Jingle stack as a call peer. Everything Jingle here is StanzaJS's own code
// (client.jingle, MediaSession); this file only signs in, wires a camera to a session, shows the
// remote stream and records what happened, so Node can assert it. Exposed as `window.stanzaPeer`.
import { createClient } from 'stanza';
import type { Agent, Jingle } from 'stanza';

type MediaSession = Jingle.MediaSession;
type Session = Jingle.Session;

/** One line of the page's record: a stanza on the wire or a session event. */
export interface StanzaPeerEvent {
  at: number;
  kind: 'out' | 'in' | 'event' | 'log';
  text: string;
}

export interface StanzaSessionView {
  sid: string;
  peer: string;
  role: string;
  state: string;
  connectionState: string;
  /** StanzaJS announced the incoming session (its session-initiate applied): it can be accepted. */
  announced: boolean;
  terminatedAt?: number;
  /** The reason condition of the session-terminate (sent or received). */
  reason?: string;
}

export interface StanzaPeer {
  login(opts: { service: string; jid: string; password: string }): Promise<string>;
  /** Full JIDs of `bare`'s available resources, as presence announced them. */
  resourcesOf(bare: string): string[];
  /** StanzaJS's ICE servers after XEP-0215 discovery (and the `?transport=udp` repair). */
  iceServers(): RTCIceServer[];
  /** The URLs XEP-0215 gave StanzaJS before the repair. */
  discoveredUrls(): string[];
  call(fullJid: string): Promise<string>;
  /** Accepts the newest pending incoming session with camera and microphone. */
  accept(): Promise<string>;
  /** Ends the current session with reason success (nothing when it has ended). */
  hangup(): void;
  sessions(): StanzaSessionView[];
  record(): StanzaPeerEvent[];
}

declare global {
  interface Window {
    stanzaPeer: StanzaPeer;
  }
}

let client: Agent | undefined;
const record: StanzaPeerEvent[] = [];
const presence = new Map<string, Set<string>>();
const announced = new Set<string>();
const terminated = new Map<string, { terminatedAt: number; reason?: string }>();
let discovered: string[] = [];
let current: MediaSession | undefined;
/** Every session StanzaJS made, also after it forgot the ended ones. */
const seen = new Map<string, Session>();

const note = (kind: StanzaPeerEvent['kind'], text: string) => record.push({ at: Date.now(), kind, text });
const bareOf = (jid: string) => jid.split('/')[0] ?? jid;

function remoteVideo(): HTMLVideoElement {
  let v = document.querySelector<HTMLVideoElement>('video[aria-label="Remote video"]');
  if (v === null) {
    v = document.createElement('video');
    v.setAttribute('aria-label', 'Remote video');
    v.autoplay = true;
    v.muted = true; // autoplay without a gesture; audio is checked through RTP statistics
    v.playsInline = true;
    document.body.append(v);
  }
  return v;
}

function agent(): Agent {
  if (client === undefined) throw new Error('stanzaPeer.login first');
  return client;
}

async function camera(session: MediaSession): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  for (const track of stream.getTracks()) await session.addTrack(track, stream);
}

function isMedia(session: Session): session is MediaSession {
  return 'pc' in session && 'addTrack' in session;
}

window.stanzaPeer = {
  async login({ service, jid, password }) {
    // iceServers: [] replaces StanzaJS's default public STUN server: only what XEP-0215 gives (loopback).
    const c = createClient({
      jid,
      password,
      transports: { websocket: service, bosh: false },
      jingle: { iceServers: [], trickleIce: true },
    });
    client = c;
    c.on('raw:outgoing', (xml) => note('out', xml));
    c.on('raw:incoming', (xml) => note('in', xml));
    c.jingle.on('log', (level: string, message: string) => {
      if (level === 'error') note('log', message);
    });
    c.on('available', (p) => {
      if (p.from === undefined) return;
      const set = presence.get(bareOf(p.from)) ?? new Set<string>();
      set.add(p.from);
      presence.set(bareOf(p.from), set);
    });
    c.on('unavailable', (p) => {
      if (p.from !== undefined) presence.get(bareOf(p.from))?.delete(p.from);
    });
    c.on('jingle:created', (session) => void seen.set(session.sid, session));
    c.on('jingle:incoming', (session) => {
      note('event', `incoming ${session.sid} from ${session.peerID}`);
      announced.add(session.sid);
      if (isMedia(session)) current = session;
    });
    c.on('jingle:accepted', (session) => note('event', `accepted ${session.sid}`));
    c.on('jingle:terminated', (session, reason) => {
      terminated.set(session.sid, { terminatedAt: Date.now(), reason: reason?.condition });
      note('event', `terminated ${session.sid} ${reason?.condition ?? ''}`);
    });
    c.jingle.on('peerTrackAdded', (_session: Session, track: MediaStreamTrack, stream?: MediaStream) => {
      note('event', `remote ${track.kind} track`);
      const v = remoteVideo();
      if (stream !== undefined && v.srcObject !== stream) v.srcObject = stream;
    });
    const bound = new Promise<string>((resolve, reject) => {
      c.once('session:started', () => resolve(c.jid));
      c.once('--transport-disconnected', () =>
        reject(new Error('StanzaJS: disconnected before the session started')),
      );
    });
    c.connect();
    const full = await bound;
    await c.getRoster();
    await c.discoverICEServers();
    discovered = c.jingle.iceServers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
    // StanzaJS's addICEServer writes every XEP-0215 service as `type:host:port?transport=…`, also
    // `stun:`, whose URI has no query part (RFC 7064 §3.1); Chromium refuses the RTCPeerConnection.
    // Its bug, not ours: repair the STUN URLs, keep the TURN ones (RFC 7065 allows `?transport=`).
    c.jingle.iceServers = c.jingle.iceServers.map((s) => ({
      ...s,
      urls: (Array.isArray(s.urls) ? s.urls : [s.urls]).map((u) =>
        /^stuns?:/.test(u) ? u.replace(/\?.*$/, '') : u,
      ),
    }));
    c.sendPresence();
    return full;
  },

  resourcesOf: (bare) => [...(presence.get(bare) ?? [])],
  iceServers: () => agent().jingle.iceServers,
  discoveredUrls: () => discovered,

  async call(fullJid) {
    const session = agent().jingle.createMediaSession(fullJid);
    current = session;
    await camera(session);
    await session.start();
    return session.sid;
  },

  async accept() {
    const session = current;
    if (session === undefined || session.state !== 'pending') throw new Error('no pending incoming session');
    await camera(session);
    await session.accept();
    return session.sid;
  },

  hangup() {
    if (current !== undefined && current.state !== 'ended') current.end('success');
  },

  sessions: () =>
    [...seen.values()].map((s) => ({
      sid: s.sid,
      peer: s.peerID,
      role: s.role,
      state: s.state,
      connectionState: s.connectionState,
      announced: announced.has(s.sid),
      ...terminated.get(s.sid),
    })),

  record: () => record,
};
