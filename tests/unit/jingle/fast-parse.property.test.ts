// Properties of parseSdp (src/jingle/sdp/fast-parse.ts) over generated input: the rules it skips
// never match, and its result deep-equals sdp-transform's parse() (key order included) for lines
// of every type the grammar knows, with odd values, and for whole SDPs mixing them with real lines.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'sdp-transform';
import { attributeRules, parseSdp } from '../../../src/jingle/sdp/fast-parse.js';
import { A_RULES, attributeBody, ordered, ruleNames, sdpLine, sdpOf } from './fast-parse.helpers.js';

const DIR = 'tests/fixtures/sdp/';
const FIXTURE_LINES = [
  ...new Set(
    readdirSync(DIR)
      .filter((f) => f.endsWith('.sdp'))
      .flatMap((f) => readFileSync(DIR + f, 'utf8').split(/\r?\n/))
      .filter((l) => l !== ''),
  ),
];

const same = (sdp: string): void => {
  const fast = parseSdp(sdp);
  const ref = parse(sdp);
  expect(ordered(fast)).toStrictEqual(ordered(ref));
  expect(fast).toStrictEqual(ref);
};

describe('attributeRules is sound', () => {
  test('every a= rule whose regex matches a body is among the rules tried, in grammar order', () => {
    fc.assert(
      fc.property(attributeBody, (body) => {
        const tried = attributeRules(body);
        const matching = A_RULES.filter((r) => r.reg.test(body));
        expect(matching.filter((r) => !tried.includes(r))).toEqual([]);
        expect(ruleNames(tried)).toEqual(ruleNames(A_RULES.filter((r) => tried.includes(r))));
      }),
      { numRuns: 4000 },
    );
  });
});

describe('parseSdp(s) deep-equals parse(s)', () => {
  test('one generated line of any type', () => {
    fc.assert(
      fc.property(sdpLine, (line) => same(line)),
      { numRuns: 4000 },
    );
  });
  test('whole generated SDPs', () => {
    fc.assert(
      fc.property(sdpOf(sdpLine), (sdp) => same(sdp)),
      { numRuns: 1000 },
    );
  });
  test('whole SDPs of fixture lines, shuffled, mixed with generated lines', () => {
    const line = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIXTURE_LINES) }, sdpLine);
    fc.assert(
      fc.property(sdpOf(line), (sdp) => same(sdp)),
      { numRuns: 1000 },
    );
  });
});
