// XEP-0338 Jingle Grouping Framework v1.0.0: `a=group` <-> <group/> as a child of <jingle>.
//   a=group:BUNDLE 0 1   <group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'><content name='0'/><content name='1'/></group>
// Content names are the mids (§2), so both directions keep them verbatim.
import type { Element } from 'ltx';
import type { SessionDescription } from 'sdp-transform';
import { JingleParseError } from '../errors.js';
import { NS_JINGLE_GROUPING_0 } from '../ns.js';
import { token } from './validate.js';

/** sdp-transform's group grammar is `group:(\w*) (.*)`. */
const GROUP_SEMANTICS = /^\w+$/;

export function groupsToXml(session: SessionDescription, jingle: Element): void {
  for (const g of session.groups ?? []) {
    const group = jingle.c('group', { xmlns: NS_JINGLE_GROUPING_0, semantics: String(g.type) });
    for (const mid of String(g.mids).split(' ')) if (mid !== '') group.c('content', { name: mid });
  }
}

export const isGroup = (el: Element): boolean =>
  el.name === 'group' && (el.attrs['xmlns'] === NS_JINGLE_GROUPING_0 || el.attrs['xmlns'] === undefined);

/** The a=group line and its tags; undefined for an empty group (RFC 5888 §5 needs one tag). */
export function groupToSdp(el: Element): { line: string; semantics: string; names: string[] } | undefined {
  const semantics = String(el.attrs['semantics'] ?? el.attrs['type'] ?? '');
  if (!GROUP_SEMANTICS.test(semantics)) throw new JingleParseError('group@semantics', 'not a token');
  const names: string[] = [];
  for (const n of el.getChildElements()) {
    if (n.name === 'content') names.push(token(n.attrs['name'], 'group/content@name'));
  }
  if (names.length === 0) return undefined;
  return { line: `a=group:${semantics} ${names.join(' ')}`, semantics, names };
}
