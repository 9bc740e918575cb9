// SDP -> Jingle in one pass over sdp-transform's object, straight into ltx Elements; the rows are
// in the xml/xepNNNN.ts files (docs/sdp-mapping.md has the whole table).
import { Element } from '../ltx.js';
import type { MediaDescription, SessionDescription } from 'sdp-transform';
import type { Role } from '../constants.js';
import { NS_JINGLE_1, NS_JINGLE_RTP_1, NS_JINGLE_RTP_HDREXT_0 } from '../ns.js';
import { mediaExtrasToXml, newContainer, unmappedToXml } from '../xml/bridge.js';
import { transportToXml } from '../xml/ice.js';
import { payloadTypesToXml, rtpExtrasToXml } from '../xml/xep0167.js';
import { rtcpFbToXml } from '../xml/xep0293.js';
import { hdrextToXml } from '../xml/xep0294.js';
import { groupsToXml } from '../xml/xep0338.js';
import { ssmaToXml } from '../xml/xep0339.js';
import { parseSdp } from './fast-parse.js';
import { sendersOf } from './senders.js';

export interface SdpToJingleOptions {
  /** Jingle role of the party that wrote the SDP. */
  role: Role;
  /** tcp candidates are dropped by default (interop.md §3.7). */
  keepTcpCandidates?: boolean;
}

type Media = MediaDescription & Record<string, unknown>;

/** Media fields a row consumes or the way back regenerates (docs: normalizations); the rest is kept verbatim. */
const MAPPED: ReadonlySet<string> = new Set(
  (
    'type port protocol payloads connection rtcp rtp fmtp rtcpFb rtcpFbTrrInt ext extmapAllowMixed crypto ' +
    'setup mid msid ptime maxptime direction iceUfrag icePwd fingerprint candidates endOfCandidates ' +
    'remoteCandidates iceOptions ssrcs ssrcGroups rtcpMux rtcpRsize sctpmap rids simulcast bundleOnly ' +
    'sctpPort maxMessageSize bandwidth'
  ).split(' '),
);
/** Session-level attributes every m-section inherits (RFC 8839 §5.4, RFC 8842 §5.2, RFC 8285 §6). */
const INHERITED = [
  'fingerprint',
  'setup',
  'iceUfrag',
  'icePwd',
  'iceOptions',
  'direction',
  'extmapAllowMixed',
] as const;
/** Session fields regenerated (v= o= s= t= c=), mapped (a=group, m=) or inherited. */
const SESSION_MAPPED: ReadonlySet<string> = new Set([
  'version',
  'origin',
  'name',
  'timing',
  'connection',
  'media',
  'groups',
  ...INHERITED,
]);

export function sdpToJingle(sdp: string, opts: SdpToJingleOptions): Element {
  const session = parseSdp(sdp) as SessionDescription & Record<string, unknown>;
  const jingle = new Element('jingle', { xmlns: NS_JINGLE_1 });
  const ids = new Set<string>();
  const media = session.media ?? [];
  const iceOptions = rawIceOptions(sdp);
  if (iceOptions?.[0] !== undefined) session['iceOptions'] = iceOptions[0];
  for (let i = 0; i < media.length; i++) {
    const m = media[i] as Media;
    if (iceOptions?.[i + 1] !== undefined) m['iceOptions'] = iceOptions[i + 1];
    const mr = m as Record<string, unknown>;
    for (const k of INHERITED) if (mr[k] === undefined && session[k] !== undefined) mr[k] = session[k];
    jingle.cnode(mediaToContent(m, i, opts, ids, i === 0 ? session : undefined));
  }
  groupsToXml(session, jingle);
  return jingle;
}

