// A readable reason for every way a JMI call can end (older clients send none; `ended` always carries one).
import type { JmiOutcome } from '../../jingle/jmi/index.js';
import type { Reason } from '../../jingle/reason.js';

/** Reasons for JMI endings that arrive without one (older clients), so `ended` always has a text. */
export const JMI_END_REASONS: Record<JmiOutcome, Reason> = {
  rejected: { condition: 'decline', text: 'The callee declined the call.' },
  cancelled: { condition: 'cancel', text: 'The caller cancelled the call.' },
  timeout: { condition: 'timeout', text: 'Nobody answered.' },
  missed: { condition: 'cancel', text: 'The call was not answered.' },
  declined: { condition: 'decline', text: 'Declined.' },
  'answered-elsewhere': { condition: 'cancel', text: 'Answered on another device.' },
  'declined-elsewhere': { condition: 'decline', text: 'Declined on another device.' },
  finished: { condition: 'success', text: 'The call ended normally.' },
  'tie-break': { condition: 'expired', text: 'Both called each other at once; the other call continues.' },
  migrated: { condition: 'expired', text: 'The call moved to a new session.' },
};
