// Bundle budget for the pure core in a browser (docs/benchmarks.md "Bundle size"): esbuild bundles
// src/jingle/index.ts with its dependencies (sdp-transform, ltx), minified ESM for the browser,
// then node:zlib gzips it at level 9. Budget: 15 KiB gzipped. Exits 1 when over budget.
// A second entry exporting only sdpToJingle/jingleToSdp shows what tree-shaking leaves for an app
// that needs just the translator.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET = 15 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));

interface Entry {
  name: string;
  contents: string;
}
const ENTRIES: Entry[] = [
  { name: 'src/jingle/index.ts (whole core)', contents: "export * from './src/jingle/index.js';" },
  {
    name: 'sdpToJingle + jingleToSdp only',
    contents: "export { sdpToJingle, jingleToSdp } from './src/jingle/index.js';",
  },
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
    const verdict = m.gzip <= BUDGET ? 'PASS' : 'FAIL';
    if (entry === ENTRIES[0] && m.gzip > BUDGET) overBudget = true;
    console.log(`| ${entry.name} | ${kib(m.minified)} | ${kib(m.gzip)} | ${verdict} (<= ${kib(BUDGET)}) |`);
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
