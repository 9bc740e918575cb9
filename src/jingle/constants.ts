// Wire tokens as `as const` tables with a union type of the same name (docs/reference/house-style.md §11.2.1).

/** XEP-0166 §7.1 `role`: the party that sent session-initiate, and the other one. */
export const Role = { initiator: 'initiator', responder: 'responder' } as const;
export type Role = (typeof Role)[keyof typeof Role];

/** XEP-0166 §7.3 content `senders`: names Jingle roles, never "me/you" (docs/reference/xep-rules.md §10.1). */
export const Senders = {
  both: 'both',
  initiator: 'initiator',
  responder: 'responder',
  none: 'none',
} as const;
export type Senders = (typeof Senders)[keyof typeof Senders];

/** XEP-0166 §7.2: the fifteen actions. Anything else on the wire is bad-request. */
export const JINGLE_ACTIONS = [
  'content-accept',
  'content-add',
  'content-modify',
  'content-reject',
  'content-remove',
  'description-info',
  'security-info',
  'session-accept',
  'session-info',
  'session-initiate',
  'session-terminate',
  'transport-accept',
  'transport-info',
  'transport-reject',
  'transport-replace',
] as const;
export type JingleAction = (typeof JINGLE_ACTIONS)[number];

/** XEP-0166 §7.4: the seventeen reason conditions (schema order). */
export const REASON_CONDITIONS = [
  'alternative-session',
  'busy',
  'cancel',
  'connectivity-error',
  'decline',
  'expired',
  'failed-application',
  'failed-transport',
  'general-error',
  'gone',
  'incompatible-parameters',
  'media-error',
  'security-error',
  'success',
  'timeout',
  'unsupported-applications',
  'unsupported-transports',
] as const;
export type ReasonCondition = (typeof REASON_CONDITIONS)[number];

export const isJingleAction = (s: string): s is JingleAction =>
  (JINGLE_ACTIONS as readonly string[]).includes(s);
export const isReasonCondition = (s: string): s is ReasonCondition =>
  (REASON_CONDITIONS as readonly string[]).includes(s);
