// Small glue between the translator (src/jingle/sdp) and the session engine's intents: the engine
// wants contents and group as separate elements, and trickled candidates as bare <candidate/>s.
import type { Element } from 'ltx';
import type { Role } from '../../jingle/constants.js';
import { NS_JINGLE_GROUPING_0, NS_JINGLE_ICE_UDP_1 } from '../../jingle/ns.js';
import { candidateToJingle, sdpToJingle, type IceCandidateInit } from '../../jingle/sdp/index.js';

export interface Described {
  contents: Element[];
  group?: Element;
  /** ICE credentials per content name, for trickled candidates (XEP-0176 §5.3 wants them on each). */
  ice: Map<string, { ufrag: string; pwd: string }>;
  /** Content names in m-line order, for candidates that carry only sdpMLineIndex. */
  names: string[];
  /** XEP-0167 media of the RTP contents, in order, without repeats (what a JMI propose lists). */
  media: ('audio' | 'video')[];
}

/** SDP written by `role` as engine input; throws JingleParseError/TypeError like sdpToJingle. */
export function describe(sdp: string, role: Role): Described {
  const jingle = sdpToJingle(sdp, { role });
  const contents = jingle.getChildren('content');
  const group = jingle.getChild('group', NS_JINGLE_GROUPING_0);
  const ice = new Map<string, { ufrag: string; pwd: string }>();
  const media: ('audio' | 'video')[] = [];
  for (const c of contents) {
    const t = c.getChild('transport', NS_JINGLE_ICE_UDP_1);
    const { ufrag, pwd } = (t?.attrs ?? {}) as Record<string, unknown>;
    if (typeof ufrag === 'string' && typeof pwd === 'string')
      ice.set(String(c.attrs['name']), { ufrag, pwd });
    const m = c.getChild('description')?.attrs['media'];
    if ((m === 'audio' || m === 'video') && !media.includes(m)) media.push(m);
  }
  const names = contents.map((c) => String(c.attrs['name']));
  return group === undefined ? { contents, ice, names, media } : { contents, group, ice, names, media };
}

/**
 * The <candidate/> for a trickled browser/werift candidate, or undefined for what is never signalled
 * (end-of-candidates, tcp, a content we do not know).
 */
export function candidateFor(
  c: IceCandidateInit,
  creator: Role,
  local: Pick<Described, 'ice' | 'names'>,
): { content: string; candidate: Element } | undefined {
  const content = c.sdpMid ?? (c.sdpMLineIndex == null ? undefined : local.names[c.sdpMLineIndex]);
  const creds = content === undefined ? undefined : local.ice.get(content);
  if (content === undefined || creds === undefined) return undefined;
  const el = candidateToJingle({ ...c, sdpMid: content }, { creator, ...creds });
  const candidate = el?.getChild('transport')?.getChild('candidate');
  return candidate === undefined ? undefined : { content, candidate };
}
