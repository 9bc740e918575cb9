// Stanzas sent while the stream is down are held here and sent, in order, once a session is usable
// again. xmpp.js 0.14 writes a stanza straight to the socket: with the socket gone (between the
// 'disconnect' and the resumed or new session) the write throws and the stanza is lost, and XEP-0198
// cannot resend it because its queue only holds stanzas that were written (issue #11 defect 7: a
// hang-up made during a network cut never reached the peer). After a resume (XEP-0198 §5) the server
// first gets xmpp.js's resend of unacknowledged stanzas, then these; after a new session they go out
// as soon as it is bound and SM is enabled, before the roster and presence (RFC 6121 allows IQs and
// messages before initial presence).
import type { Element } from 'ltx';
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

export class Outbox {
  readonly #held: Held[] = [];
  readonly #write: (stanza: Element) => Promise<void>;
  #state: ConnectionState = 'offline';

  /** Takes over `xmpp.send`; every sender (iqCaller, iqCallee replies, our own code) goes through it. */
  constructor(xmpp: XmppClient) {
    this.#write = xmpp.send.bind(xmpp);
    xmpp.send = (stanza: Element) => this.#send(stanza);
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
    for (const h of this.#held.splice(0)) this.#write(h.stanza).then(h.resolve, h.reject);
  }

  #drop(error: Error): void {
    for (const h of this.#held.splice(0)) h.reject(error);
  }
}
