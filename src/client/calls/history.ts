// The call log: one entry per call that reached us or that we placed, including calls that never rang
// (strangers, stale proposes from the archive, busy). The outcome comes from the JMI engine when it
// knows better (another device answered), otherwise from how the call ended.
import type { JmiOutcome } from '../../jingle/jmi/index.js';
import type { Reason } from '../../jingle/reason.js';
import type { CallDirection } from './state.js';
import type { HistoryOutcome } from './types.js';

/** JMI outcomes that name a history outcome by themselves; the others depend on the reason. */
const FROM_JMI = {
  rejected: 'rejected',
  timeout: 'no-answer',
  missed: 'missed',
  declined: 'declined',
  'answered-elsewhere': 'answered-elsewhere',
  'declined-elsewhere': 'declined-elsewhere',
} as const satisfies Partial<Record<JmiOutcome, HistoryOutcome>>;

export function historyOutcome(
  direction: CallDirection,
  answered: boolean,
  reason: Reason,
  outcome: JmiOutcome | undefined,
): HistoryOutcome {
  if (reason.condition === 'busy') return 'busy';
  if (outcome !== undefined && Object.hasOwn(FROM_JMI, outcome))
    return FROM_JMI[outcome as keyof typeof FROM_JMI];
  if (answered) return 'answered';
  switch (reason.condition) {
    case 'decline':
      return direction === 'incoming' ? 'declined' : 'rejected';
    case 'cancel':
      return direction === 'incoming' ? 'missed' : 'cancelled';
    case 'timeout':
    case 'expired':
      return direction === 'incoming' ? 'missed' : 'no-answer';
    case 'success':
      return direction === 'incoming' ? 'missed' : 'cancelled';
    default:
      return 'failed';
  }
}
