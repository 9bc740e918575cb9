// When the browser client restarts ICE by itself (XEP-0176 §5.9): after a `disconnected` that lasts,
// on `failed`, and once signaling is back after an outage. The restart offer and answer themselves
// are negotiation.ts's.
import type { Reason } from '../../jingle/reason.js';
import type { Clock } from '../clock.js';

/** Long enough to ride out a brief loss of packets (Chromium reports that as `disconnected` too). */
export const DEFAULT_ICE_RESTART_AFTER_MS = 3000;

/**
 * How long a restart may take to bring a `failed` connection back before the call ends: the peer may
 * ack our offer and never answer it, and Chromium reports nothing more while it waits.
 */
export const RESTART_GRACE_MS = 10_000;

export const ICE_FAILED: Reason = {
  condition: 'connectivity-error',
  text: 'ICE failed: no candidate pair between the two parties works.',
};

/** What the policy needs from the call; all of it is read when it is needed, never cached. */
export interface RecoveryPort {
  readonly clock: Clock;
  readonly afterMs: number;
  /** The Jingle session is active and no restart of either side is under way or queued. */
  canRestart(): boolean;
  /** A restart of either side is queued, sent or waiting for its answer. */
  restartRunning(): boolean;
  connectionState(): RTCPeerConnectionState;
  restart(): void;
  fail(reason: Reason): void;
  /** Our XMPP stream is up: a restart offer (a transport-info) can reach the peer. */
  signalingUp(): boolean;
}

/**
 * Deployed clients restart on a network change: Conversations at once, while Chromium declares
 * `failed` only after ~30 s of silence, so a `disconnected` lasting `iceRestartAfterMs` restarts too.
 * One automatic attempt per connected period: failing again before ICE connected once more ends the call.
 */
export class IceRecovery {
  /** An automatic restart was made since ICE was last `connected`. */
  #attempted = false;
  /** ICE got into trouble while signaling was down; the restart waits for signalingBack(). */
  #waiting = false;
  #timer: unknown;

  constructor(private readonly port: RecoveryPort) {}

  /** Called on every `connectionstatechange`. */
  changed(state: RTCPeerConnectionState): void {
    if (state !== 'disconnected') this.#cancel();
    if (state === 'connected') this.#attempted = this.#waiting = false;
    else if (state === 'disconnected') this.#arm();
    else if (state === 'failed') this.#failed();
  }

  /** The call ended: no timer may outlive it. */
  stop(): void {
    this.#cancel();
  }

  /**
   * Signaling is back and the peer still has the session (outage/reconcile-calls.ts): the restart
   * that ICE trouble during the outage called for is made now.
   */
  signalingBack(): void {
    if (!this.#waiting) return;
    this.#waiting = false;
    const state = this.port.connectionState();
    if (state === 'failed') this.#failed();
    else if (state === 'disconnected' && !this.#attempted && this.port.canRestart()) this.#restart();
  }

  #failed(): void {
    // Without signaling a restart offer cannot reach the peer, and failing for it would end a call
    // that may only have lost media for as long as the server is away (issue #11 defect 6).
    if (!this.port.signalingUp()) return void (this.#waiting = true);
    const running = this.port.restartRunning();
    if (!running && (this.#attempted || !this.port.canRestart())) return this.port.fail(ICE_FAILED);
    if (!running) this.#restart();
    // The restart (ours, or the peer's in flight) moves the connection on from `failed`; if nothing
    // happens within the grace period it never will.
    this.#timer = this.port.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.port.connectionState() === 'failed') this.port.fail(ICE_FAILED);
    }, RESTART_GRACE_MS);
  }

  #arm(): void {
    if (this.port.afterMs <= 0 || this.#timer !== undefined) return;
    this.#timer = this.port.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.port.connectionState() !== 'disconnected' || this.#attempted) return;
      if (!this.port.signalingUp()) this.#waiting = true;
      else if (this.port.canRestart()) this.#restart();
    }, this.port.afterMs);
  }

  #restart(): void {
    this.#attempted = true;
    this.port.restart();
  }

  #cancel(): void {
    if (this.#timer === undefined) return;
    this.port.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
