// Jingle -> SDP for setRemoteDescription (docs/reference/xep-rules.md §10, §10.2). Lenient on structure
// (§17), strict on every value (xml/validate.ts): the result is well-formed SDP or a
// JingleParseError, never anything else.
import { Element } from '../ltx.js';
import type { Role } from '../constants.js';
import { JingleParseError } from '../errors.js';
import { NS_JINGLE_RTP_1 } from '../ns.js';
import { transportToSdp } from '../xml/ice.js';
import { unprefixed } from '../xml/unprefix.js';
import { WORD, matches, token, uint, U32 } from '../xml/validate.js';
import { agreed } from '../xml/xep0167.js';
import { isIceTransport } from '../xml/xep0176.js';
import { extmapLines } from '../xml/xep0294.js';
import { sctpFinish } from '../xml/xep0343.js';
import { groupToSdp, isGroup } from '../xml/xep0338.js';
import { AFTER_DESCRIPTION, CONTAINER_READERS, DESCRIPTION_READERS, type SdpTarget } from './rows.js';
import { newSection, type Section, type SessionExtras } from '../xml/section.js';
import { directionOf } from './senders.js';

export interface JingleToSdpOptions {
  /** Jingle role of the entity that SENT the Jingle (the author of the SDP we write). */
  role: Role;
  sessionId?: string;
  sessionVersion?: number;
}

const SESSION_ID = /^\d{1,20}$/;

