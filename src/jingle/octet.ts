// i;octet (RFC 4790 §9.3): the order of UTF-8 bytes, which equals code point order (UTF-8 keeps it),
// while JS `<` compares UTF-16 units and puts U+10000 before U+FFFF. XEP-0115 §5.1 sorts the caps
// verification string with it, XEP-0166 §7.2.16 breaks session-initiate ties with it.
export function octetCompare(a: string, b: string): number {
  const x = Array.from(a, (ch) => ch.codePointAt(0) ?? 0);
  const y = Array.from(b, (ch) => ch.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
}
