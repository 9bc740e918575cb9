// Runs the pure XEP-0166 engine (src/jingle/session) for one JID of the component: received Jingle
// IQs go through routeIq (sender check, tie-break), local intents through stepTable, and the effects
// become stanzas and timers. What only the call layer can do (media, the guest socket) reaches it as
// `onEffect` callbacks: remote-description, remote-candidates and event effects.
import { Element } from 'ltx';
import { copyTree } from '../../jingle/ltx.js';
import { NS_JINGLE_1 } from '../../jingle/ns.js';
import type { Reason } from '../../jingle/reason.js';
import {
  createSessionTable,
  errorFromXml,
  errorToXml,
  openSession,
  routeIq,
  sessionKey,
  stepTable,
  tickAll,
  type Effect,
  type Intent,
  type Session,
  type SessionOptions,
  type SessionTable,
} from '../../jingle/session/index.js';
import type { IqOutcome } from '../router.js';
import { iqResult } from '../stanza-errors.js';
import { StanzaError, TimeoutError } from '../iq-requests.js';
import type { CallIo } from './io.js';

/** The effects the engine leaves to the application, with the session they belong to. */
export type AppEffect = Extract<Effect, { kind: 'remote-description' | 'remote-candidates' | 'event' }>;

export class JingleDriver {
  #table: SessionTable;
  readonly #timers = new Map<string, unknown>();

  constructor(
    /** Our full JID in these sessions. */
    readonly self: string,
    private readonly io: CallIo,
    private readonly onEffect: (key: string, effect: AppEffect) => void,
    options: SessionOptions = {},
  ) {
    this.#table = createSessionTable(self, options);
  }

  session(key: string): Session | undefined {
    return this.#table.sessions.get(key);
  }

