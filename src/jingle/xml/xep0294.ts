// XEP-0294 Jingle RTP Header Extensions Negotiation v1.1.2.
//   a=extmap:1/sendonly urn:…:ssrc-audio-level   <rtp-hdrext id='1' uri='urn:…:ssrc-audio-level'/>
//                                                 + ours <extmap id='1' direction='sendonly'/>
//   a=extmap:3 urn:x cfg                          <rtp-hdrext id='3' uri='urn:x'><parameter name='cfg'/></rtp-hdrext>
//   a=extmap-allow-mixed (session or media)       <extmap-allow-mixed/> in every <description> (§5)
// Direction: §5's example contradicts XEP-0166 role semantics and deployed clients disagree
// (docs/reference/xep-rules.md §6). We never emit `senders` and ignore it on input; the SDP direction
// travels in our namespace so two jingle-bridge instances stay lossless (docs/sdp-mapping.md).
// Monal's <extmap-allow-mixed/> without namespace is accepted (§17).
import type { Element } from 'ltx';
import type { MediaDescription } from 'sdp-transform';
import { NS_JINGLE_RTP_HDREXT_0 } from '../ns.js';
import type { Section } from './section.js';
import { WORD, matches, text, token, uint } from './validate.js';

/**
 * A content without RTP description (data) keeps a=extmap-allow-mixed in its <description> if it has
 * one, else in ours.
 */
export function allowMixedToXml(m: MediaDescription, desc: Element | undefined, ours: () => Element): void {
  if (m.extmapAllowMixed === undefined) return;
  if (desc !== undefined) desc.c('extmap-allow-mixed', { xmlns: NS_JINGLE_RTP_HDREXT_0 });
  else ours().c('attribute', { name: 'extmap-allow-mixed' });
}

export function hdrextToXml(m: MediaDescription, desc: Element, ours: () => Element): void {
  for (const e of m.ext ?? []) {
    const ext = desc.c('rtp-hdrext', {
      xmlns: NS_JINGLE_RTP_HDREXT_0,
      id: String(e.value),
      uri: String(e.uri),
    });
    if (e.config !== undefined) ext.c('parameter', { name: String(e.config) });
    const enc = (e as { 'encrypt-uri'?: string })['encrypt-uri'];
    if (e.direction !== undefined || enc !== undefined) {
      const a: Record<string, string> = { id: String(e.value) };
      if (e.direction !== undefined) a['direction'] = String(e.direction);
      if (enc !== undefined) a['encrypt'] = String(enc);
      ours().c('extmap', a);
    }
  }
  if (m.extmapAllowMixed !== undefined) desc.c('extmap-allow-mixed', { xmlns: NS_JINGLE_RTP_HDREXT_0 });
}

export function hdrextToSdp(el: Element, sec: Section): void {
  // xs:unsignedShort in the schema, but SDP allows 1-255 (RFC 8285 §5) and Chromium rejects the
  // whole SDP otherwise: a schema-valid id above 255 (XEP-0294 example 1's 4907) is skipped.
  const id = uint(el.attrs['id'], 'rtp-hdrext@id', 1, 65535);
  if (id > 255) return;
  const p = el.getChild('parameter');
  const config =
    p === undefined ? undefined : text(p.attrs['name'] ?? p.attrs['value'], 'rtp-hdrext/parameter@name');
  sec.ext.push({ id, uri: token(el.attrs['uri'], 'rtp-hdrext@uri'), config });
}

/** Ours: <extmap id direction encrypt/> restores what XEP-0294 cannot carry safely. */
export function extmapToSdp(a: Record<string, unknown>, sec: Section): void {
  const id = uint(a['id'], 'extmap@id', 1, 65535);
  const direction =
    a['direction'] === undefined ? undefined : matches(a['direction'], WORD, 'extmap@direction');
  const encrypt = a['encrypt'] === undefined ? undefined : token(a['encrypt'], 'extmap@encrypt');
  sec.extDir.set(id, { direction, encrypt });
}

export function extmapLines(sec: Section): string[] {
  return sec.ext.map((e) => {
    const d = sec.extDir.get(e.id);
    const dir = d?.direction !== undefined ? `/${d.direction}` : '';
    const enc = d?.encrypt !== undefined ? ` ${d.encrypt}` : '';
    return `a=extmap:${e.id}${dir}${enc} ${e.uri}${e.config !== undefined ? ` ${e.config}` : ''}`;
  });
}
