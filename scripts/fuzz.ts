// The long wire-fuzz run behind `npm run fuzz -- [--count N] [--seed N] [--target client|component]`
// (scripts/fuzz.mjs puts it in a loopback-only namespace). Same harness as tests/e2e/wire-fuzz-*.test.ts,
// but a lost call is replaced and counted instead of ending the run, and progress (with memory) is
// printed every `--every` stanzas. Prints the totals and a row for docs/reliability.md; exits 1 when a
// property failed.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startClientFuzzTarget } from '../tests/support/wire-fuzz-client.js';
import { startComponentFuzzTarget } from '../tests/support/wire-fuzz-component.js';
import { FuzzDriver, type FuzzTally } from '../tests/support/wire-fuzz-driver.js';
import type { PageTrouble } from '../tests/support/wire-fuzz-page.js';
import { heapLine, RecentStanzas, summary } from '../tests/support/wire-fuzz-report.js';
import { fuzzStanzas } from '../tests/support/wire-fuzz.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    target: { type: 'string', default: 'client' },
    every: { type: 'string', default: '5000' },
    // Replays part of a seed: stanzas from..from+count-1 (a failure names its stanza numbers).
    from: { type: 'string', default: '0' },
    // A time budget: the run stops at the first chunk boundary past it and reports what it sent.
    minutes: { type: 'string', default: '0' },
  },
});
const count = Number(values.count);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const every = Number(values.every);
const first = Number(values.from);
const budgetMs = Number(values.minutes) * 60_000;
if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(seed) || !(every > 0))
  throw new TypeError(
    'usage: npm run fuzz -- [--count N] [--seed N] [--target client|component] [--every N]',
  );
if (values.target !== 'client' && values.target !== 'component')
  throw new TypeError(`--target: client or component, not ${values.target}`);

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const troubleCount = (t: PageTrouble) => t.pageErrors.length + t.consoleErrors.length + (t.crashed ? 1 : 0);

interface Outcome {
  tally: FuzzTally;
  crashes: number;
  callsLost: string[];
  heap: string;
  heapCell: string;
  problems: string[];
}

async function runClient(): Promise<Outcome> {
  const target = await startClientFuzzTarget({ recover: true });
  const driver = new FuzzDriver(() => target.loginFuzzer());
  try {
    await driver.start();
    const before = await target.heap();
    const tally = await fuzz(driver, target.ctx, target, async () => {
      const h = await target.heap();
      return `heap alice ${mb(h.alice)}, bob ${mb(h.bob)}; calls lost ${target.callsLost.length}`;
    });
    await new Promise((r) => setTimeout(r, 2000));
    await target.probe();
    const trouble = await target.trouble();
    const ended = await target.hangUp();
    const after = await target.heap();
    return {
      tally,
      crashes: troubleCount(trouble.alice) + troubleCount(trouble.bob),
      callsLost: target.callsLost,
      heap: `${heapLine('alice', before.alice, after.alice)}\n${heapLine('bob', before.bob, after.bob)}`,
      heapCell: `alice ${mb(before.alice)} → ${mb(after.alice)}, bob ${mb(before.bob)} → ${mb(after.bob)}`,
      problems: [
        ...(ended.alice === 'ended' && ended.bob === 'ended' ? [] : [`hang-up: ${JSON.stringify(ended)}`]),
        ...Object.entries(trouble).flatMap(([who, t]) =>
          Object.entries(t)
            .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v === true))
            .map(([k, v]) => `${who} ${k}: ${JSON.stringify(v).slice(0, 1500)}`),
        ),
      ],
    };
  } finally {
    await driver.stop().catch(() => undefined);
    await target.stop();
  }
}

