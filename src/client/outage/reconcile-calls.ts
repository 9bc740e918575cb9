// Calls across a lost XMPP session (issue #11 defects 6 and 7). Media is browser to browser, so a
// call outlives a server restart or a network cut; its signaling does not. When either side comes
// back with a new session (XEP-0198 could not resume it, e.g. the server restarted), anything sent to
// it meanwhile may be gone, a session-terminate included. So a live call asks its peer whether the
// session still exists: an empty session-info is a ping (XEP-0166 §6.8) that a live session answers
// with result; `item-not-found` + `unknown-session` (§7.2) means the peer ended it or lost it, and our
// side ends too. Hang-ups we made meanwhile were held by outbox.ts and have gone out before this runs.
import { Element } from '../../jingle/ltx.js';
import { NS_JINGLE_1 } from '../../jingle/ns.js';
import type { Reason } from '../../jingle/reason.js';
import type { StanzaErrorInfo } from '../../jingle/session/index.js';
import { sameJid } from '../../jingle/jid.js';
import type { CallImpl, CallManager } from '../calls/index.js';

export const ENDED_WHILE_RECONNECTING: Reason = {
  condition: 'gone',
  text: 'The call ended while you were reconnecting.',
};

/** §7.2: a peer without the session answers unknown-session (older peers: bare item-not-found). */
const unknownSession = (e: StanzaErrorInfo): boolean =>
  e.jingleCondition === 'unknown-session' ||
  (e.jingleCondition === undefined && e.condition === 'item-not-found');

export class CallReconciler {
  /** Calls whose peer device was unavailable (or unknown, after our new session) since we last heard. */
  readonly #unsure = new Set<string>();
  /** The ping in flight per call; a newer one (our next session) supersedes it. */
  readonly #pinging = new Map<string, symbol>();
  /** Calls whose peer came back while a ping was in flight: that ping may have gone out too early. */
  readonly #askAgain = new Set<string>();

  constructor(private readonly manager: CallManager) {}

  /** Whether the call's peer may no longer have the session (a ping is due or on its way). */
  unsure(callId: string): boolean {
    return this.#unsure.has(callId);
  }

  /**
   * Our stream is back. Resumed (XEP-0198 §5): nothing was lost, so ICE restarts held back during the
   * outage go ahead. New session: every live call pings its peer; resolves when all answers are in.
   */
  async signalingBack({ resumed }: { resumed: boolean }): Promise<void> {
    const live = this.#sessions();
    if (resumed) return void live.forEach((call) => call.signalingBack());
    for (const call of live) this.#unsure.add(call.id);
    // A ping still in flight went out on the session just lost: its answer may never come (xmpp.js
    // keeps the IQ until its timeout), so it must not hold this one back.
    await Promise.all(live.map((call) => this.#ping(call, { supersede: true })));
  }

  /**
   * A contact's online resources (the client's `presence` event). A call's peer device that comes
   * back after being away, or after our own new session, may be a new session of it that no longer
   * has the call (a reloaded app keeps its resource): ask it.
   */
  async presence(bare: string, online: readonly string[]): Promise<void> {
    const checks: Array<Promise<void>> = [];
    const live = this.#sessions();
    for (const id of this.#unsure) if (!live.some((c) => c.id === id)) this.#unsure.delete(id);
    for (const call of live) {
      const peer = call.peerFull as string;
      if (bare.toLowerCase() !== call.peer.toLowerCase()) continue;
      if (!online.some((j) => sameJid(j, peer))) this.#unsure.add(call.id);
      else if (this.#unsure.has(call.id)) checks.push(this.#ping(call));
    }
    await Promise.all(checks);
  }

  /** Live calls with a Jingle session a peer could have lost. */
  #sessions(): CallImpl[] {
    return this.manager.live().filter((call) => {
      const state = this.manager.sessionState(call);
      return call.peerFull !== undefined && (state === 'pending' || state === 'active');
    });
  }

  async #ping(call: CallImpl, { supersede = false } = {}): Promise<void> {
    const peer = call.peerFull;
    if (peer === undefined) return;
    if (this.#pinging.has(call.id) && !supersede) return void this.#askAgain.add(call.id);
    const token = Symbol(call.id);
    this.#pinging.set(call.id, token);
    this.#askAgain.delete(call.id);
    const jingle = new Element('jingle', { xmlns: NS_JINGLE_1, action: 'session-info', sid: call.id });
    const outcome = await this.manager.env.sendIq(peer, jingle);
    if (this.#pinging.get(call.id) !== token) return; // superseded: the newer ping decides
    this.#pinging.delete(call.id);
    if (call.end !== undefined) return void (this.#unsure.delete(call.id), this.#askAgain.delete(call.id));
    if (outcome.kind === 'result') {
      this.#unsure.delete(call.id);
      this.#askAgain.delete(call.id);
      return call.signalingBack();
    }
    if (outcome.kind === 'error' && unknownSession(outcome.error)) {
      this.#unsure.delete(call.id);
      this.#askAgain.delete(call.id);
      return this.manager.fail(call, ENDED_WHILE_RECONNECTING);
    }
    // Anything else proves nothing (service-unavailable: the peer's device is not back yet). The call
    // stays unsure: the device's return (presence above) asks again, its absence ends the call after
    // the engine's peer-gone grace period (§6.7). If the device came back while this ping was on its
    // way, that return has been seen already and will not come again: ask once more now.
    if (this.#askAgain.delete(call.id)) return this.#ping(call);
  }
}
