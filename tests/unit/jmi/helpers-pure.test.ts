import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseInitiation,
  compareOctets,
  formatStamp,
  offersDataChannel,
  parseStamp,
  requiredFeatures,
  winsTieBreak,
} from '../../../src/jingle/jmi/index.js';

const JMI = 'urn:xmpp:jingle-message:0';
const AUDIO_OK = requiredFeatures(['audio']);

describe('chooseInitiation (JMI vs direct session-initiate)', () => {
  const cases: [
    string,
    Parameters<typeof chooseInitiation>[1],
    Parameters<typeof chooseInitiation>[2],
    unknown,
  ][] = [
    [
      'JMI when any resource advertises it',
      [
        { jid: 'b@x/1', features: [] },
        { jid: 'b@x/2', features: [JMI] },
      ],
      ['audio'],
      { method: 'jmi', to: 'b@x' },
    ],
    [
      'direct to the first capable resource otherwise',
      [
        { jid: 'b@x/1', features: ['urn:xmpp:jingle:1'] },
        { jid: 'b@x/2', features: AUDIO_OK },
        { jid: 'b@x/3', features: AUDIO_OK },
      ],
      ['audio'],
      { method: 'session-initiate', to: 'b@x/2' },
    ],
    [
      'video needs the video feature',
      [{ jid: 'b@x/2', features: AUDIO_OK }],
      ['audio', 'video'],
      { method: 'unsupported', missing: ['urn:xmpp:jingle:apps:rtp:video'] },
    ],
    ['nothing online', [], ['audio'], { method: 'unsupported', missing: AUDIO_OK }],
  ];
  it.each(cases)('%s', (_, resources, media, expected) => {
    expect(chooseInitiation('b@x/whatever', resources, media)).toEqual(expected);
  });

  it('requires jingle, rtp, ice-udp, dtls and the media features', () => {
    expect(requiredFeatures(['audio', 'video'])).toEqual([
      'urn:xmpp:jingle:1',
      'urn:xmpp:jingle:apps:rtp:1',
      'urn:xmpp:jingle:transports:ice-udp:1',
      'urn:xmpp:jingle:apps:dtls:0',
      'urn:xmpp:jingle:apps:rtp:audio',
      'urn:xmpp:jingle:apps:rtp:video',
    ]);
  });
});

describe('offersDataChannel (XEP-0343 only to devices that take it)', () => {
  const SCTP = 'urn:xmpp:jingle:transports:dtls-sctp:1';
  const ours = [...AUDIO_OK, JMI, SCTP];
  // Conversations 2.x advertises JMI and RTP calls but no dtls-sctp (docs/reference/deployed-clients.md §2).
  const conversations = [...AUDIO_OK, JMI];
  const cases: [string, Parameters<typeof offersDataChannel>[1], boolean][] = [
    ['JMI, every device takes data', [{ jid: 'b@x/web', features: ours }], true],
    [
      'JMI, one ringing device does not (Conversations would end the call: security-error)',
      [
        { jid: 'b@x/web', features: ours },
        { jid: 'b@x/phone', features: conversations },
      ],
      false,
    ],
    [
      'JMI, a device without JMI does not ring, so it does not count',
      [
        { jid: 'b@x/web', features: ours },
        { jid: 'b@x/bot', features: [] },
      ],
      true,
    ],
    ['direct, the chosen resource takes data', [{ jid: 'b@x/1', features: [...AUDIO_OK, SCTP] }], true],
    ['direct, the chosen resource does not (Dino)', [{ jid: 'b@x/1', features: AUDIO_OK }], false],
    ['nothing online', [], false],
  ];
  it.each(cases)('%s', (_, resources, expected) => {
    const choice = chooseInitiation('b@x', resources, ['audio']);
    expect(offersDataChannel(choice, resources)).toBe(expected);
  });
});

describe('tie-break order (XEP-0353 §4.1, i;octet)', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['ab', 'a', 1],
    ['same', 'same', 0],
    // UTF-16 puts U+FF61 after U+1F600's surrogates; UTF-8 bytes (EF BD A1 < F0 9F 98 80) do not.
    ['\uff61', '\u{1f600}', -1],
  ])('compareOctets(%j, %j) = %i', (a, b, expected) => {
    expect(compareOctets(a, b)).toEqual(expected);
  });

  it('exactly one of two different proposals wins, decided by id and then by JID', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (ia, ib, ja, jb) => {
        fc.pre(ia !== ib || ja !== jb);
        const a = { id: ia, from: ja };
        const b = { id: ib, from: jb };
        expect(winsTieBreak(a, b)).toEqual(!winsTieBreak(b, a));
      }),
    );
    expect(winsTieBreak({ id: 'x', from: 'a@x/1' }, { id: 'x', from: 'b@x/1' })).toEqual(true);
  });
});

describe('XEP-0082 stamps', () => {
  it.each([
    ['2026-11-26T07:00:00Z', Date.UTC(2026, 10, 26, 7)],
    ['2026-11-26T08:30:00.5+01:30', Date.UTC(2026, 10, 26, 7, 0, 0, 500)],
    ['2026-11-26T07:00:00', undefined],
    ['2026-13-01T00:00:00Z', undefined],
    ['yesterday', undefined],
  ])('parseStamp(%j)', (s, expected) => {
    expect(parseStamp(s)).toEqual(expected);
  });

  it('parseStamp . formatStamp = identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(parseStamp(formatStamp(ms))).toEqual(ms);
      }),
    );
  });
});
