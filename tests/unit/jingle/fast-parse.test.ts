// parseSdp (src/jingle/sdp/fast-parse.ts) === sdp-transform's parse, on every SDP we hold: the 28
// captures, the CLI inputs and the goldens. fast-parse.property.test.ts covers generated input.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'sdp-transform';
import { attributeRules, literalPrefixes, parseSdp } from '../../../src/jingle/sdp/fast-parse.js';
import { A_RULES, ordered, ruleNames } from './fast-parse.helpers.js';

const DIRS = ['tests/fixtures/sdp/', 'tests/fixtures/cli/', 'tests/fixtures/golden/'];
const FILES = DIRS.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.sdp'))
    .map((f) => d + f),
);

describe('parseSdp(s) deep-equals parse(s), key order included', () => {
  test('the corpus holds the 28 captures', () => {
    expect(FILES.filter((f) => f.startsWith(DIRS[0] as string)).length).toBe(28);
  });
  for (const file of FILES) {
    test(file, () => {
      const sdp = readFileSync(file, 'utf8');
      expect(ordered(parseSdp(sdp))).toStrictEqual(ordered(parse(sdp)));
      expect(parseSdp(sdp)).toStrictEqual(parse(sdp));
    });
  }
  test('line ends, blank lines and lines that are not x= are treated alike', () => {
    const sdp = 'v=0\n\r\no=- 1 2 IN IP4 0.0.0.0\rs=\r\n\r\nX=no\nab\na=\nm=audio 9 RTP/AVP 0\r\n\r\na=123\n';
    expect(parseSdp(sdp)).toStrictEqual(parse(sdp));
    expect(parseSdp(sdp)).toEqual({
      version: 0,
      origin: {
        username: '-',
        sessionId: 1,
        sessionVersion: 2,
        netType: 'IN',
        ipVer: 4,
        address: '0.0.0.0',
      },
      name: '',
      invalid: [{ value: '' }],
      media: [
        {
          rtp: [],
          fmtp: [],
          type: 'audio',
          port: 9,
          protocol: 'RTP/AVP',
          payloads: 0,
          invalid: [{ value: 123 }],
        },
      ],
    });
  });
  test('a non-string is a TypeError', () => {
    expect(() => parseSdp(undefined as unknown as string)).toThrow(
      new TypeError('parseSdp: sdp must be a string, got undefined'),
    );
  });
});

describe('literalPrefixes reads the literal every match starts with, or gives up with [""]', () => {
  const rows: [RegExp, string[]][] = [
    [/^rtpmap:(\d*) ([\w\-.]*)/, ['rtpmap:']],
    [/^(sendrecv|recvonly|sendonly|inactive)/, ['sendrecv', 'recvonly', 'sendonly', 'inactive']],
    [/^(rtcp-mux)/, ['rtcp-mux']],
    [/^source-filter: *(excl|incl)/, ['source-filter:']],
    [/^msid-semantic:\s?(\w*)/, ['msid-semantic:']],
    [/^simulcast:[\s\t]+(x)/, ['simulcast:']],
    [/^ab?c/, ['a']],
    [/^a{2}/, ['']],
    [/^(a|b)?c/, ['']],
    [/^(a|b)*c/, ['']],
    [/^(a|b)+c/, ['a', 'b']],
    [/^(a.|b)c/, ['']],
    [/^ab|cd/, ['']],
    [/^a(b|c)|d/, ['']],
    [/^a[|]b/, ['a']],
    [/^a\|b/, ['a']],
    [/^abc/i, ['']],
    [/^abc/m, ['']],
    [/abc/, ['']],
    [/(.*)/, ['']],
    [/^(\d*)$/, ['']],
  ];
  test.each(rows)('%s -> %j', (reg, expected) => {
    expect(literalPrefixes(reg)).toEqual(expected);
  });
});

describe('attributeRules keeps grammar order and drops only rules that cannot match', () => {
  const rows: [string, string[]][] = [
    ['candidate:1 1 udp 1 1.2.3.4 9 typ host', ['candidates', 'invalid']],
    ['rtcp-fb:96 nack', ['rtcpFbTrrInt', 'rtcpFb', 'invalid']],
    ['rtcp:9 IN IP4 0.0.0.0', ['rtcp', 'invalid']],
    ['rtcp-mux', ['rtcpMux', 'invalid']],
    ['rtcp-muxx', A_RULES.map((r) => r.push ?? r.name ?? '')],
    ['sendrecv', ['direction', 'invalid']],
    ['sendrecv:x', A_RULES.map((r) => r.push ?? r.name ?? '')],
    ['extmap:1 urn:x', ['ext', 'invalid']],
    ['extmap-allow-mixed', ['extmapAllowMixed', 'invalid']],
    ['simulcast:send 1', ['simulcast', 'simulcast_03', 'invalid']],
    ['msid-semantic: WMS', ['msidSemantic', 'invalid']],
    ['x-unknown:1', A_RULES.map((r) => r.push ?? r.name ?? '')],
  ];
  test.each(rows)('%s', (body, expected) => {
    expect(ruleNames(attributeRules(body))).toEqual(expected);
  });
});
