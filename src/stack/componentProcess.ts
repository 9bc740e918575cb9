// The bridge component process (built by src/component into dist/component/main.js), started when
// it exists. Its settings travel as JB_COMPONENT_* variables (docs/running.md lists them).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { PACKAGE_ROOT } from './prosodyConfig.js';
import type { ProsodySettings } from './prosodyConfig.js';
import { startService } from './service.js';
import type { RunningService } from './service.js';

export const COMPONENT_MAIN = `${PACKAGE_ROOT}dist/component/main.js`;

export function componentEnv(p: ProsodySettings): Record<string, string> {
  return {
    // The names src/component/config.ts reads (docs/component.md, settings table).
    JB_COMPONENT_XMPP_HOST: p.host,
    JB_COMPONENT_XMPP_PORT: String(p.componentPort),
    JB_COMPONENT_DOMAIN: p.componentDomain,
    JB_COMPONENT_SECRET: p.componentSecret,
    JB_COMPONENT_USER_DOMAIN: p.domain,
    JB_COMPONENT_ECHO_BIND: p.host,
    // Prosody 0.12 answers XEP-0215 from a component with <forbidden/>, so the component mints the
    // guests' TURN credentials itself from coturn's secret (docs/component.md "ICE servers for guests").
    ...(p.turn
      ? {
          JB_COMPONENT_TURN_SERVER: `${p.turn.host.includes(':') ? `[${p.turn.host}]` : p.turn.host}:${p.turn.port}`,
          JB_COMPONENT_TURN_SECRET: p.turn.secret,
        }
      : {}),
  };
}

export async function startComponentProcess(
  p: ProsodySettings,
  logFile: string,
): Promise<{ service: RunningService | undefined; note: string }> {
  if (!existsSync(COMPONENT_MAIN)) {
    return {
      service: undefined,
      note: 'process not built yet (no dist/component/main.js); Prosody accepts it when it connects',
    };
  }
  const offset = existsSync(logFile) ? statSync(logFile).size : 0;
  const service = await startService({
    name: 'bridge component',
    command: process.execPath,
    args: [COMPONENT_MAIN],
    cwd: PACKAGE_ROOT,
    env: componentEnv(p),
    outputFile: logFile,
    readyPorts: [],
  });
  // "Ready" must mean echo@ and call links work: wait for the XEP-0114 handshake, which the component
  // logs (src/component/bridge.ts), not just for the process to exist.
  const connected = await logShows(logFile, offset, 'connected to ', CONNECT_WAIT_MS);
  const state = connected ? 'connected' : `started, not connected after ${CONNECT_WAIT_MS / 1000} s`;
  return { service, note: `${state} (pid ${service.pid}, log ${logFile})` };
}

const CONNECT_WAIT_MS = 10_000;

async function logShows(file: string, offset: number, text: string, timeoutMs: number): Promise<boolean> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (existsSync(file) && readFileSync(file, 'utf8').slice(offset).includes(text)) return true;
    await sleep(50);
  }
  return false;
}
