// What the component keeps of an ended Jingle session (issue #14). The engine keeps ended sessions
// (at most ENDED_SESSIONS_KEPT) only to answer their peer's late IQs: unknown-session, or the reply it
// already gave to a re-sent IQ id (XEP-0166 §6.7, §14). That needs the session's identity, state,
// reason and answered/outstanding refs, not its contents, transports, groups or buffered candidates,
// which hold the call's whole SDP as XML (tens of KiB per call).
import type { Session } from '../../jingle/session/index.js';

const compacted = new WeakSet<Session>();

/** The ended session without the parts only a live session uses. */
export function compactEnded(s: Session): Session {
  if (s.state !== 'ended') throw new TypeError(`compactEnded: session ${s.sid} is ${s.state}, not ended`);
  const slim: { -readonly [K in keyof Session]: Session[K] } = {
    ...s,
    contents: [],
    bufferedRemote: [],
    seenCandidates: [],
    localQueue: [],
    refusedAdds: [],
    timers: {},
  };
  delete slim.remoteGroup;
  delete slim.localGroup;
  delete slim.restart;
  compacted.add(slim);
  return slim;
}

export const isCompact = (s: Session): boolean => compacted.has(s);