function mediaToContent(
  m: Media,
  index: number,
  opts: SdpToJingleOptions,
  ids: Set<string>,
  session?: Record<string, unknown>,
): Element {
  // a=mid:0  <->  <content name='0'> (XEP-0338 §2); a section without mid is named by its index (N4).
  const name = m.mid !== undefined ? String(m.mid) : String(index);
  const senders = sendersOf(m.direction, opts.role);
  // creator is the party that created the content: the offerer, i.e. the Jingle initiator for a
  // session-initiate and for the answer to it (XEP-0166 §7.3). content-add by the responder sets it itself.
  const content = new Element('content', { creator: 'initiator', name, senders });
  const sctp = m.sctpPort !== undefined || m.sctpmap !== undefined;
  const isData = m.type === 'application' && (sctp || /SCTP/.test(String(m.protocol)));
  // A data content whose transport carries <sctpmap> has no <description> (docs/sdp-mapping.md, "The
  // data content"): StanzaJS and lib-jitsi-meet send it so, and turn an RTP description into an RTP
  // m-line Chromium refuses. Its media-level lines travel in our container inside <transport>.
  const desc =
    isData && sctp ? undefined : content.c('description', { xmlns: NS_JINGLE_RTP_1, media: String(m.type) });
  let box: Element | undefined;
  const ours = (): Element => (box ??= newContainer());
  if (!isData && desc !== undefined) {
    const orphan = (body: string): void => unmappedToXml({ invalid: [{ value: body }] }, new Set(), ours);
    const pts = payloadTypesToXml(m, desc, orphan);
    rtcpFbToXml(m, desc, pts, orphan);
    hdrextToXml(m, desc, ours);
    rtpExtrasToXml(m, desc);
    ssmaToXml(m, desc);
  } else if (m.extmapAllowMixed !== undefined) {
    if (desc !== undefined) desc.c('extmap-allow-mixed', { xmlns: NS_JINGLE_RTP_HDREXT_0 });
    else ours().c('attribute', { name: 'extmap-allow-mixed' });
  }
  // Port 0: bundle-only keeps 0 (RFC 8843 §6), otherwise the section is rejected (RFC 8866 §5.14).
  if (String(m.port) === '0') ours().c(m.bundleOnly !== undefined ? 'bundle-only' : 'rejected');
  // The proto is derived on the way back (toSdp.ts); only a different one travels.
  if (String(m.protocol) !== derivedProto(m, isData)) ours().c('proto', { value: String(m.protocol) });
  // b=AS:2000  <->  <bandwidth type='AS'>2000</bandwidth>; XEP-0167 allows one, the rest travel in ours.
  (m.bandwidth ?? []).forEach((b, i) => {
    if (i === 0 && !isData && desc !== undefined) desc.c('bandwidth', { type: b.type }).t(String(b.limit));
    else ours().c('bandwidth', { type: b.type, value: String(b.limit) });
  });
  mediaExtrasToXml(m, ours);
  if (session !== undefined) unmappedToXml(session, SESSION_MAPPED, ours, 'session');
  unmappedToXml(m, MAPPED, ours);
  // Our container goes last, after every XEP child; a data content's goes on in <transport>.
  if (box !== undefined && desc !== undefined) desc.cnode(box);
  const keepTcpCandidates = opts.keepTcpCandidates === true;
  const trOpts = { mid: name, isData, keepTcpCandidates, ids };
  content.cnode(transportToXml(m, desc === undefined && box !== undefined ? { ...trOpts, box } : trOpts));
  return content;
}

function derivedProto(m: Media, isData: boolean): string {
  if (isData) return m.sctpmap !== undefined ? 'DTLS/SCTP' : 'UDP/DTLS/SCTP';
  if (m.fingerprint !== undefined) return 'UDP/TLS/RTP/SAVPF';
  const f = (m.rtcpFb?.length ?? 0) + (m.rtcpFbTrrInt?.length ?? 0) > 0 ? 'F' : '';
  return m.crypto !== undefined && m.crypto.length > 0 ? `RTP/SAVP${f}` : `RTP/AVP${f}`;
}

/**
 * sdp-transform keeps only the first token of a=ice-options (its grammar is `(\S*)`); RFC 8839 §5.6
 * allows a list, so the raw lines are read back: index 0 = session, i + 1 = m-section i.
 */
function rawIceOptions(sdp: string): (string | undefined)[] | undefined {
  if (!/a=ice-options:\S+[ \t]+\S/.test(sdp)) return undefined;
  return sdp
    .split(/\r?\nm=/)
    .map((part) => /^a=ice-options:(.*?)\s*$/m.exec(part)?.[1]?.trim().split(/\s+/).join(' '));
}
