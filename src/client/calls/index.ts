// Calls: WebRTC calls over Jingle (XEP-0166/0167/0176/0320, XEP-0343 chat) set up directly or with
// Jingle Message Initiation (XEP-0353). The manager (manager.ts) owns the two engine drivers and the
// bookkeeping; each Call (call.ts) owns its peer connection and its parts; wire.ts plugs the manager
// into the client's XMPP plumbing, and ice-servers.ts fetches STUN/TURN (XEP-0215). It may import the
// core (src/jingle) and the shared files at the top of src/client (errors, clock, xmpp);
// nothing of connection/ or contacts/ (the client hands in what it needs through narrow interfaces).
export { createCallLayer } from './wire.js';
export type { CallClient, CallLayer, CallLayerHooks } from './wire.js';
export { CallManager } from './manager.js';
export type { CallManagerEvents } from './manager.js';
export type { CallImpl } from './call.js';
export type { Call, Calls } from './api.js';
export { IceServers } from './ice-servers.js';
export { CREATE_CALL_LINK_NODE, requestCallLink } from './call-link.js';
export type { CallLink, CallLinkOptions } from './call-link.js';
export { CALL_STATES } from './state.js';
export type { CallDirection, CallState } from './state.js';
export { ACCEPT_CALLS_FROM, CHAT_STATES, HISTORY_OUTCOMES } from './types.js';
export type {
  AcceptCallsFrom,
  CallEnd,
  CallEvents,
  CallHistoryEntry,
  CallLayerOptions,
  CallOptions,
  ChatState,
  HistoryOutcome,
  MediaKind,
} from './types.js';
export type { CallStats } from './stats.js';
