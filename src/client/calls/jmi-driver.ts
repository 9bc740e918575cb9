// Runs the pure XEP-0353 engine (src/jingle/jmi) for the client, in the shape of the component's
// driver (src/component/calls/jmi-driver.ts): received messages and local inputs step the device with
// `now` from the injected clock, `send` effects become <message/> stanzas, `set-timer` arms a tick, and
// everything else (ring, initiate-session, ended, ...) goes to the call manager.
import type { Element } from 'ltx';
import {
  createJmiDevice,
  jmiToXml,
  stepJmiDevice,
  type JmiDevice,
  type JmiDeviceInput,
  type JmiDeviceOptions,
  type JmiEffect,
  type JmiState,
} from '../../jingle/jmi/index.js';
import type { Clock } from '../clock.js';
import { DriverTimers } from './driver-timers.js';

/** Device inputs without the clock: the driver stamps `now`. */
export type JmiLocalInput = JmiDeviceInput extends infer I
  ? I extends { now: number }
    ? Omit<I, 'now'>
    : never
  : never;

export type JmiAppEffect = Exclude<JmiEffect, { type: 'send' | 'set-timer' }>;

export interface JmiDriverIo {
  readonly clock: Clock;
  sendMessage(stanza: Element): void;
  newId(): string;
}

export interface JmiDriverHooks {
  effect(e: JmiAppEffect): void;
  /** After every step, whatever it did. */
  settled(): void;
}

export class JmiDriver {
  #device: JmiDevice;
  #disposed = false;
  readonly #timers: DriverTimers;

  constructor(
    /** Our full JID. */
    readonly own: string,
    private readonly io: JmiDriverIo,
    private readonly hooks: JmiDriverHooks,
    options: JmiDeviceOptions = {},
  ) {
    this.#device = createJmiDevice(own, options);
    this.#timers = new DriverTimers(io.clock);
  }

  get device(): JmiDevice {
    return this.#device;
  }

  call(id: string): JmiState | undefined {
    return this.#device.calls.get(id);
  }

  /** A local input or a received message (place-call, accept-call, message, ...). */
  input(input: JmiLocalInput): void {
    if (this.#disposed) return;
    const r = stepJmiDevice(this.#device, { ...input, now: this.io.clock.now() } as JmiDeviceInput);
    this.#device = r.device;
    for (const e of r.effects) {
      if (e.type === 'send')
        this.io.sendMessage(jmiToXml({ to: e.to, payload: e.payload }, { stanzaId: this.io.newId() }));
      else if (e.type === 'set-timer') this.#timers.arm(e.id, e.at, () => this.input({ type: 'tick' }));
      else this.hooks.effect(e);
    }
    this.#release();
    this.hooks.settled();
  }

  /**
   * A call's ring timer outlives its ringing: the device drops the deadline once the call is
   * proceeded, accepted or ended, but the armed timer would stay for the whole ring timeout after
   * every call (issue #14). Disarm it as soon as the deadline is gone.
   */
  #release(): void {
    this.#timers.release((id) => this.#device.calls.get(id)?.deadline !== undefined);
  }

  /** The device is replaced (a new XMPP session brought a new JID): its timers stop. */
  dispose(): void {
    this.#disposed = true;
    this.stopTimers();
  }

  stopTimers(): void {
    this.#timers.stop();
  }
}
