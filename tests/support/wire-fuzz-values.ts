// What the wire fuzzer (wire-fuzz.ts) writes into attributes, names and text: the values a Jingle/JMI
// parser meets in the wild or from an attacker. Everything stays legal XML 1.0 (§2.2 Char): a stanza
// Prosody cannot parse ends the sender's stream and never reaches the target.
import fc from 'fast-check';
import {
  NS_DELAY,
  NS_JINGLE_1,
  NS_JINGLE_DTLS_0,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_RTP_1,
  NS_JINGLE_RTP_INFO_1,
  NS_STANZAS,
} from '../../src/jingle/ns.js';

/** Replaced at build time by one of FuzzContext.jids (the call's parties, the fuzzer). */
export const JID_OF_CONTEXT = 'fz:jid';

/** Element and attribute names: the ones our parsers look for, plus a few that nothing knows. */
export const NAMES = [
  'sid',
  'action',
  'id',
  'initiator',
  'responder',
  'creator',
  'name',
  'senders',
  'media',
  'type',
  'port',
  'priority',
  'component',
  'generation',
  'ip',
  'protocol',
  'ufrag',
  'pwd',
  'hash',
  'setup',
  'ssrc',
  'stamp',
  'node',
  'ver',
  'jingle',
  'content',
  'description',
  'transport',
  'candidate',
  'propose',
  'proceed',
  'retract',
  'reason',
  'error',
  'x-fuzz',
] as const;

export const NAMESPACES = [
  NS_JINGLE_1,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_RTP_1,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_DTLS_0,
  NS_JINGLE_RTP_INFO_1,
  NS_DELAY,
  NS_STANZAS,
  'jabber:client',
  'http://jabber.org/protocol/disco#info',
  'urn:xmpp:jingle:1 ',
  'URN:XMPP:JINGLE:1',
  '',
  'urn:fuzz',
] as const;

/** XML 1.0 Char production: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlSafe = (s: string) => s.replace(NOT_XML_CHAR, '\uFFFD');

const SPECIAL = [
  '',
  ' ',
  '0',
  '-1',
  '4294967296',
  '18446744073709551616',
  '1e309',
  'NaN',
  '0x7fffffff',
  '999999999999999999999999999999',
  'true',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'session-initiate',
  'session-accept',
  'session-terminate',
  'transport-info',
  'content-add',
  'security-info',
  'both',
  'none',
  'initiator',
  'responder',
  'audio',
  'video',
  'application',
  'actpass',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '&amp;lt;',
  ']]>',
  '\u202egnp.exe',
  '\u200b\u200b',
  'Ω≈ç√∫˜µ≤',
  '😀👍🏽👨‍👩‍👧',
  '\uFFFD',
  'a\nb\rc\td',
  '../../etc/passwd',
  'javascript:alert(1)',
  '2099-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  'not-a-date',
  'juliet@capulet.lit/balcony',
  'alice@localhost',
  'bob@localhost/web',
  'localhost',
  'bridge.localhost',
  '@',
  '/',
  'a@b@c/d',
  JID_OF_CONTEXT,
];

export const valueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map(xmlSafe) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(xmlSafe) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('a', '€', '<', '😀'), fc.integer({ min: 100, max: 20_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);
