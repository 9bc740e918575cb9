import { describe, expect, it } from 'vitest';
import {
  isJingleAction,
  isReasonCondition,
  JINGLE_ACTIONS,
  REASON_CONDITIONS,
} from '../../src/jingle/index.js';

describe('wire token tables', () => {
  it('hold exactly the fifteen XEP-0166 actions and seventeen reasons', () => {
    expect(JINGLE_ACTIONS.length).toBe(15);
    expect(REASON_CONDITIONS.length).toBe(17);
    expect(JINGLE_ACTIONS.every(isJingleAction)).toBe(true);
    expect(REASON_CONDITIONS.every(isReasonCondition)).toBe(true);
    expect(isJingleAction('session-ping')).toBe(false);
    expect(isReasonCondition('hung-up')).toBe(false);
  });
});
