// Runs the pure XEP-0353 engine (src/jingle/jmi) for one JID of the component: parses messages,
// steps the device, sends what it says to send (stamping `from`, which a component must do) and arms
// its timers. Everything else (ring, initiate-session, ended, ...) goes to the call layer.
import type { Element } from 'ltx';
import { jidDomain } from '../../jingle/jid.js';
import {
  createJmiDevice,
  jmiToXml,
  parseJmi,
  stepJmiDevice,
  type JmiDevice,
  type JmiDeviceInput,
  type JmiDeviceOptions,
  type JmiEffect,
  type JmiMessage,
  type JmiState,
} from '../../jingle/jmi/index.js';
import type { CallIo } from './io.js';
import { ownElement } from './jingle-driver.js';

/** Device inputs without the clock: the driver stamps `now`. */
export type JmiLocalInput = JmiDeviceInput extends infer I
  ? I extends { now: number }
    ? Omit<I, 'now'>
    : never
  : never;

export class JmiDriver {
  #device: JmiDevice;
  readonly #timers = new Map<string, unknown>();

  constructor(
    /** Our full JID. */
    readonly own: string,
    private readonly io: CallIo,
    private readonly onEffect: (effect: Exclude<JmiEffect, { type: 'send' | 'set-timer' }>) => void,
    options: JmiDeviceOptions = {},
    /** Adds elements to outgoing JMI messages (e.g. the guest's XEP-0172 nick on the propose). */
    private readonly decorate: (message: Element) => void = () => {},
  ) {
    this.#device = createJmiDevice(own, options);
  }

  call(id: string): JmiState | undefined {
    return this.#device.calls.get(id);
  }

  /** A received message; returns the parsed JMI message, or undefined when it was not JMI. */
  message(stanza: Element, callerIsTrusted: boolean): JmiMessage | undefined {
    const parsed = parseJmi(ownElement(stanza), this.own);
    if (!parsed.ok) return undefined;
    this.#step({ type: 'message', message: parsed.message, now: this.io.now(), callerIsTrusted });
    return parsed.message;
  }

  /** A local input (place-call, accept-call, ...); throws TypeError on misuse like the engine. */
  input(input: JmiLocalInput): void {
    this.#step({ ...input, now: this.io.now() } as JmiDeviceInput);
  }

  dispose(): void {
    for (const t of this.#timers.values()) this.io.timers.clearTimeout(t);
    this.#timers.clear();
  }

  #step(input: JmiDeviceInput): void {
    const r = stepJmiDevice(this.#device, input);
    this.#device = r.device;
    for (const e of r.effects) {
      if (e.type === 'send') {
        // v0.3 <accept/> goes to our own bare JID for our other devices; a component has none, and
        // the server would only hand it back to us.
        if (jidDomain(e.to).toLowerCase() === jidDomain(this.own).toLowerCase()) continue;
        const el = jmiToXml({ to: e.to, payload: e.payload }, { from: this.own, stanzaId: this.io.newId() });
        this.decorate(el);
        this.io.send(el);
      } else if (e.type === 'set-timer') this.#arm(e.id, e.at);
      else
        try {
          this.onEffect(e);
        } catch (err) {
          this.io.log.warn(`jmi: ${e.type} not handled: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    this.#release();
  }

  /**
   * A call's ring timer outlives its ringing: the device drops the deadline once the call is
   * proceeded, accepted or ended, but the armed timer (and the call it closes over) would stay for the
   * whole ring timeout after every call (issue #14). Disarm it as soon as the deadline is gone.
   */
  #release(): void {
    for (const [id, handle] of this.#timers) {
      if (this.#device.calls.get(id)?.deadline !== undefined) continue;
      this.io.timers.clearTimeout(handle);
      this.#timers.delete(id);
    }
  }

  #arm(id: string, at: number): void {
    const old = this.#timers.get(id);
    if (old !== undefined) this.io.timers.clearTimeout(old);
    const handle = this.io.timers.setTimeout(
      () => {
        this.#timers.delete(id);
        this.#step({ type: 'tick', now: Math.max(this.io.now(), at) });
      },
      Math.max(0, at - this.io.now()),
    );
    this.#timers.set(id, handle);
  }
}
