// One test per row of the mapping table (docs/sdp-mapping.md, jingle-requirements.md §10), both
// directions: the SDP lines of a row become exactly the Jingle children given, and those children
// become exactly those SDP lines again (boilerplate every section gets is stripped first).
import { describe, expect, test } from 'vitest';
import { parse as parseXml, type Element } from 'ltx';
import fc from 'fast-check';
import { directionOf, jingleToSdp, sdpToJingle, sendersOf } from '../../../src/jingle/index.js';

interface Row {
  row: string;
  /** m= line (without port) when the row needs other payloads or media. */
  m?: string;
  sdp: string[];
  description: string;
  transport: string;
  senders?: string;
  /** <transport> attributes beyond xmlns (a=ice-ufrag / a=ice-pwd). */
  ice?: { ufrag: string; pwd: string };
}

const D = "xmlns='urn:xmpp:jingle:apps:rtp:1'";
const OURS = "xmlns='urn:xmpp:jingle-bridge:sdp:0'";
const FB = "xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0'";
const HDR = "xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'";
const SSMA = "xmlns='urn:xmpp:jingle:apps:rtp:ssma:0'";
const ICE = "xmlns='urn:xmpp:jingle:transports:ice-udp:1'";
const OPUS = "<payload-type id='111' name='opus' clockrate='48000' channels='2'/>";
const OPUS_LINE = 'a=rtpmap:111 opus/48000/2';

