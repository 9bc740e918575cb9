// All calls of one client. The manager owns its two engine drivers, the XEP-0166 session table
// (jingle-driver.ts) and the XEP-0353 device (jmi-driver.ts), both started over for each new JID, and
// its bookkeeping (bookkeeping.ts: who may ring, the history). It places calls, routes what the
// drivers report to the Call it belongs to, decides busy and ringing, ends calls from our side, and
// gives each Call a SessionPort bound to it (session-port.ts). docs/calls.md describes the behaviour.
import type { Element } from 'ltx';
import { bareJid, sameJid } from '../../jingle/jid.js';
import {
  chooseInitiation,
  JMI_REASONS,
  offersDataChannel,
  parseJmi,
  type JmiMedia,
  type JmiMessage,
  type JmiOutcome,
  type JmiPhase,
} from '../../jingle/jmi/index.js';
import type { Reason } from '../../jingle/reason.js';
import { errorToXml, type Intent, type SessionState } from '../../jingle/session/index.js';
import type { Clock } from '../clock.js';
import { errorReportingEmitter, toError, type TypedEmitter } from '../../jingle/emitter.js';
import { InvalidStateError } from '../errors.js';
import { CallBook, cause } from './bookkeeping.js';
import { CallImpl, type Call, type CallInit, type CallSettings } from './call.js';
import { JingleDriver, type AppEffect } from './jingle-driver.js';
import { JmiDriver, type JmiAppEffect } from './jmi-driver.js';
import { JMI_END_REASONS } from './jmi.js';
import { defaultGetUserMedia } from './media.js';
import { resolveCallOptions, type ResolvedOptions } from './options.js';
import type { CallJmiInput, SessionPort } from './session-port.js';
import type { CallEnd, CallEnvironment, CallHistoryEntry, CallManagerOptions, CallOptions } from './types.js';

export type CallManagerEvents = {
  'incoming-call': [Call];
  /** A call ended (or never rang: strangers, busy, stale proposes); the entry is in `history`. */
  history: [CallHistoryEntry];
  error: [Error];
};

/** Ended calls kept for refusing reused ids, like the session table's ENDED_SESSIONS_KEPT. */
export const ENDED_CALLS_KEPT = 16;

export class CallManager {
  readonly env: CallEnvironment;
  readonly events: TypedEmitter<CallManagerEvents>;
  readonly calls = new Map<string, CallImpl>();
  /**
   * Whether a call's signaling can carry an ICE restart: set by the client (outage/index.ts) to its
   * connection state and the call's reconciliation; a manager without one is always up.
   */
  signalingUp: (callId: string) => boolean = () => true;
  readonly #clock: Clock;
  readonly #options: ResolvedOptions;
  readonly #book: CallBook;
  readonly #settings: CallSettings;
  #engines: { jingle: JingleDriver; jmi: JmiDriver } | undefined;
  /** The call we are ending right now and why, so engine echoes of it are attributed correctly. */
  #localEnd: { id: string; by: 'local' | 'error' } | undefined;
  /** Calls whose session peer is offline (XEP-0166 §6.7 grace period running). */
  readonly #gone = new Set<string>();

