// Wire fuzzing of the client library (tests/support/wire-fuzz.ts): during a live audio+video call
// between alice and bob (two Chromium processes, our Prosody), carol sends both devices a few hundred
// mutated Jingle/JMI/disco/presence/message stanzas (fixed seed; JB_FUZZ_SEED picks another), many
// carrying the live call's sid. Properties: no page throws or logs an error, every IQ gets exactly one
// answer, the call decodes frames throughout and hangs up normally on both sides, the heap after GC
// stays bounded. The long run is `npm run fuzz` (docs/reliability.md).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWebRTC } from '../support/netns.js';
import type { FuzzDriver } from '../support/wire-fuzz-driver.js';
import { startClientFuzzTarget, type ClientFuzzTarget } from '../support/wire-fuzz-client.js';
import { NO_TROUBLE } from '../support/wire-fuzz-page.js';
import { cleanIqBooks, fuzzSeed, heapLine, iqBooks, summary } from '../support/wire-fuzz-report.js';
import { shortFuzzRun, startFuzzDriver } from '../support/wire-fuzz-run.js';

const SEED = fuzzSeed(20261207);
const COUNT = 400;
/** Growth of a page's JS heap after GC that still counts as bounded for a run this short. */
const HEAP_GROWTH_LIMIT = 8 * 1024 * 1024;

describeWebRTC('wire fuzzing: the client in Chromium during a live call', () => {
  let target: ClientFuzzTarget;
  let driver: FuzzDriver;

  beforeAll(async () => {
    target = await startClientFuzzTarget({ recover: false });
    driver = await startFuzzDriver(target);
  });

  afterAll(async () => {
    await driver?.stop();
    await target?.stop();
  });

  it(`${COUNT} mutated stanzas from a third party (seed ${SEED}): no error, every IQ answered once, the call survives`, async () => {
    const heapBefore = await target.heap();
    const { tally, recent } = await shortFuzzRun(driver, target, SEED, COUNT);
    const trouble = await target.trouble();
    const ended = await target.hangUp();
    const heapAfter = await target.heap();
    const report = [
      `seed ${SEED}: ${summary(tally)}`,
      heapLine('alice', heapBefore.alice, heapAfter.alice),
      heapLine('bob', heapBefore.bob, heapAfter.bob),
    ].join('\n');
    console.log(report);
    const context = `${report}\nreplay with JB_FUZZ_SEED=${SEED}; last stanzas sent:\n${recent.toString()}`;
    expect(
      {
        ...iqBooks(tally),
        callsLost: target.callsLost,
        trouble,
        ended,
      },
      context,
    ).toEqual({
      ...cleanIqBooks(tally),
      callsLost: [],
      trouble: { alice: NO_TROUBLE, bob: NO_TROUBLE },
      ended: { alice: 'ended', bob: 'ended' },
    });
    expect(
      {
        alice: heapAfter.alice - heapBefore.alice < HEAP_GROWTH_LIMIT,
        bob: heapAfter.bob - heapBefore.bob < HEAP_GROWTH_LIMIT,
      },
      context,
    ).toEqual({ alice: true, bob: true });
  });
});
