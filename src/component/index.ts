// The component's public surface, for the call layer (echo media, guest <-> Jingle bridging) and tests.
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
