// XEP-0166 §7.1/§7.3 envelope of a received <jingle/>: lenient where deployed clients deviate
// (docs/reference/xep-rules.md §17: missing initiator, wrong creator, unknown children), strict only where
// the XEP says bad-request (§7.2 unknown action, §7.3 disposition rule, missing sid/name).
import type { Element } from 'ltx';
import { isJingleAction, Role, Senders, type JingleAction } from '../constants.js';
import { NS_JINGLE_1, NS_JINGLE_GROUPING_0 } from '../ns.js';
import { reasonFromXml, type Reason } from '../reason.js';

export interface ParsedContent {
  /** undefined when absent or not a role: contents are then matched by name (§17, Siskin/Jitsi). */
  creator?: Role;
  name: string;
  senders?: Senders;
  disposition: string;
  description?: Element;
  transport?: Element;
  /** Other children (e.g. lib-jitsi-meet's source-frame-height); kept, never interpreted. */
  element: Element;
}

export interface ParsedJingle {
  action: JingleAction;
  sid: string;
  initiator?: string;
  responder?: string;
  contents: ParsedContent[];
  group?: Element;
  reason?: Reason;
  /** Children that are not content/reason/group: the session-info or description-info payload. */
  payload: Element[];
}

export type ParseResult = { ok: true; jingle: ParsedJingle } | { ok: false; sid?: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isSenders = (s: string): s is Senders => Object.hasOwn(Senders, s);

/** Never throws: anything unreadable is `{ ok: false }`, which the caller answers bad-request. */
export function parseJingle(el: Element): ParseResult {
  try {
    return parseUnsafe(el);
  } catch {
    return { ok: false };
  }
}

function parseUnsafe(el: Element): ParseResult {
  const sid = str(el.attrs['sid']);
  const action = str(el.attrs['action']);
  if (el.name !== 'jingle' || el.attrs['xmlns'] !== NS_JINGLE_1 || sid === undefined) return { ok: false };
  if (action === undefined || !isJingleAction(action)) return { ok: false, sid };
  const out: ParsedJingle = { action, sid, contents: [], payload: [] };
  const initiator = str(el.attrs['initiator']);
  const responder = str(el.attrs['responder']);
  if (initiator !== undefined) out.initiator = initiator;
  if (responder !== undefined) out.responder = responder;
  for (const child of el.getChildElements()) {
    const ns = child.attrs['xmlns'];
    const own = ns === undefined || ns === NS_JINGLE_1;
    if (own && child.name === 'content') {
      const content = parseContent(child);
      if (content === undefined) return { ok: false, sid };
      out.contents.push(content);
    } else if (own && child.name === 'reason') out.reason = reasonFromXml(child);
    else if (child.name === 'group' && ns === NS_JINGLE_GROUPING_0) out.group = child;
    else out.payload.push(child);
  }
  // §7.3: one content must be disposition=session; with several, at least one.
  if (action === 'session-initiate' && !out.contents.some((c) => c.disposition === 'session'))
    return { ok: false, sid };
  return { ok: true, jingle: out };
}

function parseContent(el: Element): ParsedContent | undefined {
  const name = str(el.attrs['name']);
  if (name === undefined) return undefined;
  const c: ParsedContent = { name, disposition: str(el.attrs['disposition']) ?? 'session', element: el };
  const creator = el.attrs['creator'];
  if (creator === Role.initiator || creator === Role.responder) c.creator = creator;
  const senders = str(el.attrs['senders']);
  if (senders !== undefined) {
    if (!isSenders(senders)) return undefined;
    c.senders = senders;
  }
  for (const child of el.getChildElements()) {
    if (child.name === 'description' && c.description === undefined) c.description = child;
    else if (child.name === 'transport' && c.transport === undefined) c.transport = child;
  }
  return c;
}
