// Our namespace urn:xmpp:jingle-bridge:sdp:0 (ns.ts NS_JINGLE_BRIDGE_SDP_0): SDP that no XEP maps,
// in one <sdp/> container placed last in <description> or <transport>, where other clients ignore
// unknown children (XEP-0166 §7.3, XEP-0167 §4). Two jingle-bridge instances round-trip losslessly.
//   a=msid:s t                   <msid value='s t'/>                      (RFC 8830)
//   a=rid:h send max-width=1280  <rid id='h' direction='send' params='max-width=1280'/>  (RFC 8851)
//   a=simulcast:send h;l         <simulcast value='send h;l'/>            (RFC 8853)
//   a=rtcp-rsize                 <rtcp-rsize/>                            (RFC 5506)
//   a=bundle-only (port 0)       <bundle-only/>;  port 0 otherwise: <rejected/>
//   m=… RTP/SAVPF …              <proto value='RTP/SAVPF'/> when it differs from the derived one
//   a=extmap:1/sendonly …        <extmap id='1' direction='sendonly'/>    (see xep0294.ts)
//   2nd b= line                  <bandwidth type='TIAS' value='64000'/>
//   a=end-of-candidates          <end-of-candidates/> (transport)
//   a=max-message-size:N         <max-message-size value='N'/> (transport)
//   a=sctpmap form               <legacy-sctpmap/> (transport)
//   a=ice-options:x (not trickle/renomination)   <ice-option value='x'/> (transport)
//   any other a= line            <attribute name='framerate' value='30'/>
//   i= u= e= p= z= r=            <line type='i' value='…'/>
// Session-level lines carry level='session' and ride in the first content.
import { Element } from '../ltx.js';
import type { MediaDescription } from 'sdp-transform';
import { JingleParseError } from '../errors.js';
import { NS_JINGLE_BRIDGE_SDP_0 } from '../ns.js';
import type { Section, SessionExtras } from './section.js';
import { LETTER_OF, renderAttribute, splitAttribute } from './unmapped.js';
import { MSID, SIMULCAST, WORD, matches, text, token, uint, U32 } from './validate.js';

export const newContainer = (): Element => new Element('sdp', { xmlns: NS_JINGLE_BRIDGE_SDP_0 });

export function attributeToXml(box: Element, body: string, level?: string): void {
  const [name, value] = splitAttribute(body);
  const attrs: Record<string, string> = { name };
  if (value !== undefined) attrs['value'] = value;
  if (level !== undefined) attrs['level'] = level;
  box.c('attribute', attrs);
}

/** Fields of sdp-transform's object no row consumes: kept verbatim (key order, then line order). */
export function unmappedToXml(
  obj: Record<string, unknown>,
  mapped: ReadonlySet<string>,
  box: () => Element,
  level?: string,
): void {
  for (const key in obj) {
    if (mapped.has(key)) continue;
    const v = obj[key];
    const letter = LETTER_OF[key];
    if (key === 'bandwidth') {
      for (const b of v as { type: string; limit: unknown }[]) {
        const a: Record<string, string> = { type: b.type, value: String(b.limit) };
        if (level !== undefined) a['level'] = level;
        box().c('bandwidth', a);
      }
    } else if (letter !== undefined) {
      const a: Record<string, string> = { type: letter, value: String(v) };
      if (level !== undefined) a['level'] = level;
      box().c('line', a);
    } else {
      for (const body of renderAttribute(key, v)) attributeToXml(box(), body, level);
    }
  }
}

// ---- SDP -> ours (the rows in src/jingle/sdp/rows.ts call these) ------------------------------

export function msidToXml(m: MediaDescription, box: () => Element): void {
  for (const ms of m.msid ?? [])
    box().c('msid', { value: ms.appdata !== undefined ? `${ms.id} ${ms.appdata}` : String(ms.id) });
}

export function ridsToXml(m: MediaDescription, box: () => Element): void {
  for (const r of m.rids ?? []) {
    const attrs: Record<string, string> = { id: String(r.id), direction: String(r.direction) };
    if (r.params !== undefined) attrs['params'] = String(r.params);
    box().c('rid', attrs);
  }
}

export function simulcastToXml(m: MediaDescription, box: () => Element): void {
  const sc = m.simulcast;
  if (sc === undefined) return;
  box().c('simulcast', {
    value: sc.dir2 !== undefined ? `${sc.dir1} ${sc.list1} ${sc.dir2} ${sc.list2}` : `${sc.dir1} ${sc.list1}`,
  });
}

export function rtcpRsizeToXml(m: MediaDescription, box: () => Element): void {
  if (m.rtcpRsize !== undefined) box().c('rtcp-rsize');
}

/** a=bundle-only on a section whose port is not 0 (at port 0 portToXml writes it). */
export function bundleOnlyToXml(m: MediaDescription, box: () => Element): void {
  if (m.bundleOnly !== undefined && String(m.port) !== '0') box().c('bundle-only');
}

/** Port 0: bundle-only keeps 0 (RFC 8843 §6), otherwise the section is rejected (RFC 8866 §5.14). */
export function portToXml(m: MediaDescription, box: () => Element): void {
  if (String(m.port) === '0') box().c(m.bundleOnly !== undefined ? 'bundle-only' : 'rejected');
}

