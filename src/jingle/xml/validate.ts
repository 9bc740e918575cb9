// Strict checks for every Jingle value that lands inside an SDP line (docs/reference/deployed-clients.md §3.21: peers have
// crashed or injected lines through unchecked attributes). Char-code loops, no per-call regex.
import { JingleParseError } from '../errors.js';

/** Longest value we accept anywhere; a real SDP token (pwd, fingerprint, uri) stays far below. */
const MAX_LEN = 1024;

const fail = (where: string, why: string, value: string): never => {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  throw new JingleParseError(where, `${why}: ${JSON.stringify(shown)}`);
};

/** RFC 8866 token-ish: visible ASCII, no space. Used for ids, names, ufrag/pwd, ips, uris. */
export function token(value: unknown, where: string): string {
  if (typeof value !== 'string') return fail(where, 'missing', '');
  const n = value.length;
  if (n === 0) return fail(where, 'empty', value);
  if (n > MAX_LEN) return fail(where, 'overlong', value);
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return fail(where, 'forbidden character', value);
  }
  return value;
}

/**
 * A media subtype name, as a payload type's encoding name must be (RFC 4855 §3: the rtpmap encoding
 * name is the media subtype; RFC 4288 §4.2 reg-name = 1*127 of ALPHA / DIGIT / "!" / "#" / "$" / "&"
 * / "." / "+" / "-" / "^" / "_"). Anything else, `/` first of all, would change what the rtpmap line
 * says (`VP8/X` -> `a=rtpmap:96 VP8/X/90000`).
 */
export function regName(value: unknown, where: string): string {
  if (typeof value !== 'string') return fail(where, 'missing', '');
  const n = value.length;
  if (n === 0) return fail(where, 'empty', value);
  if (n > 127) return fail(where, 'longer than 127 characters (RFC 4288 §4.2)', value);
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    // ! # $ & . + - ^ _
    const mark = c === 0x21 || c === 0x23 || c === 0x24 || c === 0x26 || c === 0x2e || c === 0x2b;
    if (!alnum && !mark && c !== 0x2d && c !== 0x5e && c !== 0x5f) {
      return fail(where, 'not a media subtype name (RFC 4855 §3, RFC 4288 §4.2)', value);
    }
  }
  return value;
}

/** Like token, minus the characters that would split an fmtp list (`;`) or a key (`=`). */
export function fmtpPart(value: string, where: string, allowEq: boolean): string {
  token(value, where);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x3b || (!allowEq && c === 0x3d)) return fail(where, 'forbidden character', value);
  }
  return value;
}

/** Free text that stays on one line: printable, single inner spaces, no edge spaces (msid "a b"). */
export function text(value: unknown, where: string): string {
  if (typeof value !== 'string') return fail(where, 'missing', '');
  const n = value.length;
  if (n > MAX_LEN) return fail(where, 'overlong', value);
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return fail(where, 'control character', value);
    if (c === 0x20 && (i === 0 || i === n - 1 || value.charCodeAt(i - 1) === 0x20)) {
      return fail(where, 'misplaced space', value);
    }
    if (c > 0x7e) return fail(where, 'non-ASCII character', value);
  }
  return value;
}

/** Decimal integer in [min, max]; digits only (no sign, no exponent, no spaces). */
export function uint(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'string') return fail(where, 'missing', '');
  const n = value.length;
  if (n === 0 || n > 10) return fail(where, 'not a number in range', value);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return fail(where, 'not a number', value);
    v = v * 10 + d;
  }
  if (v < min || v > max) return fail(where, `out of range ${min}-${max}`, value);
  return v;
}

/**
 * ICE priority (XEP-0176 positiveInteger). Above 2^32-1 it is clamped, not rejected: XEP-0176
 * Example 5 itself carries 21149780477 and docs/reference/xep-rules.md §3 says not to crash on it.
 */
export function priority(value: unknown, where: string): number {
  if (typeof value !== 'string' || value.length > 19) return fail(where, 'not a priority', String(value));
  let v = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return fail(where, 'not a number', value);
    v = v * 10 + d;
  }
  if (value.length === 0 || v < 1) return fail(where, 'not a positive integer', value);
  return v > 0xffffffff ? 0xffffffff : v;
}

export const U32 = 0xffffffff;

/** Checks `value` against a grammar the SDP parser on the other end uses (sdp-transform's, RFC 8866). */
export function matches(value: unknown, re: RegExp, where: string): string {
  if (typeof value !== 'string' || value.length > MAX_LEN || !re.test(value))
    return fail(where, 'not in the SDP grammar', String(value));
  return value;
}

// Grammars of the fields that land in an SDP line with a stricter syntax than a token.
export const WORD = /^\w+$/;
/** RFC 8830 §2 msid-id [SP msid-appdata], as sdp-transform parses it. */
export const MSID = /^[\w-]+(?: [\w-]+)?$/;
/** RFC 8853 §5.1 sc-value as sdp-transform parses it (one or two directions). */
export const SIMULCAST = /^(send|recv) [a-zA-Z0-9\-_~;,]+(?: (send|recv) [a-zA-Z0-9\-_~;,]+)?$/;