async function runComponent(): Promise<Outcome> {
  const target = await startComponentFuzzTarget({ recover: true });
  const driver = new FuzzDriver(() => target.loginFuzzer());
  let uncaught = 0;
  const onUncaught = (e: unknown) => {
    uncaught++;
    console.error(`uncaught in the component process: ${String(e)}`);
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  try {
    await driver.start();
    const before = target.memory();
    const tally = await fuzz(driver, target.ctx, target, async () => {
      const m = target.memory();
      return `heap ${mb(m.heap)}, rss ${mb(m.rss)}; calls lost ${target.callsLost.length}`;
    });
    await new Promise((r) => setTimeout(r, 2000));
    await target.probe();
    const after = target.memory();
    const trouble = await target.trouble();
    const hungUp = await target.hangUp();
    const next = await target.echoCall().catch((e: unknown) => ({ framesDecoded: 0, state: String(e) }));
    return {
      tally,
      crashes: uncaught + target.componentErrors.length,
      callsLost: target.callsLost,
      heap: `${heapLine('component process', before.heap, after.heap)}; rss ${mb(before.rss)} -> ${mb(after.rss)}`,
      heapCell: `${mb(before.heap)} → ${mb(after.heap)} (rss ${mb(before.rss)} → ${mb(after.rss)})`,
      problems: [
        ...target.componentErrors.slice(0, 20),
        ...(hungUp === 'ended' ? [] : [`live echo call after the run: ${hungUp}`]),
        ...(next.framesDecoded > 0 && next.state === 'ended'
          ? []
          : [`new echo call: ${JSON.stringify(next)}`]),
        ...(troubleCount(trouble) > 0 ? [`page: ${JSON.stringify(trouble).slice(0, 1500)}`] : []),
      ],
    };
  } finally {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await driver.stop().catch(() => undefined);
    await target.stop();
  }
}

class StopRun extends Error {}

async function fuzz(
  driver: FuzzDriver,
  ctx: Parameters<typeof fuzzStanzas>[2],
  target: { probe(): Promise<void>; callsLost: string[] },
  memory: () => Promise<string>,
): Promise<FuzzTally> {
  const recent = new RecentStanzas(6);
  // A lost call is reported with the stanzas sent just before the probe that noticed it.
  const probe = async () => {
    const lost = target.callsLost.length;
    try {
      await target.probe();
    } catch (e) {
      // No new call could be placed: the target is broken; stop and report what we have.
      target.callsLost.push(`no new call could be placed: ${String(e)}`);
      throw new StopRun();
    }
    if (target.callsLost.length > lost) target.callsLost[lost] += `\n    sent before:\n${recent.toString()}`;
  };
  const started = Date.now();
  // In chunks, so memory is sampled between them (the driver settles each chunk's IQs).
  for (let from = first; from < first + count; from += every) {
    if (budgetMs > 0 && Date.now() - started > budgetMs) {
      console.log(`stopped after ${driver.tally.sent} stanzas: the --minutes budget is used up`);
      break;
    }
    const n = Math.min(every, first + count - from);
    try {
      await driver.run(fuzzStanzas(seed, n, ctx, from), { probe, onSent: (s, seq) => recent.add(s, seq) });
    } catch (e) {
      if (!(e instanceof StopRun)) throw e;
      console.log(`stopped after ${driver.tally.sent} stanzas: the call could not be replaced`);
      break;
    }
    const secs = (Date.now() - started) / 1000;
    console.log(
      `[${secs.toFixed(0)} s] ${from + n - first}/${count} sent (${((from + n - first) / secs).toFixed(0)}/s); ${await memory()}`,
    );
  }
  return driver.tally;
}

const started = new Date();
console.log(
  `wire fuzz: target ${values.target}, seed ${seed}, stanzas ${first}..${first + count - 1} (${cpus().length} cores)`,
);
const out = values.target === 'client' ? await runClient() : await runComponent();
const t = out.tally;
console.log(
  `\nseed ${seed}: ${summary(t)}\ncrashes ${out.crashes}; calls lost ${out.callsLost.length}\n${out.heap}`,
);
for (const s of [...t.streamsLost, ...out.callsLost, ...t.unanswered, ...t.duplicated, ...out.problems])
  console.log(`  ${s.slice(0, 600)}`);
console.log(
  `\n| ${started.toISOString().slice(0, 10)} | ${values.target} | ${seed} | ${t.sent} | ` +
    `${t.iqs.expected}: ${t.iqs.result} / ${t.iqs.error} / ${t.iqs.none} / ${t.iqs.duplicate} | ` +
    `${out.crashes} | ${out.callsLost.length} | ${out.heapCell} | ${((Date.now() - started.getTime()) / 60000).toFixed(0)} min |`,
);
const failed =
  out.crashes > 0 ||
  out.callsLost.length > 0 ||
  t.iqs.none > 0 ||
  t.iqs.duplicate > 0 ||
  t.iqs.unsolicited > 0 ||
  out.problems.length > 0;
process.exit(failed ? 1 : 0);
