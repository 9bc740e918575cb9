// src/jingle/session: the XEP-0166 session engine (docs/session-engine.md). state.ts is the
// transition table, machine.ts the pure step(session, input) -> { session, effects }, router.ts
// routes IQs to sessions by (peer, sid) with the tie-break, errors.ts the peer-facing error registry;
// the other files are the step's handlers. Imports only the core's top-level files and ltx: effects
// are data that the adapters (src/client, src/component) run.
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
