// The disco features (XEP-0030) an entity that takes Jingle RTP calls advertises, in its caps
// (XEP-0115) too. One list for the browser client and the component's echo@, so they cannot drift.
// Each XEP's "Determining support" section makes its feature a MUST when used (docs/reference/xep-rules.md
// §13); deployed clients gate their call buttons on subsets of it (docs/reference/deployed-clients.md §6, §3.22): Conversations
// on jingle:1 + ice-udp:1 + rtp:1 + dtls:0 + rtp:audio(/video), Movim and Monal on jingle-message:0.
import {
  NS_JINGLE_1,
  NS_JINGLE_DTLS_0,
  NS_JINGLE_DTLS_SCTP_1,
  NS_JINGLE_GROUPING_0,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_RTP_1,
  NS_JINGLE_RTP_AUDIO,
  NS_JINGLE_RTP_HDREXT_0,
  NS_JINGLE_RTP_RTCP_FB_0,
  NS_JINGLE_RTP_SSMA_0,
  NS_JINGLE_RTP_VIDEO,
  NS_RFC_5576,
  NS_RFC_5888,
} from './ns.js';

export const CALL_FEATURES: readonly string[] = [
  NS_JINGLE_1,
  NS_JINGLE_RTP_1,
  NS_JINGLE_RTP_AUDIO,
  NS_JINGLE_RTP_VIDEO,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_DTLS_0,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_GROUPING_0,
  NS_JINGLE_RTP_RTCP_FB_0,
  NS_JINGLE_RTP_HDREXT_0,
  NS_JINGLE_RTP_SSMA_0,
  NS_RFC_5888,
  NS_RFC_5576,
  // XEP-0343: we take a WebRTC data channel in a call (the in-call chat). Callers offer one only to
  // devices that advertise it (jmi/fallback.ts offersDataChannel).
  NS_JINGLE_DTLS_SCTP_1,
];
