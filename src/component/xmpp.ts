// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types of an untyped CJS package, needed also where tests compile this file
/// <reference path="./xmpp-component.d.ts" />
// A thin typed wrapper over @xmpp/component 0.13 exposing what we use: start/stop, events, send,
// and IQ requests with timeouts (matched to their answers in iq-requests.ts). Two parts of the
// package are switched off on purpose:
// - its middleware (iqCallee answers every IQ itself, and its `instanceof` checks fail for elements
//   built with ESM ltx): stanzas go to our router instead;
// - its fixed 1 s reconnect: we reconnect with exponential backoff (src/jingle/backoff.ts).
// XEP-0114 has no stream management, so a reconnect loses everything in flight: 'offline' tells the
// application at once, 'reconnected' when it can talk to peers again (docs/component.md).
import { component } from '@xmpp/component';
import type { Element } from 'ltx';
import { backoffDelay, type BackoffSpec } from '../jingle/backoff.js';
import { TypedEmitter } from '../jingle/emitter.js';
import { InvalidStateError } from '../jingle/errors.js';
import { logListenerError } from './listener-error.js';
import { PendingIqs } from './iq-requests.js';

export type ConnectionEvents = {
  online: [];
  /** The connection was lost; sessions in flight are gone. */
  offline: [];
  /** Online again after a loss (after 'online'). */
  reconnected: [];
  stanza: [stanza: Element];
  error: [err: Error];
};

export interface ComponentConnectionOptions {
  host: string;
  port: number;
  domain: string;
  secret: string;
  backoff?: BackoffSpec;
  random?: () => number;
}

/** Without XEP-0198 a reconnect loses everything in flight, so the component retries sooner than clients. */
export const DEFAULT_BACKOFF: BackoffSpec = { baseMs: 250, capMs: 30_000 };

// Stream errors after which retrying cannot help (RFC 6120 §4.9.3); retrying would hammer the server.
const FATAL = new Set(['not-authorized', 'host-unknown', 'conflict', 'policy-violation']);

export class ComponentConnection extends TypedEmitter<ConnectionEvents> {
  readonly #entity;
  readonly #opts: ComponentConnectionOptions;
  readonly #pending = new PendingIqs();
  #online = false;
  #everOnline = false;
  #stopped = true;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #nextId = 0;
  #fatal: Error | undefined;

  constructor(opts: ComponentConnectionOptions) {
    super(logListenerError);
    this.#opts = opts;
    this.#entity = component({
      service: `xmpp://${opts.host}:${opts.port}`,
      domain: opts.domain,
      password: opts.secret,
    });
    this.#entity.reconnect.stop();
    this.#entity.removeAllListeners('element');
    this.#entity.on('stanza', (el) => this.#onStanza(el));
    // Signaling is latency-bound: Nagle's algorithm held small stanzas on this socket for ~40 ms
    // (bench/component/main.ts: 70 ms -> 20 ms setup p50 with TCP_NODELAY on both ends).
    this.#entity.on('connect', () => this.#entity.socket?.setNoDelay(true));
    this.#entity.on('online', () => this.#onOnline());
    this.#entity.on('disconnect', () => this.#onDisconnect());
    this.#entity.on('error', (err) => {
      if (err.condition !== undefined && FATAL.has(err.condition)) this.#fatal = err;
      this.emit('error', err);
    });
  }

  get online(): boolean {
    return this.#online;
  }

  /** Resolves when first online. Network errors are retried; a refused handshake rejects. */
  start(): Promise<void> {
    if (!this.#stopped) return Promise.reject(new InvalidStateError('start() while started'));
    this.#stopped = false;
    this.#fatal = undefined;
    return new Promise((resolve, reject) => {
      const offOnline = this.on('online', () => {
        offOnline();
        offError();
        resolve();
      });
      const offError = this.on('error', () => {
        if (this.#fatal === undefined) return;
        offOnline();
        offError();
        void this.stop();
        reject(this.#fatal);
      });
      void this.#connect();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#pending.failAll(new Error('connection stopped'));
    try {
      await this.#entity.stop();
    } catch {
      // Already closed.
    }
    this.#online = false;
  }

  async send(el: Element): Promise<void> {
    if (!this.#online) throw new InvalidStateError(`send(<${el.name}>) while offline`);
    await this.#entity.send(el);
  }

  /** Sends an IQ get/set and resolves with the result IQ; rejects with StanzaError or TimeoutError. */
  request(iq: Element, timeoutMs = 10_000): Promise<Element> {
    const id = (iq.attrs['id'] as string | undefined) ?? `jb${++this.#nextId}`;
    iq.attrs['id'] = id;
    const to = (iq.attrs['to'] as string | undefined) ?? '';
    return this.#pending.wait(id, to, timeoutMs, () => this.send(iq));
  }

  #onStanza(el: Element): void {
    if (!this.#pending.settle(el)) this.emit('stanza', el);
  }

  #onOnline(): void {
    this.#online = true;
    this.#attempt = 0;
    this.emit('online');
    if (this.#everOnline) this.emit('reconnected');
    this.#everOnline = true;
  }

  #onDisconnect(): void {
    const was = this.#online;
    this.#online = false;
    this.#pending.failAll(new Error('connection lost'));
    if (was) this.emit('offline');
    if (!this.#stopped && this.#fatal === undefined) this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const delay = backoffDelay(
      this.#attempt++,
      this.#opts.random ?? Math.random,
      this.#opts.backoff ?? DEFAULT_BACKOFF,
    );
    this.#timer = setTimeout(() => void this.#connect(), delay);
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#entity.connect(`xmpp://${this.#opts.host}:${this.#opts.port}`);
      await this.#entity.open({ domain: this.#opts.domain });
    } catch (err) {
      this.emit('error', err instanceof Error ? err : new Error(String(err)));
      // A refused TCP connect emits no 'disconnect' when the socket never opened: retry from here.
      if (!this.#stopped && this.#entity.status !== 'disconnect' && this.#fatal === undefined)
        this.#schedule();
    }
  }
}
