// Signed JSON tokens, `<payload>.<mac>`, both base64url (RFC 4648 §5, no padding): the payload is
// JSON, the MAC is HMAC-SHA256 over a purpose prefix and the payload's base64url text, so any change
// to the token's text changes what is checked, and tokens signed for one purpose (call links,
// token.ts; call tickets, guest/call-ticket.ts) cannot pass for another under the same key.
import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (prefix: string, payload: string, key: Buffer): string =>
  createHmac('sha256', key).update(`${prefix}${payload}`).digest('base64url');

export function signJson(data: unknown, key: Buffer, prefix: string): string {
  const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
  return `${payload}.${mac(prefix, payload, key)}`;
}

/**
 * The payload object if the MAC is ours, else undefined. Overlong tokens are refused before any
 * HMAC work; the MAC is compared as text (timing-safe), which also rejects non-canonical base64url
 * spellings of the right bytes.
 */
export function openJson(
  token: string,
  key: Buffer,
  prefix: string,
  maxLength: number,
): Record<string, unknown> | undefined {
  if (token.length > maxLength) return undefined;
  const dot = token.indexOf('.');
  if (dot < 1) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'utf8');
  const expected = Buffer.from(mac(prefix, payload, key), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
}
