// Building outgoing <jingle/> elements (XEP-0166 §7). Payload Elements are cloned, never shared with
// the caller, so later edits on either side cannot leak into a sent stanza or the session value.
import { clone, Element } from '../ltx.js';
import type { JingleAction } from '../constants.js';
import { NS_JINGLE_1 } from '../ns.js';
import type { ContentState, Session } from './types.js';

export function jingleEl(s: Session, action: JingleAction): Element {
  const attrs: Record<string, string> = { xmlns: NS_JINGLE_1, action, sid: s.sid };
  // §7.1: initiator RECOMMENDED on session-initiate, responder on session-accept; not elsewhere.
  if (action === 'session-initiate') attrs['initiator'] = s.self;
  if (action === 'session-accept') attrs['responder'] = s.self;
  return new Element('jingle', attrs);
}

interface ContentHead {
  creator: string;
  name: string;
  senders?: string;
  disposition?: string;
}

export function contentEl(head: ContentHead, children: readonly (Element | undefined)[]): Element {
  const attrs: Record<string, string> = { creator: head.creator, name: head.name };
  if (head.senders !== undefined && head.senders !== 'both') attrs['senders'] = head.senders;
  if (head.disposition !== undefined && head.disposition !== 'session')
    attrs['disposition'] = head.disposition;
  const el = new Element('content', attrs);
  for (const child of children) if (child !== undefined) el.cnode(clone(child));
  return el;
}

/** A content as we negotiate it: our side's description/transport under the original creator (§7.3). */
export const localContentEl = (c: ContentState): Element =>
  contentEl(c, [c.local.description, c.local.transport]);

/**
 * The remote-description handed to adapters: every content the peer described (except ones we are
 * still adding ourselves) plus the peer's group, ready for jingleToSdp.
 */
export function remoteDescription(
  s: Session,
  action: JingleAction,
  override?: Map<string, Element>,
): Element {
  const el = jingleEl(s, action);
  for (const c of s.contents) {
    if (c.status === 'adding-local') continue;
    if (c.remote.description === undefined && c.remote.transport === undefined) continue;
    el.cnode(contentEl(c, [c.remote.description, override?.get(c.name) ?? c.remote.transport]));
  }
  if (s.remoteGroup !== undefined) el.cnode(clone(s.remoteGroup));
  return el;
}

export function withChildren(parent: Element, children: readonly Element[]): Element {
  for (const child of children) parent.cnode(child);
  return parent;
}
