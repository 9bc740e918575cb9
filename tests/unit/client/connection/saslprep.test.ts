import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SASLPREP_PROHIBITED, saslprep, SaslprepError } from '../../../../src/client/connection/saslprep.js';
import type { SaslprepRule } from '../../../../src/client/connection/saslprep.js';
import * as tables from '../../../../src/client/connection/stringprep-tables.js';

/** Whatever saslprep throws, as a plain object, so rows compare whole values. */
function outcome(input: string): { output: string } | { error: Record<string, unknown> } {
  try {
    return { output: saslprep(input) };
  } catch (e) {
    if (!(e instanceof SaslprepError)) throw e;
    return { error: { name: e.name, message: e.message, codePoint: e.codePoint, rule: e.rule } };
  }
}

const refused = (codePoint: number, rule: SaslprepRule) => {
  const e = new SaslprepError(codePoint, rule);
  return { error: { name: 'SaslprepError', message: e.message, codePoint, rule } };
};

describe('RFC 4013 §3 examples', () => {
  it.each([
    ['I\u00ADX', 'IX', 'SOFT HYPHEN mapped to nothing'],
    ['user', 'user', 'no transformation'],
    ['USER', 'USER', 'case preserved, will not match #2'],
    ['\u00AA', 'a', 'output is NFKC, input in ISO 8859-1'],
    ['\u2168', 'IX', 'output is NFKC, will match #1'],
  ])('%j -> %j (%s)', (input, output) => {
    expect(outcome(input)).toEqual({ output });
  });

  it.each([
    ['\u0007', refused(0x07, 'C.2.1'), 'Error - prohibited character'],
    ['\u0627\u0031', refused(0x31, 'bidi-ends'), 'Error - bidirectional check'],
  ])('%j -> %j (%s)', (input, expected) => {
    expect(outcome(input)).toEqual(expected);
  });
});

describe('mapping (RFC 4013 §2.1) and normalization (§2.2)', () => {
  it.each([
    ['a\u00A0b', 'a b', 'C.1.2 NO-BREAK SPACE -> SPACE'],
    ['a\u1680b', 'a b', 'C.1.2 OGHAM SPACE MARK -> SPACE'],
    ['a\u2003b', 'a b', 'C.1.2 EM SPACE -> SPACE'],
    ['a\u200Bb', 'a b', 'ZERO WIDTH SPACE is in C.1.2 and B.1; C.1.2 wins, as in Prosody'],
    ['a\u202Fb\u205Fc\u3000d', 'a b c d', 'C.1.2 NNBSP, MMSP, IDEOGRAPHIC SPACE -> SPACE'],
    ['a\u034Fb', 'ab', 'B.1 COMBINING GRAPHEME JOINER -> nothing'],
    ['a\u1806b\u180Bc', 'abc', 'B.1 MONGOLIAN TODO SOFT HYPHEN, FVS1 -> nothing'],
    ['a\u200Cb\u200Dc\u2060d', 'abcd', 'B.1 ZWNJ, ZWJ, WORD JOINER -> nothing'],
    ['a\uFE00b\uFEFFc', 'abc', 'B.1 VARIATION SELECTOR-1, ZWNBSP -> nothing'],
    ['e\u0301', '\u00E9', 'decomposed accent composed by NFKC'],
    ['\uFB01', 'fi', 'compatibility ligature decomposed by NFKC'],
    ['\uFF21\u00B2', 'A2', 'fullwidth A and superscript two'],
    ['\u0340', '\u0300', 'C.8 character that NFKC turns into an allowed one'],
    ['\u05D01\u05D0', '\u05D01\u05D0', 'RandALCat at both ends, a digit inside'],
    ['\u0221', '\u0221', 'unassigned in Unicode 3.2: allowed, passwords are queries (§2.5)'],
    ['', '', 'empty string'],
  ])('%j -> %j (%s)', (input, output) => {
    expect(outcome(input)).toEqual({ output });
  });
});

