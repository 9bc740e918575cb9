// The call manager's bookkeeping: who may ring us, which calls were answered, and the call history
// (one entry per call that reached us or that we placed, strangers' and busy ones included). The
// outcome of an entry is history.ts's.
import { jidDomain } from '../../jingle/jid.js';
import type { JmiMedia } from '../../jingle/jmi/index.js';
import type { Reason } from '../../jingle/reason.js';
import { TERMINATE_CAUSES } from '../../jingle/session/index.js';
import type { Clock } from '../clock.js';
import { historyOutcome } from './history.js';
import type { CallDirection } from './state.js';
import type { AcceptCallsFrom, CallEnd, CallHistoryEntry } from './types.js';

export const cause = (c: keyof typeof TERMINATE_CAUSES): Reason => ({ ...TERMINATE_CAUSES[c] });

/**
 * The newest history entries kept in memory; older ones are dropped (#11: every call that reaches us
 * gets an entry, strangers' included, so a flood of them must not grow the list without end).
 */
export const HISTORY_LIMIT = 200;

export interface CallBookDeps {
  readonly clock: Clock;
  readonly acceptCallsFrom: AcceptCallsFrom;
  readonly trustedDomains: readonly string[];
  /** RFC 6121: the contact has a presence subscription to us (`from` or `both`). */
  isContact(bare: string): boolean;
  /** An entry was added (the manager's `history` event). */
  logged(entry: CallHistoryEntry): void;
}

/** The facts of a call an entry is made of. */
export interface BookedCall {
  readonly id: string;
  readonly peer: string;
  readonly direction: CallDirection;
  readonly media: readonly JmiMedia[];
  readonly startedAt: number;
}

export class CallBook {
  /** The newest HISTORY_LIMIT entries, oldest first. */
  readonly history: CallHistoryEntry[] = [];
  /** Calls whose Jingle session reached `active`. */
  readonly #answered = new Set<string>();

  constructor(private readonly deps: CallBookDeps) {}

  /**
   * Whether a call from this bare JID may ring (docs/reference/deployed-clients.md §5.10: strangers
   * are turned away quietly).
   */
  trusted(bare: string): boolean {
    if (this.deps.acceptCallsFrom === 'anyone' || this.deps.isContact(bare)) return true;
    const domain = jidDomain(bare).toLowerCase();
    // Subdomains too: in a cluster each bridge instance names its guests under its own subdomain
    // of the component domain (docs/scaling.md, "Addressing a guest").
    return this.deps.trustedDomains.some(
      (d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`),
    );
  }

  answered(id: string): boolean {
    return this.#answered.has(id);
  }

  markAnswered(id: string): void {
    this.#answered.add(id);
  }

  /** A call that existed has ended. */
  ended(call: BookedCall, end: CallEnd): void {
    this.log({
      id: call.id,
      peer: call.peer,
      direction: call.direction,
      media: call.media,
      outcome: historyOutcome(call.direction, this.#answered.has(call.id), end.reason, end.outcome),
      startedAt: call.startedAt,
      endedAt: this.deps.clock.now(),
      reason: end.reason,
    });
    // Only live calls ask (hang-up wording); an ended call's id would otherwise stay forever (#14).
    this.#answered.delete(call.id);
  }

  /** An incoming call that never rang here (a stranger, busy, a stale propose). */
  turnedAway(
    id: string,
    peer: string,
    media: readonly JmiMedia[],
    outcome: 'busy' | 'missed',
    reason: Reason,
  ): void {
    const now = this.deps.clock.now();
    this.log({ id, peer, direction: 'incoming', media, outcome, startedAt: now, endedAt: now, reason });
  }

  log(entry: CallHistoryEntry): void {
    this.history.push(entry);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.deps.logged(entry);
  }
}
