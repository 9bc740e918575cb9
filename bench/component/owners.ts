// Simulated link owners: Node @xmpp/client sessions over WebSocket (PLAIN on loopback) that answer
// every guest call the way a calling client does: JMI propose -> <ringing/> + <proceed/> to the
// caller's full JID (XEP-0353 §3), session-initiate -> result, then session-accept (XEP-0166 §6.3: ack
// first) whose contents come from a real Chromium answer; every other Jingle IQ is acked.
import { clone, type Element } from 'ltx';
import WebSocket from 'ws';
import {
  NS_JINGLE_1,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_RTP_1,
  NS_JINGLE_RTP_AUDIO,
  NS_JINGLE_RTP_VIDEO,
} from '../../src/jingle/index.js';
import { NS_JINGLE_DTLS_0, NS_JINGLE_ICE_UDP_1 } from '../../src/jingle/ns.js';
import { jmiToXml } from '../../src/jingle/jmi/index.js';
import { mark } from './timeline.js';

// @xmpp/client uses the global WebSocket, which Node 20 has only behind a flag.
const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= WebSocket;

type Xml = (
  name: string,
  attrs?: Record<string, string> | null,
  ...children: Array<Element | string>
) => Element;
interface IqContext {
  stanza: Element;
  element: Element;
}
interface Entity {
  on(event: 'stanza', listener: (el: Element) => void): void;
  on(event: 'error', listener: (err: unknown) => void): void;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  send(el: Element): Promise<void>;
  iqCaller: { request(el: Element, timeout?: number): Promise<Element> };
  iqCallee: {
    get(ns: string, name: string, handler: (ctx: IqContext) => Element | boolean): void;
    set(ns: string, name: string, handler: (ctx: IqContext) => Element | boolean): void;
  };
  streamManagement?: { enabled: boolean };
}
type Authenticate = (creds: { username: string; password: string }, mechanism: string) => Promise<void>;

// A variable specifier: @xmpp/client ships no types, and this file describes only what it uses.
const CLIENT = '@xmpp/client';
const { client, xml } = (await import(CLIENT)) as {
  client(o: {
    service: string;
    domain: string;
    resource: string;
    credentials: (a: Authenticate) => Promise<void>;
  }): Entity;
  xml: Xml;
};

const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
/** What a Jingle-capable client advertises (XEP-0166 §11, XEP-0167 §11, XEP-0353 §7). */
const FEATURES = [
  NS_DISCO_INFO,
  NS_JINGLE_1,
  NS_JINGLE_RTP_1,
  NS_JINGLE_RTP_AUDIO,
  NS_JINGLE_RTP_VIDEO,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_DTLS_0,
  NS_JINGLE_MESSAGE_0,
];

export interface OwnerCounters {
  proposes: number;
  initiates: number;
  accepted: number;
  acceptFailed: number;
  terminates: number;
  otherJingle: number;
  errors: string[];
}

export class Owner {
  readonly counters: OwnerCounters = {
    proposes: 0,
    initiates: 0,
    accepted: 0,
    acceptFailed: 0,
    terminates: 0,
    otherJingle: 0,
    errors: [],
  };
  #ids = 0;

  private constructor(
    readonly jid: string,
    private readonly xmpp: Entity,
    /** <jingle/> with the answer's contents and group, cloned per call. */
    private readonly answer: Element,
  ) {}

  get bare(): string {
    return this.jid.slice(0, this.jid.indexOf('/'));
  }

