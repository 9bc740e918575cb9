// Carrying out the session engine's effects (src/jingle/session/types.ts) for the call manager.
// `peer`/`sid` name the session the effects came from; tickAll batches carry their sid in events only.
import type { Element } from 'ltx';
import type { Effect } from '../jingle/session/index.js';
import type { Reason } from '../jingle/reason.js';
import type { CallImpl } from './call.js';

export interface SessionEffectSink {
  callFor(sid: string): CallImpl | undefined;
  sendIq(to: string, jingle: Element, ref: string): void;
  schedule(key: string, at: number, fire: () => void): void;
  tickSessions(): void;
  incomingSession(sid: string, from: string): void;
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
    if (e.kind === 'event' && e.event.type === 'incoming') sink.incomingSession(e.sid, e.event.initiator);
  for (const e of effects) {
    switch (e.kind) {
      case 'send':
        sink.sendIq(e.to, e.jingle, e.ref);
        break;
      case 'result':
      case 'error':
        break; // answered by the IQ handler that routed the request
      case 'remote-description': {
        const call = sid === undefined ? undefined : sink.callFor(sid);
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
        const call = sid === undefined ? undefined : sink.callFor(sid);
        if (call !== undefined && call.end === undefined) call.remote('candidates', e.jingle);
        break;
      }
      case 'event': {
        const call = sink.callFor(e.sid);
        if (call === undefined) break;
        const ev = e.event;
        if (ev.type === 'terminated') sink.sessionEnded(call, ev.reason, ev.by);
        else if (ev.type === 'state' && ev.state === 'active') sink.sessionActive(call);
        else if (ev.type !== 'incoming') call.onSessionEvent(ev);
        break;
      }
      case 'schedule':
        sink.schedule(`session:${e.sid}:${e.timer}`, e.at, () => sink.tickSessions());
        break;
    }
  }
  sink.afterEffects();
}
