#!/usr/bin/env node
// `npm run fuzz -- [--count N] [--seed N] [--target client|component] [--every N]`: the long wire-fuzz
// run (scripts/fuzz.ts, docs/reliability.md). It starts Prosody, Chromium and the component, which must
// stay on loopback: as root we re-run ourselves in a network namespace that has only `lo`, like
// scripts/test.mjs and scripts/bench.mjs.
import { spawnSync } from 'node:child_process';
import { reexecInLoopbackNamespace } from './netns.mjs';

reexecInLoopbackNamespace('scripts/fuzz.mjs');

const r = spawnSync('npx', ['tsx', 'scripts/fuzz.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
