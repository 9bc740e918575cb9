// src/jingle: the pure core (docs/architecture.md). It holds the SDP <-> Jingle translator (sdp/ walks
// the rows, xml/ holds one file per XEP), the XEP-0166 session engine (session/), the XEP-0353
// machine (jmi/) and the pieces the adapters share (namespaces, errors, the typed emitter, caps,
// backoff, jid helpers). It may import only sdp-transform and ltx: no DOM, no @xmpp/*, no node:*,
// no timers, no clock, no randomness (tsconfig: lib ES2022, no types). This index is the package's
// public surface; keep it small (docs/reference/house-style.md §11.2.10).
export * from './constants.js';
export * from './ns.js';
export * from './reason.js';
export { InvalidStateError, JingleParseError } from './errors.js';
export * from './sdp/index.js';
