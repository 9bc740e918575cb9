// Results, errors and timeouts of the IQ-sets we sent, correlated by the `ref` of the send effect.
// A ref we no longer wait for (late, duplicate, or the session ended) changes nothing.
import { Role } from '../constants.js';
import { emit, type Draft } from './draft.js';
import { endSession, endedBy } from './end.js';
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
    case 'content-add':
      d.s.contents = d.s.contents.filter((c) => !(c.status === 'adding-local' && o.names.includes(c.name)));
      return emit(d, { type: 'content-rejected', names: o.names });
    case 'transport-info':
      if (o.restart === true) {
        const current = d.s.restart?.ref === o.ref;
        if (current) d.s.restart = undefined;
        // §7.2.16: the initiator's restart won the glare; we (responder) answer theirs instead.
        if (error !== 'timeout' && error.jingleCondition === 'tie-break' && d.s.role === Role.responder)
          return;
        if (current)
          return endSession(d, { cause: error === 'timeout' ? 'ice-failed' : 'restart-unsupported' });
      }
      return emit(d, { type: 'iq-failed', action: o.action, error });
    case 'session-terminate':
    case 'content-accept':
      return;
    default:
      return emit(d, { type: 'iq-failed', action: o.action, error });
  }
}
