// The bookkeeping half of the call manager, on top of the engines (call-engines.ts): what a Call asks
// of its manager (CallHost), how a call ends from our side, who may ring, and the call history.
// Jingle sessions are handled in call-sessions.ts, JMI messages in call-messages.ts.
import { jidDomain } from '../jingle/jid.js';
import { JMI_REASONS, type JmiDeviceInput } from '../jingle/jmi/index.js';
import type { Reason } from '../jingle/reason.js';
import { TERMINATE_CAUSES, type Intent } from '../jingle/session/index.js';
import type { Call, CallImpl } from './call.js';
import { historyOutcome } from './call-history.js';
import type { CallJmiInput } from './call-host.js';
import { CallEngines } from './call-engines.js';
import type { CallEnd, CallEnvironment, CallHistoryEntry, CallManagerOptions } from './call-types.js';
import { TypedEmitter } from './emitter.js';
import { defaultGetUserMedia } from './media.js';

export type CallManagerEvents = {
  'incoming-call': [Call];
  /** A call ended (or never rang: strangers, busy, stale proposes); the entry is in `history`. */
  history: [CallHistoryEntry];
  error: [Error];
};

export const cause = (c: keyof typeof TERMINATE_CAUSES): Reason => ({ ...TERMINATE_CAUSES[c] });

/**
 * The newest history entries kept in memory; older ones are dropped (#11: every call that reaches us
 * gets an entry, strangers' included, so a flood of them must not grow the list without end).
 */
export const HISTORY_LIMIT = 200;

export abstract class CallBookkeeping extends CallEngines {
  readonly events: TypedEmitter<CallManagerEvents>;
  /** The newest HISTORY_LIMIT entries, oldest first. */
  readonly history: CallHistoryEntry[] = [];
  readonly statsIntervalMs: number;
  readonly iceRestartAfterMs: number;
  readonly peerConnection;
  readonly getUserMedia;
  /** The call we are ending right now and why, so engine echoes of it are attributed correctly. */
  protected localEnd: { id: string; by: 'local' | 'error' } | undefined;

  constructor(env: CallEnvironment, options: CallManagerOptions = {}) {
    super(env, options);
    this.statsIntervalMs = this.options.statsIntervalMs;
    this.iceRestartAfterMs = this.options.iceRestartAfterMs;
    const factory = env.peerConnection ?? ((c: RTCConfiguration) => new globalThis.RTCPeerConnection(c));
    this.peerConnection = factory;
    this.getUserMedia = env.getUserMedia ?? defaultGetUserMedia();
    this.events = new TypedEmitter<CallManagerEvents>((error, event) => {
      if (event !== 'error')
        this.events.emit('error', error instanceof Error ? error : new Error(String(error)));
    });
  }

  // ---- CallHost -----------------------------------------------------------------------------------

  intent(call: CallImpl, intent: Intent): void {
    const key = this.key(call);
    if (key === undefined || this.session(call)?.state === 'ended') return;
    this.stepSession(call, { kind: 'local', intent, now: this.clock.now() });
  }

  jmi(call: CallImpl, input: CallJmiInput): void {
    // Undefined: the device already forgot this ended call (JMI_DEDUP_WINDOW_MS).
    const phase = this.jmiPhase(call);
    if (phase === undefined || phase === 'ended') return;
    this.stepJmi({ ...input, id: call.id, now: this.clock.now() } as JmiDeviceInput);
  }

  restarting(call: CallImpl): 'local' | 'remote' | undefined {
    return this.session(call)?.restart?.by;
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

  // ---- policy and history -------------------------------------------------------------------------

  /** Whether a call from this bare JID may ring (interop.md §5.10: strangers are turned away quietly). */
  protected callerTrusted(bare: string): boolean {
    if (this.options.acceptCallsFrom === 'anyone' || this.env.isContact(bare)) return true;
    const domain = jidDomain(bare).toLowerCase();
    return this.options.trustedDomains.some((d) => d.toLowerCase() === domain);
  }

  #endLocally(call: CallImpl, reason: Reason, by: 'local' | 'error'): void {
    if (call.end !== undefined) return;
    this.localEnd = { id: call.id, by };
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
            ? // A local failure (e.g. no ICE candidate) retracts with its reason, not a plain cancel.
              { type: 'cancel-call', ...(by === 'error' ? { reason } : {}) }
            : {
                type: 'decline-call',
                reason: reason.condition === 'busy' ? JMI_REASONS.busy : JMI_REASONS.decline,
              },
        );
      else if (phase === 'proceeding') this.jmi(call, { type: 'end-call', reason });
      this.finish(call, { reason, by });
    } finally {
      this.localEnd = undefined;
      this.afterEffects();
    }
  }

  protected finish(call: CallImpl, end: CallEnd): void {
    if (call.end !== undefined) return;
    call.finish(end);
    this.log({
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

  protected log(entry: CallHistoryEntry): void {
    this.history.push(entry);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.events.emit('history', entry);
  }
}
