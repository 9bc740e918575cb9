// SASLprep (RFC 4013): the stringprep (RFC 3454) profile for user names and passwords in SASL.
// SCRAM needs it on the client (RFC 5802 §2.2 Normalize(): the server only stores keys derived from
// the prepared password), and Prosody applies it to every password it stores or checks, so a client
// that skips it cannot log in with a password that has a non-ASCII space, a soft hyphen, a
// compatibility character or a decomposed accent.
// Deviations from Prosody (ICU usprep), measured in tests/unit/client/saslprep.test.ts: NFKC here is
// the runtime's (current Unicode), not Unicode 3.2's, so it differs on characters unassigned in 3.2
// (e.g. U+03F9) and on the five ideographs of Unicode Corrigendum #4; and ICU takes bidi classes from
// current Unicode, where our D.1/D.2 are RFC 3454's (3.2), so RTL strings with one of the few
// characters whose class changed (Braille, U+17B4...) or with unassigned code points can differ.
import {
  inRanges,
  TABLE_B_1,
  TABLE_C_1_2,
  TABLE_C_2_1,
  TABLE_C_2_2,
  TABLE_C_3,
  TABLE_C_4,
  TABLE_C_5,
  TABLE_C_6,
  TABLE_C_7,
  TABLE_C_8,
  TABLE_C_9,
  TABLE_D_1,
  TABLE_D_2,
} from './stringprep-tables.js';
import type { CodePointRanges } from './stringprep-tables.js';

/** RFC 4013 §2.3: the prohibited-output tables, in the RFC's order, with what each one holds. */
export const SASLPREP_PROHIBITED = {
  'C.1.2': { ranges: TABLE_C_1_2, what: 'a non-ASCII space' },
  'C.2.1': { ranges: TABLE_C_2_1, what: 'an ASCII control character' },
  'C.2.2': { ranges: TABLE_C_2_2, what: 'a non-ASCII control character' },
  'C.3': { ranges: TABLE_C_3, what: 'a private-use character' },
  'C.4': { ranges: TABLE_C_4, what: 'a non-character code point' },
  'C.5': { ranges: TABLE_C_5, what: 'an unpaired surrogate' },
  'C.6': { ranges: TABLE_C_6, what: 'a character inappropriate for plain text' },
  'C.7': { ranges: TABLE_C_7, what: 'a character inappropriate for canonical representation' },
  'C.8': { ranges: TABLE_C_8, what: 'a character that changes display properties or is deprecated' },
  'C.9': { ranges: TABLE_C_9, what: 'a tagging character' },
} as const satisfies Record<string, { ranges: CodePointRanges; what: string }>;
export type SaslprepProhibitedTable = keyof typeof SASLPREP_PROHIBITED;

/**
 * RFC 3454 §6, the two bidi requirements SASLprep keeps (RFC 4013 §2.4): `mixed` is an LCat
 * character in a string with a RandALCat one (§6 rule 2), `ends` a string with RandALCat whose first
 * or last character is not RandALCat (§6 rule 3).
 */
export const SASLPREP_BIDI_RULES = {
  mixed: 'left-to-right text in a string with right-to-left text',
  ends: 'right-to-left text that does not start and end with a right-to-left character',
} as const;
export type SaslprepBidiRule = keyof typeof SASLPREP_BIDI_RULES;

export type SaslprepRule = SaslprepProhibitedTable | `bidi-${SaslprepBidiRule}`;

/** `U+00AD`: the form RFC 3454 and RFC 4013 use. */
export function formatCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The input cannot be prepared: it holds a prohibited code point or breaks the bidi rule. This is
 * about user input (a password), not API misuse, so it is not a TypeError; callers turn it into a
 * failed login.
 */
export class SaslprepError extends Error {
  override readonly name = 'SaslprepError';
  constructor(
    readonly codePoint: number,
    readonly rule: SaslprepRule,
  ) {
    super(
      rule.startsWith('bidi-')
        ? `${formatCodePoint(codePoint)} breaks the SASLprep bidi rule (RFC 4013 §2.4, RFC 3454 §6): ` +
            SASLPREP_BIDI_RULES[rule.slice(5) as SaslprepBidiRule]
        : `${formatCodePoint(codePoint)} is prohibited by SASLprep (RFC 4013 §2.3, RFC 3454 table ` +
            `${rule}: ${SASLPREP_PROHIBITED[rule as SaslprepProhibitedTable].what})`,
    );
  }
}

/**
 * RFC 4013 §2 in its order: map (§2.1), normalize with NFKC (§2.2), prohibit (§2.3), check bidi
 * (§2.4). Unassigned code points (RFC 3454 table A.1) are let through, as RFC 4013 §2.5 and RFC 3454
 * §7 say for "queries": a password the client sends is a query, checked against what the server
 * stored, so no A.1 table is needed. `allowUnassigned: false` (a "stored string", e.g. when setting a
 * password) is not supported: it would need table A.1, and the server checks what it stores anyway.
 */
export function saslprep(input: string, opts: { allowUnassigned?: boolean } = {}): string {
  if (opts.allowUnassigned === false) {
    throw new TypeError('saslprep: allowUnassigned: false (stored strings) is not supported');
  }
  let mapped = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    // §2.1: non-ASCII spaces become SPACE; "commonly mapped to nothing" characters are dropped.
    if (inRanges(TABLE_C_1_2, cp)) mapped += ' ';
    else if (!inRanges(TABLE_B_1, cp)) mapped += ch;
  }
  const output = mapped.normalize('NFKC');
  const codePoints = Array.from(output, (ch) => ch.codePointAt(0) ?? 0);
  for (const cp of codePoints) {
    for (const [table, { ranges }] of Object.entries(SASLPREP_PROHIBITED)) {
      if (inRanges(ranges, cp)) throw new SaslprepError(cp, table as SaslprepProhibitedTable);
    }
  }
  checkBidi(codePoints);
  return output;
}

/** RFC 3454 §6. Only a string that contains a RandALCat character is constrained. */
function checkBidi(codePoints: readonly number[]): void {
  if (!codePoints.some((cp) => inRanges(TABLE_D_1, cp))) return;
  const ltr = codePoints.find((cp) => inRanges(TABLE_D_2, cp));
  if (ltr !== undefined) throw new SaslprepError(ltr, 'bidi-mixed');
  const first = codePoints[0] ?? 0;
  const last = codePoints[codePoints.length - 1] ?? 0;
  if (!inRanges(TABLE_D_1, first)) throw new SaslprepError(first, 'bidi-ends');
  if (!inRanges(TABLE_D_1, last)) throw new SaslprepError(last, 'bidi-ends');
}
