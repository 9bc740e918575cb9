// THE SDP <-> Jingle mapping table (docs/sdp-mapping.md is its prose). One row per Jingle element:
// the XEP section that defines it, the sdp-transform keys it owns, both conversion functions and
// wire examples. The functions live in the per-XEP files (xml/xepNNNN.ts, xml/ice.ts, and
// xml/bridge.ts for our namespace); this file only lines them up:
// - toJingle.ts runs every row's `toJingle` in table order, which is the order of the children it
//   writes (XEP-0167 §4 allows any order; ours keeps one so the output is stable);
// - toSdp.ts looks a child of <description> or of our <sdp/> container up by its name in the
//   readers the rows declare (two rows may not claim one element: checked below);
// - MAPPED (the sdp-transform keys no row leaves to the verbatim container) is derived from `keys`;
// - tests/unit/jingle/rows.test.ts runs every example in both directions, and checks that
//   docs/sdp-mapping.md names every row.
import type { Element } from '../ltx.js';
import type { MediaDescription, SessionDescription } from 'sdp-transform';
import { NS_JINGLE_BRIDGE_SDP_0, NS_JINGLE_RTP_1, NS_STANZA_MSID_0 } from '../ns.js';
import {
  attributeToSdp,
  bandwidthLineToSdp,
  bundleOnlyToSdp,
  bundleOnlyToXml,
  endOfCandidatesToSdp,
  iceOptionToSdp,
  legacySctpmapToSdp,
  lineToSdp,
  maxMessageSizeToSdp,
  msidToSdp,
  msidToXml,
  portToXml,
  protoToSdp,
  protoToXml,
  rejectedToSdp,
  ridToSdp,
  ridsToXml,
  rtcpRsizeToSdp,
  rtcpRsizeToXml,
  simulcastToSdp,
  simulcastToXml,
  unmappedToXml,
} from '../xml/bridge.js';
import { transportToXml } from '../xml/ice.js';
import { streamToSdp } from '../xml/stanza-msid.js';
import {
  bandwidthToSdp,
  bandwidthsToXml,
  cryptoToXml,
  encryptionToSdp,
  payloadTypeToSdp,
  payloadTypesToXml,
  rtcpMuxToXml,
} from '../xml/xep0167.js';
import { rtcpFbToXml, wildcardFeedbackToSdp } from '../xml/xep0293.js';
import { allowMixedToXml, extmapToSdp, hdrextToSdp, hdrextToXml } from '../xml/xep0294.js';
import { groupsToXml } from '../xml/xep0338.js';
import { repairSsrcGroups, sourceToSdp, ssmaToXml, ssrcGroupToSdp } from '../xml/xep0339.js';
import type { Section, SessionExtras } from '../xml/section.js';
import { sendersOf } from './senders.js';
import type { Role } from '../constants.js';

export type Media = MediaDescription & Record<string, unknown>;

/** One m-section on its way to a <content>: what the rows read and the elements they fill. */
export interface ContentDraft {
  readonly m: Media;
  readonly index: number;
  /** a=mid, or the section's index when it has none (normalization N4). */
  readonly name: string;
  readonly role: Role;
  readonly isData: boolean;
  /** A data content whose transport carries <sctpmap> has no <description> (docs/sdp-mapping.md). */
  readonly hasDescription: boolean;
  readonly content: Element;
  desc: Element | undefined;
  /** Our <sdp/> container, created on first use. */
  ours(): Element;
  /** Whether ours was created. */
  hasOurs(): boolean;
  /** An a= line that names a payload type not on the m-line: kept verbatim in ours. */
  orphan(body: string): void;
  /** The <payload-type>s by id, for the rtcp-fb row (XEP-0293 puts feedback inside them). */
  pts: Map<string, Element>;
  /** The SDP's session level, on the first content only (its unmapped lines ride there). */
  readonly session: Record<string, unknown> | undefined;
  readonly sessionMapped: ReadonlySet<string>;
  readonly keepTcpCandidates: boolean;
  /** Candidate ids used so far in this session (XEP-0176 §4: unique per session). */
  readonly ids: Set<string>;
}

