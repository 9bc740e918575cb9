// XEP-0166 §7.4 <reason/>: one condition, an optional <text/>, an optional element of another namespace.
// Used by session-terminate (and any action, §7.4) and by JMI retract/reject/finish (XEP-0353 §3).
import { Element } from './ltx.js';
import { isReasonCondition, type ReasonCondition } from './constants.js';
import { NS_JINGLE_1 } from './ns.js';

export interface Reason {
  condition: ReasonCondition;
  /** Human-readable; every reason we send carries one (docs/reference/deployed-clients.md §5.5). */
  text?: string;
  /** alternative-session carries the other session's id in <sid/> (§7.4). */
  alternativeSid?: string;
  /** Application-specific detail, e.g. <crypto-required xmlns='urn:xmpp:jingle:apps:rtp:errors:1'/>. */
  detail?: Element;
}

export function reasonToXml(r: Reason): Element {
  const el = new Element('reason', { xmlns: NS_JINGLE_1 });
  const cond = el.c(r.condition);
  if (r.condition === 'alternative-session' && r.alternativeSid !== undefined)
    cond.c('sid').t(r.alternativeSid);
  if (r.text !== undefined) el.c('text').t(r.text);
  if (r.detail !== undefined) el.cnode(r.detail);
  return el;
}

/**
 * Lenient: a <reason> without a known condition becomes general-error (peers invent conditions), so
 * the application still learns that the call ended and gets the text. A missing <reason> is undefined.
 */
export function reasonFromXml(el: Element | undefined): Reason | undefined {
  if (el === undefined) return undefined;
  let condition: ReasonCondition | undefined;
  let text: string | undefined;
  let alternativeSid: string | undefined;
  let detail: Element | undefined;
  for (const child of el.getChildElements()) {
    if (child.name === 'text') text = child.getText();
    else if (condition === undefined && isReasonCondition(child.name) && !isForeign(child)) {
      condition = child.name;
      if (condition === 'alternative-session') alternativeSid = child.getChildText('sid') ?? undefined;
    } else if (detail === undefined && isForeign(child)) detail = child;
  }
  const r: Reason = { condition: condition ?? 'general-error' };
  if (text !== undefined) r.text = text;
  if (alternativeSid !== undefined) r.alternativeSid = alternativeSid;
  if (detail !== undefined) r.detail = detail;
  return r;
}

const isForeign = (child: Element): boolean => {
  const ns = child.attrs['xmlns'];
  return typeof ns === 'string' && ns !== NS_JINGLE_1;
};
