// XEP-0166 §6.7: the sender of session-terminate MUST consider the session ended immediately; the
// receiver acks it. Either way nothing is pending afterwards.
import type { Reason } from '../reason.js';
import { jingleEl } from './build.js';
import { emit, send, setState, type Draft } from './draft.js';
import { outgoingReason, type TerminateCause } from './reasons.js';
import { reasonToXml } from '../reason.js';

function clear(d: Draft): void {
  d.s.outstanding = [];
  d.s.timers = {};
  d.s.localQueue = [];
  d.s.bufferedRemote = [];
  d.s.restart = undefined;
}

/** We end the call: pending|active --session-terminate(sent)--> ended, idle --terminate--> ended (nothing sent). */
export function endSession(d: Draft, how: { cause?: TerminateCause; reason?: Reason }): void {
  if (d.s.state === 'ended') return;
  const reason = outgoingReason(how.cause, how.reason);
  if (d.s.state === 'pending' || d.s.state === 'active') {
    const el = jingleEl(d.s, 'session-terminate');
    el.cnode(reasonToXml(reason));
    send(d, el, 'session-terminate');
  }
  clear(d);
  d.s.reason = reason;
  setState(d, 'ended');
  emit(d, { type: 'terminated', reason, by: 'local' });
}

/** The call ended without us sending anything: the peer terminated, refused, or forgot the session. */
export function endedBy(d: Draft, reason: Reason, by: 'peer' | 'error'): void {
  if (d.s.state === 'ended') return;
  clear(d);
  d.s.reason = reason;
  setState(d, 'ended');
  emit(d, { type: 'terminated', reason, by });
}
