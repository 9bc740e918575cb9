// XEP-0166 §5.1 (#concepts-session) session states and the actions a peer may send in each.
// docs/reference/xep-rules.md §1.3 is the legality table this encodes.
import { JINGLE_ACTIONS, type JingleAction } from '../constants.js';

/** `idle` is ours: a session object created locally before session-initiate is sent or applied. */
export const SessionState = { idle: 'idle', pending: 'pending', active: 'active', ended: 'ended' } as const;
export type SessionState = (typeof SessionState)[keyof typeof SessionState];

// Actions a peer may send while the session lives: all of XEP-0166 §7.2 but these. session-initiate
// is never legal on an existing sid (out-of-order); session-accept only in pending; transport-accept
// and -reject answer a transport-replace, which we never send, so they are always out-of-order.
// After session-terminate nothing is (unknown-session).
const NOT_LIVE: ReadonlySet<JingleAction> = new Set([
  'session-initiate',
  'session-accept',
  'transport-accept',
  'transport-reject',
]);
const LIVE: readonly JingleAction[] = JINGLE_ACTIONS.filter((a) => !NOT_LIVE.has(a));

/** Received actions legal per state. Outside the table: out-of-order (pending/active) or unknown-session. */
export const ACCEPTS = {
  idle: new Set<JingleAction>(['session-initiate']),
  pending: new Set<JingleAction>([...LIVE, 'session-accept']),
  active: new Set<JingleAction>(LIVE),
  ended: new Set<JingleAction>(),
} as const satisfies Record<SessionState, ReadonlySet<JingleAction>>;

/** Whether an IQ about a session in this state is answered unknown-session rather than out-of-order. */
export const answersUnknownSession = (state: SessionState): boolean => state === 'idle' || state === 'ended';

/** Who performed the action that moves the machine: we sent it, or we received it from the peer. */
export type Direction = 'sent' | 'received';

export interface Transition {
  readonly from: SessionState;
  readonly action: JingleAction;
  readonly direction: Direction;
  readonly to: SessionState;
}

/** Spec notation used in comments and test names, e.g. `pending --session-accept(received)--> active`. */
export const transitionName = (t: Transition): string => `${t.from} --${t.action}(${t.direction})--> ${t.to}`;

const stay = (state: 'pending' | 'active', dir: Direction): Transition[] =>
  LIVE.filter((a) => a !== 'session-terminate').map((action) => ({
    from: state,
    action,
    direction: dir,
    to: state,
  }));

/**
 * Every edge of the machine. State-changing edges first; the self-loops are the informational and
 * content/transport actions, which never change the session state (§5.1).
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'idle', action: 'session-initiate', direction: 'sent', to: 'pending' },
  { from: 'idle', action: 'session-initiate', direction: 'received', to: 'pending' },
  { from: 'pending', action: 'session-accept', direction: 'sent', to: 'active' },
  { from: 'pending', action: 'session-accept', direction: 'received', to: 'active' },
  { from: 'pending', action: 'session-terminate', direction: 'sent', to: 'ended' },
  { from: 'pending', action: 'session-terminate', direction: 'received', to: 'ended' },
  { from: 'active', action: 'session-terminate', direction: 'sent', to: 'ended' },
  { from: 'active', action: 'session-terminate', direction: 'received', to: 'ended' },
  ...stay('pending', 'received'),
  ...stay('active', 'received'),
];
