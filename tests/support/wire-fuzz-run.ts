// The short run of the wire-fuzz e2e tests (tests/e2e/wire-fuzz-*.test.ts): `count` stanzas of `seed`, the target probed every 2 s meanwhile and once more 2 s after
// the last stanza (the call must outlive it), the last stanzas kept for the failure message.
import { FuzzDriver, type FuzzTally } from './wire-fuzz-driver.js';
import { RecentStanzas } from './wire-fuzz-report.js';
import { fuzzStanzas, type FuzzContext } from './wire-fuzz.js';
import type { RawXmpp } from './raw-xmpp.js';

export interface FuzzTarget {
  ctx(): FuzzContext;
  loginFuzzer(): Promise<RawXmpp>;
  probe(): Promise<void>;
}

/** A driver logged in for `target` (as carol, the fuzzing contact). */
export async function startFuzzDriver(target: FuzzTarget): Promise<FuzzDriver> {
  const driver = new FuzzDriver(() => target.loginFuzzer());
  await driver.start();
  return driver;
}

export async function shortFuzzRun(
  driver: FuzzDriver,
  target: FuzzTarget,
  seed: number,
  count: number,
): Promise<{ tally: FuzzTally; recent: RecentStanzas }> {
  const recent = new RecentStanzas();
  const tally = await driver.run(fuzzStanzas(seed, count, target.ctx), {
    probe: () => target.probe(),
    onSent: (s, seq) => recent.add(s, seq),
  });
  await new Promise((r) => setTimeout(r, 2000));
  await target.probe();
  return { tally, recent };
}