describe('prohibited output (RFC 4013 §2.3) and bidi (§2.4): one row per table and rule', () => {
  it.each([
    ['a\u0000', 0x0000, 'C.2.1'],
    ['a\u007F', 0x007f, 'C.2.1'],
    ['a\u0085', 0x0085, 'C.2.2'],
    ['a\u2028', 0x2028, 'C.2.2'],
    ['a\u{1D173}', 0x1d173, 'C.2.2'],
    ['a\uE000', 0xe000, 'C.3'],
    ['a\u{10FFFD}', 0x10fffd, 'C.3'],
    ['a\uFDD0', 0xfdd0, 'C.4'],
    ['a\u{1FFFF}', 0x1ffff, 'C.4'],
    ['a\uD800b', 0xd800, 'C.5'],
    ['a\uDFFF', 0xdfff, 'C.5'],
    ['a\uFFFD', 0xfffd, 'C.6'],
    ['a\u2FF0', 0x2ff0, 'C.7'],
    ['a\u200E', 0x200e, 'C.8'],
    ['a\u202E', 0x202e, 'C.8'],
    ['a\u{E0001}', 0xe0001, 'C.9'],
    ['a\u{E0041}', 0xe0041, 'C.9'],
    ['\u05D0a\u05D0', 0x61, 'bidi-mixed'],
    ['\u0627b\u0628', 0x62, 'bidi-mixed'],
    ['1\u05D0', 0x31, 'bidi-ends'],
    ['\u05D0!', 0x21, 'bidi-ends'],
  ] as const)('%j -> %s (%s)', (input, codePoint, rule) => {
    expect(outcome(input)).toEqual(refused(codePoint, rule));
  });

  it('C.1.2 is listed as prohibited but never reached: §2.1 maps every one of them to SPACE', () => {
    expect(Object.keys(SASLPREP_PROHIBITED)).toEqual([
      'C.1.2',
      'C.2.1',
      'C.2.2',
      'C.3',
      'C.4',
      'C.5',
      'C.6',
      'C.7',
      'C.8',
      'C.9',
    ]);
    expect(outcome('\u3000')).toEqual({ output: ' ' });
  });

  it('the error names the code point as U+XXXX and the rule', () => {
    expect([new SaslprepError(7, 'C.2.1').message, new SaslprepError(0x31, 'bidi-ends').message]).toEqual([
      'U+0007 is prohibited by SASLprep (RFC 4013 §2.3, RFC 3454 table C.2.1: an ASCII control character)',
      'U+0031 breaks the SASLprep bidi rule (RFC 4013 §2.4, RFC 3454 §6): right-to-left text that does ' +
        'not start and end with a right-to-left character',
    ]);
  });

  it('stored strings (allowUnassigned: false) would need table A.1, which is not shipped', () => {
    expect(() => saslprep('x', { allowUnassigned: false })).toThrow(
      new TypeError('saslprep: allowUnassigned: false (stored strings) is not supported'),
    );
    expect(saslprep('x', { allowUnassigned: true })).toBe('x');
  });
});

describe('the range tables', () => {
  it.each(Object.entries(tables).filter(([name]) => name.startsWith('TABLE_')))(
    '%s is sorted, disjoint and inclusive',
    (_name, ranges) => {
      const list = ranges as ReadonlyArray<readonly [number, number]>;
      const bad = list.filter(([from, to], i) => from > to || (i > 0 && from <= (list[i - 1]?.[1] ?? -1)));
      expect(bad).toEqual([]);
    },
  );
});

// Whole code points, including astral ones and lone surrogates (fc.string's 'binary' unit).
const anyString = fc.string({ unit: 'binary', maxLength: 12 });
const accepted = anyString.filter((s) => 'output' in outcome(s));

describe('properties', () => {
  it('idempotent: saslprep(saslprep(x)) === saslprep(x) for every x it accepts', () => {
    fc.assert(
      fc.property(accepted, (s) => {
        const once = saslprep(s);
        expect(saslprep(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('printable ASCII comes out unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
        (s) => {
          expect(saslprep(s)).toBe(s);
        },
      ),
    );
  });

  it('the output is NFKC-normalized', () => {
    fc.assert(
      fc.property(accepted, (s) => {
        const out = saslprep(s);
        expect(out.normalize('NFKC')).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });
});
