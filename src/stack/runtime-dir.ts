// Where `npm start` keeps its runtime folder. Prosody and coturn run as their own users, which must
// be able to reach the folder: a clone under /root (mode 0700) is not reachable, so the default
// then moves to /var/tmp, and an explicit --runtime there is refused with the reason.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isRoot } from './users.js';

/** The first ancestor of `dir` that other users cannot traverse, if any. */
export function blockingAncestor(dir: string): string | undefined {
  for (let d = dirname(resolve(dir)); ; d = dirname(d)) {
    try {
      if ((statSync(d).mode & 0o001) === 0) return d;
    } catch {
      // Not created yet: mkdir makes it 0755.
    }
    if (d === dirname(d)) return undefined;
  }
}

export type RuntimeChoice = { dir: string; note?: string } | { error: string };

export function chooseRuntimeDir(requested: string | undefined, packageRoot: string): RuntimeChoice {
  const dir = resolve(requested ?? `${packageRoot}runtime`);
  const blocked = isRoot() ? blockingAncestor(dir) : undefined;
  if (!blocked) return { dir };
  if (requested !== undefined) {
    return {
      error:
        `the runtime folder ${dir} is inside ${blocked}, which the prosody and turnserver users cannot enter.\n` +
        `Use --runtime with a folder they can reach (e.g. /var/tmp/jingle-bridge), or \`chmod o+x ${blocked}\`.`,
    };
  }
  const id = createHash('sha256').update(packageRoot).digest('hex').slice(0, 8);
  const fallback = `/var/tmp/jingle-bridge-${id}`;
  return { dir: fallback, note: `runtime folder is ${fallback}: ${blocked} is closed to the prosody user` };
}
