// All calls of one client: the XEP-0166 session table and the XEP-0353 device (both pure engines) plus
// the adapter work around them: IQ routing with errors returned as data, JMI messages, timers fed back
// as `now`, policies (busy, strangers) and the call history. docs/calls.md describes the behaviour.
import type { Element } from 'ltx';
import { bareJid, jidDomain, sameJid } from '../jingle/jid.js';
import {
  chooseInitiation,
  JMI_REASONS,
  parseJmi,
  type JmiDeviceInput,
  type JmiEffect,
  type JmiMedia,
  type JmiOutcome,
} from '../jingle/jmi/index.js';
import type { Reason } from '../jingle/reason.js';
import { errorToXml, openSession, routeIq, TERMINATE_CAUSES, type Intent } from '../jingle/session/index.js';
import { CallImpl, type Call } from './call.js';
import { historyOutcome } from './call-history.js';
import type { CallHost, CallJmiInput } from './call-host.js';
import { runSessionEffects, type SessionEffectSink } from './call-effects.js';
import { CallEngines } from './call-engines.js';
import { JMI_END_REASONS, jmiToStanza } from './call-jmi.js';
import type {
  CallEnd,
  CallEnvironment,
  CallHistoryEntry,
  CallManagerOptions,
  CallOptions,
} from './call-types.js';
import { TypedEmitter } from './emitter.js';
import { InvalidStateError } from './errors.js';
import { defaultGetUserMedia } from './media.js';

export type CallManagerEvents = {
  'incoming-call': [Call];
  /** A call ended (or never rang: strangers, busy, stale proposes); the entry is in `history`. */
  history: [CallHistoryEntry];
  error: [Error];
};

const cause = (c: keyof typeof TERMINATE_CAUSES): Reason => ({ ...TERMINATE_CAUSES[c] });

export class CallManager extends CallEngines implements CallHost, SessionEffectSink {
  readonly events: TypedEmitter<CallManagerEvents>;
  readonly history: CallHistoryEntry[] = [];
  readonly statsIntervalMs: number;
  readonly peerConnection;
  readonly getUserMedia;
  readonly #gone = new Set<string>();
  /** The call we are ending right now and why, so engine echoes of it are attributed correctly. */
  #localEnd: { id: string; by: 'local' | 'error' } | undefined;

  constructor(env: CallEnvironment, options: CallManagerOptions = {}) {
    super(env, options);
    this.statsIntervalMs = this.options.statsIntervalMs;
    const factory = env.peerConnection ?? ((c: RTCConfiguration) => new globalThis.RTCPeerConnection(c));
    this.peerConnection = factory;
    this.getUserMedia = env.getUserMedia ?? defaultGetUserMedia();
    this.events = new TypedEmitter<CallManagerEvents>((error, event) => {
      if (event !== 'error')
        this.events.emit('error', error instanceof Error ? error : new Error(String(error)));
    });
  }

  call(jid: string, options: CallOptions = {}): Call {
    if (typeof jid !== 'string' || !/^[^@/\s]+@[^@/\s]+(\/.+)?$/.test(jid))
      throw new TypeError(`call(): not a JID: ${String(jid)}`);
    const media: JmiMedia[] = [];
    if (options.audio !== false) media.push('audio');
    if (options.video === true) media.push('video');
    if (media.length === 0) throw new TypeError('call(): audio or video is required');
    this.engines();
    if (this.live().length > 0) throw new InvalidStateError('call(): another call is in progress');
    const choice = chooseInitiation(jid, this.env.resources(bareJid(jid)), media);
    if (choice.method === 'unsupported')
      throw new InvalidStateError(
        `call(): ${bareJid(jid)} has no device that can take this call (missing ${choice.missing.join(', ')})`,
      );
    const id = this.env.newId();
    const call = new CallImpl(this, {
      id,
      peer: bareJid(jid),
      direction: 'outgoing',
      media,
      usesJmi: choice.method === 'jmi',
      startedAt: this.clock.now(),
    });
    this.calls.set(id, call);
    call.rtc.openChannel();
    void call.rtc.acquire(media);
    if (choice.method === 'jmi') {
      this.stepJmi({ type: 'place-call', id, to: choice.to, media, now: this.clock.now() });
      // Offer and ICE gathering while the callee rings; they are sent only after <proceed/>.
      if (call.end === undefined) void call.rtc.prepareOffer();
    } else this.#startSession(call, choice.to);
    call.refresh(); // the initial state is read from `call.state`; `state` events report changes
    return call;
  }

