// What Conversations puts on the wire, for the Conversations-like test peer (conversations-peer.ts):
// the caps it advertises for calls, and an offer shaped like its own, made by our translator from a
// real Chromium offer (docs/reference/deployed-clients.md §1, §3.6, §3.7).
import { readFileSync } from 'node:fs';
import type { Element } from 'ltx';
import type { DiscoInfo } from '../../src/client/contacts/caps.js';
import {
  NS_JINGLE_1,
  NS_JINGLE_BRIDGE_SDP_0,
  NS_JINGLE_DTLS_0,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_RTP_1,
  NS_JINGLE_RTP_AUDIO,
  NS_JINGLE_RTP_VIDEO,
} from '../../src/jingle/ns.js';
import { candidateToJingle, sdpToJingle } from '../../src/jingle/sdp/index.js';

const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const NS_CAPS = 'http://jabber.org/protocol/caps';
export const CONVERSATIONS_NODE = 'http://conversations.im';

/**
 * What Conversations advertises for calls (its call button gate, docs/reference/xep-rules.md §13) plus
 * webrtc-datachannel:1, which it advertises for file transfer only (docs/reference/deployed-clients.md §1): a caller must
 * not read it as the dtls-sctp:1 call data channel.
 */
export const CONVERSATIONS_INFO: DiscoInfo = {
  identities: [{ category: 'client', type: 'phone', name: 'Conversations' }],
  features: [
    NS_DISCO_INFO,
    NS_CAPS,
    NS_JINGLE_1,
    NS_JINGLE_RTP_1,
    NS_JINGLE_RTP_AUDIO,
    NS_JINGLE_RTP_VIDEO,
    NS_JINGLE_ICE_UDP_1,
    NS_JINGLE_DTLS_0,
    NS_JINGLE_MESSAGE_0,
    'urn:xmpp:jingle:transports:webrtc-datachannel:1',
  ],
  forms: [],
};

/** A real Chromium 156 offer with udp+tcp host candidates (audio, video and a data section we drop). */
const OFFER_SDP = readFileSync(
  new URL('../fixtures/sdp/chromium156-candidates-offer.sdp', import.meta.url),
  'utf8',
);

/**
 * The offer Conversations would send from the fixture: audio and video only (no data section), none
 * of our own `urn:xmpp:jingle-bridge:sdp:0` elements, no candidates inside; the udp candidates come
 * separately, one content per transport-info (docs/reference/deployed-clients.md §3.6; tcp is never gathered, §3.7).
 */
export function conversationsOffer(): { jingle: Element; candidates: Element[] } {
  const jingle = stripOwnNamespace(sdpToJingle(OFFER_SDP, { role: 'initiator' }));
  const keep = (c: Element | string) =>
    typeof c === 'string' || c.name !== 'content' || c.attrs['name'] !== '2';
  jingle.children = jingle.children.filter(keep);
  for (const g of jingle.getChildren('group')) g.children = g.children.filter(keep);
  const candidates: Element[] = [];
  for (const content of jingle.getChildren('content')) {
    const transport = content.getChild('transport', NS_JINGLE_ICE_UDP_1);
    if (transport === undefined) continue;
    transport.children = transport.children.filter((c) => typeof c === 'string' || c.name !== 'candidate');
    const mid = String(content.attrs['name']);
    for (const line of candidateLines(OFFER_SDP, mid)) {
      const c = candidateToJingle(
        { candidate: line, sdpMid: mid },
        {
          creator: 'initiator',
          ufrag: String(transport.attrs['ufrag']),
          pwd: String(transport.attrs['pwd']),
        },
      );
      if (c !== null) candidates.push(stripOwnNamespace(c));
    }
  }
  return { jingle, candidates };
}

/** The `a=candidate:` values of the m-section with this mid. */
function candidateLines(sdp: string, mid: string): string[] {
  const section = sdp.split(/\r?\n(?=m=)/).find((s) => new RegExp(`^a=mid:${mid}\\r?$`, 'm').test(s));
  return (section?.match(/^a=candidate:[^\r\n]*/gm) ?? []).map((l) => l.slice('a='.length));
}

function stripOwnNamespace(el: Element): Element {
  el.children = el.children.filter(
    (c) => typeof c === 'string' || c.attrs['xmlns'] !== NS_JINGLE_BRIDGE_SDP_0,
  );
  for (const c of el.children) if (typeof c !== 'string') stripOwnNamespace(c);
  return el;
}
