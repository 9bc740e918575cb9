// Choosing how to call (docs/reference/xep-rules.md §11, §13; docs/reference/deployed-clients.md §3.22): if any resource of the callee
// advertises `urn:xmpp:jingle-message:0` we propose to the bare JID and let every device ring; otherwise
// we send session-initiate straight to one resource that can do a WebRTC call (Dino and JSXC's fallback).
import { bareJid } from '../jid.js';
import {
  NS_JINGLE_1,
  NS_JINGLE_DTLS_0,
  NS_JINGLE_DTLS_SCTP_1,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_RTP_1,
  NS_JINGLE_RTP_AUDIO,
  NS_JINGLE_RTP_VIDEO,
} from '../ns.js';
import type { JmiMedia } from './model.js';

export interface KnownResource {
  /** Full JID of an available resource, in the adapter's preference order (e.g. presence priority). */
  jid: string;
  /** Its XEP-0030/0115 features. */
  features: readonly string[];
}

export type InitiationChoice =
  | { method: 'jmi'; to: string }
  | { method: 'session-initiate'; to: string }
  | { method: 'unsupported'; missing: readonly string[] };

const MEDIA_FEATURE = { audio: NS_JINGLE_RTP_AUDIO, video: NS_JINGLE_RTP_VIDEO } as const satisfies Record<
  JmiMedia,
  string
>;

/** What a resource must advertise for a direct call: our sessions are ICE-UDP with DTLS-SRTP (rule 15). */
export const requiredFeatures = (media: readonly JmiMedia[]): string[] => [
  NS_JINGLE_1,
  NS_JINGLE_RTP_1,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_DTLS_0,
  ...media.map((m) => MEDIA_FEATURE[m]),
];

export function chooseInitiation(
  peer: string,
  resources: readonly KnownResource[],
  media: readonly JmiMedia[],
): InitiationChoice {
  if (resources.some((r) => r.features.includes(NS_JINGLE_MESSAGE_0))) {
    return { method: 'jmi', to: bareJid(peer) };
  }
  const needed = requiredFeatures(media);
  const capable = resources.find((r) => needed.every((f) => r.features.includes(f)));
  if (capable !== undefined) return { method: 'session-initiate', to: capable.jid };
  // Report what the best resource lacks, so the UI can say why (docs/reference/deployed-clients.md §5.5).
  const missing = resources
    .map((r) => needed.filter((f) => !r.features.includes(f)))
    .reduce<string[] | undefined>(
      (best, m) => (best === undefined || m.length < best.length ? m : best),
      undefined,
    );
  return { method: 'unsupported', missing: missing ?? needed };
}

/**
 * Whether our offer may carry a data channel content (XEP-0343): only when every device that may
 * answer advertises `urn:xmpp:jingle:transports:dtls-sctp:1`. Conversations ends a JMI session whose
 * session-initiate has media its propose did not name (security-error), and clients without data
 * channels cannot turn the content into SDP (docs/reference/deployed-clients.md §2, §3). With JMI every online device that
 * advertises JMI may answer; a device that is offline now (woken by push) is not known here.
 */
export function offersDataChannel(choice: InitiationChoice, resources: readonly KnownResource[]): boolean {
  if (choice.method === 'unsupported') return false;
  const answering =
    choice.method === 'jmi'
      ? resources.filter((r) => r.features.includes(NS_JINGLE_MESSAGE_0))
      : resources.filter((r) => r.jid === choice.to);
  return answering.length > 0 && answering.every((r) => r.features.includes(NS_JINGLE_DTLS_SCTP_1));
}
