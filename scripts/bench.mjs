#!/usr/bin/env node
// `npm run bench [-- NAME... [--OPTION...]]`: runs every benchmark with `npx tsx`, one after the
// other (they time things: never in parallel on our 2 cores). A benchmark is a bench/X.ts or a
// folder bench/X/ whose entry is main.ts (its other files are its modules); `bench/X-part.ts`
// beside `bench/X.ts` is a module of benchmark X, and bench/stats.ts is shared by all of them.
// A bare NAME keeps only the benchmarks whose name
// contains it (`npm run bench -- translate`); arguments starting with "-" go to every bench
// (`npm run bench -- translate --time=500`). Exits 1 if any bench failed; see docs/benchmarks.md.
//
// The call-setup and component benchmarks start browsers and servers, which must stay on loopback:
// as root we re-run ourselves in a network namespace that has only `lo`, like scripts/test.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { reexecInLoopbackNamespace } from './netns.mjs';

reexecInLoopbackNamespace('scripts/bench.mjs');

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('-'));
const passThrough = args.filter((a) => a.startsWith('-'));

const SHARED = new Set(['stats.ts']);
const entries = readdirSync('bench', { withFileTypes: true });
const all = entries
  .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !SHARED.has(e.name))
  .map((e) => e.name);
const isPart = (f) => all.some((other) => other !== f && f.startsWith(`${other.slice(0, -3)}-`));
const folders = entries
  .filter((e) => e.isDirectory() && existsSync(`bench/${e.name}/main.ts`))
  .map((e) => `${e.name}/main.ts`);
const files = [...all.filter((f) => !isPart(f)), ...folders]
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
