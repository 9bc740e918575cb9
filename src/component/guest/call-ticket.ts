// A guest's proof that it is in one bridged call: handed out with `answer`, signed with the link key
// (the same for every start under `npm start`), so that after its signalling socket broke, e.g. the
// component crashed, the guest can still hang up: a restarted component sends the session-terminate
// from the guest's old JID to the owner's device for that sid without any record of the call
// (docs/component.md "When the socket breaks in a call").
//
// Signed JSON (../signed.ts) with the purpose prefix "jb-call-ticket.": a different MAC input from
// link tokens' (token.ts), so neither can pass for the other.
import { openJson, signJson } from '../signed.js';

export interface CallTicket {
  /** The guest's full JID in that call, guest-<id>@<component domain>/web. */
  guest: string;
  /** The owner's device (full JID) that accepted it. */
  peer: string;
  /** The Jingle sid (= the JMI propose id). */
  sid: string;
  /** Unix ms. */
  expiresAt: number;
}

/** A call may last long, but not forever: after this the guest's hang-up is up to ICE. */
export const CALL_TICKET_LIFETIME_MS = 12 * 3600_000;
export const MAX_TICKET_LENGTH = 2048;

/** Signed with a purpose prefix of its own, so a call ticket never passes for a link token. */
const PURPOSE = 'jb-call-ticket.';

export function signCallTicket(t: CallTicket, key: Buffer): string {
  return signJson({ g: t.guest, p: t.peer, s: t.sid, e: Math.floor(t.expiresAt / 1000) }, key, PURPOSE);
}

/** The ticket if its MAC is ours (compared as text, timing-safe), its shape right and it is not expired. */
export function verifyCallTicket(ticket: string, key: Buffer, now: number): CallTicket | undefined {
  const data = openJson(ticket, key, PURPOSE, MAX_TICKET_LENGTH);
  if (data === undefined) return undefined;
  const { g, p, s, e } = data;
  if (typeof g !== 'string' || typeof p !== 'string' || typeof s !== 'string') return undefined;
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || e * 1000 <= now) return undefined;
  return { guest: g, peer: p, sid: s, expiresAt: e * 1000 };
}
