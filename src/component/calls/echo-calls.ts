// echo@<domain>'s calls: answers JMI proposes (ringing, then proceed at once) and direct Jingle
// session-initiates, and sends the caller's media back through an EchoMedia (werift in production).
// Auto-accepting is fine for a service: XEP-0353 §6 forbids it for *clients* by default, to protect
// people; the echo bot is the callee and the caller dialled it on purpose.
import type { Element } from 'ltx';
import { Role } from '../../jingle/constants.js';
import type { Reason } from '../../jingle/reason.js';
import { candidatesFromJingle, jingleToSdp } from '../../jingle/sdp/index.js';
import { TERMINATE_CAUSES, sessionKey } from '../../jingle/session/index.js';
import type { EntityHandler, IqOutcome } from '../router.js';
import type { EchoMedia, EchoMediaFactory } from './echo-media.js';
import type { CallIo } from './io.js';
import { JingleDriver, type AppEffect } from './jingle-driver.js';
import { JmiDriver } from './jmi-driver.js';
import { candidateFor, describe, type Described } from './translate.js';

export interface EchoLimits {
  /** Concurrent calls; more get `busy` (JMI reject or session-terminate). */
  maxCalls: number;
  /** Calls end after this long with `success` and a text saying so. */
  maxCallMs: number;
  /** A proceeded JMI call whose session-initiate does not come within this is finished. */
  sessionWaitMs?: number;
}

export const ECHO_RESOURCE = 'echo';

interface EchoCall {
  key: string;
  media?: EchoMedia;
  local?: Described;
  /** Resolves once the offer is applied; remote candidates wait for it. */
  ready?: Promise<void>;
  early: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null }[];
  accepted: boolean;
  timer?: unknown;
}

export const echoBusy = (max: number): Reason => ({
  condition: 'busy',
  text: `The echo test is busy (${max} calls at once); try again in a minute`,
});
export const echoTimeUp = (ms: number): Reason => ({
  condition: 'success',
  text: `Echo test calls end after ${ms % 60_000 === 0 ? `${ms / 60_000} minutes` : `${Math.round(ms / 1000)} seconds`}`,
});
export const ECHO_RESTARTED: Reason = { condition: 'connectivity-error', text: 'the call server restarted' };

export class EchoCalls implements EntityHandler {
  readonly jid: string;
  readonly jingle: JingleDriver;
  readonly jmi: JmiDriver;
  readonly #calls = new Map<string, EchoCall>();
  /** JMI calls we proceeded, by id, until their session-initiate arrives. */
  readonly #awaiting = new Map<string, unknown>();

  constructor(
    domain: string,
    private readonly io: CallIo,
    private readonly media: EchoMediaFactory,
    private readonly limits: EchoLimits,
  ) {
    this.jid = `echo@${domain}/${ECHO_RESOURCE}`;
    this.jingle = new JingleDriver(this.jid, io, (key, e) => this.#onJingle(key, e));
    this.jmi = new JmiDriver(this.jid, io, (e) => {
      if (e.type === 'ring') {
        if (this.activeCalls >= limits.maxCalls)
          return this.jmi.input({ type: 'decline-call', id: e.id, reason: echoBusy(limits.maxCalls) });
        this.#awaiting.set(
          e.id,
          io.timers.setTimeout(() => this.#noSession(e.id), limits.sessionWaitMs ?? 30_000),
        );
        return this.jmi.input({ type: 'accept-call', id: e.id });
      }
      if (e.type === 'terminate-session') return this.#terminateSid(e.sid, e.reason);
      if (e.type === 'ended') this.#stopWaiting(e.id);
    });
  }

  /** Calls ringing-and-proceeded or in a Jingle session. */
  get activeCalls(): number {
    return this.#awaiting.size + this.#calls.size;
  }

  iq(iq: Element): IqOutcome | undefined {
    return this.jingle.iq(iq);
  }

  message(message: Element): Element[] {
    // Anyone may call the echo test: every caller is "trusted" here (XEP-0353 §6 is about people).
    this.jmi.message(message, true);
    return [];
  }

  /** The XMPP link dropped: media stops now; peers are told once it is back (queued by CallIo). */
  connectionLost(): void {
    for (const id of [...this.#awaiting.keys()]) {
      this.#stopWaiting(id);
      this.jmi.input({ type: 'end-call', id, reason: ECHO_RESTARTED });
    }
    this.jingle.terminateAll(ECHO_RESTARTED);
  }

  #noSession(id: string): void {
    this.#awaiting.delete(id);
    const reason = { condition: 'timeout', text: 'No session-initiate came after proceed' } as const;
    if (this.jmi.call(id)?.phase === 'proceeding') this.jmi.input({ type: 'end-call', id, reason });
  }

  #stopWaiting(id: string): void {
    const t = this.#awaiting.get(id);
    if (t !== undefined) this.io.timers.clearTimeout(t);
    this.#awaiting.delete(id);
  }

