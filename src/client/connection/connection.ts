// The XMPP connection: @xmpp/client over WebSocket (RFC 7395) with our SASL, XEP-0198 stream
// management (resume when possible) and our own capped, jittered reconnect instead of xmpp.js's
// fixed 1 s retry. State transitions are listed in states.ts; when a session counts as online is
// stream-management.ts; when a silent stream counts as dead is liveness.ts.
import { NS_PING, NS_SM_3 } from '../../jingle/ns.js';
import { client as createXmpp, xml } from '../xmpp.js';
import type { XmppClient } from '../xmpp.js';
import { backoffDelay } from '../../jingle/backoff.js';
import type { ConnectionHooks, ConnectionOptions } from './connection-options.js';
import { ClientError, InvalidStateError, toClientError } from '../errors.js';
import { guardIq } from './iq-replies.js';
import { Liveness } from './liveness.js';
import { createAuthenticate, registerScram } from './sasl.js';
import type { SaslMechanismName } from './sasl.js';
import type { ConnectionState } from './states.js';
import { watchStreamManagement } from './stream-management.js';

export type { ConnectionHooks, ConnectionOptions } from './connection-options.js';

/** Stream errors after which reconnecting would only repeat the failure (RFC 6120 §4.9.3). */

const FATAL_STREAM_ERRORS = new Set([
  'conflict',
  'not-authorized',
  'host-unknown',
  'policy-violation',
  'improper-addressing',
]);

export class Connection {
  readonly xmpp: XmppClient;
  #state: ConnectionState = 'offline';
  #attempt = 0;
  /** Bumped by start() and stop(), so a late failure of an abandoned start() changes nothing. */
  #run = 0;
  #timer: unknown;
  #stopping = false;
  #mechanism: SaslMechanismName | undefined;
  #lastError: ClientError | undefined;
  #waiters: Array<{ resolve: () => void; reject: (e: ClientError) => void }> = [];
  readonly #liveness: Liveness;

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
    guardIq(this.xmpp);
    this.xmpp.reconnect.stop();
    watchStreamManagement(this.xmpp, {
      ready: (resumed) => this.#ready(resumed),
      lost: (stanza) => this.hooks.lost(stanza),
    });
    // xmpp.js's own periodic <r/> (30 s) and its 60 s answer timeout run on the global clock and end
    // with a graceful close that waits for the dead peer; liveness.ts does both on our clock. Its
    // <r/> shortly after we send stanzas stays: it keeps the XEP-0198 queue short.
    this.xmpp.streamManagement.requestAckInterval = 0;
    this.xmpp.streamManagement.timeout = 0;
    this.#liveness = new Liveness(
      { clock: options.clock, probe: () => this.#probe(), dead: () => this.#dead() },
      options.liveness,
    );
    this.xmpp.on('element', () => this.#liveness.heard());
    this.xmpp.on('disconnect', () => this.#onDisconnect());
    this.xmpp.on('error', (e: unknown) => this.#onError(e));
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
    this.#liveness.stop();
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

  /** The session is usable (stream-management.ts decides when). */
  #ready(resumed: boolean): void {
    this.#attempt = 0;
    this.#liveness.start();
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
      this.#liveness.stop();
      this.options.clock.clearTimeout(this.#timer);
      void this.xmpp.disconnect().catch(() => undefined);
      this.#setState('failed');
    } else if (error.code === 'stream-error' && this.#state === 'online' && !this.#stopping) {
      // RFC 6120 §4.9.1.1: a stream error ends the stream. xmpp.js closes it gracefully, which may take
      // seconds; the session is unusable from now on, so say so now ('disconnect' follows).
      this.#liveness.stop();
      this.#setState(this.xmpp.streamManagement.id ? 'resuming' : 'reconnecting');
    }
  }

  /** The quiet period ended: ask the server for an answer (XEP-0198 §4 <r/>, else XEP-0199 ping). */
  #probe(): void {
    const ask = this.xmpp.streamManagement.enabled
      ? this.xmpp.send(xml('r', { xmlns: NS_SM_3 }))
      : this.xmpp.iqCaller.get(xml('ping', { xmlns: NS_PING }), this.options.domain);
    void ask.catch(() => undefined); // any answer, or nothing, is what liveness.ts watches
  }

  /**
   * Nothing came back: drop the socket without the closing handshakes (RFC 6120 §4.4, RFC 6455 §7),
   * which would only wait for the dead peer, and resume or reconnect as after any socket loss.
   */
  #dead(): void {
    const socket = this.xmpp.socket;
    if (socket === null || this.#stopping) return;
    try {
      socket.socket?.close();
    } catch {
      // Already closing: the 'close' below is what xmpp.js needs.
    }
    // Whatever the abandoned WebSocket reports later (its own close, an error) concerns nobody.
    socket._detachSocket();
    socket.emit('close', true, { reason: 'no answer from the server' });
  }

  #onDisconnect(): void {
    this.#liveness.stop();
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

  /**
   * With several endpoints (one per cluster node), attempts after the first go round the list: a
   * node that is gone refuses at once, so the next attempt already tries another node. XEP-0198
   * resumption is then attempted there too; a server that cannot resume it starts a new session.
   */
  #nextEndpoint(): void {
    const all = [...new Set([this.options.service, ...(this.options.services ?? [])])].filter(Boolean);
    if (all.length < 2 || this.#attempt < 2) return;
    const now = all.indexOf(this.xmpp.options.service ?? '');
    this.xmpp.options.service = all[(now + 1) % all.length];
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
    this.#nextEndpoint();
    try {
      await this.xmpp.reconnect.reconnect();
    } catch {
      // A failed socket emits 'disconnect' (which reschedules); if it did not, reschedule here.
      if (!this.#stopping && this.xmpp.status === 'disconnect' && this.#state !== 'online') this.#schedule();
    }
  }
}
