// Which IQ errors the spec requires in the races the simulator produces. Every error a receiver
// returns is recorded with the rule that allows it; `why: undefined` means no rule does (a defect).
import type { Element } from 'ltx';
import type { JingleErrorName, Session } from '../../../src/jingle/session/index.js';

export interface ErrorRecord {
  error: JingleErrorName;
  action: string;
  why?: string;
}

const ownUnacked = (s: Session, action: string, name?: string): boolean =>
  s.outstanding.some((o) => o.action === action && (name === undefined || o.names.includes(name)));

export function allowedError(
  error: JingleErrorName,
  jingle: Element,
  before: Session | undefined,
  sessions: readonly Session[],
): ErrorRecord {
  const action = String(jingle.attrs['action']);
  const rec: ErrorRecord = { error, action };
  const names = jingle.getChildren('content').map((c) => String(c.attrs['name']));
  if (error === 'unknown-session') {
    // XEP-0166 §6.7 (MUST after our session-terminate) and §10: the receiver's session already ended
    // (crossing session-terminate, a timeout, the losing side of a tie-break), or it never existed
    // because its session-initiate was dropped.
    if (before === undefined || before.state === 'ended') rec.why = '§6.7/§10 session gone';
    return rec;
  }
  if (error === 'tie-break') {
    // §7.2.16 first bullet: simultaneous session-initiate, the higher sid loses.
    if (
      action === 'session-initiate' &&
      sessions.some((s) => s.role === 'initiator' && s.state === 'pending' && !s.remoteApplied)
    )
      rec.why = '§7.2.16 initiate glare';
    // §7.2.16 second bullet: both sent the same action in one session; the initiator refuses the
    // responder's. Glare means our own is still unacked, so the peer sent theirs before seeing ours.
    else if (before?.role === 'initiator') {
      if (action === 'content-add' && ownUnacked(before, 'content-add'))
        rec.why = '§7.2.16 content-add glare';
      if (action === 'content-modify' && names.some((n) => ownUnacked(before, 'content-modify', n)))
        rec.why = '§7.2.16 content-modify glare';
      // A restart glare: the responder's offer, and any candidates it trickled under the losing
      // credentials before it saw ours (same in-order window).
      const ref = before.restart?.by === 'local' ? before.restart.ref : undefined;
      if (action === 'transport-info' && before.outstanding.some((o) => o.ref === ref))
        rec.why = '§7.2.16 ICE restart glare';
    }
    return rec;
  }
  return rec;
}
