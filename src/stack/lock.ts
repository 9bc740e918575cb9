// One `npm start` per runtime folder: a second one would overwrite the first one's config and
// secrets under its running servers.
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';

export class StackLockedError extends Error {
  override readonly name = 'StackLockedError';
  constructor(
    readonly pid: number,
    readonly file: string,
  ) {
    super(
      `another npm start (pid ${pid}) is already running with this runtime folder (${file}).\n` +
        `Stop it with Ctrl-C in its terminal or \`kill ${pid}\`, or use --runtime DIR and other ports to run a second one.`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws StackLockedError; a lock left by a dead process is taken over. */
export function acquireLock(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
        } catch {
          // Already removed.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new StackLockedError(pid, file);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the lock ${file}`);
}
