// The XMPP connection of the browser client: @xmpp/client over WebSocket (RFC 7395) found through
// XEP-0156 host-meta, our own SASL with SCRAM and SASLprep (RFC 6120 §6, RFC 5802, RFC 4013), XEP-0198
// stream management and resumption, the dead-stream check (XEP-0198 <r/> / XEP-0199 ping), the
// reconnect backoff and the connection states the user sees. It may import the core (src/jingle) and
// the shared files at the top of src/client (errors, clock, bytes, xmpp); nothing of contacts/ or calls/.
export { Connection } from './connection.js';
export type { ConnectionHooks, ConnectionOptions } from './connection-options.js';
export { DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { DEFAULT_LIVENESS } from './liveness.js';
export type { LivenessOptions } from './liveness.js';
export { SASL_PREFERENCE } from './sasl.js';
export type { SaslMechanismName } from './sasl.js';
export { CONNECTION_STATES } from './states.js';
export type { ConnectionState } from './states.js';
export { discoverWebSocket } from './hostmeta.js';
export type { FetchLike } from './hostmeta.js';