export const ROWS: Row[] = [
  { row: 'a=rtpmap <-> <payload-type>', sdp: [OPUS_LINE], description: OPUS, transport: '' },
  {
    row: 'static payload type without rtpmap',
    m: 'audio RTP/AVP 0 8',
    sdp: [],
    description: "<payload-type id='0'/><payload-type id='8'/>",
    transport: '',
  },
  {
    row: 'a=fmtp name=value pairs <-> <parameter>',
    sdp: [OPUS_LINE, 'a=fmtp:111 minptime=10;useinbandfec=1'],
    description: `<payload-type id='111' name='opus' clockrate='48000' channels='2'><parameter name='minptime' value='10'/><parameter name='useinbandfec' value='1'/></payload-type>`,
    transport: '',
  },
  {
    row: 'value-only a=fmtp <-> nameless <parameter>',
    m: 'audio RTP/AVP 126',
    sdp: ['a=rtpmap:126 telephone-event/8000', 'a=fmtp:126 0-15'],
    description: `<payload-type id='126' name='telephone-event' clockrate='8000'><parameter name='' value='0-15'/></payload-type>`,
    transport: '',
  },
  {
    row: 'a=ptime/a=maxptime <-> payload-type@ptime/@maxptime',
    sdp: [OPUS_LINE, 'a=ptime:20', 'a=maxptime:60'],
    description: `<payload-type id='111' ptime='20' maxptime='60' name='opus' clockrate='48000' channels='2'/>`,
    transport: '',
  },
  {
    row: 'a=rtcp-fb per payload type, wildcard and trr-int',
    m: 'video RTP/AVPF 96',
    sdp: [
      'a=rtpmap:96 VP8/90000',
      'a=rtcp-fb:96 nack',
      'a=rtcp-fb:96 nack pli',
      'a=rtcp-fb:96 trr-int 100',
      'a=rtcp-fb:* ccm fir',
      'a=rtcp-fb:* trr-int 50',
    ],
    description: `<payload-type id='96' name='VP8' clockrate='90000'><rtcp-fb ${FB} type='nack'/><rtcp-fb ${FB} type='nack' subtype='pli'/><rtcp-fb-trr-int ${FB} value='100'/></payload-type><rtcp-fb ${FB} type='ccm' subtype='fir'/><rtcp-fb-trr-int ${FB} value='50'/>`,
    transport: '',
  },
  {
    row: 'a=extmap with direction <-> <rtp-hdrext> + our <extmap direction>; extmap-allow-mixed',
    sdp: [
      'a=extmap:1/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level',
      'a=extmap:2 urn:x:y cfg',
      'a=extmap-allow-mixed',
      OPUS_LINE,
    ],
    description: `${OPUS}<rtp-hdrext ${HDR} id='1' uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/><rtp-hdrext ${HDR} id='2' uri='urn:x:y'><parameter name='cfg'/></rtp-hdrext><extmap-allow-mixed ${HDR}/><sdp ${OURS}><extmap id='1' direction='sendonly'/></sdp>`,
    transport: '',
  },
  {
    row: 'a=ssrc and a=ssrc-group (FID, SIM) <-> <source>/<ssrc-group>',
    m: 'video RTP/AVP 96',
    sdp: [
      'a=rtpmap:96 VP8/90000',
      'a=ssrc-group:SIM 1 2',
      'a=ssrc-group:FID 1 3',
      'a=ssrc:1 cname:c',
      'a=ssrc:1 msid:s t',
      'a=ssrc:2 cname:c',
      'a=ssrc:3 cname:c',
    ],
    description: `<payload-type id='96' name='VP8' clockrate='90000'/><ssrc-group ${SSMA} semantics='SIM'><source ssrc='1'/><source ssrc='2'/></ssrc-group><ssrc-group ${SSMA} semantics='FID'><source ssrc='1'/><source ssrc='3'/></ssrc-group><source ${SSMA} ssrc='1'><parameter name='cname' value='c'/><parameter name='msid' value='s t'/></source><source ${SSMA} ssrc='2'><parameter name='cname' value='c'/></source><source ${SSMA} ssrc='3'><parameter name='cname' value='c'/></source>`,
    transport: '',
  },
  {
    row: 'media-level a=msid, a=rtcp-rsize, b=AS',
    sdp: ['b=AS:500', 'a=msid:stream track', 'a=rtcp-rsize', OPUS_LINE],
    description: `${OPUS}<bandwidth type='AS'>500</bandwidth><sdp ${OURS}><msid value='stream track'/><rtcp-rsize/></sdp>`,
    transport: '',
  },
  {
    row: 'a=rtcp-mux <-> <rtcp-mux/>',
    sdp: ['a=rtcp-mux', OPUS_LINE],
    description: `${OPUS}<rtcp-mux/>`,
    transport: '',
  },
  {
    row: 'a=rid and a=simulcast <-> our <rid>/<simulcast>',
    m: 'video RTP/AVP 96',
    sdp: ['a=rtpmap:96 VP8/90000', 'a=rid:h send max-width=1280', 'a=rid:l send', 'a=simulcast:send h;l'],
    description: `<payload-type id='96' name='VP8' clockrate='90000'/><sdp ${OURS}><rid id='h' direction='send' params='max-width=1280'/><rid id='l' direction='send'/><simulcast value='send h;l'/></sdp>`,
    transport: '',
  },
  {
    row: 'unmapped a= lines travel verbatim in our <attribute>',
    sdp: [OPUS_LINE, 'a=framerate:30', 'a=x-unknown:a b  c'],
    description: `${OPUS}<sdp ${OURS}><attribute name='framerate' value='30'/><attribute name='x-unknown' value='a b  c'/></sdp>`,
    transport: '',
  },
  {
    row: 'a=crypto <-> <encryption><crypto/>',
    m: 'audio RTP/SAVP 111',
    sdp: ['a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc|2^20|1:32', OPUS_LINE],
    description: `${OPUS}<encryption><crypto tag='1' crypto-suite='AES_CM_128_HMAC_SHA1_80' key-params='inline:abc|2^20|1:32'/></encryption>`,
    transport: '',
  },
  {
    row: 'ice-ufrag/pwd, ice-options, fingerprint + setup',
    m: 'audio UDP/TLS/RTP/SAVPF 111',
    ice: { ufrag: 'uf', pwd: 'pw' },
    sdp: [
      'a=ice-ufrag:uf',
      'a=ice-pwd:pw',
      'a=ice-options:trickle renomination x-opt',
      'a=fingerprint:sha-256 AB:CD',
      'a=setup:passive',
      OPUS_LINE,
    ],
    description: OPUS,
    transport: `<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='passive'>AB:CD</fingerprint><trickle xmlns='http://gultsch.de/xmpp/drafts/jingle/transports/ice-udp/option'/><renomination xmlns='http://gultsch.de/xmpp/drafts/jingle/transports/ice-udp/option'/><sdp ${OURS}><ice-option value='x-opt'/></sdp>`,
  },
  {
    row: 'a=candidate <-> <candidate> (network-id <-> network, network-cost in ours)',
    sdp: [
      OPUS_LINE,
      'a=candidate:7 1 udp 1686052607 1.2.3.4 5000 typ srflx raddr 10.0.0.1 rport 6000 generation 1 network-id 2 network-cost 10',
      'a=end-of-candidates',
    ],
    description: OPUS,
    transport: `<candidate foundation='7' component='1' protocol='udp' priority='1686052607' ip='1.2.3.4' port='5000' type='srflx' generation='1' id='c188c01a6' rel-addr='10.0.0.1' rel-port='6000' network='2' xmlns:jb='urn:xmpp:jingle-bridge:sdp:0' jb:network-cost='10'/><sdp ${OURS}><end-of-candidates/></sdp>`,
  },
  {
    row: 'a=remote-candidates <-> <remote-candidate>',
    sdp: [OPUS_LINE, 'a=remote-candidates:1 1.2.3.4 5000'],
    description: OPUS,
    transport: `<remote-candidate component='1' ip='1.2.3.4' port='5000'/>`,
  },
  {
    row: 'a=sctp-port + a=max-message-size <-> <sctpmap streams=0> + our <max-message-size>',
    m: 'application UDP/DTLS/SCTP webrtc-datachannel',
    sdp: ['a=sctp-port:5000', 'a=max-message-size:262144'],
    description: '',
    transport: `<sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='0'/><sdp ${OURS}><max-message-size value='262144'/></sdp>`,
  },
  {
    row: 'legacy a=sctpmap <-> <sctpmap> + our <legacy-sctpmap>',
    m: 'application DTLS/SCTP 5000',
    sdp: ['a=sctpmap:5000 webrtc-datachannel 1024'],
    description: '',
    transport: `<sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='1024'/><sdp ${OURS}><legacy-sctpmap/></sdp>`,
  },
  {
    row: 'a=sendonly by the initiator <-> senders=initiator',
    sdp: ['a=sendonly', OPUS_LINE],
    description: OPUS,
    transport: '',
    senders: 'initiator',
  },
  {
    row: 'a=recvonly by the initiator <-> senders=responder',
    sdp: ['a=recvonly', OPUS_LINE],
    description: OPUS,
    transport: '',
    senders: 'responder',
  },
  {
    row: 'a=inactive <-> senders=none',
    sdp: ['a=inactive', OPUS_LINE],
    description: OPUS,
    transport: '',
    senders: 'none',
  },
];

