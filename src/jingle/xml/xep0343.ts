// XEP-0343 Signaling WebRTC datachannels in Jingle v0.3.1 (Deferred), as deployed (§9 of
// docs/reference/xep-rules.md): the XEP predates a=sctp-port, so lib-jitsi-meet's convention is used.
//   a=sctp-port:5000                          <sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='0'/>
//   a=sctpmap:5000 webrtc-datachannel 1024    <sctpmap number='5000' protocol='webrtc-datachannel' streams='1024'/> + ours <legacy-sctpmap/>
//   a=max-message-size:262144                 ours <max-message-size value='262144'/>
// Towards a browser the modern form (`UDP/DTLS/SCTP webrtc-datachannel` + a=sctp-port) is written
// unless our <legacy-sctpmap/> says the SDP used the old one. `port` is accepted for `number` (§9).
import type { Element } from 'ltx';
import type { MediaDescription } from 'sdp-transform';
import { NS_JINGLE_DTLS_SCTP_1 } from '../ns.js';
import type { Section } from './section.js';
import { token, uint } from './validate.js';

export function sctpToXml(m: MediaDescription, tr: Element, ours: () => Element): void {
  if (m.sctpmap !== undefined) {
    const sm = m.sctpmap;
    const a: Record<string, string> = {
      xmlns: NS_JINGLE_DTLS_SCTP_1,
      number: String(sm.sctpmapNumber),
      protocol: String(sm.app),
    };
    if (sm.maxMessageSize !== undefined) a['streams'] = String(sm.maxMessageSize);
    tr.c('sctpmap', a);
    ours().c('legacy-sctpmap');
    // Both forms at once (rare): the sctp-port line rides along verbatim.
    if (m.sctpPort !== undefined) ours().c('attribute', { name: 'sctp-port', value: String(m.sctpPort) });
  } else if (m.sctpPort !== undefined) {
    tr.c('sctpmap', {
      xmlns: NS_JINGLE_DTLS_SCTP_1,
      number: String(m.sctpPort),
      protocol: 'webrtc-datachannel',
      streams: '0',
    });
  }
  if (m.maxMessageSize !== undefined) ours().c('max-message-size', { value: String(m.maxMessageSize) });
}

export function sctpmapToSdp(el: Element, sec: Section): void {
  const n = uint(el.attrs['number'] ?? el.attrs['port'], 'sctpmap@number', 0, 65535);
  const proto = token(el.attrs['protocol'] ?? 'webrtc-datachannel', 'sctpmap@protocol');
  const streams = el.attrs['streams'];
  const tail = streams === undefined ? '' : ` ${uint(streams, 'sctpmap@streams', 0, 65535)}`;
  sec.sctpNumber = n;
  sec.sctpmapLine = `a=sctpmap:${n} ${proto}${tail}`;
}

/** Writes the data m-line fields once the whole content is read (legacy flag comes from ours). */
export function sctpFinish(sec: Section): string {
  if (sec.sctpNumber === undefined) return sec.proto ?? 'UDP/DTLS/SCTP';
  if (sec.legacySctp) {
    sec.fmts = [String(sec.sctpNumber)];
    sec.sctp.unshift(sec.sctpmapLine as string);
    return sec.proto ?? 'DTLS/SCTP';
  }
  sec.fmts = ['webrtc-datachannel'];
  sec.sctp.unshift(`a=sctp-port:${sec.sctpNumber}`);
  return sec.proto ?? 'UDP/DTLS/SCTP';
}
