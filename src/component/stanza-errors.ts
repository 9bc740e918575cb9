// Stanza errors the component returns to peers (RFC 6120 §8.3; XEP-0050 §4.6 for command-specific
// conditions). Errors are data: handlers return a name from this registry, one function renders it.
import { Element } from 'ltx';
import { NS_COMMANDS, NS_STANZAS } from '../jingle/ns.js';

export interface StanzaErrorSpec {
  type: 'auth' | 'cancel' | 'continue' | 'modify' | 'wait';
  condition: string;
  /** An application-specific condition element (RFC 6120 §8.3.2), e.g. XEP-0050's <bad-sessionid/>. */
  app?: { ns: string; name: string };
}

export const STANZA_ERRORS = {
  // RFC 6120 §8.4: an IQ whose payload nobody here understands.
  serviceUnavailable: { type: 'cancel', condition: 'service-unavailable' },
  // A local part of our domain that names no entity (no such guest, no such bot).
  itemNotFound: { type: 'cancel', condition: 'item-not-found' },
  badRequest: { type: 'modify', condition: 'bad-request' },
  // XEP-0050 §4.4 "Execution forbidden" uses type cancel.
  forbidden: { type: 'cancel', condition: 'forbidden' },
  notAllowed: { type: 'cancel', condition: 'not-allowed' },
  // A handler failed; the stanza was not processed (RFC 6120 §8.3.3.6).
  internalServerError: { type: 'cancel', condition: 'internal-server-error' },
  // The client is sending faster than the rate limit allows (RFC 6120 §8.3.3.18).
  resourceConstraint: { type: 'wait', condition: 'resource-constraint' },
  // XEP-0050 §4.6 specific conditions.
  badAction: { type: 'modify', condition: 'bad-request', app: { ns: NS_COMMANDS, name: 'bad-action' } },
  malformedAction: {
    type: 'modify',
    condition: 'bad-request',
    app: { ns: NS_COMMANDS, name: 'malformed-action' },
  },
  badPayload: { type: 'modify', condition: 'bad-request', app: { ns: NS_COMMANDS, name: 'bad-payload' } },
  badSessionid: { type: 'modify', condition: 'bad-request', app: { ns: NS_COMMANDS, name: 'bad-sessionid' } },
  sessionExpired: {
    type: 'cancel',
    condition: 'not-allowed',
    app: { ns: NS_COMMANDS, name: 'session-expired' },
  },
} as const satisfies Record<string, StanzaErrorSpec>;
export type StanzaErrorName = keyof typeof STANZA_ERRORS;

export function errorElement(name: StanzaErrorName, text?: string): Element {
  const spec: StanzaErrorSpec = STANZA_ERRORS[name];
  const el = new Element('error', { type: spec.type });
  el.c(spec.condition, { xmlns: NS_STANZAS });
  if (text !== undefined) el.c('text', { xmlns: NS_STANZAS, 'xml:lang': 'en' }).t(text);
  if (spec.app !== undefined) el.c(spec.app.name, { xmlns: spec.app.ns });
  return el;
}

/**
 * The error reply to a stanza (RFC 6120 §8.2): same kind and id, addresses swapped, type error.
 * Never called for a stanza that is itself an error (§8.3.1: no error about an error).
 */
export function errorReply(stanza: Element, name: StanzaErrorName, text?: string): Element {
  const attrs: Record<string, string> = { type: 'error' };
  const { id, from, to } = stanza.attrs as Record<string, string | undefined>;
  if (to !== undefined) attrs['from'] = to;
  if (from !== undefined) attrs['to'] = from;
  if (id !== undefined) attrs['id'] = id;
  return new Element(stanza.name, attrs).cnode(errorElement(name, text)).root();
}

/** An IQ result (RFC 6120 §8.2.3) with an optional payload. */
export function iqResult(iq: Element, payload?: Element): Element {
  const { id, from, to } = iq.attrs as Record<string, string | undefined>;
  const attrs: Record<string, string> = { type: 'result' };
  if (to !== undefined) attrs['from'] = to;
  if (from !== undefined) attrs['to'] = from;
  if (id !== undefined) attrs['id'] = id;
  const el = new Element('iq', attrs);
  if (payload !== undefined) el.cnode(payload);
  return el;
}
