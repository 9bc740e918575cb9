// The bridge component process (built by src/component into dist/component/main.js), started when
// it exists. Its settings travel as JB_COMPONENT_* variables (docs/running.md lists them).
import { existsSync } from 'node:fs';
import { PACKAGE_ROOT } from './prosodyConfig.js';
import type { ProsodySettings } from './prosodyConfig.js';
import { startService } from './service.js';
import type { RunningService } from './service.js';

export const COMPONENT_MAIN = `${PACKAGE_ROOT}dist/component/main.js`;

export function componentEnv(p: ProsodySettings): Record<string, string> {
  return {
    JB_COMPONENT_SERVICE: `xmpp://${p.host}:${p.componentPort}`,
    JB_COMPONENT_HOST: p.host,
    JB_COMPONENT_PORT: String(p.componentPort),
    JB_COMPONENT_DOMAIN: p.componentDomain,
    JB_COMPONENT_ECHO_BIND: p.host,
    JB_COMPONENT_SECRET: p.componentSecret,
    JB_XMPP_DOMAIN: p.domain,
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
  const service = await startService({
    name: 'bridge component',
    command: process.execPath,
    args: [COMPONENT_MAIN],
    cwd: PACKAGE_ROOT,
    env: componentEnv(p),
    outputFile: logFile,
    readyPorts: [],
  });
  return { service, note: `running (pid ${service.pid}, log ${logFile})` };
}
