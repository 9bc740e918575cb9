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
import type { Section, SessionExtras } from '../sdp/section.js';
import { LETTER_OF, renderAttribute, splitAttribute } from '../sdp/unmapped.js';
import { extmapToSdp } from './xep0294.js';
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

export function mediaExtrasToXml(m: MediaDescription, box: () => Element): void {
  for (const ms of m.msid ?? [])
    box().c('msid', { value: ms.appdata !== undefined ? `${ms.id} ${ms.appdata}` : String(ms.id) });
  for (const r of m.rids ?? []) {
    const attrs: Record<string, string> = { id: String(r.id), direction: String(r.direction) };
    if (r.params !== undefined) attrs['params'] = String(r.params);
    box().c('rid', attrs);
  }
  const sc = m.simulcast;
  if (sc !== undefined) {
    box().c('simulcast', {
      value:
        sc.dir2 !== undefined ? `${sc.dir1} ${sc.list1} ${sc.dir2} ${sc.list2}` : `${sc.dir1} ${sc.list1}`,
    });
  }
  if (m.rtcpRsize !== undefined) box().c('rtcp-rsize');
  if (m.bundleOnly !== undefined && String(m.port) !== '0') box().c('bundle-only');
}

const BANDWIDTH = /^(TIAS|AS|CT|RR|RS)$/;
const ATTR_NAME = /^[A-Za-z0-9][\w.-]*$/;
const PROTO = /^[A-Za-z0-9/]+$/;
const LINE_TYPES = new Set(['i', 'u', 'e', 'p', 'z', 'r']);

export function containerToSdp(box: Element, sec: Section, session: SessionExtras): void {
  for (const c of box.getChildElements()) {
    const a = c.attrs as Record<string, unknown>;
    const atSession = a['level'] === 'session';
    switch (c.name) {
      case 'msid':
        sec.attrs.push(`a=msid:${matches(a['value'], MSID, 'msid@value')}`);
        break;
      case 'rid': {
        const p = a['params'] === undefined ? '' : ` ${token(a['params'], 'rid@params')}`;
        sec.extra.push(
          `a=rid:${matches(a['id'], WORD, 'rid@id')} ${matches(a['direction'], WORD, 'rid@direction')}${p}`,
        );
        break;
      }
      case 'simulcast':
        sec.extra.push(`a=simulcast:${matches(a['value'], SIMULCAST, 'simulcast@value')}`);
        break;
      case 'rtcp-rsize':
        sec.attrs.push('a=rtcp-rsize');
        break;
      case 'bundle-only':
        sec.port = 0;
        sec.attrs.push('a=bundle-only');
        break;
      case 'rejected':
        sec.port = 0;
        break;
      case 'proto':
        sec.proto = matches(a['value'], PROTO, 'proto@value');
        break;
      case 'extmap':
        extmapToSdp(a, sec);
        break;
      case 'bandwidth': {
        const line = `b=${matches(a['type'], BANDWIDTH, 'bandwidth@type')}:${uint(a['value'], 'bandwidth@value', 0, U32)}`;
        (atSession ? session.bandwidth : sec.bandwidth).push(line);
        break;
      }
      case 'line': {
        const type = String(a['type']);
        if (!LINE_TYPES.has(type)) throw new JingleParseError('line@type', 'not a carried SDP line type');
        (atSession ? session.lines : sec.info).push(`${type}=${text(a['value'], 'line@value')}`);
        break;
      }
      case 'attribute': {
        const name = a['name'];
        if (typeof name !== 'string' || name.length > 64 || !ATTR_NAME.test(name)) {
          throw new JingleParseError('attribute@name', 'not an SDP attribute name');
        }
        const line = a['value'] === undefined ? `a=${name}` : `a=${name}:${oneLine(a['value'])}`;
        (atSession ? session.attrs : sec.extra).push(line);
        break;
      }
      case 'end-of-candidates':
        sec.tail.push('a=end-of-candidates');
        break;
      case 'max-message-size':
        sec.sctp.push(`a=max-message-size:${uint(a['value'], 'max-message-size@value', 0, U32)}`);
        break;
      case 'legacy-sctpmap':
        sec.legacySctp = true;
        break;
      case 'ice-option':
        sec.iceOptions.push(token(a['value'], 'ice-option@value'));
        break;
    }
  }
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
