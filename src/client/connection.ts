// The XMPP connection: @xmpp/client over WebSocket (RFC 7395) with our SASL, XEP-0198 stream
// management (resume when possible) and our own capped, jittered reconnect instead of xmpp.js's
// fixed 1 s retry. State transitions are listed in states.ts.
import { client as createXmpp } from './xmpp.js';
import type { XmppClient } from './xmpp.js';
import type { Element } from 'ltx';
import { backoffDelay } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import type { Clock } from './clock.js';
import { ClientError, InvalidStateError, toClientError } from './errors.js';
import { createAuthenticate, registerScram } from './sasl.js';
import type { SaslMechanismName } from './sasl.js';
import type { ConnectionState } from './states.js';

const NS_SM = 'urn:xmpp:sm:3';
const NS_STREAMS = 'http://etherx.jabber.org/streams';
/** Stream errors after which reconnecting would only repeat the failure (RFC 6120 §4.9.3). */
const FATAL_STREAM_ERRORS = new Set([
  'conflict',
  'not-authorized',
  'host-unknown',
  'policy-violation',
  'improper-addressing',
]);

export interface ConnectionOptions {
  service: string;
  domain: string;
  username: string;
  password: string;
  resource?: string;
  mechanisms: readonly SaslMechanismName[];
  backoff: BackoffOptions;
  random: () => number;
  clock: Clock;
  /** How long connect + auth + bind + SM enable may take. */
  connectTimeoutMs: number;
}

export interface ConnectionHooks {
  state(state: ConnectionState): void;
  /** A session is usable: bound and, if offered, SM enabled or resumed. */
  online(info: { resumed: boolean; jid: string; mechanism: SaslMechanismName | undefined }): void;
  error(error: ClientError): void;
  /** Stanzas sent but never acknowledged when a session could not be resumed (XEP-0198 §4). */
  lost(stanza: Element): void;
}

export class Connection {
  readonly xmpp: XmppClient;
  #state: ConnectionState = 'offline';
  #attempt = 0;
  /** Bumped by start() and stop(), so a late failure of an abandoned start() changes nothing. */
  #run = 0;
  #timer: unknown;
  #stopping = false;
  #smOffered = false;
  #mechanism: SaslMechanismName | undefined;
  #lastError: ClientError | undefined;
  #waiters: Array<{ resolve: () => void; reject: (e: ClientError) => void }> = [];

