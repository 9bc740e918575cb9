#!/usr/bin/env node
// `npm run bench [-- NAME... [--OPTION...]]`: runs every bench/*.ts with `npx tsx`, one after the
// other (they time things: never in parallel on our 2 cores). `bench/X-part.ts` beside `bench/X.ts`
// is a module of benchmark X, not a benchmark. A bare NAME keeps only the benchmarks whose name
// contains it (`npm run bench -- translate`); arguments starting with "-" go to every bench
// (`npm run bench -- translate --time=500`). Exits 1 if any bench failed; see docs/benchmarks.md.
//
// The call-setup and component benchmarks start browsers and servers, which must stay on loopback:
// as root we re-run ourselves in a network namespace that has only `lo`, like scripts/test.mjs.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { reexecInLoopbackNamespace } from './netns.mjs';

reexecInLoopbackNamespace('scripts/bench.mjs');

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('-'));
const passThrough = args.filter((a) => a.startsWith('-'));

const all = readdirSync('bench').filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const isPart = (f) => all.some((other) => other !== f && f.startsWith(`${other.slice(0, -3)}-`));
const files = all
  .filter((f) => !isPart(f))
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
