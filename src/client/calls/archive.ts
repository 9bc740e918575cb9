// Missed calls from the archive (XEP-0313 MAM, XEP-0353 §5): after a fresh login we fetch recent
// messages and replay the proposes nobody on our account answered. The JMI engine marks a propose older
// than 60 s as missed, so they land in the call history without ringing.
import { Element } from 'ltx';
import { bareJid, sameJid } from '../../jingle/jid.js';
import { NS_DATA_FORMS, NS_DELAY, NS_FORWARD_0, NS_MAM_2, NS_RSM } from '../../jingle/ns.js';
import { formatStamp, parseJmi, parseStamp } from '../../jingle/jmi/index.js';

/** How far back a fresh login looks for missed calls. */
export const ARCHIVE_LOOKBACK_MS = 24 * 60 * 60 * 1000;
const ARCHIVE_MAX = 100;

export interface ArchivedMessage {
  message: Element;
  stamp: number;
}

/** XEP-0313 §4.1 query with a `start` filter (§4.1.1) and an RSM page size. */
export function mamQuery(queryId: string, since: number): Element {
  const q = new Element('query', { xmlns: NS_MAM_2, queryid: queryId });
  const x = q.c('x', { xmlns: NS_DATA_FORMS, type: 'submit' });
  x.c('field', { var: 'FORM_TYPE', type: 'hidden' }).c('value').t(NS_MAM_2);
  x.c('field', { var: 'start' }).c('value').t(formatStamp(since));
  // RSM `<before/>` without a value asks for the last page: the most recent messages (XEP-0059 §2.5).
  const set = q.c('set', { xmlns: NS_RSM });
  set.c('max').t(String(ARCHIVE_MAX));
  set.c('before');
  return q;
}

/**
 * One `<message><result queryid><forwarded><delay/><message/>` of our query, or undefined. Only our own
 * server (no `from`, or our bare JID) may hand us archive results (XEP-0313 §5, like carbons).
 */
export function mamResult(stanza: Element, own: string, queryId: string): ArchivedMessage | undefined {
  const from = stanza.attrs['from'];
  if (typeof from === 'string' && from !== '' && !sameJid(from, bareJid(own))) return undefined;
  const result = stanza.getChild('result', NS_MAM_2);
  if (result === undefined || result.attrs['queryid'] !== queryId) return undefined;
  const forwarded = result.getChild('forwarded', NS_FORWARD_0);
  const message = forwarded?.getChild('message');
  const stamp = parseStamp(forwarded?.getChild('delay', NS_DELAY)?.attrs['stamp'] as string | undefined);
  return message === undefined || stamp === undefined ? undefined : { message, stamp };
}

/** Proposes from others that no device of ours answered (proceed, accept, reject or finish). */
export function unansweredProposes(items: readonly ArchivedMessage[], own: string): ArchivedMessage[] {
  const parsed = items.map((i) => ({ i, r: parseJmi(i.message, own, { archivedAt: i.stamp }) }));
  const answered = new Set(
    parsed.flatMap(({ r }) =>
      r.ok && r.message.kind !== 'propose' && sameJid(bareJid(r.message.from), bareJid(own))
        ? [r.message.id]
        : [],
    ),
  );
  return parsed
    .filter(
      ({ r }) =>
        r.ok &&
        r.message.kind === 'propose' &&
        !sameJid(bareJid(r.message.from), bareJid(own)) &&
        !answered.has(r.message.id),
    )
    .map(({ i }) => i);
}