/** Where a Jingle child's SDP lines go while one <content> is read. */
export interface SdpTarget {
  readonly sec: Section;
  readonly session: SessionExtras;
  /** Our containers, read after the whole <description> and <transport> (toSdp.ts section()). */
  readonly boxes: Element[];
}
export type Reader = (el: Element, at: SdpTarget) => void;

/**
 * One row's wire example, one m-section: `m` is the m= line without port (default
 * `audio RTP/AVP 111`), `sdp` the section's lines after a=mid:0, and `description` / `transport`
 * the children of <description> / <transport> (single quotes). `readOnly`: Jingle -> SDP only.
 */
export interface RowExample {
  readonly name: string;
  readonly m?: string;
  readonly port?: 0 | 9;
  readonly sdp: readonly string[];
  readonly description: string;
  readonly transport: string;
  readonly senders?: string;
  /** <transport> attributes beyond xmlns (a=ice-ufrag / a=ice-pwd). */
  readonly ice?: { readonly ufrag: string; readonly pwd: string };
  readonly readOnly?: boolean;
}

export interface Row {
  /** The Jingle element(s), as the XEP writes them. */
  element: string;
  /** Where the element is defined: a XEP section, or docs/sdp-mapping.md for our namespace. */
  spec: string;
  /** sdp-transform keys of the m-section this row consumes. */
  keys: readonly string[];
  toJingle?: (d: ContentDraft) => void;
  /** Readers by element name: children of <description>, of our <sdp/> container, or of <content>. */
  toSdp: {
    description?: Readonly<Record<string, Reader>>;
    container?: Readonly<Record<string, Reader>>;
    /** Runs once the whole <description> was read (XEP-0339 repairs its groups then). */
    afterDescription?: (sec: Section) => void;
  };
}

const OURS = "xmlns='urn:xmpp:jingle-bridge:sdp:0'";
const FB = "xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0'";
const HDR = "xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'";
const SSMA = "xmlns='urn:xmpp:jingle:apps:rtp:ssma:0'";
const OPUS = "<payload-type id='111' name='opus' clockrate='48000' channels='2'/>";
const OPUS_LINE = 'a=rtpmap:111 opus/48000/2';

