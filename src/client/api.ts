// The public surface of the client: options, events and the Client object. The web app imports
// these through index.ts only.
import type { IqCallee, IqCaller, XmppClient } from './xmpp.js';
import type { Element } from 'ltx';
import type { Clock } from './clock.js';
import type { ClientError } from './errors.js';
import type * as calls from './calls/index.js';
import type * as conn from './connection/index.js';
import type * as contacts from './contacts/index.js';

export interface ClientOptions {
  /** `user@domain`; a resource here is used unless `resource` is given. */
  jid: string;
  password: string;
  /** `wss://…/xmpp-websocket`. Omitted: discovered from the domain (XEP-0156). */
  service?: string;
  /**
   * Every WebSocket endpoint of a cluster (`/config.json` `services`, docs/scaling.md). When the
   * connection is lost, reconnect attempts after the first go to the next endpoint in turn.
   */
  services?: readonly string[];
  resource?: string;
  /** Allowed SASL mechanisms; the strongest one offered wins. Default: all three. */
  mechanisms?: conn.SaslMechanismName[];
  backoff?: Partial<conn.BackoffOptions>;
  /** Default: 20 s for connect, auth, bind and SM enable together. */
  connectTimeoutMs?: number;
  /**
   * Dead-stream detection (liveness.ts): after `idleMs` with nothing received, an XEP-0198 <r/> (or
   * XEP-0199 ping) must be answered within `answerMs`, else the socket is closed and the client
   * resumes or reconnects. Default 20 s / 10 s; `idleMs: 0` turns it off.
   */
  liveness?: Partial<conn.LivenessOptions>;
  /** XEP-0115 node: a URI for this software. */
  capsNode?: string;
  /** Features advertised in addition to ADVERTISED_FEATURES (e.g. by call handling). */
  extraFeatures?: string[];
  /** Fetch STUN/TURN via XEP-0215 on every new session. Default true. */
  iceServers?: boolean;
  fetch?: conn.FetchLike;
  random?: () => number;
  clock?: Clock;
  /** Call handling (docs/calls.md): who may ring us, and injected WebRTC for tests. */
  calls?: calls.CallLayerOptions;
}

export type ClientEvents = {
  state: [conn.ConnectionState];
  online: [{ jid: string; resumed: boolean; mechanism: conn.SaslMechanismName | undefined }];
  /** Connection problems (ClientError) and listener exceptions (whatever they threw). */
  error: [ClientError | Error];
  roster: [items: contacts.RosterItem[], change: contacts.RosterChange | undefined];
  /** Resources of one contact (bare JID) after a change; [] when all went offline. */
  presence: [bare: string, resources: contacts.ResourcePresence[]];
  /** `subscribe` asks for approval (approve/deny); the others report what contacts did. */
  subscription: [contacts.SubscriptionEvent];
  features: [fullJid: string, features: ReadonlySet<string>];
  iceServers: [RTCIceServer[]];
  /** A call rings (docs/calls.md); `accept()` or `decline()` it. */
  'incoming-call': [calls.Call];
  /** A call ended or was turned away; `calls.history` holds every entry. */
  'call-history': [calls.CallHistoryEntry];
};

export interface Roster {
  list(): contacts.RosterItem[];
  /** Adds (or updates) a roster item and, unless `subscribe: false`, asks for their presence. */
  add(jid: string, options?: { name?: string; groups?: string[]; subscribe?: boolean }): Promise<void>;
  remove(jid: string): Promise<void>;
  rename(jid: string, name: string): Promise<void>;
  /** Answer a `subscription` event of kind `subscribe`. */
  approve(jid: string): Promise<void>;
  deny(jid: string): Promise<void>;
  subscribe(jid: string): Promise<void>;
}

export interface Presence {
  /** Our availability, re-sent on every new session. */
  set(availability: contacts.Availability, status?: string): Promise<void>;
  own(): { availability: contacts.Availability; status: string | undefined };
  /** Online resources of a contact (bare JID). */
  of(bare: string): contacts.ResourcePresence[];
}

/** For call handling inside src/client (not for the web app): the raw XMPP plumbing. */
export interface ClientInternals {
  xmpp: XmppClient;
  iqCaller: IqCaller;
  iqCallee: IqCallee;
  /** Incoming message/presence stanzas; handler errors are reported, never thrown. */
  onStanza(name: 'message' | 'presence' | 'iq', handler: (stanza: Element) => void): () => void;
  send(stanza: Element): Promise<void>;
  /** Stanzas we sent that the server never acknowledged, when a session could not be resumed (XEP-0198 §4). */
  onLost(handler: (stanza: Element) => void): () => void;
}

export interface Client {
  readonly state: conn.ConnectionState;
  /** Our full JID once bound. */
  readonly jid: string | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  on<K extends keyof ClientEvents>(event: K, listener: (...args: ClientEvents[K]) => void): () => void;
  off<K extends keyof ClientEvents>(event: K, listener: (...args: ClientEvents[K]) => void): void;
  readonly roster: Roster;
  readonly presence: Presence;
  /** Features of a contact's resource, learned from caps / disco#info; undefined until known. */
  features(fullJid: string): ReadonlySet<string> | undefined;
  /** Resources of this contact that can take an audio (or video) call, and whether they speak JMI. */
  canCall(bare: string, options?: { video?: boolean }): contacts.CallCapability[];
  iceServers(): RTCIceServer[];
  refreshIceServers(): Promise<RTCIceServer[]>;
  /** Calls a contact: JMI to the bare JID, or session-initiate to the best resource (docs/calls.md). */
  call(jid: string, options?: calls.CallOptions): calls.Call;
  readonly calls: calls.Calls;
  /**
   * A call link from our server's bridge component (XEP-0050 command `urn:jingle-bridge:create-call-link`,
   * docs/component.md): rejects with the IQ's StanzaError (`condition`), a TimeoutError, or an Error
   * when the answer carries no link.
   */
  createCallLink(componentDomain: string, options: calls.CallLinkOptions): Promise<calls.CallLink>;
  readonly internals: ClientInternals;
}
