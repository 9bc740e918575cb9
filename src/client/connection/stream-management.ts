// XEP-0198 stream management on xmpp.js 0.14, as connection.ts needs it: when a new or resumed
// session becomes usable, which stanzas a failed resume lost, and the iq replies xmpp.js leaves
// out of its count.
import { NS_SM_3, NS_STREAMS } from '../../jingle/ns.js';
import type { Element } from 'ltx';
import type { XmppClient } from '../xmpp.js';

export interface StreamManagementHooks {
  /** The session is usable: bound and, if SM was offered, SM enabled (or refused) or resumed. */
  ready(resumed: boolean): void;
  /** Stanzas sent but never acknowledged when a session could not be resumed (XEP-0198 §4). */
  lost(stanza: Element): void;
}

export function watchStreamManagement(xmpp: XmppClient, hooks: StreamManagementHooks): void {
  let smOffered = false;
  const ready = (resumed: boolean): void => {
    smOffered = false;
    hooks.ready(resumed);
  };
  xmpp.prependListener('element', (el: Element) => countIqReply(xmpp, el));
  xmpp.on('nonza', (el: Element) => {
    if (el.is('features', NS_STREAMS)) {
      // Post-auth features carry <bind/>; only then does SM matter (XEP-0198 §3).
      if (el.getChild('bind', 'urn:ietf:params:xml:ns:xmpp-bind')) smOffered = !!el.getChild('sm', NS_SM_3);
    } else if (el.getNS() === NS_SM_3 && (el.name === 'enabled' || el.name === 'failed')) {
      // docs/reference/test-environment.md §5: nothing may be sent between bind and <enabled/>.
      // A <failed/> answering <resume/> arrives before binding (status not yet online): ignored here.
      if (smOffered && xmpp.status === 'online') ready(false);
    }
  });
  xmpp.on('online', () => {
    // With SM offered, wait for <enabled/>/<failed/> (handled on 'nonza') before going online.
    if (!smOffered) ready(false);
  });
  xmpp.streamManagement.on('resumed', () => ready(true));
  xmpp.streamManagement.on('fail', (stanza: Element) => hooks.lost(stanza));
}

/**
 * xmpp.js 0.14 routes iq replies to iqCaller before its SM middleware sees them, so they are not
 * counted in `h` (XEP-0198 §4) and the server would re-send them after a resume. Count them here,
 * before the middleware runs, while the pending request is still registered.
 */
function countIqReply(xmpp: XmppClient, el: Element): void {
  const sm = xmpp.streamManagement;
  const { type, id } = el.attrs as Record<string, unknown>;
  if (sm.enabled && el.name === 'iq' && (type === 'result' || type === 'error') && typeof id === 'string') {
    if (xmpp.iqCaller.handlers.has(id)) sm.inbound += 1;
  }
}
