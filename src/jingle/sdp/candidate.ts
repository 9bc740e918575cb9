// Single candidates for trickle ICE: RTCIceCandidateInit <-> transport-info payload (XEP-0176 §5.4).
import { Element } from '../ltx.js';
import type { Role } from '../constants.js';
import { JingleParseError } from '../errors.js';
import { NS_JINGLE_ICE_UDP_1 } from '../ns.js';
import {
  candidateId,
  candidateToSdp,
  candidateToXml,
  isIceTransport,
  parseCandidateLine,
} from '../xml/xep0176.js';
import { token } from '../xml/validate.js';
import { findJingle } from './toSdp.js';

/** The W3C RTCIceCandidateInit shape, without depending on DOM types. */
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

export interface CandidateToJingleOptions {
  creator: Role;
  ufrag: string;
  pwd: string;
  keepTcpCandidates?: boolean;
}

/**
 * <content creator name=sdpMid><transport ufrag pwd><candidate/></transport></content>, or null for
 * what we never signal: the empty end-of-candidates marker and (by default) tcp candidates.
 * ufrag and pwd MUST accompany candidates (XEP-0176 §5.3), hence required here.
 */
export function candidateToJingle(c: IceCandidateInit, opts: CandidateToJingleOptions): Element | null {
  if (c === null || typeof c !== 'object' || typeof c.candidate !== 'string')
    throw new TypeError('candidateToJingle: candidate must be an RTCIceCandidateInit');
  if (typeof c.sdpMid !== 'string' || c.sdpMid === '')
    throw new TypeError('candidateToJingle: sdpMid is required (content name = mid, XEP-0338)');
  if (c.candidate === '') return null;
  const parsed = parseCandidateLine(c.candidate);
  if (parsed === undefined)
    throw new TypeError(
      `candidateToJingle: not an a=candidate line: ${JSON.stringify(c.candidate.slice(0, 60))}`,
    );
  if (!opts.keepTcpCandidates && String(parsed.transport).toLowerCase() !== 'udp') return null;
  const content = new Element('content', { creator: opts.creator, name: c.sdpMid });
  content
    .c('transport', { xmlns: NS_JINGLE_ICE_UDP_1, ufrag: opts.ufrag, pwd: opts.pwd })
    .cnode(candidateToXml(parsed, candidateId(c.sdpMid, parsed)));
  return content;
}

/** One content's ICE transport as a trickle update carries it (XEP-0176 §5.3, §5.9). */
export interface IceTransportUpdate {
  /** The content name (= a=mid). */
  mid: string;
  /** New credentials, as an ICE restart brings them; null when the transport has none. */
  ufrag: string | null;
  pwd: string | null;
  candidates: IceCandidateInit[];
}

/**
 * The ICE-UDP transport of every content of a <jingle> (a transport-info above all) or <iq>, for
 * what has no m-line: credentials and candidates, validated like jingleToSdp does. RTCP
 * (component 2) and tcp-without-tcptype candidates are left out, as jingleToSdp leaves them out.
 * sdpMid is the content name, usernameFragment the transport ufrag; sdpMLineIndex is null because
 * a transport-info does not know the m-line order.
 */
export function transportsFromJingle(el: Element): IceTransportUpdate[] {
  try {
    const out: IceTransportUpdate[] = [];
    for (const content of findJingle(el).getChildElements()) {
      if (content.name !== 'content') continue;
      const mid = token(content.attrs['name'], 'content@name');
      for (const tr of content.getChildElements()) {
        if (tr.name !== 'transport' || !isIceTransport(tr)) continue;
        const ufrag = tr.attrs['ufrag'] === undefined ? null : token(tr.attrs['ufrag'], 'transport@ufrag');
        const pwd = tr.attrs['pwd'] === undefined ? null : token(tr.attrs['pwd'], 'transport@pwd');
        const candidates: IceCandidateInit[] = [];
        for (const cand of tr.getChildElements()) {
          if (cand.name !== 'candidate') continue;
          // Component 2 (RTCP) is useless to a browser: jingleToSdp always muxes RTCP (XEP-0167 §3, Dino trickles them).
          if (cand.attrs['component'] === '2') continue;
          const line = candidateToSdp(cand);
          if (line !== undefined)
            candidates.push({ candidate: line, sdpMid: mid, sdpMLineIndex: null, usernameFragment: ufrag });
        }
        out.push({ mid, ufrag, pwd, candidates });
      }
    }
    return out;
  } catch (e) {
    if (e instanceof JingleParseError) throw e;
    throw new JingleParseError('jingle', `unreadable input (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Every candidate of a <jingle> (transport-info, session-initiate/accept) or <iq>, as jingleToSdp
 * would write it (transportsFromJingle, all contents in order).
 */
export function candidatesFromJingle(el: Element): IceCandidateInit[] {
  return transportsFromJingle(el).flatMap((t) => t.candidates);
}
