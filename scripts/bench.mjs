#!/usr/bin/env node
// `npm run bench [-- NAME... [--OPTION...]]`: runs every bench/*.ts with `npx tsx`, one after the
// other (they time things: never in parallel on our 2 cores). A bare NAME keeps only the files whose
// name contains it (`npm run bench -- translate`); arguments starting with "-" go to every bench
// (`npm run bench -- translate --time=500`). Exits 1 if any bench failed; see docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('-'));
const passThrough = args.filter((a) => a.startsWith('-'));

const files = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
  .sort();
if (files.length === 0) {
  console.error(`bench: no bench/*.ts matches ${filters.map((f) => `"${f}"`).join(', ')}`);
  process.exit(1);
}

const failed = [];
for (const file of files) {
  console.log(`\n## bench/${file}\n`);
  const r = spawnSync('npx', ['tsx', `bench/${file}`, ...passThrough], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nbench: failed: ${failed.join(', ')}`);
  process.exit(1);
}
