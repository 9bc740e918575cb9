// WebRTC peers gather candidates on every interface, and nothing we start may talk to anything but
// loopback (docs/testing.md). As root, re-run the calling script in a fresh network namespace that
// has only `lo`; it returns only when that is not possible or not needed.
import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';

export const onlyLoopback = () =>
  Object.values(networkInterfaces())
    .flat()
    .every((a) => a === undefined || a.internal);

/** Re-runs `node SCRIPT ...args` under `unshare --net` and exits with its status. */
export function reexecInLoopbackNamespace(script) {
  if (process.getuid?.() !== 0 || onlyLoopback() || process.env.JB_NETNS === '1') return;
  const r = spawnSync(
    'unshare',
    [
      '--net',
      'sh',
      '-c',
      `ip link set lo up && JB_NETNS=1 exec node ${script} "$@"`,
      'sh',
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  if (r.error === undefined) process.exit(r.status ?? 1);
  console.error(`could not enter a loopback-only network namespace (${r.error.message}); running here`);
}