  sessions(): Session[] {
    return [...this.#table.sessions.values()];
  }

  /** A Jingle IQ-set addressed to `self`. Non-Jingle IQs are not ours (undefined). */
  iq(iq: Element): IqOutcome | undefined {
    if (iq.getChild('jingle', NS_JINGLE_1) === undefined || iq.attrs['type'] !== 'set') return undefined;
    // @xmpp/xml builds stanzas with ltx's CommonJS Element class, our code with its ESM one; ltx's
    // getChildElements() filters by `instanceof`, so mixed trees lose children. Re-parse into ours.
    const jingle = ownElement(iq).getChild('jingle', NS_JINGLE_1);
    if (jingle === undefined) return undefined;
    const from = String(iq.attrs['from']);
    const id = String(iq.attrs['id'] ?? '');
    const r = routeIq(this.#table, { kind: 'iq', id, from, jingle, now: this.io.now() });
    this.#table = r.table;
    // The engine answers this IQ first (XEP-0166 §6.3: ack before anything the action triggers);
    // sending it here keeps that order, which the router's own reply could not.
    this.#run(r.effects, { iq });
    return { replied: true };
  }

  /** Opens our outgoing session (we are the initiator) and returns its key. */
  open(peer: string, sid: string): string {
    this.#table = openSession(this.#table, peer, sid);
    return sessionKey(peer, sid);
  }

  /** A local intent; throws InvalidStateError/TypeError like the engine (API misuse). */
  local(key: string, intent: Intent): void {
    const r = stepTable(this.#table, key, { kind: 'local', intent, now: this.io.now() });
    this.#table = r.table;
    this.#run(r.effects, { key });
  }

  /** Ends every live session with this reason, e.g. when the call layer stops. */
  terminateAll(reason: Reason): void {
    for (const s of this.sessions()) {
      if (s.state === 'ended' || s.state === 'idle') continue;
      this.local(sessionKey(s.peer, s.sid), { kind: 'terminate', reason });
    }
  }

  dispose(): void {
    for (const t of this.#timers.values()) this.io.timers.clearTimeout(t);
    this.#timers.clear();
  }

  #run(effects: readonly Effect[], ctx: { iq?: Element; key?: string }): void {
    this.#runEffects(effects, ctx);
    this.#release();
  }

  /**
   * The engine's timers of a session that ended, or that it disarmed, stop here too (issue #14): each
   * closure held the driver for up to the timer's delay after every call (accept-timeout, candidates).
   */
  #release(): void {
    for (const [name, handle] of this.#timers) {
      const [sid, timer] = name.split('\u0000') as [string, keyof Session['timers']];
      const armed = [...this.#table.sessions.values()].some(
        (s) => s.sid === sid && s.state !== 'ended' && s.timers[timer] !== undefined,
      );
      if (armed) continue;
      this.io.timers.clearTimeout(handle);
      this.#timers.delete(name);
    }
  }

  #runEffects(effects: readonly Effect[], ctx: { iq?: Element; key?: string }): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'result':
        case 'error':
          this.io.send(replyTo(e, String(ctx.iq?.attrs['to'] ?? this.self)));
          break;
        case 'send':
          this.#send(e);
          break;
        case 'schedule':
          this.#schedule(e.sid, e.timer, e.at);
          break;
        default:
          try {
            this.onEffect(ctx.key ?? keyOf(e, this.#table, ctx.iq), e);
          } catch (err) {
            // A peer's bad payload (e.g. an untranslatable candidate) must not break the others.
            this.io.log.warn(
              `jingle: ${e.kind} not handled: ${err instanceof Error ? err.message : String(err)}`,
            );
          }
      }
    }
  }

  #send(e: Extract<Effect, { kind: 'send' }>): void {
    const key = sessionKey(e.to, String(e.jingle.attrs['sid']));
    const iq = new Element('iq', { from: this.self, to: e.to, type: 'set', id: this.io.newId() });
    iq.cnode(e.jingle);
    const feed = (input: Parameters<typeof stepTable>[2]): void => {
      if (!this.#table.sessions.has(key)) return;
      const r = stepTable(this.#table, key, input);
      this.#table = r.table;
      this.#run(r.effects, { key });
    };
    this.io.request(iq).then(
      () => feed({ kind: 'iq-result', ref: e.ref, now: this.io.now() }),
      (err: unknown) => {
        if (err instanceof TimeoutError) return feed({ kind: 'iq-timeout', ref: e.ref, now: this.io.now() });
        const el = err instanceof StanzaError ? err.stanza.getChild('error') : undefined;
        const error = el === undefined ? { condition: 'remote-server-timeout' } : errorFromXml(el);
        feed({ kind: 'iq-error', ref: e.ref, error, now: this.io.now() });
      },
    );
  }

  #schedule(sid: string, timer: string, at: number): void {
    const name = `${sid}\u0000${timer}`;
    const old = this.#timers.get(name);
    if (old !== undefined) this.io.timers.clearTimeout(old);
    const handle = this.io.timers.setTimeout(
      () => {
        this.#timers.delete(name);
        const r = tickAll(this.#table, this.io.now());
        this.#table = r.table;
        this.#run(r.effects, {});
      },
      Math.max(0, at - this.io.now()),
    );
    this.#timers.set(name, handle);
  }
}

/** The reply stanza for a result/error effect; `to` and id come from the effect, never from guesses. */
function replyTo(e: Extract<Effect, { kind: 'result' | 'error' }>, from: string): Element {
  if (e.kind === 'result') return iqResult(new Element('iq', { id: e.iqId, from: e.to, to: from }));
  const el = new Element('iq', { type: 'error', id: e.iqId, from, to: e.to });
  return el.cnode(errorToXml(e.error)).root();
}

/** Sessions are keyed by (peer, sid); app effects carry the sid in their <jingle> or event. */
function keyOf(e: AppEffect, table: SessionTable, iq: Element | undefined): string {
  const sid = e.kind === 'event' ? e.sid : String(e.jingle.attrs['sid']);
  const from = iq?.attrs['from'];
  if (typeof from === 'string') {
    const k = sessionKey(from, sid);
    if (table.sessions.has(k)) return k;
  }
  for (const [k, s] of table.sessions) if (s.sid === sid) return k;
  return sessionKey(String(from ?? ''), sid);
}

/**
 * The same XML as an element of this module's ltx class (see `iq()`), copied without recursion
 * (copyTree): serializing and re-parsing recursed once per level, so a stanza nested ~3,000 deep
 * (24 kB; found by the wire fuzzer) overflowed the stack and the handler failed instead of
 * answering the IQ.
 */
export function ownElement(el: Element): Element {
  // Another copy of ltx's class: the same shape, which the type system cannot tell apart from ours.
  return el instanceof Element ? el : copyTree(el);
}
