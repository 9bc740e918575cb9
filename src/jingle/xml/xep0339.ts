// XEP-0339 Source-Specific Media Attributes in Jingle v1.0.1.
//   a=ssrc:1 cname:x          <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1'><parameter name='cname' value='x'/></source>
//   a=ssrc-group:FID 1 2      <ssrc-group semantics='FID'><source ssrc='1'/><source ssrc='2'/></ssrc-group>
// Deviations accepted (§17): SIM and FEC-FR semantics (not in the schema enum), Jicofo's <parameter>
// in the rtp:1 namespace (we match by local name), a <parameter> without value.
import type { Element } from 'ltx';
import type { MediaDescription } from 'sdp-transform';
import { JingleParseError } from '../errors.js';
import { NS_JINGLE_RTP_SSMA_0 } from '../ns.js';
import type { Section } from './section.js';
import { text, token, uint, U32 } from './validate.js';

/** sdp-transform's ssrc-group semantics grammar (RFC 5576 token-char). */
const SSRC_SEMANTICS = /^[\w!#$%&'*+.-]+$/;

export function ssmaToXml(m: MediaDescription, desc: Element): void {
  // Groups before sources, as Chrome writes them (§3.2).
  for (const g of m.ssrcGroups ?? []) {
    const group = desc.c('ssrc-group', { xmlns: NS_JINGLE_RTP_SSMA_0, semantics: String(g.semantics) });
    for (const id of String(g.ssrcs).split(' ')) if (id !== '') group.c('source', { ssrc: id });
  }
  let last: Element | undefined;
  let lastId = '';
  for (const x of m.ssrcs ?? []) {
    const id = String(x.id);
    // Consecutive lines of one ssrc share a <source>; a later repeat opens a new one (order kept).
    if (last === undefined || id !== lastId) {
      last = desc.c('source', { xmlns: NS_JINGLE_RTP_SSMA_0, ssrc: id });
      lastId = id;
    }
    if (x.attribute === undefined) continue;
    const a: Record<string, string> = { name: String(x.attribute) };
    if (x.value !== undefined) a['value'] = String(x.value);
    last.c('parameter', a);
  }
}

export function sourceToSdp(src: Element, sec: Section): void {
  const id = uint(src.attrs['ssrc'], 'source@ssrc', 0, U32);
  // A <source> without parameters has no SDP form (a=ssrc needs an attribute, RFC 5576 §4.1).
  for (const p of src.getChildElements()) {
    if (p.name !== 'parameter') continue;
    const name = token(p.attrs['name'], 'source/parameter@name');
    const v = p.attrs['value'];
    const body = v === undefined ? name : `${name}:${text(v, 'source/parameter@value')}`;
    sec.ssrc.push(`a=ssrc:${id} ${body}`);
    const known = sec.ssrcAttrs.get(id);
    if (known === undefined) sec.ssrcAttrs.set(id, [body]);
    else known.push(body);
  }
}

export function ssrcGroupToSdp(group: Element, sec: Section): void {
  const sem = String(group.attrs['semantics'] ?? '');
  if (!SSRC_SEMANTICS.test(sem)) {
    throw new JingleParseError('ssrc-group@semantics', `not a token: ${JSON.stringify(sem.slice(0, 40))}`);
  }
  const ids: number[] = [];
  for (const s of group.getChildElements()) {
    if (s.name === 'source') ids.push(uint(s.attrs['ssrc'], 'ssrc-group/source@ssrc', 0, U32));
  }
  if (ids.length === 0) return;
  sec.ssrcGroups.push({ at: sec.ssrc.length, ids });
  sec.ssrc.push(`a=ssrc-group:${sem} ${ids.join(' ')}`);
}

/**
 * Leniency rule (docs/sdp-mapping.md): an <ssrc-group> naming an ssrc that has no <source> with
 * parameters. StanzaJS 12.22.1 sends its FID group so (the retransmission ssrc has no <source>), and
 * Chromium refuses the whole description ("Failed to add remote stream ssrc"); RFC 5576 §4.2 wants
 * every ssrc of a group described by a=ssrc lines. The missing ssrc gets the cname and msid of the
 * group's first (primary) ssrc, as StanzaJS's own converter does for its FID; a group whose primary
 * has neither is dropped. Runs once the whole <description> is read, so the order of children is free.
 */
export function repairSsrcGroups(sec: Section): void {
  if (sec.ssrcGroups.length === 0) return;
  const added: string[] = [];
  const dropped = new Set<number>();
  for (const g of sec.ssrcGroups) {
    const primary = sec.ssrcAttrs.get(g.ids[0] as number) ?? [];
    const copy = primary.filter((b) => b.startsWith('cname:') || b.startsWith('msid:'));
    const missing = g.ids.filter((id) => !sec.ssrcAttrs.has(id));
    if (missing.length === 0) continue;
    if (copy.length === 0) {
      dropped.add(g.at);
      continue;
    }
    for (const id of missing) {
      sec.ssrcAttrs.set(id, copy);
      for (const body of copy) added.push(`a=ssrc:${id} ${body}`);
    }
  }
  if (dropped.size > 0) sec.ssrc = sec.ssrc.filter((_, i) => !dropped.has(i));
  sec.ssrc.push(...added);
}
