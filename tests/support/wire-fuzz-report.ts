// Seeds, the ring of last stanzas for failure messages, and the one-line summary both the tests and
// `npm run fuzz` print.
import type { FuzzTally } from './wire-fuzz-driver.js';
import type { FuzzStanza } from './wire-fuzz.js';

/** The seed of a run: JB_FUZZ_SEED if set, else the fixed one of the test. */
export function fuzzSeed(fixed: number): number {
  const env = process.env['JB_FUZZ_SEED'];
  if (env === undefined || env === '') return fixed;
  const n = Number(env);
  if (!Number.isSafeInteger(n)) throw new TypeError(`JB_FUZZ_SEED: not an integer: ${env}`);
  return n;
}

/** Keeps the last `size` stanzas sent (number, origin, start of the text). */
export class RecentStanzas {
  private readonly ring: string[] = [];
  constructor(private readonly size = 8) {}
  add(s: FuzzStanza, seq: number): void {
    // Copied, not sliced: a slice would keep the whole (up to 256 KiB) stanza alive.
    this.ring.push(
      Buffer.from(
        `#${seq} ${s.origin} (${Buffer.byteLength(s.text)} bytes): ${s.text.slice(0, 400)}`,
      ).toString(),
    );
    if (this.ring.length > this.size) this.ring.shift();
  }
  toString(): string {
    return this.ring.join('\n');
  }
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export function summary(t: FuzzTally): string {
  const q = t.iqs;
  return (
    `stanzas sent ${t.sent} (${mb(t.bytes)}); IQs expecting an answer ${q.expected}: result ${q.result}, ` +
    `error ${q.error}, none ${q.none}, duplicate ${q.duplicate}; answers to result/error IQs ${q.unsolicited}; ` +
    `fuzzer streams closed by Prosody ${t.streamsLost.length} (IQs in flight then ${t.lostWithStream})`
  );
}

export function heapLine(label: string, before: number, after: number): string {
  return `${label} heap after GC ${mb(before)} -> ${mb(after)} (${after >= before ? '+' : ''}${mb(after - before)})`;
}

/** The run's IQ books (RFC 6120 §8.2.3) and the fuzzer's own stream losses, as the tests compare them. */
export const iqBooks = (t: FuzzTally) => ({
  answered: t.iqs.result + t.iqs.error,
  unanswered: t.unanswered,
  twice: t.duplicated,
  fuzzerStreamsClosed: t.streamsLost,
});

/** The books of a clean run: every IQ that expects an answer got exactly one, no stream was closed. */
export const cleanIqBooks = (t: FuzzTally): ReturnType<typeof iqBooks> => ({
  answered: t.iqs.expected,
  unanswered: [],
  twice: [],
  fuzzerStreamsClosed: [],
});