/** The proto is derived on the way back (toSdp.ts finish()); only a different one travels. */
export function protoToXml(m: MediaDescription, isData: boolean, box: () => Element): void {
  if (String(m.protocol) !== derivedProto(m, isData)) box().c('proto', { value: String(m.protocol) });
}

function derivedProto(m: MediaDescription, isData: boolean): string {
  if (isData) return m.sctpmap !== undefined ? 'DTLS/SCTP' : 'UDP/DTLS/SCTP';
  if (m.fingerprint !== undefined) return 'UDP/TLS/RTP/SAVPF';
  const f = (m.rtcpFb?.length ?? 0) + (m.rtcpFbTrrInt?.length ?? 0) > 0 ? 'F' : '';
  return m.crypto !== undefined && m.crypto.length > 0 ? `RTP/SAVP${f}` : `RTP/AVP${f}`;
}

// ---- ours -> SDP: one reader per child of <sdp/> ----------------------------------------------

const BANDWIDTH = /^(TIAS|AS|CT|RR|RS)$/;
const ATTR_NAME = /^[A-Za-z0-9][\w.-]*$/;
const PROTO = /^[A-Za-z0-9/]+$/;
const LINE_TYPES = new Set(['i', 'u', 'e', 'p', 'z', 'r']);

const attrsOf = (el: Element): Record<string, unknown> => el.attrs as Record<string, unknown>;
const atSession = (el: Element): boolean => el.attrs['level'] === 'session';

export function msidToSdp(el: Element, sec: Section): void {
  sec.attrs.push(`a=msid:${matches(attrsOf(el)['value'], MSID, 'msid@value')}`);
}

export function ridToSdp(el: Element, sec: Section): void {
  const a = attrsOf(el);
  const p = a['params'] === undefined ? '' : ` ${token(a['params'], 'rid@params')}`;
  sec.extra.push(
    `a=rid:${matches(a['id'], WORD, 'rid@id')} ${matches(a['direction'], WORD, 'rid@direction')}${p}`,
  );
}

export function simulcastToSdp(el: Element, sec: Section): void {
  sec.extra.push(`a=simulcast:${matches(attrsOf(el)['value'], SIMULCAST, 'simulcast@value')}`);
}

export function rtcpRsizeToSdp(_el: Element, sec: Section): void {
  sec.attrs.push('a=rtcp-rsize');
}

export function bundleOnlyToSdp(_el: Element, sec: Section): void {
  sec.port = 0;
  sec.attrs.push('a=bundle-only');
}

export function rejectedToSdp(_el: Element, sec: Section): void {
  sec.port = 0;
}

export function protoToSdp(el: Element, sec: Section): void {
  sec.proto = matches(attrsOf(el)['value'], PROTO, 'proto@value');
}

/** A b= line beyond the one XEP-0167 carries, or a session-level one. */
export function bandwidthLineToSdp(el: Element, sec: Section, session: SessionExtras): void {
  const a = attrsOf(el);
  const line = `b=${matches(a['type'], BANDWIDTH, 'bandwidth@type')}:${uint(a['value'], 'bandwidth@value', 0, U32)}`;
  (atSession(el) ? session.bandwidth : sec.bandwidth).push(line);
}

export function lineToSdp(el: Element, sec: Section, session: SessionExtras): void {
  const type = String(el.attrs['type']);
  if (!LINE_TYPES.has(type)) throw new JingleParseError('line@type', 'not a carried SDP line type');
  (atSession(el) ? session.lines : sec.info).push(`${type}=${text(el.attrs['value'], 'line@value')}`);
}

export function attributeToSdp(el: Element, sec: Section, session: SessionExtras): void {
  const a = attrsOf(el);
  const name = a['name'];
  if (typeof name !== 'string' || name.length > 64 || !ATTR_NAME.test(name)) {
    throw new JingleParseError('attribute@name', 'not an SDP attribute name');
  }
  const line = a['value'] === undefined ? `a=${name}` : `a=${name}:${oneLine(a['value'])}`;
  (atSession(el) ? session.attrs : sec.extra).push(line);
}

export function endOfCandidatesToSdp(_el: Element, sec: Section): void {
  sec.tail.push('a=end-of-candidates');
}

export function maxMessageSizeToSdp(el: Element, sec: Section): void {
  sec.sctp.push(`a=max-message-size:${uint(attrsOf(el)['value'], 'max-message-size@value', 0, U32)}`);
}

export function legacySctpmapToSdp(_el: Element, sec: Section): void {
  sec.legacySctp = true;
}

export function iceOptionToSdp(el: Element, sec: Section): void {
  sec.iceOptions.push(token(attrsOf(el)['value'], 'ice-option@value'));
}

/**
 * Verbatim attribute values may hold any spacing: Chrome writes `a=msid-semantic: WMS ` (value
 * ' WMS '), and it must come back byte for byte. Never a line break (incl. U+2028) or a control character.
 */
function oneLine(v: unknown): string {
  if (typeof v !== 'string' || v.length > 4096)
    throw new JingleParseError('attribute@value', 'missing or overlong');
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // NEL, LS and PS end a line for JavaScript regexes (sdp-transform) and other parsers.
    if (c < 0x20 || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029) {
      throw new JingleParseError('attribute@value', 'control or line-break character');
    }
  }
  return v;
}
