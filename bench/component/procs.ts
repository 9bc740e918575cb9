// What bench/component/main.ts reads about processes and the machine: CPU time and RSS of another process
// from /proc (so the component's and Prosody's costs are measured separately from ours), open-file
// limits, and the loopback-only check that every run starts with.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, networkInterfaces } from 'node:os';

/**
 * Refuses to run outside a loopback-only network namespace (docs/reference/test-environment.md §1): the bench opens
 * thousands of sockets and starts servers, and none of them may touch a real interface.
 */
export function assertLoopbackOnly(): void {
  const outside = Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
    (addresses ?? []).filter((a) => !a.internal).map((a) => `${name} ${a.address}`),
  );
  if (outside.length === 0) return;
  console.error(
    `bench/component: refusing to run: non-loopback interfaces exist (${outside.join(', ')}).\n` +
      "Run it in a loopback-only namespace: unshare --net sh -c 'ip link set lo up && exec npx tsx bench/component/main.ts'",
  );
  process.exit(2);
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time of `pid` in milliseconds (proc(5): fields 14 and 15 of /proc/<pid>/stat). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`cannot read CPU time from /proc/${pid}/stat`);
  return (ticks * 1000) / CLK_TCK;
}

/** Resident set size of `pid` in bytes (VmRSS in /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

/** Soft limit on open files of `pid` ("Max open files" in /proc/<pid>/limits). */
export function openFileLimit(pid: number): number {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  if (m === null) throw new Error(`no open-file limit in /proc/${pid}/limits`);
  return m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/**
 * Makes sure `pid` may open `needed` files, raising soft and hard limit with prlimit(1) if not (root
 * may raise the hard limit). Returns the limit in force afterwards.
 */
export function ensureOpenFiles(pid: number, needed: number): number {
  const now = openFileLimit(pid);
  if (now >= needed) return now;
  execFileSync('prlimit', [`--pid=${pid}`, `--nofile=${needed}:${needed}`]);
  const after = openFileLimit(pid);
  if (after < needed) throw new Error(`pid ${pid} may open only ${after} files, the bench needs ${needed}`);
  return after;
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  node: string;
  prosody: string;
}

export function machine(): Machine {
  let prosody = 'unknown';
  try {
    // Never `prosody --version`: it starts a server with the system config (docs/reference/test-environment.md §4).
    prosody = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'prosody'], { encoding: 'utf8' }).trim();
  } catch {
    // Reported as unknown.
  }
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    prosody,
  };
}

/** A running total of CPU time for several processes, read before and after each phase. */
export function cpuSnapshot(pids: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) out[name] = cpuMs(pid);
  const self = process.cpuUsage();
  out['bench'] = (self.user + self.system) / 1000;
  return out;
}

export function cpuDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) out[k] = v - (before[k] ?? 0);
  return out;
}
