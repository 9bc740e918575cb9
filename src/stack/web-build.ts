// Builds web/ with Vite when it exists and its output is older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tail } from './service.js';

export interface WebBuild {
  root: string | undefined;
  note: string;
}

function newest(dir: string, skip: ReadonlySet<string>): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(e.name)) continue;
    const p = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(p, skip) : statSync(p).mtimeMs);
  }
  return t;
}

export function buildWebApp(root: string, logFile: string, say: (line: string) => void): WebBuild {
  const config = `${root}web/vite.config.ts`;
  const dist = `${root}web/dist`;
  if (!existsSync(config))
    return { root: undefined, note: 'the web app is not built yet (no web/vite.config.ts)' };
  const skip = new Set(['dist', 'node_modules']);
  const sources = Math.max(
    newest(`${root}web`, skip),
    newest(`${root}src/client`, skip),
    newest(`${root}src/jingle`, skip),
  );
  const built = existsSync(`${dist}/index.html`) ? statSync(`${dist}/index.html`).mtimeMs : 0;
  if (built < sources) {
    say('building the web app (vite build)…');
    const r = spawnSync('npx', ['vite', 'build', '--config', config, '--logLevel', 'warn'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) {
      writeFileSync(logFile, `${r.stdout}\n${r.stderr}`);
      return { root: undefined, note: `the web app failed to build; see ${logFile}:\n${tail([logFile])}` };
    }
  }
  return existsSync(`${dist}/index.html`)
    ? { root: dist, note: '' }
    : { root: undefined, note: 'vite build produced no web/dist/index.html' };
}
