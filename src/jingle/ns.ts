// Namespaces of the XEPs we speak (docs/reference/xep-rules.md §0). One place, so a typo cannot split a namespace.
export const NS_JINGLE_1 = 'urn:xmpp:jingle:1';
export const NS_JINGLE_ERRORS_1 = 'urn:xmpp:jingle:errors:1';
export const NS_JINGLE_RTP_1 = 'urn:xmpp:jingle:apps:rtp:1';
export const NS_JINGLE_RTP_AUDIO = 'urn:xmpp:jingle:apps:rtp:audio';
export const NS_JINGLE_RTP_VIDEO = 'urn:xmpp:jingle:apps:rtp:video';
export const NS_JINGLE_RTP_ERRORS_1 = 'urn:xmpp:jingle:apps:rtp:errors:1';
export const NS_JINGLE_RTP_INFO_1 = 'urn:xmpp:jingle:apps:rtp:info:1';
/** XEP-0166 example 30 writes ringing in this namespace (a typo for rtp:info:1); accepted on input only. */
export const NS_JINGLE_RTP_INFO_1_TYPO = 'urn:xmpp:jingle:apps:rtp:1:info';
export const NS_JINGLE_RTP_RTCP_FB_0 = 'urn:xmpp:jingle:apps:rtp:rtcp-fb:0';
export const NS_JINGLE_RTP_HDREXT_0 = 'urn:xmpp:jingle:apps:rtp:rtp-hdrext:0';
export const NS_JINGLE_RTP_SSMA_0 = 'urn:xmpp:jingle:apps:rtp:ssma:0';
export const NS_JINGLE_GROUPING_0 = 'urn:xmpp:jingle:apps:grouping:0';
export const NS_JINGLE_ICE_UDP_1 = 'urn:xmpp:jingle:transports:ice-udp:1';
/** Old ICE-UDP namespace still found in XEP-0167 examples 43/47/48: accepted on input, never sent. */
export const NS_JINGLE_ICE_UDP_0 = 'urn:xmpp:jingle:transports:ice-udp:0';
export const NS_JINGLE_DTLS_0 = 'urn:xmpp:jingle:apps:dtls:0';
export const NS_JINGLE_DTLS_SCTP_1 = 'urn:xmpp:jingle:transports:dtls-sctp:1';
export const NS_JINGLE_WEBRTC_DATACHANNEL_0 = 'urn:xmpp:jingle:transports:webrtc-datachannel:0';
export const NS_JINGLE_MESSAGE_0 = 'urn:xmpp:jingle-message:0';
/**
 * XEP-0353's short-lived v0.4-0.5 namespace: parsed, never sent. Prosody archives and carbon-copies
 * it too (docs/reference/deployed-clients.md §3.14).
 */
export const NS_JINGLE_MESSAGE_1 = 'urn:xmpp:jingle-message:1';
/** StanzaJS's private msid element inside <description> (src/jingle/xml/stanza-msid.ts); read only. */
export const NS_STANZA_MSID_0 = 'urn:xmpp:jingle:apps:rtp:msid:0';
/** Conversations' ice-options element namespace (docs/reference/deployed-clients.md §3.8), the de-facto one for `a=ice-options`. */
export const NS_GULTSCH_ICE_OPTION = 'http://gultsch.de/xmpp/drafts/jingle/transports/ice-udp/option';
/**
 * Our own namespace for SDP lines that no XEP maps (docs/sdp-mapping.md). Other clients ignore
 * unknown children, two jingle-bridge instances round-trip losslessly.
 */
export const NS_JINGLE_BRIDGE_SDP_0 = 'urn:xmpp:jingle-bridge:sdp:0';
export const NS_HINTS = 'urn:xmpp:hints';
export const NS_DELAY = 'urn:xmpp:delay';
export const NS_CARBONS_2 = 'urn:xmpp:carbons:2';
export const NS_FORWARD_0 = 'urn:xmpp:forward:0';
export const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
export const NS_RFC_5888 = 'urn:ietf:rfc:5888';
export const NS_RFC_5576 = 'urn:ietf:rfc:5576';
export const NS_EXTDISCO_2 = 'urn:xmpp:extdisco:2';
export const NS_EXTDISCO_1 = 'urn:xmpp:extdisco:1';
export const NS_CAPS = 'http://jabber.org/protocol/caps';
export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
export const NS_COMMANDS = 'http://jabber.org/protocol/commands';
export const NS_DATA_FORMS = 'jabber:x:data';
export const NS_NICK = 'http://jabber.org/protocol/nick';
// The browser client's (src/client): RFC 6120/6121, XEP-0198, XEP-0199, XEP-0313, XEP-0059, XEP-0156.
export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
export const NS_STREAMS = 'http://etherx.jabber.org/streams';
export const NS_ROSTER = 'jabber:iq:roster';
export const NS_SM_3 = 'urn:xmpp:sm:3';
export const NS_PING = 'urn:xmpp:ping';
export const NS_MAM_2 = 'urn:xmpp:mam:2';
export const NS_RSM = 'http://jabber.org/protocol/rsm';
export const NS_XRD = 'http://docs.oasis-open.org/ns/xri/xrd-1.0';
