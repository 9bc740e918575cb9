// Running `npm start` (scripts/start.mjs) as a subprocess for the stack tests: a private runtime
// folder, free ports, and what it left running afterwards.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { until } from './stack-helpers.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const START = `${ROOT}scripts/start.mjs`;
const dirs: string[] = [];
const children: ChildProcess[] = [];

export function tmp(): string {
  const d = mkdtempSync(`${tmpdir()}/jb-start-`);
  chmodSync(d, 0o755);
  dirs.push(d);
  return d;
}

/** Kills what is still running and removes the folders (afterAll). */
export function cleanUp(): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

/** Every port 0 (free), TURN on unless asked otherwise, runtime in a private folder. */
export function env(runtime: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JB_RUNTIME: runtime,
    JB_C2S_PORT: '0',
    JB_HTTP_PORT: '0',
    JB_COMPONENT_PORT: '0',
    JB_TURN_PORT: '0',
    JB_WEB_PORT: '0',
    JB_NO_INSTALL: '1',
    JB_SKIP_BUILD: '1',
    ...extra,
  };
}

export function run(args: string[], e: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [START, ...args], { env: e, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Processes still running whose command line names `dir` (Prosody, coturn), read from /proc. */
export function leftovers(dir: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
    .map((p) => {
      try {
        return `${p} ${readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}`;
      } catch {
        return ''; // exited meanwhile
      }
    })
    .filter((line) => line.includes(dir));
}

/** Runs npm start on `runtime` until it says it is ready (or exits); `out()` is everything it printed. */
export async function startUntilReady(runtime: string, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [START], {
    env: env(runtime, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let printed = '';
  child.stdout?.on('data', (d: Buffer) => (printed += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (printed += d.toString()));
  await until(
    () => printed.includes('Press Ctrl-C to stop.') || child.exitCode !== null,
    'npm start ready',
    30_000,
  );
  return { child, out: () => printed };
}
