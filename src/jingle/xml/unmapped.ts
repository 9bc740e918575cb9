// Re-renders sdp-transform fields that no mapping row consumes, so they can travel verbatim in
// <attribute/> (ns.ts NS_JINGLE_BRIDGE_SDP_0). The grammar is sdp-transform's own, so
// parse(render(x)) === x holds exactly where sdp-transform's own round trip holds.
// @ts-expect-error -- sdp-transform publishes no types for lib/grammar.js; GrammarRule below is its shape.
import grammarJs from 'sdp-transform/lib/grammar.js';

interface GrammarRule {
  name?: string;
  push?: string;
  reg: RegExp;
  names?: string[];
  format: string | ((o: Record<string, unknown>) => string);
}
const grammar = grammarJs as Record<string, GrammarRule[]>;

const A_RULES = new Map<string, GrammarRule>();
for (const rule of grammar['a'] ?? []) {
  const key = rule.push ?? rule.name;
  if (key !== undefined && key !== 'invalid') A_RULES.set(key, rule);
}

/** Non-`a=` session fields we carry: i= u= e= p= z= r= (sdp-transform name -> SDP letter). */
export const LETTER_OF: Readonly<Record<string, string>> = {
  description: 'i',
  uri: 'u',
  email: 'e',
  phone: 'p',
  timezones: 'z',
  repeats: 'r',
};

const FORMAT_RE = /%[sdv%]/g;

function render(rule: GrammarRule, value: unknown): string {
  const loc = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const fmt = typeof rule.format === 'function' ? rule.format(loc) : rule.format;
  const args: unknown[] = rule.names ? rule.names.map((n) => loc[n]) : [value];
  let i = 0;
  return fmt.replace(FORMAT_RE, (x) => {
    if (x === '%%') return '%';
    if (i >= args.length) return x;
    const arg = args[i++];
    return x === '%v' ? '' : x === '%d' ? String(Number(arg)) : String(arg);
  });
}

/** `a=` bodies (text after `a=`) for one unmapped sdp-transform field; [] when the key is unknown. */
export function renderAttribute(key: string, value: unknown): string[] {
  if (key === 'invalid') return (value as { value: string }[]).map((v) => String(v.value));
  const rule = A_RULES.get(key);
  if (rule === undefined) return [];
  if (rule.push !== undefined) return (value as unknown[]).map((v) => render(rule, v));
  return [render(rule, value)];
}

/** Splits `name:value` at the first colon (RFC 8866 §5.13 attribute syntax). */
export function splitAttribute(body: string): [string, string | undefined] {
  const c = body.indexOf(':');
  return c < 0 ? [body, undefined] : [body.slice(0, c), body.slice(c + 1)];
}
