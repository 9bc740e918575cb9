// The seam between a peer connection's SDP and the session engine's Jingle elements, through the
// translator (src/jingle/sdp). Roles follow docs/reference/xep-rules.md §10.1: SDP written by X is
// read with X's Jingle role.
import type { Element } from 'ltx';
import { Role } from '../../jingle/constants.js';
import { parseSdp } from '../../jingle/sdp/index.js';
import {
  candidateToJingle,
  jingleToSdp,
  sdpToJingle,
  type IceCandidateInit,
} from '../../jingle/sdp/index.js';

export interface IceCredentials {
  ufrag: string;
  pwd: string;
}

export interface LocalJingle {
  contents: Element[];
  group?: Element;
}

export const otherRole = (r: Role): Role => (r === Role.initiator ? Role.responder : Role.initiator);

/** Contents (optionally only these names) and the BUNDLE group of a local offer or answer. */
export function localJingle(sdp: string, role: Role, only?: readonly string[]): LocalJingle {
  const jingle = sdpToJingle(sdp, { role });
  const kids = jingle.getChildElements();
  const contents = kids.filter(
    (c) => c.name === 'content' && (only === undefined || only.includes(String(c.attrs['name']))),
  );
  const group = kids.find((c) => c.name === 'group');
  return group === undefined ? { contents } : { contents, group };
}

/** Content names of an SDP (mids in m-line order). */
export function contentNames(sdp: string, role: Role): string[] {
  return localJingle(sdp, role).contents.map((c) => String(c.attrs['name']));
}

/** RFC 8839: ufrag/pwd of one m-line (or the session-level ones). */
export function iceCredentials(sdp: string, mid: string): IceCredentials | undefined {
  const s = parseSdp(sdp);
  const m = s.media.find((x) => String(x.mid) === mid);
  const ufrag = m?.iceUfrag ?? s.iceUfrag;
  const pwd = m?.icePwd ?? s.icePwd;
  return ufrag === undefined || pwd === undefined ? undefined : { ufrag, pwd };
}

/**
 * One local candidate as the `<candidate/>` the engine's `candidate` intent takes, or undefined for
 * what we never signal (end-of-candidates, TCP: docs/reference/deployed-clients.md §3.7).
 * `credentials` gives the ufrag/pwd of a content: from the `<transport>` just translated, or from the
 * local SDP for later candidates.
 */
export function localCandidate(
  c: IceCandidateInit,
  credentials: (mid: string) => IceCredentials | undefined,
  creator: Role,
): { content: string; candidate: Element } | undefined {
  const mid = c.sdpMid;
  if (typeof mid !== 'string' || mid === '' || c.candidate === '') return undefined;
  const creds = credentials(mid);
  if (creds === undefined) return undefined;
  const content = candidateToJingle(c, { creator, ...creds });
  const candidate = content?.getChildElements()[0]?.getChildElements()[0];
  return candidate === undefined ? undefined : { content: mid, candidate };
}

/** The peer's `<jingle>` as SDP for setRemoteDescription; the version rises with each description. */
export function remoteSdp(jingle: Element, peerRole: Role, version: number): string {
  return jingleToSdp(jingle, { role: peerRole, sessionVersion: version });
}
