#!/usr/bin/env node
// `jingle-bridge` entry point (package.json "bin"). Usage and exit codes: docs/cli.md.
import { readInput } from './input.js';
import { run } from './run.js';

// `jingle-bridge … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// exitCode instead of process.exit(): a large translation written to a pipe must drain first.
process.exitCode = await run(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readInput,
});
