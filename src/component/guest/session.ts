// One guest on one WebSocket: the order of the guest protocol, the ring timer, and the seam where
// the call layer (guest <-> Jingle bridging) plugs in through GuestRegistry events.
//
// awaiting-hello --hello--> ready --offer--> calling --ringing()--> ringing --answer()--> in-call
// any --hangup / end() / ring timeout / protocol error / socket close--> ended
// awaiting-hello|ready --idle timeout (no call, no message)--> ended (error `idle`, close 1000)
import type { IceServer } from '../../jingle/extdisco.js';
import { InvalidStateError } from '../../jingle/errors.js';
import type { Reason } from '../../jingle/reason.js';
import type { CallLink } from '../token.js';
import {
  MAX_GUEST_CANDIDATES,
  parseClientMessage,
  type ClientMessage,
  type GuestCandidate,
  type GuestErrorCode,
  type ServerMessage,
} from './protocol.js';

export const GuestState = {
  awaitingHello: 'awaiting-hello',
  ready: 'ready',
  calling: 'calling',
  ringing: 'ringing',
  inCall: 'in-call',
  ended: 'ended',
} as const;
export type GuestState = (typeof GuestState)[keyof typeof GuestState];

/** What the session needs from its socket; the WebSocket adapter and tests provide it. */
export interface GuestTransport {
  send(message: ServerMessage): void;
  /** WebSocket close codes: 1000 normal, 1008 policy violation, 1009 too big, 1011 server error. */
  close(code: number, reason: string): void;
  /** `resume`: from now on this socket's frames and close go to `session`. */
  handOver?(session: GuestSession): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A refusal of a call (an error code for the page, or a reason that ends it), or undefined to place it. */
export type Admission = { code: GuestErrorCode; message: string } | Reason | undefined;

/** Callbacks into the registry, which turns them into its public events. */
export interface GuestHooks {
  /**
   * Called on offer; returns a refusal (rate limit, link in use) or undefined to place the call, or a
   * promise of either when other instances must agree first (a single-use link, docs/scaling.md).
   */
  admitCall(session: GuestSession): Admission | Promise<Admission>;
  offer(session: GuestSession, sdp: string): void;
  candidate(session: GuestSession, candidate: GuestCandidate): void;
  answered(session: GuestSession): void;
  ended(session: GuestSession, reason: Reason, by: 'guest' | 'server'): void;
  /** STUN/TURN servers for this guest's `ready`; without it `ready` carries none. */
  iceServers?(session: GuestSession): IceServer[];
  /** A ticket for the answered call (call-ticket.ts); without it `answer` carries none. */
  ticket?(session: GuestSession, call: { peer: string; sid: string }): string;
  /** `hangup-call` on a fresh socket: true if the ticket is good and its hang-up was sent. */
  hangupCall?(session: GuestSession, ticket: string): boolean;
  /** `resume` on a fresh socket: the detached call the ticket names, now forgotten as a session of its own. */
  resume?(session: GuestSession, ticket: string): GuestSession | undefined;
}

/** Reasons this layer ends calls with; every one carries a <text/> the other side can show (XEP-0166 §7.4). */
export const GUEST_END = {
  guestHangup: { condition: 'success', text: 'The guest hung up' },
  guestCancel: { condition: 'cancel', text: 'The guest hung up before the call was answered' },
  guestGone: { condition: 'gone', text: 'The guest closed the page' },
  guestError: { condition: 'failed-application', text: 'The guest page sent an invalid message' },
  noAnswer: { condition: 'timeout', text: 'No answer' },
  serverRestarted: { condition: 'connectivity-error', text: 'the call server restarted' },
  reconnecting: {
    condition: 'connectivity-error',
    text: 'The call server is reconnecting; try again in a moment',
  },
  ownerOffline: { condition: 'gone', text: 'The person you are calling is not online' },
  notWired: { condition: 'failed-application', text: 'This call server cannot place calls yet' },
  shutdown: { condition: 'general-error', text: 'The call server is shutting down' },
  idle: { condition: 'timeout', text: 'The guest page was idle' },
} as const satisfies Record<string, Reason>;

/** How long a call whose guest socket broke is kept (the life of its ticket, call-ticket.ts). */
export const DETACHED_CALL_MAX_MS = 12 * 3600_000;

/** A guest socket with no call and no message for this long is closed (issue #11, item 8). */
export const GUEST_IDLE_MS = 10 * 60_000;

export class GuestSession {
  #state: GuestState = 'awaiting-hello';
  #name: string | undefined;
  #timer: unknown;
  #idle: unknown;
  #detached = false;
  #candidates = 0;
  /** The guest's candidates while its call waits for admission; they follow the offer. */
  #held: GuestCandidate[] | undefined;

