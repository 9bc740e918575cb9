// Calls across a lost XMPP session (issue #11 defects 6 and 7). Media is browser to browser, so a
// call outlives a server restart or a network cut; its signaling does not. When the client comes back
// with a new session (XEP-0198 could not resume it, e.g. the server restarted), anything the peer sent
// meanwhile is gone, including a session-terminate. So every live call asks its peer whether the
// session still exists: an empty session-info is a ping (XEP-0166 §6.8 / §7.2.8) that a live session
// answers with result; `item-not-found` + `unknown-session` (§7.2, §8) means the peer ended it while
// we were away, and our side ends too. Hang-ups we made meanwhile were held by outbox.ts (same folder) and have
// already gone out when this runs.
import { Element } from '../../jingle/ltx.js';
import { NS_JINGLE_1 } from '../../jingle/ns.js';
import type { Reason } from '../../jingle/reason.js';
import type { StanzaErrorInfo } from '../../jingle/session/index.js';
import type { CallImpl } from '../call.js';
import type { CallManager } from '../call-manager.js';

export const ENDED_WHILE_RECONNECTING: Reason = {
  condition: 'gone',
  text: 'The call ended while you were reconnecting.',
};

/** §7.2: a peer without the session answers unknown-session (older peers: bare item-not-found). */
const unknownSession = (e: StanzaErrorInfo): boolean =>
  e.jingleCondition === 'unknown-session' ||
  (e.jingleCondition === undefined && e.condition === 'item-not-found');

/**
 * Signaling is back. Resumed (XEP-0198 §5): nothing was lost, so ICE restarts held back during the
 * outage go ahead. New session: the peer of every live session is pinged first; resolves when every
 * answer has been handled.
 */
export async function reconcileCalls(manager: CallManager, { resumed }: { resumed: boolean }): Promise<void> {
  if (resumed) return void manager.live().forEach((call) => call.rtc.signalingBack());
  await Promise.all(manager.live().map((call) => ping(manager, call)));
}

async function ping(manager: CallManager, call: CallImpl): Promise<void> {
  const peer = call.peerFull;
  const state = manager.sessionState(call);
  if (peer === undefined || (state !== 'pending' && state !== 'active')) return;
  const jingle = new Element('jingle', { xmlns: NS_JINGLE_1, action: 'session-info', sid: call.id });
  const outcome = await manager.env.sendIq(peer, jingle);
  if (call.end !== undefined) return;
  if (outcome.kind === 'result') return call.rtc.signalingBack();
  // Any other answer proves nothing: service-unavailable means the peer's device has not come back
  // yet; its presence (the engine's peer-gone grace period, §6.7) and its own ping, answered by us,
  // decide then, and its ICE restart brings the media back if it broke.
  if (outcome.kind === 'error' && unknownSession(outcome.error)) manager.fail(call, ENDED_WHILE_RECONNECTING);
}
