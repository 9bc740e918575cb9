// A bridge component configured for one test's private Prosody (tests/support/prosody.ts).
import { createBridgeComponent, type BridgeComponent, type Logger } from '../../src/component/bridge.js';
import { attachCallLayer, weriftEchoFactory, type EchoLimits } from '../../src/component/calls/index.js';
import type { ComponentConfig } from '../../src/component/config.js';
import type { ProsodyHandle } from './prosody.js';

/** For tests that assert on behaviour, not on log lines. */
export const QUIET: Logger = { info: () => {}, warn: () => {}, error: () => {} };

type Server = Pick<ProsodyHandle, 'componentPort' | 'componentDomain' | 'componentSecret' | 'domain'>;

/** Loopback everywhere, a fixed link key, generous rate limits; override what the test is about. */
export function componentConfig(h: Server, overrides: Partial<ComponentConfig> = {}): ComponentConfig {
  return {
    xmppHost: '127.0.0.1',
    xmppPort: h.componentPort,
    domain: h.componentDomain,
    secret: h.componentSecret,
    userDomain: h.domain,
    http: { host: '127.0.0.1', port: 0 },
    publicUrl: 'http://guest.test',
    linkKey: Buffer.from('test-link-key-of-32-bytes-long!!'),
    connLimit: { capacity: 50, periodMs: 600_000 },
    callLimit: { capacity: 50, periodMs: 600_000 },
    ringTimeoutMs: 60_000,
    ...overrides,
  };
}

/**
 * A started bridge with its call layer wired as src/component/main.ts does it: echo media on
 * 127.0.0.1 only, and the ring timeout of the config.
 */
export async function startCallBridge(
  h: Server,
  opts: {
    config?: Partial<ComponentConfig>;
    echo?: EchoLimits;
    keyframeIntervalMs?: number;
    log?: Logger;
  } = {},
): Promise<BridgeComponent> {
  const log = opts.log ?? QUIET;
  const config = componentConfig(h, opts.config);
  const bridge = createBridgeComponent(config, log);
  attachCallLayer(bridge, log, {
    echo: opts.echo ?? { maxCalls: 4, maxCallMs: 300_000 },
    media: weriftEchoFactory({
      bindAddress: '127.0.0.1',
      ...(opts.keyframeIntervalMs === undefined ? {} : { keyframeIntervalMs: opts.keyframeIntervalMs }),
    }),
    ringTimeoutMs: config.ringTimeoutMs,
  });
  await bridge.start();
  return bridge;
}
