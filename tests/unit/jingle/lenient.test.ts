// Lenient input (docs/reference/xep-rules.md §16.14, §17): every XEP example and real-client stanza that
// holds Jingle media translates to SDP, and the result is pinned by a golden file.
// Regenerate the goldens with: UPDATE_GOLDEN=1 npx vitest run tests/unit/jingle/lenient.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'sdp-transform';
import { parse as parseXml } from 'ltx';
import { candidatesFromJingle, jingleToSdp } from '../../../src/jingle/index.js';
import { stanzaSdpToIq } from './stanzajs.js';
import { lenientCorpus } from './stanzas.js';

const GOLDEN = 'tests/fixtures/golden/';
const update = process.env['UPDATE_GOLDEN'] === '1';

describe('jingleToSdp on every XEP example and interop stanza', () => {
  for (const { name, el } of lenientCorpus()) {
    test(`${name} translates to the golden SDP`, () => {
      // The initiator wrote session-initiate; for everything else the role only picks the setup default.
      const sdp = jingleToSdp(el, { role: 'initiator' });
      const file = `${GOLDEN}${name}.sdp`;
      if (update || !existsSync(file)) writeFileSync(file, sdp);
      expect(sdp).toBe(readFileSync(file, 'utf8'));
      // Every line is well-formed and sdp-transform finds nothing it cannot read.
      for (const line of sdp.slice(0, -2).split('\r\n')) expect(line).toMatch(/^[a-z]=[^\r\n]*$/);
      const parsed = parse(sdp);
      expect([parsed.invalid ?? [], ...parsed.media.map((m) => m.invalid ?? [])].flat()).toEqual([]);
    });
    // transport-info and transport fragments carry no media: their candidates are pinned instead.
    const cands = candidatesFromJingle(el);
    if (cands.length > 0) {
      test(`${name} yields the golden trickle candidates`, () => {
        const text = cands.map((c) => `${c.sdpMid} ${c.usernameFragment} a=${c.candidate}`).join('\n') + '\n';
        const file = `${GOLDEN}${name}.candidates`;
        if (update || !existsSync(file)) writeFileSync(file, text);
        expect(text).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});

// The leniency rules of docs/sdp-mapping.md that repair a real client's shape, each on that exact shape.
const STANZA_ACCEPT = 'tests/fixtures/interop/stanzajs-session-accept-fid.xml';
const CNAME = 'a=ssrc:597403586 cname:E5IHOapbO9rgYPS3';

/** The lines of the section whose a=mid is `mid`. */
const sectionOf = (sdp: string, mid: string): string[] => {
  const sections = sdp.split(/\r\nm=/).map((s) => s.split('\r\n'));
  return sections.find((lines) => lines.includes(`a=mid:${mid}`)) ?? [];
};
const ssrcLines = (lines: string[]): string[] => lines.filter((l) => /^a=ssrc(-group)?:/.test(l));

describe("StanzaJS 12.22.1's session-accept (issue #9)", () => {
  test("the fixture is what StanzaJS writes for Chromium 156's answer", () => {
    const iq = stanzaSdpToIq(
      readFileSync('tests/fixtures/sdp/chromium156-audio-video-data-answer.sdp', 'utf8'),
      'responder',
      {
        action: 'session-accept',
        sid: 'a73sjjvkla37jfea',
        id: 'b1c2d3e4',
        from: 'bob@example.org/stanza',
        to: 'alice@example.org/web',
      },
    );
    expect(`${iq}\n`).toBe(readFileSync(STANZA_ACCEPT, 'utf8'));
  });

  test("its FID group names an rtx ssrc without <source>: the ssrc gets the primary's cname", () => {
    const sdp = jingleToSdp(parseXml(readFileSync(STANZA_ACCEPT, 'utf8')), { role: 'responder' });
    expect(ssrcLines(sectionOf(sdp, '1'))).toEqual([
      CNAME,
      'a=ssrc-group:FID 597403586 4029074915',
      'a=ssrc:4029074915 cname:E5IHOapbO9rgYPS3',
    ]);
  });

  test('its prefixed <rtcpf:rtcp-fb/>, <rtph:rtp-hdrext/>, value-less <parameter/> and <stream/> are read', () => {
    const audio = sectionOf(
      jingleToSdp(parseXml(readFileSync(STANZA_ACCEPT, 'utf8')), { role: 'responder' }),
      '0',
    );
    expect(audio.filter((l) => /^a=(rtcp-fb|extmap|fmtp:63|msid)/.test(l))).toEqual([
      'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
      'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
      'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
      'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
      'a=msid:305c9e68-7725-45e2-ba83-b392ab369687 33160f71-769c-472d-9efb-2a6e1ad2ee16',
      'a=rtcp-fb:111 transport-cc',
      'a=fmtp:63 111/111',
    ]);
  });
});

describe('incomplete <ssrc-group> (XEP-0339): repaired from its primary, or dropped', () => {
  const SSMA = "xmlns='urn:xmpp:jingle:apps:rtp:ssma:0'";
  const src = (ssrc: string, params: Record<string, string>): string =>
    `<source ${SSMA} ssrc='${ssrc}'>${Object.entries(params)
      .map(([n, v]) => `<parameter name='${n}' value='${v}'/>`)
      .join('')}</source>`;
  const group = (sem: string, ...ids: string[]): string =>
    `<ssrc-group ${SSMA} semantics='${sem}'>${ids.map((i) => `<source ssrc='${i}'/>`).join('')}</ssrc-group>`;
  const lines = (children: string): string[] => {
    const xml = `<jingle xmlns='urn:xmpp:jingle:1'><content creator='initiator' name='v'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'><payload-type id='96' name='VP8' clockrate='90000'/>${children}</description><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'/></content></jingle>`;
    return ssrcLines(jingleToSdp(parseXml(xml), { role: 'responder' }).split('\r\n'));
  };
  test.each([
    {
      rule: 'a complete group is left as it is',
      children: src('1', { cname: 'c' }) + src('2', { cname: 'c' }) + group('FID', '1', '2'),
      expected: ['a=ssrc:1 cname:c', 'a=ssrc:2 cname:c', 'a=ssrc-group:FID 1 2'],
    },
    {
      rule: 'the missing ssrc gets cname and msid, not other parameters',
      children: src('1', { cname: 'c', msid: 's t', label: 'l' }) + group('FID', '1', '2'),
      expected: [
        'a=ssrc:1 cname:c',
        'a=ssrc:1 msid:s t',
        'a=ssrc:1 label:l',
        'a=ssrc-group:FID 1 2',
        'a=ssrc:2 cname:c',
        'a=ssrc:2 msid:s t',
      ],
    },
    {
      rule: 'the group may come before its sources (any order, XEP-0167 §4)',
      children: group('FID', '1', '2') + src('1', { cname: 'c' }),
      expected: ['a=ssrc-group:FID 1 2', 'a=ssrc:1 cname:c', 'a=ssrc:2 cname:c'],
    },
    {
      rule: 'every missing member of a SIM group is filled in, once',
      children: src('1', { cname: 'c' }) + group('SIM', '1', '2', '3') + group('FID', '2', '4'),
      expected: [
        'a=ssrc:1 cname:c',
        'a=ssrc-group:SIM 1 2 3',
        'a=ssrc-group:FID 2 4',
        'a=ssrc:2 cname:c',
        'a=ssrc:3 cname:c',
        'a=ssrc:4 cname:c',
      ],
    },
    {
      rule: 'a primary without <source> drops the group',
      children: src('2', { cname: 'c' }) + group('FID', '1', '2'),
      expected: ['a=ssrc:2 cname:c'],
    },
    {
      rule: 'a primary with neither cname nor msid drops the group',
      children: src('1', { label: 'l' }) + group('FID', '1', '2'),
      expected: ['a=ssrc:1 label:l'],
    },
  ])('$rule', ({ children, expected }) => {
    expect(lines(children)).toEqual(expected);
  });
});

describe("StanzaJS's <stream/> msid", () => {
  const desc = (children: string): string[] => {
    const xml = `<jingle xmlns='urn:xmpp:jingle:1'><content creator='initiator' name='a'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'><payload-type id='0'/>${children}</description><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'/></content></jingle>`;
    return jingleToSdp(parseXml(xml), { role: 'initiator' })
      .split('\r\n')
      .filter((l) => l.startsWith('a=msid:'));
  };
  const STREAM = "<stream xmlns='urn:xmpp:jingle:apps:rtp:msid:0' id='s-1' track='t-1'/>";
  test.each([
    { shape: 'alone: becomes a=msid', children: STREAM, expected: ['a=msid:s-1 t-1'] },
    {
      shape: 'our own <msid/> wins',
      children: `${STREAM}<sdp xmlns='urn:xmpp:jingle-bridge:sdp:0'><msid value='ours t'/></sdp>`,
      expected: ['a=msid:ours t'],
    },
    {
      shape: 'outside the msid grammar (Firefox {uuid}): skipped',
      children: "<stream xmlns='urn:xmpp:jingle:apps:rtp:msid:0' id='{abc}' track='t'/>",
      expected: [],
    },
    {
      shape: 'without id: skipped',
      children: "<stream xmlns='urn:xmpp:jingle:apps:rtp:msid:0' track='t'/>",
      expected: [],
    },
    {
      shape: 'in another namespace: ignored',
      children: "<stream xmlns='urn:example' id='s' track='t'/>",
      expected: [],
    },
  ])('$shape', ({ children, expected }) => {
    expect(desc(children)).toEqual(expected);
  });
});
