// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677) on WebCrypto, for the browser build of
// @xmpp/client, which ships PLAIN only. PBKDF2 runs as ONE deriveBits call (RFC 5802 §2.2 Hi() is
// PBKDF2 with dkLen = hash length), not thousands of awaited HMACs.
// The password goes through SASLprep (RFC 4013) before PBKDF2: RFC 5802 §2.2 Normalize(), which is
// also what Prosody applied when it derived the stored keys. The username is only escaped (§5.1):
// preparing it (nodeprep, SASLprep) is the server's job, and Prosody does both.
// Deviation: no channel binding (gs2 header `n,,`: WebSocket gives no TLS channel to bind to).
import { fromBase64, toBase64, utf8 } from '../bytes.js';
import { saslprep } from './saslprep.js';

export const SCRAM_HASHES = { 'SCRAM-SHA-1': 'SHA-1', 'SCRAM-SHA-256': 'SHA-256' } as const;
export type ScramMechanism = keyof typeof SCRAM_HASHES;

const HASH_BITS = { 'SHA-1': 160, 'SHA-256': 256 } as const;
const GS2_HEADER = 'n,,';

/** Thrown on a malformed or dishonest server message; the client maps it to code 'auth-failed'. */
export class ScramError extends Error {
  override readonly name = 'ScramError';
}

export interface ScramState {
  mechanism: ScramMechanism;
  clientFirstBare: string;
  nonce: string;
  /** Set after the server-first message: what the server must prove in `v=`. */
  expectedServerSignature?: string;
}

/** RFC 5802 §5.1: `=` and `,` in the username are escaped as `=3D` and `=2C`. */
export function escapeSaslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** client-first-message (RFC 5802 §7). The nonce is an argument so tests can replay the RFC vectors. */
export function scramClientFirst(
  mechanism: ScramMechanism,
  username: string,
  nonce: string,
): { message: string; state: ScramState } {
  if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(nonce))
    throw new TypeError('SCRAM nonce must be printable ASCII without ","');
  const clientFirstBare = `n=${escapeSaslName(username)},r=${nonce}`;
  return { message: GS2_HEADER + clientFirstBare, state: { mechanism, clientFirstBare, nonce } };
}

function parseAttributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq !== 1) throw new ScramError(`malformed SCRAM attribute ${JSON.stringify(part)}`);
    map.set(part.slice(0, 1), part.slice(2));
  }
  return map;
}

async function hmac(hash: 'SHA-1' | 'SHA-256', key: Uint8Array<ArrayBuffer>, data: string) {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, utf8(data)));
}

/**
 * Answers the server-first-message (RFC 5802 §3): checks the nonce extends ours, derives the salted
 * password, and returns client-final-message with the proof, remembering the server signature.
 * Throws SaslprepError (before any key derivation) for a password that SASLprep refuses.
 */
export async function scramClientFinal(
  state: ScramState,
  password: string,
  serverFirst: string,
): Promise<{ message: string; state: ScramState }> {
  const attrs = parseAttributes(serverFirst);
  if (attrs.has('m')) throw new ScramError('SCRAM extension (m=) not supported');
  const nonce = attrs.get('r');
  const salt = attrs.get('s');
  const iterations = Number(attrs.get('i'));
  if (!nonce || !nonce.startsWith(state.nonce) || nonce === state.nonce) {
    throw new ScramError('SCRAM server nonce does not extend the client nonce');
  }
  if (!salt) throw new ScramError('SCRAM server-first-message has no salt');
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new ScramError('SCRAM iteration count invalid');
  let saltBytes: Uint8Array<ArrayBuffer>;
  try {
    saltBytes = fromBase64(salt);
  } catch {
    throw new ScramError('SCRAM salt is not base64');
  }

  const hash = SCRAM_HASHES[state.mechanism];
  // RFC 5802 §2.2: SaltedPassword := Hi(Normalize(password), salt, i), Normalize() being SASLprep.
  const normalized = utf8(saslprep(password));
  const base = await crypto.subtle.importKey('raw', normalized, 'PBKDF2', false, ['deriveBits']);
  const saltedPassword = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash, salt: saltBytes, iterations },
      base,
      HASH_BITS[hash],
    ),
  );
  const clientKey = await hmac(hash, saltedPassword, 'Client Key');
  const storedKey = new Uint8Array(await crypto.subtle.digest(hash, clientKey));
  const withoutProof = `c=${btoa(GS2_HEADER)},r=${nonce}`;
  const authMessage = `${state.clientFirstBare},${serverFirst},${withoutProof}`;
  const clientSignature = await hmac(hash, storedKey, authMessage);
  const proof = clientKey.map((byte, i) => byte ^ (clientSignature[i] ?? 0));
  const serverKey = await hmac(hash, saltedPassword, 'Server Key');
  const serverSignature = await hmac(hash, serverKey, authMessage);
  return {
    message: `${withoutProof},p=${toBase64(proof)}`,
    state: { ...state, expectedServerSignature: toBase64(serverSignature) },
  };
}

/** RFC 5802 §3: the client MUST verify `v=` from server-final-message; `e=` is a server-side failure. */
export function scramVerifyServerFinal(state: ScramState, serverFinal: string): void {
  const attrs = parseAttributes(serverFinal);
  const error = attrs.get('e');
  if (error !== undefined) throw new ScramError(`SCRAM server error: ${error}`);
  if (state.expectedServerSignature === undefined)
    throw new ScramError('SCRAM server-final before server-first');
  if (attrs.get('v') !== state.expectedServerSignature)
    throw new ScramError('SCRAM server signature mismatch');
}

/** 18 random bytes as base64: printable, no ',' (RFC 5802 §5.1 nonce syntax). */
export function randomNonce(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(18)));
}
