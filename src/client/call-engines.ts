// The engine half of the call manager: the XEP-0166 session table and the XEP-0353 device (both pure),
// how they are stepped (inputs carry `now`, timers run here, IQ outcomes are fed back) and the lookups
// calls make into them. Policy (who rings, busy, the history) lives in call-bookkeeping.ts and above.
import type { Element } from 'ltx';
import type { Role } from '../jingle/constants.js';
import { sameJid } from '../jingle/jid.js';
import {
  createJmiDevice,
  stepJmiDevice,
  type JmiDevice,
  type JmiDeviceInput,
  type JmiEffect,
  type JmiMedia,
  type JmiPhase,
} from '../jingle/jmi/index.js';
import type { Reason } from '../jingle/reason.js';
import {
  createSessionTable,
  sessionKey,
  stepTable,
  tickAll,
  type Input,
  type SessionState,
  type SessionTable,
} from '../jingle/session/index.js';
import type { CallImpl } from './call.js';
import { runSessionEffects } from './call-effects.js';
import { resolveCallOptions, type ResolvedOptions } from './call-options.js';
import type { CallEnvironment, CallManagerOptions, IqOutcome, MediaKind } from './call-types.js';
import type { Clock } from './clock.js';
import { InvalidStateError } from './errors.js';

export abstract class CallEngines {
  readonly env: CallEnvironment;
  readonly clock: Clock;
  readonly calls = new Map<string, CallImpl>();
  protected readonly options: ResolvedOptions;
  protected table: SessionTable | undefined;
  protected device: JmiDevice | undefined;
  protected readonly timers = new Map<string, unknown>();
  /** Calls whose Jingle session reached `active` (for the history). */
  protected readonly answered = new Set<string>();

  constructor(env: CallEnvironment, options: CallManagerOptions) {
    this.env = env;
    this.clock = env.clock;
    this.options = resolveCallOptions(options);
  }

  protected abstract jmiEffect(e: JmiEffect): void;
  abstract incomingSession(sid: string, peer: string): void;
  abstract sessionEnded(call: CallImpl, reason: Reason, by: 'local' | 'peer' | 'error'): void;
  abstract sessionActive(call: CallImpl): void;
  /** Calls not ended yet. */
  live(): CallImpl[] {
    return [...this.calls.values()].filter((c) => c.end === undefined);
  }

  iceServers(): RTCIceServer[] {
    return this.env.iceServers();
  }

  jmiPhase(call: CallImpl): JmiPhase | undefined {
    return call.usesJmi ? this.device?.calls.get(call.id)?.phase : undefined;
  }

  sessionState(call: CallImpl): SessionState | undefined {
    return this.session(call)?.state;
  }

  contentNames(call: CallImpl, status?: 'active' | 'adding-local' | 'adding-remote'): string[] {
    return (this.session(call)?.contents ?? [])
      .filter((c) => status === undefined || c.status === status)
      .map((c) => c.name);
  }

  creatorOf(call: CallImpl, name: string): Role | undefined {
    return this.session(call)?.contents.find((c) => c.name === name)?.creator;
  }

  remoteMedia(call: CallImpl, name: string): MediaKind | undefined {
    const m = this.session(call)?.contents.find((c) => c.name === name)?.remote.description?.attrs['media'];
    return m === 'audio' || m === 'video' ? m : undefined;
  }

  callFor(peer: string, sid: string): CallImpl | undefined {
    const call = this.calls.get(sid);
    return call?.peerFull !== undefined && sameJid(call.peerFull, peer) ? call : undefined;
  }

  sendIq(to: string, jingle: Element, ref: string): void {
    const sid = String(jingle.attrs['sid'] ?? '');
    void this.env.sendIq(to, jingle).then((o: IqOutcome) => {
      const now = this.clock.now();
      const input: Input =
        o.kind === 'result'
          ? { kind: 'iq-result', ref, now }
          : o.kind === 'error'
            ? { kind: 'iq-error', ref, error: o.error, now }
            : { kind: 'iq-timeout', ref, now };
      this.stepKey(sessionKey(to, sid), input, to, sid);
    });
  }

  schedule(key: string, at: number, fire: () => void): void {
    const old = this.timers.get(key);
    if (old !== undefined) this.clock.clearTimeout(old);
    this.timers.set(
      key,
      this.clock.setTimeout(() => (this.timers.delete(key), fire()), Math.max(0, at - this.clock.now())),
    );
  }

  tickSessions(): void {
    const r = tickAll(this.engines().table, this.clock.now());
    this.table = r.table;
    runSessionEffects(this, r.effects, undefined, undefined);
  }

  afterEffects(): void {
    for (const c of this.calls.values()) c.refresh();
  }

  protected engines(): { table: SessionTable; jmi: JmiDevice } {
    const own = this.env.own();
    if (own === undefined) throw new InvalidStateError('calls need an online client');
    // A new XMPP session may bring a new full JID; engines start over when no call is running.
    if (
      this.table === undefined ||
      this.device === undefined ||
      (this.table.self !== own && this.live().length === 0)
    ) {
      this.table = createSessionTable(own, { candidateBatchMs: this.options.candidateBatchMs });
      const ringTimeoutMs = this.options.ringTimeoutMs;
      this.device = createJmiDevice(own, {
        rejectUntrusted: true,
        ...(ringTimeoutMs === undefined ? {} : { ringTimeoutMs }),
      });
    }
    return { table: this.table, jmi: this.device };
  }

  protected key(call: CallImpl): string | undefined {
    return call.peerFull === undefined ? undefined : sessionKey(call.peerFull, call.id);
  }

  protected session(call: CallImpl) {
    const key = this.key(call);
    return key === undefined ? undefined : this.table?.sessions.get(key);
  }

  protected stepSession(call: CallImpl, input: Exclude<Input, { kind: 'iq' }>): void {
    const key = this.key(call);
    if (key !== undefined && call.peerFull !== undefined) this.stepKey(key, input, call.peerFull, call.id);
  }

  protected stepKey(key: string, input: Exclude<Input, { kind: 'iq' }>, peer: string, sid: string): void {
    const table = this.engines().table;
    if (!table.sessions.has(key)) return;
    try {
      const r = stepTable(table, key, input);
      this.table = r.table;
      runSessionEffects(this, r.effects, peer, sid);
    } catch (error) {
      // An intent the session no longer allows (it ended meanwhile) is not worth an error to anyone.
      if (!(error instanceof InvalidStateError) && (error as Error)?.name !== 'InvalidStateError')
        throw error;
    }
  }

  protected terminate(peer: string, sid: string, reason: Reason): void {
    this.stepKey(
      sessionKey(peer, sid),
      { kind: 'local', intent: { kind: 'terminate', reason }, now: this.clock.now() },
      peer,
      sid,
    );
  }

  protected offeredMedia(from: string, sid: string): JmiMedia[] {
    const s = this.table?.sessions.get(sessionKey(from, sid));
    const media = (s?.contents ?? []).map((c) => c.remote.description?.attrs['media']);
    return (['audio', 'video'] as const).filter((m) => media.includes(m));
  }

  protected stepJmi(input: JmiDeviceInput): void {
    const r = stepJmiDevice(this.engines().jmi, input);
    this.device = r.device;
    for (const e of r.effects) this.jmiEffect(e);
    this.afterEffects();
  }
}
