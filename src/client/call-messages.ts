// The XEP-0353 half of the call manager: received JMI messages (direct, carbon or MAM result) into the
// JMI device, and the device's effects carried out: messages sent, sessions started, calls ringing and
// JMI endings logged. Jingle sessions are in call-sessions.ts.
import type { Element } from 'ltx';
import { bareJid, sameJid } from '../jingle/jid.js';
import {
  JMI_REASONS,
  parseJmi,
  type JmiEffect,
  type JmiMedia,
  type JmiMessage,
  type JmiOutcome,
} from '../jingle/jmi/index.js';
import type { Reason } from '../jingle/reason.js';
import { CallImpl } from './call.js';
import { JMI_END_REASONS, jmiToStanza } from './call-jmi.js';
import { CallSessions } from './call-sessions.js';

export abstract class CallMessages extends CallSessions {
  /** A received `<message/>` (direct, carbon or MAM result); anything not JMI is ignored. */
  handleMessage(stanza: Element, archivedAt?: number): void {
    const own = this.env.own();
    if (own === undefined) return;
    const parsed = parseJmi(stanza, own, archivedAt === undefined ? {} : { archivedAt });
    if (!parsed.ok) return;
    const m = parsed.message;
    if (this.#retractsDirect(m)) return;
    const trusted = this.callerTrusted(bareJid(m.from));
    // A call the device does not know (a direct Jingle call, or a JMI call it has forgotten) holds this
    // id as its sid: the device then treats a propose reusing it as it would one for its own calls.
    const holder = this.device?.calls.has(m.id) === true ? undefined : this.calls.get(m.id);
    const taken = holder === undefined ? undefined : (holder.peerFull ?? holder.peer);
    this.stepJmi({
      type: 'message',
      message: m,
      now: this.clock.now(),
      callerIsTrusted: trusted,
      ...(taken === undefined ? {} : { sidTakenBy: taken }),
    });
  }

  /**
   * A retract from the device of a direct (non-JMI) incoming call still pending, with its id: a caller
   * that offered one call both ways (session-initiate, then a propose with the same id, ignored as a
   * duplicate) gives up with a retract, and the call ends as cancelled by the peer (XEP-0353 §3.2), so
   * its dialog closes. The session-terminate tells the peer's Jingle side too.
   */
  #retractsDirect(m: JmiMessage): boolean {
    if (m.kind !== 'retract' || m.route !== 'direct' || this.device?.calls.has(m.id) === true) return false;
    const call = this.calls.get(m.id);
    const full = call?.peerFull;
    if (call === undefined || call.usesJmi || call.direction !== 'incoming' || call.end !== undefined)
      return false;
    if (full === undefined || !sameJid(m.from, full) || this.sessionState(call) !== 'pending') return false;
    const reason = m.reason ?? JMI_END_REASONS.cancelled;
    this.finish(call, { reason, by: 'peer' });
    this.terminate(full, call.id, reason);
    return true;
  }

  /** The JMI call with this id; a direct Jingle call sharing it is never one the JMI device may touch. */
  #jmiCall(id: string): CallImpl | undefined {
    const call = this.calls.get(id);
    return call?.usesJmi === true ? call : undefined;
  }

  protected jmiEffect(e: JmiEffect): void {
    const call = this.#jmiCall('id' in e ? e.id : 'sid' in e ? e.sid : '');
    switch (e.type) {
      case 'send':
        return this.env.sendMessage(jmiToStanza(e, this.env.newId()));
      case 'initiate-session':
        if (call !== undefined && call.end === undefined) this.startSession(call, e.to);
        return;
      case 'expect-session':
        if (call !== undefined) call.peerFull = e.from;
        return;
      case 'terminate-session': {
        if (call === undefined) return;
        // The peer's <finish/> ended it: recorded first, so the engine's echo of the terminate we
        // send is not taken for a failure of ours (the call would end 'error', "Call ended").
        this.finish(call, { reason: e.reason, by: 'peer' });
        if (call.peerFull !== undefined && this.session(call)?.state !== 'ended')
          this.terminate(call.peerFull, call.id, e.reason);
        return;
      }
      case 'ring':
        return this.#ring(e.id, e.from, e.media);
      case 'set-timer':
        return this.schedule(`jmi:${e.id}`, e.at, () =>
          this.stepJmi({ type: 'tick', now: this.clock.now() }),
        );
      case 'ended':
        return this.#jmiEnded(e.id, e.outcome, e.reason);
    }
  }

  #ring(id: string, from: string, media: readonly JmiMedia[]): void {
    // The device refuses proposes reusing a known id, so a call with this id cannot exist; never
    // replace one (its dialog could then never be closed) - decline this one as busy instead.
    if (this.calls.has(id)) {
      this.stepJmi({ type: 'decline-call', id, reason: JMI_REASONS.busy, now: this.clock.now() });
      return;
    }
    const call = new CallImpl(this, {
      id,
      peer: bareJid(from),
      peerFull: from,
      direction: 'incoming',
      media,
      usesJmi: true,
      startedAt: this.clock.now(),
    });
    this.calls.set(id, call);
    // A call while in a call: busy (XEP-0353 §3.3 reject with <busy/>).
    if (this.live().some((c) => c !== call)) {
      this.stepJmi({ type: 'decline-call', id, reason: JMI_REASONS.busy, now: this.clock.now() });
      return;
    }
    call.refresh();
    this.events.emit('incoming-call', call);
  }

  #jmiEnded(id: string, outcome: JmiOutcome, reason: Reason | undefined): void {
    const call = this.#jmiCall(id);
    const state = this.device?.calls.get(id);
    const why: Reason = reason ?? JMI_END_REASONS[outcome];
    if (call === undefined) {
      // Never rang: a stranger, a stale propose from the archive, a lost tie-break.
      if (state === undefined || outcome === 'tie-break' || outcome === 'migrated' || state.role !== 'callee')
        return;
      const now = this.clock.now();
      return this.log({
        id,
        peer: bareJid(state.peer),
        direction: 'incoming',
        media: state.media,
        outcome: 'missed',
        startedAt: now,
        endedAt: now,
        reason: why,
      });
    }
    if (call.end !== undefined || outcome === 'finished') return;
    const by =
      outcome === 'answered-elsewhere' || outcome === 'declined-elsewhere'
        ? 'other-device'
        : this.localEnd?.id === id
          ? this.localEnd.by
          : 'peer';
    this.finish(call, { reason: why, by, outcome });
  }
}
