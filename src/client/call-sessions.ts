// The Jingle half of the call manager (XEP-0166): received IQs routed through the session table with
// errors returned as data, the session engine's effects about calls (call-effects.ts), and the peer's
// presence feeding the engine's peer-gone timer. JMI messages are in call-messages.ts.
import type { Element } from 'ltx';
import { bareJid, sameJid } from '../jingle/jid.js';
import type { Reason } from '../jingle/reason.js';
import { errorToXml, openSession, routeIq, sessionKey } from '../jingle/session/index.js';
import { CallImpl } from './call.js';
import { CallBookkeeping, cause } from './call-bookkeeping.js';
import { runSessionEffects } from './call-effects.js';

export abstract class CallSessions extends CallBookkeeping {
  readonly #gone = new Set<string>();

  /** A received Jingle IQ-set: returns `true` (result) or the `<error/>` to answer with; never throws. */
  handleIq(iq: { id: string; from: string; jingle: Element }): Element | true {
    try {
      if (this.#reusesCallId(iq)) return errorToXml('unknown-session');
      const r = routeIq(this.engines().table, { kind: 'iq', ...iq, now: this.clock.now() });
      this.table = r.table;
      const reply = r.effects.find((e) => (e.kind === 'result' || e.kind === 'error') && e.iqId === iq.id);
      runSessionEffects(this, r.effects, iq.from, String(iq.jingle.attrs['sid'] ?? ''));
      return reply?.kind === 'error' ? errorToXml(reply.error) : true;
    } catch (error) {
      this.events.emit('error', error instanceof Error ? error : new Error(String(error)));
      return errorToXml('bad-request');
    }
  }

  /**
   * A session-initiate whose sid is the id of a call of ours that does not expect it: a JMI call from
   * someone else or not accepted yet, a call that ended. The session table cannot see this (JMI ids
   * have no session until proceed), so it is refused here exactly like a live sid of another peer's
   * (docs/calls.md, "Call ids"): unknown-session, nothing created, nothing sent to anyone else. A
   * re-send of a session-initiate that did create a session goes to the engine, which answers it.
   */
  #reusesCallId(iq: { from: string; jingle: Element }): boolean {
    const sid = iq.jingle.attrs['sid'];
    if (iq.jingle.attrs['action'] !== 'session-initiate' || typeof sid !== 'string') return false;
    const known = this.calls.get(sid);
    if (known === undefined || this.engines().table.sessions.has(sessionKey(iq.from, sid))) return false;
    return !this.#expects(known, iq.from);
  }

  /** XEP-0353 §3.2: the session-initiate of a JMI call we accepted, from the device we proceeded to. */
  #expects(call: CallImpl, from: string): boolean {
    return (
      call.usesJmi &&
      call.direction === 'incoming' &&
      call.end === undefined &&
      this.jmiPhase(call) === 'proceeding' &&
      call.peerFull !== undefined &&
      sameJid(call.peerFull, from)
    );
  }

  /**
   * A contact's online resources changed: a session peer that went away gets XEP-0166 §6.7's grace
   * period (`peer-gone` timer in the engine), and coming back cancels it.
   */
  presence(bare: string, online: readonly string[]): void {
    for (const call of this.live()) {
      const full = call.peerFull;
      if (
        full === undefined ||
        bareJid(full).toLowerCase() !== bare.toLowerCase() ||
        this.session(call) === undefined
      )
        continue;
      const gone = !online.some((j) => sameJid(j, full));
      if (gone === this.#gone.has(call.id)) continue;
      if (gone) this.#gone.add(call.id);
      else this.#gone.delete(call.id);
      this.stepSession(call, { kind: gone ? 'peer-unavailable' : 'peer-available', now: this.clock.now() });
    }
  }

  // ---- SessionEffectSink (call-effects.ts) ----------------------------------------------------------

  /** A session-initiate created a session: attach it to a JMI call we accepted, or ring (direct call). */
  override incomingSession(sid: string, from: string): void {
    const known = this.calls.get(sid);
    if (known !== undefined) {
      if (this.#expects(known, from)) return;
      // Unreachable after #reusesCallId; should it happen, the decline is routed by (from, sid) and
      // reaches no call of anyone else's.
      return this.terminate(from, sid, {
        condition: 'decline',
        text: 'No call with this id was accepted from this device.',
      });
    }
    const peer = bareJid(from);
    const media = this.offeredMedia(from, sid);
    const entry = (outcome: 'busy' | 'missed', reason: Reason) =>
      this.log({
        id: sid,
        peer,
        direction: 'incoming',
        media,
        outcome,
        startedAt: this.clock.now(),
        endedAt: this.clock.now(),
        reason,
      });
    if (!this.callerTrusted(peer)) {
      this.terminate(from, sid, cause('declined'));
      return entry('missed', cause('declined'));
    }
    if (this.live().length > 0) {
      this.terminate(from, sid, cause('busy'));
      return entry('busy', cause('busy'));
    }
    const call = new CallImpl(this, {
      id: sid,
      peer,
      peerFull: from,
      direction: 'incoming',
      media,
      usesJmi: false,
      startedAt: this.clock.now(),
    });
    this.calls.set(sid, call);
    this.intent(call, { kind: 'info', info: { kind: 'ringing' } });
    call.refresh();
    this.events.emit('incoming-call', call);
  }

  override sessionEnded(call: CallImpl, reason: Reason, by: 'local' | 'peer' | 'error'): void {
    // A local terminate we did not ask for is the engine's own (peer gone, accept timeout): a failure.
    const mine = this.localEnd?.id === call.id ? this.localEnd.by : undefined;
    const who = mine ?? (by === 'local' ? 'error' : by);
    this.finish(call, { reason, by: who });
    if (call.usesJmi && this.jmiPhase(call) === 'proceeding') this.jmi(call, { type: 'end-call', reason });
  }

  override sessionActive(call: CallImpl): void {
    this.answered.add(call.id);
  }

  protected startSession(call: CallImpl, to: string): void {
    call.peerFull = to;
    this.table = openSession(this.engines().table, to, call.id);
    void call.rtc.offer();
  }
}
