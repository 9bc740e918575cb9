// Starting coturn from a folder that holds its config (coturn-config.ts): the one place every stack
// starts it, `npm start` (single server and cluster) and the test harnesses alike.
import { mkdirSync, writeFileSync } from 'node:fs';
import { coturnPaths, renderCoturnConfig, type CoturnSettings } from './coturn-config.js';
import { startService, type RunningService } from './service.js';
import { chownTree, serviceUser } from './users.js';

/** A relay port range of 100 derived from the listening port, so parallel stacks do not collide. */
export function relayRange(port: number): { minRelayPort: number; maxRelayPort: number } {
  const base = 49152 + (port % 100) * 100;
  return { minRelayPort: base, maxRelayPort: base + 99 };
}

/** Writes `s`'s config into `s.dir` (created if missing). */
export function writeCoturnConfig(s: CoturnSettings): void {
  mkdirSync(s.dir, { recursive: true });
  writeFileSync(coturnPaths(s.dir).config, renderCoturnConfig(s));
}

/** Starts coturn on the config in `s.dir` as the turnserver user; resolves once it listens. */
export function startCoturn(s: CoturnSettings): Promise<RunningService> {
  const p = coturnPaths(s.dir);
  const user = serviceUser('turnserver');
  chownTree(s.dir, user);
  return startService({
    name: 'coturn',
    command: 'turnserver',
    args: ['-c', p.config],
    ...(user ? { user } : {}),
    cwd: s.dir,
    logFile: p.log,
    outputFile: `${s.dir}/turnserver.out`,
    readyPorts: [{ host: s.host, port: s.port }],
  });
}
