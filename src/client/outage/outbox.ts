// Stanzas sent while the stream is down are held here and sent, in order, once a session is usable
// again. xmpp.js 0.14 writes a stanza straight to the socket: with the socket gone (between the
// 'disconnect' and the resumed or new session) the write throws and the stanza is lost, and XEP-0198
// cannot resend it because its queue only holds stanzas that were written (issue #11 defect 7: a
// hang-up made during a network cut never reached the peer). After a resume (XEP-0198 §5) the server
// first gets xmpp.js's resend of unacknowledged stanzas, then these; after a new session they go out
// as soon as it is bound and SM is enabled, before the roster and presence (RFC 6121 allows IQs and
// messages before initial presence).
//
// A resumption the server refused (it restarted: XEP-0198 §5 <failed/>) also loses what it had not
// acknowledged, e.g. a session-initiate written just before the crash; the connection reports each
// such stanza (lost()). The client MAY send them again (XEP-0198 §5); ours that a call depends on are sent
// first on the new session: Jingle IQ-sets (a peer that did get one answers the repeat with the same
// answer, docs/calls.md "Call ids") and JMI messages (their ids make a repeat harmless).
import type { Element } from 'ltx';
import { NS_JINGLE_1, NS_JINGLE_MESSAGE_0, NS_JINGLE_MESSAGE_1 } from '../../jingle/ns.js';
import { ClientError } from '../errors.js';
import type { ConnectionState } from '../connection/index.js';
import type { XmppClient } from '../xmpp.js';

/** What xmpp.js itself sends while it negotiates a session (RFC 6120 §7, RFC 3921 §3): never held. */
const NEGOTIATION = ['urn:ietf:params:xml:ns:xmpp-bind', 'urn:ietf:params:xml:ns:xmpp-session'];
const STANZAS = new Set(['iq', 'message', 'presence']);

interface Held {
  stanza: Element;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A call's own stanza: a Jingle IQ-set or a JMI message (XEP-0166, XEP-0353). */
const callSignal = (stanza: Element): boolean =>
  (stanza.name === 'iq' &&
    stanza.attrs['type'] === 'set' &&
    stanza.getChild('jingle', NS_JINGLE_1) !== undefined) ||
  (stanza.name === 'message' &&
    stanza
      .getChildElements()
      .some((c) => [NS_JINGLE_MESSAGE_0, NS_JINGLE_MESSAGE_1].includes(c.getNS() ?? '')));

export class Outbox {
  readonly #held: Held[] = [];
  /** Call signals the server never acknowledged before it refused to resume our stream. */
  readonly #unacked: Element[] = [];
  readonly #write: (stanza: Element) => Promise<void>;
  #state: ConnectionState = 'offline';

  /** Takes over `xmpp.send`; every sender (iqCaller, iqCallee replies, our own code) goes through it. */
  constructor(xmpp: XmppClient) {
    this.#write = xmpp.send.bind(xmpp);
    xmpp.send = (stanza: Element) => this.#send(stanza);
  }

  /**
   * A stanza the server never acknowledged, reported when it refused to resume our stream (client
   * internals' `onLost`). Also reported for what was pending at stop(): that is not sent again.
   */
  lost(stanza: Element): void {
    if ((this.#state === 'resuming' || this.#state === 'reconnecting') && callSignal(stanza))
      this.#unacked.push(stanza);
  }

  /** How many stanzas wait for the connection. */
  get size(): number {
    return this.#held.length;
  }

  /** The connection's state changed (connection.ts): flush on online, give up on stop or failure. */
  state(state: ConnectionState): void {
    this.#state = state;
    if (state === 'online') this.#flush();
    else if (state === 'offline' || state === 'failed')
      this.#drop(new ClientError('unreachable', `not sent: the connection is ${state}`));
  }

  #send(stanza: Element): Promise<void> {
    if (!this.#holds(stanza)) return this.#write(stanza);
    return new Promise<void>((resolve, reject) => this.#held.push({ stanza, resolve, reject }));
  }

  /**
   * Only between two sessions of a running client: before the first session (connecting) and after
   * stop() a send fails at once as before, so callers learn that nothing was sent.
   */
  #holds(stanza: Element): boolean {
    if (this.#state !== 'resuming' && this.#state !== 'reconnecting') return false;
    if (!STANZAS.has(stanza.name)) return false;
    return !(
      stanza.name === 'iq' && stanza.getChildElements().some((c) => NEGOTIATION.includes(c.getNS() ?? ''))
    );
  }

  #flush(): void {
    // Their senders were told at the time that they went out; a write that fails now is lost with
    // the next outage, which the call's ping (reconcile-calls.ts) then finds out.
    for (const stanza of this.#unacked.splice(0)) this.#write(stanza).catch(() => undefined);
    for (const h of this.#held.splice(0)) this.#write(h.stanza).then(h.resolve, h.reject);
  }

  #drop(error: Error): void {
    this.#unacked.length = 0;
    for (const h of this.#held.splice(0)) h.reject(error);
  }
}
