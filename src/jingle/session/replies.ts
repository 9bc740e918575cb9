// Results, errors and timeouts of the IQ-sets we sent, correlated by the `ref` of the send effect.
// A ref we no longer wait for (late, duplicate, or the session ended) changes nothing.
import { Role } from '../constants.js';
import { emit, type Draft } from './draft.js';
import { endSession, endedBy } from './end.js';
import { rollbackRestart } from './restart.js';
import type { StanzaErrorInfo } from './errors.js';
import type { Input } from './types.js';

type ReplyInput = Extract<Input, { kind: 'iq-result' | 'iq-error' | 'iq-timeout' }>;

const isUnknownSession = (e: StanzaErrorInfo): boolean =>
  e.jingleCondition === 'unknown-session' ||
  (e.jingleCondition === undefined && e.condition === 'item-not-found');

export function onReply(d: Draft, input: ReplyInput): void {
  const o = d.s.outstanding.find((x) => x.ref === input.ref);
  if (o === undefined) return;
  d.s.outstanding = d.s.outstanding.filter((x) => x.ref !== input.ref);
  if (input.kind === 'iq-result') return;
  const error = input.kind === 'iq-error' ? input.error : 'timeout';
  if (error !== 'timeout' && isUnknownSession(error))
    // §6.7: the peer no longer knows the sid; there is nobody left to tell.
    return endedBy(d, { condition: 'gone', text: 'The other party no longer knows this session.' }, 'error');
  switch (o.action) {
    case 'session-initiate':
      if (error === 'timeout') return endSession(d, { cause: 'timeout' });
      // §7.2.16: we lost a session-initiate tie-break; the peer's session is the one that lives.
      if (error.jingleCondition === 'tie-break')
        return endedBy(
          d,
          { condition: 'alternative-session', text: 'Both parties called each other; the other call won.' },
          'error',
        );
      // §6.3.2: the peer refused before a session existed on its side, so nothing is sent.
      return endedBy(
        d,
        { condition: 'general-error', text: `The other party refused the call (${error.condition}).` },
        'error',
      );
    case 'session-accept':
      return endSession(d, { cause: error === 'timeout' ? 'timeout' : 'peer-refused' });
    case 'content-add': {
      // Only the contents this IQ proposed: after losing a §7.2.16 glare we may already have dropped
      // them (yielding), or proposed a same-named one again, whose own content-add is still unacked.
      const again = d.s.outstanding.flatMap((x) => (x.action === 'content-add' ? x.names : []));
      const names = d.s.contents
        .filter((c) => c.status === 'adding-local' && o.names.includes(c.name) && !again.includes(c.name))
        .map((c) => c.name);
      if (names.length === 0) return;
      d.s.contents = d.s.contents.filter((c) => !names.includes(c.name));
      return emit(d, { type: 'content-rejected', names });
    }
    case 'transport-info':
      if (o.restart === true) {
        const ours = d.s.restart?.ref === o.ref ? d.s.restart : undefined;
        const current = ours !== undefined;
        if (current) d.s.restart = undefined;
        // §7.2.16: the initiator's restart won the glare; we (responder) answer theirs instead. If its
        // offer never reached us as one (it only named contents we were removing), roll ours back here.
        if (error !== 'timeout' && error.jingleCondition === 'tie-break' && d.s.role === Role.responder) {
          if (ours !== undefined) rollbackRestart(d, ours);
          return;
        }
        // Our restart offer failed, or our restart answer never arrived (then the peer waits for it
        // forever while we already use the new credentials): XEP-0176 §5.9 needs both sides' new
        // ufrag/pwd, so ICE cannot recover and the call ends.
        if (current || error === 'timeout')
          return endSession(d, { cause: error === 'timeout' ? 'ice-failed' : 'restart-unsupported' });
      }
      return emit(d, { type: 'iq-failed', action: o.action, error });
    case 'session-terminate':
      return;
    case 'content-accept':
    case 'content-reject':
    case 'content-remove':
    case 'content-modify':
      // We already applied these locally; unanswered, the peer may never have seen them, so the two
      // sides now disagree on the contents. XEP-0166 has no recovery for a lost IQ (§7.2.1-§7.2.6),
      // so, as for a lost session-accept, the call ends rather than run on mismatched media.
      if (error === 'timeout') return endSession(d, { cause: 'unanswered' });
      return emit(d, { type: 'iq-failed', action: o.action, error });
    default:
      return emit(d, { type: 'iq-failed', action: o.action, error });
  }
}
