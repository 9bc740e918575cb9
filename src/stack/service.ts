// One server process we started: spawned in its own process group (so a terminal's Ctrl-C reaches
// only us and we stop things in order), as a service user when root, stopped by PID, and killed by
// a process 'exit' hook if our own process ends first.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { ServiceUser } from './users.js';

export interface ServiceSpec {
  name: string;
  command: string;
  args: readonly string[];
  user?: ServiceUser;
  cwd: string;
  env?: Record<string, string>;
  /** The service's own log, quoted when it fails. */
  logFile?: string;
  /** Where its stdout and stderr go. */
  outputFile: string;
  /** Ready when every one of these accepts a TCP connection. */
  readyPorts: ReadonlyArray<{ host: string; port: number }>;
  readyTimeoutMs?: number;
}

export interface RunningService {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (or null after a signal) when the process is gone. */
  readonly exited: Promise<number | null>;
  /** The same moment, with the signal that ended it (for "exited (signal SIGKILL)"). */
  readonly exitStatus: Promise<ExitStatus>;
  stop(): Promise<void>;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** "code 3" or "signal SIGKILL", as `npm start` prints it. */
export const describeExit = (e: ExitStatus): string =>
  e.signal !== null ? `signal ${e.signal}` : `code ${String(e.code)}`;

export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly logTail: string,
  ) {
    super(`${service} did not start: ${reason}${logTail ? `\nlast lines of its log:\n${logTail}` : ''}`);
  }
}

const SETPRIV = '/usr/bin/setpriv';
const live = new Set<number>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function tail(files: ReadonlyArray<string | undefined>, lines = 15): string {
  return files
    .filter((f): f is string => f !== undefined && existsSync(f))
    .map((f) => readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'))
    .filter((t) => t !== '')
    .join('\n');
}

export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startService(spec: ServiceSpec): Promise<RunningService> {
  hookExit();
  const out = openSync(spec.outputFile, 'a', 0o644);
  // setpriv (util-linux) sets PR_SET_PDEATHSIG after the uid switch and then execs the server, so
  // the server gets SIGTERM even if we die by SIGKILL or a test runner is killed mid-run, cases the
  // 'exit' hook cannot cover. Same PID, so stop() is unchanged.
  const [command, args] = existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'TERM', '--', spec.command, ...spec.args]]
    : [spec.command, spec.args];
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: spec.cwd, ...spec.env },
    stdio: ['ignore', out, out],
    detached: true,
    ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
  });
  closeSync(out);
  let exitCode: number | null | undefined;
  const spawned = new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? -1));
    child.once('error', reject);
  });
  const exitStatus = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code;
      if (child.pid !== undefined) live.delete(child.pid);
      resolve({ code, signal });
    });
  });
  const exited = exitStatus.then((e) => e.code);
  let pid: number;
  try {
    pid = await spawned;
  } catch (e) {
    throw new ServiceStartError(spec.name, `could not run ${spec.command}: ${(e as Error).message}`, '');
  }
  live.add(pid);
  const stop = async () => {
    if (exitCode !== undefined) return;
    killGroup(pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 5000))),
    ]);
    clearTimeout(timer); // a pending timer would keep a finished `npm start` alive
    if (!done) {
      killGroup(pid, 'SIGKILL');
      await exited;
    }
  };

  const deadline = Date.now() + (spec.readyTimeoutMs ?? 15_000);
  for (;;) {
    if (exitCode !== undefined) {
      throw new ServiceStartError(
        spec.name,
        `it exited with code ${exitCode}`,
        tail([spec.logFile, spec.outputFile]),
      );
    }
    const ready = await Promise.all(spec.readyPorts.map((p) => canConnect(p.host, p.port)));
    if (ready.every(Boolean)) break;
    if (Date.now() > deadline) {
      await stop();
      const ports = spec.readyPorts.map((p) => p.port).join(', ');
      throw new ServiceStartError(
        spec.name,
        `port(s) ${ports} not open after ${spec.readyTimeoutMs ?? 15_000} ms`,
        tail([spec.logFile, spec.outputFile]),
      );
    }
    await sleep(25);
  }
  return { name: spec.name, pid, exited, exitStatus, stop };
}
