// SASLprep (src/client/saslprep.ts) against the server we log in to: Prosody's own SASLprep
// (util.encodings over ICU), run in lua5.4. An integration test because it needs Prosody installed.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saslprep, SaslprepError } from '../../src/client/connection/saslprep.js';
import * as tables from '../../src/client/connection/stringprep-tables.js';

// Differential test against Prosody's SASLprep (util.encodings, which is ICU's usprep RFC 4013
// profile): the server our client logs in to. One lua5.4 process answers a batch: hex UTF-8 in,
// hex UTF-8 or "!" (refused) out. The inputs are drawn from every table's range ends plus blocks that
// are fully assigned in Unicode 3.2 and whose NFKC and L / R-AL bidi class have not changed since:
// there the two implementations must agree exactly. Elsewhere they differ by design (see the
// `deviations` test).
const PROSODY_SASLPREP = `
local saslprep = require "util.encodings".stringprep.saslprep
for line in io.lines() do
  local s = line:gsub("%x%x", function(h) return string.char(tonumber(h, 16)) end)
  local r = saslprep(s)
  io.write(r and (r:gsub(".", function(c) return string.format("%02x", c:byte()) end)) or "!", "\\n")
end`;

function prosodySaslprep(inputs: readonly string[]): Array<string | undefined> {
  const hex = inputs.map((s) => Buffer.from(s, 'utf8').toString('hex')).join('\n');
  const r = spawnSync('lua5.4', ['-e', PROSODY_SASLPREP], {
    input: `${hex}\n`,
    encoding: 'utf8',
    env: { ...process.env, LUA_CPATH: '/usr/lib/prosody/?.so' },
  });
  if (r.status !== 0) throw new Error(`Prosody's saslprep did not run: ${r.error?.message ?? r.stderr}`);
  return r.stdout
    .split('\n')
    .slice(0, inputs.length)
    .map((h) => (h === '!' ? undefined : Buffer.from(h, 'hex').toString('utf8')));
}

/** Our result, or undefined where SASLprep refuses the string (Prosody's "!"). */
const ours = (s: string): string | undefined => {
  try {
    return saslprep(s);
  } catch (e) {
    if (e instanceof SaslprepError) return undefined;
    throw e;
  }
};

// prettier-ignore
const STABLE_BLOCKS = [
  [0x20, 0x7e], [0xa0, 0x220], [0x222, 0x233], [0x386, 0x38a], [0x38c, 0x38c], [0x38e, 0x3a1],
  [0x3a3, 0x3ce], [0x400, 0x482], [0x5d0, 0x5ea], [0x621, 0x63a], [0x640, 0x64a], [0x660, 0x669],
  [0x2000, 0x2052], [0x2160, 0x2183], [0x3000, 0x3003], [0x4e00, 0x4e40], [0xac00, 0xac40],
  [0xfb50, 0xfb60], [0xfe70, 0xfe74], [0xff01, 0xff5e], [0x1d400, 0x1d420],
] as const;

describe("agreement with Prosody's SASLprep (ICU usprep)", () => {
  const pool = new Set<number>();
  for (const [name, ranges] of Object.entries(tables)) {
    if (!name.startsWith('TABLE_')) continue;
    for (const [from, to] of ranges as ReadonlyArray<readonly [number, number]>) {
      // Surrogates cannot travel as UTF-8; the C.5 rows above cover them.
      if (from < 0xd800 || from > 0xdfff) pool.add(from).add(to);
    }
  }
  for (const [from, to] of STABLE_BLOCKS) for (let cp = from; cp <= to; cp++) pool.add(cp);
  const chars = [...pool].map((cp) => String.fromCodePoint(cp));

  it('every pooled code point alone, between ASCII letters and between Hebrew letters', () => {
    const inputs = chars.flatMap((c) => [c, `a${c}b`, `\u05D0${c}\u05D0`]);
    const theirs = prosodySaslprep(inputs);
    const differ = inputs.filter((s, i) => ours(s) !== theirs[i]);
    expect(differ).toEqual([]);
  });

  it('3000 random strings over the pool', () => {
    const inputs = fc.sample(fc.string({ unit: fc.constantFrom(...chars), maxLength: 8 }), {
      seed: 4013,
      numRuns: 3000,
    });
    const theirs = prosodySaslprep(inputs);
    expect(inputs.filter((s, i) => ours(s) !== theirs[i])).toEqual([]);
  });

  it('deviations: where ICU uses current Unicode and RFC 3454 froze Unicode 3.2', () => {
    const rows = [
      '\u03F9', // GREEK CAPITAL LUNATE SIGMA (Unicode 4.0): runtime NFKC gives U+03A3, ICU's 3.2 NFKC keeps it
      '\u{2F868}', // CJK COMPATIBILITY IDEOGRAPH-2F868: Corrigendum #4 (after 3.2) changed its decomposition
      '\u05D0\u2800\u05D0', // BRAILLE PATTERN BLANK: bidi ON in Unicode 3.2 (not D.2), L today
      '\u05D0\u17B4\u05D0', // KHMER VOWEL INHERENT AQ: bidi L in Unicode 3.2 (D.2), NSM today
      'a\u0590b', // unassigned in 3.2; ICU gives it the Hebrew block's default bidi R
    ];
    expect(rows.map((s) => [ours(s), prosodySaslprep([s])[0]])).toEqual([
      ['\u03A3', '\u03F9'],
      ['\u36FC', '\u{2136A}'],
      ['\u05D0\u2800\u05D0', undefined],
      [undefined, '\u05D0\u17B4\u05D0'],
      ['a\u0590b', undefined],
    ]);
  });
});
