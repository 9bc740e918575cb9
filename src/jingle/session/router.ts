// The session router: routes received Jingle IQs to sessions keyed by (peer full JID, sid), checks the
// sender before anything else (no call hijacking, docs/reference/house-style.md §11.2.4; a live sid is refused to all
// but its own peer), resolves session-initiate tie-breaks (XEP-0166 §7.2.16) and buffers transport-info
// that overtakes its session-initiate (bounds in retention.ts).
import { bareJid, jidResource } from '../jid.js';
import { octetCompare } from '../octet.js';
import { Role } from '../constants.js';
import { draftOf } from './draft.js';
import { endSession } from './end.js';
import { createSession, step } from './machine.js';
import { parseJingle } from './parse.js';
import { holdEarly, moveIfEnded, pruneEnded, put, REFUSED_MEMORY } from './retention.js';
import type { Effect, Input, IqInput, Session, SessionOptions } from './types.js';

export interface SessionTable {
  readonly self: string;
  readonly options: SessionOptions;
  readonly sessions: ReadonlyMap<string, Session>;
  /** transport-info for a sid not seen yet, acked and replayed after its session-initiate. */
  readonly early: ReadonlyMap<string, readonly IqInput[]>;
  /** Errors we answered outside any session, so an XEP-0198 re-send gets the same one (§14). */
  readonly refused: readonly {
    from: string;
    id: string;
    error: 'bad-request' | 'unknown-session' | 'tie-break';
  }[];
}

export interface TableResult {
  table: SessionTable;
  effects: Effect[];
}

const TIE_BREAK_TEXT =
  'Both parties called each other at once; the call with the lower session id continues.';

/** Bare part lower-cased (RFC 7622 §3.4), resource kept as is. */
const normJid = (jid: string): string => {
  const res = jidResource(jid);
  return bareJid(jid).toLowerCase() + (res === undefined ? '' : `/${res}`);
};

export const sessionKey = (peer: string, sid: string): string => JSON.stringify([normJid(peer), sid]);

export const createSessionTable = (self: string, options: SessionOptions = {}): SessionTable => ({
  self,
  options,
  sessions: new Map(),
  early: new Map(),
  refused: [],
});

/** Adds our own outgoing session (idle); send session-initiate with `stepTable(..., initiate)`. */
export function openSession(table: SessionTable, peer: string, sid: string): SessionTable {
  const key = sessionKey(peer, sid);
  if (table.sessions.has(key)) throw new TypeError(`a session ${sid} with ${peer} exists`);
  const s = createSession({ ...table.options, sid, role: Role.initiator, self: table.self, peer });
  return { ...table, sessions: new Map(table.sessions).set(key, s) };
}

/** Any non-IQ input for one session (local intents, results, ticks, presence). */
export function stepTable(table: SessionTable, key: string, input: Exclude<Input, IqInput>): TableResult {
  const s = table.sessions.get(key);
  if (s === undefined) throw new TypeError(`no session ${key}`);
  const r = step(s, input);
  return { table: { ...table, sessions: put(table.sessions, key, r.session) }, effects: r.effects };
}

export function routeIq(table: SessionTable, iq: IqInput): TableResult {
  const refuse = (error: 'bad-request' | 'unknown-session' | 'tie-break'): TableResult => ({
    table: {
      ...table,
      refused: [...table.refused, { from: normJid(iq.from), id: iq.id, error }].slice(-REFUSED_MEMORY),
    },
    effects: [{ kind: 'error', to: iq.from, iqId: iq.id, error }],
  });
  const again = table.refused.find((x) => x.id === iq.id && x.from === normJid(iq.from));
  if (again !== undefined)
    return { table, effects: [{ kind: 'error', to: iq.from, iqId: iq.id, error: again.error }] };
  // XEP-0166 §7.2: a session is (peer full JID, sid). A live sid named by anyone but its peer (another
  // account, or another resource of the peer's) is unknown-session whatever the action, sender first
  // as in machine.ts: no session-initiate, early transport-info or tie-break on someone else's sid.
  const named = iq.jingle.attrs['sid'];
  if (
    typeof named === 'string' &&
    !table.sessions.has(sessionKey(iq.from, named)) &&
    liveWithAnother(table, named, iq.from)
  )
    return refuse('unknown-session');
  const parsed = parseJingle(iq.jingle);
  if (!parsed.ok) {
    const s = parsed.sid === undefined ? undefined : table.sessions.get(sessionKey(iq.from, parsed.sid));
    // §7.2: an unknown action or broken envelope is bad-request, whatever the sid.
    return s === undefined ? refuse('bad-request') : apply(table, iq, s);
  }
  const { action, sid } = parsed.jingle;
  const key = sessionKey(iq.from, sid);
  const existing = table.sessions.get(key);
  if (action === 'session-initiate') return initiate(table, iq, key, sid, existing, refuse);
  if (existing !== undefined) return apply(table, iq, existing);
  if (action !== 'transport-info') return refuse('unknown-session');
  // XEP-0176 §5.5 footnote: this cannot happen in order; deployed peers still race (docs/reference/deployed-clients.md §3.6).
  const early = holdEarly(table.early, key, iq);
  if (early === undefined) return refuse('unknown-session');
  return { table: { ...table, early }, effects: [{ kind: 'result', to: iq.from, iqId: iq.id }] };
}

