// The browser client's public surface: the web app imports from here and nowhere else.
export { createClient, DEFAULT_CAPS_NODE } from './client.js';
export type { Client, ClientEvents, ClientInternals, ClientOptions, Presence, Roster } from './api.js';
export { ClientError, InvalidStateError, CLIENT_ERROR_CODES } from './errors.js';
export type { ClientErrorCode } from './errors.js';
export { CONNECTION_STATES } from './states.js';
export type { ConnectionState } from './states.js';
export { AVAILABILITY } from './presence.js';
export type { Availability, ResourcePresence, SubscriptionEvent } from './presence.js';
export type { RosterItem, RosterChange, Subscription } from './roster.js';
export { ADVERTISED_FEATURES } from './features.js';
export type { CallCapability } from './features.js';
export type { SaslMechanismName } from './sasl.js';
export type { BackoffOptions } from './backoff.js';
export type { Clock } from './clock.js';
export type { FetchLike } from './hostmeta.js';
export type { Call } from './call.js';
export { CALL_STATES } from './call-state.js';
export type { CallState, CallDirection } from './call-state.js';
export { ACCEPT_CALLS_FROM, CHAT_STATES, HISTORY_OUTCOMES } from './call-types.js';
export type {
  AcceptCallsFrom,
  CallEnd,
  CallEvents,
  CallHistoryEntry,
  CallOptions,
  ChatState,
  HistoryOutcome,
  MediaKind,
} from './call-types.js';
export type { CallLayerOptions, Calls } from './call-wire.js';
export type { CallStats } from './stats.js';