  static async login(o: {
    wsUrl: string;
    domain: string;
    user: string;
    password: string;
    answer: Element;
  }): Promise<Owner> {
    const xmpp = client({
      service: o.wsUrl,
      domain: o.domain,
      resource: 'bench',
      credentials: (authenticate) => authenticate({ username: o.user, password: o.password }, 'PLAIN'),
    });
    const owner = new Owner(`${o.user}@${o.domain}/bench`, xmpp, o.answer);
    xmpp.on('error', (err) => owner.#note(`xmpp: ${String(err)}`));
    xmpp.on('stanza', (el) => owner.#onStanza(el));
    xmpp.iqCallee.set(NS_JINGLE_1, 'jingle', (ctx) => owner.#onJingle(ctx));
    xmpp.iqCallee.get(NS_DISCO_INFO, 'query', () =>
      xml(
        'query',
        { xmlns: NS_DISCO_INFO },
        xml('identity', { category: 'client', type: 'pc', name: 'bench owner' }),
        ...FEATURES.map((f) => xml('feature', { var: f })),
      ),
    );
    await xmpp.start();
    // XEP-0198 race (docs/reference/test-environment.md §5): nothing may be sent before <enabled/>.
    const deadline = Date.now() + 10_000;
    while (xmpp.streamManagement?.enabled !== true) {
      if (Date.now() > deadline) throw new Error(`${o.user}: stream management not enabled within 10 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    // Available presence, so messages to the bare JID (the JMI propose) reach this resource.
    await xmpp.send(xml('presence'));
    return owner;
  }

  async stop(): Promise<void> {
    await this.xmpp.stop().catch(() => undefined);
  }

  #note(error: string): void {
    if (this.counters.errors.length < 20) this.counters.errors.push(error);
  }

  #send(el: Element): void {
    this.xmpp.send(el).catch((err: unknown) => this.#note(`send: ${String(err)}`));
  }

  #onStanza(el: Element): void {
    if (el.name !== 'message') return;
    const from = el.attrs['from'];
    if (el.attrs['type'] === 'error') return this.#note(`message error from ${String(from)}`);
    const propose = el.getChild('propose', NS_JINGLE_MESSAGE_0);
    if (propose === undefined || typeof from !== 'string') return;
    const id = String(propose.attrs['id']);
    this.counters.proposes++;
    mark(from, 'propose');
    this.#send(jmiToXml({ to: from, payload: { kind: 'ringing', id } }, { stanzaId: this.#id() }));
    this.#send(jmiToXml({ to: from, payload: { kind: 'proceed', id } }, { stanzaId: this.#id() }));
  }

  #onJingle(ctx: IqContext): boolean {
    const action = ctx.element.attrs['action'];
    const from = ctx.stanza.attrs['from'];
    const sid = ctx.element.attrs['sid'];
    if (action === 'session-initiate' && typeof from === 'string' && typeof sid === 'string') {
      this.counters.initiates++;
      mark(from, 'initiate');
      // After the result has gone out (iqCallee replies when this handler returns).
      setImmediate(() => this.#accept(from, sid));
    } else if (action === 'session-terminate') this.counters.terminates++;
    else this.counters.otherJingle++;
    return true;
  }

  #accept(to: string, sid: string): void {
    const jingle = clone(this.answer);
    Object.assign(jingle.attrs, { action: 'session-accept', sid, responder: this.jid });
    const iq = xml('iq', { type: 'set', to, id: this.#id() }, jingle);
    const sent = Date.now();
    mark(to, 'accept-sent');
    this.xmpp.iqCaller.request(iq, 30_000).then(
      () => {
        mark(to, 'accept-reply');
        this.counters.accepted++;
      },
      (err: unknown) => {
        mark(to, 'accept-reply');
        this.counters.acceptFailed++;
        // StanzaError (@xmpp/middleware) carries the <error/>; its children name the conditions.
        const el = (err as { element?: Element }).element;
        const conditions =
          el
            ?.getChildElements()
            .map((c) => c.name)
            .join('+') ?? String(err);
        this.#note(`session-accept: ${conditions} after ${Date.now() - sent < 1000 ? '< 1 s' : '≥ 1 s'}`);
      },
    );
  }

  #id(): string {
    return `b${(this.#ids++).toString(36)}`;
  }
}
