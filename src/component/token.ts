// Call-link tokens: `<payload>.<mac>`, both base64url (RFC 4648 §5, no padding). The payload is JSON
// {v:1, o:owner bare JID, e:expiry (Unix seconds), u:"s"|"m", i:random id}; the MAC is HMAC-SHA256
// over the payload's base64url text, so any change to the token's text changes what is checked.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const LinkUse = { single: 'single', multiple: 'multiple' } as const;
export type LinkUse = (typeof LinkUse)[keyof typeof LinkUse];

export interface CallLink {
  /** Bare JID of the user who created the link and whom guests call. */
  owner: string;
  /** Unix time in milliseconds, truncated to whole seconds when signed. */
  expiresAt: number;
  use: LinkUse;
  /** Random, identifies the link in the used-link set. */
  id: string;
}

/** Why a link is refused; the guest page says which, in plain words. */
export type LinkProblem = 'forged' | 'expired' | 'used';

export type VerifyResult = { ok: true; link: CallLink } | { ok: false; problem: LinkProblem };

/** Longer inputs are refused before any HMAC work (a JID is at most 3071 bytes, RFC 7622 §3.1). */
export const MAX_TOKEN_LENGTH = 4096;
export const MIN_KEY_BYTES = 32;

export function newLinkId(): string {
  return randomBytes(12).toString('base64url');
}

export function newLinkKey(): Buffer {
  return randomBytes(32);
}

const mac = (payload: string, key: Buffer): string =>
  createHmac('sha256', key).update(payload).digest('base64url');

export function signLink(link: CallLink, key: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({
      v: 1,
      o: link.owner,
      e: Math.floor(link.expiresAt / 1000),
      u: link.use === 'single' ? 's' : 'm',
      i: link.id,
    }),
  ).toString('base64url');
  return `${payload}.${mac(payload, key)}`;
}

/** Checks the MAC first (timing-safe), then the shape, then the expiry against `now` (Unix ms). */
export function verifyLink(token: string, key: Buffer, now: number): VerifyResult {
  const forged = { ok: false, problem: 'forged' } as const;
  if (token.length > MAX_TOKEN_LENGTH) return forged;
  const dot = token.indexOf('.');
  if (dot < 1) return forged;
  const payload = token.slice(0, dot);
  // Comparing the MAC as text rejects non-canonical base64url spellings of the right bytes too.
  const given = Buffer.from(token.slice(dot + 1), 'utf8');
  const expected = Buffer.from(mac(payload, key), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return forged;
  const link = parsePayload(payload);
  if (link === undefined) return forged;
  if (link.expiresAt <= now) return { ok: false, problem: 'expired' };
  return { ok: true, link };
}

function parsePayload(payload: string): CallLink | undefined {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { v, o, e, u, i } = data as Record<string, unknown>;
  if (v !== 1 || typeof o !== 'string' || typeof e !== 'number' || typeof i !== 'string') return undefined;
  if ((u !== 's' && u !== 'm') || !Number.isSafeInteger(e)) return undefined;
  return { owner: o, expiresAt: e * 1000, use: u === 's' ? 'single' : 'multiple', id: i };
}
