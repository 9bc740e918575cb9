// Runs the compiled CLI the way users do (`node dist/cli/main.js`), after building it once.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = `${ROOT}dist/cli/main.js`;

const LOCK = `${ROOT}dist/.cli-test-build.lock`;
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * tsc -b of the cli project (and the jingle project it references); throws with tsc's output.
 * Test files run in parallel workers: the first takes a lock directory (mkdir is atomic) and
 * builds; the others wait for it to go, so none runs main.js while tsc is rewriting it.
 */
export function buildCli(): void {
  mkdirSync(`${ROOT}dist`, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock !== undefined && Date.now() - lock.mtimeMs > 180_000)
        rmSync(LOCK, { recursive: true, force: true });
      sleep(100);
    }
  }
  try {
    const r = spawnSync('npx', ['tsc', '-b', 'src/cli/tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building the CLI failed:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: readonly string[], stdin = ''): CliResult {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, input: stdin, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
