// SDP -> Jingle in one pass over sdp-transform's object, straight into ltx Elements: each m-section
// becomes a <content> by running the rows of rows.ts in table order (docs/sdp-mapping.md has the
// table in prose).
import { Element } from '../ltx.js';
import type { SessionDescription } from 'sdp-transform';
import type { Role } from '../constants.js';
import { NS_JINGLE_1 } from '../ns.js';
import { newContainer, unmappedToXml } from '../xml/bridge.js';
import { parseSdp } from './fast-parse.js';
import {
  INHERITED,
  SESSION_MAPPED,
  rows,
  sessionRows,
  type ContentDraft,
  type Media,
  type Row,
} from './rows.js';

export interface SdpToJingleOptions {
  /** Jingle role of the party that wrote the SDP. */
  role: Role;
  /** tcp candidates are dropped by default (docs/reference/deployed-clients.md §3.7). */
  keepTcpCandidates?: boolean;
}

const MEDIA_ROWS: readonly Row[] = Object.values(rows);
const SESSION_ROWS = Object.values(sessionRows);

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
  for (const row of SESSION_ROWS) row.toJingle(session, jingle);
  return jingle;
}

function mediaToContent(
  m: Media,
  index: number,
  opts: SdpToJingleOptions,
  ids: Set<string>,
  session?: Record<string, unknown>,
): Element {
  const sctp = m.sctpPort !== undefined || m.sctpmap !== undefined;
  const isData = m.type === 'application' && (sctp || /SCTP/.test(String(m.protocol)));
  let box: Element | undefined;
  const ours = (): Element => (box ??= newContainer());
  const draft: ContentDraft = {
    m,
    index,
    // a=mid:0  <->  <content name='0'> (XEP-0338 §2); a section without mid is named by its index (N4).
    name: m.mid !== undefined ? String(m.mid) : String(index),
    role: opts.role,
    isData,
    hasDescription: !(isData && sctp),
    content: new Element('content', { creator: 'initiator' }),
    desc: undefined,
    ours,
    hasOurs: () => box !== undefined,
    orphan: (body) => unmappedToXml({ invalid: [{ value: body }] }, new Set(), ours),
    pts: new Map(),
    session,
    sessionMapped: SESSION_MAPPED,
    keepTcpCandidates: opts.keepTcpCandidates === true,
    ids,
  };
  for (const row of MEDIA_ROWS) row.toJingle?.(draft);
  return draft.content;
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
