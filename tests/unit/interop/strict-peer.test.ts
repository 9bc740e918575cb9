// The Conversations checks of tests/support/strict-peer.ts on real Chromium 156 SDP turned into Jingle by
// our translator: for each rule one stanza it accepts and one it refuses, with the whole violation list.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { sdpToJingle } from '../../../src/jingle/sdp/index.js';
import {
  conversationsAcceptsSessionAccept,
  conversationsAcceptsSessionInitiate,
  conversationsAcceptsTransportInfo,
} from '../../support/strict-peer.js';

const sdp = (name: string) => readFileSync(`tests/fixtures/sdp/${name}`, 'utf8');
const FP = 'BA:1E:10:C8:FB:F0:55:00:45:6D:A8:3E:23:E6:C1:A5:52:0A:02:2E:06:43:BF:FE:22:60:DF:2D:46:C0:89:2E';

/** The audio+video+data offer that broke calls to Conversations: data content '2' included. */
const withData = () => sdpToJingle(sdp('chromium156-audio-video-data-offer.sdp'), { role: 'initiator' });
const answerWithData = () =>
  sdpToJingle(sdp('chromium156-audio-video-data-answer.sdp'), { role: 'responder' });

/** The same session without content `name` (and its BUNDLE entry). */
function drop(jingle: Element, name: string): Element {
  jingle.children = jingle.children.filter((c) => typeof c === 'string' || c.attrs['name'] !== name);
  for (const g of jingle.getChildren('group'))
    g.children = g.children.filter((c) => typeof c === 'string' || c.attrs['name'] !== name);
  return jingle;
}
const content = (j: Element, name: string) =>
  j.getChildren('content').find((c) => c.attrs['name'] === name) as Element;
const transport = (j: Element, name: string) => content(j, name).getChild('transport') as Element;
const fingerprint = (j: Element, name: string) => transport(j, name).getChild('fingerprint') as Element;
/** Runs `f` on the stanza and returns it (table rows build their input in one expression). */
const edit = (j: Element, f: (j: Element) => void): Element => (f(j), j);

const av = () => drop(withData(), '2');
const avAnswer = () => drop(answerWithData(), '2');
/** The candidates offer (udp + tcp host candidates), audio+video. */
const avWithCandidates = (keepTcpCandidates: boolean) =>
  drop(sdpToJingle(sdp('chromium156-candidates-offer.sdp'), { role: 'initiator', keepTcpCandidates }), '2');

interface Row {
  rule: string;
  name: string;
  jingle: () => Element;
  proposed: readonly string[];
  expected: string[];
}

const AV = ['audio', 'video'] as const;
const initiateRows: Row[] = [
  { rule: '1', name: 'audio+video contents', jingle: av, proposed: AV, expected: [] },
  {
    rule: '1',
    name: 'no content',
    jingle: () => drop(drop(av(), '0'), '1'),
    proposed: [],
    expected: ['contents: no <content> at all'],
  },
  {
    rule: '1',
    name: 'a content without description (also unknown media)',
    jingle: () => edit(av(), (j) => content(j, '1').remove('description')),
    proposed: AV,
    expected: [
      "contents: content '1' has no RTP <description>",
      "media: contents have {audio, unknown} but the JMI propose had {audio, video}: content '1' is without description (unknown); no content for video",
    ],
  },
  {
    rule: '2',
    name: 'initiator setup not actpass, a fingerprint missing',
    jingle: () =>
      edit(av(), (j) => {
        fingerprint(j, '0').attrs['setup'] = 'active';
        transport(j, '1').remove('fingerprint');
      }),
    proposed: AV,
    expected: [
      "dtls: content '0': initiator setup is 'active', not 'actpass'",
      "dtls: content '1' has no <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0'>",
    ],
  },
  {
    rule: '2',
    name: 'fingerprint without hash, value and setup',
    jingle: () =>
      edit(av(), (j) => {
        for (const n of ['0', '1']) {
          const fp = fingerprint(j, n);
          fp.attrs = { xmlns: fp.attrs['xmlns'] as string };
          fp.children = [];
        }
      }),
    proposed: AV,
    expected: ['0', '1'].flatMap((n) => [
      `dtls: content '${n}': fingerprint without hash`,
      `dtls: content '${n}': fingerprint without value`,
      `dtls: content '${n}': fingerprint without setup`,
    ]),
  },
  {
    rule: '1, 3',
    name: 'a data content: no description (Conversations terminates), media unknown (security-error)',
    jingle: withData,
    proposed: AV,
    expected: [
      "contents: content '2' has no RTP <description>",
      "media: contents have {audio, unknown, video} but the JMI propose had {audio, video}: content '2' is without description (unknown)",
    ],
  },
  {
    rule: '3',
    name: 'audio-only propose, then audio+video',
    jingle: av,
    proposed: ['audio'],
    expected: [
      "media: contents have {audio, video} but the JMI propose had {audio}: content '1' is video (video)",
    ],
  },
  {
    rule: '4',
    name: 'a different fingerprint in one content',
    jingle: () => edit(av(), (j) => (fingerprint(j, '1').children = ['AA:BB'])),
    proposed: AV,
    expected: [
      `same-dtls: 2 distinct DTLS parameters (content '0': setup=actpass sha-256 ${FP} | content '1': setup=actpass sha-256 AA:BB)`,
    ],
  },
  {
    rule: '4',
    name: 'a different ufrag in one content',
    jingle: () => edit(av(), (j) => (transport(j, '1').attrs['ufrag'] = 'other')),
    proposed: AV,
    expected: [
      "ice-credentials: 2 distinct ufrag/pwd pairs (content '0': gG2j/Vi9J2k2ktIh2odNMBjKJSpBq | content '1': other/Vi9J2k2ktIh2odNMBjKJSpBq)",
    ],
  },
  {
    rule: '5',
    name: 'udp candidates inside',
    jingle: () => avWithCandidates(false),
    proposed: AV,
    expected: [],
  },
  {
    rule: '5',
    name: 'tcp candidates, whitespace in an attribute',
    jingle: () =>
      edit(avWithCandidates(true), (j) => {
        const udp = transport(j, '0').getChildren('candidate')[0] as Element;
        udp.attrs['foundation'] = '947147501 x';
      }),
    proposed: AV,
    expected: [
      "candidates: content '0' candidate 'cf4014e6b': foundation=\"947147501 x\" contains whitespace",
      "candidates: content '0' candidate 'c9a32ea37': protocol 'tcp' is not udp",
      "candidates: content '1' candidate 'cadfa81aa': protocol 'tcp' is not udp",
    ],
  },
];

