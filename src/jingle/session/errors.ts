// XEP-0166 §10 (Error Handling) and §6.3.2: the IQ errors we return to a peer, as data.
// Rendered by one function and *returned* in effects, never thrown (docs/reference/house-style.md §11.2.7).
import { Element } from '../ltx.js';
import { NS_JINGLE_ERRORS_1, NS_STANZAS } from '../ns.js';

/** RFC 6120 §8.3.2 error types. */
export const StanzaErrorType = {
  auth: 'auth',
  cancel: 'cancel',
  continue: 'continue',
  modify: 'modify',
  wait: 'wait',
} as const;
export type StanzaErrorType = (typeof StanzaErrorType)[keyof typeof StanzaErrorType];

interface StanzaErrorSpec {
  readonly type: StanzaErrorType;
  readonly condition: string;
  /** The `urn:xmpp:jingle:errors:1` child, when XEP-0166 defines one. */
  readonly jingle?: string;
}

/** docs/reference/xep-rules.md §1.4: every condition XEP-0166 names, keyed by the Jingle-specific name. */
export const JINGLE_ERRORS = {
  // §10: the sid is unknown, or the session already ended (§6.7 MUST after our session-terminate).
  'unknown-session': { type: 'cancel', condition: 'item-not-found', jingle: 'unknown-session' },
  // §10: "the request cannot occur at this point in the state machine". XEP gives no type; we pick cancel.
  'out-of-order': { type: 'cancel', condition: 'unexpected-request', jingle: 'out-of-order' },
  // §7.2.16: the loser of simultaneous session-initiate / same-action glare.
  'tie-break': { type: 'cancel', condition: 'conflict', jingle: 'tie-break' },
  // §6.8 / §7.2: an informational payload we do not understand.
  'unsupported-info': { type: 'modify', condition: 'feature-not-implemented', jingle: 'unsupported-info' },
  // §6.3.2: no transport / application we support (used when refusing before a session exists).
  'unsupported-transports': {
    type: 'cancel',
    condition: 'feature-not-implemented',
    jingle: 'unsupported-transports',
  },
  'unsupported-applications': {
    type: 'cancel',
    condition: 'feature-not-implemented',
    jingle: 'unsupported-applications',
  },
  // §9: data that must travel encrypted came over plain XMPP (example 37; absent from the errors schema).
  'security-required': { type: 'cancel', condition: 'not-acceptable', jingle: 'security-required' },
  // §6.3.2 / §7.2: malformed request, unknown action, disposition rule broken. Example 16 uses cancel.
  'bad-request': { type: 'cancel', condition: 'bad-request' },
  // §6.3.2 example 12/13: unknown initiator refused by policy, or busy policy of the adapter.
  'service-unavailable': { type: 'cancel', condition: 'service-unavailable' },
  // §6.3.2 example 15: not enough resources.
  'resource-constraint': { type: 'wait', condition: 'resource-constraint' },
} as const satisfies Record<string, StanzaErrorSpec>;
export type JingleErrorName = keyof typeof JINGLE_ERRORS;

export const isJingleErrorName = (s: string): s is JingleErrorName => Object.hasOwn(JINGLE_ERRORS, s);

/** `<error type><condition xmlns=stanzas/>[<jingle-cond xmlns=jingle:errors:1/>]</error>` */
export function errorToXml(name: JingleErrorName): Element {
  const spec: StanzaErrorSpec = JINGLE_ERRORS[name];
  const el = new Element('error', { type: spec.type });
  el.c(spec.condition, { xmlns: NS_STANZAS });
  if (spec.jingle !== undefined) el.c(spec.jingle, { xmlns: NS_JINGLE_ERRORS_1 });
  return el;
}

/** What an `<error/>` we received says, so results for our own IQs can be correlated. */
export interface StanzaErrorInfo {
  type?: string;
  condition: string;
  jingleCondition?: string;
}

/** Lenient read of a received `<error/>`: a missing condition becomes undefined-condition (RFC 6120 §8.3.3.21). */
export function errorFromXml(el: Element): StanzaErrorInfo {
  const info: StanzaErrorInfo = { condition: 'undefined-condition' };
  const type = el.attrs['type'];
  if (typeof type === 'string') info.type = type;
  let found = false;
  for (const child of el.getChildElements()) {
    const ns = child.attrs['xmlns'];
    if (ns === NS_STANZAS && !found && child.name !== 'text') {
      info.condition = child.name;
      found = true;
    } else if (ns === NS_JINGLE_ERRORS_1) info.jingleCondition = child.name;
  }
  return info;
}