  constructor(env: CallEnvironment, options: CallManagerOptions = {}) {
    this.env = env;
    this.#clock = env.clock;
    this.#options = resolveCallOptions(options);
    this.events = errorReportingEmitter<CallManagerEvents>();
    this.#book = new CallBook({
      clock: env.clock,
      acceptCallsFrom: this.#options.acceptCallsFrom,
      trustedDomains: this.#options.trustedDomains,
      isContact: (bare) => env.isContact(bare),
      logged: (entry) => this.events.emit('history', entry),
    });
    this.#settings = {
      clock: env.clock,
      statsIntervalMs: this.#options.statsIntervalMs,
      iceRestartAfterMs: this.#options.iceRestartAfterMs,
      peerConnection: env.peerConnection ?? ((c) => new globalThis.RTCPeerConnection(c)),
      getUserMedia: env.getUserMedia ?? defaultGetUserMedia(),
      iceServers: () => env.iceServers(),
      signalingUp: (callId) => this.signalingUp(callId),
    };
  }

  /** The newest HISTORY_LIMIT entries, oldest first. */
  get history(): readonly CallHistoryEntry[] {
    return this.#book.history;
  }

  /** The current engines, for inspection (tests); undefined before the first call or stanza. */
  get engines(): { jingle: JingleDriver; jmi: JmiDriver } | undefined {
    return this.#engines;
  }

  /** Calls not ended yet. */
  live(): CallImpl[] {
    return [...this.calls.values()].filter((c) => c.end === undefined);
  }

  sessionState(call: CallImpl): SessionState | undefined {
    return this.#session(call)?.state;
  }

  call(jid: string, options: CallOptions = {}): Call {
    if (typeof jid !== 'string' || !/^[^@/\s]+@[^@/\s]+(\/.+)?$/.test(jid))
      throw new TypeError(`call(): not a JID: ${String(jid)}`);
    const media: JmiMedia[] = [];
    if (options.audio !== false) media.push('audio');
    if (options.video === true) media.push('video');
    if (media.length === 0) throw new TypeError('call(): audio or video is required');
    const { jmi } = this.#drivers();
    if (this.live().length > 0) throw new InvalidStateError('call(): another call is in progress');
    const resources = this.env.resources(bareJid(jid));
    const choice = chooseInitiation(jid, resources, media);
    if (choice.method === 'unsupported')
      throw new InvalidStateError(
        `call(): ${bareJid(jid)} has no device that can take this call (missing ${choice.missing.join(', ')})`,
      );
    const id = this.env.newId();
    const call = this.#newCall({
      id,
      peer: bareJid(jid),
      direction: 'outgoing',
      media,
      usesJmi: choice.method === 'jmi',
      startedAt: this.#clock.now(),
    });
    call.openChannel(offersDataChannel(choice, resources));
    void call.acquire(media);
    if (choice.method === 'jmi') {
      jmi.input({ type: 'place-call', id, to: choice.to, media });
      // Offer and ICE gathering while the callee rings; they are sent only after <proceed/>.
      if (call.end === undefined) void call.prepareOffer();
    } else this.#startSession(call, choice.to);
    call.refresh(); // the initial state is read from `call.state`; `state` events report changes
    return call;
  }

  /** Ends the call because something local failed (media, SDP, ICE, a peer that lost it). */
  fail(call: CallImpl, reason: Reason): void {
    this.#endLocally(call, reason, 'error');
  }

  /** Ends every call (e.g. on logout) and stops all timers. */
  stop(): void {
    for (const call of this.live()) this.#hangup(call);
    this.#engines?.jingle.stopTimers();
    this.#engines?.jmi.stopTimers();
  }

  // ---- Jingle (XEP-0166) ---------------------------------------------------------------------------

  /** A received Jingle IQ-set: returns `true` (result) or the `<error/>` to answer with; never throws. */
  handleIq(iq: { id: string; from: string; jingle: Element }): Element | true {
    try {
      if (this.#reusesCallId(iq)) return errorToXml('unknown-session');
      return this.#drivers().jingle.iq(iq);
    } catch (error) {
      this.events.emit('error', toError(error));
      return errorToXml('bad-request');
    }
  }

  /**
   * A contact's online resources changed: a session peer that went away gets XEP-0166 §6.7's grace
   * period (`peer-gone` timer in the engine), and coming back cancels it.
   */
  presence(bare: string, online: readonly string[]): void {
    for (const call of this.live()) {
      const full = call.peerFull;
      if (full === undefined || bareJid(full).toLowerCase() !== bare.toLowerCase()) continue;
      if (this.#session(call) === undefined) continue;
      const gone = !online.some((j) => sameJid(j, full));
      if (gone === this.#gone.has(call.id)) continue;
      if (gone) this.#gone.add(call.id);
      else this.#gone.delete(call.id);
      this.#step(call, { kind: gone ? 'peer-unavailable' : 'peer-available', now: this.#clock.now() });
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
    if (known === undefined || this.#drivers().jingle.session(iq.from, sid) !== undefined) return false;
    return !this.#expects(known, iq.from);
  }

  /** XEP-0353 §3.2: the session-initiate of a JMI call we accepted, from the device we proceeded to. */
  #expects(call: CallImpl, from: string): boolean {
    return (
      call.usesJmi &&
      call.direction === 'incoming' &&
      call.end === undefined &&
      this.#jmiPhase(call) === 'proceeding' &&
      call.peerFull !== undefined &&
      sameJid(call.peerFull, from)
    );
  }

  /** A session-initiate created a session: attach it to a JMI call we accepted, or ring (direct call). */
  #incomingSession(sid: string, from: string): void {
    const known = this.calls.get(sid);
    if (known !== undefined) {
      if (this.#expects(known, from)) return;
      // Unreachable after #reusesCallId; should it happen, the decline is routed by (from, sid) and
      // reaches no call of anyone else's.
      return this.#terminate(from, sid, {
        condition: 'decline',
        text: 'No call with this id was accepted from this device.',
      });
    }
    const peer = bareJid(from);
    const contents = this.#drivers().jingle.session(from, sid)?.contents ?? [];
    const offered = contents.map((c) => c.remote.description?.attrs['media']);
    const media = (['audio', 'video'] as const).filter((m) => offered.includes(m));
    if (!this.#book.trusted(peer)) {
      this.#terminate(from, sid, cause('declined'));
      return this.#book.turnedAway(sid, peer, media, 'missed', cause('declined'));
    }
    if (this.#options.busyWhileInCall && this.live().length > 0) {
      this.#terminate(from, sid, cause('busy'));
      return this.#book.turnedAway(sid, peer, media, 'busy', cause('busy'));
    }
    const call = this.#newCall({
      id: sid,
      peer,
      peerFull: from,
      direction: 'incoming',
      media,
      usesJmi: false,
      startedAt: this.#clock.now(),
    });
    this.#intent(call, { kind: 'info', info: { kind: 'ringing' } });
    call.refresh();
    this.events.emit('incoming-call', call);
  }

  /** Effects of a session on its Call; never one with the same id but another peer (XEP-0166 §7.2). */
  #sessionEffect(e: AppEffect, from: { peer: string; sid: string } | undefined): void {
    if (e.kind === 'event') {
      const call = this.#callFor(e.peer, e.sid);
      const ev = e.event;
      if (call === undefined) return;
      if (ev.type === 'terminated') this.#sessionEnded(call, ev.reason, ev.by);
      else if (ev.type === 'state' && ev.state === 'active') this.#book.markAnswered(call.id);
      else if (ev.type !== 'incoming') call.onSessionEvent(ev);
      return;
    }
    const call = from === undefined ? undefined : this.#callFor(from.peer, from.sid);
    if (call === undefined || call.end !== undefined) return;
    if (e.kind === 'remote-candidates') return call.remote('candidates', e.jingle);
    call.remote(e.type, e.jingle);
    // A JMI call we accepted before its session-initiate arrived: answer straight away.
    if (
      e.type === 'offer' &&
      call.direction === 'incoming' &&
      call.usesJmi &&
      this.sessionState(call) === 'pending'
    )
      void call.answer();
  }

  #sessionEnded(call: CallImpl, reason: Reason, by: 'local' | 'peer' | 'error'): void {
    // A local terminate we did not ask for is the engine's own (peer gone, accept timeout): a failure.
    const mine = this.#localEnd?.id === call.id ? this.#localEnd.by : undefined;
    this.#finish(call, { reason, by: mine ?? (by === 'local' ? 'error' : by) });
    if (call.usesJmi && this.#jmiPhase(call) === 'proceeding') this.#jmi(call, { type: 'end-call', reason });
  }

  #startSession(call: CallImpl, to: string): void {
    call.peerFull = to;
    this.#drivers().jingle.open(to, call.id);
    void call.offer();
  }

  // ---- JMI (XEP-0353) ------------------------------------------------------------------------------

  /** A received `<message/>` (direct, carbon or MAM result); anything not JMI is ignored. */
  handleMessage(stanza: Element, archivedAt?: number): void {
    const own = this.env.own();
    if (own === undefined) return;
    const parsed = parseJmi(stanza, own, archivedAt === undefined ? {} : { archivedAt });
    if (!parsed.ok) return;
    const m = parsed.message;
    const { jmi } = this.#drivers();
    if (this.#retractsDirect(m)) return;
    // A call the device does not know (a direct Jingle call, or a JMI call it has forgotten) holds this
    // id as its sid: the device then treats a propose reusing it as it would one for its own calls.
    const holder = jmi.call(m.id) !== undefined ? undefined : this.calls.get(m.id);
    const taken = holder === undefined ? undefined : (holder.peerFull ?? holder.peer);
    jmi.input({
      type: 'message',
      message: m,
      callerIsTrusted: this.#book.trusted(bareJid(m.from)),
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
    if (m.kind !== 'retract' || m.route !== 'direct' || this.#engines?.jmi.call(m.id) !== undefined)
      return false;
    const call = this.calls.get(m.id);
    const full = call?.peerFull;
    if (call === undefined || call.usesJmi || call.direction !== 'incoming' || call.end !== undefined)
      return false;
    if (full === undefined || !sameJid(m.from, full) || this.sessionState(call) !== 'pending') return false;
    const reason = m.reason ?? JMI_END_REASONS.cancelled;
    this.#finish(call, { reason, by: 'peer' });
    this.#terminate(full, call.id, reason);
    return true;
  }

  /** The JMI call with this id; a direct Jingle call sharing it is never one the JMI device may touch. */
  #jmiCall(id: string): CallImpl | undefined {
    const call = this.calls.get(id);
    return call?.usesJmi === true ? call : undefined;
  }

  #jmiEffect(e: JmiAppEffect): void {
    const call = this.#jmiCall('id' in e ? e.id : 'sid' in e ? e.sid : '');
    switch (e.type) {
      case 'initiate-session':
        if (call !== undefined && call.end === undefined) this.#startSession(call, e.to);
        return;
      case 'expect-session':
        if (call !== undefined) call.peerFull = e.from;
        return;
      case 'terminate-session':
        if (call === undefined) return;
        // The peer's <finish/> ended it: recorded first, so the engine's echo of the terminate we
        // send is not taken for a failure of ours (the call would end 'error', "Call ended").
        this.#finish(call, { reason: e.reason, by: 'peer' });
        if (call.peerFull !== undefined && this.#session(call)?.state !== 'ended')
          this.#terminate(call.peerFull, call.id, e.reason);
        return;
      case 'ring':
        return this.#ring(e.id, e.from, e.media);
      case 'ended':
        return this.#jmiEnded(e.id, e.outcome, e.reason);
    }
  }

  #ring(id: string, from: string, media: readonly JmiMedia[]): void {
    const { jmi } = this.#drivers();
    // The device refuses proposes reusing a known id, so a call with this id cannot exist; never
    // replace one (its dialog could then never be closed) - decline this one as busy instead.
    if (this.calls.has(id)) return jmi.input({ type: 'decline-call', id, reason: JMI_REASONS.busy });
    const call = this.#newCall({
      id,
      peer: bareJid(from),
      peerFull: from,
      direction: 'incoming',
      media,
      usesJmi: true,
      startedAt: this.#clock.now(),
    });
    // A call while in a call: busy (XEP-0353 §3.3 reject with <busy/>), unless the app offers
    // call waiting (`busyWhileInCall: false`) and lets the user choose.
    if (this.#options.busyWhileInCall && this.live().some((c) => c !== call))
      return jmi.input({ type: 'decline-call', id, reason: JMI_REASONS.busy });
    call.refresh();
    this.events.emit('incoming-call', call);
  }

  #jmiEnded(id: string, outcome: JmiOutcome, reason: Reason | undefined): void {
    const call = this.#jmiCall(id);
    const state = this.#engines?.jmi.call(id);
    const why: Reason = reason ?? JMI_END_REASONS[outcome];
    if (call === undefined) {
      // Never rang: a stranger, a stale propose from the archive, a lost tie-break.
      if (state === undefined || outcome === 'tie-break' || outcome === 'migrated' || state.role !== 'callee')
        return;
      return this.#book.turnedAway(id, bareJid(state.peer), state.media, 'missed', why);
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

  // ---- what a Call asks for (SessionPort) ----------------------------------------------------------

  #newCall(init: CallInit): CallImpl {
    // The port is bound to the call it serves; `ref.call` is set before any of it can run.
    const ref: { call?: CallImpl } = {};
    const self = (): CallImpl => ref.call as CallImpl;
    const contents = () => this.#session(self())?.contents ?? [];
    const port: SessionPort = {
      intent: (intent) => this.#intent(self(), intent),
      jmi: (input) => this.#jmi(self(), input),
      hangup: () => this.#hangup(self()),
      declineBusy: () => this.#endLocally(self(), cause('busy'), 'local'),
      fail: (reason) => this.fail(self(), reason),
      jmiPhase: () => this.#jmiPhase(self()),
      sessionState: () => this.sessionState(self()),
      restarting: () => this.#session(self())?.restart?.by,
      contentNames: (status) =>
        contents()
          .filter((c) => status === undefined || c.status === status)
          .map((c) => c.name),
      creatorOf: (name) => contents().find((c) => c.name === name)?.creator,
      remoteMedia: (name) => {
        const m = contents().find((c) => c.name === name)?.remote.description?.attrs['media'];
        return m === 'audio' || m === 'video' ? m : undefined;
      },
    };
    const call = new CallImpl(init, port, this.#settings);
    ref.call = call;
    this.calls.set(init.id, call);
    return call;
  }

  #intent(call: CallImpl, intent: Intent): void {
    if (this.#session(call) === undefined || this.#session(call)?.state === 'ended') return;
    this.#step(call, { kind: 'local', intent, now: this.#clock.now() });
  }

  #jmi(call: CallImpl, input: CallJmiInput): void {
    // Undefined: the device already forgot this ended call (JMI_DEDUP_WINDOW_MS).
    const phase = this.#jmiPhase(call);
    if (phase === undefined || phase === 'ended') return;
    this.#drivers().jmi.input({ ...input, id: call.id });
  }

  #hangup(call: CallImpl): void {
    const answered = this.#book.answered(call.id) || this.#jmiPhase(call) === 'proceeding';
    const reason = !answered
      ? cause(call.direction === 'outgoing' ? 'cancelled' : 'declined')
      : cause('hangup');
    this.#endLocally(call, reason, 'local');
  }

  #endLocally(call: CallImpl, reason: Reason, by: 'local' | 'error'): void {
    if (call.end !== undefined) return;
    this.#localEnd = { id: call.id, by };
    try {
      // session-terminate first, then the JMI message (the order Conversations uses).
      const s = this.#session(call);
      if (s !== undefined && s.state !== 'ended' && call.peerFull !== undefined)
        this.#terminate(call.peerFull, call.id, reason);
      const phase = this.#jmiPhase(call);
      if (phase === 'proposed' || phase === 'ringing')
        this.#jmi(
          call,
          call.direction === 'outgoing'
            ? // A local failure (e.g. no ICE candidate) retracts with its reason, not a plain cancel.
              { type: 'cancel-call', ...(by === 'error' ? { reason } : {}) }
            : {
                type: 'decline-call',
                reason: reason.condition === 'busy' ? JMI_REASONS.busy : JMI_REASONS.decline,
              },
        );
      else if (phase === 'proceeding') this.#jmi(call, { type: 'end-call', reason });
      this.#finish(call, { reason, by });
    } finally {
      this.#localEnd = undefined;
      this.#refreshAll();
    }
  }

  #finish(call: CallImpl, end: CallEnd): void {
    if (call.end !== undefined) return;
    call.finish(end);
    this.#book.ended(call, end);
    this.#gone.delete(call.id);
    this.#forgetEnded();
  }

  /**
   * Ended calls stay in `calls` only so a session-initiate or propose reusing a recent call's id is
   * refused (docs/calls.md "Call ids"); beyond ENDED_CALLS_KEPT the earliest go, with their closed peer
   * connection, streams and listeners (issue #14: a page open all day kept every call it made).
   * The history keeps what the user sees of them.
   */
  #forgetEnded(): void {
    const ended = [...this.calls.values()].filter((c) => c.end !== undefined);
    for (const c of ended.slice(0, Math.max(0, ended.length - ENDED_CALLS_KEPT))) this.calls.delete(c.id);
  }

  // ---- the engines ---------------------------------------------------------------------------------

  #drivers(): { jingle: JingleDriver; jmi: JmiDriver } {
    const own = this.env.own();
    if (own === undefined) throw new InvalidStateError('calls need an online client');
    // A new XMPP session may bring a new full JID; engines start over when no call is running.
    const e = this.#engines;
    if (e !== undefined && (e.jingle.self === own || this.live().length > 0)) return e;
    e?.jingle.dispose();
    e?.jmi.dispose();
    const settled = () => this.#refreshAll();
    const ringTimeoutMs = this.#options.ringTimeoutMs;
    const engines = {
      jingle: new JingleDriver(
        own,
        this.env,
        {
          incoming: (sid, peer) => this.#incomingSession(sid, peer),
          effect: (effect, from) => this.#sessionEffect(effect, from),
          settled,
        },
        { candidateBatchMs: this.#options.candidateBatchMs },
      ),
      jmi: new JmiDriver(
        own,
        this.env,
        { effect: (effect) => this.#jmiEffect(effect), settled },
        {
          rejectUntrusted: true,
          ...(ringTimeoutMs === undefined ? {} : { ringTimeoutMs }),
        },
      ),
    };
    this.#engines = engines;
    return engines;
  }

  #session(call: CallImpl) {
    return call.peerFull === undefined ? undefined : this.#engines?.jingle.session(call.peerFull, call.id);
  }

  #jmiPhase(call: CallImpl): JmiPhase | undefined {
    return call.usesJmi ? this.#engines?.jmi.call(call.id)?.phase : undefined;
  }

  #callFor(peer: string, sid: string): CallImpl | undefined {
    const call = this.calls.get(sid);
    return call?.peerFull !== undefined && sameJid(call.peerFull, peer) ? call : undefined;
  }

  #step(call: CallImpl, input: Parameters<JingleDriver['step']>[2]): void {
    if (call.peerFull !== undefined) this.#drivers().jingle.step(call.peerFull, call.id, input);
  }

  #terminate(peer: string, sid: string, reason: Reason): void {
    const input = { kind: 'local', intent: { kind: 'terminate', reason }, now: this.#clock.now() } as const;
    this.#drivers().jingle.step(peer, sid, input);
  }

  #refreshAll(): void {
    for (const c of this.calls.values()) c.refresh();
  }
}
