// Bundle budget for the translator in a browser (docs/benchmarks.md "Bundle size"): esbuild bundles
// the translator's public functions with their dependencies (sdp-transform, ltx), minified ESM for
// the browser, then node:zlib gzips it at level 9. Budget (issue #2): 15 KiB gzipped; exits 1 over
// it. The whole core (translator plus the session and JMI engines) is reported without a budget.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET = 15 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));

interface Entry {
  name: string;
  contents: string;
  budget?: number;
}
const ENTRIES: Entry[] = [
  {
    name: 'translator (sdpToJingle, jingleToSdp, candidate helpers, JingleParseError)',
    contents:
      'export { sdpToJingle, jingleToSdp, candidateToJingle, candidatesFromJingle, JingleParseError }' +
      " from './src/jingle/index.js';",
    budget: BUDGET,
  },
  { name: 'src/jingle/index.ts (whole core)', contents: "export * from './src/jingle/index.js';" },
];

async function measure(entry: Entry) {
  const result = await build({
    stdin: { contents: entry.contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0];
  // Heaviest packages/folders in the minified output, to show where a budget overrun comes from.
  const byPart = new Map<string, number>();
  for (const [path, info] of Object.entries(output?.inputs ?? {})) {
    const part = path.startsWith('node_modules/')
      ? path.split('/').slice(0, 2).join('/')
      : path.split('/').slice(0, 3).join('/');
    byPart.set(part, (byPart.get(part) ?? 0) + info.bytesInOutput);
  }
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, byPart };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

let overBudget = false;
console.log('| entry | minified | gzip (level 9) | budget |');
console.log('|---|---:|---:|---|');
const parts: string[] = [];
for (const entry of ENTRIES) {
  try {
    const m = await measure(entry);
    const verdict =
      entry.budget === undefined
        ? 'none'
        : `${m.gzip <= entry.budget ? 'PASS' : 'FAIL'} (<= ${kib(entry.budget)})`;
    if (entry.budget !== undefined && m.gzip > entry.budget) overBudget = true;
    console.log(`| ${entry.name} | ${kib(m.minified)} | ${kib(m.gzip)} | ${verdict} |`);
    const sorted = [...m.byPart].sort((a, b) => b[1] - a[1]);
    parts.push(`${entry.name}: ${sorted.map(([p, n]) => `${p} ${kib(n)}`).join(', ')}`);
  } catch (err) {
    overBudget = true;
    console.log(`| ${entry.name} | n/a | n/a | FAIL: ${(err as Error).message.split('\n')[0]} |`);
  }
}
console.log('');
for (const p of parts) console.log(`minified bytes by part: ${p}`);
process.exitCode = overBudget ? 1 : 0;
