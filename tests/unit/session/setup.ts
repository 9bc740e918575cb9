// Sessions in each state, reached through the engine itself (never built by hand).
import type { Element } from 'ltx';
import {
  createSession,
  step,
  type Input,
  type Session,
  type StepResult,
} from '../../../src/jingle/session/index.js';
import { ALICE, BOB, canon, content, description, jingle, transport, xml } from './helpers.js';

export const SID = 's1';
export const offerContents = (): Element[] => [
  xml(content('a0', description('audio') + transport('ia', 'ipa', '', 'actpass'))),
  xml(content('v0', description('video') + transport('ia', 'ipa', '', 'actpass'))),
];
export const answerContents = (): Element[] => [
  xml(content('a0', description('audio') + transport('ra', 'rpa', '', 'active'))),
  xml(content('v0', description('video') + transport('ra', 'rpa', '', 'active'))),
];
export const offerXml = (): string => offerContents().map(String).join('');
export const answerXml = (): string => answerContents().map(String).join('');

let ids = 0;
export const iq = (from: string, el: Element, id = `iq${++ids}`, now = 1000): Input => ({
  kind: 'iq',
  id,
  from,
  jingle: el,
  now,
});
export const local = (intent: Extract<Input, { kind: 'local' }>['intent'], now = 1000): Input => ({
  kind: 'local',
  intent,
  now,
});

export function run(s: Session, ...inputs: Input[]): StepResult {
  let r: StepResult = { session: s, effects: [] };
  for (const input of inputs) r = step(r.session, input);
  return r;
}

export const initiatorIdle = (opts = {}): Session =>
  createSession({ sid: SID, role: 'initiator', self: ALICE, peer: BOB, ...opts });
export const responderIdle = (opts = {}): Session =>
  createSession({ sid: SID, role: 'responder', self: BOB, peer: ALICE, ...opts });
export const initiatorPending = (opts = {}): Session =>
  run(initiatorIdle(opts), local({ kind: 'initiate', contents: offerContents() })).session;
export const initiatorActive = (opts = {}): Session =>
  run(initiatorPending(opts), iq(BOB, jingle('session-accept', SID, answerXml()), 'acc')).session;
export const responderPending = (opts = {}): Session =>
  run(responderIdle(opts), iq(ALICE, jingle('session-initiate', SID, offerXml()), 'ini')).session;
export const responderActive = (opts = {}): Session =>
  run(responderPending(opts), local({ kind: 'accept', contents: answerContents() })).session;

// Expected effects, written the way the engine emits them for session SID.
export const ev = (peer: string, event: object) => ({ kind: 'event', sid: SID, peer, event });
export const J = (action: string, inner: string, extra = '') => canon(jingle(action, SID, inner, extra));
export const timeout = (ref: string): Input => ({ kind: 'iq-timeout', ref, now: 2000 });
export const tieBreak = (ref: string): Input => ({
  kind: 'iq-error',
  ref,
  now: 2000,
  error: { condition: 'conflict', jingleCondition: 'tie-break' },
});
/** What ending the call ourselves looks like: a session-terminate with a readable reason. */
export const ended = (to: string, ref: string, condition: string, text: string) => [
  {
    kind: 'send',
    to,
    ref,
    jingle: J('session-terminate', `<reason><${condition}/><text>${text}</text></reason>`),
  },
  ev(to, { type: 'state', state: 'ended' }),
  ev(to, { type: 'terminated', reason: { condition, text }, by: 'local' }),
];