  #terminateSid(sid: string, reason: Reason): void {
    for (const s of this.jingle.sessions())
      if (s.sid === sid && s.state !== 'ended')
        this.jingle.local(sessionKey(s.peer, s.sid), { kind: 'terminate', reason });
  }

  #onJingle(key: string, e: AppEffect): void {
    if (e.kind === 'event') {
      if (e.event.type === 'terminated') this.#ended(key, e.sid, e.event.reason);
      return;
    }
    const session = this.jingle.session(key);
    if (session === undefined || session.state === 'ended') return;
    let call = this.#calls.get(key);
    if (e.kind === 'remote-description' && e.type === 'offer' && call === undefined) {
      // A new incoming session (the engine reports its offer before the `incoming` event).
      const proceeded = this.#awaiting.has(session.sid);
      this.#stopWaiting(session.sid);
      const full = !proceeded && this.activeCalls >= this.limits.maxCalls;
      call = { key, early: [], accepted: false };
      this.#calls.set(key, call);
      if (full) return this.jingle.local(key, { kind: 'terminate', reason: echoBusy(this.limits.maxCalls) });
      return void this.#answer(call, e.jingle);
    }
    if (call === undefined || e.kind !== 'remote-candidates') return;
    const list = candidatesFromJingle(e.jingle);
    const media = call.media;
    if (call.ready === undefined || media === undefined) return void call.early.push(...list);
    void call.ready.then(() => Promise.all(list.map((c) => media.addCandidate(c)))).catch(() => {});
  }

  async #answer(call: EchoCall, offer: Element): Promise<void> {
    const { key } = call;
    const trickled: Parameters<typeof candidateFor>[0][] = [];
    try {
      const sdp = jingleToSdp(offer, { role: Role.initiator });
      call.media = this.media({
        candidate: (c) => (call.accepted ? this.#trickle(call, c) : trickled.push(c)),
        failed: () => this.#end(key, TERMINATE_CAUSES['ice-failed']),
      });
      let applied!: () => void;
      call.ready = new Promise<void>((r) => (applied = r));
      const answer = call.media.answer(sdp);
      const early = call.early.splice(0);
      const sdpAnswer = await answer;
      applied();
      for (const c of early) await call.media.addCandidate(c).catch(() => {});
      if (this.jingle.session(key)?.state !== 'pending') return;
      call.local = describe(sdpAnswer, Role.responder);
      const { contents, group } = call.local;
      this.jingle.local(
        key,
        group === undefined ? { kind: 'accept', contents } : { kind: 'accept', contents, group },
      );
      call.accepted = true;
      for (const c of trickled) this.#trickle(call, c);
      call.timer = this.io.timers.setTimeout(
        () => this.#end(key, echoTimeUp(this.limits.maxCallMs)),
        this.limits.maxCallMs,
      );
    } catch (err) {
      this.io.log.warn(`echo: cannot answer ${key}: ${err instanceof Error ? err.message : String(err)}`);
      this.#end(key, { condition: 'failed-application', text: 'The echo test could not use this offer' });
    }
  }

  #trickle(call: EchoCall, c: Parameters<typeof candidateFor>[0]): void {
    const cand = call.local === undefined ? undefined : candidateFor(c, Role.initiator, call.local);
    if (cand === undefined || this.jingle.session(call.key)?.state !== 'active') return;
    this.jingle.local(call.key, { kind: 'candidate', ...cand });
  }

  #end(key: string, reason: Reason): void {
    if (this.jingle.session(key)?.state === 'pending' || this.jingle.session(key)?.state === 'active')
      this.jingle.local(key, { kind: 'terminate', reason });
  }

  #ended(key: string, sid: string, reason: Reason): void {
    const call = this.#calls.get(key);
    this.#calls.delete(key);
    if (call?.timer !== undefined) this.io.timers.clearTimeout(call.timer);
    call?.media?.close();
    if (this.jmi.call(sid)?.phase === 'proceeding') this.jmi.input({ type: 'end-call', id: sid, reason });
  }
}
