// Call-link tokens: signed JSON (signed.ts, no purpose prefix) with the payload
// {v:1, o:owner bare JID, e:expiry (Unix seconds), u:"s"|"m", i:random id}.
import { randomBytes } from 'node:crypto';
import { openJson, signJson } from './signed.js';

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

export function signLink(link: CallLink, key: Buffer): string {
  const data = {
    v: 1,
    o: link.owner,
    e: Math.floor(link.expiresAt / 1000),
    u: link.use === 'single' ? 's' : 'm',
    i: link.id,
  };
  return signJson(data, key, '');
}

/** Checks the MAC first (timing-safe), then the shape, then the expiry against `now` (Unix ms). */
export function verifyLink(token: string, key: Buffer, now: number): VerifyResult {
  const forged = { ok: false, problem: 'forged' } as const;
  const data = openJson(token, key, '', MAX_TOKEN_LENGTH);
  const link = data === undefined ? undefined : linkOf(data);
  if (link === undefined) return forged;
  if (link.expiresAt <= now) return { ok: false, problem: 'expired' };
  return { ok: true, link };
}

function linkOf(data: Record<string, unknown>): CallLink | undefined {
  const { v, o, e, u, i } = data;
  if (v !== 1 || typeof o !== 'string' || typeof e !== 'number' || typeof i !== 'string') return undefined;
  if ((u !== 's' && u !== 'm') || !Number.isSafeInteger(e)) return undefined;
  return { owner: o, expiresAt: e * 1000, use: u === 's' ? 'single' : 'multiple', id: i };
}
