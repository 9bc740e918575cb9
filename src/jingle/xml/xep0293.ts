// XEP-0293 Jingle RTP Feedback Negotiation v1.0.2. Placement decides scope (§3): inside a
// <payload-type> it is `a=rtcp-fb:<pt>`, directly under <description> it is `a=rtcp-fb:*`.
// trr-int is always <rtcp-fb-trr-int/>, never a type (§5).
//   a=rtcp-fb:96 nack pli      <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='pli'/>
//   a=rtcp-fb:* trr-int 100    <rtcp-fb-trr-int xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' value='100'/>
import type { Element } from 'ltx';
import type { MediaDescription } from 'sdp-transform';
import { NS_JINGLE_RTP_RTCP_FB_0 } from '../ns.js';
import type { Section } from './section.js';
import { token, uint, U32 } from './validate.js';

/** `orphan` receives the a= body of a line whose payload type is not on the m-line (kept verbatim). */
export function rtcpFbToXml(
  m: MediaDescription,
  desc: Element,
  pts: Map<string, Element>,
  orphan: (body: string) => void,
): void {
  for (const f of m.rtcpFb ?? []) {
    const parent = f.payload === '*' ? desc : pts.get(String(f.payload));
    const sub = f.subtype === undefined ? '' : ` ${f.subtype}`;
    if (parent === undefined) {
      orphan(`rtcp-fb:${f.payload} ${f.type}${sub}`);
      continue;
    }
    const a: Record<string, string> = { xmlns: NS_JINGLE_RTP_RTCP_FB_0, type: String(f.type) };
    if (f.subtype !== undefined) a['subtype'] = String(f.subtype);
    parent.c('rtcp-fb', a);
  }
  for (const t of m.rtcpFbTrrInt ?? []) {
    const parent = t.payload === '*' ? desc : pts.get(String(t.payload));
    if (parent === undefined) orphan(`rtcp-fb:${t.payload} trr-int ${t.value}`);
    else parent.c('rtcp-fb-trr-int', { xmlns: NS_JINGLE_RTP_RTCP_FB_0, value: String(t.value) });
  }
}

/** The part after `a=rtcp-fb:<pt>`, e.g. " nack pli" or " trr-int 100". */
export function feedbackToSdp(el: Element): string {
  if (el.name === 'rtcp-fb-trr-int')
    return ` trr-int ${uint(el.attrs['value'], 'rtcp-fb-trr-int@value', 0, U32)}`;
  const type = token(el.attrs['type'], 'rtcp-fb@type');
  const sub = el.attrs['subtype'];
  return sub === undefined || sub === '' ? ` ${type}` : ` ${type} ${token(sub, 'rtcp-fb@subtype')}`;
}

/** Feedback directly under <description> applies to every payload type: `a=rtcp-fb:*` (§3). */
export function wildcardFeedbackToSdp(el: Element, sec: Section): void {
  sec.rtp.push(`a=rtcp-fb:*${feedbackToSdp(el)}`);
  sec.hasRtcpFb = true;
}
