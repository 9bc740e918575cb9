// Wire fuzzing of the bridge component (tests/support/wire-fuzz.ts): while alice (Chromium) is in an
// echo@ call through it, carol sends echo@, the component domain and guest JIDs a few hundred mutated
// stanzas (fixed seed; JB_FUZZ_SEED picks another), many carrying the live call's sid. Properties:
// no handler throws, every IQ gets exactly one answer, the echo call keeps decoding frames and hangs up
// normally, the heap after GC stays bounded, and afterwards the component still answers disco#info and
// takes a new echo@ call. The long run is `npm run fuzz -- --target component` (docs/reliability.md).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWebRTC } from '../support/netns.js';
import { RawXmpp } from '../support/raw-xmpp.js';
import { startComponentFuzzTarget, type ComponentFuzzTarget } from '../support/wire-fuzz-component.js';
import type { FuzzDriver } from '../support/wire-fuzz-driver.js';
import { NO_TROUBLE } from '../support/wire-fuzz-page.js';
import { cleanIqBooks, fuzzSeed, heapLine, iqBooks, summary } from '../support/wire-fuzz-report.js';
import { shortFuzzRun, startFuzzDriver } from '../support/wire-fuzz-run.js';

const SEED = fuzzSeed(20261207);
const COUNT = 400;
/** Growth of this process's heap after GC (component, fuzzer and test runner) still counted as bounded. */
const HEAP_GROWTH_LIMIT = 16 * 1024 * 1024;
const DISCO_INFO = 'http://jabber.org/protocol/disco#info';

describeWebRTC('wire fuzzing: the bridge component during an echo@ call', () => {
  let target: ComponentFuzzTarget;
  let driver: FuzzDriver;
  let checker: RawXmpp;

  beforeAll(async () => {
    target = await startComponentFuzzTarget({ recover: false });
    driver = await startFuzzDriver(target);
  });

  afterAll(async () => {
    await checker?.close();
    await driver?.stop();
    await target?.stop();
  });

  it(`${COUNT} mutated stanzas from a user (seed ${SEED}): no handler throws, every IQ answered once, echo@ still works`, async () => {
    const before = target.memory();
    const { tally, recent } = await shortFuzzRun(driver, target, SEED, COUNT);
    const after = target.memory();
    const report = `seed ${SEED}: ${summary(tally)}\n${heapLine('test process (component)', before.heap, after.heap)}`;
    console.log(report);
    const context = `${report}\nreplay with JB_FUZZ_SEED=${SEED}; last stanzas sent:\n${recent.toString()}`;

    checker = await RawXmpp.login(target.prosody.wsUrl, target.prosody.domain, 'carol', 'pw', 'check');
    const disco = async (to: string) => {
      const reply = await checker.request(
        `<iq xmlns="jabber:client" type="get" id="d-${to}" to="${to}"><query xmlns="${DISCO_INFO}"/></iq>`,
        `d-${to}`,
      );
      return `${reply.attrs.type}: ${reply.getChild('query')?.getChild('identity')?.attrs.category}`;
    };
    const cd = target.prosody.componentDomain;
    expect(
      {
        ...iqBooks(tally),
        componentErrors: target.componentErrors,
        callsLost: target.callsLost,
        page: await target.trouble(),
        liveCallHungUp: await target.hangUp(),
        disco: [await disco(cd), await disco(`echo@${cd}`)],
      },
      context,
    ).toEqual({
      ...cleanIqBooks(tally),
      componentErrors: [],
      callsLost: [],
      page: NO_TROUBLE,
      liveCallHungUp: 'ended',
      disco: ['result: component', 'result: client'],
    });
    const next = await target.echoCall();
    expect({ frames: next.framesDecoded > 0, state: next.state }, context).toEqual({
      frames: true,
      state: 'ended',
    });
    expect(after.heap - before.heap < HEAP_GROWTH_LIMIT, context).toBe(true);
  });
});
