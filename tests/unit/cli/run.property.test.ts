// The CLI survives any input: exit 0 with output, or exit 1 with exactly one line on stderr. Runs
// run() in-process (no subprocess per case) on random text and on randomly damaged captures.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run.js';
import { ROOT } from './run-cli.js';

async function runOn(args: string[], input: string) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readInput: () => Promise.resolve(input),
  });
  return { code, stdout, stderr };
}

/** Either a clean success or one error line, never both, never a throw. */
const wellBehaved = (r: { code: number; stdout: string; stderr: string }): boolean =>
  r.code === 0
    ? r.stderr === '' && r.stdout !== ''
    : r.code === 1 && r.stdout === '' && /^jingle-bridge: [^\n]*\n$/.test(r.stderr);

const SDP = readFileSync(
  `${ROOT}tests/fixtures/cli/firefox58-audio-only-offer-inline-candidates.sdp`,
  'utf8',
);
const XML = readFileSync(`${ROOT}tests/fixtures/cli/xep0167-ex1-session-initiate.xml`, 'utf8');

/** A capture with a few random edits: characters deleted, inserted or duplicated anywhere. */
const damaged = (text: string) =>
  fc
    .array(fc.tuple(fc.nat(text.length), fc.nat(8), fc.string({ maxLength: 4, unit: 'binary' })), {
      minLength: 1,
      maxLength: 4,
    })
    .map((edits) =>
      edits.reduce(
        (t, [at, cut, insert]) => t.slice(0, at) + insert + t.slice(Math.min(t.length, at + cut)),
        text,
      ),
    );

describe('jingle-bridge on any input', () => {
  it('sdp-to-jingle succeeds or prints one error line, and what it prints reads back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged(SDP), fc.string({ unit: 'binary' })), async (sdp) => {
        const r = await runOn(['sdp-to-jingle', '--role', 'initiator'], sdp);
        expect(wellBehaved(r)).toEqual(true);
        if (r.code === 0) {
          const back = await runOn(['jingle-to-sdp', '--role', 'initiator'], r.stdout);
          expect([back.code, back.stderr]).toEqual([0, '']);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('jingle-to-sdp succeeds or prints one error line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged(XML), fc.string({ unit: 'binary' })), async (xml) => {
        expect(wellBehaved(await runOn(['jingle-to-sdp', '--role', 'responder'], xml))).toEqual(true);
      }),
      { numRuns: 300 },
    );
  });
});
