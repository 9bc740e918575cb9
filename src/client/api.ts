// The public surface of the client: options, events and the Client object. The web app imports
// these through index.ts only.
import type { IqCallee, IqCaller, XmppClient } from './xmpp.js';
import type { Element } from 'ltx';
import type { Clock } from './clock.js';
import type { ClientError } from './errors.js';
import type {
  Call,
  CallHistoryEntry,
  CallLayerOptions,
  CallLink,
  CallLinkOptions,
  CallOptions,
  Calls,
} from './calls/index.js';
import type {
  BackoffOptions,
  ConnectionState,
  FetchLike,
  LivenessOptions,
  SaslMechanismName,
} from './connection/index.js';
import type {
  Availability,
  CallCapability,
  ResourcePresence,
  RosterChange,
  RosterItem,
  SubscriptionEvent,
} from './contacts/index.js';

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
  mechanisms?: SaslMechanismName[];
  backoff?: Partial<BackoffOptions>;
  /** Default: 20 s for connect, auth, bind and SM enable together. */
  connectTimeoutMs?: number;
  /**
   * Dead-stream detection (liveness.ts): after `idleMs` with nothing received, an XEP-0198 <r/> (or
   * XEP-0199 ping) must be answered within `answerMs`, else the socket is closed and the client
   * resumes or reconnects. Default 20 s / 10 s; `idleMs: 0` turns it off.
   */
  liveness?: Partial<LivenessOptions>;
  /** XEP-0115 node: a URI for this software. */
  capsNode?: string;
  /** Features advertised in addition to ADVERTISED_FEATURES (e.g. by call handling). */
  extraFeatures?: string[];
  /** Fetch STUN/TURN via XEP-0215 on every new session. Default true. */
  iceServers?: boolean;
  fetch?: FetchLike;
  random?: () => number;
  clock?: Clock;
  /** Call handling (docs/calls.md): who may ring us, and injected WebRTC for tests. */
  calls?: CallLayerOptions;
}

export type ClientEvents = {
  state: [ConnectionState];
  online: [{ jid: string; resumed: boolean; mechanism: SaslMechanismName | undefined }];
  /** Connection problems (ClientError) and listener exceptions (whatever they threw). */
  error: [ClientError | Error];
  roster: [items: RosterItem[], change: RosterChange | undefined];
  /** Resources of one contact (bare JID) after a change; [] when all went offline. */
  presence: [bare: string, resources: ResourcePresence[]];
  /** `subscribe` asks for approval (approve/deny); the others report what contacts did. */
  subscription: [SubscriptionEvent];
  features: [fullJid: string, features: ReadonlySet<string>];
  iceServers: [RTCIceServer[]];
  /** A call rings (docs/calls.md); `accept()` or `decline()` it. */
  'incoming-call': [Call];
  /** A call ended or was turned away; `calls.history` holds every entry. */
  'call-history': [CallHistoryEntry];
};

export interface Roster {
  list(): RosterItem[];
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
  set(availability: Availability, status?: string): Promise<void>;
  own(): { availability: Availability; status: string | undefined };
  /** Online resources of a contact (bare JID). */
  of(bare: string): ResourcePresence[];
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
  readonly state: ConnectionState;
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
  canCall(bare: string, options?: { video?: boolean }): CallCapability[];
  iceServers(): RTCIceServer[];
  refreshIceServers(): Promise<RTCIceServer[]>;
  /** Calls a contact: JMI to the bare JID, or session-initiate to the best resource (docs/calls.md). */
  call(jid: string, options?: CallOptions): Call;
  readonly calls: Calls;
  /**
   * A call link from our server's bridge component (XEP-0050 command `urn:jingle-bridge:create-call-link`,
   * docs/component.md): rejects with the IQ's StanzaError (`condition`), a TimeoutError, or an Error
   * when the answer carries no link.
   */
  createCallLink(componentDomain: string, options: CallLinkOptions): Promise<CallLink>;
  readonly internals: ClientInternals;
}
