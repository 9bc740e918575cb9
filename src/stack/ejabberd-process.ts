// Processes and files of ejabberd nodes (tests/support/ejabberd.ts, ejabberd-cluster.ts): the user it runs as,
// and stopping the whole process group ejabberdctl leaves behind.
import { readFileSync } from 'node:fs';
import type { RunningService } from './service.js';
import type { ServiceUser } from './users.js';

/** ejabberdctl runs only as root (then via `su`, which would hide the PID) or as `ejabberd`. */
export function ejabberdUser(): ServiceUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('ejabberd:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error("system user 'ejabberd' does not exist");
  return { name: 'ejabberd', uid: Number(uid), gid: Number(gid) };
}

const alive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * ejabberdctl's bash exits on SIGTERM at once while beam.smp (same process group) takes ~2.5 s to
 * shut down cleanly: wait for the whole group, then SIGKILL whatever is left of it.
 */
export async function stopGroup(service: RunningService | undefined): Promise<void> {
  if (!service) return;
  await service.stop();
  for (const end = Date.now() + 8000; alive(service.pid) && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (alive(service.pid)) process.kill(-service.pid, 'SIGKILL');
}
