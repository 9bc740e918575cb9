// Public surface of the XEP-0166 session engine (docs/session-engine.md).
export { createSession, step } from './machine.js';
export { createSessionTable, openSession, routeIq, stepTable, tickAll, sessionKey } from './router.js';
export type { SessionTable, TableResult } from './router.js';
export { ENDED_SESSIONS_KEPT } from './retention.js';
export { JINGLE_ERRORS, errorToXml, errorFromXml } from './errors.js';
export { InvalidStateError } from '../errors.js';
export type { JingleErrorName, StanzaErrorInfo } from './errors.js';
export { ACCEPTS, TRANSITIONS, transitionName, SessionState } from './state.js';
export { TERMINATE_CAUSES, REASON_TEXTS } from './reasons.js';
export type { TerminateCause } from './reasons.js';
export type { SessionInfo } from './info.js';
export type {
  Session,
  SessionOptions,
  CreateSessionArgs,
  Input,
  Intent,
  Effect,
  SessionEvent,
  StepResult,
} from './types.js';