  constructor(
    private readonly options: ConnectionOptions,
    private readonly hooks: ConnectionHooks,
  ) {
    this.xmpp = createXmpp({
      service: options.service,
      domain: options.domain,
      ...(options.resource ? { resource: options.resource } : {}),
      credentials: createAuthenticate(
        { username: options.username, password: options.password },
        options.mechanisms,
        (m) => (this.#mechanism = m),
      ),
    });
    registerScram(this.xmpp.saslFactory);
    this.xmpp.reconnect.stop();
    this.xmpp.prependListener('element', (el: Element) => this.#countIqReply(el));
    this.xmpp.on('nonza', (el: Element) => this.#onNonza(el));
    this.xmpp.on('online', () => this.#onBound());
    this.xmpp.on('disconnect', () => this.#onDisconnect());
    this.xmpp.on('error', (e: unknown) => this.#onError(e));
    this.xmpp.streamManagement.on('resumed', () => this.#ready(true));
    this.xmpp.streamManagement.on('fail', (stanza: Element) => this.hooks.lost(stanza));
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get mechanism(): SaslMechanismName | undefined {
    return this.#mechanism;
  }

  /** Resolves once online; rejects with a ClientError (state `failed`) otherwise. */
  async start(): Promise<void> {
    if (this.#state !== 'offline' && this.#state !== 'failed') {
      throw new InvalidStateError(`start() called while ${this.#state}`);
    }
    // After a failure while running, xmpp.js may sit in 'disconnect': bring it to 'offline' first.
    this.#stopping = true;
    if (this.xmpp.status !== 'offline') await this.xmpp.stop().catch(() => undefined);
    const run = ++this.#run;
    this.#stopping = false;
    this.#lastError = undefined;
    this.#attempt = 0;
    this.#setState('connecting');
    const online = this.#waitOnline();
    this.xmpp.start().catch((e: unknown) => this.#onError(e));
    try {
      await online;
    } catch (error) {
      this.#stopping = true;
      await this.xmpp.stop().catch(() => undefined);
      // A stop() during connecting wins: the state stays 'offline'.
      if (run === this.#run) this.#setState('failed');
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.#run++;
    this.#stopping = true;
    this.options.clock.clearTimeout(this.#timer);
    this.#rejectWaiters(new ClientError('unreachable', 'stopped'));
    if (this.xmpp.status !== 'offline') await this.xmpp.stop().catch(() => undefined);
    this.#setState('offline');
  }

  #waitOnline(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => {
        // A socket that never opened points at the network or TLS (a server that ignores a TLS
        // ClientHello, e.g. Prosody's plain HTTP port, stalls the handshake): say so.
        const stalled = this.xmpp.status === 'connecting' ? ': the WebSocket never opened' : '';
        this.#rejectWaiters(
          new ClientError('unreachable', `not online after ${this.options.connectTimeoutMs} ms${stalled}`),
        );
      }, this.options.connectTimeoutMs);
      const done = () => this.options.clock.clearTimeout(timer);
      this.#waiters.push({ resolve: () => (done(), resolve()), reject: (e) => (done(), reject(e)) });
    });
  }

  #rejectWaiters(error: ClientError): void {
    for (const w of this.#waiters.splice(0)) w.reject(error);
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.hooks.state(state);
  }

  #onNonza(el: Element): void {
    if (el.is('features', NS_STREAMS)) {
      // Post-auth features carry <bind/>; only then does SM matter (XEP-0198 §3).
      if (el.getChild('bind', 'urn:ietf:params:xml:ns:xmpp-bind'))
        this.#smOffered = !!el.getChild('sm', NS_SM);
    } else if (el.getNS() === NS_SM && (el.name === 'enabled' || el.name === 'failed')) {
      // test-environment.md §5: nothing may be sent between bind and <enabled/>.
      // A <failed/> answering <resume/> arrives before binding (status not yet online): ignored here.
      if (this.#smOffered && this.xmpp.status === 'online') this.#ready(false);
    }
  }

  /**
   * xmpp.js 0.14 routes iq replies to iqCaller before its SM middleware sees them, so they are not
   * counted in `h` (XEP-0198 §4) and the server would re-send them after a resume. Count them here,
   * before the middleware runs, while the pending request is still registered.
   */
  #countIqReply(el: Element): void {
    const sm = this.xmpp.streamManagement;
    const { type, id } = el.attrs as Record<string, unknown>;
    if (sm.enabled && el.name === 'iq' && (type === 'result' || type === 'error') && typeof id === 'string') {
      if (this.xmpp.iqCaller.handlers.has(id)) sm.inbound += 1;
    }
  }

  #onBound(): void {
    // With SM offered, wait for <enabled/>/<failed/> (handled in #onNonza) before going online.
    if (!this.#smOffered) this.#ready(false);
  }

  #ready(resumed: boolean): void {
    this.#smOffered = false;
    this.#attempt = 0;
    this.#setState('online');
    for (const w of this.#waiters.splice(0)) w.resolve();
    this.hooks.online({ resumed, jid: this.xmpp.jid?.toString() ?? '', mechanism: this.#mechanism });
  }

  #onError(raw: unknown): void {
    const error = toClientError(raw, { socketOpened: this.xmpp.status !== 'connecting' });
    this.#lastError = error;
    const fatal =
      error.code === 'not-authorized' ||
      error.code === 'auth-failed' ||
      error.code === 'no-mechanism' ||
      (error.code === 'stream-error' && FATAL_STREAM_ERRORS.has(error.condition ?? ''));
    if (this.#state === 'connecting') {
      this.#rejectWaiters(error);
      return;
    }
    this.hooks.error(error);
    if (fatal && !this.#stopping) {
      this.#stopping = true;
      this.options.clock.clearTimeout(this.#timer);
      void this.xmpp.disconnect().catch(() => undefined);
      this.#setState('failed');
    }
  }

  #onDisconnect(): void {
    if (this.#stopping) return;
    if (this.#state === 'connecting') {
      this.#rejectWaiters(
        this.#lastError ?? new ClientError('unreachable', `connection to ${this.options.service} closed`),
      );
      return;
    }
    this.#setState(this.xmpp.streamManagement.id ? 'resuming' : 'reconnecting');
    this.#schedule();
  }

  #schedule(): void {
    const { backoff, random, clock } = this.options;
    clock.clearTimeout(this.#timer);
    if (this.#attempt >= backoff.maxAttempts) {
      this.#stopping = true;
      this.hooks.error(new ClientError('reconnect-exhausted', `gave up after ${this.#attempt} attempts`));
      this.#setState('failed');
      return;
    }
    const delay = backoffDelay(this.#attempt++, random, backoff);
    this.#timer = clock.setTimeout(() => void this.#attemptReconnect(), delay);
  }

  async #attemptReconnect(): Promise<void> {
    if (this.#stopping || this.xmpp.status !== 'disconnect') return;
    try {
      await this.xmpp.reconnect.reconnect();
    } catch {
      // A failed socket emits 'disconnect' (which reschedules); if it did not, reschedule here.
      if (!this.#stopping && this.xmpp.status === 'disconnect' && this.#state !== 'online') this.#schedule();
    }
  }
}
