#!/usr/bin/env node
// `npm start`: builds what it needs (incremental `tsc -b`, only when dist/ is missing or older than
// src/), then hands over to dist/stack/main.js. docs/running.md describes the whole stack.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}dist/stack/main.js`;

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

// tsc -b rewrites a project's .tsbuildinfo whenever it builds it (errors included), so a project is
// stale when one of its sources is newer than that file.
const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
const stale = ['stack', 'component', 'jingle'].some(
  (p) => existsSync(`${root}src/${p}`) && newest(`${root}src/${p}`) > mtime(`${root}dist/${p}.tsbuildinfo`),
);
// JB_SKIP_BUILD=1: use dist/ as it is (the stack tests build once, not once per subprocess).
if (!existsSync(entry) || (stale && process.env.JB_SKIP_BUILD !== '1')) {
  console.log('building (tsc -b tsconfig.build.json)…');
  const tsc = spawnSync(
    process.execPath,
    [`${root}node_modules/typescript/bin/tsc`, '-b', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) {
    if (!existsSync(entry)) {
      console.error('npm start: the build failed and dist/stack/main.js is missing; see the errors above.');
      process.exit(1);
    }
    console.error('npm start: the build reported errors (above); starting with what was built.');
  }
}

const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
