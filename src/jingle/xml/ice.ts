// XEP-0176 <transport> as a whole, both directions; candidate rows live in xep0176.ts. Also places
// XEP-0320's <fingerprint> and XEP-0343's <sctpmap>, which real clients put inside <transport>.
import { Element } from '../ltx.js';
import type { MediaDescription } from 'sdp-transform';
import { NS_GULTSCH_ICE_OPTION, NS_JINGLE_BRIDGE_SDP_0, NS_JINGLE_ICE_UDP_1 } from '../ns.js';
import type { Section } from './section.js';
import { attributeToXml, newContainer } from './bridge.js';
import { token } from './validate.js';
import {
  candidateId,
  candidateToSdp,
  candidateToXml,
  remoteCandidateToSdp,
  remoteCandidatesToXml,
  type SdpCandidate,
} from './xep0176.js';
import { fingerprintToSdp, fingerprintToXml } from './xep0320.js';
import { sctpToXml, sctpmapToSdp } from './xep0343.js';

export interface TransportToXmlOptions {
  mid: string;
  isData: boolean;
  keepTcpCandidates: boolean;
  /** Candidate ids already used in this session (XEP-0176 §4: unique per session). */
  ids: Set<string>;
  /** Our container as far as the media level filled it (a data content has no <description>). */
  box?: Element;
}

export function transportToXml(m: MediaDescription, o: TransportToXmlOptions): Element {
  const attrs: Record<string, string> = { xmlns: NS_JINGLE_ICE_UDP_1 };
  if (m.iceUfrag !== undefined) attrs['ufrag'] = String(m.iceUfrag);
  if (m.icePwd !== undefined) attrs['pwd'] = String(m.icePwd);
  const tr = new Element('transport', attrs);
  let box: Element | undefined = o.box;
  const ours = (): Element => (box ??= newContainer());
  if (!fingerprintToXml(m, tr)) attributeToXml(ours(), `setup:${m.setup}`);
  if (m.iceOptions !== undefined) {
    for (const opt of String(m.iceOptions).split(' ')) {
      if (opt === 'trickle' || opt === 'renomination') tr.c(opt, { xmlns: NS_GULTSCH_ICE_OPTION });
      else if (opt !== '') ours().c('ice-option', { value: opt });
    }
  }
  if (o.isData) sctpToXml(m, tr, ours);
  for (const c of (m.candidates ?? []) as SdpCandidate[]) {
    // XEP-0176 defines udp only; Conversations throws on anything else (docs/reference/deployed-clients.md §3.7).
    if (!o.keepTcpCandidates && String(c.transport).toLowerCase() !== 'udp') continue;
    let id = candidateId(o.mid, c);
    for (let n = 1; o.ids.has(id); n++) id = `${candidateId(o.mid, c)}-${n}`;
    o.ids.add(id);
    tr.cnode(candidateToXml(c, id));
  }
  if (m.remoteCandidates !== undefined) remoteCandidatesToXml(String(m.remoteCandidates), tr);
  if (m.endOfCandidates !== undefined) ours().c('end-of-candidates');
  if (box !== undefined) tr.cnode(box);
  return tr;
}

/** Fills `sec` from a <transport>; returns our container for the caller to read last. */
export function transportToSdp(tr: Element, sec: Section): Element | undefined {
  let box: Element | undefined;
  const ufrag = tr.attrs['ufrag'];
  const pwd = tr.attrs['pwd'];
  if (ufrag !== undefined) sec.ice.push(`a=ice-ufrag:${token(ufrag, 'transport@ufrag')}`);
  if (pwd !== undefined) sec.ice.push(`a=ice-pwd:${token(pwd, 'transport@pwd')}`);
  const remote: string[] = [];
  const cands: Element[] = [];
  for (const c of tr.getChildElements()) {
    if (c.name === 'candidate') cands.push(c);
    else if (c.name === 'remote-candidate') remote.push(remoteCandidateToSdp(c));
    else if (c.name === 'fingerprint') fingerprintToSdp(c, sec);
    else if (c.name === 'sctpmap') sctpmapToSdp(c, sec);
    else if (
      (c.name === 'trickle' || c.name === 'renomination') &&
      c.attrs['xmlns'] === NS_GULTSCH_ICE_OPTION
    ) {
      sec.iceOptions.push(c.name);
    } else if (c.name === 'sdp' && c.attrs['xmlns'] === NS_JINGLE_BRIDGE_SDP_0) box = c;
  }
  // RFC 8843 §9.1 / XEP-0167 §3: with rtcp-mux (or BUNDLE, docs/reference/deployed-clients.md §3.5) RTCP candidates are noise.
  const dropRtcp = sec.rtcpMux || sec.bundled;
  for (const c of cands) {
    const line = candidateToSdp(c);
    if (line === undefined || (dropRtcp && c.attrs['component'] === '2')) continue;
    sec.candidates.push(`a=${line}`);
  }
  if (remote.length > 0) sec.tail.push(`a=remote-candidates:${remote.join(' ')}`);
  return box;
}
