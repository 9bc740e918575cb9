// What the session table keeps and for how long: ended sessions, transport-info that overtook its
// session-initiate, and the refusals answered outside any session. Every store is bounded, so no
// sender (#11: a stranger's flood) can make the table grow without end.
import type { IqInput, Session } from './types.js';

/** The early buffer: at most this many (peer, sid) keys, IQs per key, and this age. */
const EARLY_KEYS = 16;
const EARLY_PER_KEY = 32;
const EARLY_MAX_AGE_MS = 30_000;
/** Refusals remembered by (sender, IQ id), so an XEP-0198 re-send gets the same error (§14). */
export const REFUSED_MEMORY = 32;

/**
 * Ended sessions kept: they answer their peer's late IQs with unknown-session and XEP-0198 re-sends with
 * the same reply. Beyond this many the earliest ended are forgotten (#11: every refused stranger's
 * session-initiate leaves one, and they must not pile up); a forgotten sid is unknown-session as well.
 */
export const ENDED_SESSIONS_KEPT = 64;

/**
 * A session that just ended moves to the end of the map, so ended sessions sit in the order they ended,
 * and is kept slim (see `slimEnded`).
 */
export function moveIfEnded(sessions: Map<string, Session>, key: string, s: Session): void {
  if (s.state === 'ended' && sessions.get(key)?.state !== 'ended') sessions.delete(key);
  sessions.set(key, s.state === 'ended' ? slimEnded(s) : s);
}

/**
 * What an ended session keeps (#14). Answering late IQs (unknown-session, or the reply already given to
 * a re-sent id, XEP-0166 §6.7 and §14) needs its identity, state, reason and answered/outstanding refs;
 * its contents, transports, groups and buffered candidates hold the call's whole SDP as XML, tens of
 * KiB per call, which ENDED_SESSIONS_KEPT ended sessions multiplied in every long-lived table (the
 * echo service, a page open all day). The strings it keeps are copied: a sid, JID or IQ id read from
 * a stanza is a V8 slice of the whole received stanza text and would keep all of it alive.
 */
export function slimEnded(s: Session): Session {
  if (s.contents.length === 0 && s.remoteGroup === undefined && s.localGroup === undefined) return s;
  const slim: { -readonly [K in keyof Session]: Session[K] } = {
    ...s,
    sid: detached(s.sid),
    self: detached(s.self),
    peer: detached(s.peer),
    contents: [],
    bufferedRemote: [],
    seenCandidates: [],
    localQueue: [],
    refusedAdds: [],
    answered: copied(s.answered),
    outstanding: copied(s.outstanding),
    timers: {},
  };
  if (s.reason !== undefined) slim.reason = copied(s.reason);
  delete slim.remoteGroup;
  delete slim.localGroup;
  delete slim.restart;
  return slim;
}

/** A string with its own characters (not a slice of a larger one). */
const detached = (text: string): string => [...text].join('');

/** Plain data (no elements, no functions) with every string copied. */
const copied = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Drops the earliest-ended sessions beyond ENDED_SESSIONS_KEPT, in place. */
export function pruneEnded(sessions: Map<string, Session>): Map<string, Session> {
  const ended = [...sessions].filter(([, s]) => s.state === 'ended');
  for (const [k] of ended.slice(0, Math.max(0, ended.length - ENDED_SESSIONS_KEPT))) sessions.delete(k);
  return sessions;
}

/** `sessions` with `s` stored under `key`, as a new map, ended sessions pruned. */
export const put = (
  sessions: ReadonlyMap<string, Session>,
  key: string,
  s: Session,
): Map<string, Session> => {
  const next = new Map(sessions);
  moveIfEnded(next, key, s);
  return pruneEnded(next);
};

/** The early buffer without keys whose every IQ is older than EARLY_MAX_AGE_MS. */
function pruneEarly(
  early: ReadonlyMap<string, readonly IqInput[]>,
  now: number,
): Map<string, readonly IqInput[]> {
  return new Map([...early].filter(([, list]) => list.some((q) => now - q.now < EARLY_MAX_AGE_MS)));
}

/** The early buffer with `iq` held under `key` (a re-sent IQ id once), or undefined when it is full. */
export function holdEarly(
  early: ReadonlyMap<string, readonly IqInput[]>,
  key: string,
  iq: IqInput,
): Map<string, readonly IqInput[]> | undefined {
  const next = pruneEarly(early, iq.now);
  const list = next.get(key) ?? [];
  if (list.some((q) => q.id === iq.id)) return next;
  if (list.length >= EARLY_PER_KEY || (list.length === 0 && next.size >= EARLY_KEYS)) return undefined;
  return next.set(key, [...list, iq]);
}
