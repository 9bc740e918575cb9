// Debian's redis-server on loopback for the shared single-use link state of the component instances
// of `npm start -- --cluster N` and tests/support/ejabberd-cluster.ts (docs/scaling.md, "State").
// No persistence: the store lives as long as the stack, like the rest of the runtime state.
import { chmodSync, mkdirSync } from 'node:fs';
import { chownTree } from './users.js';
import { startService, type RunningService } from './service.js';
import { serviceUser } from './users.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

export async function startRedis(o: { dir: string; host: string; port: number }): Promise<RunningService> {
  mkdirSync(o.dir, { recursive: true });
  chmodSync(o.dir, 0o755);
  const user = serviceUser('redis');
  chownTree(o.dir, user);
  return startService({
    name: 'redis-server',
    command: REDIS_SERVER,
    // Arguments instead of a config file; `protected-mode` stays on (loopback only anyway).
    args: [
      '--bind',
      o.host,
      '--port',
      String(o.port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      o.dir,
      '--logfile',
      '',
    ],
    ...(user ? { user } : {}),
    cwd: o.dir,
    outputFile: `${o.dir}/redis.out`,
    readyPorts: [{ host: o.host, port: o.port }],
  });
}