const liveWithAnother = (table: SessionTable, sid: string, from: string): boolean =>
  [...table.sessions.values()].some(
    (s) => s.sid === sid && s.state !== 'ended' && normJid(s.peer) !== normJid(from),
  );

function apply(table: SessionTable, iq: IqInput, s: Session): TableResult {
  const r = step(s, iq);
  const key = sessionKey(s.peer, s.sid);
  return { table: { ...table, sessions: put(table.sessions, key, r.session) }, effects: r.effects };
}

function initiate(
  table: SessionTable,
  iq: IqInput,
  key: string,
  sid: string,
  existing: Session | undefined,
  refuse: (error: 'tie-break') => TableResult,
): TableResult {
  const effects: Effect[] = [];
  const sessions = new Map(table.sessions);
  // Our own unanswered session-initiates to this peer (same sid included) glare with this one.
  const rivals = [...sessions.entries()].filter(
    ([, s]) =>
      s.role === Role.initiator &&
      s.state === 'pending' &&
      !s.remoteApplied &&
      normJid(s.peer) === normJid(iq.from),
  );
  if (existing !== undefined && !rivals.some(([k]) => k === key)) return apply(table, iq, existing);
  for (const [, ours] of rivals) {
    // §7.2.16: lower sid wins (i;octet); equal sids: the initiate sent by the lower JID wins.
    const cmp = octetCompare(sid, ours.sid) || octetCompare(normJid(iq.from), normJid(table.self));
    if (cmp > 0) return refuse('tie-break');
  }
  for (const [k, ours] of rivals) {
    // Ours lost. It is terminated on the wire (not just dropped) because the peer may have withdrawn
    // its rival initiate already and accepted ours as an ordinary call; alternative-session names theirs.
    const d = draftOf(ours);
    endSession(d, {
      reason: { condition: 'alternative-session', alternativeSid: sid, text: TIE_BREAK_TEXT },
    });
    moveIfEnded(sessions, k, d.s);
    effects.push(...d.effects);
  }
  const fresh = createSession({
    ...table.options,
    sid,
    role: Role.responder,
    self: table.self,
    peer: iq.from,
  });
  let r = step(fresh, iq);
  effects.push(...r.effects);
  const early = new Map(table.early);
  const buffered = early.get(key) ?? [];
  early.delete(key);
  if (r.session.state === 'idle')
    return { table: { ...table, sessions: pruneEnded(sessions), early }, effects };
  const preAcked = new Set(buffered.map((q) => q.id));
  for (const q of buffered) {
    r = step(r.session, q);
    effects.push(
      ...r.effects.filter((e) => !((e.kind === 'result' || e.kind === 'error') && preAcked.has(e.iqId))),
    );
  }
  moveIfEnded(sessions, key, r.session);
  return { table: { ...table, sessions: pruneEnded(sessions), early }, effects };
}

/** Feeds `tick` to every live session (the adapter calls it at the earliest scheduled `at`). */
export function tickAll(table: SessionTable, now: number): TableResult {
  const sessions = new Map(table.sessions);
  const effects: Effect[] = [];
  for (const [k, s] of sessions) {
    if (Object.keys(s.timers).length === 0) continue;
    const r = step(s, { kind: 'tick', now });
    moveIfEnded(sessions, k, r.session);
    effects.push(...r.effects);
  }
  return { table: { ...table, sessions: pruneEnded(sessions) }, effects };
}