  /** A received Jingle IQ-set: returns `true` (result) or the `<error/>` to answer with; never throws. */
  handleIq(iq: { id: string; from: string; jingle: Element }): Element | true {
    try {
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

  /** Whether a call from this bare JID may ring (interop.md §5.10: strangers are turned away quietly). */
  private callerTrusted(bare: string): boolean {
    if (this.options.acceptCallsFrom === 'anyone' || this.env.isContact(bare)) return true;
    const domain = jidDomain(bare).toLowerCase();
    return this.options.trustedDomains.some((d) => d.toLowerCase() === domain);
  }

  /** A received `<message/>` (direct, carbon or MAM result); anything not JMI is ignored. */
  handleMessage(stanza: Element, archivedAt?: number): void {
    const own = this.env.own();
    if (own === undefined) return;
    const parsed = parseJmi(stanza, own, archivedAt === undefined ? {} : { archivedAt });
    if (!parsed.ok) return;
    const m = parsed.message;
    const trusted = this.callerTrusted(bareJid(m.from));
    this.stepJmi({ type: 'message', message: m, now: this.clock.now(), callerIsTrusted: trusted });
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

  /** Ends every call (e.g. on logout) and stops all timers. */
  stop(): void {
    for (const call of this.live()) this.hangup(call);
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  // ---- CallHost -----------------------------------------------------------------------------------

  intent(call: CallImpl, intent: Intent): void {
    const key = this.key(call);
    if (key === undefined || this.session(call)?.state === 'ended') return;
    this.stepSession(call, { kind: 'local', intent, now: this.clock.now() });
  }

  jmi(call: CallImpl, input: CallJmiInput): void {
    if (!call.usesJmi || this.jmiPhase(call) === 'ended') return;
    this.stepJmi({ ...input, id: call.id, now: this.clock.now() } as JmiDeviceInput);
  }

  hangup(call: CallImpl): void {
    const answered = this.answered.has(call.id) || this.jmiPhase(call) === 'proceeding';
    const reason = !answered
      ? cause(call.direction === 'outgoing' ? 'cancelled' : 'declined')
      : cause('hangup');
    this.#endLocally(call, reason, 'local');
  }

  fail(call: CallImpl, reason: Reason): void {
    this.#endLocally(call, reason, 'error');
  }

  // ---- SessionEffectSink (call-effects.ts) ----------------------------------------------------------

  /** A session-initiate created a session: attach it to a JMI call we accepted, or ring (direct call). */
  override incomingSession(sid: string, from: string): void {
    const known = this.calls.get(sid);
    if (known !== undefined) {
      const expected =
        known.usesJmi && known.direction === 'incoming' && this.jmiPhase(known) === 'proceeding';
      if (expected && known.peerFull !== undefined && sameJid(known.peerFull, from)) return;
      return this.terminate(from, sid, {
        condition: 'decline',
        text: 'No call with this id was accepted from this device.',
      });
    }
    const peer = bareJid(from);
    const media = this.offeredMedia(from, sid);
    const entry = (outcome: 'busy' | 'missed', reason: Reason) =>
      this.#log({
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
    const mine = this.#localEnd?.id === call.id ? this.#localEnd.by : undefined;
    const who = mine ?? (by === 'local' ? 'error' : by);
    this.#finish(call, { reason, by: who });
    if (call.usesJmi && this.jmiPhase(call) === 'proceeding') this.jmi(call, { type: 'end-call', reason });
  }

  override sessionActive(call: CallImpl): void {
    this.answered.add(call.id);
  }

  // ---- internals -----------------------------------------------------------------------------------

  #startSession(call: CallImpl, to: string): void {
    call.peerFull = to;
    this.table = openSession(this.engines().table, to, call.id);
    void call.rtc.offer();
  }

  #endLocally(call: CallImpl, reason: Reason, by: 'local' | 'error'): void {
    if (call.end !== undefined) return;
    this.#localEnd = { id: call.id, by };
    try {
      // session-terminate first, then the JMI message (the order Conversations uses).
      const s = this.session(call);
      if (s !== undefined && s.state !== 'ended' && call.peerFull !== undefined)
        this.terminate(call.peerFull, call.id, reason);
      const phase = this.jmiPhase(call);
      if (phase === 'proposed' || phase === 'ringing')
        this.jmi(
          call,
          call.direction === 'outgoing'
            ? { type: 'cancel-call' }
            : {
                type: 'decline-call',
                reason: reason.condition === 'busy' ? JMI_REASONS.busy : JMI_REASONS.decline,
              },
        );
      else if (phase === 'proceeding') this.jmi(call, { type: 'end-call', reason });
      this.#finish(call, { reason, by });
    } finally {
      this.#localEnd = undefined;
      this.afterEffects();
    }
  }

  #finish(call: CallImpl, end: CallEnd): void {
    if (call.end !== undefined) return;
    call.finish(end);
    this.#log({
      id: call.id,
      peer: call.peer,
      direction: call.direction,
      media: call.media,
      outcome: historyOutcome(call.direction, this.answered.has(call.id), end.reason, end.outcome),
      startedAt: call.startedAt,
      endedAt: this.clock.now(),
      reason: end.reason,
    });
  }

  #log(entry: CallHistoryEntry): void {
    this.history.push(entry);
    this.events.emit('history', entry);
  }

  protected jmiEffect(e: JmiEffect): void {
    const call = this.calls.get('id' in e ? e.id : 'sid' in e ? e.sid : '');
    switch (e.type) {
      case 'send':
        return this.env.sendMessage(jmiToStanza(e, this.env.newId()));
      case 'initiate-session':
        if (call !== undefined && call.end === undefined) this.#startSession(call, e.to);
        return;
      case 'expect-session':
        if (call !== undefined) call.peerFull = e.from;
        return;
      case 'terminate-session': {
        if (call === undefined) return;
        if (call.peerFull !== undefined && this.session(call)?.state !== 'ended')
          this.terminate(call.peerFull, call.id, e.reason);
        return this.#finish(call, { reason: e.reason, by: 'peer' });
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
    const call = this.calls.get(id);
    const state = this.device?.calls.get(id);
    const why: Reason = reason ?? JMI_END_REASONS[outcome];
    if (call === undefined) {
      // Never rang: a stranger, a stale propose from the archive, a lost tie-break.
      if (state === undefined || outcome === 'tie-break' || outcome === 'migrated' || state.role !== 'callee')
        return;
      const now = this.clock.now();
      return this.#log({
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
        : this.#localEnd?.id === id
          ? this.#localEnd.by
          : 'peer';
    this.#finish(call, { reason: why, by, outcome });
  }
}
