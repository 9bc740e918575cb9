// Carrying out the session engine's effects (src/jingle/session/types.ts) for the call manager. A
// session is (peer full JID, sid) (XEP-0166 §7.2): events and timers carry both and reach only the Call
// of that peer; `peer`/`sid` arguments name the session a routed IQ's remote-description/-candidates
// came from (tickAll batches have none).
import type { Element } from 'ltx';
import { sessionKey, type Effect } from '../jingle/session/index.js';
import type { Reason } from '../jingle/reason.js';
import type { CallImpl } from './call.js';

export interface SessionEffectSink {
  /** The Call whose session is (peer, sid); never one with the same id but another peer. */
  callFor(peer: string, sid: string): CallImpl | undefined;
  sendIq(to: string, jingle: Element, ref: string): void;
  schedule(key: string, at: number, fire: () => void): void;
  tickSessions(): void;
  incomingSession(sid: string, peer: string): void;
  sessionEnded(call: CallImpl, reason: Reason, by: 'local' | 'peer' | 'error'): void;
  sessionActive(call: CallImpl): void;
  sessionState(call: CallImpl): string | undefined;
  afterEffects(): void;
}

export function runSessionEffects(
  sink: SessionEffectSink,
  effects: readonly Effect[],
  peer: string | undefined,
  sid: string | undefined,
): void {
  // The Call object must exist before the description it will apply: handle `incoming` first.
  for (const e of effects)
    if (e.kind === 'event' && e.event.type === 'incoming') sink.incomingSession(e.sid, e.peer);
  for (const e of effects) {
    switch (e.kind) {
      case 'send':
        sink.sendIq(e.to, e.jingle, e.ref);
        break;
      case 'result':
      case 'error':
        break; // answered by the IQ handler that routed the request
      case 'remote-description': {
        const call = peer === undefined || sid === undefined ? undefined : sink.callFor(peer, sid);
        if (call === undefined || call.end !== undefined) break;
        call.remote(e.type, e.jingle);
        // A JMI call we accepted before its session-initiate arrived: answer straight away.
        if (
          e.type === 'offer' &&
          call.direction === 'incoming' &&
          call.usesJmi &&
          sink.sessionState(call) === 'pending'
        )
          void call.rtc.answer();
        break;
      }
      case 'remote-candidates': {
        const call = peer === undefined || sid === undefined ? undefined : sink.callFor(peer, sid);
        if (call !== undefined && call.end === undefined) call.remote('candidates', e.jingle);
        break;
      }
      case 'event': {
        const call = sink.callFor(e.peer, e.sid);
        if (call === undefined) break;
        const ev = e.event;
        if (ev.type === 'terminated') sink.sessionEnded(call, ev.reason, ev.by);
        else if (ev.type === 'state' && ev.state === 'active') sink.sessionActive(call);
        else if (ev.type !== 'incoming') call.onSessionEvent(ev);
        break;
      }
      case 'schedule':
        sink.schedule(`session:${sessionKey(e.peer, e.sid)}:${e.timer}`, e.at, () => sink.tickSessions());
        break;
    }
  }
  sink.afterEffects();
}
