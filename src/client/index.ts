// The browser client's public surface: the web app imports from here and nowhere else. Its parts:
// connection/ (the XMPP stream), contacts/ (roster, presence, disco/caps), calls/ (Jingle calls),
// outage/ (what a lost stream does to them), and on top the Client facade (client.ts) with its
// API (api.ts), options and wiring, and the few files all parts share (errors, clock, xmpp, bytes).
// Shared pieces of the whole project (namespaces, InvalidStateError, TypedEmitter, the XEP-0115
// verification string) are the core's (src/jingle). A part imports another only through its index.ts.
export { createClient, DEFAULT_CAPS_NODE } from './client.js';
export type { Client, ClientEvents, ClientInternals, ClientOptions, Presence, Roster } from './api.js';
export { ClientError, InvalidStateError, CLIENT_ERROR_CODES } from './errors.js';
export type { ClientErrorCode } from './errors.js';
export { CONNECTION_STATES } from './connection/index.js';
export type { BackoffOptions, ConnectionState, FetchLike, SaslMechanismName } from './connection/index.js';
export { ADVERTISED_FEATURES, AVAILABILITY } from './contacts/index.js';
export type {
  Availability,
  CallCapability,
  ResourcePresence,
  RosterChange,
  RosterItem,
  SubscriptionEvent,
  Subscription,
} from './contacts/index.js';
export type { Clock } from './clock.js';
export {
  ACCEPT_CALLS_FROM,
  CALL_STATES,
  CHAT_STATES,
  CREATE_CALL_LINK_NODE,
  HISTORY_OUTCOMES,
} from './calls/index.js';
export type {
  AcceptCallsFrom,
  Call,
  CallDirection,
  CallEnd,
  CallEvents,
  CallHistoryEntry,
  CallLayerOptions,
  CallLink,
  CallLinkOptions,
  CallOptions,
  CallState,
  Calls,
  CallStats,
  ChatState,
  HistoryOutcome,
  MediaKind,
} from './calls/index.js';
