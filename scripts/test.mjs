#!/usr/bin/env node
// `npm test`: every check and every test, ending with one line `N passed, N failed, N skipped`.
//
// WebRTC peers gather candidates on every interface, and nothing we start may talk to anything but
// loopback, so when we are root we re-run ourselves inside a fresh network namespace that has only
// `lo` (docs/testing.md). Outside it (no root), tests that need WebRTC skip themselves and say why.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { reexecInLoopbackNamespace } from './netns.mjs';

// Debian packages first: apt needs the network the namespace does not have.
if (process.env.JB_NETNS !== '1') spawnSync('npx', ['tsx', 'scripts/test-packages.ts'], { stdio: 'inherit' });
reexecInLoopbackNamespace('scripts/test.mjs');

const checks = [
  ['build', ['npx', 'tsc', '-b', 'tsconfig.build.json']],
  ['typecheck tests', ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', ['npx', 'eslint', '.']],
  ['import structure', ['node', 'scripts/check-cycles.mjs']],
];
let failedChecks = 0;
for (const [name, [cmd, ...args]] of checks) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    failedChecks += 1;
    console.error(`check failed: ${name}`);
  }
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const vitest = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);

let passed = 0;
let failed = failedChecks;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  // A file that failed with no failed test (an import error, a failing hook) counts once.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed += r.numFailedTests + brokenFiles;
  skipped = r.numPendingTests + r.numTodoTests;
} else {
  failed += 1;
  console.error('vitest wrote no report');
}
if (vitest.status !== 0 && failed === failedChecks) failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
