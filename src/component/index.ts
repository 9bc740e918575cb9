// src/component: the XEP-0114 adapter (docs/component.md): the XMPP connection and router, echo@,
// call links (XEP-0050) and the guest WebSocket, and calls/ (echo calls and the guest <-> Jingle
// bridge, which run the core's session and JMI engines). It may import the core (src/jingle),
// node:*, @xmpp/component, ws and werift (echo media), never src/client or web/. This index is its
// public surface, for the stack and tests.
export { createBridgeComponent, type BridgeComponent, type Logger } from './bridge.js';
export { parseConfig, type ComponentConfig, type ConfigResult } from './config.js';
export { helpText } from './settings.js';
export { XmppRouter, type EntityHandler, type IqOutcome } from './router.js';
export { ComponentConnection, type ConnectionEvents } from './xmpp.js';
export { StanzaError, TimeoutError } from './iq-requests.js';
export { GuestRegistry, type GuestEvents } from './guest/registry.js';
export { GuestSession, GUEST_END, type GuestState } from './guest/session.js';
export { InvalidStateError } from '../jingle/errors.js';
export type { ClientMessage, ServerMessage, GuestCandidate, GuestErrorCode } from './guest/protocol.js';
export { EchoEntity } from './echo.js';
export { signLink, verifyLink, type CallLink, type LinkUse, type LinkProblem } from './token.js';
export { STANZA_ERRORS, errorReply, type StanzaErrorName } from './stanza-errors.js';