/** Media-level rows, in the order their children are written. */
export const rows = {
  // a=mid:0 + a=sendonly (by the initiator)   <content name='0' senders='initiator'>
  content: {
    element: '<content name senders>, <description media>',
    spec: 'XEP-0166 §7.3, XEP-0338 §2 (name = mid), XEP-0167 §4 (media)',
    // c= and a=rtcp carry nothing for ICE (RFC 8839 §5.1): written fresh on the way back.
    keys: ['type', 'mid', 'direction', 'connection', 'rtcp'],
    toJingle: (d) => {
      // creator is the offerer, i.e. the initiator for a session-initiate and its answer
      // (XEP-0166 §7.3); a responder's content-add sets it itself.
      d.content.attrs['name'] = d.name;
      d.content.attrs['senders'] = sendersOf(d.m.direction, d.role);
      if (d.hasDescription)
        d.desc = d.content.c('description', { xmlns: NS_JINGLE_RTP_1, media: String(d.m.type) });
    },
    // Read by toSdp.ts section() itself: every other row's lines hang below the m= line.
    toSdp: {},
  },
  // a=rtpmap:111 opus/48000/2   <payload-type id='111' name='opus' clockrate='48000' channels='2'/>
  payloadType: {
    element: '<payload-type>',
    spec: 'XEP-0167 §4',
    keys: ['payloads', 'rtp', 'fmtp', 'ptime', 'maxptime'],
    toJingle: inRtpDescription((desc, d) => {
      d.pts = payloadTypesToXml(d.m, desc, (b) => d.orphan(b));
    }),
    toSdp: { description: { 'payload-type': (el, at) => payloadTypeToSdp(el, at.sec) } },
  },
  // a=rtcp-fb:96 nack pli   <rtcp-fb type='nack' subtype='pli'/> (in payload-type 96)
  rtcpFb: {
    element: '<rtcp-fb>, <rtcp-fb-trr-int>',
    spec: 'XEP-0293 §3, §5',
    keys: ['rtcpFb', 'rtcpFbTrrInt'],
    toJingle: inRtpDescription((desc, d) => rtcpFbToXml(d.m, desc, d.pts, (b) => d.orphan(b))),
    // Inside a <payload-type> they are read by payloadTypeToSdp.
    toSdp: {
      description: {
        'rtcp-fb': (el, at) => wildcardFeedbackToSdp(el, at.sec),
        'rtcp-fb-trr-int': (el, at) => wildcardFeedbackToSdp(el, at.sec),
      },
    },
  },
  // a=extmap:1/sendonly urn:…   <rtp-hdrext id='1' uri='urn:…'/> + ours <extmap id='1' direction='sendonly'/>
  hdrext: {
    element: '<rtp-hdrext>, <extmap-allow-mixed>; ours <extmap direction>',
    spec: 'XEP-0294 §3, §5',
    keys: ['ext', 'extmapAllowMixed'],
    toJingle: (d) => {
      const desc = rtpDesc(d);
      if (desc !== undefined) hdrextToXml(d.m, desc, () => d.ours());
      else allowMixedToXml(d.m, d.desc, () => d.ours());
    },
    toSdp: {
      description: {
        'rtp-hdrext': (el, at) => hdrextToSdp(el, at.sec),
        'extmap-allow-mixed': (_el, at) => void at.sec.attrs.push('a=extmap-allow-mixed'),
      },
      container: { extmap: (el, at) => extmapToSdp(el.attrs as Record<string, unknown>, at.sec) },
    },
  },
  // a=rtcp-mux   <rtcp-mux/>
  rtcpMux: {
    element: '<rtcp-mux/>',
    spec: 'XEP-0167 §5',
    keys: ['rtcpMux'],
    toJingle: inRtpDescription((desc, d) => rtcpMuxToXml(d.m, desc)),
    toSdp: { description: { 'rtcp-mux': (_el, at) => void (at.sec.rtcpMux = true) } },
  },
  // a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:…   <encryption><crypto tag='1' crypto-suite='…' key-params='inline:…'/></encryption>
  crypto: {
    element: '<encryption><crypto/>',
    spec: 'XEP-0167 §7',
    keys: ['crypto'],
    toJingle: inRtpDescription((desc, d) => cryptoToXml(d.m, desc)),
    toSdp: { description: { encryption: (el, at) => encryptionToSdp(el, at.sec) } },
  },
  // a=ssrc:1 cname:c   <source ssrc='1'><parameter name='cname' value='c'/></source>
  ssma: {
    element: '<source>, <ssrc-group>',
    spec: 'XEP-0339 §3',
    keys: ['ssrcs', 'ssrcGroups'],
    toJingle: inRtpDescription((desc, d) => ssmaToXml(d.m, desc)),
    toSdp: {
      description: {
        source: (el, at) => sourceToSdp(el, at.sec),
        'ssrc-group': (el, at) => ssrcGroupToSdp(el, at.sec),
      },
      afterDescription: repairSsrcGroups,
    },
  },
  // m=audio 0 …   ours <rejected/> (or <bundle-only/> with a=bundle-only)
  port: {
    element: 'ours <bundle-only/>, <rejected/> (port 0)',
    spec: 'docs/sdp-mapping.md (RFC 8843 §6, RFC 8866 §5.14)',
    keys: ['port'],
    toJingle: (d) => portToXml(d.m, () => d.ours()),
    toSdp: {
      container: {
        'bundle-only': (el, at) => bundleOnlyToSdp(el, at.sec),
        rejected: (el, at) => rejectedToSdp(el, at.sec),
      },
    },
  },
  // m=audio 9 RTP/SAVPF …   ours <proto value='RTP/SAVPF'/> (only when not the derived proto)
  proto: {
    element: 'ours <proto/>',
    spec: 'docs/sdp-mapping.md (derived proto)',
    keys: ['protocol'],
    toJingle: (d) => protoToXml(d.m, d.isData, () => d.ours()),
    toSdp: { container: { proto: (el, at) => protoToSdp(el, at.sec) } },
  },
  // b=AS:500   <bandwidth type='AS'>500</bandwidth>; a second b= line: ours <bandwidth type value/>
  bandwidth: {
    element: '<bandwidth>; ours <bandwidth> for the others',
    spec: 'XEP-0167 §4',
    keys: ['bandwidth'],
    toJingle: (d) => bandwidthsToXml(d.m, d.desc, d.isData, () => d.ours()),
    toSdp: {
      description: { bandwidth: (el, at) => bandwidthToSdp(el, at.sec) },
      container: { bandwidth: (el, at) => bandwidthLineToSdp(el, at.sec, at.session) },
    },
  },
  // a=msid:stream track   ours <msid value='stream track'/>
  msid: oursRow('msid', 'docs/sdp-mapping.md (RFC 8830)', 'msid', msidToXml, msidToSdp),
  // a=rid:h send max-width=1280   ours <rid id='h' direction='send' params='max-width=1280'/>
  rid: oursRow('rid', 'docs/sdp-mapping.md (RFC 8851)', 'rids', ridsToXml, ridToSdp),
  // a=simulcast:send h;l   ours <simulcast value='send h;l'/>
  simulcast: oursRow(
    'simulcast',
    'docs/sdp-mapping.md (RFC 8853)',
    'simulcast',
    simulcastToXml,
    simulcastToSdp,
  ),
  // a=rtcp-rsize   ours <rtcp-rsize/>
  rtcpRsize: oursRow(
    'rtcp-rsize',
    'docs/sdp-mapping.md (RFC 5506)',
    'rtcpRsize',
    rtcpRsizeToXml,
    rtcpRsizeToSdp,
  ),
  // a=bundle-only (port 9)   ours <bundle-only/>
  bundleOnly: {
    element: 'ours <bundle-only/> (port not 0)',
    spec: 'docs/sdp-mapping.md (RFC 8843 §6)',
    keys: ['bundleOnly'],
    toJingle: (d) => bundleOnlyToXml(d.m, () => d.ours()),
    // Read back by the port row's reader: a bundle-only section is written with port 0 (RFC 8843 §6).
    toSdp: {},
  },
  // a=framerate:30   ours <attribute name='framerate' value='30'/>
  unmapped: {
    element: 'ours <sdp/> with <attribute/>, <line/>',
    spec: 'docs/sdp-mapping.md (lossless rule)',
    // Everything the other rows leave: kept verbatim (sdp-transform's own grammar renders it back).
    keys: [],
    toJingle: (d) => {
      const ours = (): Element => d.ours();
      if (d.session !== undefined) unmappedToXml(d.session, d.sessionMapped, ours, 'session');
      unmappedToXml(d.m, MAPPED, ours);
      // Our container goes last, after every XEP child; a data content's goes on in <transport>.
      if (d.hasOurs() && d.desc !== undefined) d.desc.cnode(d.ours());
    },
    toSdp: {
      description: {
        sdp: (el, at) => {
          if (el.attrs['xmlns'] === NS_JINGLE_BRIDGE_SDP_0) at.boxes.push(el);
        },
      },
      container: {
        attribute: (el, at) => attributeToSdp(el, at.sec, at.session),
        line: (el, at) => lineToSdp(el, at.sec, at.session),
      },
    },
  },
  // a=ice-ufrag:uf a=ice-pwd:pw a=candidate:…   <transport ufrag='uf' pwd='pw'><candidate …/></transport>
  transport: {
    element: '<transport> with <candidate>, <remote-candidate>, <fingerprint>, <sctpmap>',
    spec: 'XEP-0176 §4, XEP-0320 §3, XEP-0343 §3 (rows in xml/ice.ts, xep0176.ts, xep0320.ts, xep0343.ts)',
    keys: [
      'iceUfrag',
      'icePwd',
      'iceOptions',
      'fingerprint',
      'setup',
      'candidates',
      'endOfCandidates',
      'remoteCandidates',
      'sctpmap',
      'sctpPort',
      'maxMessageSize',
    ],
    toJingle: (d) => {
      const o = { mid: d.name, isData: d.isData, keepTcpCandidates: d.keepTcpCandidates, ids: d.ids };
      d.content.cnode(transportToXml(d.m, d.desc === undefined && d.hasOurs() ? { ...o, box: d.ours() } : o));
    },
    // The <transport> itself is read by xml/ice.ts transportToSdp (toSdp.ts section()).
    toSdp: {
      container: {
        'end-of-candidates': (el, at) => endOfCandidatesToSdp(el, at.sec),
        'ice-option': (el, at) => iceOptionToSdp(el, at.sec),
        'max-message-size': (el, at) => maxMessageSizeToSdp(el, at.sec),
        'legacy-sctpmap': (el, at) => legacySctpmapToSdp(el, at.sec),
      },
    },
  },
  // (none)   <stream xmlns='urn:xmpp:jingle:apps:rtp:msid:0' id='s' track='t'/> -> a=msid:s t
  stanzaMsid: {
    element: "StanzaJS's <stream/> (read only)",
    spec: 'docs/sdp-mapping.md (leniency: RFC 8830 §2)',
    keys: [],
    toSdp: {
      description: {
        stream: (el, at) => {
          if (el.attrs['xmlns'] === NS_STANZA_MSID_0) streamToSdp(el, at.sec);
        },
      },
    },
  },
} satisfies Record<string, Row>;

