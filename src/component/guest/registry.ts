// All open guest sessions, keyed by the local part of their JID, and the events the call layer
// listens to. This is the seam for guest <-> Jingle bridging (docs/component.md "Seams"):
//   registry.on('offer', (session, sdp) => ...)      place the call; later session.ringing(),
//                                                    session.answer(sdp), session.candidate(c), session.end(reason)
//   registry.on('candidate', (session, c) => ...)    trickle from the guest
//   registry.on('ended', (session, reason, by) => ...) tear the Jingle side down
import { randomBytes } from 'node:crypto';
import type { IceServer } from '../../jingle/extdisco.js';
import { sameBareJid } from '../../jingle/jid.js';
import type { Reason } from '../../jingle/reason.js';
import { TypedEmitter } from '../../jingle/emitter.js';
import { logListenerError } from '../listener-error.js';
import type { LinkUses } from '../link-uses.js';
import type { RateLimiter } from '../rate-limit.js';
import type { CallLink } from '../token.js';
import { CALL_TICKET_LIFETIME_MS, type CallTicket } from './call-ticket.js';
import type { GuestCandidate } from './protocol.js';
import { REFUSALS } from './page.js';
import {
  GUEST_END,
  GUEST_IDLE_MS,
  GuestSession,
  type GuestHooks,
  type GuestTransport,
  type Timers,
} from './session.js';

export type GuestEvents = {
  offer: [session: GuestSession, sdp: string];
  candidate: [session: GuestSession, candidate: GuestCandidate];
  ended: [session: GuestSession, reason: Reason, by: 'guest' | 'server'];
  /** A guest whose socket broke in a call hangs it up from a new socket (call-ticket.ts). */
  'hangup-call': [session: GuestSession, call: CallTicket];
};

export interface GuestRegistryOptions {
  domain: string;
  linkUses: LinkUses;
  callLimiter: RateLimiter;
  ringTimeoutMs: number;
  /** Close guests with no call and no message after this long; default GUEST_IDLE_MS, 0 never. */
  idleTimeoutMs?: number;
  now?: () => number;
  timers?: Timers;
  newId?: () => string;
  /** False while the XMPP connection is down: calls cannot be placed then. */
  available?: () => boolean;
  /** STUN/TURN for a guest's `ready` (GuestIceServers.forGuest); unset: `ready` has no iceServers. */
  iceServers?: (session: GuestSession) => IceServer[];
  /** Signs and checks call tickets (with the link key); unset: `answer` carries none. */
  tickets?: { sign(t: CallTicket): string; verify(ticket: string): CallTicket | undefined };
}

export const GUEST_PREFIX = 'guest-';

export class GuestRegistry extends TypedEmitter<GuestEvents> {
  readonly #sessions = new Map<string, GuestSession>();
  readonly #answered = new WeakSet<GuestSession>();
  readonly #reserved = new WeakSet<GuestSession>();
  readonly #opts: Required<Omit<GuestRegistryOptions, 'iceServers' | 'tickets'>> &
    Pick<GuestRegistryOptions, 'iceServers' | 'tickets'>;
  readonly #hooks: GuestHooks;

  constructor(opts: GuestRegistryOptions) {
    super(logListenerError);
    this.#opts = {
      now: () => Date.now(),
      timers: {
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
      },
      newId: () => randomBytes(8).toString('hex'),
      available: () => true,
      idleTimeoutMs: GUEST_IDLE_MS,
      ...opts,
    };
    this.#hooks = {
      admitCall: (s) => this.#admit(s),
      offer: (s, sdp) => this.emit('offer', s, sdp),
      candidate: (s, c) => this.emit('candidate', s, c),
      answered: (s) => {
        this.#answered.add(s);
        if (s.link.use === 'single') this.#opts.linkUses.commit(s.link.id);
      },
      ended: (s, reason, by) => {
        this.#sessions.delete(localOf(s));
        if (this.#reserved.has(s) && !this.#answered.has(s)) this.#opts.linkUses.release(s.link.id);
        this.emit('ended', s, reason, by);
      },
      ...(opts.iceServers ? { iceServers: opts.iceServers } : {}),
      ...(opts.tickets ? this.#ticketHooks(opts.tickets) : {}),
    };
  }

