// What a test gets from a private XMPP server harness, whichever server it is (prosody.ts, ejabberd.ts),
// so the same tests and helpers (echo-call.ts) run against either.
export interface XmppServerHandle {
  domain: string;
  componentDomain: string;
  componentSecret: string;
  httpPort: number;
  componentPort: number;
  /** ws://127.0.0.1:<httpPort>/xmpp-websocket */
  wsUrl: string;
  turn?: { host: string; port: number; secret: string };
  dir: string;
  /** PIDs of the server processes this handle started (empty after stop). */
  pids: () => number[];
  register(user: string, password: string): Promise<void>;
  /** Mutual 'both' subscription; call it before either user logs in (servers cache online rosters). */
  makeContacts(a: string, b: string): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}