export function jingleToSdp(el: Element, opts: JingleToSdpOptions): string {
  const sid = opts.sessionId;
  if (sid !== undefined && !SESSION_ID.test(sid))
    throw new TypeError(`jingleToSdp: sessionId must be 1-20 digits, got ${JSON.stringify(sid)}`);
  const ver = opts.sessionVersion ?? 2;
  if (!Number.isSafeInteger(ver) || ver < 0)
    throw new TypeError(`jingleToSdp: sessionVersion must be a non-negative integer, got ${ver}`);
  try {
    return build(findJingle(el), opts.role, sid, ver);
  } catch (e) {
    if (e instanceof JingleParseError) throw e;
    throw new JingleParseError('jingle', `unreadable input (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** <jingle>, an <iq> holding one, or (lenient, for fragments) a lone <content>/<description>/<transport>. */
export function findJingle(el: Element): Element {
  if (el === null || typeof el !== 'object' || !Array.isArray(el.children))
    throw new JingleParseError('jingle', 'not an element');
  return unprefixed(locate(el));
}

function locate(el: Element): Element {
  if (el.name === 'jingle') return el;
  // Wrapped without cnode(), which would re-parent (mutate) the caller's element.
  const wrap = (name: string, attrs: Record<string, string>, child: Element): Element => {
    const w = new Element(name, attrs);
    w.children.push(child);
    return w;
  };
  if (el.name === 'content') return wrap('jingle', {}, el);
  if (el.name === 'description' || el.name === 'transport')
    return wrap('jingle', {}, wrap('content', { name: '0' }, el));
  for (const c of el.getChildElements()) if (c.name === 'jingle') return c;
  throw new JingleParseError('jingle', `no <jingle> in <${String(el.name).slice(0, 40)}>`);
}

function build(jingle: Element, role: Role, sessionId: string | undefined, ver: number): string {
  const session: SessionExtras = { lines: [], bandwidth: [], attrs: [] };
  const groups: string[] = [];
  const bundled = new Set<string>();
  const contents: Element[] = [];
  for (const c of jingle.getChildElements()) {
    if (c.name === 'content') contents.push(c);
    else if (isGroup(c)) {
      const g = groupToSdp(c);
      if (g !== undefined) groups.push(g.line);
      if (g?.semantics === 'BUNDLE') for (const n of g.names) bundled.add(n);
    }
  }
  const media: string[] = [];
  for (const content of contents) media.push(...(section(content, role, bundled, session) ?? []));
  const out = ['v=0', `o=- ${sessionId ?? derivedId(jingle, contents)} ${ver} IN IP4 0.0.0.0`, 's=-'];
  // RFC 8866 §5 order: v o s i u e p c b t r z a.
  for (const l of session.lines) if ('iuep'.includes(l[0] as string)) out.push(l);
  out.push(...session.bandwidth, 't=0 0');
  for (const l of session.lines) if ('rz'.includes(l[0] as string)) out.push(l);
  out.push(...groups, ...session.attrs, ...media);
  return out.join('\r\n') + '\r\n';
}

/** FNV-1a over sid, content names and ufrags: stable for one Jingle, no clock or randomness. */
function derivedId(jingle: Element, contents: Element[]): string {
  let key = String(jingle.attrs['sid'] ?? '');
  for (const c of contents)
    key += `|${String(c.attrs['name'])}|${String(c.getChild('transport')?.attrs['ufrag'] ?? '')}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return String((h >>> 0) + 1);
}

function section(
  content: Element,
  role: Role,
  bundled: Set<string>,
  session: SessionExtras,
): string[] | undefined {
  let desc: Element | undefined;
  let tr: Element | undefined;
  for (const c of content.getChildElements()) {
    if (c.name === 'description' && desc === undefined) desc = c;
    // Only ICE-UDP (and its old :0 namespace) maps to SDP; raw-udp and stub transports are ignored.
    else if (c.name === 'transport' && tr === undefined && isIceTransport(c)) tr = c;
  }
  const isData = tr !== undefined && tr.getChild('sctpmap') !== undefined;
  const rtp =
    desc !== undefined && (desc.attrs['xmlns'] === NS_JINGLE_RTP_1 || desc.attrs['media'] !== undefined);
  // A content we cannot express (file transfer, stub apps) gets no m-line (docs/sdp-mapping.md).
  if (!isData && !rtp) return undefined;
  const name = token(content.attrs['name'], 'content@name');
  const media = isData ? 'application' : matches(desc?.attrs['media'], WORD, 'description@media');
  const sec = newSection(media, isData, bundled.has(name));
  const at: SdpTarget = { sec, session, boxes: [] };
  if (desc !== undefined && rtp) descriptionToSdp(desc, at);
  // RTP is always muxed towards the browser (finish()); known before candidates are filtered.
  if (!isData) sec.rtcpMux = true;
  const trBox = tr === undefined ? undefined : transportToSdp(tr, sec);
  if (trBox !== undefined) at.boxes.push(trBox);
  // Our containers last: they refine what the XEP children said (proto, port, extmap direction).
  for (const box of at.boxes) {
    for (const c of box.getChildElements()) CONTAINER_READERS.get(c.name)?.(c, at);
  }
  return finish(sec, name, directionOf(content.attrs['senders'], role), role);
}

/** Each child by the reader its row declares (rows.ts); children the table does not name are ignored. */
function descriptionToSdp(desc: Element, at: SdpTarget): void {
  const mp = desc.attrs['maxptime'];
  // Jitsi's maxptime on <description> (deviation, XEP-0167 §4 has it per payload type).
  if (mp !== undefined) at.sec.descMaxptime = String(uint(mp, 'description@maxptime', 0, U32));
  for (const child of desc.getChildElements()) DESCRIPTION_READERS.get(child.name)?.(child, at);
  for (const after of AFTER_DESCRIPTION) after(at.sec);
}

function finish(sec: Section, mid: string, direction: string, role: Role): string[] {
  let proto: string;
  if (sec.isData) proto = sctpFinish(sec);
  else {
    const f = sec.hasRtcpFb ? 'F' : '';
    proto =
      sec.proto ??
      (sec.hasFingerprint ? 'UDP/TLS/RTP/SAVPF' : sec.hasCrypto ? `RTP/SAVP${f}` : `RTP/AVP${f}`);
  }
  // No payload type (XEP-0294 example 5, a file-transfer description) cannot be an offer line:
  // RFC 8866 §5.14 needs one fmt, so the section is written as rejected (port 0, fmt 0).
  if (sec.fmts.length === 0) {
    sec.port = 0;
    sec.fmts.push('0');
  }
  const mline = `m=${sec.media} ${sec.port} ${proto} ${sec.fmts.join(' ')}`;
  const out = [mline, ...sec.info, 'c=IN IP4 0.0.0.0', ...sec.bandwidth];
  if (!sec.isData) out.push('a=rtcp:9 IN IP4 0.0.0.0');
  const iceOptions = sec.iceOptions.length > 0 ? sec.iceOptions.join(' ') : 'trickle';
  out.push(...sec.ice, `a=ice-options:${iceOptions}`, ...sec.dtls);
  // XEP-0320 §3 / RFC 8842 §5.3: a missing setup means actpass in an offer, active in an answer.
  if (sec.hasFingerprint) out.push(`a=setup:${sec.setup ?? (role === 'initiator' ? 'actpass' : 'active')}`);
  out.push(`a=mid:${mid}`, ...extmapLines(sec), `a=${direction}`);
  // Always for RTP: browsers only implement rtcpMuxPolicy 'require' (JSEP §5.1.3, docs/reference/deployed-clients.md §3.5),
  // older Jingle peers omit <rtcp-mux/> although they mux (normalization N7).
  if (!sec.isData) out.push('a=rtcp-mux');
  if (!sec.attrs.some((l) => l.startsWith('a=msid:'))) sec.attrs.push(...sec.msidFallback);
  out.push(...sec.attrs, ...sec.rtp);
  const ptime = agreed(sec.ptimes);
  if (ptime !== undefined) out.push(`a=ptime:${ptime}`);
  const maxptime = agreed(sec.maxptimes) ?? sec.descMaxptime;
  if (maxptime !== undefined) out.push(`a=maxptime:${maxptime}`);
  out.push(...sec.ssrc, ...sec.extra, ...sec.sctp, ...sec.candidates, ...sec.tail);
  return out;
}
