import { describe, expect, it } from 'vitest';
import {
  JMI_ACCEPTS,
  JMI_KINDS,
  JMI_PHASES,
  JMI_ROLES,
  stepJmi,
  type JmiInputKey,
} from '../../../src/jingle/jmi/index.js';
import { caller, callee, inputFor } from './states.js';

const KEYS: readonly JmiInputKey[] = [
  ...JMI_KINDS,
  'accept-call',
  'decline-call',
  'cancel-call',
  'end-call',
  'tick',
];

const outside = JMI_ROLES.flatMap((role) =>
  JMI_PHASES.flatMap((phase) =>
    KEYS.filter((key) => !(JMI_ACCEPTS[role][phase] as readonly string[]).includes(key)).map(
      (key) => [role, phase, key] as const,
    ),
  ),
);

describe('JMI pairs outside JMI_ACCEPTS', () => {
  it('lists exactly the pairs the machine leaves alone', () => {
    expect(outside.map(([r, p, k]) => `${r}/${p}/${k}`).sort()).toEqual(
      [
        ...['accept', 'retract', 'finish', 'accept-call', 'decline-call', 'end-call'].map(
          (k) => `caller/proposed/${k}`,
        ),
        ...['accept', 'retract', 'finish', 'accept-call', 'decline-call', 'end-call'].map(
          (k) => `caller/ringing/${k}`,
        ),
        ...[
          'ringing',
          'reject',
          'retract',
          'accept',
          'accept-call',
          'decline-call',
          'cancel-call',
          'tick',
        ].map((k) => `caller/proceeding/${k}`),
        ...KEYS.filter((k) => k !== 'proceed').map((k) => `caller/ended/${k}`),
        ...KEYS.map((k) => `callee/proposed/${k}`),
        ...['propose', 'ringing', 'end-call', 'cancel-call'].map((k) => `callee/ringing/${k}`),
        ...[
          'ringing',
          'proceed',
          'reject',
          'accept',
          'accept-call',
          'decline-call',
          'cancel-call',
          'tick',
        ].map((k) => `callee/proceeding/${k}`),
        ...KEYS.map((k) => `callee/ended/${k}`),
      ].sort(),
    );
  });

  it.each(outside)('%s in %s ignores %s: same state, no effects', (role, phase, key) => {
    const state = role === 'caller' ? caller(phase) : callee(phase);
    const r = stepJmi(state, inputFor(state, key));
    expect(r.state).toBe(state);
    expect(r.effects).toEqual([]);
  });
});