export type RowName = keyof typeof rows;

/**
 * The wire examples of every media row (tests/unit/jingle/rows.test.ts runs each in both directions).
 * Kept beside `rows` rather than inside it, and behind a function, so that a browser bundle of the
 * translator, which never reads them, leaves them out (bench/bundle-size.ts: esbuild keeps a table
 * of template strings, it drops an unused function); the type makes every row have at least one.
 */
export function rowExamples() {
  const RID_SIMULCAST: RowExample = {
    name: 'a=rid and a=simulcast <-> our <rid>/<simulcast>',
    m: 'video RTP/AVP 96',
    sdp: ['a=rtpmap:96 VP8/90000', 'a=rid:h send max-width=1280', 'a=rid:l send', 'a=simulcast:send h;l'],
    description: `<payload-type id='96' name='VP8' clockrate='90000'/><sdp ${OURS}><rid id='h' direction='send' params='max-width=1280'/><rid id='l' direction='send'/><simulcast value='send h;l'/></sdp>`,
    transport: '',
  };
  return {
    content: [
      {
        name: 'a=sendonly by the initiator <-> senders=initiator',
        sdp: ['a=sendonly', OPUS_LINE],
        description: OPUS,
        transport: '',
        senders: 'initiator',
      },
      {
        name: 'a=recvonly by the initiator <-> senders=responder',
        sdp: ['a=recvonly', OPUS_LINE],
        description: OPUS,
        transport: '',
        senders: 'responder',
      },
      {
        name: 'a=inactive <-> senders=none',
        sdp: ['a=inactive', OPUS_LINE],
        description: OPUS,
        transport: '',
        senders: 'none',
      },
    ],
    payloadType: [
      { name: 'a=rtpmap <-> <payload-type>', sdp: [OPUS_LINE], description: OPUS, transport: '' },
      {
        name: 'static payload type without rtpmap',
        m: 'audio RTP/AVP 0 8',
        sdp: [],
        description: "<payload-type id='0'/><payload-type id='8'/>",
        transport: '',
      },
      {
        name: 'a=fmtp name=value pairs <-> <parameter>',
        sdp: [OPUS_LINE, 'a=fmtp:111 minptime=10;useinbandfec=1'],
        description: `<payload-type id='111' name='opus' clockrate='48000' channels='2'><parameter name='minptime' value='10'/><parameter name='useinbandfec' value='1'/></payload-type>`,
        transport: '',
      },
      {
        name: 'value-only a=fmtp <-> nameless <parameter>',
        m: 'audio RTP/AVP 126',
        sdp: ['a=rtpmap:126 telephone-event/8000', 'a=fmtp:126 0-15'],
        description: `<payload-type id='126' name='telephone-event' clockrate='8000'><parameter name='' value='0-15'/></payload-type>`,
        transport: '',
      },
      {
        name: 'a=ptime/a=maxptime <-> payload-type@ptime/@maxptime',
        sdp: [OPUS_LINE, 'a=ptime:20', 'a=maxptime:60'],
        description: `<payload-type id='111' ptime='20' maxptime='60' name='opus' clockrate='48000' channels='2'/>`,
        transport: '',
      },
    ],
    rtcpFb: [
      {
        name: 'a=rtcp-fb per payload type, wildcard and trr-int',
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
    ],
    hdrext: [
      {
        name: 'a=extmap with direction <-> <rtp-hdrext> + our <extmap direction>; extmap-allow-mixed',
        sdp: [
          'a=extmap:1/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level',
          'a=extmap:2 urn:x:y cfg',
          'a=extmap-allow-mixed',
          OPUS_LINE,
        ],
        description: `${OPUS}<rtp-hdrext ${HDR} id='1' uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/><rtp-hdrext ${HDR} id='2' uri='urn:x:y'><parameter name='cfg'/></rtp-hdrext><extmap-allow-mixed ${HDR}/><sdp ${OURS}><extmap id='1' direction='sendonly'/></sdp>`,
        transport: '',
      },
    ],
    rtcpMux: [
      {
        name: 'a=rtcp-mux <-> <rtcp-mux/>',
        sdp: ['a=rtcp-mux', OPUS_LINE],
        description: `${OPUS}<rtcp-mux/>`,
        transport: '',
      },
    ],
    crypto: [
      {
        name: 'a=crypto <-> <encryption><crypto/>',
        m: 'audio RTP/SAVP 111',
        sdp: ['a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc|2^20|1:32', OPUS_LINE],
        description: `${OPUS}<encryption><crypto tag='1' crypto-suite='AES_CM_128_HMAC_SHA1_80' key-params='inline:abc|2^20|1:32'/></encryption>`,
        transport: '',
      },
    ],
    ssma: [
      {
        name: 'a=ssrc and a=ssrc-group (FID, SIM) <-> <source>/<ssrc-group>',
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
    ],
    port: [
      {
        name: 'port 0 without bundle-only <-> our <rejected/>',
        port: 0,
        sdp: [OPUS_LINE],
        description: `${OPUS}<sdp ${OURS}><rejected/></sdp>`,
        transport: '',
      },
      {
        name: 'port 0 with a=bundle-only <-> our <bundle-only/>',
        port: 0,
        sdp: ['a=bundle-only', OPUS_LINE],
        description: `${OPUS}<sdp ${OURS}><bundle-only/></sdp>`,
        transport: '',
      },
    ],
    proto: [
      {
        name: 'a proto other than the derived one travels in our <proto/>',
        m: 'audio RTP/SAVPF 111',
        sdp: [OPUS_LINE],
        description: `${OPUS}<sdp ${OURS}><proto value='RTP/SAVPF'/></sdp>`,
        transport: '',
      },
    ],
    bandwidth: [
      {
        name: 'the first b= line <-> <bandwidth>, a second one in ours',
        sdp: ['b=AS:500', 'b=TIAS:64000', OPUS_LINE],
        description: `${OPUS}<bandwidth type='AS'>500</bandwidth><sdp ${OURS}><bandwidth type='TIAS' value='64000'/></sdp>`,
        transport: '',
      },
    ],
    msid: [
      {
        name: 'media-level a=msid, a=rtcp-rsize, b=AS',
        sdp: ['b=AS:500', 'a=msid:stream track', 'a=rtcp-rsize', OPUS_LINE],
        description: `${OPUS}<bandwidth type='AS'>500</bandwidth><sdp ${OURS}><msid value='stream track'/><rtcp-rsize/></sdp>`,
        transport: '',
      },
    ],
    rid: [RID_SIMULCAST],
    simulcast: [RID_SIMULCAST],
    rtcpRsize: [
      {
        name: 'a=rtcp-rsize <-> our <rtcp-rsize/>',
        sdp: ['a=rtcp-rsize', OPUS_LINE],
        description: `${OPUS}<sdp ${OURS}><rtcp-rsize/></sdp>`,
        transport: '',
      },
    ],
    bundleOnly: [
      {
        name: 'a=bundle-only at a non-zero port <-> our <bundle-only/>',
        sdp: ['a=bundle-only', OPUS_LINE],
        description: `${OPUS}<sdp ${OURS}><bundle-only/></sdp>`,
        transport: '',
      },
    ],
    unmapped: [
      {
        name: 'unmapped a= lines travel verbatim in our <attribute>',
        sdp: [OPUS_LINE, 'a=framerate:30', 'a=x-unknown:a b  c'],
        description: `${OPUS}<sdp ${OURS}><attribute name='framerate' value='30'/><attribute name='x-unknown' value='a b  c'/></sdp>`,
        transport: '',
      },
    ],
    transport: [
      {
        name: 'ice-ufrag/pwd, ice-options, fingerprint + setup',
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
        name: 'a=candidate <-> <candidate> (network-id <-> network, network-cost in ours)',
        sdp: [
          OPUS_LINE,
          'a=candidate:7 1 udp 1686052607 1.2.3.4 5000 typ srflx raddr 10.0.0.1 rport 6000 generation 1 network-id 2 network-cost 10',
          'a=end-of-candidates',
        ],
        description: OPUS,
        transport: `<candidate foundation='7' component='1' protocol='udp' priority='1686052607' ip='1.2.3.4' port='5000' type='srflx' generation='1' id='c188c01a6' rel-addr='10.0.0.1' rel-port='6000' network='2' xmlns:jb='urn:xmpp:jingle-bridge:sdp:0' jb:network-cost='10'/><sdp ${OURS}><end-of-candidates/></sdp>`,
      },
      {
        name: 'a=remote-candidates <-> <remote-candidate>',
        sdp: [OPUS_LINE, 'a=remote-candidates:1 1.2.3.4 5000'],
        description: OPUS,
        transport: `<remote-candidate component='1' ip='1.2.3.4' port='5000'/>`,
      },
      {
        name: 'a=sctp-port + a=max-message-size <-> <sctpmap streams=0> + our <max-message-size>',
        m: 'application UDP/DTLS/SCTP webrtc-datachannel',
        sdp: ['a=sctp-port:5000', 'a=max-message-size:262144'],
        description: '',
        transport: `<sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='0'/><sdp ${OURS}><max-message-size value='262144'/></sdp>`,
      },
      {
        name: 'legacy a=sctpmap <-> <sctpmap> + our <legacy-sctpmap>',
        m: 'application DTLS/SCTP 5000',
        sdp: ['a=sctpmap:5000 webrtc-datachannel 1024'],
        description: '',
        transport: `<sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='1024'/><sdp ${OURS}><legacy-sctpmap/></sdp>`,
      },
    ],
    stanzaMsid: [
      {
        name: "StanzaJS's <stream id track/> -> a=msid when ours has none",
        readOnly: true,
        sdp: ['a=msid:s t', OPUS_LINE],
        description: `${OPUS}<stream xmlns='urn:xmpp:jingle:apps:rtp:msid:0' id='s' track='t'/>`,
        transport: '',
      },
    ],
  } satisfies { [K in RowName]: readonly [RowExample, ...RowExample[]] };
}

/** Rows of the session level (before the first m= line); written once per <jingle>. */
export const sessionRows = {
  group: {
    element: '<group semantics><content name/></group> under <jingle>',
    spec: 'XEP-0338 §2',
    keys: ['groups'],
    toJingle: (session: SessionDescription, jingle: Element) => groupsToXml(session, jingle),
  },
  origin: {
    element: '(none: v= o= s= t= c= are written fresh)',
    spec: 'docs/sdp-mapping.md (normalizations)',
    keys: ['version', 'origin', 'name', 'timing', 'connection', 'media'],
    toJingle: (): void => undefined,
  },
} as const;

/**
 * The session rows' examples: session-level SDP lines (sections a and b follow) and the children of
 * <jingle> they become. Outside the rows for the same reason as `examples`.
 */
export function sessionExamples() {
  return {
    group: {
      sdp: ['a=group:BUNDLE a b'],
      jingle: `<group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'><content name='a'/><content name='b'/></group>`,
    },
    origin: { sdp: ['c=IN IP4 192.0.2.1'], jingle: '' },
  } satisfies { [K in keyof typeof sessionRows]: { sdp: readonly string[]; jingle: string } };
}

/**
 * Session-level attributes every m-section inherits (RFC 8839 §5.4, RFC 8842 §5.2, RFC 8285 §6):
 * copied into each section before the rows run, so their rows see them there.
 */
export const INHERITED = [
  'fingerprint',
  'setup',
  'iceUfrag',
  'icePwd',
  'iceOptions',
  'direction',
  'extmapAllowMixed',
] as const;

const allRows: readonly Row[] = Object.values(rows);

/** Media fields a row consumes; the rest travels verbatim (the unmapped row). */
export const MAPPED: ReadonlySet<string> = new Set(allRows.flatMap((r) => r.keys));

/** Session fields regenerated, mapped or inherited. */
export const SESSION_MAPPED: ReadonlySet<string> = new Set([
  ...Object.values(sessionRows).flatMap((r) => r.keys),
  ...INHERITED,
]);

function readers(where: 'description' | 'container'): ReadonlyMap<string, Reader> {
  const map = new Map<string, Reader>();
  for (const [name, row] of Object.entries(rows) as [string, Row][]) {
    for (const [el, read] of Object.entries(row.toSdp[where] ?? {})) {
      if (map.has(el)) throw new Error(`rows.ts: <${el}> in ${where} claimed twice (row ${name})`);
      map.set(el, read);
    }
  }
  return map;
}

/** Jingle -> SDP: the reader of each child of <description>, by local name. */
export const DESCRIPTION_READERS = readers('description');
/** Jingle -> SDP: the reader of each child of our <sdp/> container, by name. */
export const CONTAINER_READERS = readers('container');
/** Jingle -> SDP: what runs once a <description> has been read. */
export const AFTER_DESCRIPTION: readonly ((sec: Section) => void)[] = allRows.flatMap((r) =>
  r.toSdp.afterDescription === undefined ? [] : [r.toSdp.afterDescription],
);

/** A row of our namespace that owns one sdp-transform key: one element in ours, read back by name. */
function oursRow(
  element: string,
  spec: string,
  key: string,
  toXml: (m: Media, ours: () => Element) => void,
  toSdp: (el: Element, sec: Section) => void,
): Row {
  return {
    element: `ours <${element}/>`,
    spec,
    keys: [key],
    toJingle: (d) => toXml(d.m, () => d.ours()),
    toSdp: { container: { [element]: (el, at) => toSdp(el, at.sec) } },
  };
}

/** A row that writes into the RTP <description> only (XEP-0167 family; not for data contents). */
function inRtpDescription(toXml: (desc: Element, d: ContentDraft) => void): (d: ContentDraft) => void {
  return (d) => {
    const desc = rtpDesc(d);
    if (desc !== undefined) toXml(desc, d);
  };
}

/** The RTP <description> the XEP-0167 family of rows writes into (none for data contents). */
function rtpDesc(d: ContentDraft): Element | undefined {
  return d.isData ? undefined : d.desc;
}
