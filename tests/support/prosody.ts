// Test harness: a private Prosody (and coturn with `turn: true`) per call, on free loopback ports
// in a temporary folder. Built on src/stack, the same code `npm start` runs. docs/running.md has
// the API notes and the measured costs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startXmppStack } from '../../src/stack/index.js';
import type { XmppServerHandle } from './server-handle.js';

export interface ProsodyHandle extends XmppServerHandle {
  c2sPort: number;
  /**
   * SIGKILL to Prosody's process group, resolved once it is gone: a crash, no stream is closed and no
   * XEP-0198 session survives (Prosody keeps hibernating sessions in memory only).
   */
  kill(): Promise<void>;
  /** Starts Prosody again after kill(): the same config, data folder and ports. */
  revive(): Promise<void>;
}

const open = new Set<ProsodyHandle>();
let hooked = false;

export async function startProsody(
  opts: {
    turn?: boolean;
    users?: Array<[user: string, password: string]>;
    /** How long a cut XEP-0198 session hibernates (default 60 s). */
    smacksHibernationSeconds?: number;
  } = {},
): Promise<ProsodyHandle> {
  if (!hooked) {
    hooked = true;
    // src/stack kills the processes on 'exit'; this removes the folders too.
    process.on('exit', () => {
      for (const h of open) rmSync(h.dir, { recursive: true, force: true });
    });
  }
  const dir = mkdtempSync(`${tmpdir()}/jb-prosody-`);
  let stack;
  try {
    stack = await startXmppStack({
      dir,
      turn: opts.turn ?? false,
      smacksHibernationSeconds: opts.smacksHibernationSeconds ?? 60,
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const s = stack;
  let stopped = false;
  const handle: ProsodyHandle = {
    domain: s.prosody.domain,
    componentDomain: s.prosody.componentDomain,
    componentSecret: s.prosody.componentSecret,
    c2sPort: s.prosody.c2sPort,
    httpPort: s.prosody.httpPort,
    componentPort: s.prosody.componentPort,
    wsUrl: s.wsUrl,
    ...(s.coturn ? { turn: { host: s.coturn.host, port: s.coturn.port, secret: s.coturn.secret } } : {}),
    dir,
    pids: s.pids,
    register: async (user, password) => s.register(user, password),
    makeContacts: async (a, b) => s.makeContacts(a, b),
    restart: () => s.restartProsody(),
    async kill() {
      const { prosody } = s.services();
      try {
        process.kill(-prosody.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await prosody.exited;
    },
    async revive() {
      await s.respawn('Prosody');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      open.delete(handle);
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  open.add(handle);
  try {
    for (const [user, password] of opts.users ?? []) await handle.register(user, password);
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}
