// The named one-shot timers of an engine driver (jingle-driver.ts, jmi-driver.ts) on the injected
// clock. The engines say when (`at`, their time); a driver arms one timer per name (arming again
// replaces it), releases those its engine no longer needs (issue #14: every armed closure keeps the
// driver's work alive until it fires) and stops them all when the engine is replaced or the client stops.
import type { Clock } from '../clock.js';

export class DriverTimers {
  readonly #handles = new Map<string, unknown>();

  constructor(private readonly clock: Clock) {}

  arm(name: string, at: number, fire: () => void): void {
    const old = this.#handles.get(name);
    if (old !== undefined) this.clock.clearTimeout(old);
    const handle = this.clock.setTimeout(
      () => {
        this.#handles.delete(name);
        fire();
      },
      Math.max(0, at - this.clock.now()),
    );
    this.#handles.set(name, handle);
  }

  /** Disarms every timer whose name `needed` says the engine no longer needs. */
  release(needed: (name: string) => boolean): void {
    for (const [name, handle] of this.#handles) {
      if (needed(name)) continue;
      this.clock.clearTimeout(handle);
      this.#handles.delete(name);
    }
  }

  stop(): void {
    for (const handle of this.#handles.values()) this.clock.clearTimeout(handle);
    this.#handles.clear();
  }
}
