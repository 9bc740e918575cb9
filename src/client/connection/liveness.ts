// Is the stream alive? A WebSocket whose path died silently (a NAT timeout, a server that dropped the
// session without closing, a laptop waking up) reports nothing: writes succeed, reads never come,
// and the client would look online while it answers nothing (issue #11 defect 4). After `idleMs`
// without anything received we ask the server for an answer (an XEP-0198 §4 <r/>, or an XEP-0199
// ping without stream management); if nothing at all arrives within `answerMs`, the stream is dead.

import type { Clock } from '../clock.js';

export interface LivenessOptions {
  /** Quiet time (nothing received) before we probe, in ms; 0 turns the watchdog off. */
  idleMs: number;
  /** How long the probe may take to be answered (by anything at all), in ms. */
  answerMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = { idleMs: 20_000, answerMs: 10_000 };

export interface LivenessPort {
  readonly clock: Clock;
  /** Asks the server for an answer. */
  probe(): void;
  /** Nothing came back in time: the stream is dead. Called once per start(). */
  dead(): void;
}

export class Liveness {
  #timer: unknown;
  #running = false;

  constructor(
    private readonly port: LivenessPort,
    private readonly options: LivenessOptions,
  ) {}

  /** A session is usable: watch it. */
  start(): void {
    this.#running = true;
    this.#arm();
  }

  /** Anything arrived on the stream: it is alive, the quiet period starts again. */
  heard(): void {
    if (this.#running) this.#arm();
  }

  /** The session is gone (or the client stopped): no timer may outlive it. */
  stop(): void {
    this.#running = false;
    this.port.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    const { clock } = this.port;
    clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.options.idleMs <= 0) return;
    this.#timer = clock.setTimeout(() => this.#probe(), this.options.idleMs);
  }

  #probe(): void {
    this.#timer = this.port.clock.setTimeout(() => {
      this.stop();
      this.port.dead();
    }, this.options.answerMs);
    this.port.probe();
  }
}