  /** A new guest on a verified link. Its JID is guest-<id>@<domain>/web. */
  open(link: CallLink, address: string, transport: GuestTransport): GuestSession {
    let id = this.#opts.newId();
    while (this.#sessions.has(GUEST_PREFIX + id)) id = this.#opts.newId();
    const jid = `${GUEST_PREFIX}${id}@${this.#opts.domain}/web`;
    const s = new GuestSession(
      id,
      jid,
      link,
      address,
      transport,
      this.#hooks,
      this.#opts.timers,
      this.#opts.ringTimeoutMs,
      this.#opts.idleTimeoutMs,
    );
    this.#sessions.set(GUEST_PREFIX + id, s);
    return s;
  }

  /** By local part (`guest-abc`), for the XMPP router. */
  get(local: string): GuestSession | undefined {
    return this.#sessions.get(local.toLowerCase());
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Ends every open session, e.g. when the component shuts down. */
  endAll(reason: Reason): void {
    for (const s of [...this.#sessions.values()]) s.end(reason);
  }

  /** Ends every session whose call is not answered yet (the XMPP link to the server was lost). */
  endUnanswered(reason: Reason): void {
    for (const s of [...this.#sessions.values()]) if (s.state !== 'in-call') s.end(reason);
  }

  #ticketHooks(
    tickets: NonNullable<GuestRegistryOptions['tickets']>,
  ): Pick<GuestHooks, 'ticket' | 'hangupCall' | 'resume'> {
    return {
      resume: (s, token) => {
        const t = tickets.verify(token);
        const live = t === undefined ? undefined : this.get(t.guest.split('@')[0] ?? '');
        if (live === undefined || live.state !== 'in-call' || live.link.id !== s.link.id) return undefined;
        this.#sessions.delete(localOf(s));
        return live;
      },
      ticket: (s, call) =>
        tickets.sign({ guest: s.jid, ...call, expiresAt: this.#opts.now() + CALL_TICKET_LIFETIME_MS }),
      hangupCall: (s, token) => {
        const t = tickets.verify(token);
        // Only calls to this link's owner: a ticket is no way to reach anyone else.
        if (t === undefined || !sameBareJid(t.peer, s.link.owner)) return false;
        // The call is still here (its socket broke, this process did not restart): end it properly.
        const live = this.get(t.guest.split('@')[0] ?? '');
        if (live !== undefined && live.link.id === s.link.id) {
          live.hangUpLate();
          return true;
        }
        if (this.listenerCount('hangup-call') === 0) return false;
        this.emit('hangup-call', s, t);
        return true;
      },
    };
  }

  #admit(s: GuestSession): ReturnType<GuestHooks['admitCall']> {
    const now = this.#opts.now();
    // The link was checked when the socket opened; it may have expired since (issue #11, item 8).
    if (s.link.expiresAt <= now) return { code: 'link-refused', message: REFUSALS.expired.title };
    if (!this.#opts.callLimiter.take(s.address, now)) {
      return { code: 'rate-limited', message: 'Too many calls from your address; try again in a minute' };
    }
    if (!this.#opts.available()) return GUEST_END.reconnecting;
    if (this.listenerCount('offer') === 0) return GUEST_END.notWired;
    if (s.link.use === 'single') {
      const used: Reason = { condition: 'expired', text: 'This call link has already been used' };
      const reserved = this.#opts.linkUses.reserve(s.link.id, s.link.expiresAt, now);
      if (reserved === false) return used;
      // Before the shared store answers too: a guest who hangs up meanwhile releases the claim.
      this.#reserved.add(s);
      if (reserved !== true)
        return reserved.then((won) => (won ? undefined : (this.#reserved.delete(s), used)));
    }
    return undefined;
  }
}

const localOf = (s: GuestSession): string => GUEST_PREFIX + s.id;
