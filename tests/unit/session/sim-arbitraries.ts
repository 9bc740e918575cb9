// fast-check generators for the simulator: commands (network faults, clock, presence, application
// intents) and per-run configuration (glare, timers, batching). Weighted so that most runs reach an
// active call and then exercise mid-call actions, instead of dying in pending.
import fc from 'fast-check';
import type { Cmd, SimConfig } from './sim.js';
import type { What } from './sim-app.js';

const side = fc.constantFrom('a' as const, 'b' as const);
const what = (w: What, weight: number) => ({ weight, arbitrary: fc.constant(w) });
const whats: fc.Arbitrary<What> = fc.oneof(
  what('accept', 4),
  what('terminate', 1),
  what('ringing', 1),
  what('hold', 1),
  what('unhold', 1),
  what('mute', 1),
  what('candidate', 4),
  what('modify', 3),
  what('add-video', 4),
  what('remove', 1),
  what('restart-xep', 3),
  what('restart-conv', 3),
);

export const command: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ op: fc.constant('deliver' as const), overtake: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 3000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('presence' as const), side, gone: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('react' as const), side }) },
  {
    weight: 8,
    arbitrary: fc.record({ op: fc.constant('intent' as const), side, what: whats, pick: fc.nat(63) }),
  },
);

export const config: fc.Arbitrary<SimConfig> = fc.record(
  {
    glare: fc.boolean(),
    audioOnly: fc.boolean(),
    candidateBatchMs: fc.constantFrom(0, 40),
    acceptTimeoutMs: fc.constantFrom(5000, 60_000),
    peerGoneMs: fc.constantFrom(1000, 8000),
    acceptAdds: fc.boolean(),
  },
  { requiredKeys: ['glare', 'audioOnly', 'candidateBatchMs', 'peerGoneMs', 'acceptAdds'] },
);