/** What every generated section carries anyway (jingle-requirements.md §10.2). */
const BOILERPLATE =
  /^(v=|o=|s=|t=|m=|c=IN IP4 0\.0\.0\.0$|a=rtcp:9 IN IP4 0\.0\.0\.0$|a=ice-options:trickle$|a=mid:0$|a=sendrecv$|a=rtcp-mux$|a=group:)/;

const sdpOf = (r: Row): string =>
  [
    'v=0',
    'o=- 1 2 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    `m=${(r.m ?? 'audio RTP/AVP 111').replace(' ', ' 9 ')}`,
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    ...r.sdp,
    '',
  ].join('\r\n');

const inner = (el: Element | undefined): string =>
  el === undefined ? '' : el.children.map((c) => c.toString()).join('');
/** ltx writes double quotes; the rows are easier to read with single ones. */
const q = (xml: string): string => xml.replaceAll("'", '"');
const isDirection = (l: string): boolean => /^a=(sendonly|recvonly|inactive)$/.test(l);

describe('mapping rows, SDP -> Jingle', () => {
  for (const r of ROWS) {
    test(r.row, () => {
      const content = sdpToJingle(sdpOf(r), { role: 'initiator' }).getChild('content') as Element;
      expect(content.attrs).toEqual({ creator: 'initiator', name: '0', senders: r.senders ?? 'both' });
      expect(inner(content.getChild('description'))).toBe(q(r.description));
      expect(inner(content.getChild('transport'))).toBe(q(r.transport));
      expect(content.getChild('transport')?.attrs).toEqual({
        xmlns: 'urn:xmpp:jingle:transports:ice-udp:1',
        ...r.ice,
      });
    });
  }
});

