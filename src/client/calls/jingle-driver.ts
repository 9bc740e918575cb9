// Runs the pure XEP-0166 engine (src/jingle/session) for the client, in the shape of the component's
// driver (src/component/calls/jingle-driver.ts): received Jingle IQs go through routeIq (sender check,
// tie-break) and are answered with the error returned as data, local inputs through stepTable, IQs
// we send have their outcome fed back, and timers arm the engine's ticks. Inputs carry `now` from the
// injected clock. What only calls can do (descriptions, candidates, events) goes to the hooks, in the
// order the engine emitted it. A session is (peer full JID, sid) (XEP-0166 §7.2).
import type { Element } from 'ltx';
import {
  createSessionTable,
  errorToXml,
  openSession,
  routeIq,
  sessionKey,
  stepTable,
  tickAll,
  type Effect,
  type Input,
  type Session,
  type SessionOptions,
  type SessionTable,
} from '../../jingle/session/index.js';
import type { Clock } from '../clock.js';
import { InvalidStateError } from '../errors.js';
import { DriverTimers } from './driver-timers.js';
import type { IqOutcome } from './types.js';

/** The effects the engine leaves to the calls. */
export type AppEffect = Extract<Effect, { kind: 'remote-description' | 'remote-candidates' | 'event' }>;

export interface JingleDriverIo {
  readonly clock: Clock;
  /** Sends an IQ-set carrying `jingle`; resolves with how the peer answered. */
  sendIq(to: string, jingle: Element): Promise<IqOutcome>;
}

export interface JingleDriverHooks {
  /** A session-initiate created a session; runs before the other effects of that step. */
  incoming(sid: string, peer: string): void;
  /** `from`: the session a routed IQ belongs to (its descriptions and candidates); none for ticks. */
  effect(e: AppEffect, from: { peer: string; sid: string } | undefined): void;
  /** After every step, whatever it did. */
  settled(): void;
}

export class JingleDriver {
  #table: SessionTable;
  #disposed = false;
  readonly #timers: DriverTimers;

  constructor(
    /** Our full JID in these sessions. */
    readonly self: string,
    private readonly io: JingleDriverIo,
    private readonly hooks: JingleDriverHooks,
    options: SessionOptions = {},
  ) {
    this.#table = createSessionTable(self, options);
    this.#timers = new DriverTimers(io.clock);
  }

  get table(): SessionTable {
    return this.#table;
  }

  session(peer: string, sid: string): Session | undefined {
    return this.#table.sessions.get(sessionKey(peer, sid));
  }

  /** A received Jingle IQ-set: `true` (result) or the `<error/>` to answer with. */
  iq(iq: { id: string; from: string; jingle: Element }): Element | true {
    const r = routeIq(this.#table, { kind: 'iq', ...iq, now: this.io.clock.now() });
    this.#table = r.table;
    const reply = r.effects.find(
      (e: Effect) => (e.kind === 'result' || e.kind === 'error') && e.iqId === iq.id,
    );
    this.#run(r.effects, { peer: iq.from, sid: String(iq.jingle.attrs['sid'] ?? '') });
    return reply?.kind === 'error' ? errorToXml(reply.error) : true;
  }

  /** Opens our outgoing session (we are the initiator). */
  open(peer: string, sid: string): void {
    this.#table = openSession(this.#table, peer, sid);
  }

  /** Any input but a received IQ, for the session (peer, sid) if it exists. */
  step(peer: string, sid: string, input: Exclude<Input, { kind: 'iq' }>): void {
    const key = sessionKey(peer, sid);
    if (this.#disposed || !this.#table.sessions.has(key)) return;
    try {
      const r = stepTable(this.#table, key, input);
      this.#table = r.table;
      this.#run(r.effects, { peer, sid });
    } catch (error) {
      // An intent the session no longer allows (it ended meanwhile) is not worth an error to anyone.
      if (!(error instanceof InvalidStateError)) throw error;
    }
  }

  /** The engine is replaced (a new XMPP session brought a new JID): late outcomes and ticks are dropped. */
  dispose(): void {
    this.#disposed = true;
    this.stopTimers();
  }

  stopTimers(): void {
    this.#timers.stop();
  }

  #run(effects: readonly Effect[], from: { peer: string; sid: string } | undefined): void {
    // The Call object must exist before the description it will apply: `incoming` first.
    for (const e of effects)
      if (e.kind === 'event' && e.event.type === 'incoming') this.hooks.incoming(e.sid, e.peer);
    for (const e of effects) {
      switch (e.kind) {
        case 'send':
          this.#send(e.to, e.jingle, e.ref);
          break;
        case 'result':
        case 'error':
          break; // answered by iq(), which routed the request
        case 'schedule':
          this.#schedule(`${sessionKey(e.peer, e.sid)}:${e.timer}`, e.at);
          break;
        default:
          if (e.kind !== 'event' || e.event.type !== 'incoming') this.hooks.effect(e, from);
      }
    }
    this.#release();
    this.hooks.settled();
  }

  /**
   * The engine's timers of a session that ended, was forgotten or disarmed them stop here too
   * (issue #14): each closure kept the driver's work alive for up to its delay after every call.
   */
  #release(): void {
    this.#timers.release((name) => {
      const cut = name.lastIndexOf(':');
      const s = this.#table.sessions.get(name.slice(0, cut));
      const timer = name.slice(cut + 1) as keyof Session['timers'];
      return s !== undefined && s.state !== 'ended' && s.timers[timer] !== undefined;
    });
  }

  #send(to: string, jingle: Element, ref: string): void {
    const sid = String(jingle.attrs['sid'] ?? '');
    void this.io.sendIq(to, jingle).then((o) => {
      const now = this.io.clock.now();
      this.step(
        to,
        sid,
        o.kind === 'result'
          ? { kind: 'iq-result', ref, now }
          : o.kind === 'error'
            ? { kind: 'iq-error', ref, error: o.error, now }
            : { kind: 'iq-timeout', ref, now },
      );
    });
  }

  #schedule(name: string, at: number): void {
    this.#timers.arm(name, at, () => {
      const r = tickAll(this.#table, this.io.clock.now());
      this.#table = r.table;
      this.#run(r.effects, undefined);
    });
  }
}
