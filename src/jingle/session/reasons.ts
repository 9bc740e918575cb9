// XEP-0166 §7.4: why a call ends. Every session-terminate we send carries a <text> a person can read
// (docs/reference/deployed-clients.md §3.23 and §5.5: a bare failed-application tells nobody anything).
import type { ReasonCondition } from '../constants.js';
import type { Reason } from '../reason.js';

/** Default text per condition, used when the application gives a condition but no text. */
export const REASON_TEXTS = {
  'alternative-session': 'The call continues in another session.',
  busy: 'The callee is busy.',
  cancel: 'The caller cancelled the call.',
  'connectivity-error': 'No network path between the two parties could be established.',
  decline: 'The callee declined the call.',
  expired: 'The call request expired.',
  'failed-application': 'The media negotiation failed.',
  'failed-transport': 'The network transport failed.',
  'general-error': 'The call failed because of an unexpected error.',
  gone: 'The other party went offline.',
  'incompatible-parameters': 'The two parties have no media parameters in common.',
  'media-error': 'The media stream failed.',
  'security-error': 'The call could not be secured.',
  success: 'The call ended normally.',
  timeout: 'The other party did not answer in time.',
  'unsupported-applications': 'The other party supports none of the offered media types.',
  'unsupported-transports': 'The other party supports none of the offered transports.',
} as const satisfies Record<ReasonCondition, string>;

/** Named causes an adapter reports; each maps to a condition and a precise text (rule 10, §1.6). */
export const TERMINATE_CAUSES = {
  hangup: { condition: 'success', text: 'The call ended normally.' },
  declined: { condition: 'decline', text: 'The callee declined the call.' },
  busy: { condition: 'busy', text: 'The callee is busy.' },
  cancelled: { condition: 'cancel', text: 'The caller cancelled the call.' },
  timeout: { condition: 'timeout', text: 'The other party did not answer in time.' },
  'no-dtls': {
    condition: 'security-error',
    text: 'The offer carries no DTLS fingerprint, so the media cannot be encrypted.',
  },
  'no-common-codec': {
    condition: 'failed-application',
    text: 'The two parties have no audio or video codec in common.',
  },
  'no-common-transport': {
    condition: 'unsupported-transports',
    text: 'The offer carries no ICE-UDP transport.',
  },
  'unsupported-media': {
    condition: 'unsupported-applications',
    text: 'The offer carries no RTP audio or video content.',
  },
  'ice-failed': {
    condition: 'connectivity-error',
    text: 'ICE failed: no candidate pair between the two parties works.',
  },
  'restart-unsupported': {
    condition: 'connectivity-error',
    text: "ICE failed and the other party's client cannot restart ICE.",
  },
  'media-failed': { condition: 'media-error', text: 'The media stream failed.' },
  'peer-gone': { condition: 'gone', text: 'The other party went offline.' },
  'bad-answer': {
    condition: 'incompatible-parameters',
    text: 'The answer could not be applied to the local media session.',
  },
  'no-contents': { condition: 'success', text: 'No contents remain in the session.' },
  'peer-refused': { condition: 'general-error', text: 'The other party refused a request of this session.' },
  unanswered: {
    condition: 'connectivity-error',
    text: 'The other party stopped answering requests of this session.',
  },
} as const satisfies Record<string, { condition: ReasonCondition; text: string }>;
export type TerminateCause = keyof typeof TERMINATE_CAUSES;

/** The reason to send: an explicit one gets a default text if it has none. */
export function outgoingReason(cause: TerminateCause | undefined, reason: Reason | undefined): Reason {
  if (reason !== undefined)
    return reason.text === undefined ? { ...reason, text: REASON_TEXTS[reason.condition] } : reason;
  const c = TERMINATE_CAUSES[cause ?? 'hangup'];
  return { condition: c.condition, text: c.text };
}