describe('mapping rows, Jingle -> SDP', () => {
  for (const r of ROWS) {
    test(r.row, () => {
      const media = (r.m ?? 'audio').split(' ')[0];
      const xml = `<jingle xmlns='urn:xmpp:jingle:1'><content creator='initiator' name='0' senders='${r.senders ?? 'both'}'><description ${D} media='${media}'>${r.description}</description><transport ${ICE}${r.ice ? ` ufrag='${r.ice.ufrag}' pwd='${r.ice.pwd}'` : ''}>${r.transport}</transport></content></jingle>`;
      const lines = jingleToSdp(parseXml(xml), { role: 'initiator' })
        .split('\r\n')
        .filter((l) => l !== '' && !BOILERPLATE.test(l));
      const expected = r.sdp.filter((l) => !isDirection(l) && !BOILERPLATE.test(l));
      // A row's lines come back in the generator's canonical order; compare as the whole sorted list.
      expect(lines.filter((l) => !isDirection(l)).sort()).toEqual([...expected].sort());
      expect(lines.filter(isDirection)).toEqual(r.sdp.filter(isDirection));
    });
  }
});

describe('session-level rows', () => {
  test('RTP sections always get a=rtcp-mux (browsers require it), data sections never', () => {
    const xml = `<jingle xmlns='urn:xmpp:jingle:1'><content creator='initiator' name='a'><description ${D} media='audio'><payload-type id='0'/></description></content><content creator='initiator' name='d'><transport ${ICE}><sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='0'/></transport></content></jingle>`;
    const lines = jingleToSdp(parseXml(xml), { role: 'initiator', sessionId: '1' }).split('\r\n');
    expect(lines).toEqual([
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'm=audio 9 RTP/AVP 0',
      'c=IN IP4 0.0.0.0',
      'a=rtcp:9 IN IP4 0.0.0.0',
      'a=ice-options:trickle',
      'a=mid:a',
      'a=sendrecv',
      'a=rtcp-mux',
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      'a=ice-options:trickle',
      'a=mid:d',
      'a=sendrecv',
      'a=sctp-port:5000',
      '',
    ]);
  });
  test('a=group:BUNDLE <-> <group semantics=BUNDLE> under <jingle>; BUNDLE implies rtcp-mux', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'a=group:BUNDLE a b',
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:a',
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:b',
      '',
    ].join('\r\n');
    const j = sdpToJingle(sdp, { role: 'initiator' });
    expect(j.getChild('group')?.toString()).toBe(
      q(
        `<group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'><content name='a'/><content name='b'/></group>`,
      ),
    );
    const out = jingleToSdp(j, { role: 'initiator', sessionId: '42', sessionVersion: 7 });
    expect(out.split('\r\n').filter((l) => /^(o=|a=group|a=rtcp-mux|a=mid)/.test(l))).toEqual([
      'o=- 42 7 IN IP4 0.0.0.0',
      'a=group:BUNDLE a b',
      'a=mid:a',
      'a=rtcp-mux',
      'a=mid:b',
      'a=rtcp-mux',
    ]);
  });
  test('session-level fingerprint, setup, ice credentials and extmap-allow-mixed are copied into every content', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'a=fingerprint:sha-256 AA',
      'a=setup:actpass',
      'a=ice-ufrag:u',
      'a=ice-pwd:p',
      'a=extmap-allow-mixed',
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:a',
      'm=video 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:b',
      '',
    ].join('\r\n');
    const contents = sdpToJingle(sdp, { role: 'initiator' }).getChildren('content');
    expect(contents.map((c) => c.toString())).toEqual(
      ['a', 'b'].map((n, i) =>
        q(
          `<content creator='initiator' name='${n}' senders='both'><description ${D} media='${['audio', 'video'][i]}'><payload-type id='0'/><extmap-allow-mixed ${HDR}/></description><transport ${ICE} ufrag='u' pwd='p'><fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>AA</fingerprint></transport></content>`,
        ),
      ),
    );
  });
  test('session-level unmapped lines ride on the first content and come back at session level', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      'i=info',
      'b=AS:10',
      't=0 0',
      'a=ice-lite',
      'a=msid-semantic: WMS *',
      'm=audio 9 RTP/AVP 0',
      'a=mid:a',
      '',
    ].join('\r\n');
    const j = sdpToJingle(sdp, { role: 'initiator' });
    expect(j.getChild('content')?.getChild('description')?.getChild('sdp')?.toString()).toBe(
      q(
        `<sdp ${OURS}><line type='i' value='info' level='session'/><bandwidth type='AS' value='10' level='session'/><attribute name='ice-lite' level='session'/><attribute name='msid-semantic' value=' WMS *' level='session'/></sdp>`,
      ),
    );
    expect(jingleToSdp(j, { role: 'initiator', sessionId: '1' }).split('\r\n').slice(0, 8)).toEqual([
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      'i=info',
      'b=AS:10',
      't=0 0',
      'a=ice-lite',
      'a=msid-semantic: WMS *',
    ]);
  });
  test('port 0: bundle-only keeps a=bundle-only, otherwise the section is marked rejected', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'm=audio 0 RTP/AVP 0',
      'a=mid:a',
      'a=bundle-only',
      'm=video 0 RTP/AVP 0',
      'a=mid:b',
      '',
    ].join('\r\n');
    const j = sdpToJingle(sdp, { role: 'initiator' });
    expect(
      j.getChildren('content').map((c) => c.getChild('description')?.getChild('sdp')?.toString()),
    ).toEqual([q(`<sdp ${OURS}><bundle-only/></sdp>`), q(`<sdp ${OURS}><rejected/></sdp>`)]);
    const out = jingleToSdp(j, { role: 'initiator' }).split('\r\n');
    expect(out.filter((l) => /^(m=|a=bundle-only)/.test(l))).toEqual([
      'm=audio 0 RTP/AVP 0',
      'a=bundle-only',
      'm=video 0 RTP/AVP 0',
    ]);
  });
  test('a missing setup is actpass from the initiator and active from the responder', () => {
    const xml = `<jingle xmlns='urn:xmpp:jingle:1'><content creator='initiator' name='0'><description ${D} media='audio'/><transport ${ICE}><fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'> AB:CD\n</fingerprint></transport></content></jingle>`;
    const pick = (role: 'initiator' | 'responder'): string[] =>
      jingleToSdp(parseXml(xml), { role })
        .split('\r\n')
        .filter((l) => /^a=(setup|fingerprint)/.test(l));
    expect(pick('initiator')).toEqual(['a=fingerprint:sha-256 AB:CD', 'a=setup:actpass']);
    expect(pick('responder')).toEqual(['a=fingerprint:sha-256 AB:CD', 'a=setup:active']);
  });
});

describe('senders <-> direction (jingle-requirements.md §10.1)', () => {
  test('the table, author = initiator | responder', () => {
    const dirs = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;
    expect(dirs.map((d) => [sendersOf(d, 'initiator'), sendersOf(d, 'responder')])).toEqual([
      ['both', 'both'],
      ['initiator', 'responder'],
      ['responder', 'initiator'],
      ['none', 'none'],
    ]);
    expect(sendersOf(undefined, 'responder')).toBe('both');
  });
  test('directionOf inverts sendersOf for the same author, and flips send/recv for the other one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sendrecv', 'sendonly', 'recvonly', 'inactive'),
        fc.constantFrom('initiator', 'responder'),
        (d, r) => {
          const other = r === 'initiator' ? 'responder' : 'initiator';
          const flipped = {
            sendrecv: 'sendrecv',
            sendonly: 'recvonly',
            recvonly: 'sendonly',
            inactive: 'inactive',
          }[d];
          expect([directionOf(sendersOf(d, r), r), directionOf(sendersOf(d, r), other)]).toEqual([
            d,
            flipped,
          ]);
        },
      ),
    );
  });
});
