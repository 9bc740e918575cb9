// A bare XMPP-over-WebSocket client (RFC 7395) for the wire fuzzer: it sends stanzas as text, exactly
// as built, and hands every incoming stanza up parsed. @xmpp/client will not do here: it serializes
// with ltx's recursive toString() (the fuzzer nests thousands of levels deep), and XEP-0198 would
// resend what Prosody dropped. Each WebSocket message is one stanza or nonza (RFC 7395 §3.3.3).
// With `iqs: 'test'` it answers nothing by itself and keeps what arrives for `next()`: the stand-in
// for an independent app whose replies our client must survive (StanzaJS's condition-less errors,
// oversized requests).
import { parse, type Element } from 'ltx';
import { WebSocket } from 'ws';

const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

export interface RawXmppOptions {
  /**
   * Who answers the IQ requests that arrive: `client`, this class, with service-unavailable (RFC 6120
   * §8.2.3; the fuzzer's mode, so the target's IQ books stay clean), or `test`: nobody, the test reads
   * every stanza with `next()` and replies itself.
   */
  iqs?: 'client' | 'test';
}

export interface Received {
  el: Element;
  text: string;
}

export class RawXmpp {
  private readonly listeners = new Set<(el: Element) => void>();
  private closedWith: string | undefined;
  /** What arrived and no `next()` took yet; kept only with `iqs: 'test'` (a fuzz run is long). */
  private readonly inbox: Received[] | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly ws: WebSocket,
    /** The full JID Prosody bound. */
    readonly jid: string,
    private readonly iqs: 'client' | 'test',
  ) {
    if (iqs === 'test') this.inbox = [];
    ws.on('message', (data) => this.deliver(String(data)));
    ws.on('close', (code, reason) => (this.closedWith ??= `${code} ${String(reason)}`));
  }

  /** Logs in with SASL PLAIN (loopback only) and binds `resource`. */
  static async login(
    wsUrl: string,
    domain: string,
    user: string,
    password: string,
    resource: string,
    opts: RawXmppOptions = {},
  ): Promise<RawXmpp> {
    const ws = new WebSocket(wsUrl, 'xmpp');
    const timer = setTimeout(() => ws.terminate(), 15_000);
    const inbox: Element[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (d) => {
      inbox.push(parse(String(d)));
      for (const w of waiters.splice(0)) w();
    });
    const closed = new Promise<never>((_, reject) =>
      ws.once('close', (code) => reject(new Error(`raw XMPP login: socket closed (${code})`))),
    );
    const next = async (...names: string[]): Promise<Element> => {
      for (;;) {
        const i = inbox.findIndex((el) => names.includes(el.name.replace(/^.*:/, '')));
        if (i >= 0) return inbox.splice(i, 1)[0]!;
        await Promise.race([new Promise<void>((r) => waiters.push(r)), closed]);
      }
    };
    await new Promise<void>((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const open = `<open xmlns="${NS_FRAMING}" to="${domain}" version="1.0"/>`;
    ws.send(open);
    await next('features');
    const creds = Buffer.from(`\0${user}\0${password}`).toString('base64');
    ws.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${creds}</auth>`);
    if ((await next('success', 'failure')).name !== 'success')
      throw new Error(`raw XMPP login: ${user} refused`);
    ws.send(open);
    await next('features');
    ws.send(
      `<iq type="set" id="bind" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind">` +
        `<resource>${resource}</resource></bind></iq>`,
    );
    const jid = (await next('iq')).getChild('bind')?.getChildText('jid');
    if (!jid) throw new Error('raw XMPP login: no JID bound');
    clearTimeout(timer);
    ws.removeAllListeners('message');
    return new RawXmpp(ws, jid, opts.iqs ?? 'client');
  }

  /** Why the stream ended, or undefined while it is open. */
  get closed(): string | undefined {
    return this.closedWith;
  }

  onStanza(fn: (el: Element) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Sends one stanza as it is; resolves when the socket took it (backpressure for long runs). */
  send(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.ws.send(text, (err) => (err ? reject(err) : resolve())));
  }

  /**
   * The first stanza from now on (or already received and not yet taken) that `test` accepts. Only
   * with `iqs: 'test'`, the mode that keeps what arrives.
   */
  next(test: (el: Element, text: string) => boolean, timeoutMs = 10_000): Promise<Received> {
    const inbox = this.inbox;
    if (inbox === undefined) throw new TypeError("RawXmpp.next: log in with { iqs: 'test' }");
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => (this.waiters.delete(look), reject(new Error('raw XMPP: nothing matched in time'))),
        timeoutMs,
      );
      const look = () => {
        const i = inbox.findIndex((m) => test(m.el, m.text));
        if (i < 0) return;
        clearTimeout(timer);
        this.waiters.delete(look);
        resolve(inbox.splice(i, 1)[0]!);
      };
      this.waiters.add(look);
      look();
    });
  }

  /** Sends an IQ and resolves with the reply of the same id (or rejects after `timeoutMs`). */
  request(text: string, id: string, timeoutMs = 10_000): Promise<Element> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (off(), reject(new Error(`no reply to IQ ${id}`))), timeoutMs);
      const off = this.onStanza((el) => {
        if (el.name !== 'iq' || el.attrs.id !== id) return;
        clearTimeout(timer);
        off();
        resolve(el);
      });
      this.send(text).catch(reject);
    });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const done = new Promise<void>((r) => this.ws.once('close', () => r()));
    this.ws.send(`<close xmlns="${NS_FRAMING}"/>`);
    setTimeout(() => this.ws.terminate(), 1000).unref();
    await done;
  }

  private deliver(text: string): void {
    let el: Element;
    try {
      el = parse(text);
    } catch {
      return;
    }
    if (el.name === 'close') this.closedWith ??= 'stream closed by the server';
    if (el.name === 'stream:error' || el.name === 'error') {
      const condition = el.children.find((c) => typeof c !== 'string' && c.name !== 'text');
      this.closedWith ??= `stream error ${typeof condition === 'string' ? '' : condition?.name}: ${el.getChildText('text') ?? ''}`;
    }
    if (!['iq', 'message', 'presence'].includes(el.name)) return;
    // RFC 6120 §8.2.3: answer requests nobody here handles, so the target's IQ bookkeeping stays clean.
    const type = el.attrs.type;
    if (this.iqs === 'client' && el.name === 'iq' && (type === 'get' || type === 'set'))
      this.ws.send(
        `<iq type="error" id="${escapeAttr(el.attrs.id)}" to="${escapeAttr(el.attrs.from)}" xmlns="jabber:client">` +
          `<error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`,
      );
    if (this.inbox !== undefined) {
      this.inbox.push({ el, text });
      for (const look of [...this.waiters]) look();
    }
    for (const fn of this.listeners) fn(el);
  }
}

function escapeAttr(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
