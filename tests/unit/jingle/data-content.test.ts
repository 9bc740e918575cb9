// The XEP-0343 data content (docs/sdp-mapping.md, "The data content"): the form we send, checked with
// StanzaJS 12.22.1's own Jingle -> SDP code, and every form we accept. Issue #9 defect 1: our old
// <description media='application'/> made StanzaJS write an RTP m-line that Chromium refuses.
import { readFileSync } from 'node:fs';
import { parse as parseXml } from 'ltx';
import { describe, expect, test } from 'vitest';
import { jingleToSdp, sdpToJingle } from '../../../src/jingle/index.js';
import { stanzaJingleToSdp, stanzaSdpToIq } from './stanzajs.js';

const sdp = (name: string): string => readFileSync(`tests/fixtures/sdp/${name}`, 'utf8');
const OFFER = 'chromium156-audio-video-data-offer.sdp';
const ANSWER = 'chromium156-audio-video-data-answer.sdp';
const FP = 'BA:1E:10:C8:FB:F0:55:00:45:6D:A8:3E:23:E6:C1:A5:52:0A:02:2E:06:43:BF:FE:22:60:DF:2D:46:C0:89:2E';
const q = (xml: string): string => xml.replaceAll("'", '"');

/** The lines of the m=application section of an SDP. */
const dataSection = (text: string): string[] => {
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const start = lines.findIndex((l) => l.startsWith('m=application'));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('m='));
  return lines.slice(start, end < 0 ? undefined : end);
};

/** Our session-initiate for Chromium's audio+video+data offer, as an <iq> on the wire. */
const ourInitiate = (): string => {
  const jingle = sdpToJingle(sdp(OFFER), { role: 'initiator' });
  jingle.attrs['action'] = 'session-initiate';
  jingle.attrs['initiator'] = 'alice@example.org/web';
  jingle.attrs['sid'] = 'sid1';
  return `<iq xmlns='jabber:client' type='set' id='i1' from='alice@example.org/web' to='bob@example.org/stanza'>${jingle.toString()}</iq>`;
};

describe('the data content we send', () => {
  test('no <description>: the ICE-UDP transport with the fingerprint and <sctpmap/>', () => {
    const content = sdpToJingle(sdp(OFFER), { role: 'initiator' }).getChildren('content')[2];
    expect(content?.toString()).toBe(
      q(
        `<content creator='initiator' name='2' senders='both'>` +
          `<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='gG2j' pwd='Vi9J2k2ktIh2odNMBjKJSpBq'>` +
          `<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>${FP}</fingerprint>` +
          `<trickle xmlns='http://gultsch.de/xmpp/drafts/jingle/transports/ice-udp/option'/>` +
          `<sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='0'/>` +
          `<sdp xmlns='urn:xmpp:jingle-bridge:sdp:0'><attribute name='extmap-allow-mixed'/><max-message-size value='262144'/></sdp>` +
          `</transport></content>`,
      ),
    );
  });

  test("StanzaJS's converter turns our session-initiate into the SCTP m-line Chromium accepts", () => {
    expect(dataSection(stanzaJingleToSdp(ourInitiate(), 'initiator'))).toEqual([
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      'a=sctp-port:5000',
      'a=mid:2',
      'a=ice-ufrag:gG2j',
      'a=ice-pwd:Vi9J2k2ktIh2odNMBjKJSpBq',
      'a=setup:actpass',
      `a=fingerprint:sha-256 ${FP}`,
    ]);
  });

  test('the form we sent before (an RTP description) is what StanzaJS made an RTP m-line of', () => {
    const old = ourInitiate().replace(
      '<content creator="initiator" name="2" senders="both">',
      "<content creator='initiator' name='2' senders='both'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='application'/>",
    );
    expect(dataSection(stanzaJingleToSdp(old, 'initiator'))[0]).toBe(
      'm=application 9 UDP/TLS/RTP/SAVPF webrtc-datachannel',
    );
  });
});

describe('every data content form we accept', () => {
  const tr = (sctpmap: string): string =>
    `<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u1' pwd='pwdpwdpwdpwdpwdpwdpwdpwd'>` +
    `<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>AB:CD</fingerprint>${sctpmap}</transport>`;
  const SCTPMAP = `<sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel'/>`;
  const MODERN = [
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:u1',
    'a=ice-pwd:pwdpwdpwdpwdpwdpwdpwdpwd',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 AB:CD',
    'a=setup:actpass',
    'a=mid:d',
    'a=sendrecv',
    'a=sctp-port:5000',
  ];
  test.each([
    { form: 'no description, <sctpmap> without streams (StanzaJS)', content: tr(SCTPMAP) },
    {
      form: "no description, streams='0' (lib-jitsi-meet, and what we send)",
      content: tr(SCTPMAP.replace('/>', " streams='0'/>")),
    },
    {
      form: "an RTP description media='application' (what we sent before)",
      content: `<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='application'/>${tr(SCTPMAP)}`,
    },
    {
      form: "a non-RTP description (XEP-0343 Example 1's file transfer)",
      content: `<description xmlns='urn:xmpp:jingle:apps:file-transfer:3'/>${tr(SCTPMAP)}`,
    },
    {
      form: "port= instead of number= (XEP-0343 §4.2's table)",
      content: tr(
        `<sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' port='5000' protocol='webrtc-datachannel'/>`,
      ),
    },
    {
      form: 'no protocol (it can only be webrtc-datachannel)',
      content: tr(`<sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000'/>`),
    },
  ])('$form', ({ content }) => {
    const xml = `<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'><content creator='initiator' name='d'>${content}</content></jingle>`;
    expect(dataSection(jingleToSdp(parseXml(xml), { role: 'initiator' }))).toEqual(MODERN);
  });

  test("StanzaJS's own session-accept: its data content becomes our data section", () => {
    const iq = stanzaSdpToIq(sdp(ANSWER), 'responder', {
      action: 'session-accept',
      sid: 'sid1',
      id: 'a1',
      from: 'bob@example.org/stanza',
      to: 'alice@example.org/web',
    });
    expect(dataSection(jingleToSdp(parseXml(iq), { role: 'responder' }))).toEqual([
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      'a=ice-ufrag:ZQsO',
      'a=ice-pwd:dHf+vLw0m+SidPkZk2yNlXyK',
      'a=ice-options:trickle',
      'a=fingerprint:sha-256 2E:60:A1:C3:07:32:77:CB:99:B3:B3:1F:BF:3E:75:4E:B0:FF:93:E5:5C:D2:14:53:B8:79:69:DD:73:F2:7A:BA',
      'a=setup:active',
      'a=mid:2',
      'a=sendrecv',
      'a=sctp-port:5000',
    ]);
  });
});
