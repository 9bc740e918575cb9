// Shared by fast-parse*.test.ts: sdp-transform's `a=` rules, an order-preserving view of parse
// results, and fast-check arbitraries for SDP lines of every type the grammar knows.
import fc from 'fast-check';
// @ts-expect-error -- sdp-transform publishes no types for lib/grammar.js.
import grammarJs from 'sdp-transform/lib/grammar.js';

export interface Rule {
  name?: string;
  push?: string;
  reg: RegExp;
}
export const A_RULES = (grammarJs as Record<string, Rule[]>)['a'] ?? [];

export const ruleNames = (rules: readonly Rule[]): string[] => rules.map((r) => r.push ?? r.name ?? '');

/** Objects as [key, value] lists, so toStrictEqual also compares key order. */
export function ordered(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(ordered);
  if (typeof x === 'object' && x !== null) return Object.entries(x).map(([k, v]) => [k, ordered(v)]);
  return x;
}

/** Values that stress sdp-transform's number/string rule and its regexes. */
const ODD = [
  ...'0 007 -1 -0 1.5 1. 1e3 1e21 99999999999999999999 18446744073709551616 9007199254740993'.split(' '),
  ...'NaN Infinity -Infinity 0x1F * {38c9a1f0-d360} UDP host typ : = ; / ü x=1;y=2 [x=800,y=640] 1,~2;3'.split(
    ' ',
  ),
  ...['', ' 1', 'a b', '\t', '\u2028', 'urn:ietf:params:rtp-hdrext:encrypt'],
];

const NUMERIC = ['0', '007', '', '-1', '1.5', '1e3', '99999999999999999999', 'NaN', 'Infinity'];
const anyOf = <T>(xs: T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
/** `#` in a template: mostly a number, sometimes a huge or odd one. */
const numeric = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String) },
  { weight: 2, arbitrary: anyOf(NUMERIC) },
);
/** `@` in a template: mostly a word, sometimes an odd value. */
const word = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[\w.+/-]{1,10}$/) },
  { weight: 1, arbitrary: anyOf(ODD) },
);
/** `%` in a template, and every placeholder of a "wild" line: anything. */
const token = fc.oneof(word, numeric, anyOf(ODD));

/** Where a template has a space, a generated line mostly has one; else two, a tab or none. */
const sep = fc.oneof({ weight: 12, arbitrary: fc.constant(' ') }, anyOf(['  ', '\t', '']));

/** Placeholders `#`, `@`, `%` (above); ` ` is a separator; anything else is literal. */
function fromTemplate(template: string, wild = false): fc.Arbitrary<string> {
  const parts = template.split(/([#@%]| )/).filter((p) => p !== '');
  const arb = (p: string): fc.Arbitrary<string> => {
    if (p === ' ') return sep;
    if (p === '#') return wild ? token : numeric;
    if (p === '@') return wild ? token : word;
    return p === '%' ? token : fc.constant(p);
  };
  return fc.tuple(...parts.map(arb)).map((xs) => xs.join(''));
}

const A_TEMPLATES = [
  'rtpmap:# @/#/#',
  'rtpmap:# @/#',
  'rtpmap:# @',
  'rtpmap:# @ / #',
  'fmtp:# %',
  'fmtp:# @=%;@=%; @=%',
  'rtcp-fb:# @',
  'rtcp-fb:# @ @',
  'rtcp-fb:# trr-int #',
  'rtcp-fb:* @ @',
  'extmap:# @',
  'extmap:#/@ @ @',
  'extmap:# urn:ietf:params:rtp-hdrext:encrypt @ @',
  'ssrc:# @:%',
  'ssrc:# @',
  'ssrc-group:@ # #',
  'mid:%',
  'msid:@ @',
  'msid:%',
  'fingerprint:@ @',
  'setup:@',
  'ice-ufrag:%',
  'ice-pwd:%',
  'ice-options:@ @',
  'group:@ @ @',
  'group:%',
  'crypto:# @ @ @',
  'sctpmap:# @ #',
  'sctp-port:#',
  'max-message-size:#',
  'rid:@ @ %',
  'simulcast:@ @ @ @',
  'simulcast: %',
  'msid-semantic:@ @',
  'msid-semantic: @ @',
  'rtcp:#',
  'rtcp:# @ IP# @',
  'ptime:#',
  'maxptime:#',
  'framerate:#',
  'ts-refclk:@=%',
  'mediaclk:id=@ @=# rate=#/#',
  'imageattr:# send [%] recv [%]',
  'remote-candidates:# @ #',
  'x-google-flag:%',
  'label:%',
  'content:%',
  'source-filter: % % % % %',
  'connection:%',
  'control:%',
  'floorid:@ mstrm:@',
  '%:%',
  '%',
  ...'sendrecv recvonly sendonly inactive rtcp-mux rtcp-rsize extmap-allow-mixed end-of-candidates bundle-only ice-lite'
    .split(' ')
    .flatMap((f) => [f, `${f}%`, `${f}:%`]),
];

/** a=candidate with the fixed part, then any of the optional parts in any order, known or not. */
const candidate = (wild: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(
      fromTemplate('candidate:@ # @ # @ # typ @', wild),
      fc.shuffledSubarray(
        ['raddr @ rport #', 'tcptype @', 'generation #', 'network-id #', 'network-cost #', 'ufrag @', '@ %'],
        { minLength: 0 },
      ),
    )
    .chain(([head, tail]) =>
      fc.tuple(...tail.map((t) => fromTemplate(` ${t}`, wild))).map((xs) => head + xs.join('')),
    );

/** The body of an a= line (the text after `a=`). */
export const attributeBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: candidate(false) },
  { weight: 1, arbitrary: candidate(true) },
  { weight: 9, arbitrary: fc.constantFrom(...A_TEMPLATES).chain((t) => fromTemplate(t)) },
  { weight: 3, arbitrary: fc.constantFrom(...A_TEMPLATES).chain((t) => fromTemplate(t, true)) },
);

const OTHER_TEMPLATES = [
  'v=#',
  'o=@ # # @ IP# @',
  's=%',
  't=# #',
  'c=IN IP# @',
  'b=@:#',
  'm=@ # @ # #',
  'i=%',
  'u=%',
  'e=%',
  'p=%',
  'z=%',
  'r=%',
  'k=%',
  'x=%',
  'A=%',
  '=%',
  '%',
];

export const sdpLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: attributeBody.map((b) => `a=${b}`) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER_TEMPLATES).chain((t) => fromTemplate(t)) },
);

/** Lines joined by any mix of line ends, blank lines included. */
export function sdpOf(line: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const end = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '\r\n\r\n', '\n\r');
  return fc
    .array(fc.tuple(line, end), { maxLength: 40 })
    .map((xs) => xs.map(([l, e]) => l + e).join(''))
    .chain((s) => fc.constantFrom(s, s.trimEnd(), `v=0\r\n${s}`));
}