describe('conversationsAcceptsSessionInitiate', () => {
  it.each(initiateRows)('rule $rule: $name', ({ jingle, proposed, expected }) => {
    expect(conversationsAcceptsSessionInitiate(jingle(), proposed)).toEqual(expected);
  });

  it('takes the <iq> around the <jingle> too', () => {
    const iq = new Element('iq', { type: 'set' });
    iq.cnode(av());
    expect(conversationsAcceptsSessionInitiate(iq, AV)).toEqual([]);
  });

  it('property: the media rule fires exactly when the proposed set is not {audio, video}', () => {
    const known = (m: string) => (m === 'audio' || m === 'video' ? m : 'unknown');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('audio', 'video', 'application', 'text', '')), (proposed) => {
        const set = [...new Set(proposed.map(known))].sort().join();
        const out = conversationsAcceptsSessionInitiate(av(), proposed);
        expect(out.length === 0).toBe(set === 'audio,video');
        expect(out.every((v) => v.startsWith('media: '))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

const acceptRows: Array<Omit<Row, 'proposed'> & { initiate: () => Element }> = [
  { rule: '1-5', name: 'a Chromium answer', jingle: avAnswer, initiate: av, expected: [] },
  {
    rule: '1',
    name: 'no content',
    jingle: () => drop(drop(avAnswer(), '0'), '1'),
    initiate: () => drop(drop(av(), '0'), '1'),
    expected: ['contents: no <content> at all'],
  },
  {
    rule: '2',
    name: 'an answer with actpass (docs/reference/deployed-clients.md §3.2)',
    jingle: () => edit(avAnswer(), (j) => (fingerprint(j, '0').attrs['setup'] = 'actpass')),
    initiate: av,
    expected: [
      "dtls: content '0': responder setup is 'actpass', not active or passive",
      "same-dtls: 2 distinct DTLS parameters (content '0': setup=actpass | content '1': setup=active)",
    ],
  },
  {
    rule: '1, 3',
    name: 'the answer keeps a data content the offer did not have',
    jingle: answerWithData,
    initiate: av,
    expected: [
      "contents: content '2' has no RTP <description>",
      "media: contents have {audio, unknown, video} but the session-initiate had {audio, video}: content '2' is without description (unknown)",
    ],
  },
  {
    rule: '4',
    name: 'active in one content, passive in the other',
    jingle: () => edit(avAnswer(), (j) => (fingerprint(j, '1').attrs['setup'] = 'passive')),
    initiate: av,
    expected: [
      "same-dtls: 2 distinct DTLS parameters (content '0': setup=active | content '1': setup=passive)",
    ],
  },
];

describe('conversationsAcceptsSessionAccept', () => {
  it.each(acceptRows)('rule $rule: $name', ({ jingle, initiate, expected }) => {
    expect(conversationsAcceptsSessionAccept(jingle(), initiate())).toEqual(expected);
  });
});

describe('conversationsAcceptsTransportInfo', () => {
  it.each([
    { keepTcp: false, expected: [] },
    {
      keepTcp: true,
      expected: [
        "candidates: content '0' candidate 'c9a32ea37': protocol 'tcp' is not udp",
        "candidates: content '1' candidate 'cadfa81aa': protocol 'tcp' is not udp",
      ],
    },
  ])('tcp candidates kept: $keepTcp', ({ keepTcp, expected }) => {
    expect(conversationsAcceptsTransportInfo(avWithCandidates(keepTcp))).toEqual(expected);
  });
});
