// sdp-transform's parse() (lib/parser.js, 3.x) with the same result and less work. It tries the
// `a=` rules of its grammar one by one, in order, and the first whose regex matches wins, so a
// candidate line is tested against ~25 regexes before its own. Every rule's regex starts with a
// literal (`^rtpmap:`, `^(sendrecv|recvonly|…)`), so a rule whose literal cannot begin a line
// cannot match it: we skip those and run the others, same regexes, same order. Which rules are
// skipped is derived from the grammar itself when this module loads (literalPrefixes below), never
// written by hand. tests/unit/jingle/fast-parse.test.ts proves deep equality with parse() on every
// fixture and on generated lines; docs/sdp-mapping.md ("Parsing") has the argument.
// @ts-expect-error -- sdp-transform publishes no types for lib/grammar.js; GrammarRule below is its shape.
import grammarJs from 'sdp-transform/lib/grammar.js';
import type { SessionDescription } from 'sdp-transform';

interface GrammarRule {
  name?: string;
  push?: string;
  reg: RegExp;
  names?: string[];
}
type Loc = Record<string, unknown>;

const GRAMMAR = new Map(Object.entries(grammarJs as Record<string, GrammarRule[]>));
const A_RULES = GRAMMAR.get('a') ?? [];

/** Whether `src` has a `|` outside any group or class: then no literal starts every match. */
function topLevelAlternation(src: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

const LITERAL = /^[\w:= -]$/;
const ALTERNATIVES = /^\^\(([\w-]+(?:\|[\w-]+)*)\)(?![*?{])/;

/**
 * Strings one of which every match of `reg` starts with; [''] (matches may start anyhow) when
 * that cannot be read off the source. Sound for the shapes it accepts: `^` then literal
 * characters (one followed by `*`, `?` or `{` is optional, so it is dropped), or `^` then a
 * group of plain-word alternatives that is not itself optional; no flags, no top-level `|`.
 */
export function literalPrefixes(reg: RegExp): string[] {
  const src = reg.source;
  if (reg.flags !== '' || !src.startsWith('^') || topLevelAlternation(src)) return [''];
  const alts = ALTERNATIVES.exec(src);
  if (alts?.[1] !== undefined) return alts[1].split('|');
  let end = 1;
  while (end < src.length && LITERAL.test(src[end] as string)) end++;
  const next = src[end];
  if (next === '*' || next === '?' || next === '{') end--;
  return [src.slice(1, Math.max(1, end))];
}

/** A line's dispatch key: its body up to and including the first `:`, or the whole body. */
function keyOf(body: string): string {
  const colon = body.indexOf(':');
  return colon < 0 ? body : body.slice(0, colon + 1);
}

/**
 * The rules that may match a body with this key. With a colon the body is `key` + anything, so a
 * literal may lie within the key or extend past it; without one the body is exactly the key.
 */
function rulesFor(key: string, prefixes: string[][]): GrammarRule[] {
  const open = key.endsWith(':');
  return A_RULES.filter((_, i) =>
    (prefixes[i] ?? ['']).some((p) => key.startsWith(p) || (open && p.startsWith(key))),
  );
}

/** For every key a literal in the grammar implies; a body with any other key tries all rules. */
const A_BY_KEY: ReadonlyMap<string, GrammarRule[]> = (() => {
  const prefixes = A_RULES.map((r) => literalPrefixes(r.reg));
  const keys = new Set(
    prefixes
      .flat()
      .filter((p) => p !== '')
      .map(keyOf),
  );
  return new Map([...keys].map((k) => [k, rulesFor(k, prefixes)]));
})();

/** The rules tried, in grammar order, for one body of an `a=` line. */
export function attributeRules(body: string): readonly GrammarRule[] {
  return A_BY_KEY.get(keyOf(body)) ?? A_RULES;
}

/**
 * sdp-transform keeps a value as a number exactly when the number prints back as the same text.
 * A printed number starts with a digit, `-`, `I` (Infinity) or `N` (NaN): others skip Number().
 */
function toIntIfInt(v: string): string | number {
  const c = v.charCodeAt(0);
  if (!(c >= 48 && c <= 57) && c !== 45 && c !== 73 && c !== 78) return v;
  const n = Number(v);
  return String(n) === v ? n : v;
}

/** sdp-transform's parseReg + attachProperties: where the captures go and under which names. */
function store(rule: GrammarRule, loc: Loc, match: RegExpExecArray): void {
  const { name, push, names } = rule;
  if (push !== undefined && !loc[push]) loc[push] = [];
  else if (name !== undefined && names !== undefined && !loc[name]) loc[name] = {};
  const target: Loc =
    push !== undefined ? {} : names !== undefined && name !== undefined ? (loc[name] as Loc) : loc;
  if (names === undefined) {
    const v = match[1];
    if (name !== undefined) target[name] = v === undefined ? v : toIntIfInt(v);
  } else {
    for (let i = 0; i < names.length; i++) {
      const v = match[i + 1];
      if (v != null) target[names[i] as string] = toIntIfInt(v);
    }
  }
  if (push !== undefined) (loc[push] as Loc[]).push(target);
}

/** Deep-equal to sdp-transform's `parse(sdp)`, key order included. */
export function parseSdp(sdp: string): SessionDescription {
  if (typeof sdp !== 'string') throw new TypeError(`parseSdp: sdp must be a string, got ${typeof sdp}`);
  const session: Loc = {};
  const media: Loc[] = [];
  let loc = session;
  const n = sdp.length;
  for (let start = 0; start < n;) {
    // parse() splits at \r\n, \r and \n and drops empty pieces: the same as splitting at each \r or \n.
    let end = start;
    while (end < n && sdp.charCodeAt(end) !== 10 && sdp.charCodeAt(end) !== 13) end++;
    // A line counts when it is `x=` with x in a-z (parser.js validLine).
    const type = sdp.charCodeAt(start);
    if (end - start >= 2 && type >= 97 && type <= 122 && sdp.charCodeAt(start + 1) === 61) {
      const letter = sdp[start] as string;
      const body = sdp.slice(start + 2, end);
      if (letter === 'm') media.push((loc = { rtp: [], fmtp: [] }));
      const rules = letter === 'a' ? attributeRules(body) : (GRAMMAR.get(letter) ?? []);
      for (const rule of rules) {
        const match = rule.reg.exec(body);
        if (match !== null) {
          store(rule, loc, match);
          break;
        }
      }
    }
    start = end + 1;
  }
  session['media'] = media;
  return session as unknown as SessionDescription;
}
