// Numbers and Markdown tables for bench/component/main.ts; docs/benchmarks.md "Component" shows the output.

/** Fixed decimals with thousands separators; "–" for NaN/∞ (no data). */
export function num(n: number, decimals = 0): string {
  if (!Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export const kib = (bytes: number, decimals = 1): string => `${num(bytes / 1024, decimals)} KiB`;
export const mib = (bytes: number, decimals = 1): string => `${num(bytes / 1048576, decimals)} MiB`;

export const verdict = (pass: boolean): string => (pass ? '**PASS**' : '**FAIL**');

/** A GitHub Markdown table; `align` is 'l' or 'r' per column. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
