// Numbers and Markdown tables for bench/component.ts; docs/benchmarks.md "Component" shows the output.

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

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
