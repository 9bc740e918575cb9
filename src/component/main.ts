#!/usr/bin/env node
// Entry point: `node dist/component/main.js [options]` (npm run component). Settings: --help.
import { createBridgeComponent, type Logger } from './bridge.js';
import { attachCallLayer, weriftEchoFactory } from './calls/index.js';
import { parseConfig } from './config.js';

const log: Logger = {
  info: (m) => console.log(`[component] ${m}`),
  warn: (m) => console.warn(`[component] warning: ${m}`),
  error: (m, err) => console.error(`[component] error: ${m}`, err ?? ''),
};

const parsed = parseConfig(process.argv.slice(2), process.env);
if (parsed.kind === 'help') {
  process.stdout.write(parsed.text);
  process.exit(0);
}
if (parsed.kind === 'error') {
  for (const e of parsed.errors) console.error(`jingle-bridge component: ${e}`);
  process.exit(2);
}
for (const w of parsed.warnings) log.warn(w);

const bridge = createBridgeComponent(parsed.config, log);
// Echo media binds and advertises one address: loopback unless JB_COMPONENT_ECHO_BIND names the
// address callers reach this host on (werift otherwise gathers on every interface).
const bind = process.env['JB_COMPONENT_ECHO_BIND'] || '127.0.0.1';
attachCallLayer(bridge, log, {
  echo: { maxCalls: parsed.config.echoMaxCalls ?? 4, maxCallMs: parsed.config.echoMaxCallMs ?? 300_000 },
  media: weriftEchoFactory({ bindAddress: bind }),
  ringTimeoutMs: parsed.config.ringTimeoutMs,
});
let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping`);
  bridge.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

bridge.start().catch((err: unknown) => {
  log.error('could not start', err instanceof Error ? err.message : err);
  process.exit(1);
});
