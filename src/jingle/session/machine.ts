// The pure XEP-0166 session machine: step(session, input) -> { session, effects }. No I/O, no clock
// (time arrives as `now` on every input), no randomness (refs are sid + counter).
import { sameJid } from '../jid.js';
import { NS_JINGLE_ICE_UDP_0, NS_JINGLE_ICE_UDP_1, NS_JINGLE_RTP_1 } from '../ns.js';
import { clearTimer, draftOf, reply, schedule, type Draft } from './draft.js';
import { onIntent } from './local.js';
import { parseJingle } from './parse.js';
import { settleRestart } from './restart.js';
import { onRemote } from './remote.js';
import { onReply } from './replies.js';
import { ACCEPTS, answersUnknownSession } from './state.js';
import { endSession } from './end.js';
import { flushCandidates } from './trickle.js';
import type { CreateSessionArgs, Input, IqInput, Session, StepResult } from './types.js';

const DEFAULTS = {
  candidateBatchMs: 0,
  peerSupportsRestart: true,
  peerGoneMs: 8000,
  applications: [NS_JINGLE_RTP_1],
  transports: [NS_JINGLE_ICE_UDP_1, NS_JINGLE_ICE_UDP_0],
};

/** A session in `idle`: an initiator then sends session-initiate, a responder applies a received one. */
export function createSession(args: CreateSessionArgs): Session {
  const { sid, role, self, peer, ...options } = args;
  return {
    sid,
    role,
    self,
    peer,
    state: 'idle',
    options: { ...DEFAULTS, ...options },
    contents: [],
    remoteApplied: false,
    localAccepted: false,
    bufferedRemote: [],
    seenCandidates: [],
    localQueue: [],
    refusedAdds: [],
    answered: [],
    outstanding: [],
    nextRef: 0,
    timers: {},
    lastHeard: 0,
    peerUnavailable: false,
    localGeneration: 0,
  };
}

export function step(session: Session, input: Input): StepResult {
  const d = draftOf(session);
  switch (input.kind) {
    case 'iq':
      onIq(d, input);
      break;
    case 'local':
      onIntent(d, input.intent, input.now);
      break;
    case 'iq-result':
    case 'iq-error':
    case 'iq-timeout':
      onReply(d, input);
      break;
    case 'tick':
      onTick(d, input.now);
      break;
    case 'peer-unavailable':
      // §6.7: unavailable presence ends the call only if nothing else is heard for a while.
      if (d.s.state === 'pending' || d.s.state === 'active') {
        d.s.peerUnavailable = true;
        schedule(d, 'peer-gone', input.now + d.s.options.peerGoneMs);
      }
      break;
    case 'peer-available':
      d.s.peerUnavailable = false;
      clearTimer(d, 'peer-gone');
      break;
  }
  settleRestart(d);
  return { session: d.s, effects: d.effects };
}

function onIq(d: Draft, iq: IqInput): void {
  // Sender first (anti-hijack): an IQ from anyone but the peer changes nothing and is not remembered.
  if (!sameJid(iq.from, d.s.peer)) {
    d.effects.push({ kind: 'error', to: iq.from, iqId: iq.id, error: 'unknown-session' });
    return;
  }
  // XEP-0198 re-send of an IQ-set we already answered: the same answer again, nothing else.
  const seen = d.s.answered.find((a) => a.id === iq.id);
  if (seen !== undefined) {
    d.effects.push(seen.reply);
    return;
  }
  const parsed = parseJingle(iq.jingle);
  if (!parsed.ok) return reply(d, iq.from, iq.id, 'bad-request');
  const j = parsed.jingle;
  if (j.sid !== d.s.sid) return reply(d, iq.from, iq.id, 'unknown-session');
  if (answersUnknownSession(d.s.state) && !(d.s.state === 'idle' && d.s.role === 'responder'))
    return reply(d, iq.from, iq.id, 'unknown-session');
  if (!ACCEPTS[d.s.state].has(j.action)) return reply(d, iq.from, iq.id, 'out-of-order');
  d.s.lastHeard = iq.now;
  if (d.s.peerUnavailable) {
    d.s.peerUnavailable = false;
    clearTimer(d, 'peer-gone');
  }
  onRemote(d, iq, j);
}

function onTick(d: Draft, now: number): void {
  const due = (t: keyof Session['timers']): boolean => {
    const at = d.s.timers[t];
    if (at === undefined || at > now) return false;
    clearTimer(d, t);
    return true;
  };
  if (due('candidates')) flushCandidates(d);
  if (due('peer-gone') && d.s.peerUnavailable) endSession(d, { cause: 'peer-gone' });
  if (due('accept-timeout') && d.s.state === 'pending') endSession(d, { cause: 'timeout' });
}
