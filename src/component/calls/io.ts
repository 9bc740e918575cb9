// What the call layer needs from the outside world: stanza I/O, a clock, timers and ids. The
// component provides `componentIo` (below); unit tests provide a recording double.
import { randomUUID } from 'node:crypto';
import type { Element } from 'ltx';
import type { Logger } from '../bridge.js';
import type { Timers } from '../guest/session.js';
import type { ComponentConnection } from '../xmpp.js';

export interface CallIo {
  /** Fire and forget (messages, presence, IQ replies). Queued while the connection is down. */
  send(stanza: Element): void;
  /** An IQ get/set; rejects with StanzaError or TimeoutError. Queued while the connection is down. */
  request(iq: Element): Promise<Element>;
  now(): number;
  timers: Timers;
  /** Globally unique ids: JMI propose ids / Jingle sids (XEP-0353 §5 recommends UUIDs), stanza ids. */
  newId(): string;
  log: Logger;
}

/**
 * I/O over the component connection. XEP-0114 has no stream management, so whatever the call layer
 * sends while the link is down (session-terminates of calls that died with it, JMI retracts) waits
 * and goes out right after the reconnect, so peers learn why their call ended.
 */
/**
 * How long a Jingle IQ of ours may stay unanswered before the engine gives up on it (XEP-0166 sets no
 * value). Not the connection's 10 s default: a loaded server queues stanzas for longer, and bench/
 * component.ts saw session-initiates reach the owner 10-18 s after the proceed (docs/benchmarks.md
 * "Component"); the guest's ring timer still bounds the whole setup.
 */
export const CALL_IQ_TIMEOUT_MS = 30_000;

/** The parts of ComponentConnection the call layer uses. */
export type CallConnection = Pick<ComponentConnection, 'online' | 'send' | 'request'> & {
  on(event: 'online', fn: () => void): unknown;
};

export function componentIo(xmpp: CallConnection, log: Logger, now: () => number = Date.now): CallIo {
  const waiting: (() => void)[] = [];
  xmpp.on('online', () => {
    for (const run of waiting.splice(0)) run();
  });
  const send = (el: Element): void => {
    if (!xmpp.online) return void waiting.push(() => send(el));
    xmpp.send(el).catch((err: unknown) => log.warn(`stanza not sent: ${String(err)}`));
  };
  const request = (iq: Element): Promise<Element> => {
    if (!xmpp.online)
      return new Promise((resolve, reject) => waiting.push(() => request(iq).then(resolve, reject)));
    return xmpp.request(iq, CALL_IQ_TIMEOUT_MS);
  };
  return {
    send,
    request,
    now,
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    newId: () => randomUUID(),
    log,
  };
}
