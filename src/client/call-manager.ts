// All calls of one client: the XEP-0166 session table and the XEP-0353 device (both pure engines) plus
// the adapter work around them, in layers: call-engines.ts (stepping the engines, timers fed back as
// `now`), call-bookkeeping.ts (what a Call asks for, local endings, policies, the history),
// call-sessions.ts (Jingle IQ routing with errors returned as data), call-messages.ts (JMI messages)
// and this file (placing a call, stopping). docs/calls.md describes the behaviour.
import { bareJid } from '../jingle/jid.js';
import { chooseInitiation, offersDataChannel, type JmiMedia } from '../jingle/jmi/index.js';
import { CallImpl, type Call } from './call.js';
import type { CallHost } from './call-host.js';
import type { SessionEffectSink } from './call-effects.js';
import { CallMessages } from './call-messages.js';
import type { CallOptions } from './call-types.js';
import { InvalidStateError } from './errors.js';

export type { CallManagerEvents } from './call-bookkeeping.js';

export class CallManager extends CallMessages implements CallHost, SessionEffectSink {
  /** Set by the client to its connection state (client.ts); a manager without one is always up. */
  signalingUp: () => boolean = () => true;

  call(jid: string, options: CallOptions = {}): Call {
    if (typeof jid !== 'string' || !/^[^@/\s]+@[^@/\s]+(\/.+)?$/.test(jid))
      throw new TypeError(`call(): not a JID: ${String(jid)}`);
    const media: JmiMedia[] = [];
    if (options.audio !== false) media.push('audio');
    if (options.video === true) media.push('video');
    if (media.length === 0) throw new TypeError('call(): audio or video is required');
    this.engines();
    if (this.live().length > 0) throw new InvalidStateError('call(): another call is in progress');
    const resources = this.env.resources(bareJid(jid));
    const choice = chooseInitiation(jid, resources, media);
    if (choice.method === 'unsupported')
      throw new InvalidStateError(
        `call(): ${bareJid(jid)} has no device that can take this call (missing ${choice.missing.join(', ')})`,
      );
    const id = this.env.newId();
    const call = new CallImpl(this, {
      id,
      peer: bareJid(jid),
      direction: 'outgoing',
      media,
      usesJmi: choice.method === 'jmi',
      startedAt: this.clock.now(),
    });
    this.calls.set(id, call);
    call.rtc.openChannel(offersDataChannel(choice, resources));
    void call.rtc.acquire(media);
    if (choice.method === 'jmi') {
      this.stepJmi({ type: 'place-call', id, to: choice.to, media, now: this.clock.now() });
      // Offer and ICE gathering while the callee rings; they are sent only after <proceed/>.
      if (call.end === undefined) void call.rtc.prepareOffer();
    } else this.startSession(call, choice.to);
    call.refresh(); // the initial state is read from `call.state`; `state` events report changes
    return call;
  }

  /** Ends every call (e.g. on logout) and stops all timers. */
  stop(): void {
    for (const call of this.live()) this.hangup(call);
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }
}
