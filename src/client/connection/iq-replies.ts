// Two defects of @xmpp/iq 0.14 that this client must not inherit (issues #9 and #11):
//
// - Its caller builds the rejection of a request with StanzaError.fromElement(<error/>), which throws
//   a TypeError inside the router when the reply has no <error/> or an <error/> without a condition
//   (StanzaJS answers a session-initiate it cannot apply with `<error type='cancel'/>`). The request
//   then never settles and the caller waits for its 30 s timeout. Every error reply is therefore
//   repaired before the router sees it, so each request settles when its reply arrives.
// - Its callee copies the whole request into every error reply. RFC 6120 §8.3.1 allows including
//   the original payload but does not require it, and a ~100 KB echo overflows Prosody 0.12's
//   WebSocket frame buffer, which then drops our session. Error replies leave with only <error/>.
import { NS_STANZAS } from '../../jingle/ns.js';
import type { Element } from 'ltx';
import { xml, type XmppClient } from '../xmpp.js';

/** RFC 6120 §8.3.2: the five error types; anything else is read as `cancel`. */
const ERROR_TYPES = new Set(['auth', 'cancel', 'continue', 'modify', 'wait']);

const isElement = (c: unknown): c is Element => typeof c === 'object' && c !== null && 'name' in c;
const inStanzaNs = (c: Element): boolean =>
  c.attrs['xmlns'] === undefined || c.attrs['xmlns'] === 'jabber:client';

/**
 * The condition child of an `<error/>`: the first child in the stanzas namespace other than <text/>
 * (RFC 6120 §8.3.3), or undefined. Reads an explicit xmlns only, as the stream parser keeps it.
 */
function conditionOf(error: Element): Element | undefined {
  return error.children.find(
    (c): c is Element => isElement(c) && c.name !== 'text' && c.attrs['xmlns'] === NS_STANZAS,
  );
}

/**
 * Makes an `<iq type='error'>` readable by @xmpp/iq's caller, in place: an `<error/>` child with a
 * valid type whose first child is its condition. A missing `<error/>` or condition becomes
 * `undefined-condition` (RFC 6120 §8.3.3.21), a missing or unknown type `cancel`; a <text/> and an
 * application-specific child are kept, after the condition. Other stanzas are left alone.
 */
export function repairErrorReply(stanza: Element): void {
  if (stanza.name !== 'iq' || stanza.attrs['type'] !== 'error') return;
  let error = stanza.children.find((c): c is Element => isElement(c) && c.name === 'error');
  if (error === undefined) {
    error = xml('error', { type: 'cancel' });
    stanza.children.push(error);
    error.parent = stanza;
  }
  const type = error.attrs['type'];
  if (typeof type !== 'string' || !ERROR_TYPES.has(type)) error.attrs['type'] = 'cancel';
  const kids = error.children.filter(isElement);
  let condition = conditionOf(error);
  if (condition === undefined) {
    condition = xml('undefined-condition', { xmlns: NS_STANZAS });
    condition.parent = error;
  }
  // @xmpp/error reads [condition, text or application, application]: the condition goes first, then
  // the text; children of other namespaces (e.g. XEP-0166 §10's Jingle conditions) are kept after them.
  const text = kids.find((c) => c.name === 'text' && c.attrs['xmlns'] === NS_STANZAS);
  const foreign = kids.filter((c) => typeof c.attrs['xmlns'] === 'string' && c.attrs['xmlns'] !== NS_STANZAS);
  error.children = [condition, ...(text ? [text] : []), ...foreign];
}

/**
 * An error reply we send, reduced to its `<error/>` (RFC 6120 §8.3.1: the original payload MAY be
 * included; we never include it). Other stanzas are left alone. Mutates and returns the stanza.
 */
export function withoutPayload(stanza: Element): Element {
  if (stanza.name === 'iq' && stanza.attrs['type'] === 'error') {
    // @xmpp/iq appends its <error/> after the echoed payload, and that payload may itself be an
    // element named error in another namespace (the wire fuzzer sent such IQs, and Prosody dropped
    // the reply that kept it): keep the last <error/> of the stanza's own namespace.
    const error = stanza.children
      .filter((c): c is Element => isElement(c) && c.name === 'error' && inStanzaNs(c))
      .pop();
    stanza.children = error === undefined ? [] : [error];
  }
  return stanza;
}

/**
 * Installs both repairs on a client: incoming error replies are repaired before any middleware
 * (and so @xmpp/iq's router) sees them, and every stanza sent goes through withoutPayload().
 */
export function guardIq(xmpp: XmppClient): void {
  xmpp.prependListener('element', (el: Element) => repairErrorReply(el));
  const send = xmpp.send.bind(xmpp);
  xmpp.send = (element: Element) => send(withoutPayload(element));
}