  constructor(
    readonly id: string,
    /** guest-<id>@<domain>/web */
    readonly jid: string,
    readonly link: CallLink,
    /** Client address, for rate limits and logs. */
    readonly address: string,
    private transport: GuestTransport,
    private readonly hooks: GuestHooks,
    private readonly timers: Timers,
    private readonly ringTimeoutMs: number,
    /** 0: never closed for idleness (unit tests of other behaviour). */
    private readonly idleTimeoutMs = 0,
  ) {
    this.#armIdle();
  }

  get state(): GuestState {
    return this.#state;
  }

  /** The name from hello, shown to the callee as the XEP-0172 nickname. */
  get name(): string | undefined {
    return this.#name;
  }

  /** A text frame from the guest. Never throws: bad input ends this session and nothing else. */
  receive(data: string): void {
    if (this.#state === 'ended') return;
    const parsed = parseClientMessage(data);
    if (!parsed.ok) return this.#fail(parsed.code, parsed.message, parsed.code === 'too-large' ? 1009 : 1008);
    this.#dispatch(parsed.message);
    if (this.#state === 'awaiting-hello' || this.#state === 'ready') this.#armIdle();
  }

  #dispatch(m: ClientMessage): void {
    const s = this.#state;
    if (m.type === 'hangup') {
      const reason = s === 'in-call' ? GUEST_END.guestHangup : GUEST_END.guestCancel;
      return this.#end(reason, 'guest', true);
    }
    if (m.type === 'hello' && s === 'awaiting-hello') {
      this.#name = m.name;
      this.#state = 'ready';
      const ice = this.hooks.iceServers?.(this);
      return this.transport.send({ type: 'ready', jid: this.jid, ...(ice ? { iceServers: ice } : {}) });
    }
    if (m.type === 'offer' && s === 'ready') return this.#placeCall(m.sdp);
    if (m.type === 'resume' && s === 'awaiting-hello') return this.#resume(m.ticket);
    if (m.type === 'hangup-call' && s === 'awaiting-hello') {
      if (this.hooks.hangupCall?.(this, m.ticket) !== true)
        return this.#fail('bad-message', 'this ticket names no call of this link', 1008);
      return this.#end(GUEST_END.guestHangup, 'guest', true);
    }
    if (m.type === 'candidate' && (s === 'calling' || s === 'ringing' || s === 'in-call')) {
      if (++this.#candidates > MAX_GUEST_CANDIDATES) {
        return this.#fail('bad-message', `at most ${MAX_GUEST_CANDIDATES} candidates per call`, 1008);
      }
      const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = m;
      const c = { candidate, sdpMid, sdpMLineIndex, usernameFragment };
      if (this.#held !== undefined) return void this.#held.push(c);
      return this.hooks.candidate(this, c);
    }
    this.#fail('out-of-order', `"${m.type}" is not allowed in state ${s}`, 1008);
  }

  /** Ends the session for a frame the protocol cannot carry (e.g. binary). */
  refuse(code: GuestErrorCode, message: string): void {
    if (this.#state !== 'ended') this.#fail(code, message, 1003);
  }

  /**
   * The socket closed under us. A page that goes away closes with 1001 (RFC 6455 §7.4.1) and ends
   * the call. A socket that just broke (1006: no close frame, e.g. a network cut or a proxy) in an
   * answered call does not: the media is browser to browser, so the call stays until the guest
   * resumes it on a new socket (`resume`), hangs up from one (`hangup-call`), or the owner hangs up
   * (docs/component.md).
   */
  closed(code?: number, from?: GuestTransport): void {
    // A socket this call moved away from (resume) says nothing about the call.
    if (from !== undefined && from !== this.transport) return;
    if (this.#state === 'ended' || this.#detached) return;
    if (this.#state === 'in-call' && code === 1006) {
      this.#detached = true;
      // Not forever: a guest page that crashed holds nothing here but memory.
      this.#timer = this.timers.setTimeout(() => {
        this.#timer = undefined;
        this.#end(GUEST_END.guestGone, 'guest', false);
      }, DETACHED_CALL_MAX_MS);
      return;
    }
    this.#end(GUEST_END.guestGone, 'guest', false);
  }

  /** In a call whose guest socket broke (see closed()). */
  get detached(): boolean {
    return this.#detached;
  }

  /** A new socket of the same guest carries this call on (`resume`); see closed(). */
  reattach(transport: GuestTransport): void {
    if (this.#state !== 'in-call') throw new InvalidStateError(`reattach() in state ${this.#state}`);
    const old = this.transport;
    this.#detached = false;
    this.#clearTimer();
    this.transport = transport;
    transport.handOver?.(this);
    transport.send({ type: 'resumed' });
    // The old socket may not have noticed it is dead yet (a network cut sends no FIN): close it.
    if (old !== transport) old.close(1000, 'resumed');
  }

  #resume(ticket: string): void {
    const call = this.hooks.resume?.(this, ticket);
    if (call === undefined) {
      this.transport.send({ type: 'error', code: 'unknown-call', message: 'this call is not known here' });
      this.#finish(GUEST_END.guestGone, 'guest');
      return this.transport.close(1000, 'unknown-call');
    }
    // This placeholder session is gone without a trace: the registry forgot it already.
    this.#state = 'ended';
    this.#clearIdle();
    call.reattach(this.transport);
  }

  /** The guest hung up from another socket (`hangup-call` with this call's ticket). */
  hangUpLate(): void {
    if (this.#state !== 'ended') this.#end(GUEST_END.guestHangup, 'guest', !this.#detached);
  }

  // ---- the call layer's side (the seam) ----

  /** calling -> ringing: the callee's device is alerting (XEP-0353 ringing or session-info ringing). */
  ringing(): void {
    if (this.#state !== 'calling') return;
    this.#state = 'ringing';
    this.transport.send({ type: 'ringing' });
  }

  /**
   * calling|ringing -> in-call with the callee's SDP answer; `call` (the callee's device and the sid)
   * gets the guest a ticket to hang up with should this socket break.
   */
  answer(sdp: string, call?: { peer: string; sid: string }): void {
    if (this.#state !== 'calling' && this.#state !== 'ringing') {
      throw new InvalidStateError(`answer() in state ${this.#state}`);
    }
    this.#clearTimer();
    this.#state = 'in-call';
    const ticket = call === undefined ? undefined : this.hooks.ticket?.(this, call);
    this.transport.send({ type: 'answer', sdp, ...(ticket === undefined ? {} : { ticket }) });
    this.hooks.answered(this);
  }

  /** A trickled candidate from the callee. */
  candidate(c: GuestCandidate): void {
    if (this.#state === 'calling' || this.#state === 'ringing' || this.#state === 'in-call') {
      this.transport.send({ type: 'candidate', ...c });
    }
  }

  /** Ends the call from the server side (callee declined, owner offline, server restarted, ...). */
  end(reason: Reason): void {
    if (this.#state !== 'ended') this.#end(reason, 'server', true);
  }

  #placeCall(sdp: string): void {
    const admission = this.hooks.admitCall(this);
    if (!(admission instanceof Promise)) return this.#admitted(admission, sdp);
    // 'calling' for the page from now on (the ring timeout counts the wait); the offer and the
    // candidates go out once the instances agree. A hang-up meanwhile ends it; the answer is then moot.
    this.#calling();
    this.#held = [];
    admission.then(
      (refusal) => this.#state === 'calling' && this.#admitted(refusal, sdp),
      () => this.#state === 'calling' && this.#admitted(GUEST_END.reconnecting, sdp),
    );
  }

  #admitted(refusal: Admission, sdp: string): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    if (refusal !== undefined && 'code' in refusal) return this.#fail(refusal.code, refusal.message, 1008);
    if (refusal !== undefined) return this.#end(refusal, 'server', true);
    if (this.#state !== 'calling') this.#calling();
    this.hooks.offer(this, sdp);
    for (const c of held) if (this.#state === 'calling') this.hooks.candidate(this, c);
  }

  /** ready -> calling: no idle timeout any more, the ring timeout instead. */
  #calling(): void {
    this.#state = 'calling';
    this.#clearIdle();
    this.#timer = this.timers.setTimeout(() => {
      this.#timer = undefined;
      if (this.#state === 'calling' || this.#state === 'ringing')
        this.#end(GUEST_END.noAnswer, 'server', true);
    }, this.ringTimeoutMs);
  }

  #fail(code: GuestErrorCode, message: string, closeCode: number): void {
    this.transport.send({ type: 'error', code, message });
    this.#finish(GUEST_END.guestError, 'guest');
    this.transport.close(closeCode, code);
  }

  #end(reason: Reason, by: 'guest' | 'server', tellGuest: boolean): void {
    if (tellGuest) this.transport.send({ type: 'ended', reason: reason.condition, text: reason.text ?? '' });
    this.#finish(reason, by);
    if (tellGuest) this.transport.close(1000, 'ended');
  }

  /** (Re)starts the idle timer while no call is placed; a call, or the end, stops it. */
  #armIdle(): void {
    this.#clearIdle();
    if (this.idleTimeoutMs <= 0 || (this.#state !== 'awaiting-hello' && this.#state !== 'ready')) return;
    this.#idle = this.timers.setTimeout(() => {
      this.#idle = undefined;
      if (this.#state !== 'awaiting-hello' && this.#state !== 'ready') return;
      const minutes = Math.round(this.idleTimeoutMs / 60_000);
      this.transport.send({
        type: 'error',
        code: 'idle',
        message: `Closed after ${minutes} minute${minutes === 1 ? '' : 's'} without a call; reload the page to call again`,
      });
      this.#finish(GUEST_END.idle, 'server');
      this.transport.close(1000, 'idle');
    }, this.idleTimeoutMs);
  }

  #clearIdle(): void {
    if (this.#idle !== undefined) this.timers.clearTimeout(this.#idle);
    this.#idle = undefined;
  }

  #finish(reason: Reason, by: 'guest' | 'server'): void {
    this.#clearTimer();
    this.#clearIdle();
    this.#state = 'ended';
    this.hooks.ended(this, reason, by);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
