// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types of an untyped CJS package, needed also where tests compile this file
/// <reference path="./xmpp-component.d.ts" />
// A thin typed wrapper over @xmpp/component 0.13 exposing what we use: start/stop, events, send,
// and IQ requests with timeouts. Two parts of the package are switched off on purpose:
// - its middleware (iqCallee answers every IQ itself, and its `instanceof` checks fail for elements
//   built with ESM ltx): stanzas go to our router instead;
// - its fixed 1 s reconnect: we reconnect with exponential backoff (backoff.ts).
// XEP-0114 has no stream management, so a reconnect loses everything in flight: 'offline' tells the
// application at once, 'reconnected' when it can talk to peers again (docs/component.md).
import { component } from '@xmpp/component';
import type { Element } from 'ltx';
import { backoffDelay, type BackoffSpec, DEFAULT_BACKOFF } from './backoff.js';
import { TypedEmitter } from './events.js';
import { InvalidStateError } from './guest/session.js';

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

/** An <error/> reply to one of our IQs (RFC 6120 §8.3). */
export class StanzaError extends Error {
  override name = 'StanzaError';
  constructor(
    readonly condition: string,
    readonly type: string,
    readonly stanza: Element,
  ) {
    super(`${condition} (${type})`);
  }
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

// Stream errors after which retrying cannot help (RFC 6120 §4.9.3); retrying would hammer the server.
const FATAL = new Set(['not-authorized', 'host-unknown', 'conflict', 'policy-violation']);

interface Pending {
  to: string;
  resolve: (el: Element) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class ComponentConnection extends TypedEmitter<ConnectionEvents> {
  readonly #entity;
  readonly #opts: ComponentConnectionOptions;
  readonly #pending = new Map<string, Pending>();
  #online = false;
  #everOnline = false;
  #stopped = true;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #nextId = 0;
  #fatal: Error | undefined;

  constructor(opts: ComponentConnectionOptions) {
    super();
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
    // (bench/component.ts: 70 ms -> 20 ms setup p50 with TCP_NODELAY on both ends).
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
    this.#failPending(new Error('connection stopped'));
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
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new TimeoutError(`no answer to IQ ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { to, resolve, reject, timer });
      this.send(iq).catch((err: Error) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(err);
      });
    });
  }

  #onStanza(el: Element): void {
    const type = el.attrs['type'];
    const id = el.attrs['id'] as string | undefined;
    if (el.name === 'iq' && (type === 'result' || type === 'error') && id !== undefined) {
      const p = this.#pending.get(id);
      // An answer counts only from the entity we asked: another sender reusing the id is not it.
      if (p !== undefined && String(el.attrs['from'] ?? '').toLowerCase() === p.to.toLowerCase()) {
        this.#pending.delete(id);
        clearTimeout(p.timer);
        if (type === 'result') p.resolve(el);
        else {
          const err = el.getChild('error');
          const cond = err?.getChildElements().find((c) => c.name !== 'text')?.name ?? 'undefined-condition';
          p.reject(new StanzaError(cond, String(err?.attrs['type'] ?? 'cancel'), el));
        }
        return;
      }
    }
    this.emit('stanza', el);
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
    this.#failPending(new Error('connection lost'));
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

  #failPending(err: Error): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(err);
    }
  }
}
