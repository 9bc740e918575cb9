// A guest's proof that it is in one bridged call: handed out with `answer`, signed with the link key
// (the same for every start under `npm start`), so that after its signalling socket broke, e.g. the
// component crashed, the guest can still hang up: a restarted component sends the session-terminate
// from the guest's old JID to the owner's device for that sid without any record of the call
// (docs/component.md "When the socket breaks in a call").
//
// `<payload>.<mac>`, base64url (RFC 4648 §5). The MAC is HMAC-SHA256 over "jb-call-ticket." and the
// payload text: a different input from link tokens' (token.ts), so neither can pass for the other.
import { createHmac, timingSafeEqual } from 'node:crypto';

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

const mac = (payload: string, key: Buffer): string =>
  createHmac('sha256', key).update(`jb-call-ticket.${payload}`).digest('base64url');

export function signCallTicket(t: CallTicket, key: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({ g: t.guest, p: t.peer, s: t.sid, e: Math.floor(t.expiresAt / 1000) }),
  ).toString('base64url');
  return `${payload}.${mac(payload, key)}`;
}

/** The ticket if its MAC is ours (compared as text, timing-safe), its shape right and it is not expired. */
export function verifyCallTicket(ticket: string, key: Buffer, now: number): CallTicket | undefined {
  if (ticket.length > MAX_TICKET_LENGTH) return undefined;
  const dot = ticket.indexOf('.');
  if (dot < 1) return undefined;
  const payload = ticket.slice(0, dot);
  const given = Buffer.from(ticket.slice(dot + 1), 'utf8');
  const expected = Buffer.from(mac(payload, key), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { g, p, s, e } = data as Record<string, unknown>;
  if (typeof g !== 'string' || typeof p !== 'string' || typeof s !== 'string') return undefined;
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || e * 1000 <= now) return undefined;
  return { guest: g, peer: p, sid: s, expiresAt: e * 1000 };
}
